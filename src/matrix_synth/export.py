"""Export the placement table: CSV, JSON, or an Excel workbook made for pivot tables, with a sheet each
for placements, themes (one row per placement and theme), returns, free text, unplaced text, problems
and corrections.

A range ("2-3") is one activity stored at two levels: every row carries activity_id, range_part
("1/2", "2/2", empty for a single level) and count_once (1 on the activity's first level only), so
a pivot that sums count_once counts each activity once, and one that counts rows counts cells."""
from __future__ import annotations

import json
import textwrap
from typing import Iterable, Iterator

from .privacy import PERSONAL_COLUMNS, Scrubber, scrubber_for
from .schema import board_name
from .tables import open_output, write_csv, write_xlsx

# The first columns are fixed by the brief; the rest follow the common cell schema.
PLACEMENT_COLUMNS = ["source_file", "round", "board", "partner", "topic", "function", "level", "text",
                     "locality", "marker", "location", "cell_ref", "confidence", "matrix", "themes", "corrected", "also_at",
                     "board_name", "level_name", "activity_id", "range_part", "count_once"]
# The workbook: board and function as people write them, the ids in their own columns.
WORKBOOK_COLUMNS = ["source_file", "round", "board", "partner", "topic", "function", "level", "text", "level_name",
                    "activity_id", "range_part", "count_once", "themes", "locality", "marker", "location", "cell_ref",
                    "confidence", "matrix", "corrected", "board_id", "function_id", "also_at"]
THEME_COLUMNS = ["activity_id", "count_once", "theme", "theme_id", "source_file", "round", "board", "partner",
                 "topic", "function", "level", "level_name", "text", "cell_ref", "board_id", "function_id"]
XLSX_FORMATS = {"round": "integer", "level": "integer", "activity_id": "integer", "count_once": "integer",
                "matrix": "integer", "corrected": "integer", "confidence": "decimal", "coverage": "percent"}


def with_activities(placements: Iterable[dict]) -> Iterator[dict]:
    """Each placement with activity_id, range_part and count_once. The levels of one range are stored one
    after the other (same return, cell, function and text), so this works on a stream."""
    group: list[dict] = []

    def flush():
        for n, p in enumerate(group, start=1):
            p["activity_id"] = group[0]["placement_id"]
            p["range_part"] = f"{n}/{len(group)}" if len(group) > 1 else ""
            p["count_once"] = 1 if n == 1 else 0
        yield from group

    key = None
    for p in placements:
        k = (p["return_id"], p.get("cell_ref"), p.get("location"), p["function"], p.get("text"))
        if k != key and group:
            yield from flush()
            group = []
        key = k
        group.append(p)
    if group:
        yield from flush()


def placement_rows(store, round_: int | None, include_personal: bool,
                   scrub: Scrubber | None = None) -> Iterator[dict]:
    """The placement table, one row at a time, personal data left out unless asked for."""
    from .schema import LEVELS

    scrub = scrub or scrubber_for(store, include_personal)
    for p in with_activities(store.placements(round_, stream=True)):
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


def _workbook_row(p: dict, scrub: Scrubber, taxonomy) -> dict:
    from .schema import FUNCTION_LABELS, LEVELS

    row = {c: p.get(c) for c in WORKBOOK_COLUMNS}
    row["text"] = scrub.text(row["text"])
    row["board_id"], row["function_id"] = p["board"] or "", p["function"]
    row["board"] = board_name(p["board"]) if p["board"] else "Board not identified"
    row["function"] = FUNCTION_LABELS.get(p["function"], p["function"])
    row["level_name"] = LEVELS.get(p["level"], "")
    row["themes"] = "; ".join(taxonomy.label(t) for t in (p["themes"] or "").split(";") if t)
    return row


def workbook_rows(store, round_: int | None, scrub: Scrubber, taxonomy) -> Iterator[dict]:
    """The placements sheet: names where people pivot (board, function, themes), ids beside them."""
    for p in with_activities(store.placements(round_, stream=True)):
        yield _workbook_row(p, scrub, taxonomy)


def theme_rows(store, round_: int | None, scrub: Scrubber, taxonomy) -> Iterator[dict]:
    """The themes sheet: one row per placement and theme (a placement with no theme has one row, theme
    '(no theme)'), so that a pivot counts activities by theme."""
    for p in with_activities(store.placements(round_, stream=True)):
        row = _workbook_row(p, scrub, taxonomy)
        for theme_id in [t for t in (p["themes"] or "").split(";") if t] or [""]:
            yield dict(row, theme=taxonomy.label(theme_id) if theme_id else "(no theme)", theme_id=theme_id)


def export(store, fmt: str, output: str | None, round_: int | None = None, include_personal: bool = False,
           themes: str | None = None) -> int:
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

        from .themes import load
        taxonomy = load(themes)
        rows = _Counted(workbook_rows(store, round_, scrub, taxonomy))
        sheets = {"placements": rows, "themes": theme_rows(store, round_, scrub, taxonomy), "returns": returns(),
                  "free text": (scrub.row(r) for r in store.free_text(round_, stream=True)),
                  "unplaced": (scrub.row(r) for r in store.unplaced(round_, stream=True)),
                  "problems": (scrub.row(r) for r in store.problems(round_, stream=True)),
                  "corrections": store.corrections(round_, stream=True)}
        write_xlsx(sheets, output or "export.xlsx", {"placements": WORKBOOK_COLUMNS, "themes": THEME_COLUMNS},
                   XLSX_FORMATS)
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


__all__ = ["export", "placement_rows", "with_activities", "PLACEMENT_COLUMNS", "WORKBOOK_COLUMNS", "PERSONAL_COLUMNS"]
