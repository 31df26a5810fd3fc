"""The overview a chief executive reads: typed sections computed from the store, shared by the
Word, HTML and Markdown templates. Every example and quote carries a numbered note (its file and
cell); the templates show the note as a footnote, a superscript link or a Markdown footnote.
The wording of the sentences lives in the templates; this module only supplies their facts."""
from __future__ import annotations

import os
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from statistics import median
from typing import Any

from .. import aggregate
from ..problems import MatrixSynthError
from ..schema import BOARDS, FUNCTION_IDS, FUNCTION_LABELS, LEVELS, board_name

DEFAULT_HALLMARKS = os.path.join(os.path.dirname(os.path.dirname(__file__)), "data", "hallmarks.yaml")
EXAMPLE_CHARS = 300   # an example is its first sentence or two, up to about this length
QUOTE_CHARS = 220
EXAMPLES_PER_THEME = 4
QUOTES_PER_HALLMARK = 2
TOP_THEMES = 5
NATIONAL_BOARDS = len(BOARDS)


# --------------------------------------------------------------------------- plain words

def boards_phrase(n: int, of: int | None = None) -> str:
    """'1 board', '12 boards', '12 of 22 boards'."""
    if of is not None and n != of:
        return f"{n} of {of} boards"
    if of is not None:
        return f"all {n} boards" if n > 1 else "1 board"
    return f"{n} board" if n == 1 else f"{n} boards"


def join_names(names: list[str]) -> str:
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


# --------------------------------------------------------------------------- sentences

_SENTENCE_END = re.compile(r"(?<=[.!?…])[’”'\")]*\s+(?=[A-Z0-9‘“'\"(])")
# introductory or aspirational sentences, never an example of a level
_NOT_EXAMPLE = re.compile(
    r"\b(would like to|we would like|aspir\w*|hope to|plan to|we aim|aim to|move towards|moving towards|"
    r"intend to|we will|will be (developed|explored)|mapped (the )?examples|examples (at|of) levels?|"
    r"see (attached|below|above|overleaf)|this (matrix|template)|the (engagement )?matrix (was|has been) completed|"
    r"at levels? \d( and \d)?\b|n/?a\b)", re.IGNORECASE)


def sentences(text: str) -> list[str]:
    text = " ".join((text or "").split())
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def excerpt(text: str, limit: int, skip_intro: bool = False) -> str:
    """Whole sentences from the start of one cell's text, up to about limit characters; an
    ellipsis marks that more follows. A single sentence longer than limit is cut at a word
    boundary (never mid-word). With skip_intro, introductory/aspirational sentences are left out."""
    parts = sentences(text)
    if skip_intro:
        parts = [s for s in parts if not _NOT_EXAMPLE.search(s)]
    if not parts:
        return ""
    out: list[str] = []
    for s in parts:
        if out and len(" ".join(out + [s])) > limit:
            break
        out.append(s)
    result = " ".join(out)
    if len(result) > limit * 2:  # one very long sentence: bounded, cut between words
        cut = result[:limit * 2].rsplit(" ", 1)[0].rstrip(",;:–-")
        return cut + "…"
    if len(out) < len(parts):
        result = result.rstrip() + " …"
    return result


def _norm(sentence: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", sentence.lower()).strip()


class Ledger:
    """What the report has already quoted: no sentence appears twice anywhere in it."""

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def fresh(self, text: str) -> bool:
        keys = [_norm(s) for s in sentences(text.replace("…", ""))]
        return bool(keys) and not any(k in self.seen for k in keys if k)

    def take(self, text: str) -> None:
        for s in sentences(text.replace("…", "")):
            if _norm(s):
                self.seen.add(_norm(s))


# --------------------------------------------------------------------------- provenance

@dataclass
class Note:
    number: int
    text: str  # "NHS Fife, fife-engagement-matrix-2013.docx, table 3, row 2, column 4"


class Notes:
    def __init__(self) -> None:
        self.items: list[Note] = []

    def add(self, board: str, source_file: str, location: str) -> int:
        where = ", ".join(x for x in (board, os.path.basename(source_file or ""), location or "") if x)
        self.items.append(Note(len(self.items) + 1, where))
        return len(self.items)


# --------------------------------------------------------------------------- the sections

@dataclass
class Example:
    board: str
    text: str
    function: str
    level: str
    note: int


@dataclass
class ThemeSection:
    id: str
    label: str
    description: str
    boards: int
    board_names: list[str]
    examples: list[Example]

    @property
    def boards_text(self) -> str:
        return boards_phrase(self.boards)


@dataclass
class OtherTheme:
    label: str
    boards: int
    board_names: str


@dataclass
class Quote:
    text: str
    by: str
    note: int


@dataclass
class Point:
    """A hallmark or a concern: how many boards made it, and one or two of their words."""
    id: str
    label: str
    description: str
    boards: int
    board_names: list[str]
    quotes: list[Quote]

    @property
    def boards_text(self) -> str:
        return boards_phrase(self.boards)


@dataclass
class PointsSection:
    points: list[Point]
    other_boards: int = 0          # boards whose comments fit no point
    other_count: int = 0           # how many such comments
    other_names: str = ""


@dataclass
class MatrixComments:
    valued: list[Quote]
    change: list[Quote]
    valued_boards: int
    change_boards: int


@dataclass
class FunctionFinding:
    function: str
    boards_high: int      # boards with activity at collaborate or empower in this function
    boards_any: int       # boards with any activity in this function
    typical: int | None
    typical_name: str
    common_levels: str    # "consult or involve": the two most common adjacent levels


@dataclass
class NationalPicture:
    grid: dict[str, dict[int, int]]  # function -> level -> count (the heatmap)
    boards: int
    share_high: str
    strongest: FunctionFinding | None
    weakest: FunctionFinding | None
    least_mapped: FunctionFinding | None
    functions: list[FunctionFinding]


@dataclass
class Mover:
    function: str
    up: str       # board names
    down: str
    up_count: int
    down_count: int


@dataclass
class YearOnYear:
    from_round: int
    to_round: int
    both: int
    both_names: str
    only_from: str
    only_to: str
    up_boards: int
    down_boards: int
    movers: list[Mover]
    share_high_from: str
    share_high_to: str
    changes: list[dict[str, Any]]   # annex: only the board-function pairs that changed, with the basis
    shift: list[dict[str, Any]] = field(default_factory=list)  # level shares, boards in both rounds only
    scope_boards: int = 0  # boards whose topics or number of matrices changed: not compared
    scope_names: str = ""


@dataclass
class BoardEntry:
    id: str
    name: str
    topic: str
    partners: str
    reading: str
    files: int
    matrices: int
    placements: int
    highest: str
    grid: dict[str, dict[int, int]] = field(default_factory=dict)  # function -> level -> count (its chart)


@dataclass
class AboutData:
    files_read: int
    files: str  # the files' names, when they are few enough to list (else the workbook lists them)
    failed: list[dict[str, str]]
    corrections: int
    unplaced: int
    unknown_board: str = ""  # returns whose board could not be identified: left out of the counts by board
    returns: int = 0
    matrices: int = 0


@dataclass
class Overview:
    themes: list[ThemeSection]
    other_themes: list[OtherTheme]
    hallmarks: PointsSection
    concerns: PointsSection
    matrix: MatrixComments
    national: NationalPicture
    year: YearOnYear | None
    findings: list[str]
    annex: list[BoardEntry]
    about: AboutData
    notes: list[Note] = field(default_factory=list)


# --------------------------------------------------------------------------- hallmarks taxonomy

@dataclass(frozen=True)
class Hallmarks:
    hallmarks: Any   # themes.Taxonomy
    concerns: Any
    change: Any
    source: str


@lru_cache(maxsize=4)
def load_hallmarks(path: str | None = None) -> Hallmarks:
    import yaml

    from ..themes import Taxonomy, Theme

    source = path or DEFAULT_HALLMARKS
    try:
        with open(source, encoding="utf-8") as fh:
            data = yaml.safe_load(fh) or {}
    except OSError as exc:
        raise MatrixSynthError(f"Cannot read the hallmarks file {source}: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        raise MatrixSynthError(f"The hallmarks file {source} is not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise MatrixSynthError(f"The hallmarks file {source} must have 'hallmarks:' and 'concerns:' lists.")

    def taxonomy(key: str) -> Taxonomy:
        items = data.get(key) or []
        if not isinstance(items, list):
            raise MatrixSynthError(f"'{key}:' in the hallmarks file {source} must be a list.")
        out = []
        for n, item in enumerate(items, start=1):
            if not isinstance(item, dict) or not item.get("id"):
                raise MatrixSynthError(f"Item {n} of '{key}:' in {source} has no 'id'.")
            out.append(Theme(str(item["id"]), str(item.get("label") or item["id"]),
                             str(item.get("description") or ""),
                             tuple(str(k) for k in item.get("keywords") or ())))
        return Taxonomy(out, source)

    change_kw = tuple(str(k) for k in ((data.get("matrix") or {}).get("change") or {}).get("keywords") or ())
    change = Taxonomy([Theme("change", "change", "", change_kw)], source)
    return Hallmarks(taxonomy("hallmarks"), taxonomy("concerns"), change, source)


# --------------------------------------------------------------------------- field sanity

_FIELD_NOISE = re.compile(r"^\s*(key\b|date\b|board\b|(?:completed|prepared|compiled|written|submitted|signed) by\b|"
                          r"contact\b|signed\b|name\b|tel\b|e-?mail\b|"
                          r"level\b|\(?cell colou?r)", re.IGNORECASE)


def plausible_field(value: str | None, limit: int = 120) -> str:
    """A topic or partner as the annex shows it: not a key, a date label or a whole header block.
    (Such values come from the detector; the report leaves them out rather than print them.)"""
    value = " ".join((value or "").split())
    if not value or _FIELD_NOISE.match(value) or len(value) > limit or value.count(":") > 1:
        return ""
    return value


# --------------------------------------------------------------------------- building

def build_overview(store, data, compare_with: int | None = None, hallmarks_path: str | None = None,
                   top_themes: int = TOP_THEMES) -> Overview:
    """The summary report's sections from one round's data (model.RoundData: read and scrubbed once)."""
    from ..themes import substantive_themes

    placements, returns, free, taxonomy, response = data.placements, data.returns, data.free, data.taxonomy, \
        data.response
    # A return whose board is unknown is never a board: left out of every count by board (the data notes
    # name it, and how to set its board), so that no figure can exceed the boards that returned.
    returns = {rid: r for rid, r in returns.items() if r["board"]}
    placements = [p for p in placements if p["board"]]
    free = [f for f in free if f["board"]]
    notes = Notes()
    ledger = Ledger()
    hm = load_hallmarks(hallmarks_path)
    by_board = substantive_themes(list(returns.values()), placements, free, taxonomy)
    themes, others = _themes(by_board, placements, returns, taxonomy, notes, ledger, top_themes)
    hallmarks = _points(free, ("working_well",), hm.hallmarks, returns, notes, ledger, QUOTES_PER_HALLMARK)
    concerns = _points(free, ("improvements",), hm.concerns, returns, notes, ledger, 1)
    matrix = _matrix_comments(free, hm.change, returns, notes, ledger)
    national = _national(placements, len({r["board"] for r in returns.values() if r["board"]}))
    year = _year(store, compare_with, data.round) if compare_with else None
    annex = _annex(returns, placements, response)
    about = _about(data)
    ov = Overview(themes, others, hallmarks, concerns, matrix, national, year, [], annex, about,
                  _renumber(notes, themes, hallmarks, concerns, matrix))
    ov.findings = _findings(ov, response)
    return ov


def _themes(by_board, placements, returns, taxonomy, notes, ledger, top_n):
    boards_of: dict[str, list[str]] = defaultdict(list)
    for board, themes in by_board.items():
        for t in themes:
            boards_of[t].append(board)
    ranked = sorted(boards_of.items(), key=lambda kv: (-len(kv[1]), taxonomy.label(kv[0])))
    topic_of = defaultdict(str)
    for r in returns.values():
        topic_of[r["board"] or ""] += " " + (r["topic"] or "")
    sections, others = [], []
    for theme_id, boards in ranked:
        names = sorted((board_name(b) for b in boards))
        if len(sections) >= top_n or len(boards) < 2 and sections:
            others.append(OtherTheme(taxonomy.label(theme_id), len(boards), join_names(names)))
            continue
        examples: list[Example] = []
        # boards whose topic is the theme first, then the others; one example per board
        order = sorted(boards, key=lambda b: (not any(t == theme_id for t, _ in taxonomy.tag(topic_of[b])),
                                              board_name(b)))
        for board in order:
            if len(examples) >= EXAMPLES_PER_THEME:
                break
            cands = [p for p in placements if (p["board"] or "") == board and p["text"]
                     and theme_id in (p["themes"] or "").split(";")]
            cands.sort(key=lambda p: (-p["level"], -len(p["text"] or "")))
            for p in cands:
                text = excerpt(p["text"], EXAMPLE_CHARS, skip_intro=True)
                if len(text) < 25 or not ledger.fresh(text) or _too_close(text, examples):
                    continue
                ledger.take(text)
                examples.append(Example(board_name(board), text, FUNCTION_LABELS[p["function"]],
                                        f"{p['level']} {LEVELS[p['level']]}",
                                        notes.add(board_name(board), p["source_file"], p["location"])))
                break
        theme = taxonomy.by_id.get(theme_id)
        sections.append(ThemeSection(theme_id, taxonomy.label(theme_id), theme.description if theme else "",
                                     len(boards), names, examples))
    return sections, others


def _renumber(notes: Notes, themes, hallmarks, concerns, matrix) -> list[Note]:
    """Notes numbered in the order a reader meets them."""
    cited = [e for t in themes for e in t.examples] + [q for p in hallmarks.points for q in p.quotes] + \
        [q for p in concerns.points for q in p.quotes] + matrix.valued + matrix.change
    by_number = {n.number: n for n in notes.items}
    out = []
    for item in cited:
        out.append(Note(len(out) + 1, by_number[item.note].text))
        item.note = len(out)
    return out


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]{4,}", text.lower())}


def _too_close(text: str, chosen) -> bool:
    a = _words(text)
    for c in chosen:
        b = _words(c.text)
        if a and b and len(a & b) / len(a | b) > 0.6:
            return True
    return False


def _by(returns, f, board: str) -> str:
    """A quote's attribution, by role and sector (model.attribution, worked out before scrubbing)."""
    return (returns.get(f["return_id"]) or {}).get("by") or f"NHS lead, {board_name(board or None)}"


def _free_sentences(free, sections):
    """(board, text, free item) for every free-text item of the given sections."""
    for f in free:
        if f["section"] not in sections:
            continue
        yield (f["board"] or ""), f["text"] or "", f


def _points(free, sections, tax, returns, notes, ledger, per_point) -> PointsSection:
    hits: dict[str, list[tuple[str, str, dict]]] = defaultdict(list)
    unmatched: list[str] = []
    for board, text, f in _free_sentences(free, sections):
        found = False
        for s in sentences(text):
            for point_id, _ in tax.tag(s):
                hits[point_id].append((board, s, f))
                found = True
        if not found and f["section"] != "feedback":
            unmatched.append(board)
    points = []
    for t in tax.themes:
        items = hits.get(t.id, [])
        boards = sorted({b for b, _, _ in items}, key=board_name)
        if not boards:
            continue
        quotes: list[Quote] = []
        seen_boards: set[str] = set()
        for board, s, f in sorted(items, key=lambda i: (len(i[1]) > QUOTE_CHARS, len(i[1]))):
            if len(quotes) >= per_point:
                break
            text = excerpt(s, QUOTE_CHARS)
            if board in seen_boards or len(text) < 20 or not ledger.fresh(text):
                continue
            ledger.take(text)
            seen_boards.add(board)
            quotes.append(Quote(text, _by(returns, f, board), notes.add(board_name(board), f["source_file"],
                                                                         f["location"])))
        points.append(Point(t.id, t.label, t.description, len(boards), [board_name(b) for b in boards], quotes))
    points.sort(key=lambda p: -p.boards)
    other = sorted(set(unmatched), key=board_name)
    return PointsSection(points, len(other), len(unmatched), join_names([board_name(b) for b in other]))


def _matrix_comments(free, change_tax, returns, notes, ledger) -> MatrixComments:
    valued: list[Quote] = []
    change: list[Quote] = []
    vb: set[str] = set()
    cb: set[str] = set()
    for board, text, f in _free_sentences(free, ("feedback",)):
        for s in sentences(text):
            asks = bool(change_tax.tag(s))
            (cb if asks else vb).add(board)
            bucket = change if asks else valued
            quote = excerpt(s, QUOTE_CHARS)
            if len(bucket) >= 3 or len(quote) < 20 or not ledger.fresh(quote):
                continue
            if any(q.by.endswith(board_name(board)) for q in bucket):
                continue
            ledger.take(quote)
            bucket.append(Quote(quote, _by(returns, f, board), notes.add(board_name(board), f["source_file"],
                                                                         f["location"])))
    return MatrixComments(valued, change, len(vb), len(cb))


def _national(placements, boards_returned: int) -> NationalPicture:
    findings = []
    for f in FUNCTION_IDS:
        items = [p for p in placements if p["function"] == f]
        levels = [p["level"] for p in items]
        boards_any = len({p["board"] for p in items})
        boards_high = len({p["board"] for p in items if p["level"] >= 4})
        typical = int(median(levels)) if levels else None
        counts = Counter(levels)
        pair = max(((lv, lv + 1) for lv in range(1, 5)), key=lambda ab: counts[ab[0]] + counts[ab[1]])
        common = f"{LEVELS[pair[0]].lower()} or {LEVELS[pair[1]].lower()}" if levels else ""
        findings.append(FunctionFinding(FUNCTION_LABELS[f], boards_high, boards_any, typical,
                                        LEVELS.get(typical, "") if typical else "", common))
    mapped = [f for f in findings if f.boards_any]
    strongest = max(mapped, key=lambda f: (f.boards_high, f.typical or 0), default=None)
    weakest = min(mapped, key=lambda f: (f.typical or 0, f.boards_high), default=None)
    least = min((f for f in mapped if f.boards_any < boards_returned), key=lambda f: f.boards_any, default=None)
    if weakest is strongest:
        weakest = None
    return NationalPicture(aggregate.grid_counts(placements), boards_returned, f"{aggregate.share_high(placements):.0%}", strongest, weakest,
                           least if least not in (strongest, weakest) else None, findings)


def _year(store, from_round: int, to_round: int) -> YearOnYear:
    """Like for like (journey.steps): a board rises or falls only against itself on the same topic, or
    as a whole when neither round names one and its scope held; other steps are named as changes of
    scope, never as falls."""
    from .. import journey

    before = store.placements(from_round)
    after = store.placements(to_round)
    if not before and not after:
        raise MatrixSynthError(f"The store has no returns for {from_round} or {to_round}.")
    bb = {p["board"] for p in before if p["board"]}
    ba = {p["board"] for p in after if p["board"]}
    both = bb & ba
    steps = journey.steps_between(store, from_round, to_round, [p for p in before if p["board"] in both],
                                  [p for p in after if p["board"] in both])
    movers, changes, up_b, down_b = _movers(steps)
    scope = sorted({board_name(s.board) for s in steps if s.basis not in journey.COMPARABLE})
    share_b = aggregate.share_high([p for p in before if p["board"] in both])
    share_a = aggregate.share_high([p for p in after if p["board"] in both])
    nb = Counter(p["level"] for p in before if p["board"] in both)
    na = Counter(p["level"] for p in after if p["board"] in both)
    shift = [{"level": f"{lv} {name}", f"{from_round} share": nb[lv] / max(1, sum(nb.values())),
              f"{to_round} share": na[lv] / max(1, sum(na.values()))} for lv, name in LEVELS.items()]
    return YearOnYear(from_round, to_round, len(both), join_names(sorted(board_name(b) for b in both)),
                      join_names(sorted(board_name(b) for b in bb - ba)) or "none",
                      join_names(sorted(board_name(b) for b in ba - bb)) or "none",
                      len(up_b), len(down_b), movers, f"{share_b:.0%}", f"{share_a:.0%}", changes, shift,
                      len(scope), join_names(scope))


def _movers(steps):
    from .. import journey

    movers, changes, up_b, down_b = [], [], set(), set()
    for f in FUNCTION_IDS:
        up, down = [], []
        for s in (s for s in steps if s.function == f):
            if s.change:
                (up if s.change > 0 else down).append(board_name(s.board))
                (up_b if s.change > 0 else down_b).add(s.board)
            if s.change or s.basis not in journey.COMPARABLE and s.from_level != s.to_level:
                basis = s.basis if s.basis != journey.SAME_TOPIC else f"same topic ({s.to_topic})"
                changes.append({"board": board_name(s.board), "function": FUNCTION_LABELS[f],
                                "from_level": f"{s.from_level} {LEVELS[s.from_level]}",
                                "to_level": f"{s.to_level} {LEVELS[s.to_level]}", "basis": basis})
        movers.append(Mover(FUNCTION_LABELS[f], join_names(up) or "none", join_names(down) or "none",
                            len(up), len(down)))
    return movers, changes, up_b, down_b


def _annex(returns, placements, response) -> list[BoardEntry]:
    resp = {b.board: b for b in response}
    by_board: dict[str, list] = defaultdict(list)
    for p in placements:
        by_board[p["board"] or ""].append(p)
    out = []
    for board_id in sorted({r["board"] or "" for r in returns.values()}, key=board_name):
        rets = [r for r in returns.values() if (r["board"] or "") == board_id]
        topics = sorted({t for t in (plausible_field(r["topic"]) for r in rets) if t})
        partners = sorted({t for r in rets for t in (plausible_field(x) for x in (r["partners"] or "").split(";"))
                           if t})
        items = by_board.get(board_id, [])
        top = max(items, key=lambda p: p["level"], default=None)
        highest = f"{top['level']} {LEVELS[top['level']]} ({FUNCTION_LABELS[top['function']]})" if top else ""
        r = resp.get(board_id)
        out.append(BoardEntry(board_id or "unknown", board_name(board_id or None),
                              "; ".join(topics) or "not stated", "; ".join(partners) or "not stated",
                              (r.interpretation if r else "") or "", len(rets),
                              r.matrices if r else 0, len(items), highest, aggregate.grid_counts(items)))
    return out


FILES_LISTED = 30  # more than this and the file list is the workbook's job, not the report's


def _about(data) -> AboutData:
    problems, returns = data.problems, data.returns
    failed: dict[str, str] = {}
    for p in problems:
        if p["status"] == "failed" and p["source_file"] not in failed:
            failed[p["source_file"]] = p["message"]
    files = sorted(os.path.basename(r["source_file"]) for r in returns.values())
    unknown = sorted(os.path.basename(r["source_file"]) for r in returns.values() if not r["board"])
    matrices = sum(int(r.get("matrices") or 0) for r in returns.values() if r["board"])
    return AboutData(len(files), ", ".join(files) if len(files) <= FILES_LISTED else "",
                     [{"file": os.path.basename(f), "reason": _plain_reason(m, f)} for f, m in sorted(failed.items())],
                     data.corrections, data.unplaced, join_names(unknown),
                     sum(1 for r in returns.values() if r["board"]), matrices)


_TOOL_TALK = re.compile(r"\s*(\(|;|—|-)?\s*(see|run|use|try)\s+'?matrix-synth[^.]*\.?|\s*--[a-z-]+( [A-Z_=\"]+)?",
                        re.IGNORECASE)


def _plain_reason(message: str, path: str = "") -> str:
    """A problem's message without commands or options (the report is not a manual), and without
    repeating the file's own path: "the file is empty (0 bytes)"."""
    text = message or ""
    for name in sorted({path, os.path.basename(path)} - {""}, key=len, reverse=True):
        text = re.sub(r"^(?:\S*[/\\])?" + re.escape(name) + r"\b", "the file", text, count=1)
    text = _TOOL_TALK.sub("", text).strip()
    return text.rstrip(" (;:,") or "it could not be read"


FEW_BOARDS = 3  # a finding said of "most" boards rests on at least this many


def _findings(ov: Overview, response) -> list[str]:
    """5-8 key findings, each a sentence with its figure, from the sections above."""
    returned = [b for b in response if b.returned and b.kind != "unknown"]
    matrices = sum(b.matrices for b in response)
    returns = ov.about.returns
    several = f" from {returns} returns (a return may hold a matrix per partner, locality or topic)" \
        if returns and matrices != returns else ""
    out = [f"{boards_phrase(len(returned), NATIONAL_BOARDS).capitalize()} returned the Engagement Matrix, "
           f"{matrices} {'matrix' if matrices == 1 else 'matrices'} in all{several}."]
    readings = Counter(b.interpretation for b in returned if b.interpretation)
    if len(readings) > 1:
        label, n = readings.most_common(1)[0]
        out.append(f"Boards read the ask in {len(readings)} different ways; the most common was {label} "
                   f"({boards_phrase(n)}).")
    elif readings:
        out.append(f"Every board that returned read the ask the same way: {next(iter(readings))}.")
    nat = ov.national
    if nat.strongest:
        out.append(f"Engagement is strongest in {nat.strongest.function}: "
                   f"{boards_phrase(nat.strongest.boards_high, nat.boards)} report collaboration or "
                   f"empowerment there.")
    out.append(f"{nat.share_high} of all the activity mapped is at the two highest levels, collaborate or empower.")
    if ov.themes:
        lead = ov.themes[0]
        rest = ", ".join(f"{t.label.lower()} ({t.boards})" for t in ov.themes[1:3])
        out.append(f"The leading theme of what is working well is {lead.label.lower()} "
                   f"({boards_phrase(lead.boards)})" + (f", followed by {rest}." if rest else "."))
    if ov.hallmarks.points and ov.hallmarks.points[0].boards >= FEW_BOARDS:  # 'most often' needs a few boards
        h = ov.hallmarks.points[0]
        out.append(f"The hallmark of good partnership described most often is {h.label.lower()} "
                   f"({boards_phrase(h.boards)}).")
    if ov.concerns.points and ov.concerns.points[0].boards >= FEW_BOARDS:
        c = ov.concerns.points[0]
        out.append(f"The concern raised most often is {c.label.lower()} ({boards_phrase(c.boards)}).")
    if ov.year:
        y = ov.year
        out.append(f"Of the {boards_phrase(y.both)} that returned in both {y.from_round} and {y.to_round}, "
                   f"compared on the same topic, {y.up_boards or 'none'} moved up a level in at least one "
                   f"function and {y.down_boards or 'none'} moved down"
                   + (f"; {y.scope_boards} changed what they mapped and are not compared." if y.scope_boards
                      else "."))
    return out[:8]
