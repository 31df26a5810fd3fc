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

    @property
    def in_sentence(self) -> str:
        return lower_label(self.label)


@dataclass
class JourneyRow:
    round: int
    boards: int
    matrices: int
    share_high: str
    typical: list[str]  # the typical level of each function, in FUNCTION_IDS order ("3" or "–")


@dataclass
class JourneySection:
    first: int
    lead: str
    functions: list[str]  # short names of the five functions, the table's columns
    rows: list[JourneyRow]
    note: str


@dataclass
class CommonThemes:
    """Themes nearly every board shares, said once rather than as sections listing every board."""
    labels: str          # "carers and mental health"
    count: int
    boards: int          # boards that returned
    missing: str         # the boards without one of them ("" when every board has them)


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


SHADES = ["FFFFFF", "DCE6F2", "C5D9F1", "9DC3E6", "6FA8DC", "3D85C6"]  # blues, light to dark (dark text reads)


@dataclass
class GridLine:
    """One function of a board's grid as a table row with shaded cells (Word, HTML: editable, no chart)."""
    function: str
    counts: list[str]   # per level, "" for none
    shades: list[str]   # per level, a fill colour (hex, no '#'): darker for more activity
    dark: list[bool]    # per level, the darkest shade (HTML writes its count in white)


def grid_lines(grid: dict[str, dict[int, int]]) -> list[GridLine]:
    peak = max([grid.get(f, {}).get(lv, 0) for f in FUNCTION_IDS for lv in LEVELS] + [1])
    out = []
    for f in FUNCTION_IDS:
        counts = [grid.get(f, {}).get(lv, 0) for lv in LEVELS]
        steps = [0 if not n else max(1, round(n / peak * (len(SHADES) - 1))) for n in counts]
        out.append(GridLine(SHORT_FUNCTION_NAMES[f], [str(n) if n else "" for n in counts],
                            [SHADES[i] for i in steps], [i == len(SHADES) - 1 for i in steps]))
    return out


SHORT_FUNCTION_NAMES = {"policy-strategy": "Policy & Strategy", "planning-commissioning": "Planning & Commissioning",
                        "contracting-delivery": "Contracting & Delivery", "capacity-building": "Capacity Building",
                        "learning-exchange": "Learning Exchange"}


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
    grid: dict[str, dict[int, int]] = field(default_factory=dict)  # function -> level -> count
    lines: list[GridLine] = field(default_factory=list)  # the same grid as shaded table rows


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
    common_themes: CommonThemes | None
    hallmarks: PointsSection
    concerns: PointsSection
    matrix: MatrixComments
    national: NationalPicture
    year: YearOnYear | None
    findings: list[str]
    annex: list[BoardEntry]
    about: AboutData
    notes: list[Note] = field(default_factory=list)
    closing: list[str] = field(default_factory=list)  # "In summary": 3-5 sentences drawn from the findings
    journey: JourneySection | None = None  # every round since the first, when there are three or more


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


# Instruction text left in a field ('Please state the topic area', '(insert name)', 'e.g. carers')
_INSTRUCTION = re.compile(r"^\W*(please\b|insert\b|enter\b|state\b|describe\b|list\b|type\b|add\b|e\.?g\.?\b|"
                          r"tbc\b|tbd\b|n/?a\b|none\b|name of\b|click\b|select\b|choose\b|delete\b|"
                          r"\(?optional\)?$)", re.IGNORECASE)
# The next field's label run into this one: 'VASA Area of work: Mental health' -> 'VASA'
_NEXT_LABEL = re.compile(r"\s+(?:[A-Z][a-z]+(?:\s+(?:of|and|&|the|[a-z]+)){0,4}|[A-Z][A-Za-z ]{2,30})\s*:\s*\S")


# The name of a sheet, table or section rather than of a topic or partner ('Activities', 'Sheet1', 'Matrix')
_CONTAINER = re.compile(r"^\W*(?:activit(?:y|ies)|examples?|(?:the\s+)?(?:engagement\s+)?matrix|summary|feedback|"
                        r"sheet\s*\d*|table\s*\d*|page\s*\d*|section\s*\d*|grid|list|data|returns?|"
                        r"slide\s*\d*)\W*$", re.IGNORECASE)


def distinct_topics(topics) -> list[str]:
    """Topics, each once however reworded ('LGB&T Equality Outcomes' ~ 'Equality Outcomes for LGB&T
    people': journey.same_topic), in the first wording met, sorted."""
    from ..journey import same_topic, topic_key

    kept: list[tuple[frozenset, str]] = []
    for t in topics:
        key = topic_key(t)
        if not any(same_topic(key, k) for k, _ in kept):
            kept.append((key, t))
    return sorted(t for _, t in kept)


def plausible_field(value: str | None, limit: int = 120) -> str:
    """A topic or partner as the annex shows it, as a person reads the field: not a key, a date label,
    instruction text or a whole header block, and without the next field's label and value run into it.
    (Such values come from the detector; the report leaves them out rather than print them.)"""
    value = " ".join((value or "").split())
    m = _NEXT_LABEL.search(value)
    if m and m.start() > 0:
        value = value[:m.start()].rstrip(" ,;-–")
    if not value or _FIELD_NOISE.match(value) or _INSTRUCTION.match(value) or _CONTAINER.match(value) \
            or len(value) > limit \
            or value.count(":") > 1:
        return ""
    return value


# --------------------------------------------------------------------------- building

def build_overview(store, data, compare_with: int | None = None, hallmarks_path: str | None = None,
                   top_themes: int = TOP_THEMES) -> Overview:
    """The summary report's sections from one round's data (model.RoundData: read and scrubbed once)."""
    from ..themes import themes_by_return

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
    by_return = themes_by_return(list(returns.values()), placements, free, taxonomy)
    themes, others, common = _themes(by_return, placements, returns, taxonomy, notes, ledger, top_themes)
    hallmarks = _points(free, ("working_well",), hm.hallmarks, returns, notes, ledger, QUOTES_PER_HALLMARK)
    concerns = _points(free, ("improvements",), hm.concerns, returns, notes, ledger, 1)
    matrix = _matrix_comments(free, hm.change, returns, notes, ledger)
    national = _national(placements, len({r["board"] for r in returns.values() if r["board"]}))
    year = _year(store, compare_with, data.round) if compare_with else None
    annex = _annex(returns, placements, response)
    about = _about(data)
    ov = Overview(themes, others, common, hallmarks, concerns, matrix, national, year, [], annex, about,
                  _renumber(notes, themes, hallmarks, concerns, matrix))
    ov.journey = _journey(store, data.round)
    ov.findings = _findings(ov, response)
    ov.closing = _closing(ov, response)
    return ov


COMMON_SHARE = 0.9  # a theme of at least this share of the boards (and 5 or more) is said once as common


def _themes(by_return, placements, returns, taxonomy, notes, ledger, top_n):
    """The themes of what is working well, weighed (themes.themes_by_return): a board is under a theme
    when its returns are about it. Themes nearly every board shares are said once (CommonThemes); the
    sections lead with what distinguishes boards. Each section's examples are synthesised from
    activities about that theme (synth.synthesise), one per board, spread across boards."""
    boards_of: dict[str, set[str]] = defaultdict(set)
    returns_of: dict[str, set] = defaultdict(set)
    for (rid, topic), (board, themes) in by_return.items():
        for t in themes:
            boards_of[t].add(board)
            returns_of[t].add((rid, topic))
    everyone = {board for board, _ in by_return.values() if board}
    common_ids = [t for t, bs in boards_of.items()
                  if len(everyone) >= 5 and len(bs) >= COMMON_SHARE * len(everyone)]
    common = _common(common_ids, boards_of, everyone, taxonomy)
    ranked = sorted(((t, bs) for t, bs in boards_of.items() if t not in common_ids),
                    key=lambda kv: (-len(kv[1]), taxonomy.label(kv[0])))
    sections, others = [], []
    used: Counter = Counter()  # examples per board so far: spread them across boards
    for theme_id, boards in ranked:
        names = sorted(board_name(b) for b in boards)
        if len(sections) >= top_n or len(boards) < 2 and sections:
            others.append(OtherTheme(taxonomy.label(theme_id), len(boards), join_names(names)))
            continue
        examples = _examples(theme_id, returns_of[theme_id], placements, returns, taxonomy, notes, ledger, used)
        theme = taxonomy.by_id.get(theme_id)
        sections.append(ThemeSection(theme_id, taxonomy.label(theme_id), theme.description if theme else "",
                                     len(boards), names, examples))
    return sections, others, common


def _common(common_ids, boards_of, everyone, taxonomy) -> CommonThemes | None:
    if not common_ids:
        return None
    labels = [taxonomy.label(t) for t in sorted(common_ids, key=lambda t: (-len(boards_of[t]), taxonomy.label(t)))]
    missing = sorted({board_name(b) for t in common_ids for b in everyone - boards_of[t]})
    return CommonThemes(join_names([lower_label(lb) for lb in labels]), len(common_ids), len(everyone),
                        join_names(missing))


def lower_label(label: str) -> str:
    """A theme's label inside a sentence: 'Sexual health and HIV' -> 'sexual health and HIV'."""
    return " ".join(w if re.search(r"[A-Z].*[A-Z]", w) else w.lower() for w in label.split())


def _examples(theme_id, keys, placements, returns, taxonomy, notes, ledger, used) -> list[Example]:
    from ..themes import matrix_topic
    from .synth import synthesise

    topic_theme = {k for k in keys if taxonomy.weigh(k[1]).get(theme_id)}
    key = {id(p): (p["return_id"], matrix_topic(p, returns)) for p in placements}
    cands = [p for p in placements if key[id(p)] in keys and p["text"]]
    # boards not yet quoted first, then activities of a return whose topic is the theme, then the higher level
    cands.sort(key=lambda p: (used[p["board"]], key[id(p)] not in topic_theme, -p["level"], board_name(p["board"]),
                              os.path.basename(p["source_file"] or ""), p["placement_id"] or 0))
    examples: list[Example] = []
    seen: set[str] = set()
    for p in cands:
        if len(examples) >= EXAMPLES_PER_THEME:
            break
        if p["board"] in seen:
            continue
        ret = returns.get(p["return_id"]) or {}
        partner = next((x for x in (plausible_field(y) for y in (p.get("partner") or ret.get("partners") or "")
                                    .split(";")) if x), "")
        made = synthesise(partner, p["text"], p["function"], p["level"], theme_id, taxonomy)
        if not made or not ledger.fresh(made.words) or _too_close(made.words, examples):
            continue
        ledger.take(made.words)
        text = made.text
        seen.add(p["board"])
        used[p["board"]] += 1
        examples.append(Example(board_name(p["board"]), text, FUNCTION_LABELS[p["function"]],
                                f"{p['level']} {LEVELS[p['level']]}",
                                notes.add(board_name(p["board"]), p["source_file"], p["location"])))
    return examples


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


JOURNEY_ROUNDS = 3  # with two rounds the year-on-year section is the journey
SHORT_FUNCTIONS = ["Policy", "Planning", "Delivery", "Capacity", "Learning"]


def _journey(store, to_round: int) -> JourneySection | None:
    """Every round since the first, up to this one: each round's national picture, and how boards moved
    against themselves on the same topic from each round to the next (journey.steps)."""
    from .. import journey

    rounds = [r for r in store.rounds() if r <= to_round]
    if len(rounds) < JOURNEY_ROUNDS:
        return None
    rows = []
    for rnd in rounds:
        placements = [p for p in store.placements(rnd) if p["board"]]
        matrices, _ = journey.round_context(store, rnd)
        typical = []
        for f in FUNCTION_IDS:
            levels = [p["level"] for p in placements if p["function"] == f]
            typical.append(str(int(median(levels))) if levels else "–")
        rows.append(JourneyRow(rnd, len({p["board"] for p in placements}),
                               sum(v for b, v in matrices.items() if b), f"{aggregate.share_high(placements):.0%}",
                               typical))
    up = down = scope = 0
    boards_up: set[str] = set()
    for a, b in zip(rounds, rounds[1:]):
        before = [p for p in store.placements(a) if p["board"]]
        after = [p for p in store.placements(b) if p["board"]]
        for s in journey.steps_between(store, a, b, before, after):
            if s.change:
                up += s.change > 0
                down += s.change < 0
                if s.change > 0:
                    boards_up.add(s.board)
            elif s.basis not in journey.COMPARABLE and s.from_level and s.to_level:
                scope += 1
    lead = (f"Across the {len(rounds)} rounds from {rounds[0]} to {to_round}, the share of activity at collaborate "
            f"or empower went from {rows[0].share_high} to {rows[-1].share_high}. Compared with themselves on the "
            f"same topic from one round to the next, {boards_phrase(len(boards_up))} reached a higher level in at "
            f"least one function at some point; a function went up a level {up} "
            f"{'time' if up == 1 else 'times'} and down {down}.")
    note = ("Each row describes the boards that returned that round, and boards differ between rounds: the table "
            "shows each round, not one board's progress. The typical level of a function is its middle level. "
            + (f"{scope} changes of topic or of the number of matrices are not read as a rise or a fall."
               if scope else ""))
    return JourneySection(rounds[0], lead, SHORT_FUNCTIONS, rows, note.strip())


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
        items = by_board.get(board_id, [])
        topics, partners = board_fields(rets, items)
        top = max(items, key=lambda p: p["level"], default=None)
        highest = f"{top['level']} {LEVELS[top['level']]} ({FUNCTION_LABELS[top['function']]})" if top else ""
        r = resp.get(board_id)
        out.append(BoardEntry(board_id or "unknown", board_name(board_id or None),
                              _few(topics) or "not stated", _few(partners) or "not stated",
                              (r.interpretation if r else "") or "", len(rets),
                              r.matrices if r else 0, len(items), highest, aggregate.grid_counts(items),
                              grid_lines(aggregate.grid_counts(items))))
    return out


def board_fields(returns, placements) -> tuple[list[str], list[str]]:
    """A board's topics (each once however reworded) and partners as a person reads its returns' fields;
    a field the return states in its matrices (a matrix per topic or partner) counts as stated."""
    topics = distinct_topics(sorted({t for t in (plausible_field(x) for x in [r["topic"] for r in returns] +
                                                 [p.get("topic") for p in placements]) if t}))
    partners = sorted({t for x in [r["partners"] for r in returns] + [p.get("partner") for p in placements]
                       for t in (plausible_field(y) for y in (x or "").split(";")) if t})
    return topics, partners


FIELD_ITEMS = 6  # topics or partners named per board in the annex; the workbook lists them all


def _few(items: list[str]) -> str:
    if len(items) <= FIELD_ITEMS:
        return "; ".join(items)
    return "; ".join(items[:FIELD_ITEMS - 1]) + f"; and {len(items) - FIELD_ITEMS + 1} others"


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
    """What was wrong with a file, without what to do about it (renaming, saving again, commands and
    options are the analyst's business, in the command line and the workbook, not the reader's) and
    without repeating the file's own path: "the file is empty (0 bytes)"."""
    text = re.split(r"[:;.]\s+(?=(?:rename|save|open|re-?save|export|convert|ask|send|run|use|try|check|remove|"
                    r"set|fix|copy|and matrix-synth)\b)", message or "", maxsplit=1, flags=re.IGNORECASE)[0]
    for name in sorted({path, os.path.basename(path)} - {""}, key=len, reverse=True):
        text = re.sub(r"^(?:\S*[/\\])?" + re.escape(name) + r"\b", "the file", text, count=1)
    text = _TOOL_TALK.sub("", text).strip()
    return text.rstrip(" (;:,") or "it could not be read"


def _closing(ov: Overview, response) -> list[str]:
    """'In summary': three to five sentences a chief executive can take away, drawn from the sections
    (not the bullets again), ending as the 2013 overview does: the matrix is not an audit."""
    returned = [b for b in response if b.returned and b.kind != "unknown"]
    nat = ov.national
    out = []
    where = f", most of all in {nat.strongest.function}" if nat.strongest else ""
    out.append(f"{boards_phrase(len(returned), NATIONAL_BOARDS).capitalize()} mapped their partnership with the "
               f"third sector this round; {nat.share_high} of what they mapped is at collaborate or empower{where}.")
    if ov.themes:
        names = join_names([lower_label(t.label) for t in ov.themes[:3]])
        common = f", and {ov.common_themes.labels} is common to nearly every board" if ov.common_themes else ""
        out.append(f"What works well differs from board to board: most often {names}{common}.")
    h = ov.hallmarks.points[0] if ov.hallmarks.points else None
    c = ov.concerns.points[0] if ov.concerns.points else None
    if h and c:
        out.append(f"Boards credit {lower_label(h.label)} above all, and their main concern is "
                   f"{lower_label(c.label)}.")
    elif h:
        out.append(f"Boards credit {lower_label(h.label)} above all.")
    if ov.year:
        y = ov.year
        out.append(f"Compared like with like, {y.up_boards} of the {boards_phrase(y.both)} that returned in both "
                   f"{y.from_round} and {y.to_round} moved up in at least one function"
                   + (f", while {y.scope_boards} mapped something different and are not compared." if y.scope_boards
                      else "."))
    out.append("The matrix is neither an audit nor a comparative exercise: these are the places partners give "
               "themselves, a starting point for their next conversation.")
    return out[:5]


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
    common = ov.common_themes
    if common:
        who = "every board" if not common.missing else f"every board but {common.missing}"
        out.append(f"{common.labels[0].upper() + common.labels[1:]} {'is' if common.count == 1 else 'are'} among "
                   f"what is working well for {who}.")
    if ov.themes:
        lead = ov.themes[0]
        rest = ", ".join(f"{lower_label(t.label)} ({t.boards})" for t in ov.themes[1:3])
        beyond = "Beyond that, the theme shared most widely" if common else "The leading theme of what is working well"
        out.append(f"{beyond} is {lower_label(lead.label)} ({boards_phrase(lead.boards)})"
                   + (f", followed by {rest}." if rest else "."))
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
