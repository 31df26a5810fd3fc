"""A board's profile: the one-to-two-page letter an analyst sends back to each board after a round.

What the board returned, its levels against the national picture, how it moved against itself on the
same topic since its last return (journey.steps: never a fall that is only a change of scope), the
themes its returns are about (weighed as in the overview, themes.themes_by_return) with an example in
its own words, and the hallmarks of good partnership and the concerns it described. Built from the
same round data as the overview (model.load_round), so figures agree with the report; the templates
are templates/profile.docx, profile.html.j2 and profile.md.j2."""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field, fields
from statistics import median
from typing import Any

from .. import aggregate
from ..problems import MatrixSynthError
from ..schema import BOARD_BY_ID, FUNCTION_IDS, FUNCTION_LABELS, LEVELS, board_name, find_board
from .overview import (SHORT_FUNCTIONS, Example, Ledger, Note, Notes, Point, _examples, _few, _points,
                       board_fields, boards_phrase, distinct_topics, join_names, load_hallmarks, lower_label,
                       plausible_field)

THEMES_PER_BOARD = 4  # with an example each; further themes are named in one sentence
HALLMARKS_PER_BOARD = 3
CONCERNS_PER_BOARD = 3


@dataclass
class LevelRow:
    function: str
    activities: int
    highest: str    # "4 Collaborate", or "–" when the board mapped nothing there
    typical: str    # the board's middle level
    national: str   # the middle level of every board's activity in this function
    against: str    # "above", "in line", "below" or "" (nothing mapped)


@dataclass
class StepRow:
    function: str
    from_level: str
    to_level: str
    compared_on: str  # "the same topic (Carers)", "different topics: not compared", …
    change: str       # "up 1", "down 2", "same", "–"


@dataclass
class RoundRow:
    round: int
    matrices: int
    activities: int
    share_high: str
    typical: list[str]  # per function, in FUNCTION_IDS order


@dataclass
class ProfileTheme:
    label: str
    shared: str             # "shared with 6 other boards", "no other board this round"
    example: Example | None


@dataclass
class BoardProfile:
    id: str
    name: str
    round: int
    title: str
    subtitle: str
    generated: str
    returned: str                 # one sentence: files, matrices, activities, topics
    topics: str
    partners: str
    reading: str
    levels_lead: str
    levels: list[LevelRow]
    share_high: str
    national_share_high: str
    movement_lead: str
    movement: list[StepRow]
    rounds: list[RoundRow]
    functions: list[str]           # short names, the columns of the rounds table
    themes_lead: str
    themes: list[ProfileTheme]
    other_themes: str             # "Also: carers (shared with 4 boards) and …", or ""
    hallmarks: list[Point]
    concerns: list[Point]
    closing: str
    notes: list[Note] = field(default_factory=list)

    def template_names(self) -> dict[str, Any]:
        names = {f.name: getattr(self, f.name) for f in fields(self)}
        names["profile"] = self
        return names


def profile_file_name(name: str, round_: int, fmt: str) -> str:
    """'NHS Greater Glasgow & Clyde' -> 'profile-nhs-greater-glasgow-clyde-2017.docx'."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "board"
    return f"profile-{slug}-{round_}.{fmt}"


def resolve_board(text: str, data) -> str:
    """The board id that a name as an analyst types it means ('Fife', 'NHS GG&C', 'fife'), among the
    boards that returned this round; a clear error otherwise."""
    returned = sorted({r["board"] for r in data.returns.values() if r["board"]}, key=board_name)
    wanted = text.strip()
    board = wanted if wanted in BOARD_BY_ID else find_board(wanted) or find_board("NHS " + wanted)
    if not board:
        raise MatrixSynthError(f"'{text}' is not the name of a board. Boards that returned in {data.round}: "
                               f"{', '.join(board_name(b) for b in returned) or 'none'}.")
    if board not in returned:
        raise MatrixSynthError(f"{board_name(board)} has no return with a matrix in {data.round}. Boards that "
                               f"returned: {', '.join(board_name(b) for b in returned) or 'none'}.")
    return board


class _Round:
    """What every profile of one round shares, worked out once (for --board all)."""

    def __init__(self, store, data, hallmarks_path: str | None) -> None:
        from ..themes import themes_by_return

        self.store, self.data = store, data
        self.hallmarks = load_hallmarks(hallmarks_path)
        self.returns = {rid: r for rid, r in data.returns.items() if r["board"]}
        self.placements = [p for p in data.placements if p["board"]]
        self.by_return = themes_by_return(list(self.returns.values()), self.placements,
                                          [f for f in data.free if f["board"]], data.taxonomy)
        self.theme_boards: dict[str, set[str]] = defaultdict(set)
        for board, themes in self.by_return.values():
            for t in themes:
                self.theme_boards[t].add(board)
        self.national = {f: _typical([p["level"] for p in self.placements if p["function"] == f])
                         for f in FUNCTION_IDS}
        self.national_share = f"{aggregate.share_high(self.placements):.0%}"
        self.rounds = [r for r in store.rounds() if r <= data.round]
        self._placements: dict[int, list[dict]] = {data.round: self.placements}
        self._context: dict[int, tuple] = {}

    def placements_of(self, rnd: int) -> list[dict]:
        if rnd not in self._placements:
            self._placements[rnd] = [p for p in self.store.placements(rnd) if p["board"]]
        return self._placements[rnd]

    def context(self, rnd: int):
        from .. import journey
        if rnd not in self._context:
            self._context[rnd] = journey.round_context(self.store, rnd)
        return self._context[rnd]


def _typical(levels: list[int]) -> int | None:
    return int(median(levels)) if levels else None


def _level(level: int | None) -> str:
    return f"{level} {LEVELS[level]}" if level else "–"


def build_profiles(store, round_: int | None = None, boards: list[str] | None = None,
                   themes_path: str | None = None, include_personal: bool = False,
                   hallmarks_path: str | None = None) -> list[BoardProfile]:
    """The profile of each board named (as an analyst types it), or of every board that returned."""
    from .. import themes as themes_mod
    from .model import _round, load_round

    round_ = _round(store, round_)
    data = load_round(store, round_, themes_mod.load(themes_path), include_personal)
    shared = _Round(store, data, hallmarks_path)
    if boards:
        ids = list(dict.fromkeys(resolve_board(b, data) for b in boards))
    else:
        ids = sorted({r["board"] for r in shared.returns.values()}, key=board_name)
    if not ids:
        raise MatrixSynthError(f"No board has a return with a matrix in {round_}.")
    return [_profile(shared, b) for b in ids]


def _profile(shared: _Round, board: str) -> BoardProfile:
    data = shared.data
    name = board_name(board)
    returns = {rid: r for rid, r in shared.returns.items() if r["board"] == board}
    placements = [p for p in shared.placements if p["board"] == board]
    free = [f for f in data.free if f["board"] == board]
    resp = next((b for b in data.response if b.board == board), None)
    notes, ledger = Notes(), Ledger()
    topics, partners = board_fields(list(returns.values()), placements)
    returned = _returned(name, data.round, resp.matrices if resp else len(returns), len(returns),
                         len(placements), topics)
    levels, above, below = _levels(shared, placements)
    share = f"{aggregate.share_high(placements):.0%}"
    movement_lead, movement = _movement(shared, board, name)
    themes = _themes(shared, board, placements, returns, notes, ledger)
    shown, more = themes[:THEMES_PER_BOARD], themes[THEMES_PER_BOARD:]
    hm = shared.hallmarks
    hallmarks = _points(free, ("working_well",), hm.hallmarks, returns, notes, ledger, 1).points[:HALLMARKS_PER_BOARD]
    concerns = _points(free, ("improvements",), hm.concerns, returns, notes, ledger, 1).points[:CONCERNS_PER_BOARD]
    _renumber(notes, shown, hallmarks, concerns)
    return BoardProfile(board, name, data.round, f"{name}: Engagement Matrix {data.round}",
                        "A profile of the board's partnership with the third sector",
                        dt.date.today().isoformat(), returned, _few(topics) or "not stated",
                        _few(partners) or "not stated", (resp.interpretation if resp else "") or "not stated",
                        _levels_lead(name, share, shared.national_share, above, below), levels, share,
                        shared.national_share, movement_lead, movement, _rounds(shared, board), SHORT_FUNCTIONS,
                        _themes_lead(name, shown, len({b for b, _ in shared.by_return.values()}) - 1), shown,
                        ("Its returns are also about " + join_names([f"{lower_label(t.label)} ({t.shared})"
                                                                     for t in more]) + ".") if more else "",
                        hallmarks, concerns, CLOSING, notes.items)


CLOSING = ("These are the places partners gave themselves: the matrix is neither an audit nor a comparative "
           "exercise. We would welcome a conversation about where you would like to be next year.")


def _returned(name: str, rnd: int, matrices: int, files: int, activities: int, topics: list[str]) -> str:
    on = f" on {len(topics)} topics" if len(topics) > 1 else f" on {topics[0]}" if topics else ""
    return (f"{name} returned {matrices} {'matrix' if matrices == 1 else 'matrices'} in {files} "
            f"{'file' if files == 1 else 'files'} for {rnd}, mapping {activities} "
            f"{'activity' if activities == 1 else 'activities'}{on}.")


def _levels_lead(name: str, share: str, national: str, above: list[str], below: list[str]) -> str:
    lead = (f"{share} of what {name} mapped is at collaborate or empower (levels 4 and 5), against {national} "
            f"across all boards.")
    if not above and not below:
        return lead + " Its typical level in each function it mapped is in line with the national picture."
    parts = [f"above the national picture in {join_names(above)}"] if above else []
    if below:
        parts.append(f"below {'it' if above else 'the national picture'} in {join_names(below)}")
    return lead + f" Its typical level is {' and '.join(parts)}."


def _themes_lead(name: str, themes: list, others: int) -> str:
    if not themes:
        return (f"No theme of the round's list stands out in {name}'s returns; its activities are in the workbook "
                f"of the data.")
    return f"The themes {name}'s returns are about, and how many of the other {others} boards that returned share each:"


def _levels(shared: _Round, placements) -> tuple[list[LevelRow], list[str], list[str]]:
    rows, above, below = [], [], []
    for f in FUNCTION_IDS:
        levels = [p["level"] for p in placements if p["function"] == f]
        typical, national = _typical(levels), shared.national[f]
        against = ""
        if typical and national:
            against = "above" if typical > national else "below" if typical < national else "in line"
            words = FUNCTION_LABELS[f]
            (above if against == "above" else below if against == "below" else []).append(words)
        rows.append(LevelRow(FUNCTION_LABELS[f], len(levels), _level(max(levels, default=None)), _level(typical),
                             _level(national), against))
    return rows, above, below


def _movement(shared: _Round, board: str, name: str) -> tuple[str, list[StepRow]]:
    """Like for like since the board's previous return (journey.steps): the same topic, or the board as a
    whole when neither round names one and its scope held; anything else is a change of scope."""
    from .. import journey

    earlier = [r for r in shared.rounds if r < shared.data.round
               and any(p["board"] == board for p in shared.placements_of(r))]
    if not earlier:
        return (f"This is {name}'s first return in the data held; next round's return will show its movement "
                f"against this one.", [])
    prev = earlier[-1]
    mb, tb = shared.context(prev)
    ma, ta = shared.context(shared.data.round)
    steps = journey.steps([p for p in shared.placements_of(prev) if p["board"] == board],
                          [p for p in shared.placements if p["board"] == board], prev, shared.data.round,
                          mb, ma, {**tb, **ta})
    rows = []
    up = down = same = scope = 0
    for s in sorted(steps, key=lambda s: FUNCTION_IDS.index(s.function)):
        if s.change is None:
            scope += 1
            change = "–"
            compared = {journey.OTHER_TOPICS: "different topics: not compared",
                        journey.SCOPE_CHANGED: "a change in the number of matrices: not compared"}.get(
                s.basis, f"{s.basis}: not compared")
        else:
            up += s.change > 0
            down += s.change < 0
            same += s.change == 0
            change = f"up {s.change}" if s.change > 0 else f"down {-s.change}" if s.change < 0 else "same"
            compared = f"same topic: {_topics(s.to_topic)}" if s.basis == journey.SAME_TOPIC \
                else "the board as a whole"
        rows.append(StepRow(FUNCTION_LABELS[s.function], _level(s.from_level), _level(s.to_level), compared, change))
    if not steps:
        return (f"{name} last returned in {prev}, but no function was mapped in both rounds, so there is "
                f"nothing to compare like with like.", [])
    parts = [f"{n} {'function' if n == 1 else 'functions'} {what}" for n, what in
             ((up, "went up"), (down, "went down"), (same, "stayed at the same level")) if n]
    lead = (f"Compared with its {prev} return on the same topic, "
            + (join_names(parts) if parts else "no function could be compared like with like") + ".")
    if scope:
        lead += (f" In {scope} {'function' if scope == 1 else 'functions'} {name} mapped a different topic or a "
                 f"different number of matrices, so the levels are shown but not read as a rise or a fall.")
    return lead, rows


STEP_TOPICS = 2  # topics named in a row of the movement table; the workbook and compare list them all


def _topics(joined: str) -> str:
    """The topics a step was compared on, as the annex shows fields (plausible_field), at most two."""
    topics = distinct_topics(sorted({t for t in (plausible_field(x) for x in joined.split("; ")) if t}))
    if len(topics) > STEP_TOPICS:
        return "; ".join(topics[:STEP_TOPICS - 1]) + f" and {len(topics) - STEP_TOPICS + 1} others"
    return "; ".join(topics) or "as stated in both rounds"


def _example_text(example: Example) -> str:
    """An example as a profile gives it, the board being the profile's own: 'Working with SCVO: …'."""
    text = example.text
    if text.startswith("with ") and " – " in text:
        partner, rest = text[5:].split(" – ", 1)
        return f"Working with {partner.strip()}: {rest}"
    return text[2:] if text.startswith("– ") else text


def _rounds(shared: _Round, board: str) -> list[RoundRow]:
    """The board's own rounds since its first, when it has returned in at least two."""
    rows = []
    for rnd in shared.rounds:
        items = [p for p in shared.placements_of(rnd) if p["board"] == board]
        if not items:
            continue
        matrices, _ = shared.context(rnd)
        typical = [str(_typical([p["level"] for p in items if p["function"] == f]) or "–") for f in FUNCTION_IDS]
        rows.append(RoundRow(rnd, matrices.get(board, 0), len(items), f"{aggregate.share_high(items):.0%}", typical))
    return rows if len(rows) >= 2 else []


def _themes(shared: _Round, board: str, placements, returns, notes, ledger) -> list[ProfileTheme]:
    tax = shared.data.taxonomy
    keys_of: dict[str, set] = defaultdict(set)
    for key, (b, themes) in shared.by_return.items():
        if b == board:
            for t in themes:
                keys_of[t].add(key)
    # the themes most of its returns are about first; those fewest other boards share break ties
    order = sorted(keys_of, key=lambda t: (-len(keys_of[t]), len(shared.theme_boards[t]), tax.label(t)))
    out, used = [], Counter()
    for t in order:
        others = len(shared.theme_boards[t] - {board})
        shared_text = (f"shared with {boards_phrase(others)}" if others else "no other board this round")
        examples = _examples(t, keys_of[t], placements, returns, tax, notes, ledger, used)
        example = examples[0] if examples else None
        if example:
            example.text = _example_text(example)
        out.append(ProfileTheme(tax.label(t), shared_text, example))
    return out


def _renumber(notes: Notes, themes, hallmarks, concerns) -> None:
    cited = [t.example for t in themes if t.example] + [q for p in hallmarks for q in p.quotes] + \
        [q for p in concerns for q in p.quotes]
    by_number = {n.number: n for n in notes.items}
    out = []
    for item in cited:
        out.append(Note(len(out) + 1, by_number[item.note].text))
        item.note = len(out)
    notes.items = out
