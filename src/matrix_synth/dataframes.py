"""The store as pandas DataFrames, for an analyst who works in a notebook:

    import pandas as pd
    import matrix_synth

    f = matrix_synth.frames("matrix-synth.sqlite", round_=2013)
    pd.crosstab([f.placements.board, f.placements.function], f.placements.level_name)

Names, not ids: boards, functions and levels as people write them (the ids are in their own
columns), themes by name as a list column and as one 0/1 column per theme (theme_flags). Personal
data (names in sign-off fields, e-mail addresses, phone numbers) is left out unless asked for.
pandas is imported here only, so that `matrix-synth --help` and `ingest` never load it."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .schema import FUNCTION_IDS, FUNCTION_LABELS, LEVELS, board_name

LEVEL_ORDER = [f"{lv} {name}" for lv, name in LEVELS.items()]  # '1 Inform' … '5 Empower', in order


@dataclass
class Frames:
    placements: Any  # pandas.DataFrame: one row per filled cell (a range '2-3' is a row at each level)
    theme_flags: Any  # one row per placement (same index), one 0/1 column per theme of the taxonomy
    returns: Any  # one row per return (file), its fields, how it was read, its counts
    unplaced: Any  # text that was not placed, with its reason and location (template text left out)
    free_text: Any  # the returns' free-text sections (working well, improvements, next steps, feedback)


def frames(db, round_: int | None = None, include_personal: bool = False, themes: str | None = None) -> Frames:
    """Every table of the store (a path or a Store) as DataFrames, for one round or all of them."""
    import pandas as pd

    from .export import workbook_rows
    from .privacy import scrubber_for
    from .store import Store
    from .themes import load

    store = db if isinstance(db, Store) else Store(str(db), readonly=True)
    taxonomy = load(themes)
    scrub = scrubber_for(store, include_personal)
    rows = list(workbook_rows(store, round_, scrub, taxonomy))
    placements = pd.DataFrame(rows, columns=_PLACEMENT_COLUMNS)
    placements["themes"] = [[t.strip() for t in (r["themes"] or "").split(";") if t.strip()] for r in rows]
    placements["level_name"] = pd.Categorical([f"{r['level']} {LEVELS[r['level']]}" for r in rows],
                                              categories=LEVEL_ORDER, ordered=True)
    placements["function"] = pd.Categorical(placements["function"], ordered=True,
                                            categories=[FUNCTION_LABELS[f] for f in FUNCTION_IDS])
    labels = [t.label for t in taxonomy.themes]
    flags = pd.DataFrame([[int(label in ts) for label in labels] for ts in placements["themes"]],
                         columns=labels, index=placements.index, dtype="int64")
    return Frames(placements, flags, _returns(store, round_, scrub), _plain(store.unplaced(round_), scrub),
                  _plain(store.free_text(round_), scrub, drop=("item_id", "return_id", "themes")))


_PLACEMENT_COLUMNS = ["round", "board", "partner", "topic", "locality", "function", "level", "level_name", "text",
                      "themes", "activity_id", "range_part", "count_once", "marker", "confidence", "corrected",
                      "source_file", "location", "cell_ref", "matrix", "board_id", "function_id"]


def _returns(store, round_: int | None, scrub):
    import pandas as pd

    out = []
    for r in store.returns(round_):
        row = scrub.row(r)
        row["board_id"] = r["board"] or ""
        row["board"] = board_name(r["board"]) if r["board"] else "Board not identified"
        row.pop("file_id", None)
        out.append(row)
    frame = pd.DataFrame(out)
    return frame.drop(columns=[c for c in ("id",) if c in frame.columns])


def _plain(rows: list[dict], scrub, drop: tuple[str, ...] = ("item_id", "return_id")):
    import pandas as pd

    out = []
    for r in rows:
        row = scrub.row(r)
        row["board"] = board_name(r["board"]) if r["board"] else "Board not identified"
        out.append({k: v for k, v in row.items() if k not in drop})
    return pd.DataFrame(out)
