"""Issue 13: every size or count read from a file is bounded; damage is corrupt-file; every XML part
is defended against DTDs and entities at the parser. Each test is a reproduction from the issue."""
from __future__ import annotations

import os
import re
import resource
import time
import zipfile

import pytest

from builders import FUNCS, LEVELS, grid_docx, xlsx
from matrix_synth.pipeline import FileReport, process_file


def _code(path):
    rec = process_file(str(path), os.path.basename(str(path)), 2015)
    report = FileReport.of(rec, "checked")
    return [p.code for p in report.problems], report


def _rewrite(src, dst, part, edit):
    """Copy a zip, passing one part's bytes through edit()."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == part:
                data = edit(data)
            zout.writestr(info.filename, data)
    return dst


def _maxrss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def test_gridspan_of_a_hundred_million_is_bounded(tmp_path):
    src = grid_docx(tmp_path / "src.docx", fill={(0, 0): "Shared newsletter"})
    bad = _rewrite(src, tmp_path / "span.docx", "word/document.xml",
                   lambda d: d.replace(b"<w:tcPr>", b'<w:tcPr><w:gridSpan w:val="100000000"/>', 1))
    before = _maxrss_mb()
    start = time.monotonic()
    codes, _ = _code(bad)
    assert time.monotonic() - start < 5
    assert _maxrss_mb() - before < 300
    assert "read-error" not in codes


def test_thousand_nested_tables_is_too_large_not_a_recursion_error(tmp_path):
    src = grid_docx(tmp_path / "src.docx")
    inner = b"<w:tbl><w:tr><w:tc><w:p/>" * 1000 + b"<w:p/></w:tc></w:tr></w:tbl>" * 1000
    bad = _rewrite(src, tmp_path / "nested.docx", "word/document.xml",
                   lambda d: d.replace(b"<w:body>", b"<w:body>" + inner, 1))
    codes, _ = _code(bad)
    assert codes == ["too-large"]


def _odt(path, body):
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>'
               f'{body}</office:text></office:body></office:document-content>')
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        zf.writestr("content.xml", content)
    return path


def _odf_grid(extra_cell):
    rows = ["<table:table-row><table:table-cell/>" + "".join(
        f"<table:table-cell><text:p>{lv}</text:p></table:table-cell>" for lv in LEVELS) + "</table:table-row>"]
    for f in FUNCS:
        rows.append(f"<table:table-row><table:table-cell><text:p>{f.replace('&', '&amp;')}</text:p>"
                    f"</table:table-cell>{extra_cell}</table:table-row>")
    return "<table:table>" + "".join(rows) + "</table:table>"


@pytest.mark.parametrize("cell", [
    '<table:table-cell table:number-columns-repeated="1000000000"><text:p>x</text:p></table:table-cell>',
    '<table:table-cell table:number-columns-spanned="1000000000" table:number-rows-spanned="1000000000">'
    '<text:p>x</text:p></table:table-cell>',
    '<table:table-cell><text:p>a<text:s text:c="1000000000"/>b</text:p></table:table-cell>',
    '<table:table-cell table:number-columns-repeated="1000000000"/><table:table-cell><text:p>x</text:p>'
    '</table:table-cell>',
    '<table:table-cell table:number-columns-repeated="x1"><text:p>x</text:p></table:table-cell>',
])
def test_odf_counts_are_bounded(tmp_path, cell):
    path = _odt(tmp_path / "rep.odt", _odf_grid(cell))
    before = _maxrss_mb()
    start = time.monotonic()
    codes, _ = _code(path)
    assert time.monotonic() - start < 10
    assert _maxrss_mb() - before < 400
    assert "read-error" not in codes


def test_odf_rows_repeated_is_bounded(tmp_path):
    body = _odf_grid("").replace("<table:table-row>", '<table:table-row table:number-rows-repeated="1000000000">', 2)
    codes, _ = _code(_odt(tmp_path / "rows.odt", body))
    assert "read-error" not in codes


def test_xlsx_diagonal_of_16384_cells(tmp_path):
    rows = []
    path = tmp_path / "diag.xlsx"
    from openpyxl import Workbook
    wb = Workbook()
    ws = wb.active
    for i in range(1, 16385):
        ws.cell(row=i, column=i, value="x")
    wb.save(path)
    start = time.monotonic()
    codes, _ = _code(path)
    assert time.monotonic() - start < 20
    assert codes == ["too-large"], rows


def test_csv_of_16000_columns(tmp_path):
    path = tmp_path / "wide.csv"
    path.write_text(",".join(f"c{i}" for i in range(16000)) + "\n" + ",".join("1" for _ in range(16000)) + "\n")
    codes, _ = _code(path)
    assert codes == ["too-large"]


def test_one_huge_shared_string_used_by_many_cells(tmp_path):
    src = xlsx(tmp_path / "src.xlsx", [[""] + LEVELS] + [[f] + ["word"] * 5 for f in FUNCS])
    huge = ("partnership " * 90_000).encode()  # ~1 MB, used by 12,000 cells
    cells = b"".join(b'<row r="%d"><c r="A%d" t="s"><v>0</v></c></row>' % (r, r) for r in range(100, 12100))
    bad = _rewrite(src, tmp_path / "shared.xlsx", "xl/worksheets/sheet1.xml",
                   lambda d: d.replace(b"</sheetData>", cells + b"</sheetData>"))
    with zipfile.ZipFile(bad, "a") as zf:
        zf.writestr("xl/sharedStrings.xml", b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
                                            b'main"><si><t>' + huge + b"</t></si></sst>")
    start = time.monotonic()
    codes, _ = _code(bad)
    assert time.monotonic() - start < 20
    assert codes == ["too-large"]


# --------------------------------------------------------------------------- damage is damage

def test_corrupt_deflate_stream_is_corrupt_file(tmp_path):
    src = grid_docx(tmp_path / "src.docx", fill={(0, 0): "x"})
    raw = bytearray(open(src, "rb").read())
    with zipfile.ZipFile(src) as zf:
        info = zf.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for i in range(start + 20, start + 60):
        raw[i] ^= 0x5A
    bad = tmp_path / "zlib.docx"
    bad.write_bytes(bytes(raw))
    codes, _ = _code(bad)
    assert codes and codes[0] == "corrupt-file", codes


@pytest.mark.parametrize("edit", [
    lambda d: d.replace(b"encoding='UTF-8'", b"encoding='x-unknown-enc'", 1),
    lambda d: d.replace(b"<w:tcPr>", b'<w:tcPr><w:gridSpan w:val="many"/>', 1),
])
def test_bad_xml_values_are_not_bugs(tmp_path, edit):
    src = grid_docx(tmp_path / "src.docx", fill={(0, 0): "x"})
    bad = _rewrite(src, tmp_path / "bad.docx", "word/document.xml", edit)
    codes, _ = _code(bad)
    assert "read-error" not in codes


def test_pdf_parser_exception_is_corrupt_file(tmp_path):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
                    b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
                    b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 a b] /Contents 9 0 R >> endobj\n"
                    b"trailer << /Root 1 0 R >>\n%%EOF")
    codes, _ = _code(bad)
    assert "read-error" not in codes


# --------------------------------------------------------------------------- XML parts defended

_ENTITY = b'<!DOCTYPE x [<!ENTITY secret "ENTITY-EXPANDED">]>'


def _with_dtd(data, encoding="utf-8", comment=0):
    text = data.decode("utf-8")
    head, _, rest = text.partition("?>")
    body = rest.replace("Shared newsletter", "&secret;", 1)
    pad = "<!--" + "x" * comment + "-->" if comment else ""
    decl = re.sub(r"encoding=['\"][^'\"]*['\"]", f'encoding="{encoding.upper()}"', head) + "?>"
    return (decl + pad + _ENTITY.decode() + body).encode(encoding)


@pytest.mark.parametrize("part,encoding,comment", [
    ("word/document.xml", "utf-8", 0),
    ("word/document.xml", "utf-16", 0),
    ("word/document.xml", "utf-8", 70_000),
    ("word/styles.xml", "utf-8", 70_000),
    ("docProps/core.xml", "utf-16", 0),
])
def test_dtd_refused_in_every_part_and_encoding(tmp_path, part, encoding, comment):
    src = grid_docx(tmp_path / "src.docx", fill={(0, 0): "Shared newsletter"})
    bad = _rewrite(src, tmp_path / "dtd.docx", part, lambda d: _with_dtd(d, encoding, comment))
    rec = process_file(str(bad), "dtd.docx", 2015)
    report = FileReport.of(rec, "checked")
    assert [p.code for p in report.problems] == ["unsafe-file"]
    assert "ENTITY-EXPANDED" not in repr(rec)


def test_utf16_part_without_dtd_is_read(tmp_path):
    src = grid_docx(tmp_path / "src.docx", fill={(0, 0): "Shared newsletter"})
    ok = _rewrite(src, tmp_path / "u16.docx", "word/document.xml",
                  lambda d: re.sub("encoding='UTF-8'", "encoding='UTF-16'", d.decode()).encode("utf-16"))
    codes, report = _code(ok)
    assert "unsafe-file" not in codes and "corrupt-file" not in codes
    assert report.placements >= 1


def test_flat_odf_with_a_dtd_is_refused_before_conversion(tmp_path):
    path = tmp_path / "flat.fodt"
    path.write_text('<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE x [<!ENTITY e "ENTITY-EXPANDED">]>'
                    '<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0">&e;'
                    '</office:document>')
    rec = process_file(str(path), "flat.fodt", 2015)
    report = FileReport.of(rec, "checked")
    assert [p.code for p in report.problems] == ["unsafe-file"]


def test_million_row_xlsx_is_refused_quickly(tmp_path):
    src = xlsx(tmp_path / "src.xlsx", [[""] + LEVELS] + [[f] + ["word"] * 5 for f in FUNCS])
    rows = b"".join(b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (r, r) for r in range(10, 1_000_010))
    bad = _rewrite(src, tmp_path / "million.xlsx", "xl/worksheets/sheet1.xml",
                   lambda d: d.replace(b"</sheetData>", rows + b"</sheetData>"))
    before = _maxrss_mb()
    start = time.monotonic()
    codes, _ = _code(bad)
    assert time.monotonic() - start < 10
    assert _maxrss_mb() - before < 400
    assert codes == ["too-large"]


# --------------------------------------------------------------------------- properties read by a scan
# docProps/core.xml and app.xml are scanned rather than parsed (issue 21: cold ingest speed); the scan
# must give what a parse gives, refuse a DTD as a parse does, and hand anything unusual to the parser.

_CORE = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties '
         'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
         'xmlns:dc="http://purl.org/dc/elements/1.1/">{body}</cp:coreProperties>')
_APP = ('<?xml version="1.0" encoding="UTF-8"?>\n<Properties '
        'xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">{body}</Properties>')


def _with_parts(tmp_path, name, core=None, app=None):
    src = grid_docx(tmp_path / "src.docx", fill={(0, 0): "Shared newsletter"})
    dst = tmp_path / name
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "docProps/core.xml" and core is not None:
                data = core
            if info.filename == "docProps/app.xml" and app is not None:
                data = app
            zout.writestr(info.filename, data)
    return dst


def _properties(path):
    from matrix_synth.readers.properties import ooxml_properties
    with zipfile.ZipFile(path) as zf:
        return ooxml_properties(zf, path.name)


def test_properties_scan_reads_what_a_parse_reads(tmp_path):
    core = _CORE.format(body='<dc:title>NHS Fife &amp; Fife Voluntary Action</dc:title><dc:subject/>'
                             '<cp:keywords xml:lang="en">carers,  &#233;quipe</cp:keywords>'
                             '<dc:creator>Ann</dc:creator><cp:category>Matrix 2015</cp:category>').encode()
    app = _APP.format(body='<Template>Normal.dotm</Template><Company>NHS Tayside</Company>'
                           '<TitlesOfParts><vt:vector xmlns:vt="x" size="1"><vt:lpstr>Title</vt:lpstr>'
                           '</vt:vector></TitlesOfParts><Manager>J Smith</Manager>').encode()
    props = _properties(_with_parts(tmp_path, "props.docx", core, app))
    assert props == {"title": "NHS Fife & Fife Voluntary Action", "keywords": "carers, équipe",
                     "category": "Matrix 2015", "company": "NHS Tayside", "manager": "J Smith"}
    rec = process_file(str(tmp_path / "props.docx"), "props.docx", 2015)
    assert rec.placements  # and the return is read as before


def test_properties_in_another_encoding_or_with_cdata_are_parsed(tmp_path):
    utf16 = _CORE.format(body="<dc:title>NHS Highland</dc:title>").replace("UTF-8", "UTF-16").encode("utf-16")
    assert _properties(_with_parts(tmp_path, "utf16.docx", core=utf16))["title"] == "NHS Highland"
    latin = _CORE.format(body="<dc:title>Bòrd Slàinte</dc:title>").replace("UTF-8", "ISO-8859-1")
    assert _properties(_with_parts(tmp_path, "latin.docx", core=latin.encode("latin-1")))["title"] == "Bòrd Slàinte"
    cdata = _APP.format(body="<Company><![CDATA[NHS Borders & partners]]></Company>").encode()
    assert _properties(_with_parts(tmp_path, "cdata.docx", app=cdata))["company"] == "NHS Borders & partners"


def test_properties_with_a_dtd_are_refused_by_the_scan_too(tmp_path):
    evil = ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>' +
            _CORE.split("?>", 1)[1].format(body="<dc:title>&a;</dc:title>")).encode()
    codes, _ = _code(_with_parts(tmp_path, "dtd.docx", core=evil))
    assert "unsafe-file" in codes


def test_a_file_is_hashed_whole_whether_read_in_memory_or_not(tmp_path, monkeypatch):
    """A return up to pipeline.IN_MEMORY_BYTES is read once into memory (hash and reader); a larger one,
    or one that grew past the bound since it was listed, is hashed from disk, never in part."""
    import hashlib

    from matrix_synth import pipeline

    path = grid_docx(tmp_path / "grid.docx", fill={(0, 0): "Shared newsletter"})
    whole = hashlib.sha256(path.read_bytes()).hexdigest()
    small = process_file(str(path), "grid.docx", 2015)
    monkeypatch.setattr(pipeline, "IN_MEMORY_BYTES", 100)
    large = process_file(str(path), "grid.docx", 2015)
    assert small.file.sha256 == large.file.sha256 == whole
    assert [(p.function, p.level, p.text) for p in small.placements] == \
        [(p.function, p.level, p.text) for p in large.placements] and small.placements
    assert pipeline._small_file(str(path), 50) is None  # listed at 50 bytes, larger now: not read in part
