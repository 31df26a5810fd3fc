"""The command line end to end, on real generated returns (CliRunner)."""
import csv
import json
import os
import stat
import subprocess
import sys

import pytest
from openpyxl import load_workbook

from conftest import run_cli
from sample_data import BOARDS_2013
from samples import write_return

FIRST_COLUMNS = ["source_file", "round", "board", "partner", "topic", "function", "level", "text"]
FUNCTION_IDS = {"policy-strategy", "planning-commissioning", "contracting-delivery", "capacity-building",
                "learning-exchange"}


def run(args, env=None):
    return run_cli(args, env)


@pytest.fixture
def folder(tmp_path):
    returns = tmp_path / "returns-2013"
    returns.mkdir()
    for ret in BOARDS_2013[:6]:
        write_return(str(returns), ret, 2013)
    return returns


def test_ingest_prints_each_file_and_totals_and_exit_0(folder, tmp_path):
    db = str(tmp_path / "store.sqlite")
    result = run(["ingest", str(folder), "--db", db])
    assert result.exit_code == 0, result.output
    assert result.output.count("new ") == 6
    assert "6 files: 6 new" in result.output and "placements" in result.output
    assert stat.S_IMODE(os.stat(db).st_mode) == 0o600  # the store is readable by its owner only


def test_round_comes_from_the_folder_name_or_must_be_given(tmp_path):
    plain = tmp_path / "returns"
    plain.mkdir()
    write_return(str(plain), {**BOARDS_2013[0]}, 2013, "return")
    result = run(["ingest", str(plain), "--db", str(tmp_path / "s.sqlite")])
    assert result.exit_code != 0
    assert "--round" in result.output
    result = run(["ingest", str(plain), "--round", "2013", "--db", str(tmp_path / "s.sqlite")])
    assert result.exit_code == 0, result.output


def test_reingest_unchanged_does_nothing_and_changed_file_replaces(folder, tmp_path):
    db = str(tmp_path / "store.sqlite")
    run(["ingest", str(folder), "--db", db])
    again = run(["ingest", str(folder), "--db", db])
    assert again.exit_code == 0 and "6 unchanged" in again.output
    # a board sends a corrected file
    ret = dict(BOARDS_2013[0])
    ret["activities"] = [("policy-strategy", "5", "A completely new activity for the revised return.")]
    write_return(str(folder), ret, 2013)
    third = run(["ingest", str(folder), "--db", db])
    assert "1 replaced" in third.output and "5 unchanged" in third.output
    out = tmp_path / "p.csv"
    run(["export", "--format", "csv", "-o", str(out), "--db", db])
    with open(out, encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    mine = [r for r in rows if r["board"] == ret["board"]]
    assert [r["text"] for r in mine] == ["A completely new activity for the revised return."]


def test_ingest_exit_1_with_reasons_when_a_file_cannot_be_read(folder, tmp_path):
    (folder / "broken.docx").write_bytes(b"PK\x03\x04garbage")
    result = run(["ingest", str(folder), "--db", str(tmp_path / "s.sqlite")])
    assert result.exit_code == 1
    assert "FAILED" in result.output and "broken.docx" in result.output and "→" in result.output


def test_usage_errors_exit_2(tmp_path):
    assert run(["ingest", str(tmp_path / "nowhere"), "--db", str(tmp_path / "s.sqlite")]).exit_code == 2
    assert run(["report", "--db", str(tmp_path / "missing.sqlite")]).exit_code == 2
    assert run(["export", "--format", "pdf"]).exit_code == 2


def test_db_from_environment_variable(folder, tmp_path):
    db = str(tmp_path / "env.sqlite")
    result = run(["ingest", str(folder)], env={"MATRIX_SYNTH_DB": db})
    assert result.exit_code == 0 and os.path.exists(db)


def test_check_json_reads_without_writing(folder, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run(["check", str(folder), "--json"])
    data = json.loads(result.stdout)
    assert len(data) == 6
    for item in data:  # the status says what the problems say
        severities = {p["severity"] for p in item["problems"]}
        assert item["status"] == ("error" if "error" in severities else "warning" if severities else "ok"), item
        assert {"file", "status", "placements", "problems", "layout", "coverage", "confidence"} <= set(item)
        for p in item["problems"]:
            assert {"code", "message", "hint"} <= set(p)
    assert not os.path.exists(tmp_path / "matrix-synth.sqlite")


@pytest.fixture
def db(sample_store):
    return sample_store.path


def test_export_csv_columns_and_values(db, tmp_path):
    out = tmp_path / "placements.csv"
    result = run(["export", "--format", "csv", "-o", str(out), "--db", db, "--round", "2013"])
    assert result.exit_code == 0, result.output
    with open(out, encoding="utf-8-sig") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        rows = list(reader)
    assert header[:8] == FIRST_COLUMNS
    assert "themes" in header and "cell_ref" in header and "location" in header and "confidence" in header
    assert {r[header.index("function")] for r in rows} <= FUNCTION_IDS
    assert {int(r[header.index("level")]) for r in rows} <= {1, 2, 3, 4, 5}
    assert {r[1] for r in rows} == {"2013"}
    assert len({r[2] for r in rows}) == 22
    # no personal data by default
    assert not any("@" in c for r in rows for c in r)


def test_export_xlsx_sheets_for_pivot_tables(db, tmp_path):
    out = tmp_path / "placements.xlsx"
    run(["export", "--format", "xlsx", "-o", str(out), "--db", db])
    wb = load_workbook(out)
    names = [n.lower() for n in wb.sheetnames]
    for sheet in ("placements", "returns", "free text", "problems"):
        assert sheet in names
    ws = wb[wb.sheetnames[names.index("placements")]]
    assert [c.value for c in ws[1]][:8] == FIRST_COLUMNS
    assert isinstance(ws.cell(2, 7).value, int)


def test_export_json(db, tmp_path):
    out = tmp_path / "p.json"
    run(["export", "--format", "json", "-o", str(out), "--db", db])
    data = json.loads(out.read_text(encoding="utf-8"))
    rows = data if isinstance(data, list) else data["placements"]
    assert list(rows[0])[:8] == FIRST_COLUMNS


@pytest.mark.parametrize("by", ["board", "theme", "function"])
def test_summary_tables(db, tmp_path, by):
    out = tmp_path / f"summary.{by}.csv"
    result = run(["summary", "--by", by, "--format", "csv", "-o", str(out), "--db", db, "--round", "2013"])
    assert result.exit_code == 0, result.output
    with open(out, encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert rows and by in rows[0]
    if by == "theme":
        assert {"carers", "training-skills", "change-fund-older-people"} <= {r["theme"] for r in rows}


def test_summary_markdown_to_stdout(db):
    result = run(["summary", "--by", "board", "--format", "md", "--db", db])
    assert "| board |" in result.output and "NHS Fife" in result.output


def test_compare_rounds(db, tmp_path):
    out = tmp_path / "cmp.csv"
    result = run(["compare", "--from", "2013", "--to", "2014", "--format", "csv", "-o", str(out), "--db", db])
    assert result.exit_code == 0, result.output
    with open(out, encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        rows = list(reader)
    assert reader.fieldnames[:5] == ["board", "function", "from_level", "to_level", "change"]
    only_2013 = [r for r in rows if r["to_level"] == ""]
    assert only_2013 and all(r["change"] == "" for r in only_2013)
    both = [r for r in rows if r["from_level"] and r["to_level"]]
    assert all(int(r["change"]) == int(r["to_level"]) - int(r["from_level"]) for r in both)
    assert any(int(r["change"]) > 0 for r in both)  # the 2014 samples lifted some levels
    xl = tmp_path / "cmp.xlsx"
    run(["compare", "--from", "2013", "--to", "2014", "--format", "xlsx", "-o", str(xl), "--db", db])
    assert len(load_workbook(xl).sheetnames) >= 2  # changes, boards in one round only, national shift


def test_themes_command_prints_taxonomy_and_copies_it(tmp_path):
    result = run(["themes"])
    assert "carers" in result.output and "change-fund-older-people" in result.output


def test_help_imports_nothing_heavy():
    """--help loads no reader, chart or spreadsheet library (its time is measured by bench_ingest.py)."""
    code = ("import sys, time; t=time.time(); from matrix_synth.cli import main; "
            "sys.argv=['matrix-synth','--help']\n"
            "try:\n main()\nexcept SystemExit: pass\n"
            "heavy=[m for m in ('pandas','matplotlib','docx','openpyxl','pdfplumber','lxml') if m in sys.modules]\n"
            "print('HEAVY', heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "HEAVY []" in out


def test_benchmark_script_runs_every_step(tmp_path):
    """benchmarks/bench_ingest.py is not a timed test, but it must keep working: a tiny run."""
    script = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "benchmarks",
                          "bench_ingest.py")
    out = subprocess.run([sys.executable, script, "--n", "9", "--jobs", "2", "--keep", str(tmp_path)],
                         capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    for step in ("matrix-synth --help", "ingest (cold)", "ingest (unchanged)", "export xlsx", "report docx",
                 "baseline", "x the baseline's throughput", "peak memory of any step"):
        assert step in out.stdout
    assert (tmp_path / "out" / "report.docx").exists()


def test_output_piped_into_a_reader_that_stops_early_is_not_an_error(db):
    """'matrix-synth export | head': the closed pipe is the reader's choice, not a bug to report."""
    proc = subprocess.Popen([sys.executable, "-m", "matrix_synth", "export", "--format", "json", "--db", db],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout.readline().strip() == b"["
    proc.stdout.close()
    _, err = proc.communicate(timeout=120)
    assert b"Error" not in err and b"Traceback" not in err, err
