"""Tables typed as text: lines whose fields are separated by tabs, or lined up in columns with
spaces (in Word paragraphs, a .txt file, the plain body of an e-mail). A run of such lines becomes a
table, each field a cell that keeps its line's location and its column (P12C2), so the finders read
it like any table; lines that are not part of a run stay paragraphs."""
from __future__ import annotations

import re

from ..document import Cell, Location, Paragraph, Table

_GAP = re.compile(r"\S(?: ?\S)*")  # a field: words with single spaces between them
MIN_LINES = 2
MAX_FIELDS = 12


def _tab_fields(text: str) -> list[str] | None:
    if "\t" not in text:
        return None
    fields = [f.strip() for f in text.split("\t")]
    return fields if 2 <= len(fields) <= MAX_FIELDS else None


def _spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each field of a line whose fields are two or more spaces apart."""
    return [m.span() for m in _GAP.finditer(text)]


def _aligned_run(lines: list[str]) -> list[list[str]] | None:
    """The fields of lines lined up in columns: every line's fields start where a column starts (the
    header's, or any line's), with two spaces or more between fields."""
    spans = [_spans(line) for line in lines]
    if sum(1 for s in spans if len(s) >= 2) < MIN_LINES:
        return None
    starts = sorted({s for line in spans for s, _e in line})
    columns: list[int] = []
    for s in starts:
        if not columns or s - columns[-1] > 2:
            columns.append(s)
    if not 2 <= len(columns) <= MAX_FIELDS:
        return None
    out = []
    for line, line_spans in zip(lines, spans):
        fields = [""] * len(columns)
        for s, e in line_spans:
            k = max(i for i, c in enumerate(columns) if c <= s + 2)
            fields[k] = (fields[k] + " " + line[s:e]).strip()
        out.append(fields)
    # a real column layout: most columns are used by several lines
    used = sum(1 for k in range(len(columns)) if sum(1 for f in out if f[k]) >= 2)
    return out if used >= 2 else None


def _table(run: list[Paragraph], rows: list[list[str]], n: int) -> Table:
    width = max(len(r) for r in rows)
    cells = []
    for p, fields in zip(run, rows):
        cells.append([Cell(fields[k] if k < len(fields) else "",
                           Location(part=p.loc.part, paragraph=p.loc.paragraph, col=k + 1))
                      for k in range(width)])
    return Table(name=f"Typed table {n}", rows=cells)


def typed_tables(blocks: list) -> list:
    """The blocks with each run of typed-table lines turned into a Table."""
    out: list = []
    run: list[Paragraph] = []
    count = 0

    def close() -> None:
        nonlocal count
        if len(run) >= MIN_LINES:
            rows = [_tab_fields(p.text) for p in run]
            if all(r is not None for r in rows):
                count += 1
                out.append(_table(run, rows, count))
                run.clear()
                return
            rows = _aligned_run([p.text for p in run])
            if rows is not None:
                count += 1
                out.append(_table(run, rows, count))
                run.clear()
                return
        out.extend(run)
        run.clear()

    for block in blocks:
        if isinstance(block, Paragraph) and block.style != "title" and ("\t" in block.text or "   " in block.text) \
                and "\n" not in block.text and len(block.text) < 600:
            if run and run[-1].loc.part != block.loc.part:
                close()
            run.append(block)
            continue
        close()
        out.append(block)
    close()
    return out
