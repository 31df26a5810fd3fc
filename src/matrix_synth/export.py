"""Export the placement table: CSV, JSON, or an Excel workbook with a sheet each for
placements, returns, free text, unplaced text, problems and corrections."""
from __future__ import annotations

import io
import json
import sys

from .privacy import PERSONAL_COLUMNS, scrubber_for
from .schema import board_name
from .tables import write_csv, write_xlsx

# The first columns are fixed by the brief; the rest follow the common cell schema.
PLACEMENT_COLUMNS = ["source_file", "round", "board", "partner", "topic", "function", "level", "text",
                     "locality", "marker", "location", "cell_ref", "confidence", "matrix", "themes", "corrected",
                     "board_name", "level_name"]


def placement_rows(store, round_: int | None, include_personal: bool) -> list[dict]:
    from .schema import LEVELS

    scrub = scrubber_for(store, include_personal)
    rows = []
    for p in store.placements(round_):
        row = {c: p.get(c) for c in PLACEMENT_COLUMNS}
        row["text"] = scrub.text(row["text"])
        row["themes"] = row["themes"] or ""
        row["board_name"] = board_name(p["board"]) if p["board"] else ""
        row["level_name"] = LEVELS.get(p["level"], "")
        rows.append(row)
    return rows


def export(store, fmt: str, output: str | None, round_: int | None = None, include_personal: bool = False) -> int:
    rows = placement_rows(store, round_, include_personal)
    if fmt == "xlsx":
        scrub = scrubber_for(store, include_personal)
        returns = [scrub.row(r) for r in store.returns(round_)]
        for r in returns:
            r["board_name"] = board_name(r.get("board"))
        sheets = {"placements": rows, "returns": returns,
                  "free text": [scrub.row(r) for r in store.free_text(round_)],
                  "unplaced": [scrub.row(r) for r in store.unplaced(round_)],
                  "problems": store.problems(round_), "corrections": store.corrections(round_)}
        write_xlsx(sheets, output or "export.xlsx", {"placements": PLACEMENT_COLUMNS})
        return len(rows)
    if fmt == "json":
        text = json.dumps(rows, indent=2, ensure_ascii=False)
    else:
        buf = io.StringIO()
        write_csv(rows, buf, PLACEMENT_COLUMNS)
        text = buf.getvalue()
    if output:
        # utf-8-sig so that Excel on Windows shows accents and the en dash correctly
        with open(output, "w", encoding="utf-8-sig" if fmt == "csv" else "utf-8", newline="") as fh:
            fh.write(text)
    else:
        sys.stdout.write(text)
    return len(rows)


__all__ = ["export", "placement_rows", "PLACEMENT_COLUMNS", "PERSONAL_COLUMNS"]
