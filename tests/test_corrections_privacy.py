"""The analyst stays in charge: review, corrections that survive re-ingest, personal data kept out."""
import csv
import os
import shutil
import subprocess

import pytest
import yaml

from conftest import needs_chromium, run_cli
from sample_data import BOARDS_2013
from samples import write_return


def run(*args):
    return run_cli(args)


@pytest.fixture
def setup(tmp_path):
    folder = tmp_path / "returns-2013"
    folder.mkdir()
    grid = next(r for r in BOARDS_2013 if r["layout"] == "docx-grid")
    narrative = next(r for r in BOARDS_2013 if r["layout"] == "docx-narrative")
    write_return(str(folder), grid, 2013, "grid-return")
    write_return(str(folder), narrative, 2013, "narrative-return")
    unknown = dict(grid, board="", written="Our Partnership Forum")
    write_return(str(folder), unknown, 2013, "mystery-return")
    db = str(tmp_path / "store.sqlite")
    assert run("ingest", str(folder), "--db", db).exit_code in (0, 1)
    return folder, db, tmp_path


def placements(db, tmp_path):
    out = tmp_path / "p.csv"
    run("export", "--format", "csv", "-o", str(out), "--db", db)
    with open(out, encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


def test_review_lists_low_confidence_unknown_board_and_unplaced(setup):
    _folder, db, _tmp = setup
    out = run("review", "--db", db).output
    assert "low confidence" in out and "narrative-return.docx" in out  # narrative placements are guesses
    assert "board unknown" in out and "mystery-return.docx" in out
    assert "paragraph" in out  # every item has its location


def test_corrections_move_drop_set_theme_survive_reingest(setup):
    folder, db, tmp = setup
    rows = placements(db, tmp)
    grid_rows = [r for r in rows if r["source_file"].endswith("grid-return.docx")]
    first, second, third = grid_rows[0], grid_rows[1], grid_rows[2]
    assert run("correct", "grid-return.docx", "--cell", first["cell_ref"], "--move-to", "learning-exchange", "5",
               "--db", db).exit_code == 0
    run("correct", "grid-return.docx", "--cell", second["cell_ref"], "--drop", "--db", db)
    run("correct", "grid-return.docx", "--cell", third["cell_ref"], "--add-theme", "volunteering", "--db", db)
    run("correct", "mystery-return.docx", "--set", "board=NHS Fife", "--set", "partner=Fife Voluntary Action",
        "--db", db)
    corrections = os.path.join(os.path.dirname(db), "corrections.yaml")
    assert yaml.safe_load(open(corrections, encoding="utf-8"))["corrections"]
    # the corrections apply on the next ingest, although the files did not change
    result = run("ingest", str(folder), "--db", db)
    assert "replaced" in result.output
    for _ in range(2):  # ... and on every ingest after that
        rows = placements(db, tmp)
        moved = [r for r in rows if r["cell_ref"] == first["cell_ref"] and r["source_file"] == first["source_file"]]
        assert [(r["function"], r["level"]) for r in moved] == [("learning-exchange", "5")]
        assert not [r for r in rows if r["cell_ref"] == second["cell_ref"]
                    and r["source_file"] == second["source_file"]]
        themed = [r for r in rows if r["cell_ref"] == third["cell_ref"] and r["source_file"] == third["source_file"]]
        assert "volunteering" in themed[0]["themes"].split(";")
        assert {r["board"] for r in rows if r["source_file"].endswith("mystery-return.docx")} == {"fife"}
        os.utime(folder / "grid-return.docx")  # touched but not changed
        run("ingest", str(folder), "--db", db)
    # the audit: exports and the report say how many corrections were applied
    xl = tmp / "audit.xlsx"
    run("export", "--format", "xlsx", "-o", str(xl), "--db", db)
    from openpyxl import load_workbook
    wb = load_workbook(xl)
    sheet = next(n for n in wb.sheetnames if n.lower().startswith("correction"))
    assert wb[sheet].max_row - 1 >= 5  # move, drop, theme, board, partner
    report = tmp / "r.md"
    run("report", "--format", "md", "-o", str(report), "--db", db)
    assert "5 readings were corrected by hand after checking against the returns." in report.read_text(encoding="utf-8")


def test_unplaced_text_attached_to_a_cell(setup):
    folder, db, tmp = setup
    from matrix_synth import Store
    store = Store(db)
    from builders import grid_docx
    grid_docx(folder / "stray-note.docx", fill={(0, 1): "Consulted on the plan"}, before=["NHS Fife"],
              after=["Befriending service run by volunteers from the carers centre."])
    run("ingest", str(folder), "--db", db)
    item = next(u for u in store.unplaced() if u["source_file"].endswith("stray-note.docx"))
    name = os.path.basename(item["source_file"])
    run("correct", name, "--unplaced", item["cell_ref"], "--place", "capacity-building", "3", "--db", db)
    run("ingest", str(folder), "--db", db)
    rows = placements(db, tmp)
    assert any(r["text"] == item["text"] and r["function"] == "capacity-building" and r["level"] == "3"
               for r in rows)


def test_correction_that_matches_nothing_is_refused_or_reported(setup):
    folder, db, _tmp = setup
    corrections = os.path.join(os.path.dirname(db), "corrections.yaml")
    # typed: refused at once, nothing written
    cell = run("correct", "grid-return.docx", "--cell", "T99 R99C99", "--drop", "--db", db)
    assert cell.exit_code == 2 and "no placement at 'T99 R99C99'" in cell.output
    nofile = run("correct", "no-such-file.docx", "--set", "board=NHS Fife", "--db", db)
    assert nofile.exit_code == 2 and "not a return in the store" in nofile.output
    assert not os.path.exists(corrections)
    # written by hand: reported by the next ingest
    with open(corrections, "w", encoding="utf-8") as fh:
        yaml.safe_dump({"corrections": [{"file": "grid-return.docx", "cell": "T99 R99C99", "drop": True},
                                        {"file": "no-such-file.docx", "set": {"board": "NHS Fife"}}]}, fh)
    result = run("ingest", str(folder), "--db", db)
    assert "correction-unmatched" in result.output
    assert "matches nothing" in result.output and "no-such-file.docx" in result.output


def test_personal_data_left_out_unless_asked(setup):
    folder, db, tmp = setup
    grid = next(r for r in BOARDS_2013 if r["layout"] == "docx-grid")
    name = grid["completed_by"][0]
    report = tmp / "r.html"
    run("report", "--format", "html", "-o", str(report), "--db", db)
    html = report.read_text(encoding="utf-8")
    assert name not in html and "@" not in html
    xl = tmp / "x.xlsx"
    run("export", "--format", "xlsx", "-o", str(xl), "--db", db)
    from openpyxl import load_workbook
    wb = load_workbook(xl)
    everything = " ".join(str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value)
    assert name not in everything
    run("export", "--format", "xlsx", "-o", str(xl), "--db", db, "--include-personal")
    wb = load_workbook(xl)
    everything = " ".join(str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value)
    assert name in everything


def test_emails_and_phones_in_text_are_scrubbed(tmp_path):
    folder = tmp_path / "r-2013"
    folder.mkdir()
    ret = dict(next(r for r in BOARDS_2013 if r["layout"] == "docx-grid"))
    ret["working_well"] = "Ring Jo on 01412 345678 or mail jo.bloggs@tsi.org.uk about the carers forum."
    write_return(str(folder), ret, 2013)
    db = str(tmp_path / "s.sqlite")
    run("ingest", str(folder), "--db", db)
    out = tmp_path / "r.md"
    run("report", "--format", "md", "-o", str(out), "--db", db, "--detail", "full")  # full: every free text
    md = out.read_text(encoding="utf-8")
    assert "jo.bloggs@tsi.org.uk" not in md and "01412 345678" not in md
    assert "carers forum" in md


@needs_chromium
def test_review_page_in_a_headless_browser(setup):
    _folder, db, tmp = setup
    page = tmp / "review.html"
    assert run("review", "--html", "-o", str(page), "--db", db).exit_code == 0
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    profile = tmp / "chrome-profile"
    dom = subprocess.run([browser, "--headless=new", "--no-sandbox", "--disable-gpu", f"--user-data-dir={profile}",
                          "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120).stdout
    assert "grid-return.docx" in dom and "mystery-return.docx" in dom
    assert dom.count("<h2") >= 3  # one section per return
    assert "low confidence" in dom and "board unknown" in dom
    assert "Capacity Building" in dom  # the grid beside the source text
    shot = tmp / "review.png"
    subprocess.run([browser, "--headless=new", "--no-sandbox", "--disable-gpu", f"--user-data-dir={profile}",
                    f"--screenshot={shot}", "--window-size=1400,1000", page.as_uri()], capture_output=True,
                   timeout=120)
    assert shot.exists() and shot.stat().st_size > 10_000
