"""Year on year, like for like: the same board on the same topic.

A board's highest level in a function moves for two reasons: its engagement changed, or what it mapped
changed (another topic, one matrix one year and seventeen the next). Only the first is a movement. So a
board is compared with itself on the topics it mapped in both rounds (matched despite rewording:
"Equality Outcomes for LGB&T people" and "LGB&T Equality Outcomes" are one topic); when neither round names
a topic, on the board as a whole; and when the topics differ, or the board's number of matrices changed
so much that the highest level measures another scope, the step is shown but not counted as a rise or a
fall. The matrix is "not an audit nor a comparative exercise": this module says what can fairly be said.

Nothing here speaks SQL: it is given placements and matrices as the store returns them."""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from .schema import FUNCTION_IDS, FUNCTION_LABELS, LEVELS, board_name

SAME_TOPIC = "same topic"
WHOLE_BOARD = "board as a whole"
OTHER_TOPICS = "different topics"
SCOPE_CHANGED = "board as a whole, scope changed"
COMPARABLE = (SAME_TOPIC, WHOLE_BOARD)
SCOPE_RATIO = 2  # a board whose matrices doubled (or halved) mapped another scope

_STOP = {"the", "and", "of", "for", "in", "on", "to", "a", "an", "with", "our", "people", "services", "service",
         "work", "matrix", "engagement", "&"}
_SYNONYMS = {"lgb&t": "lgbt", "lgbti": "lgbt", "lgbt+": "lgbt", "lgb": "lgbt", "adps": "adp",
             "alcohol": "adp", "drugs": "adp", "drug": "adp", "carer": "carers", "carers'": "carers",
             "older": "older", "elderly": "older", "camhs": "mental", "mh": "mental"}


def topic_key(topic: str | None) -> frozenset[str]:
    """The words of a topic that say what it is about, each cut to its first five letters."""
    words = re.findall(r"[a-z0-9&+']+", (topic or "").lower())
    out = set()
    for w in words:
        w = _SYNONYMS.get(w, w)
        if w not in _STOP and len(w) > 1:
            out.add(w[:5])
    return frozenset(out)


def same_topic(a: frozenset[str], b: frozenset[str]) -> bool:
    """Two topics are one when most of the words of the shorter are in the longer."""
    if not a and not b:
        return True
    if not a or not b:
        return False
    common = len(a & b)
    return common >= max(1, round(0.6 * min(len(a), len(b)))) and common / len(a | b) >= 0.4


@dataclass
class Step:
    """One board and function from one round to the next."""
    board: str
    function: str
    from_round: int
    to_round: int
    from_topic: str
    to_topic: str
    from_level: int | None
    to_level: int | None
    basis: str
    from_matrices: int = 0
    to_matrices: int = 0

    @property
    def change(self) -> int | None:
        """The movement, only where the two rounds are like for like."""
        if self.basis in COMPARABLE and self.from_level and self.to_level:
            return self.to_level - self.from_level
        return None

    def row(self) -> dict:
        return {"board": board_name(self.board or None), "function": self.function,
                "from_topic": self.from_topic, "to_topic": self.to_topic, "from_level": self.from_level,
                "to_level": self.to_level, "change": self.change, "basis": self.basis,
                "from_matrices": self.from_matrices, "to_matrices": self.to_matrices}


def _by_topic(placements, topics: dict) -> dict[tuple[str, str], dict[frozenset, tuple[str, int]]]:
    """{(board, function): {topic key: (topic as written, highest level)}}."""
    out: dict = defaultdict(dict)
    for p in placements:
        written = (p.get("topic") or topics.get(p.get("return_id")) or "").strip()
        key = topic_key(written)
        slot = out[(p["board"] or "", p["function"])]
        name, level = slot.get(key, (written, 0))
        slot[key] = (name or written, max(level, p["level"]))
    return out


def steps(before, after, from_round: int, to_round: int, matrices_before: dict | None = None,
          matrices_after: dict | None = None, topics: dict | None = None) -> list[Step]:
    """Every board and function mapped in both rounds, with the basis of its comparison. placements:
    Store.placements rows; matrices_*: {board: matrices}; topics: {return id: the return's topic}."""
    topics = topics or {}
    mb, ma = matrices_before or {}, matrices_after or {}
    tb, ta = _by_topic(before, topics), _by_topic(after, topics)
    out = []
    for board, function in sorted(set(tb) & set(ta), key=lambda k: (board_name(k[0] or None), k[1])):
        b, a = tb[(board, function)], ta[(board, function)]
        n_b, n_a = mb.get(board, 0), ma.get(board, 0)
        matched = [(kb, ka) for kb in b for ka in a if same_topic(kb, ka)]
        if matched and not (len(b) == 1 and len(a) == 1 and not next(iter(b)) and not next(iter(a))):
            basis = SAME_TOPIC
            lb = max(b[kb][1] for kb, _ in matched)
            la = max(a[ka][1] for _, ka in matched)
            names_b = sorted({b[kb][0] for kb, _ in matched})
            names_a = sorted({a[ka][0] for _, ka in matched})
        else:
            lb, la = max(v[1] for v in b.values()), max(v[1] for v in a.values())
            names_b = sorted({v[0] for v in b.values() if v[0]})
            names_a = sorted({v[0] for v in a.values() if v[0]})
            if any(b) and any(a):
                basis = OTHER_TOPICS
            elif n_b and n_a and max(n_b, n_a) >= SCOPE_RATIO * min(n_b, n_a):
                basis = SCOPE_CHANGED
            else:
                basis = WHOLE_BOARD
        out.append(Step(board, function, from_round, to_round, "; ".join(names_b), "; ".join(names_a),
                        lb, la, basis, n_b, n_a))
    return out


def round_context(store, rnd: int) -> tuple[dict[str, int], dict[int, str]]:
    """What a comparison needs of a round besides its placements: each board's number of matrices, and
    each return's topic (by return id)."""
    matrices: dict[str, int] = defaultdict(int)
    for m in store.matrices(rnd):
        matrices[m["board"] or ""] += 1
    return dict(matrices), {r["id"]: r["topic"] or "" for r in store.returns(rnd)}


def steps_between(store, from_round: int, to_round: int, before, after) -> list[Step]:
    """steps() for two stored rounds, given the placements of each (as the caller filtered them)."""
    mb, tb = round_context(store, from_round)
    ma, ta = round_context(store, to_round)
    return steps(before, after, from_round, to_round, mb, ma, {**tb, **ta})


@dataclass
class RoundFigure:
    """One function nationally in one round."""
    round: int
    boards: int  # boards that mapped the function
    share_high: float  # share of its activities at collaborate or empower
    typical: int | None  # the median level


@dataclass
class Journey:
    """Every round since the first: the national picture per function, and each board's steps."""
    rounds: list[int]
    national: dict[str, list[RoundFigure]] = field(default_factory=dict)  # function id -> per round
    steps: list[Step] = field(default_factory=list)  # consecutive rounds, every board

    def national_rows(self) -> list[dict]:
        rows = []
        for f, figures in self.national.items():
            row = {"function": FUNCTION_LABELS[f]}
            for fig in figures:
                row[f"{fig.round} boards"] = fig.boards
                row[f"{fig.round} at collaborate or empower"] = round(fig.share_high, 3)
                row[f"{fig.round} typical level"] = f"{fig.typical} {LEVELS[fig.typical]}" if fig.typical else ""
            rows.append(row)
        return rows

    def board_rows(self) -> list[dict]:
        return [{"from_round": s.from_round, "to_round": s.to_round, **s.row()} for s in self.steps]


def journey(store) -> Journey:
    """The journey across every round in the store."""
    from statistics import median

    rounds = store.rounds()
    j = Journey(rounds, {f: [] for f in FUNCTION_IDS})
    data = {}
    for rnd in rounds:
        placements = store.placements(rnd)
        data[rnd] = (placements, *round_context(store, rnd))
        for f in FUNCTION_IDS:
            items = [p for p in placements if p["function"] == f]
            levels = [p["level"] for p in items]
            j.national[f].append(RoundFigure(rnd, len({p["board"] for p in items if p["board"]}),
                                             sum(1 for lv in levels if lv >= 4) / len(levels) if levels else 0.0,
                                             int(median(levels)) if levels else None))
    for a, b in zip(rounds, rounds[1:]):
        (pa, ma, ta), (pb, mb, tb) = data[a], data[b]
        j.steps += steps([p for p in pa if p["board"]], [p for p in pb if p["board"]], a, b, ma, mb, {**ta, **tb})
    return j
