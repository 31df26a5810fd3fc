"""The analyst's desk: the public API and the README's Python example, the CLI's one grammar, what the
test machine can run, and no POSIX-only code path."""
from __future__ import annotations

import os
import re
import shutil
import stat
import sys

import pytest

from conftest import REPO, _check, run_cli

README = os.path.join(REPO, "README.md")


def _python_blocks() -> list[str]:
    with open(README, encoding="utf-8") as fh:
        return re.findall(r"```python\n(.*?)```", fh.read(), flags=re.S)


def test_public_api_names_are_functions_not_modules():
    import importlib

    import matrix_synth
    importlib.import_module("matrix_synth.export")
    importlib.import_module("matrix_synth.detect")
    importlib.import_module("matrix_synth.dataframes")
    from matrix_synth import (Store, build_report, check, detect_matrices, export_placements, ingest,  # noqa: F401
                              read_document, review_items)
    for name in matrix_synth.__all__:
        obj = getattr(matrix_synth, name)
        assert callable(obj) and not isinstance(obj, type(os)), name


def test_readme_python_example_runs(samples_dir, tmp_path, monkeypatch, capsys):
    blocks = _python_blocks()
    assert blocks, "the README has a Python example"
    shutil.copytree(samples_dir, tmp_path / "sample_returns")
    monkeypatch.chdir(tmp_path)
    for code in blocks:
        exec(compile(code, "README.md", "exec"), {"__name__": "readme"})
    assert (tmp_path / "overview-2014.docx").stat().st_size > 10_000
    assert (tmp_path / "returns-2014.xlsx").exists()
    assert capsys.readouterr().out.startswith("0 ")


def test_capability_check_tells_writer_from_calc(tmp_path, monkeypatch):
    """A LibreOffice with Writer but no Calc: soffice is on the PATH, yet spreadsheets cannot convert."""
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\n# converts documents only\nfor a; do last=$a; done\n"
                    "case \"$last\" in *.html) out=\"$(dirname \"$last\")/probe.odt\"; echo x > \"$out\";; esac\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    if sys.platform.startswith("win"):
        pytest.skip("a shell script stands in for soffice")
    assert shutil.which("soffice") == str(fake)
    assert _check("writer")[0] is True
    ok, reason = _check("calc")
    assert ok is False and "Calc" in reason


# ---------------------------------------------------------------- one CLI grammar
# Every command's options, in one table. An option that means the same thing is spelt the same
# everywhere: -o/--output for the file a command writes, --round (with --compare for a second round),
# --db, --themes, --include-personal.
OPTIONS = {
    "ingest": {"--round", "--db", "--jobs", "--themes", "--corrections", "--verbose", "--debug"},
    "check": {"--round", "--json", "--jobs", "--themes", "--debug"},
    "export": {"--format", "--output", "--round", "--db", "--include-personal", "--themes"},
    "report": {"--format", "--output", "--round", "--compare", "--intro", "--template", "--db", "--themes",
               "--include-personal", "--detail", "--hallmarks", "--top-themes", "--board"},
    "summary": {"--by", "--format", "--output", "--round", "--db", "--themes"},
    "compare": {"--round", "--compare", "--journey", "--format", "--output", "--db"},
    "review": {"--round", "--db", "--threshold", "--limit", "--json", "--html", "--output", "--serve",
               "--no-browser", "--themes", "--corrections", "--include-personal"},
    "correct": {"--cell", "--move-to", "--drop", "--unplaced", "--place", "--set", "--add-theme",
                "--remove-theme", "--level", "--db", "--corrections", "--themes"},
    "themes": {"--output", "--themes"},
    "doctor": {"--json"},
}
SPELLING = {"--output": ["-o", "--output"], "--round": None, "--compare": ["--compare", "--from"]}


def _options(command):
    import click
    return [p for p in command.params if isinstance(p, click.Option) and p.name != "help"]


def _long(opt) -> str:
    return next(o for o in opt.opts if o.startswith("--"))


def test_every_command_takes_the_options_in_the_table_each_with_help():
    from matrix_synth.cli import cli
    assert set(cli.commands) - {"help"} >= set(OPTIONS)
    for name, command in cli.commands.items():
        opts = _options(command)
        assert {_long(o) for o in opts} == OPTIONS[name], name
        assert command.help, name
        for opt in opts:
            assert opt.help and len(opt.help) > 10, f"{name} {_long(opt)} has no help"
            if _long(opt) == "--output":
                assert sorted(opt.opts) == ["--output", "-o"], name
            if _long(opt) == "--compare":
                assert "--from" in opt.opts, name
            if _long(opt) == "--round" and name in ("report", "compare"):
                assert "--to" in opt.opts, name
            if _long(opt) == "--round" and name in ("ingest", "check"):
                assert opt.help.startswith("Set the round"), name
        # a command that writes a file takes -o
        writes = name in ("export", "report", "summary", "compare", "review", "themes")
        assert ("--output" in OPTIONS[name]) == writes, name


def test_report_and_compare_take_the_same_round_options(tmp_path, sample_store):
    db = sample_store.path
    new = run_cli(["compare", "--round", "2014", "--compare", "2013", "--db", db])
    old = run_cli(["compare", "--from", "2013", "--to", "2014", "--db", db])
    assert new.exit_code == 0 and new.output == old.output and "2013" in new.output
    out = tmp_path / "s.md"
    assert run_cli(["summary", "--by", "theme", "--themes", os.path.join(REPO, "src", "matrix_synth", "data",
                                                                         "themes.yaml"), "-o", out, "--db", db]
                   ).exit_code == 0
    assert "Carers" in out.read_text(encoding="utf-8")


# ---------------------------------------------------------------- the workbook made for pivots

def test_workbook_names_ids_ranges_counted_once_and_a_long_themes_sheet(sample_store, tmp_path):
    from openpyxl import load_workbook

    from matrix_synth.schema import BOARD_BY_ID, FUNCTION_LABELS
    out = tmp_path / "w.xlsx"
    assert run_cli(["export", "--format", "xlsx", "-o", out, "--db", sample_store.path]).exit_code == 0
    wb = load_workbook(out)
    assert wb.sheetnames[:2] == ["placements", "themes"]
    ws = wb["placements"]
    header = [c.value for c in ws[1]]
    rows = [dict(zip(header, r)) for r in ws.iter_rows(min_row=2, values_only=True)]
    assert header[:8] == ["source_file", "round", "board", "partner", "topic", "function", "level", "text"]
    assert {r["board"] for r in rows} <= {b.name for b in BOARD_BY_ID.values()} | {"Board not identified"}
    assert {r["function"] for r in rows} <= set(FUNCTION_LABELS.values())
    assert {r["board_id"] for r in rows} <= set(BOARD_BY_ID)
    assert {r["function_id"] for r in rows} <= set(FUNCTION_LABELS)
    # a range is one activity: its rows share activity_id, and count_once is 1 on the first level only
    by_activity: dict = {}
    for r in rows:
        by_activity.setdefault(r["activity_id"], []).append(r)
    ranges = [g for g in by_activity.values() if len(g) > 1]
    assert ranges, "the samples hold ranges such as 'level 2-3'"
    for g in ranges:
        assert [r["count_once"] for r in g] == [1] + [0] * (len(g) - 1)
        assert [r["range_part"] for r in g] == [f"{n}/{len(g)}" for n in range(1, len(g) + 1)]
        assert len({(r["text"], r["cell_ref"], r["function"]) for r in g}) == 1
    assert sum(r["count_once"] for r in rows) == len(by_activity)
    # the long themes sheet: one row per placement and theme
    tws = wb["themes"]
    theader = [c.value for c in tws[1]]
    trows = [dict(zip(theader, r)) for r in tws.iter_rows(min_row=2, values_only=True)]
    expected = sum(max(1, len([t for t in (r["themes"] or "").split("; ") if t])) for r in rows)
    assert len(trows) == expected
    assert "Carers" in {r["theme"] for r in trows} and "carers" in {r["theme_id"] for r in trows}
    # numbers read well: whole numbers as such, confidence with two decimals, readable widths
    col = {h: i + 1 for i, h in enumerate(header)}
    assert ws.cell(2, col["confidence"]).number_format == "0.00"
    assert ws.cell(2, col["level"]).number_format == "0" and isinstance(ws.cell(2, col["level"]).value, int)
    assert ws.column_dimensions["H"].width >= 40  # the text column
    assert all(8 <= (ws.column_dimensions[c].width or 0) <= 60 for c in "ABCDEFG")


def test_csv_keeps_its_documented_first_columns_and_marks_ranges(sample_store, tmp_path):
    import csv
    out = tmp_path / "p.csv"
    run_cli(["export", "--format", "csv", "-o", out, "--db", sample_store.path])
    with open(out, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0])[:8] == ["source_file", "round", "board", "partner", "topic", "function", "level", "text"]
    assert list(rows[0])[-3:] == ["activity_id", "range_part", "count_once"]
    assert sum(int(r["count_once"]) for r in rows) == len({r["activity_id"] for r in rows}) < len(rows)


# ---------------------------------------------------------------- Windows

POSIX_ONLY = {("os", "fork"), ("os", "getuid"), ("os", "geteuid"), ("os", "setsid"), ("os", "killpg"),
              ("os", "getpgid"), ("os", "chown"), ("os", "O_NOFOLLOW"), ("signal", "SIGKILL"), ("signal", "alarm"),
              ("signal", "SIGALRM"), ("signal", "SIGHUP"), ("os", "WNOHANG"), ("os", "sched_getaffinity")}
POSIX_MODULES = {"fcntl", "pwd", "grp", "resource", "termios", "tty"}


def _guarded(node, parents) -> bool:
    import ast
    while node in parents:
        node = parents[node]
        if isinstance(node, (ast.If, ast.IfExp)):
            test = ast.unparse(node.test)
            if any(k in test for k in ("os.name", "sys.platform", "hasattr(os", "hasattr(signal")):
                return True
        if isinstance(node, ast.Try) and any(ast.unparse(h.type or ast.Name("x")) in
                                             ("ImportError", "AttributeError", "(ImportError, AttributeError)")
                                             for h in node.handlers):
            return True
    return False


def test_no_posix_only_code_path_outside_a_platform_check():
    import ast
    src = os.path.join(REPO, "src", "matrix_synth")
    bad = []
    for folder, _dirs, names in os.walk(src):
        for name in names:
            if not name.endswith(".py"):
                continue
            path = os.path.join(folder, name)
            with open(path, encoding="utf-8") as fh:
                text = fh.read()
            tree = ast.parse(text)
            parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
            for node in ast.walk(tree):
                hit = None
                if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) \
                        and (node.value.id, node.attr) in POSIX_ONLY:
                    hit = f"{node.value.id}.{node.attr}"
                elif isinstance(node, (ast.Import, ast.ImportFrom)):
                    mods = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
                    hit = next((m for m in mods if m.split(".")[0] in POSIX_MODULES), None)
                elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add) \
                        and isinstance(node.left, ast.Constant) and node.left.value == "file://":
                    hit = "'file://' + path (use pathlib.Path.as_uri())"
                if hit and not _guarded(node, parents):
                    bad.append(f"{os.path.relpath(path, REPO)}:{node.lineno} {hit}")
    assert not bad, "POSIX-only code outside a platform check:\n" + "\n".join(bad)


def test_store_is_made_owner_only_on_windows(tmp_path, monkeypatch):
    """On Windows the file mode is not enough: the store's access list is set with icacls to the user alone,
    and when that fails the CLI says so."""
    from matrix_synth import store as store_mod
    if sys.platform.startswith("win"):
        pytest.skip("simulates Windows on POSIX with a stand-in icacls")
    log = tmp_path / "icacls.log"
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    icacls = bin_dir / "icacls"
    icacls.write_text(f"#!/bin/sh\nprintf '%s\\n' \"$@\" >> '{log}'\nexit ${{ICACLS_EXIT:-0}}\n")
    icacls.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("USERNAME", "analyst")
    monkeypatch.setenv("USERDOMAIN", "NHSFIFE")
    monkeypatch.setattr(store_mod, "_on_windows", lambda: True)
    db = tmp_path / "a.sqlite"
    s = store_mod.Store(str(db))
    s.close()
    args = log.read_text().split()
    assert args[0] == str(db) and "/inheritance:r" in args and "NHSFIFE\\analyst:F" in args
    assert s.privacy_note == ""
    monkeypatch.setenv("ICACLS_EXIT", "5")
    failed = store_mod.Store(str(tmp_path / "b.sqlite"))
    assert "readable by you only" in failed.privacy_note
    failed.close()
    monkeypatch.undo()
    if os.name == "posix":
        assert stat.S_IMODE(os.stat(db).st_mode) == 0o600


@pytest.mark.needs("calc")
def test_libreoffice_opens_the_workbook_and_its_pivot_counts_each_activity_once(sample_store, tmp_path):
    import csv
    import subprocess
    out = tmp_path / "w.xlsx"
    run_cli(["export", "--format", "xlsx", "--round", "2013", "-o", out, "--db", sample_store.path])
    pivot = tmp_path / "pivot.xlsx"
    subprocess.run([sys.executable, os.path.join(REPO, "scripts", "pivot_example.py"), str(out), str(pivot)],
                   check=True, capture_output=True, timeout=120)
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    subprocess.run([exe, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to",
                    'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1',
                    "--outdir", str(tmp_path), str(pivot)], check=True, capture_output=True, timeout=300)
    with open(tmp_path / "pivot-placements.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows[0]["board"].startswith("NHS ") and rows[0]["function_id"]
    with open(tmp_path / "pivot-pivot.csv", encoding="utf-8", newline="") as fh:
        table = list(csv.reader(fh))
    total = next(r for r in table if r and r[0] == "Total Result")
    activities = len({r["activity_id"] for r in rows})
    assert int(total[-1]) == activities < len(rows)


def test_the_installed_package_carries_no_test_code():
    """Generators of test returns live under tests/; nothing the package imports is a test extra."""
    import importlib.util
    import pathlib
    src = pathlib.Path(REPO, "src", "matrix_synth")
    assert importlib.util.find_spec("matrix_synth.samples") is None
    assert importlib.util.find_spec("matrix_synth.sample_data") is None
    for path in src.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(import|from)\s+(pptx|pytest|selenium)\b", text, re.M), path


def test_version_and_doctor_say_what_this_machine_can_read(tmp_path, monkeypatch):
    import json as json_mod

    import matrix_synth
    result = run_cli(["--version"])
    assert result.exit_code == 0 and matrix_synth.__version__ in result.output
    result = run_cli(["doctor", "--json"])
    caps = json_mod.loads(result.output)
    assert any("LibreOffice" in c["name"] for c in caps) and any("Tesseract" in c["name"] for c in caps)
    assert result.exit_code == (0 if all(c["ok"] for c in caps) else 1)
    # with neither LibreOffice nor Tesseract to be found, it says what to install
    from matrix_synth.readers import convert, ocr
    monkeypatch.setattr(convert, "soffice", lambda: None)
    monkeypatch.setattr(ocr, "tesseract", lambda: None)
    result = run_cli(["doctor"])
    assert result.exit_code == 1
    assert result.output.count("MISSING") == 2 and "libreoffice" in result.output.lower()
    assert "tesseract-ocr" in result.output or "UB-Mannheim" in result.output or "brew install tesseract" in result.output
