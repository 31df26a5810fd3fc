"""Write a list of row dicts as CSV, Excel or Markdown (for summary, compare and export)."""
from __future__ import annotations

import csv
import itertools
import sys
from contextlib import contextmanager
from typing import Any, Iterable, Iterator, TextIO


def _columns(rows: list[dict[str, Any]]) -> list[str]:
    cols: list[str] = []
    for row in rows:
        for key in row:
            if key not in cols:
                cols.append(key)
    return cols


def to_markdown(rows: list[dict[str, Any]], title: str = "") -> str:
    cols = _columns(rows)
    out = [f"## {title}", ""] if title else []
    if not rows:
        return "\n".join(out + ["(nothing to show)", ""])
    out.append("| " + " | ".join(_md_cell(c) for c in cols) + " |")
    out.append("|" + "|".join("---" for _ in cols) + "|")
    for row in rows:
        cells = [_md_cell(row.get(c)) for c in cols]
        out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out) + "\n"


def _md_cell(value) -> str:
    """A value as a Markdown table cell: markup from a return ('<img onerror=…>', '[x](javascript:…)')
    shown as text, never rendered."""
    from .safetext import md_escape
    return md_escape(str("" if value is None else value))


def write_csv(rows: Iterable[dict[str, Any]], fh, columns: list[str] | None = None) -> None:
    if columns is None:
        rows = list(rows)  # the columns are every key seen
    writer = csv.DictWriter(fh, fieldnames=columns or _columns(rows), extrasaction="ignore")
    writer.writeheader()
    writer.writerows({k: csv_value(v) for k, v in row.items()} for row in rows)


def write_xlsx(sheets: dict[str, Iterable[dict[str, Any]]], path: str,
               columns: dict[str, list[str]] | None = None, formats: dict[str, str] | None = None) -> None:
    """One sheet per entry, header row bold, frozen and filtered: ready for a pivot table.

    Rows may be generators: they are written as they come (column widths are judged on the
    first 200 rows, and so are the columns when none are given). formats maps a column name to
    a number format (integer, decimal, percent) wherever that column appears."""
    from .workbook import write_workbook

    def sheet(name: str, rows: Iterable[dict[str, Any]]):
        rows = iter(rows)
        first = list(itertools.islice(rows, 200))
        cols = (columns or {}).get(name) or _columns(first) or ["(empty)"]
        widths = [min(60, max(8, max([len(str(col))] + [min(60, len(str(r.get(col) or ""))) for r in first]) + 2))
                  for col in cols]
        return (name, cols, ([row.get(c) for c in cols] for row in itertools.chain(first, rows)), widths,
                [(formats or {}).get(c) for c in cols])

    from .safeio import atomic_path
    with atomic_path(path) as tmp:  # whole or not at all
        write_workbook(tmp, (sheet(name, rows) for name, rows in sheets.items()))


def csv_value(value):
    """A value for a CSV that Excel will open: text starting with = + - @ would be read as a
    formula (and could run one), so it gets a leading apostrophe, as Excel itself does."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r") and len(value) > 1:
        return "'" + value
    return value


@contextmanager
def open_output(output: str | None, fmt: str) -> Iterator[TextIO]:
    """The file to write output to (standard output when None). CSV gets a BOM (utf-8-sig) so that
    Excel on Windows shows accents and the en dash correctly."""
    if not output:
        yield sys.stdout
        return
    from .safeio import atomic_path
    with atomic_path(output) as tmp:  # whole or not at all (a full disk leaves no 0-byte file)
        with open(tmp, "w", encoding="utf-8-sig" if fmt == "csv" else "utf-8", newline="") as fh:
            yield fh


def write_table(rows: list[dict[str, Any]], fmt: str, output: str | None, title: str = "",
                extra: dict[str, list[dict[str, Any]]] | None = None) -> None:
    if fmt == "xlsx":
        write_xlsx({title[:31] or "table": rows, **(extra or {})}, output or "summary.xlsx")
        return
    with open_output(output, fmt) as fh:
        if fmt == "csv":
            write_csv(rows, fh)
        else:
            fh.write(to_markdown(rows, title) + "".join("\n" + to_markdown(r, name)
                                                       for name, r in (extra or {}).items()))
