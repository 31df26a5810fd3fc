"""The one report model that the Word, HTML and Markdown templates all render.

It is built once from the store (build_model): the round's rows are read once and scrubbed of
personal data once (load_round), then the summary report's typed sections (overview.py) are
computed from them; `--detail full` adds the evidence pack's sections to the same model. The
templates see the model's fields as their names (Report.template_names)."""
from __future__ import annotations

import datetime as dt
import os
import re
from collections import defaultdict
from dataclasses import dataclass, field, fields
from typing import Any

from .. import aggregate
from ..detect.labels import SECTION_TITLES
from ..problems import MatrixSynthError
from ..schema import FUNCTION_LABELS, LEVELS, board_name
from .overview import TOP_THEMES, Overview, build_overview

EXAMPLE_CHARS = 320
QUOTE_CHARS = 260
QUOTES_PER_GROUP = 6  # representative quotes per theme; the rest are counted and are in the export
FREE_TEXT_PER_BOARD = 8


# --------------------------------------------------------------------------- what is read from the store

@dataclass
class RoundData:
    """One round as the report sees it: read once, personal data scrubbed once (unless asked)."""
    round: int
    placements: list[dict[str, Any]]
    returns: dict[int, dict[str, Any]]  # id -> return, the returns that count (at least one placement)
    free: list[dict[str, Any]]
    response: list[aggregate.BoardResponse]
    problems: list[dict[str, Any]]
    unplaced: int
    corrections: int
    taxonomy: Any


def attribution(ret: dict[str, Any]) -> str:
    """By role and sector, never by name: 'NHS lead, NHS Lanarkshire'."""
    text = " ".join(filter(None, [ret.get("role") or "", ret.get("completed_by") or ""])).lower()
    third = any(w in text for w in ("third sector", "voluntary", "tsi", "cvs", "charity", "partner"))
    sector = "Third sector lead" if third and "nhs" not in text else "NHS third sector lead" if third else "NHS lead"
    return f"{sector}, {board_name(ret.get('board'))}"


def load_round(store, round_: int, taxonomy, include_personal: bool = False) -> RoundData:
    """The round's rows, each scrubbed once here: nothing built from them needs scrubbing again. A
    quote's attribution (role and sector) is worked out before the personal columns go."""
    from ..privacy import scrubber_for

    scrub = scrubber_for(store, include_personal)
    returns = {}
    for r in store.returns(round_):
        if r["placements"]:  # a file with no matrix is in review, not in the report
            r["by"] = attribution(r)
            returns[r["id"]] = scrub.row(r)
    placements = [scrub.row(p) for p in store.placements(round_)]
    free = [scrub.row(f) for f in store.free_text(round_) if f["return_id"] in returns]
    response = aggregate.response_of(list(returns.values()), store.matrices(round_))
    return RoundData(round_, placements, returns, free, response, store.problems(round_),
                     len(store.unplaced(round_)), len(store.corrections(round_)), taxonomy)


# --------------------------------------------------------------------------- the evidence pack's sections

@dataclass
class Intro:
    purpose: list[str]
    background: list[str]
    summary: list[str]
    request: list[str] = field(default_factory=list)  # who asked for the overview, when and why
    closing: list[str] = field(default_factory=list)  # the analyst's own "In summary" (else drawn from findings)

    @property
    def heading(self) -> str:
        """'Purpose and request' only when the analyst has said what the request was."""
        return "Purpose and request" if self.request else "Purpose"


@dataclass
class GridRow:
    function: str
    cells: list[Any]  # one per level, '' for none
    total: int


@dataclass
class GridTable:
    grid: dict[str, dict[int, int]]
    rows: list[GridRow]
    placements: int
    share_high: str
    profile: list[dict[str, Any]]


@dataclass
class ResponseRow:
    name: str
    kind: str
    returned: str
    files: int
    matrices: int
    placements: int
    interpretation: str
    topics: str
    sources: str


@dataclass
class Interpretation:
    label: str
    boards: str
    count: int


@dataclass
class Response:
    rows: list[ResponseRow]
    returned: int
    of: int
    missing: str
    matrices: int
    files: int
    unknown_files: int
    interpretations: list[Interpretation]


@dataclass
class Cited:
    """A piece of a board's text in the evidence pack, with the file and place it came from."""
    text: str
    source: str
    location: str = ""
    board: str = ""
    function: str = ""
    level: str = ""
    by: str = ""
    section: str = ""


@dataclass
class BoardDetail:
    id: str
    name: str
    sources: str
    topics: str
    partners: str
    grid: dict[str, dict[int, int]]
    rows: list[GridRow]
    profile: list[dict[str, Any]]
    placements: int
    share_high: str
    examples: list[Cited]
    free_text: list[Cited]
    chart: Any = ""  # filled by the Word renderer


@dataclass
class ThemeGroup:
    id: str
    label: str
    description: str
    boards: int
    examples: list[Cited]


@dataclass
class QuoteGroup:
    theme: str
    quotes: list[Cited]
    more: int


@dataclass
class Emerging:
    phrase: str
    returns: int
    sources: str


@dataclass
class FailedFile:
    file: str
    reason: str


@dataclass
class Quality:
    failed: list[FailedFile]
    unplaced: int
    corrections: int
    no_matrix: list[str]
    warnings: int


@dataclass
class ShiftRow:
    level: str
    before: str
    after: str


@dataclass
class Comparison:
    from_round: int
    to_round: int
    shift: list[dict[str, Any]]
    rows: list[dict[str, Any]]
    up: int
    down: int
    only_from: str
    only_to: str
    shift_rows: list[ShiftRow]
    chart: Any = ""  # filled by the Word renderer


@dataclass
class EvidencePack:
    """What `--detail full` adds: every theme, every board's examples and free text, the quotes by
    section, emerging subjects, data quality and the full year-on-year table."""
    boards: list[BoardDetail]
    working_well: list[ThemeGroup]
    hallmarks: list[QuoteGroup]
    improvements: list[QuoteGroup]
    next_steps: list[QuoteGroup]
    matrix_comments: list[Cited]
    matrix_comments_more: int
    emerging: list[Emerging]
    quality: Quality
    compare: Comparison | None


@dataclass
class Report:
    title: str
    subtitle: str
    author: str
    round: int
    generated: str
    levels: list[str]
    national: GridTable
    response: Response
    intro: Intro
    overview: Overview
    section_titles: dict[str, str]
    evidence: EvidencePack | None = None  # --detail full

    def template_names(self) -> dict[str, Any]:
        """The names the templates use: the model's fields, and the evidence pack's at the top level."""
        names = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "evidence"}
        # "In summary" comes after the last numbered section: 9 + year on year + journey
        names["closing_number"] = 9 + bool(self.overview.year) + bool(self.overview.journey)
        if self.evidence is not None:
            names.update({f.name: getattr(self.evidence, f.name) for f in fields(self.evidence)})
        return names


# --------------------------------------------------------------------------- building

def build_model(store, round_: int | None, compare_with: int | None = None, intro_path: str | None = None,
                themes_path: str | None = None, include_personal: bool = False, hallmarks_path: str | None = None,
                top_themes: int | None = None, detail: str = "summary") -> Report:
    """The report model for one round, built once from the store."""
    from .. import themes as themes_mod

    round_ = _round(store, round_)
    data = load_round(store, round_, themes_mod.load(themes_path), include_personal)
    intro = load_intro(intro_path)
    overview = build_overview(store, data, compare_with, hallmarks_path, top_themes or TOP_THEMES)
    national = _grid_table(data.placements)
    report = Report(title=intro.get("title") or "An overview report on using the Engagement Matrix",
                    subtitle=f"Partnership between NHS Boards and third sector organisations, {round_}",
                    author=intro.get("author", ""), round=round_, generated=dt.date.today().isoformat(),
                    levels=[f"{lv} {name}" for lv, name in LEVELS.items()], national=national,
                    response=_response(data),
                    intro=Intro(intro.get("purpose") or _default_purpose(round_),
                                intro.get("background") or _default_background(), intro.get("summary") or [],
                                intro.get("request") or [], intro.get("closing") or overview.closing),
                    overview=overview, section_titles=SECTION_TITLES)
    if detail == "full":
        report.evidence = _evidence(store, data, compare_with)
    return report


def _round(store, round_: int | None) -> int:
    rounds = store.rounds()
    if not rounds:
        raise MatrixSynthError("The store has no returns yet. Run 'matrix-synth ingest RETURNS_FOLDER' first.")
    if round_ is None:
        return rounds[-1]
    if round_ not in rounds:
        raise MatrixSynthError(f"The store has no returns for {round_}. Rounds stored: {', '.join(map(str, rounds))}.")
    return round_


def _evidence(store, data: RoundData, compare_with: int | None) -> EvidencePack:
    comments = _quotes(data, "feedback", None)
    return EvidencePack(
        boards=_boards(data), working_well=_working_well(data),
        hallmarks=_quotes(data, "working_well", data.taxonomy), improvements=_quotes(data, "improvements",
                                                                                    data.taxonomy),
        next_steps=_quotes(data, "next_steps", data.taxonomy),
        matrix_comments=comments[0].quotes if comments else [], matrix_comments_more=comments[0].more if comments else 0,
        emerging=_emerging(data), quality=_quality(data),
        compare=_compare(store, compare_with, data.round) if compare_with else None)


def _short(text: str, n: int) -> str:
    text = " ".join((text or "").split())
    if len(text) <= n:
        return text
    cut = text[:n].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


def _grid_rows(grid) -> list[GridRow]:
    """aggregate.grid_rows shaped for the templates: a list of level cells per function (blank for 0)."""
    labels = [f"{lv} {name}" for lv, name in LEVELS.items()]
    return [GridRow(r["function"], [r[label] or "" for label in labels], r["total"]) for r in aggregate.grid_rows(grid)]


def _grid_table(placements) -> GridTable:
    grid = aggregate.grid_counts(placements)
    return GridTable(grid, _grid_rows(grid), len(placements), f"{aggregate.share_high(placements):.0%}",
                     aggregate.profile(placements))


def _response(data: RoundData) -> Response:
    boards = data.response
    returned = [b for b in boards if b.returned and b.kind != "unknown"]
    groups: dict[str, list[str]] = defaultdict(list)
    for b in returned:  # a return whose board is unknown is not a board: the data notes name it
        groups[b.interpretation].append(b.name)
    rows = [ResponseRow(b.name, b.kind, "Yes" if b.returned else "No", b.files, b.matrices, b.placements,
                        b.interpretation or "–", "; ".join(b.topics), "; ".join(b.sources))
            for b in boards if b.kind != "unknown"]
    missing = [b.name for b in boards if not b.returned and b.kind != "unknown"]
    unknown = [b for b in boards if b.kind == "unknown"]
    return Response(rows, len(returned), 22, ", ".join(missing) or "none", sum(b.matrices for b in returned),
                    sum(b.files for b in boards), sum(b.files for b in unknown),
                    [Interpretation(k, ", ".join(v), len(v))
                     for k, v in sorted(groups.items(), key=lambda kv: -len(kv[1]))])


def _boards(data: RoundData) -> list[BoardDetail]:
    by_board: dict[str, list[dict]] = defaultdict(list)
    for p in data.placements:
        by_board[p["board"] or ""].append(p)
    out = []
    for board_id in sorted({r["board"] or "" for r in data.returns.values()}, key=board_name):
        items = by_board.get(board_id, [])
        rets = [r for r in data.returns.values() if (r["board"] or "") == board_id]
        table = _grid_table(items)
        examples = sorted(items, key=lambda p: (-p["level"], p["function"]))[:8]
        out.append(BoardDetail(
            board_id or "unknown", board_name(board_id or None), "; ".join(r["source_file"] for r in rets),
            "; ".join(sorted({r["topic"] for r in rets if r["topic"]})) or "not stated",
            "; ".join(sorted({r["partners"] for r in rets if r["partners"]})) or "not stated",
            table.grid, table.rows, table.profile, len(items), table.share_high,
            [Cited(_short(p["text"] or "(ticked, no text)", EXAMPLE_CHARS), p["source_file"], p["location"],
                   function=FUNCTION_LABELS[p["function"]], level=f"{p['level']} {LEVELS[p['level']]}")
             for p in examples],
            [Cited(_short(f["text"], 600), f["source_file"], section=SECTION_TITLES[f["section"]])
             for f in data.free if (f["board"] or "") == board_id][:FREE_TEXT_PER_BOARD]))
    return out


def _working_well(data: RoundData) -> list[ThemeGroup]:
    """Each theme, the boards under it, and one example in each board's own words."""
    by_theme: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for p in data.placements:
        for theme in (p["themes"] or "").split(";"):
            if theme:
                by_theme[theme][p["board"] or ""].append(p)
    out = []
    for theme_id, boards in sorted(by_theme.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        examples = []
        for board_id, items in sorted(boards.items(), key=lambda kv: board_name(kv[0] or None)):
            best = max(items, key=lambda p: (p["level"], len(p["text"] or "")))
            examples.append(Cited(_short(best["text"] or "(ticked, no text)", EXAMPLE_CHARS), best["source_file"],
                                  best["location"], board=board_name(board_id or None),
                                  function=FUNCTION_LABELS[best["function"]],
                                  level=f"level {best['level']} ({LEVELS[best['level']]})"))
        theme = data.taxonomy.by_id.get(theme_id)
        out.append(ThemeGroup(theme_id, data.taxonomy.label(theme_id), theme.description if theme else "",
                              len(boards), examples))
    return out


def _quotes(data: RoundData, section: str, taxonomy) -> list[QuoteGroup]:
    """Free text of one section, grouped by theme, each quote attributed by role and sector."""
    groups: dict[str, list[Cited]] = defaultdict(list)
    for f in data.free:
        if f["section"] != section:
            continue
        by = data.returns.get(f["return_id"], {}).get("by") or attribution({})
        quote = Cited(_short(f["text"], QUOTE_CHARS), f["source_file"], f["location"], by=by)
        themes = [t for t in (f["themes"] or "").split(";") if t] if taxonomy else []
        groups[themes[0] if themes else ""].append(quote)
    out = []
    for key, quotes in sorted(groups.items(), key=lambda kv: (kv[0] == "", -len(kv[1]))):
        chosen = _spread(quotes, QUOTES_PER_GROUP)
        out.append(QuoteGroup(taxonomy.label(key) if key and taxonomy else "Other", chosen, len(quotes) - len(chosen)))
    return out


def _spread(quotes: list[Cited], n: int) -> list[Cited]:
    """Up to n quotes, taking from as many different boards (attributions) as possible."""
    by: dict[str, list[Cited]] = defaultdict(list)
    for q in quotes:
        by[q.by].append(q)
    chosen: list[Cited] = []
    while len(chosen) < n and any(by.values()):
        for key in list(by):
            if by[key] and len(chosen) < n:
                chosen.append(by[key].pop(0))
    return chosen


def _emerging(data: RoundData) -> list[Emerging]:
    from .. import themes as themes_mod

    texts = [(f["source_file"], f["text"]) for f in data.free] + \
        [(p["source_file"], p["text"] or "") for p in data.placements]
    return [Emerging(p, n, ", ".join(s[:4])) for p, n, s in themes_mod.emerging(texts, data.taxonomy)]


def _quality(data: RoundData) -> Quality:
    problems = data.problems
    failed = sorted({p["source_file"] for p in problems if p["status"] == "failed"})
    return Quality([FailedFile(f, next(p["message"] for p in problems if p["source_file"] == f)) for f in failed],
                   data.unplaced, data.corrections,
                   sorted({p["source_file"] for p in problems if p["code"] == "no-matrix-found"}),
                   sum(1 for p in problems if p["severity"] == "warning"))


def _compare(store, from_round: int, to_round: int) -> Comparison:
    result = aggregate.compare_rounds(store, from_round, to_round)
    changed = [r for r in result.rows if r["change"]]
    rows = [{**r, "function": FUNCTION_LABELS[r["function"]], "from_level": r["from_level"] or "–",
             "to_level": r["to_level"] or "–",
             "change": ("+" if (r["change"] or 0) > 0 else "") + str(r["change"]) if r["change"] is not None else "–"}
            for r in result.rows]
    return Comparison(from_round, to_round, result.shift, rows, sum(1 for r in changed if r["change"] > 0),
                      sum(1 for r in changed if r["change"] < 0), ", ".join(result.only_from) or "none",
                      ", ".join(result.only_to) or "none",
                      [ShiftRow(s["level"], f"{s[f'{from_round} share']:.0%}", f"{s[f'{to_round} share']:.0%}")
                       for s in result.shift])


# --------------------------------------------------------------------------- the analyst's words

def load_intro(path: str | None) -> dict[str, Any]:
    """The analyst's own words: Markdown with '# Purpose', '# Background', '# Summary' headings
    (any level), or YAML with those keys (and optionally title, author)."""
    if not path:
        return {}
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    if path.lower().endswith((".yaml", ".yml")):
        return _intro_yaml(text, path)
    out: dict[str, Any] = {}
    current = None
    buf: list[str] = []
    for line in text.splitlines():
        m = re.match(r"^#+\s*(.+?)\s*$", line)
        if not m:
            if current:
                buf.append(line)
            continue
        if current:
            out[current] = _paras("\n".join(buf))
        key = m.group(1).strip().lower()
        key = _INTRO_ALIASES.get(key, key)
        current = key if key in _INTRO_KEYS else None
        if current is None and "title" not in out:
            out["title"] = m.group(1).strip()
        buf = []
    if current:
        out[current] = _paras("\n".join(buf))
    return out


def _intro_yaml(text: str, path: str) -> dict[str, Any]:
    import yaml
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise MatrixSynthError(f"The intro file {path} is not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise MatrixSynthError(f"The intro file {path} must map purpose/background/summary to text.")
    out = {}
    for k, v in data.items():
        key = _INTRO_ALIASES.get(str(k).lower(), str(k).lower())
        if key == "request" and isinstance(v, dict):
            v = _request_sentence(v, path)
        out[key] = _paras(v) if key in _INTRO_KEYS else v
    return out


_INTRO_KEYS = ("purpose", "background", "summary", "request", "closing")
_INTRO_ALIASES = {"in summary": "closing", "conclusion": "closing", "purpose and request": "request",
                  "the request": "request"}


def _request_sentence(v: dict, path: str) -> str:
    """request: {by: ..., date: ..., why: ...} as one sentence: 'This overview was requested by the
    Chief Executives' group in May 2014, to see how partnership has moved since 2013.'"""
    known = {"by", "date", "when", "why"}
    unknown = sorted(str(k) for k in v if str(k).lower() not in known)
    if unknown:
        raise MatrixSynthError(f"The intro file {path}: 'request:' takes by, date (or when) and why, not "
                               f"{', '.join(unknown)}.")
    by = str(v.get("by") or "").strip()
    when = str(v.get("date") or v.get("when") or "").strip()
    why = str(v.get("why") or "").strip().rstrip(".")
    text = "This overview was requested" + (f" by {by}" if by else "") + (f" in {when}" if when else "")
    if why:
        text += f", {why[0].lower() + why[1:]}" if why[:1].isupper() and not why.split()[0].isupper() else f", {why}"
    return text + "."


def _paras(value) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value]
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", str(value or "")) if p.strip()]


def _default_purpose(round_: int) -> list[str]:
    return [f"This report gives an overview of the Engagement Matrices completed by NHS Boards together with "
            f"their third sector partners in {round_}: which boards returned what, the topic areas of what is "
            "working well, the hallmarks of good partnership, the improvements and concerns raised, and what "
            "people said of the Engagement Matrix itself."]


def _default_background() -> list[str]:
    return ["The Engagement Matrix is a tool for health boards and third sector organisations to use together to "
            "map and improve shared working. It sets five functions (Policy & Strategy Development, Planning & "
            "Commissioning, Contracting & Service Delivery, Capacity Building, Learning Exchange) against five "
            "levels of engagement (1 Inform, 2 Consult, 3 Involve, 4 Collaborate, 5 Empower). Used year on year, "
            "it gives a baseline picture and charts a journey of improvement."]


def output_name(fmt: str, round_: int | None, output: str | None) -> str:
    if output:
        return output
    return f"overview-report-{round_ or 'all'}.{fmt}"


def charts_folder(output: str) -> str:
    return os.path.splitext(output)[0] + "_files"
