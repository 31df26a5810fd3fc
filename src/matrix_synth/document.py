"""Plain data that readers return: tables and paragraphs with their locations.

Readers never touch the store or the detector; the detector never opens files."""
from __future__ import annotations

from dataclasses import dataclass, field


def column_letter(col: int) -> str:
    """1 -> A, 28 -> AB (as Excel shows it)."""
    letters = ""
    while col > 0:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


@dataclass(frozen=True, init=False)
class Location:
    """Where a piece of text sits, in the coordinates the analyst sees in Excel or Word."""

    part: str = ""  # sheet name, or 'body' / 'header' / 'footer' / 'page N'
    table: int | None = None  # 1-based table number in a document (None in a sheet)
    row: int | None = None  # 1-based row (Excel row number in a sheet)
    col: int | None = None  # 1-based column
    paragraph: int | None = None  # 1-based paragraph number
    sheet: bool = False
    scanned: bool = False  # read by OCR from a scan or a photo (its text may be misread)

    def __init__(self, part: str = "", table: int | None = None, row: int | None = None, col: int | None = None,
                 paragraph: int | None = None, sheet: bool = False, scanned: bool = False) -> None:
        # Written into the instance's dict: a frozen dataclass's own __init__ sets each field through
        # object.__setattr__, twice as slow, and a return holds a Location for every cell it has.
        # Still frozen: setting a field afterwards raises. Same fields, same defaults (tested).
        d = self.__dict__
        d["part"], d["table"], d["row"], d["col"] = part, table, row, col
        d["paragraph"], d["sheet"], d["scanned"] = paragraph, sheet, scanned

    def describe(self) -> str:
        if self.sheet:
            where = f"sheet '{self.part}'"
            if self.row and self.col:
                return f"{where} cell {column_letter(self.col)}{self.row}"
            return where
        bits = []
        if self.part and self.part != "body":
            bits.append(self.part)
        if self.table is not None:
            bits.append(f"table {self.table}")
            if self.row is not None:
                bits.append(f"row {self.row}")
            if self.col is not None:
                bits.append(f"column {self.col}")
        elif self.paragraph is not None:
            bits.append(f"paragraph {self.paragraph}")
            if self.col is not None:  # a column typed with tabs or spaces in a line of text
                bits.append(f"column {self.col}")
        return ", ".join(bits) or "document"

    def cell_ref(self) -> str:
        """A short reference: 'Carers!B7', 'T2 R3C4', 'P12'."""
        if self.sheet:
            if self.row and self.col:
                return f"{self.part}!{column_letter(self.col)}{self.row}"
            return self.part
        prefix = "" if self.part in ("", "body") else f"{self.part} "
        if self.table is not None:
            return f"{prefix}T{self.table} R{self.row}C{self.col}"
        if self.paragraph is not None:
            return f"{prefix}P{self.paragraph}" + (f"C{self.col}" if self.col is not None else "")
        return prefix.strip() or "document"


@dataclass
class Cell:
    text: str
    loc: Location
    checked: bool | None = None  # a checkbox's state (form field or content control), None if no checkbox
    fill: str | None = None  # background colour ('FFFF00' or 'theme:4'), None for none/white
    merged: bool = False  # a covered part of a merged cell: its text belongs to another Cell
    placeholder: bool = False  # text is a content control's unfilled placeholder


@dataclass
class Table:
    """A grid of cells: a Word/ODF/PDF table or a spreadsheet sheet.

    rows is rectangular; empty rows and columns of a sheet are left out but every
    Cell keeps its true row and column."""

    name: str
    rows: list[list[Cell]]
    context: list[str] = field(default_factory=list)  # headings/captions just above it
    sheet: bool = False
    nested_in: str | None = None

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)


@dataclass
class Paragraph:
    text: str
    loc: Location
    style: str = ""  # 'title', 'heading1'…, 'list', '' for body text
    checked: bool | None = None
    placeholder: bool = False
    lead: str = ""  # the bold run(s) the paragraph starts with ('Planning.' in '**Planning.** We…'), if any

    @property
    def is_heading(self) -> bool:
        return self.style.startswith(("heading", "title"))


Block = "Paragraph | Table"


@dataclass
class Document:
    path: str
    format: str  # 'docx', 'xlsx', 'odt', 'ods', 'xls', 'pdf', 'csv'
    blocks: list[Paragraph | Table] = field(default_factory=list)
    title: str = ""  # document properties title, if any
    properties: dict[str, str] = field(default_factory=dict)  # title, subject, keywords, company… (bounded)
    warnings: list = field(default_factory=list)  # problems.Problem, typed (code, severity, location) by the reader

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph)]


def grid_from_cells(name: str, cells: list[Cell], sheet: bool = True, context: list[str] | None = None) -> Table:
    """Build a compact rectangular Table from sparse cells, dropping empty rows and columns."""
    rows_used = sorted({c.loc.row for c in cells if c.text.strip() or c.fill or c.checked is not None})
    cols_used = sorted({c.loc.col for c in cells if c.text.strip() or c.fill or c.checked is not None})
    from .limits import MAX_COLUMNS, MAX_GRID_CELLS, MAX_ROWS
    if len(rows_used) > MAX_ROWS or len(cols_used) > MAX_COLUMNS or len(rows_used) * len(cols_used) > MAX_GRID_CELLS:
        from .problems import ReadFailure
        raise ReadFailure("too-large", f"{name} has content in {len(rows_used)} rows and {len(cols_used)} "
                                       f"columns (limits: {MAX_ROWS} rows, {MAX_COLUMNS} columns, "
                                       f"{MAX_GRID_CELLS} cells)")
    by_pos = {(c.loc.row, c.loc.col): c for c in cells}
    rows: list[list[Cell]] = []
    for r in rows_used:
        row = []
        for c in cols_used:
            cell = by_pos.get((r, c))
            if cell is None:
                cell = Cell("", Location(part=name, row=r, col=c, sheet=sheet))
            row.append(cell)
        rows.append(row)
    return Table(name=name, rows=rows, context=context or [], sheet=sheet)
