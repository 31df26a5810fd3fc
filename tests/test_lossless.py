"""Nothing lost, whatever the file: a file with no matrix is still a stored, reviewable,
correctable return, and every word a person sees in a file is somewhere in the store."""
from __future__ import annotations

import os

import pytest
from conftest import run_cli

from builders import FUNCS, LEVELS, docx_table

from matrix_synth.schema import DESCRIPTOR_TEXTS

LETTER_SENTENCE = "We ran a joint planning day with the carers centre to shape the new respite service."


def _covering_letter(path):
    from docx import Document
    doc = Document()
    doc.add_paragraph("Dear colleague,")
    doc.add_paragraph("Please find attached our return for this year. " + LETTER_SENTENCE)
    doc.add_paragraph("Yours sincerely,")
    doc.save(path)
    return path


def _template_as_issued(path):
    """The template as issued, filled in: the level-descriptor row kept inside the grid and the
    functional descriptors inside each function's label, plus notes the detector cannot tie to a cell."""
    from docx import Document
    doc = Document()
    doc.add_paragraph("Engagement Matrix – NHS Highland")
    rows = [["Function"] + LEVELS, ["LEVEL DESCRIPTORS"] + list(DESCRIPTOR_TEXTS[:5])]
    for i, name in enumerate(FUNCS):
        rows.append([f"{name}\n{DESCRIPTOR_TEXTS[5 + i]}"] + [""] * 5)
    rows[2][4] = "Joint strategy group with the TSI meets quarterly."
    docx_table(doc, rows)
    doc.add_paragraph("Our partners said the quarterly meetings were a real step forward for the area.")
    doc.save(path)
    return path


@pytest.fixture()
def no_matrix_store(tmp_path):
    folder = tmp_path / "returns-2013"
    folder.mkdir()
    _covering_letter(folder / "fife-covering-letter.docx")
    _template_as_issued(folder / "highland-template.docx")
    db = str(tmp_path / "s.sqlite")
    result = run_cli(["ingest", str(folder), "--db", db])
    return folder, db, result


def test_a_file_with_no_matrix_is_stored_with_all_its_text(no_matrix_store):
    from matrix_synth import Store
    folder, db, result = no_matrix_store
    assert result.exit_code == 0, result.output  # a warning, not a failure
    assert "no-matrix-found" in result.output and "FAILED" not in result.output
    assert "with no matrix: kept" in result.output
    store = Store(db)
    by_name = {os.path.basename(r["source_file"]): r for r in store.returns()}
    assert set(by_name) == {"fife-covering-letter.docx", "highland-template.docx"}
    letter = by_name["fife-covering-letter.docx"]
    assert letter["board"] == "fife" and letter["placements"] == 0  # board from the file name
    texts = " ".join(u["text"] for u in store.unplaced(include_boilerplate=True) if u["source_file"] == letter["source_file"])
    assert LETTER_SENTENCE in texts and "Dear colleague" in texts
    template = by_name["highland-template.docx"]
    kept = " ".join([u["text"] for u in store.unplaced(include_boilerplate=True) if u["source_file"] == template["source_file"]]
                    + [p["text"] or "" for p in store.placements() if p["return_id"] == template["id"]])
    for words in ("Joint strategy group with the TSI", "quarterly meetings were a real step forward"):
        assert words in kept
    assert template["board"] == "highland"


def test_no_matrix_returns_are_visible_in_review_and_export_but_not_counted(no_matrix_store, tmp_path):
    from openpyxl import load_workbook
    from matrix_synth import Store
    from matrix_synth.aggregate import response, summary_table
    folder, db, _ = no_matrix_store
    review = run_cli(["review", "--db", db]).output
    assert "fife-covering-letter.docx" in review and "joint planning day" in review
    page = tmp_path / "review.html"
    run_cli(["review", "--db", db, "--html", str(page)])
    html = page.read_text(encoding="utf-8")
    assert "fife-covering-letter.docx" in html and "joint planning day" in html
    out = tmp_path / "export.xlsx"
    run_cli(["export", "--format", "xlsx", "-o", str(out), "--db", db])
    wb = load_workbook(out)
    unplaced = " ".join(str(c.value) for row in wb["unplaced"].iter_rows() for c in row if c.value)
    assert "joint planning day" in unplaced
    store = Store(db)
    fife = next(b for b in response(store, 2013) if b.board == "fife")
    assert not fife.returned and fife.files == 0  # a covering letter alone is not a return with a matrix
    assert all(row["board"] != "NHS Fife" for row in summary_table(store, "board", 2013))


def test_a_correction_places_a_sentence_of_a_no_matrix_return(no_matrix_store):
    from matrix_synth import Store
    from matrix_synth.aggregate import response
    folder, db, _ = no_matrix_store
    store = Store(db)
    item = next(u for u in store.unplaced() if LETTER_SENTENCE in u["text"])
    run_cli(["correct", "fife-covering-letter.docx", "--unplaced", item["cell_ref"], "--place",
             "planning-commissioning", "3", "--db", db])
    result = run_cli(["ingest", str(folder), "--db", db])
    assert result.exit_code == 0, result.output
    placed = [p for p in store.placements() if p["source_file"].endswith("fife-covering-letter.docx")]
    assert [(p["function"], p["level"], p["corrected"]) for p in placed] == [("planning-commissioning", 3, 1)]
    assert LETTER_SENTENCE in placed[0]["text"]
    fife = next(b for b in response(store, 2013) if b.board == "fife")
    assert fife.returned and fife.placements == 1  # now it counts
    codes = {p["code"] for p in store.problems() if p["source_file"].endswith("fife-covering-letter.docx")}
    assert "no-matrix-found" not in codes


def test_unfilled_content_control_prompt_is_kept_as_template_text(tmp_path):
    from docx import Document
    from docx.oxml import parse_xml
    from conftest import detect_file
    doc = Document()
    p = doc.add_paragraph()
    p._p.append(parse_xml(
        '<w:sdt xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:sdtPr>'
        '<w:showingPlcHdr/></w:sdtPr><w:sdtContent><w:r><w:t>Type the name of your partner here</w:t></w:r>'
        '</w:sdtContent></w:sdt>'))
    doc.add_paragraph("Our partners met us twice this year.")
    doc.save(tmp_path / "prompt.docx")
    det = detect_file(tmp_path / "prompt.docx")
    kept = {u.text: u.reason for u in det.unplaced}
    assert kept.get("Type the name of your partner here") == "boilerplate"
    assert "title" not in det.fields or "Type the name" not in det.fields["title"]


def test_a_second_contact_table_adds_to_the_first(tmp_path):
    from docx import Document
    from conftest import detect_file
    doc = Document()
    doc.add_paragraph("NHS Fife")
    docx_table(doc, [["Name", "Email", "Phone"], ["Ann Reid", "ann@example.org", "01234 567890"]])
    doc.add_paragraph("Third sector contacts")
    docx_table(doc, [["Name", "Email", "Phone"], ["Bob Kerr", "bob@example.org", "01234 000000"]])
    doc.save(tmp_path / "contacts.docx")
    det = detect_file(tmp_path / "contacts.docx")
    assert "Ann Reid" in det.fields["contacts"] and "Bob Kerr" in det.fields["contacts"]


def test_times_and_datetimes_are_shown_as_excel_shows_them(tmp_path):
    import datetime as dt
    from openpyxl import Workbook
    from matrix_synth.readers import read_document
    wb = Workbook()
    ws = wb.active
    values = [(dt.time(9, 30), "h:mm", "09:30"), (dt.time(9, 30, 15), "hh:mm:ss", "09:30:15"),
              (dt.datetime(2013, 11, 28, 14, 5, 9), "yyyy-mm-dd hh:mm:ss", "2013-11-28 14:05:09"),
              (dt.datetime(2013, 11, 28, 14, 5), "dd/mm/yyyy", "2013-11-28"), (dt.timedelta(hours=30), "[h]:mm:ss",
                                                                               "30:00:00")]
    for r, (value, fmt, _shown) in enumerate(values, start=1):
        ws.cell(r, 1, "Meeting").number_format = "General"
        cell = ws.cell(r, 2, value)
        cell.number_format = fmt
    wb.save(tmp_path / "times.xlsx")
    table = read_document(str(tmp_path / "times.xlsx")).tables()[0]
    assert [row[1].text for row in table.rows] == [shown for _v, _f, shown in values]
