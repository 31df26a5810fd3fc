"""Issue 13: escaping everywhere, and personal data kept out of every output unless asked."""
from __future__ import annotations

import os
import stat
import zipfile

import pytest

from builders import FUNCS, LEVELS, grid_docx
from conftest import run_cli
from matrix_synth.privacy import Scrubber


@pytest.mark.parametrize("text", ["Call 0131.496.0777 today", "or +1 (555) 010-9999.", "mobile 07700 900123",
                                  "phone 0131 496 0777"])
def test_phone_numbers_written_any_way_are_scrubbed(text):
    out = Scrubber(False).text(text)
    assert "[phone removed]" in out and "496" not in out and "555" not in out and "900123" not in out


@pytest.mark.parametrize("text", ["In 2013-2014 we had 120000 visits", "Ref 2015/16 grant 250,000"])
def test_years_and_counts_are_not_phone_numbers(text):
    assert Scrubber(False).text(text) == text


def test_names_after_a_cue_are_scrubbed_but_not_organisations():
    s = Scrubber(False)
    assert s.text("Prepared by Morag Baird, Third Sector Lead") == "Prepared by [name removed], Third Sector Lead"
    assert s.text("Completed by Fife Voluntary Action") == "Completed by Fife Voluntary Action"


@pytest.fixture()
def hostile_store(tmp_path):
    folder = tmp_path / "2015"
    folder.mkdir()
    fill = {(0, 0): "<img src=x onerror=alert(1)> [x](javascript:alert(1)) & co",
            (1, 1): "Contact morag.baird@example.org or 0131.496.0777",
            (2, 2): "Prepared by Morag Baird"}
    grid_docx(folder / "NHS Fife hostile.docx", fill=fill, after=["Comments from Morag Baird: call +1 (555) 010-9999",
                                                                     "Random text morag.baird@example.org"])
    (folder / "NHS Tayside ctrl.csv").write_text(
        "," + ",".join(LEVELS) + "\n" + "".join(f'"{f}",' + ("Bells \x01 & <whistles>" if i == 0 else "")
                                                 + ",,,,\n" for i, f in enumerate(FUNCS)))
    db = tmp_path / "s.sqlite"
    result = run_cli(["ingest", "--db", db, folder])
    assert result.exit_code in (0, 1), result.output
    return db


def test_summary_markdown_escapes_markup(hostile_store, tmp_path):
    out = tmp_path / "s.md"
    result = run_cli(["summary", "--by", "partner", "--format", "md", "--db", hostile_store, "-o", out])
    assert result.exit_code == 0, result.output
    text = out.read_text()
    assert "<img" not in text and "](javascript" not in text


def test_review_text_and_page_scrubbed_and_owner_only(hostile_store, tmp_path):
    result = run_cli(["review", "--threshold", "1.01", "--db", hostile_store])
    assert "@example.org" not in result.output and "496" not in result.output
    page = tmp_path / "review.html"
    result = run_cli(["review", "--threshold", "1.01", "--db", hostile_store, "--html", page])
    assert result.exit_code == 0
    html = page.read_text()
    assert "@example.org" not in html and "0131.496" not in html and "555) 010" not in html
    assert stat.S_IMODE(os.stat(page).st_mode) == 0o600
    result = run_cli(["review", "--threshold", "1.01", "--db", hostile_store, "--include-personal"])
    assert "@example.org" in result.output


@pytest.mark.parametrize("detail", ["summary", "full"])
def test_word_report_keeps_ampersands_despite_a_control_character(hostile_store, tmp_path, detail):
    out = tmp_path / "r.docx"
    result = run_cli(["report", "--format", "docx", "--db", hostile_store, "-o", out, "--detail", detail])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out) as zf:
        xml = zf.read("word/document.xml").decode("utf-8")
    assert "\x01" not in xml
    if detail == "full":  # the summary quotes a few examples; the full report every text
        assert "&amp; co" in xml or "&amp; &lt;whistles&gt;" in xml  # other returns' &, <, > kept
    assert "Morag Baird" not in xml and "example.org" not in xml


def test_terminal_output_neutralises_escape_sequences(tmp_path):
    folder = tmp_path / "2015"
    folder.mkdir()
    grid_docx(folder / "NHS Fife \x1b[31mred.docx", fill={(0, 0): "x"})
    (folder / "NHS Fife \x1b]0;title\x07.csv").write_text("hello\n")
    result = run_cli(["check", folder])
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "\\x1b" in result.output


def test_export_problems_sheet_is_scrubbed(hostile_store, tmp_path):
    import openpyxl
    out = tmp_path / "e.xlsx"
    result = run_cli(["export", "--format", "xlsx", "--db", hostile_store, "-o", out])
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(out, read_only=True)
    text = " ".join(str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row if v)
    assert "example.org" not in text and "555) 010" not in text and "0131.496" not in text


def test_names_in_a_header_and_a_second_signoff_table_stay_out_of_the_report(tmp_path):
    from docx import Document
    from builders import docx_table
    folder = tmp_path / "2015"
    folder.mkdir()
    doc = Document()
    doc.sections[0].header.paragraphs[0].text = "Prepared by Morag Baird, Third Sector Lead"
    docx_table(doc, [[""] + LEVELS] + [[f] + (["Newsletter with Morag Baird" if i == 0 else ""] + [""] * 4)
                                        for i, f in enumerate(FUNCS)])
    doc.add_paragraph("Sign-off")
    docx_table(doc, [["Completed by", "Ian Reid"], ["Role", "Chief Officer"]])
    doc.add_paragraph("Second sign-off")
    docx_table(doc, [["Completed by", "Fiona Grant"], ["Date", "1 May 2015"]])
    doc.add_paragraph("Fiona Grant and Ian Reid will review this; call 0131.496.0777.")
    doc.save(folder / "NHS Fife names.docx")
    db = tmp_path / "s.sqlite"
    assert run_cli(["ingest", "--db", db, folder]).exit_code in (0, 1)
    out = tmp_path / "r.md"
    result = run_cli(["report", "--format", "md", "--db", db, "-o", out])
    assert result.exit_code == 0, result.output
    text = out.read_text()
    for name in ("Morag Baird", "Ian Reid", "Fiona Grant", "496"):
        assert name not in text, name
