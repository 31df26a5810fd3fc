"""Every format boards send: docx/docm, xlsx/xlsm, xls, odt, ods, pdf, csv, and legacy .doc through
LibreOffice. ODF, PDF, xls and doc files are made by LibreOffice from real generated returns."""
import shutil

import pytest

from conftest import capability, cells, detect_file, needs_calc, needs_soffice, needs_writer, soffice_convert
from matrix_synth.problems import ReadFailure
from matrix_synth.readers import read_document
from sample_data import BOARDS_2013
from samples import write_return


def _ret(layout):
    return next(r for r in BOARDS_2013 if r["layout"] == layout)


@pytest.fixture(scope="module")
def converted(tmp_path_factory):
    folder = tmp_path_factory.mktemp("converted")
    docx = write_return(str(folder), _ret("docx-grid"), 2013, "word-return")
    xlsx = write_return(str(folder), _ret("xlsx-grid"), 2013, "excel-return")
    out = {"docx": docx, "xlsx": xlsx}
    if capability("writer")[0]:
        for fmt in ("odt", "pdf", "doc"):
            out[fmt] = soffice_convert(docx, fmt, folder)
    if capability("calc")[0]:
        for fmt in ("ods", "xls"):
            out[fmt] = soffice_convert(xlsx, fmt, folder)
    return out


def _same_cells(a, b):
    ka = {k: [" ".join(t.split()) for t in v] for k, v in cells(a).items()}
    kb = {k: [" ".join(t.split()) for t in v] for k, v in cells(b).items()}
    return ka, kb


def test_docm_and_xlsm_are_read_like_their_plain_twins(converted, tmp_path):
    for src, ext in ((converted["docx"], ".docm"), (converted["xlsx"], ".xlsm")):
        twin = tmp_path / ("macro" + ext)
        shutil.copy(src, twin)
        a, b = _same_cells(detect_file(src), detect_file(twin))
        assert a == b and a


@pytest.mark.parametrize("fmt, base", [pytest.param("odt", "docx", marks=needs_writer),
                                       pytest.param("ods", "xlsx", marks=needs_calc),
                                       pytest.param("xls", "xlsx", marks=needs_calc)])
def test_office_formats_give_the_same_cells(converted, fmt, base):
    a, b = _same_cells(detect_file(converted[base]), detect_file(converted[fmt]))
    assert b == a


@needs_soffice
def test_text_pdf_with_a_table(converted):
    base, pdf = detect_file(converted["docx"]), detect_file(converted["pdf"])
    assert pdf.board == base.board
    got = cells(pdf)
    assert set(got) == set(cells(base))


@needs_soffice
def test_legacy_doc_is_converted_with_libreoffice(converted):
    doc = read_document(converted["doc"], "word-return.doc")
    assert doc.format == "doc"
    a, b = _same_cells(detect_file(converted["docx"]), detect_file(converted["doc"]))
    assert b == a


@needs_writer
def test_legacy_doc_without_libreoffice_says_how_to_fix(converted, tmp_path, monkeypatch):
    src = converted["doc"]
    monkeypatch.setenv("PATH", str(tmp_path))  # no soffice on the PATH
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(ReadFailure) as info:
        read_document(src, "old.doc")
    assert info.value.problem.code == "needs-libreoffice"
    assert "LibreOffice" in info.value.problem.hint


def test_csv_list_utf8_and_windows_1252(tmp_path):
    rows = "Function,Level,Activity\nPolicy & Strategy,Level 4,Carers’ forum co-chairs the strategy group\n" \
           "Capacity Building,2-3,Small grants for café groups\n"
    (tmp_path / "utf8.csv").write_text(rows, encoding="utf-8-sig")
    (tmp_path / "ansi.csv").write_bytes(rows.encode("cp1252"))
    a, b = detect_file(tmp_path / "utf8.csv"), detect_file(tmp_path / "ansi.csv")
    assert cells(a) == cells(b)
    assert cells(a)[("policy-strategy", 4)] == ["Carers’ forum co-chairs the strategy group"]
    assert cells(a)[("capacity-building", 2)] == cells(a)[("capacity-building", 3)]
    assert read_document(str(tmp_path / "ansi.csv")).warnings  # told it was guessed as Windows-1252


def test_excel_cell_references_are_the_ones_excel_shows(converted):
    det = detect_file(converted["xlsx"])
    refs = {p.loc.cell_ref() for p in det.placements}
    assert all("!" in r and r.split("!")[1][0].isalpha() for r in refs)
    from openpyxl import load_workbook
    wb = load_workbook(converted["xlsx"])
    for p in det.placements:
        sheet, ref = p.loc.cell_ref().split("!")
        assert " ".join(str(wb[sheet][ref].value).split()).startswith(" ".join(p.text.split())[:20])
