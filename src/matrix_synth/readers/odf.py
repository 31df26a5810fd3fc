"""OpenDocument text (.odt) and spreadsheet (.ods) reader on content.xml itself.

Repeated rows and columns are expanded only where they hold something (a sheet's
trailing 'repeat 16384 empty cells' costs nothing); covered (merged) cells take the
text of the cell that spans them; tracked deletions are left out; cell backgrounds
come from the automatic styles."""
from __future__ import annotations

import re
import zipfile

from ..document import Cell, Document, Location, Paragraph, Table, grid_from_cells
from .properties import odf_properties
from ..limits import MAX_CELLS, MAX_COLUMNS, MAX_DEPTH, MAX_REPEAT, MAX_ROWS, MAX_SPACES, MAX_SPAN
from ..problems import ReadFailure
from .safezip import has_part, load_xml, open_zip

OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
FO = "{urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0}"
DC = "{http://purl.org/dc/elements/1.1/}"
# Sheet dimensions ODF allows: positions past them cannot hold content.
_SHEET_ROWS, _SHEET_COLS = 1_048_576, 16_384
DRAW = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"
# Paragraphs inside a paragraph (a footnote's body, a text frame or caption box) are paragraphs of their own,
# never glued to the one that anchors them.
_APART = {TEXT + "note-body", DRAW + "text-box"}
_SKIP = {TEXT + "tracked-changes", TEXT + "note-citation", OFFICE + "annotation",
         OFFICE + "annotation-end", TEXT + "sequence-decls", TABLE + "table"}


def _count(el, attr: str, default: int = 1) -> int:
    """A count from an attribute (repeats, spans, spaces): untrusted, so at least 1 and bounded by the caller."""
    try:
        return max(1, int(el.get(attr, default)))
    except (TypeError, ValueError):
        return default


def _text(el, out: list[str], depth: int = 0) -> None:
    if depth > MAX_DEPTH * 4:
        raise ReadFailure("too-large", "text is nested too deeply to read")
    if el.text:
        out.append(el.text)
    for child in el:
        tag = child.tag
        if tag == TEXT + "s":
            out.append(" " * min(MAX_SPACES, _count(child, TEXT + "c")))
        elif tag == TEXT + "tab":
            out.append("\t")
        elif tag == TEXT + "line-break":
            out.append("\n")
        elif tag not in _SKIP and tag not in _APART and isinstance(tag, str):
            _text(child, out, depth + 1)
        if child.tail:
            out.append(child.tail)


def text_of(el) -> str:
    out: list[str] = []
    _text(el, out)
    return re.sub(r"[ \t\u00a0]+", " ", "".join(out)).strip()


def _backgrounds(root) -> dict[str, str]:
    colours = {}
    for st in root.iter(STYLE + "style"):
        props = st.find(STYLE + "table-cell-properties")
        if props is not None:
            colour = (props.get(FO + "background-color") or "").lstrip("#").upper()
            if colour and colour not in ("TRANSPARENT", "FFFFFF"):
                colours[st.get(STYLE + "name", "")] = colour
    return colours


def bold_styles(root) -> set[str]:
    """Names of the styles that make text bold (for bold lead-ins and bold headings)."""
    return {st.get(STYLE + "name", "") for st in root.iter(STYLE + "style")
            if (st.find(STYLE + "text-properties") is not None
                and st.find(STYLE + "text-properties").get(FO + "font-weight") in ("bold", "600", "700", "800", "900"))}


def bold_lead(p, bold: set[str]) -> str:
    """The paragraph's text when it is bold as a whole, or its leading bold span, else ''."""
    if p.get(TEXT + "style-name") in bold:
        return text_of(p)
    if (p.text or "").strip():
        return ""
    for child in p:
        if child.tag == TEXT + "span" and child.get(TEXT + "style-name") in bold:
            return text_of(child)
        if child.tag != TEXT + "bookmark" and child.tag != TEXT + "soft-page-break":
            return ""
    return ""


def _apart(el, depth: int = 0):
    """The note bodies and text boxes inside el (not inside one another)."""
    for child in el:
        if child.tag in _APART:
            yield child
        elif isinstance(child.tag, str) and depth < 20:
            yield from _apart(child, depth + 1)


def _lines(p) -> list[str]:
    """A paragraph's text, then the paragraphs of its notes and text boxes (at any depth), each a line."""
    lines = [text_of(p)]
    for box in _apart(p):
        lines.extend(text_of(inner) for inner in box.iter() if inner.tag in (TEXT + "p", TEXT + "h"))
    return [line for line in lines if line]


def _cell_text(cell) -> str:
    lines = [line for p in cell if p.tag in (TEXT + "p", TEXT + "h", TEXT + "list") for line in _lines(p)]
    return "\n".join(line for line in lines if line)


class _TableCells:
    """The cells of one ODF table or sheet, with repeated rows and columns expanded (bounded) and the
    positions covered by a spanning cell given its text, as merged cells."""

    def __init__(self, name: str, sheet: bool, number: int | None, fills: dict[str, str]) -> None:
        self.name, self.sheet, self.number, self.fills = name, sheet, number, fills
        self.cells: dict[tuple[int, int], Cell] = {}
        self.spans: dict[tuple[int, int], Cell] = {}  # covered position -> the spanning cell
        self.budget = MAX_CELLS

    def read(self, tbl) -> list[Cell]:
        r = 0
        for row in _rows(tbl):
            if r > _SHEET_ROWS or (not self.sheet and r > MAX_ROWS):
                break  # past the last row a sheet can have: nothing there can be content
            repeat_rows = _count(row, TABLE + "number-rows-repeated")
            row_cells = [c for c in row if c.tag in (TABLE + "table-cell", TABLE + "covered-table-cell")]
            has_content = any(len(c) for c in row_cells)
            for _ in range(min(repeat_rows, MAX_REPEAT) if has_content else 1):
                r += 1
                self.row(r, row_cells)
            if not has_content:
                r += repeat_rows - 1
        return list(self.cells.values())

    def row(self, r: int, row_cells) -> None:
        col = 0
        for c in row_cells:
            if col > _SHEET_COLS or (not self.sheet and col > MAX_COLUMNS):
                break
            repeat = _count(c, TABLE + "number-columns-repeated")
            covered = c.tag == TABLE + "covered-table-cell"
            text = "" if covered else _cell_text(c)
            fill = self.fills.get(c.get(TABLE + "style-name", ""))
            if not text and not fill and not covered:
                col += repeat
                continue
            for _k in range(min(repeat, MAX_REPEAT)):
                col += 1
                self.cell(c, r, col, text, fill, covered)
            col += max(0, repeat - MAX_REPEAT)

    def cell(self, c, r: int, col: int, text: str, fill: str | None, covered: bool) -> None:
        self.budget -= 1
        if self.budget < 0:
            raise ReadFailure("too-large", f"table '{self.name}' has more than {MAX_CELLS} cells")
        loc = Location(part=self.name, table=self.number, row=r, col=col, sheet=self.sheet)
        if covered:
            origin = self.spans.get((r, col))
            if origin is not None:
                self.cells[(r, col)] = Cell(origin.text, loc, fill=origin.fill, merged=True)
            return
        cell = Cell(text, loc, fill=fill)
        self.cells[(r, col)] = cell
        rs = _count(c, TABLE + "number-rows-spanned")
        cs = _count(c, TABLE + "number-columns-spanned")
        for dr in range(min(rs, MAX_SPAN)):
            for dc in range(min(cs, MAX_SPAN)):
                if dr or dc:
                    self.spans[(r + dr, col + dc)] = cell


def _table_cells(tbl, name: str, sheet: bool, number: int | None, fills: dict[str, str]) -> list[Cell]:
    return _TableCells(name, sheet, number, fills).read(tbl)


def _rows(tbl, depth: int = 0):
    if depth > MAX_DEPTH:
        raise ReadFailure("too-large", "row groups are nested too deeply to read")
    for child in tbl:
        if child.tag == TABLE + "table-row":
            yield child
        elif child.tag in (TABLE + "table-header-rows", TABLE + "table-rows", TABLE + "table-row-group"):
            yield from _rows(child, depth + 1)


class _TextReader:
    def __init__(self, fills: dict[str, str], bold: set[str] | None = None) -> None:
        self.fills = fills
        self.bold = bold or set()
        self.table_no = 0
        self.para_no = 0
        self.blocks: list[Paragraph | Table] = []

    def walk(self, el, depth: int = 0) -> None:
        if depth > MAX_DEPTH * 4:
            raise ReadFailure("too-large", "lists or sections are nested too deeply to read")
        for child in el:
            tag = child.tag
            if tag in (TEXT + "p", TEXT + "h"):
                self.para_no += 1
                text = text_of(child)
                if text:
                    level = child.get(TEXT + "outline-level")
                    style = f"heading{level}" if tag == TEXT + "h" else ""
                    self.blocks.append(Paragraph(text, Location(part="body", paragraph=self.para_no), style,
                                                 lead=bold_lead(child, self.bold)))
                for box in _apart(child):  # its notes and text boxes, as paragraphs of their own
                    self.walk(box)
                for inner in child.iter(TABLE + "table"):
                    self.table(inner, depth + 1)
            elif tag == TABLE + "table":
                self.table(child, depth)
            elif tag in (TEXT + "list", TEXT + "list-item", TEXT + "section", TEXT + "list-header",
                         TEXT + "index-body", TEXT + "table-of-content", TEXT + "index-title",
                         TEXT + "alphabetical-index", TEXT + "illustration-index", TEXT + "table-index",
                         TEXT + "object-index", TEXT + "user-index", TEXT + "bibliography"):
                self.walk(child, depth + 1)

    def table(self, tbl, depth: int = 0) -> None:
        if depth > MAX_DEPTH:
            raise ReadFailure("too-large", f"tables are nested more than {MAX_DEPTH} deep")
        self.table_no += 1
        number = self.table_no
        name = tbl.get(TABLE + "name", f"Table {number}")
        cells = _table_cells(tbl, f"Table {number}", False, number, self.fills)
        table = _dense(cells, name)
        self.blocks.append(table)
        for row in _rows(tbl):  # nested tables
            for c in row:
                for inner in c.iter(TABLE + "table"):
                    self.table(inner, depth + 1)


def _dense(cells: list[Cell], name: str) -> Table:
    if not cells:
        return Table(name=name, rows=[])
    height = max(c.loc.row for c in cells)
    width = max(c.loc.col for c in cells)
    if height > MAX_ROWS or width > MAX_COLUMNS:
        raise ReadFailure("too-large", f"table '{name}' is {height} rows by {width} columns")
    by_pos = {(c.loc.row, c.loc.col): c for c in cells}
    part, number = cells[0].loc.part, cells[0].loc.table
    rows = [[by_pos.get((r, c)) or Cell("", Location(part=part, table=number, row=r, col=c))
             for c in range(1, width + 1)] for r in range(1, height + 1)]
    return Table(name=name, rows=rows)


_HF_TAGS = {STYLE + t: part for t, part in (("header", "header"), ("header-left", "header"),
                                            ("header-first", "header"), ("footer", "footer"),
                                            ("footer-left", "footer"), ("footer-first", "footer"))}


def _headers_footers(styles_root) -> list[Paragraph]:
    """The page headers and footers of the master pages (each text once), as paragraphs."""
    found: dict[str, list[str]] = {"header": [], "footer": []}
    for master in styles_root.iter(STYLE + "master-page"):
        for child in master:
            part = _HF_TAGS.get(child.tag)
            if part is None:
                continue
            for el in child.iter():
                if el.tag in (TEXT + "p", TEXT + "h"):
                    text = text_of(el)
                    if text and text not in found[part]:
                        found[part].append(text)
    return [Paragraph(text, Location(part=part, paragraph=n)) for part in ("header", "footer")
            for n, text in enumerate(found[part], start=1)]


def read(path: str, label: str, fmt: str = "odt", zf: zipfile.ZipFile | None = None) -> Document:
    with zf or open_zip(path, label) as zf:
        root = load_xml(zf, "content.xml", label)
        fills = _backgrounds(root)
        printed: list[Paragraph] = []
        if has_part(zf, "styles.xml"):
            styles_root = load_xml(zf, "styles.xml", label)
            fills = {**_backgrounds(styles_root), **fills}
            printed = _headers_footers(styles_root)
        props = odf_properties(zf, label)
    doc = Document(path=path, format=fmt, title=props.get("title", ""), properties=props)
    body = root.find(OFFICE + "body")
    if body is None:
        doc.blocks = printed
        return doc
    if fmt == "ods":
        sheet_root = body.find(OFFICE + "spreadsheet")
        for tbl in sheet_root.iter(TABLE + "table") if sheet_root is not None else ():
            name = tbl.get(TABLE + "name", "Sheet")
            table = grid_from_cells(name, _table_cells(tbl, name, True, None, fills), sheet=True, context=[name])
            if table.rows:
                doc.blocks.append(table)
        doc.blocks = [p for p in printed if p.loc.part == "header"] + doc.blocks + \
            [p for p in printed if p.loc.part == "footer"]
        return doc
    reader = _TextReader(fills, bold_styles(root))
    text_root = body.find(OFFICE + "text")
    if text_root is not None:
        reader.walk(text_root)
    doc.blocks = [p for p in printed if p.loc.part == "header"] + reader.blocks + \
        [p for p in printed if p.loc.part == "footer"]
    return doc
