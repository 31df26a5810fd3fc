"""Hand-made returns in the shapes real boards send, written as real Office files."""
from __future__ import annotations

import copy

from docx import Document
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from openpyxl import Workbook
from openpyxl.styles import PatternFill

W14 = 'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"'

FUNCS = ["Policy & Strategy Development", "Planning & Commissioning", "Contracting & Service Delivery",
         "Capacity Building", "Learning Exchange"]
LEVELS = ["1 Inform", "2 Consult", "3 Involve", "4 Collaborate", "5 Empower"]


def docx_table(doc, rows):
    table = doc.add_table(rows=len(rows), cols=max(len(r) for r in rows))
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    return table


def grid_docx(path, row_labels=FUNCS, col_labels=LEVELS, fill=None, title_rows=(), before=(), after=(),
              transposed=False):
    """A grid; fill maps (row index, col index) -> text. title_rows go above the header in the same table."""
    doc = Document()
    for text in before:
        doc.add_paragraph(text)
    header = [""] + list(col_labels)
    rows = [[t] + [""] * len(col_labels) for t in title_rows]
    rows.append(header)
    for i, label in enumerate(row_labels):
        rows.append([label] + [(fill or {}).get((i, j), "") for j in range(len(col_labels))])
    docx_table(doc, rows)
    for text in after:
        doc.add_paragraph(text)
    doc.save(path)
    return path


def sdt_cell_xml(text):
    """A content control wrapping a whole table cell (python-docx's table API cannot see it)."""
    return (f'<w:sdt {nsdecls("w")}><w:sdtPr><w:alias w:val="Evidence"/></w:sdtPr><w:sdtContent>'
            f'<w:tc><w:tcPr><w:tcW w:w="1800" w:type="dxa"/></w:tcPr><w:p><w:r><w:t xml:space="preserve">{text}'
            '</w:t></w:r></w:p></w:tc></w:sdtContent></w:sdt>')


def checkbox_run_xml(checked, glyph):
    """A checkbox content control (w14:checkbox) whose shown glyph may disagree with its state."""
    return (f'<w:sdt {nsdecls("w")} {W14}><w:sdtPr><w14:checkbox><w14:checked w14:val="{1 if checked else 0}"/>'
            '<w14:checkedState w14:val="2612" w14:font="MS Gothic"/><w14:uncheckedState w14:val="2610" '
            f'w14:font="MS Gothic"/></w14:checkbox></w:sdtPr><w:sdtContent><w:r><w:t>{glyph}</w:t></w:r>'
            '</w:sdtContent></w:sdt>')


def legacy_checkbox_xml(checked):
    """A legacy form-field checkbox (Word 97-2003 'Check Box Form Field')."""
    state = '<w:default w:val="1"/>' if checked else '<w:default w:val="0"/>'
    return [f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="Check1"/>'
            f'<w:enabled/><w:calcOnExit w:val="0"/><w:checkBox><w:sizeAuto/>{state}</w:checkBox></w:ffData>'
            '</w:fldChar></w:r>',
            f'<w:r {nsdecls("w")}><w:instrText xml:space="preserve"> FORMCHECKBOX </w:instrText></w:r>',
            f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="end"/></w:r>']


def put_in_cell(cell, xml_fragments):
    """Replace a cell's first paragraph content by raw run-level XML fragments."""
    p = cell.paragraphs[0]._p
    for child in list(p):
        if child.tag != qn("w:pPr"):
            p.remove(child)
    for frag in xml_fragments:
        p.append(parse_xml(frag))


def tracked_paragraph_xml(kept, inserted, deleted):
    return (f'<w:p {nsdecls("w")}><w:r><w:t xml:space="preserve">{kept} </w:t></w:r>'
            f'<w:ins w:id="1" w:author="Reviewer" w:date="2013-05-01T00:00:00Z"><w:r><w:t xml:space="preserve">'
            f'{inserted}</w:t></w:r></w:ins>'
            f'<w:del w:id="2" w:author="Reviewer" w:date="2013-05-01T00:00:00Z"><w:r><w:delText xml:space="preserve">'
            f'{deleted}</w:delText></w:r></w:del></w:p>')


def replace_cell_with_sdt(table, r, c, text):
    tc = table.cell(r, c)._tc
    tc.addprevious(parse_xml(sdt_cell_xml(text)))
    tc.getparent().remove(tc)


def xlsx(path, rows, sheet="Matrix", fills=None, merges=(), extra_sheets=None):
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    for ref, colour in (fills or {}).items():
        ws[ref].fill = PatternFill("solid", fgColor=colour)
    for m in merges:
        ws.merge_cells(m)
    for name, srows in (extra_sheets or {}).items():
        ws2 = wb.create_sheet(name)
        for row in srows:
            ws2.append(row)
    wb.save(path)
    return path


__all__ = ["copy", "OxmlElement", "Document", "docx_table", "grid_docx", "put_in_cell", "checkbox_run_xml",
           "legacy_checkbox_xml", "tracked_paragraph_xml", "replace_cell_with_sdt", "xlsx", "FUNCS", "LEVELS"]
