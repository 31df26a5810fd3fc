"""Pure aggregation over what the store holds: function x level counts, board profiles,
the response (who returned what and how they read the ask) and year on year."""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from statistics import median
from typing import Any

from .schema import BOARDS, FUNCTION_IDS, FUNCTION_LABELS, LEVELS, board_name


def grid_counts(placements: list[dict[str, Any]]) -> dict[str, dict[int, int]]:
    """function -> level -> number of placements."""
    grid = {f: {lv: 0 for lv in LEVELS} for f in FUNCTION_IDS}
    for p in placements:
        if p["function"] in grid and p["level"] in LEVELS:
            grid[p["function"]][p["level"]] += 1
    return grid


def grid_rows(grid: dict[str, dict[int, int]]) -> list[dict[str, Any]]:
    """The grid as table rows: function, then one column per level, then the total."""
    rows = []
    for f in FUNCTION_IDS:
        row: dict[str, Any] = {"function": FUNCTION_LABELS[f]}
        for lv, name in LEVELS.items():
            row[f"{lv} {name}"] = grid[f][lv]
        row["total"] = sum(grid[f].values())
        rows.append(row)
    total: dict[str, Any] = {"function": "All functions"}
    for lv, name in LEVELS.items():
        total[f"{lv} {name}"] = sum(grid[f][lv] for f in FUNCTION_IDS)
    total["total"] = sum(total[f"{lv} {name}"] for lv, name in LEVELS.items())
    rows.append(total)
    return rows


def share_high(placements: list[dict[str, Any]]) -> float:
    """Share of placements at levels 4-5 (collaborate, empower)."""
    if not placements:
        return 0.0
    return round(sum(1 for p in placements if p["level"] >= 4) / len(placements), 3)


def profile(placements: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per function: highest and typical (median) level, and how many placements."""
    by: dict[str, list[int]] = defaultdict(list)
    for p in placements:
        by[p["function"]].append(p["level"])
    rows = []
    for f in FUNCTION_IDS:
        levels = by.get(f, [])
        rows.append({"function": FUNCTION_LABELS[f], "highest": max(levels) if levels else None,
                     "typical": int(median(levels)) if levels else None, "placements": len(levels)})
    return rows


def interpretation(returns: list[dict[str, Any]], matrices: list[dict[str, Any]]) -> str:
    """How a board read the ask (section 3.2 of the 2013 overview)."""
    partners = {m["partner"] for m in matrices if m.get("partner")}
    localities = {m["locality"] for m in matrices if m.get("locality")}
    topics = {r["topic"] for r in returns if r.get("topic")}
    if len(matrices) > 1 and len(localities) > 1:
        return "one matrix per locality"
    if len(topics) > 1 or len({m.get("topic") for m in matrices if m.get("topic")}) > 1:
        return "several topics"  # two matrices on two topics, whatever their partners
    if len(matrices) > 1 and len(partners) > 1:
        return "one matrix per partner"
    if len(returns) > 1 and len({r.get("partners") for r in returns}) > 1:
        return "one matrix per partner"
    if len(topics) == 1:
        return "one topic"
    if len(topics) > 1:
        return "several topics"
    return "all activity mapped"


@dataclass
class BoardResponse:
    board: str
    name: str
    kind: str
    returned: bool
    files: int = 0
    matrices: int = 0
    placements: int = 0
    interpretation: str = ""
    topics: list[str] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)


def response(store, round_: int | None) -> list[BoardResponse]:
    """Every one of the 22 boards: whether it returned, how many matrices, how it read the ask.
    Returns whose board is unknown are listed last. A file in which no matrix was found (no
    placement) is kept in the store for review but is not a return here: it is not counted."""
    return response_of([r for r in store.returns(round_) if r["placements"]], store.matrices(round_))


def response_of(returns: list[dict[str, Any]], matrices: list[dict[str, Any]]) -> list[BoardResponse]:
    """response() for returns already read (the report reads them once, scrubbed)."""
    by_board: dict[str | None, list[dict]] = defaultdict(list)
    for r in returns:
        by_board[r["board"]].append(r)
    out = []
    known = [b.id for b in BOARDS]
    for board in BOARDS:
        rets = by_board.get(board.id, [])
        out.append(_board_response(board.id, board.name, board.kind, rets, matrices))
    for board_id, rets in by_board.items():
        if board_id not in known:
            out.append(_board_response(board_id or "", board_name(board_id), "unknown", rets, matrices))
    return out


def _board_response(board_id, name, kind, rets, matrices) -> BoardResponse:
    ids = {r["id"] for r in rets}
    mats = [m for m in matrices if m["return_id"] in ids]
    resp = BoardResponse(board_id, name, kind, bool(rets), len(rets), len(mats), sum(r["placements"] for r in rets))
    if rets:
        resp.interpretation = interpretation(rets, mats)
        resp.topics = sorted({r["topic"] for r in rets if r["topic"]})
        resp.partners = sorted({p.strip() for r in rets for p in (r["partners"] or "").split(";") if p.strip()})
        resp.sources = [r["source_file"] for r in rets]
    return resp


# --------------------------------------------------------------------------- summary tables

def summary_table(store, by: str, round_: int | None) -> list[dict[str, Any]]:
    """One row per board, theme, function, partner or round: placements by function (names) and by
    level, the number of placements and returns, and the share at levels 4-5. A crosstab in pandas."""
    import pandas as pd

    frame = pd.DataFrame(store.placements(round_), columns=["source_file", "round", "board", "partner", "function",
                                                             "level", "themes"])
    if frame.empty:
        return []
    key = {"board": lambda f: f["board"].map(board_name), "partner": lambda f: f["partner"].fillna("").replace(
               "", "(none)"), "function": lambda f: f["function"].map(lambda x: FUNCTION_LABELS.get(x, x)),
           "round": lambda f: f["round"].astype(str),
           "theme": lambda f: f["themes"].fillna("").replace("", "(no theme)").str.split(";")}[by]
    frame[by] = key(frame)
    if by == "theme":
        frame = frame.explode("theme")
        frame["theme"] = frame["theme"].replace("", "(no theme)")
    frame["level_name"] = frame["level"].map(lambda lv: f"{lv} {LEVELS[lv]}")
    levels = pd.crosstab(frame[by], frame["level_name"]).reindex(columns=[f"{lv} {n}" for lv, n in LEVELS.items()],
                                                                  fill_value=0)
    parts = [levels]
    if by != "function":
        functions = pd.crosstab(frame[by], frame["function"].map(FUNCTION_LABELS))
        parts.insert(0, functions.reindex(columns=[FUNCTION_LABELS[f] for f in FUNCTION_IDS], fill_value=0))
    grouped = frame.groupby(by)
    table = pd.concat(parts + [grouped.size().rename("placements"), grouped["source_file"].nunique().rename(
        "returns"), grouped["level"].apply(lambda s: round(float((s >= 4).mean()), 3)).rename("share_level_4_5")],
        axis=1).sort_index()
    return table.rename_axis(by).reset_index().to_dict("records")


# --------------------------------------------------------------------------- year on year

@dataclass
class Comparison:
    from_round: int
    to_round: int
    rows: list[dict[str, Any]]
    only_from: list[str]
    only_to: list[str]
    shift: list[dict[str, Any]]

    def extra_tables(self) -> dict[str, list[dict[str, Any]]]:
        return {"Boards in one round only": [{"board": b, "round": self.from_round} for b in self.only_from]
                + [{"board": b, "round": self.to_round} for b in self.only_to],
                "National level distribution": self.shift}


def highest_levels(placements: list[dict[str, Any]]) -> dict[tuple[str, str], int]:
    best: dict[tuple[str, str], int] = {}
    for p in placements:
        key = (p["board"] or "", p["function"])
        best[key] = max(best.get(key, 0), p["level"])
    return best


def compare_rounds(store, from_round: int, to_round: int) -> Comparison:
    """Each board's highest level per function in two rounds, like for like (journey.steps): per row
    the topic in each round and the basis of the comparison; the change only where it is fair."""
    from .journey import steps_between

    before = store.placements(from_round)
    after = store.placements(to_round)
    if not before and not after:
        from .problems import MatrixSynthError
        raise MatrixSynthError(f"The store has no returns for {from_round} or {to_round}. Rounds stored: "
                               f"{', '.join(map(str, store.rounds())) or 'none'}.")
    compared = {(s.board, s.function): s for s in steps_between(store, from_round, to_round, before, after)}
    hb, ha = highest_levels(before), highest_levels(after)
    boards_before = {p["board"] or "" for p in before}
    boards_after = {p["board"] or "" for p in after}
    rows = []
    for board in sorted(boards_before | boards_after, key=board_name):
        for f in FUNCTION_IDS:
            step = compared.get((board, f))
            if step is not None:
                row = step.row()
                rows.append({k: row[k] for k in ("board", "function", "from_level", "to_level", "change",
                                                 "from_topic", "to_topic", "basis")})
                continue
            lb, la = hb.get((board, f)), ha.get((board, f))
            if lb is None and la is None:
                continue
            rows.append({"board": board_name(board), "function": f, "from_level": lb, "to_level": la,
                         "change": None, "from_topic": "", "to_topic": "",
                         "basis": f"mapped in {from_round if la is None else to_round} only"})
    shift = []
    for lv, name in LEVELS.items():
        nb = sum(1 for p in before if p["level"] == lv)
        na = sum(1 for p in after if p["level"] == lv)
        shift.append({"level": f"{lv} {name}", f"{from_round} placements": nb,
                      f"{from_round} share": round(nb / len(before), 3) if before else 0,
                      f"{to_round} placements": na, f"{to_round} share": round(na / len(after), 3) if after else 0})
    return Comparison(from_round, to_round, rows, sorted(board_name(b) for b in boards_before - boards_after),
                      sorted(board_name(b) for b in boards_after - boards_before), shift)


def level_counts(placements: list[dict[str, Any]]) -> Counter:
    return Counter(p["level"] for p in placements)
