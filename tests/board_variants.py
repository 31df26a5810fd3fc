"""A generator of returns that name their board in one place only, written one of the ways boards
write their names: page headers and footers (Word, ODF, Excel print headers), text boxes (DrawingML and
VML, beside the partner field), document properties, the file name and the folder name.

Each variant is (place, writing, expected board id); make_variant writes the file and returns its path.
Used by tests/test_boards.py (a sample) and benchmarks/bench_boards.py (all of them)."""
from __future__ import annotations

import os
import zipfile
from xml.sax.saxutils import escape

from builders import FUNCS, LEVELS

# expected board id -> ways people write it
WRITINGS: dict[str, tuple[str, ...]] = {
    "lothian": ("Lothian Health Board", "NHS LOTHIAN", "Health Board for Lothian", "NHS Lothian's", "N.H.S. Lothian"),
    "grampian": ("Grampian NHS Board", "NHS-Grampian", "nhs grampian"),
    "greater-glasgow-clyde": ("NHS GGC", "NHS Greater Glasgow & Clyde", "GG and C", "NHSGGC",
                              "Greater Glasgow and Clyde Health Board", "NHS Greater-Glasgow-and-Clyde"),
    "western-isles": ("Bòrd SSN nan Eilean Siar", "NHS Eileanan Siar", "Western Isles Health Board",
                      "NHS Western-Isles"),
    "nss": ("NSS", "NHS National Services Scotland", "National Services Scotland (NSS)"),
    "fife": ("Health Board for Fife", "NHS FIFE", "Fife NHS Board", "NHS Fife’s"),
    "forth-valley": ("NHS Forth-Valley", "Forth Valley Health Board", "NHS_Forth_Valley"),
    "dumfries-galloway": ("NHS Dumfries and Galloway", "NHS D&G", "Dumfries & Galloway NHS Board"),
    "ayrshire-arran": ("NHS Ayrshire & Arran", "NHS A&A", "Ayrshire and Arran Health Board"),
    "nhs24": ("NHS 24", "NHS24", "NHS-24"),
    "sas": ("Scottish Ambulance Service", "SAS"),
    "his": ("Healthcare Improvement Scotland", "HIS"),
    "state-hospital": ("The State Hospitals Board for Scotland", "State Hospital"),
    "golden-jubilee": ("Golden Jubilee National Hospital", "NHS National Waiting Times Centre"),
    "nes": ("NHS Education for Scotland", "NES"),
    "health-scotland": ("NHS Health Scotland",),
    "borders": ("NHS Borders", "Borders Health Board"),
    "orkney": ("NHS Orkney",), "shetland": ("Shetland NHS Board",), "tayside": ("NHS Tayside",),
    "highland": ("NHS Highland",), "lanarkshire": ("NHS Lanarkshire",),
}

PLACES = ("docx-header", "docx-header-table", "docx-footer", "docx-textbox", "docx-vml-textbox",
          "docx-title", "docx-subject", "docx-keywords", "docx-company", "xlsx-print-header",
          "xlsx-print-footer", "xlsx-title", "odt-header", "odt-footer", "odt-subject", "file-name", "folder-name")

# A partner named after a place: a strong hint, but never the board.
PARTNER = "Voluntary Action Partnership"
DECOY_PARTNER = "Fife Voluntary Action"


def variants() -> list[tuple[str, str, str]]:
    out = []
    for board, writings in WRITINGS.items():
        for writing in writings:
            for place in PLACES:
                if place in ("file-name", "folder-name") and any(ch in writing for ch in "’'()"):
                    continue
                out.append((place, writing, board))
    return out


def _grid_rows():
    rows = [[""] + LEVELS]
    for i, f in enumerate(FUNCS):
        rows.append([f] + ["Met the TSI to agree the plan." if j == i % 5 else "" for j in range(5)])
    return rows


def _docx(path, header=None, header_table=None, footer=None, textbox=None, vml=False, props=None, company=None,
          partner=PARTNER):
    from docx import Document
    from docx.oxml import parse_xml
    doc = Document()
    sec = doc.sections[0]
    if header:
        sec.header.paragraphs[0].text = header
    if header_table:
        t = sec.header.add_table(1, 2, sec.page_width)
        t.cell(0, 0).text, t.cell(0, 1).text = header_table
    if footer:
        sec.footer.paragraphs[0].text = footer
    host = doc.add_paragraph("Engagement Matrix 2013")
    if textbox:
        paras = "".join(f'<w:p><w:r><w:t xml:space="preserve">{escape(t)}</w:t></w:r></w:p>' for t in textbox)
        if vml:
            xml = ('<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
                   'xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape style="width:300pt;height:60pt">'
                   f'<v:textbox><w:txbxContent>{paras}</w:txbxContent></v:textbox></v:shape></w:pict></w:r>')
        else:
            xml = ('<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
                   'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
                   'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
                   'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
                   'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
                   'xmlns:v="urn:schemas-microsoft-com:vml"><mc:AlternateContent>'
                   '<mc:Choice Requires="wps"><w:drawing><wp:anchor><wp:extent cx="3810000" cy="762000"/>'
                   '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
                   f'<wps:wsp><wps:txbx><w:txbxContent>{paras}</w:txbxContent></wps:txbx></wps:wsp>'
                   '</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>'
                   '<mc:Fallback><w:pict><v:shape><v:textbox>'
                   f'<w:txbxContent>{paras}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>'
                   '</mc:AlternateContent></w:r>')
        host._p.append(parse_xml(xml))
    elif partner:
        doc.add_paragraph(f"Third sector partner(s): {partner}")
    for key, value in (props or {}).items():
        setattr(doc.core_properties, key, value)
    rows = _grid_rows()
    table = doc.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    doc.save(path)
    if company:
        _set_company(path, company)
    return path


def _set_company(path, company):
    with zipfile.ZipFile(path) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    app = parts.get("docProps/app.xml", b"").decode()
    tag = f"<Company>{escape(company)}</Company>"
    app = app.replace("<Company/>", tag) if "<Company/>" in app else app.replace("</Properties>", tag + "</Properties>")
    parts["docProps/app.xml"] = app.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for n, data in parts.items():
            zf.writestr(n, data)


def _xlsx(path, header=None, footer=None, title=None):
    from openpyxl import Workbook
    wb = Workbook()
    ws = wb.active
    ws.title = "Matrix"
    for row in _grid_rows():
        ws.append(row)
    header, footer = (t.replace("&", "&&") if t else t for t in (header, footer))  # as Excel writes '&'
    if header:
        ws.oddHeader.left.text = header
        ws.oddHeader.right.text = "Engagement Matrix 2013"
    if footer:
        ws.oddFooter.center.text = footer
    if title:
        wb.properties.title = title
    wb.save(path)
    return path


_ODF_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
           'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
           'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
           'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
           'xmlns:dc="http://purl.org/dc/elements/1.1/" '
           'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"')


def _odt(path, header=None, footer=None, subject=None):
    cells = "".join("<table:table-row>" + "".join(
        f"<table:table-cell><text:p>{escape(t)}</text:p></table:table-cell>" for t in row) + "</table:table-row>"
        for row in _grid_rows())
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_ODF_NS} office:version="1.2">'
               '<office:body><office:text><text:p>Engagement Matrix 2013</text:p>'
               f'<text:p>Third sector partner(s): {PARTNER}</text:p>'
               f'<table:table table:name="Table1">{cells}</table:table></office:text></office:body>'
               '</office:document-content>')
    hf = ""
    if header:
        hf += f"<style:header><text:p>{escape(header)}</text:p></style:header>"
    if footer:
        hf += f"<style:footer><text:p>{escape(footer)}</text:p></style:footer>"
    styles = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-styles {_ODF_NS} office:version="1.2">'
              '<office:master-styles><style:master-page style:name="Standard">'
              f'{hf}</style:master-page></office:master-styles></office:document-styles>')
    meta = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-meta {_ODF_NS} office:version="1.2">'
            f'<office:meta>{f"<dc:subject>{escape(subject)}</dc:subject>" if subject else ""}</office:meta>'
            '</office:document-meta>')
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" '
                'manifest:media-type="application/vnd.oasis.opendocument.text"/></manifest:manifest>')
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        for name, data in (("content.xml", content), ("styles.xml", styles), ("meta.xml", meta),
                           ("META-INF/manifest.xml", manifest)):
            zf.writestr(name, data, zipfile.ZIP_DEFLATED)
    return path


def make_variant(folder, n: int, place: str, writing: str) -> str:
    """Write return number n with the board written `writing` in `place` only; returns its path."""
    folder = str(folder)
    stem = f"return-{n:04d}"
    if place == "folder-name":
        folder = os.path.join(folder, f"{writing} 2013")
        os.makedirs(folder, exist_ok=True)
        return _docx(os.path.join(folder, f"{stem}.docx"))
    if place == "file-name":
        return _docx(os.path.join(folder, f"{writing} engagement matrix 2013 {n}.docx"))
    path = os.path.join(folder, stem)
    if place.startswith("xlsx"):
        kwargs = {"xlsx-print-header": {"header": writing}, "xlsx-print-footer": {"footer": writing},
                  "xlsx-title": {"title": f"{writing} Engagement Matrix"}}[place]
        return _xlsx(path + ".xlsx", **kwargs)
    if place.startswith("odt"):
        kwargs = {"odt-header": {"header": f"{writing} – Engagement Matrix 2013"},
                  "odt-footer": {"footer": writing}, "odt-subject": {"subject": writing}}[place]
        return _odt(path + ".odt", **kwargs)
    kwargs = {"docx-header": {"header": f"{writing}\tEngagement Matrix 2013"},
              "docx-header-table": {"header_table": ("Health Board", writing)},
              "docx-footer": {"footer": f"Return from {writing}"},
              "docx-textbox": {"textbox": (writing, f"Third sector partner(s): {DECOY_PARTNER}")},
              "docx-vml-textbox": {"textbox": (f"Third sector partner(s): {DECOY_PARTNER}", writing), "vml": True},
              "docx-title": {"props": {"title": f"{writing} Engagement Matrix"}},
              "docx-subject": {"props": {"subject": writing}},
              "docx-keywords": {"props": {"keywords": f"engagement matrix; {writing}; third sector"}},
              "docx-company": {"company": writing}}[place]
    return _docx(path + ".docx", **kwargs)
