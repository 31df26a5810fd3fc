"""CSV/TSV reader. UTF-8 (with or without BOM) first, then Windows-1252, which Excel on
Windows writes; anything else is reported, never guessed silently."""
from __future__ import annotations

import csv as _csv
import io
import os

from ..document import Cell, Document, Location, grid_from_cells
from ..problems import Problem, ReadFailure

from ..limits import MAX_CELLS, MAX_COLUMNS
from ..limits import MAX_CSV_BYTES as MAX_BYTES


def read(path: str, label: str, fmt: str = "csv") -> Document:
    if os.path.getsize(path) > MAX_BYTES:
        raise ReadFailure("too-large", f"{label} is larger than {MAX_BYTES // 1_000_000} MB")
    with open(path, "rb") as fh:
        raw = fh.read()
    if b"\x00" in raw[:8192]:
        raise ReadFailure("wrong-format", f"{label} is named as a CSV file but holds binary data")
    doc = Document(path=path, format="csv")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError:
            line = raw[: exc.start].count(b"\n") + 1
            raise ReadFailure("encoding", f"{label} has characters that cannot be read (byte 0x{raw[exc.start]:02X} "
                                          f"on line {line})", location=f"line {line}") from None
        doc.warnings.append(Problem("encoding-guessed", f"{label} is not UTF-8 and was read as Windows-1252"))
    sample = text[:8192]
    try:
        dialect = _csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except _csv.Error:
        dialect = _csv.excel_tab if path.lower().endswith(".tsv") else _csv.excel
    name = os.path.basename(path)
    cells = []
    _csv.field_size_limit(max(MAX_BYTES, 131072))
    try:
        _read_rows(text, dialect, label, name, cells)
    except _csv.Error as exc:
        raise ReadFailure("corrupt-file", f"{label} is not a readable CSV file ({exc})") from None
    table = grid_from_cells(name, cells, sheet=True, context=[os.path.splitext(name)[0]])
    if table.rows:
        doc.blocks.append(table)
    return doc


def _read_rows(text: str, dialect, label: str, name: str, cells: list[Cell]) -> None:
    for r, row in enumerate(_csv.reader(io.StringIO(text, newline=""), dialect), start=1):
        if len(row) > MAX_COLUMNS:
            raise ReadFailure("too-large", f"{label}: line {r} has {len(row)} columns (limit {MAX_COLUMNS})",
                              location=f"line {r}")
        if len(cells) > MAX_CELLS:
            raise ReadFailure("too-large", f"{label} has more than {MAX_CELLS} filled cells")
        for c, value in enumerate(row, start=1):
            if value.strip():
                cells.append(Cell(value.strip(), Location(part=name, row=r, col=c, sheet=True)))
