"""Export the placement table: CSV, JSON, or an Excel workbook with a sheet each for
placements, returns, free text, unplaced text, problems and corrections."""
from __future__ import annotations

import json
import textwrap
from typing import Iterable, Iterator

from .privacy import PERSONAL_COLUMNS, Scrubber, scrubber_for
from .schema import board_name
from .tables import open_output, write_csv, write_xlsx

# The first columns are fixed by the brief; the rest follow the common cell schema.
PLACEMENT_COLUMNS = ["source_file", "round", "board", "partner", "topic", "function", "level", "text",
                     "locality", "marker", "location", "cell_ref", "confidence", "matrix", "themes", "corrected",
                     "board_name", "level_name"]


def placement_rows(store, round_: int | None, include_personal: bool,
                   scrub: Scrubber | None = None) -> Iterator[dict]:
    """The placement table, one row at a time, personal data left out unless asked for."""
    from .schema import LEVELS

    scrub = scrub or scrubber_for(store, include_personal)
    for p in store.placements(round_, stream=True):
        row = {c: p.get(c) for c in PLACEMENT_COLUMNS}
        row["text"] = scrub.text(row["text"])
        row["themes"] = row["themes"] or ""
        row["board_name"] = board_name(p["board"]) if p["board"] else ""
        row["level_name"] = LEVELS.get(p["level"], "")
        yield row


class _Counted:
    """Counts the rows of a stream as they are written."""

    def __init__(self, rows: Iterable[dict]) -> None:
        self.rows, self.n = rows, 0

    def __iter__(self) -> Iterator[dict]:
        for row in self.rows:
            self.n += 1
            yield row


def export(store, fmt: str, output: str | None, round_: int | None = None, include_personal: bool = False) -> int:
    """Write the placement table (and for xlsx the other sheets) to output, or stdout for csv/json.

    Rows stream from the store to the file: memory does not grow with the number of returns.
    Returns the number of placement rows written."""
    scrub = scrubber_for(store, include_personal)
    rows = _Counted(placement_rows(store, round_, include_personal, scrub))
    if fmt == "xlsx":
        def returns():
            for r in store.returns(round_, stream=True):
                r = scrub.row(r)
                r["board_name"] = board_name(r.get("board"))
                yield r

        sheets = {"placements": rows, "returns": returns(),
                  "free text": (scrub.row(r) for r in store.free_text(round_, stream=True)),
                  "unplaced": (scrub.row(r) for r in store.unplaced(round_, stream=True)),
                  "problems": (scrub.row(r) for r in store.problems(round_, stream=True)),
                  "corrections": store.corrections(round_, stream=True)}
        write_xlsx(sheets, output or "export.xlsx", {"placements": PLACEMENT_COLUMNS})
        return rows.n
    with open_output(output, fmt) as fh:
        if fmt == "json":
            _write_json(rows, fh)
        else:
            write_csv(rows, fh, PLACEMENT_COLUMNS)
    return rows.n


def _write_json(rows: Iterable[dict], fh) -> None:
    """A JSON array written one object at a time (as json.dumps(rows, indent=2) would lay it out)."""
    fh.write("[")
    sep = "\n"
    for row in rows:
        fh.write(sep + textwrap.indent(json.dumps(row, indent=2, ensure_ascii=False), "  "))
        sep = ",\n"
    fh.write("\n]" if sep != "\n" else "]")


__all__ = ["export", "placement_rows", "PLACEMENT_COLUMNS", "PERSONAL_COLUMNS"]
