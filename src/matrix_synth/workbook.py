"""A small streaming .xlsx writer for exports: plain values, a bold frozen header row,
an auto-filter and column widths, nothing else.

openpyxl (even in write-only mode) and XlsxWriter spend 12-25 us on every cell; an
export of ten years of returns is over a million cells, which took 36 s. Writing the
SpreadsheetML directly takes ~2 us a cell. Text is written as inline strings (a text
cell is never evaluated as a formula), numbers as numbers, and anything Excel cannot
hold is made safe: characters XML forbids are dropped and text over Excel's 32,767
characters per cell is cut with a note saying so."""
from __future__ import annotations

import math
import re
import zipfile
from typing import Any, Iterable
from xml.sax.saxutils import escape

from .document import column_letter

MAX_CELL_CHARS = 32_767  # Excel's limit for one cell
_CUT_NOTE = " […cut: longer than an Excel cell can hold; see the CSV or JSON export]"
# Characters XML 1.0 does not allow (tab, newline and carriage return are allowed).
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_HEADER_STYLE = 1  # index in cellXfs below: bold
# Number formats a column can ask for (index in cellXfs below): whole numbers, two decimals, a percentage.
FORMATS = {"integer": 2, "decimal": 3, "percent": 4}

_STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="{_MAIN}"><fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>\
<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>\
<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
<cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>\
<xf numFmtId="1" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="2" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="9" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>\
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>"""


def text_value(value: str) -> str:
    """value as it can be stored in a cell: XML-safe and within Excel's length limit."""
    value = _ILLEGAL.sub("", value)
    if len(value) > MAX_CELL_CHARS:
        value = value[: MAX_CELL_CHARS - len(_CUT_NOTE)] + _CUT_NOTE
    return value


def _cell(ref: str, value: Any, style: str = "") -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int) and abs(value) < 1e15:
        return f'<c r="{ref}"{style}><v>{value}</v></c>'
    if isinstance(value, float) and math.isfinite(value):
        return f'<c r="{ref}"{style}><v>{value!r}</v></c>'
    text = escape(text_value(value if isinstance(value, str) else str(value)))
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


def _quoted(sheet: str) -> str:
    return "'" + sheet.replace("'", "''") + "'"


def safe_sheet_name(name: str, taken: set[str]) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\, unique (case-insensitively)."""
    base = re.sub(r"[\[\]:*?/\\]", "-", name).strip("'")[:31] or "Sheet"
    candidate, n = base, 1
    while candidate.lower() in taken:
        n += 1
        candidate = f"{base[:31 - len(str(n)) - 1]} {n}"
    taken.add(candidate.lower())
    return candidate


def write_workbook(path: str, sheets: Iterable[tuple]) -> None:
    """Write sheets, each (name, header, rows, column widths[, number formats]), to path. The number
    formats, one per column, are None or a key of FORMATS (for numbers in that column).

    rows may be a generator: it is written as it comes, 1,000 rows at a time."""
    names: list[str] = []
    filters: list[str] = []
    taken: set[str] = set()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        for n, (name, header, rows, widths, *formats) in enumerate(sheets, start=1):
            name = safe_sheet_name(name, taken)
            names.append(name)
            with zf.open(f"xl/worksheets/sheet{n}.xml", "w", force_zip64=True) as fh:
                last_row = _write_sheet(fh, header, rows, widths, selected=n == 1,
                                        formats=formats[0] if formats else None)
            last_col = column_letter(max(1, len(header)))
            filters.append(f"$A$1:${last_col}${last_row}")
        zf.writestr("[Content_Types].xml", _content_types(len(names)))
        zf.writestr("_rels/.rels", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships '
                                   f'xmlns="{_PKG_REL}"><Relationship Id="rId1" Type="{_REL}/officeDocument" '
                                   'Target="xl/workbook.xml"/></Relationships>')
        zf.writestr("xl/workbook.xml", _workbook(names, filters))
        zf.writestr("xl/_rels/workbook.xml.rels", _workbook_rels(len(names)))
        zf.writestr("xl/styles.xml", _STYLES)


def _write_sheet(fh, header: list[str], rows: Iterable[list[Any]], widths: list[float], selected: bool,
                 formats: list[str | None] | None = None) -> int:
    letters = [column_letter(i) for i in range(1, max(1, len(header)) + 1)]
    styles = [f' s="{FORMATS[f]}"' if f in FORMATS else "" for f in (formats or [])]
    styles += [""] * (len(letters) - len(styles))
    cols = "".join(f'<col min="{i}" max="{i}" width="{w:.1f}" customWidth="1"/>' for i, w in enumerate(widths, 1))
    tab = ' tabSelected="1"' if selected else ""
    head = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}">',
            f'<sheetViews><sheetView{tab} workbookViewId="0">'
            '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
            '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>',
            '<sheetFormatPr defaultRowHeight="15"/>', f"<cols>{cols}</cols>" if cols else "", "<sheetData>",
            '<row r="1">', *(f'<c r="{letters[i]}1" s="{_HEADER_STYLE}" t="inlineStr"><is><t xml:space="preserve">'
                             f"{escape(text_value(str(h)))}</t></is></c>" for i, h in enumerate(header)), "</row>"]
    fh.write("".join(head).encode("utf-8"))
    r = 1
    chunk: list[str] = []
    width = len(letters)
    for row in rows:
        r += 1
        cells = "".join(_cell(f"{letters[c]}{r}", v, styles[c]) for c, v in enumerate(row[:width]))
        chunk.append(f'<row r="{r}">{cells}</row>')
        if len(chunk) >= 1000:
            fh.write("".join(chunk).encode("utf-8"))
            chunk = []
    chunk.append("</sheetData>")
    chunk.append(f'<autoFilter ref="A1:{letters[-1]}{r}"/>')
    chunk.append("</worksheet>")
    fh.write("".join(chunk).encode("utf-8"))
    return r


def _content_types(n: int) -> str:
    sheets = "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
                     'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' for i in range(1, n + 1))
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/'
            'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
            'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/'
            f'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>{sheets}</Types>')


def _workbook(names: list[str], filters: list[str]) -> str:
    sheets = "".join(f'<sheet name="{escape(name, {chr(34): "&quot;"})}" sheetId="{i}" r:id="rId{i}"/>'
                     for i, name in enumerate(names, start=1))
    defined = "".join(f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i}" hidden="1">'
                      f"{escape(_quoted(name))}!{ref}</definedName>"
                      for i, (name, ref) in enumerate(zip(names, filters)))
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="{_MAIN}" xmlns:r="{_REL}">'
            f'<bookViews><workbookView activeTab="0"/></bookViews><sheets>{sheets}</sheets>'
            f"<definedNames>{defined}</definedNames></workbook>")


def _workbook_rels(n: int) -> str:
    rels = "".join(f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                   for i in range(1, n + 1))
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{_PKG_REL}">{rels}'
            f'<Relationship Id="rId{n + 1}" Type="{_REL}/styles" Target="styles.xml"/></Relationships>')
