"""Narrative returns: engagement written as prose under a heading per function.

Read by sections and sentences:

- A **section** is opened by a block that names one function as a heading: a heading style, a bold
  lead-in (or an entirely bold paragraph), a numbered paragraph ("2. Planning and commissioning"), an
  all-caps line, a short label-like line, a prefix ("Policy & Strategy: we …"), or the first cell of a table
  row ("Capacity building | We trained …"). It ends at the next such heading, at any other strong heading
  (heading style, bold, all caps, a free-text section such as "Next steps"), at a table, or at the end.
- A **level statement** is an explicit level: "level 3", "levels 2-3", "Level 4/5", "Level: Collaborate (4)",
  "at 'involve'", "at collaborate level", "the involve stage", "between consult and involve",
  "Consult (2)". A range places at every level in it. Level words alone ("we consult the forum") are prose.
- A sentence that states a level as a wish, plan or past ("we would like to move towards collaborate", "our
  aim is to reach level 4", "last year we were at level 2") is an **aspiration**; one that talks about the
  levels themselves ("the levels are: inform, consult…", "partners mapped examples at levels 4 and 5") is a
  **general statement**. Neither places anything; both stay visible as unplaced text with that reason.

What a placement carries (its text):

- a paragraph with its own level statement places that paragraph (without its aspiration sentences); when
  one paragraph states different levels, each level statement takes its own sentence and the sentences
  after it;
- a bare level line ("Level: Collaborate (4)", "Level 4/5", "We would place ourselves at 'involve'.") or a
  level in the heading sets the section's level: it places the section's activity paragraphs (those
  without a level statement of their own), joined; the bare line itself is never the text;
- without a section level, an activity paragraph joins the placement before it in the same section (or
  the first one after it); text is never joined across a section boundary;
- outside a section, a sentence that names one function and a level places its paragraph's sentences.
"""
from __future__ import annotations

import re

from ..document import Cell, Paragraph, Table
from ..schema import find_level_mentions, fold, match_function, parse_levels
from .grid import Tracker
from .result import Detection, Matrix, Placement, Unplaced

_W = r"(inform|consult|involve|collaborate|empower)(?:ation|ment|ion|ing|ed|ive|s)?"
_WORD_LEVEL = {"inform": 1, "consult": 2, "involve": 3, "collaborate": 4, "empower": 5}
_STEM_LEVEL = {"involv": 3, "collaborat": 4}  # the stems of -ing and -ion forms ('involving', 'collaboration')
_Q = r"[\"'‘’“”]"
_WORD_PATTERNS = [
    re.compile(_Q + r"\s*" + _W + r"\s*" + _Q),  # 'involve'
    re.compile(r"\b" + _W + r"\s+(?:level|stage|column|box|category|rating)\b"),  # collaborate level
    re.compile(r"\b(?:level|stage|rating)s?\s*(?::|=|-|–)?\s*" + _Q + r"?\s*" + _W + r"\b"),  # level: involve
    re.compile(r"\b(?:level|stage|rating)s?\s+(?:of|is|was|would be)\s+" + _Q + r"?\s*"  # level of collaborate,
               r"(inform|consult|involve|collaborate|empower)\b(?!\s+(?:with|the|of|in|and|on)\b)"),  # not 'of involvement'

    re.compile(r"\bat\s+(?:the\s+)?(inform|consult|involve|collaborate|empower)\b"),  # at involve
    re.compile(r"\b" + _W + r"\s*\(\s*[1-5]\s*\)"),  # Consult (2)
    re.compile(r"\b[1-5]\s*[(\[]\s*" + _W + r"\s*[)\]]"),  # 4 (collaborate)
    re.compile(r"^\s*" + _Q + r"?(inform|consult|involve|collaborate|empower)" + _Q + r"?\s*(?::|[-–—]\s)"),  # Involve: …
    re.compile(r"\(\s*" + _W + r"\s*\)"),  # … (involve), … (Collaborate)
    re.compile(r"(?:\s[-–—]|:)\s*" + _W + r"\s*[.!]?\s*$"),  # an item ending '– Involve'
    re.compile(r"\b(inform|consult|involv|collaborat|empower)\w*\b[^.;:()]{0,40}?\bin (?:places|parts|some "
               r"areas|some cases|some places)\b"),  # involving partners in places
]
_OUT_OF = re.compile(r"\b([1-5])\s*(?:out of|/)\s*(?:5|five)\b")  # '3 out of 5': a rating on the five levels
_NEGATIVE = re.compile(r"\b(not|never|no longer|yet to|isn't|aren't|haven't|hasn't)\b[^.;:]{0,30}?\b(?:level|at|"
                       r"inform|consult|involve|collaborat|empower)")
_RATED = re.compile(r"\b(?:rated|rate|rating|scored|score|scoring|assessed|graded)\b[^.;:]{0,25}?\b([1-5])"
                    r"(?:\s*(?:-|–|to|/|and|&)\s*([1-5]))?\b(?!\s*(?:%|years?|months?|weeks?|days?|times|people|of)\b)")
_BETWEEN = re.compile(r"\bbetween\s+(?:the\s+)?" + _Q + r"?" + _W + _Q + r"?\s+(?:and|&)\s+" + _Q + r"?" + _W)
_SLASHED = re.compile(r"\b" + _W + r"\s*/\s*" + _W + r"\b")
_SCALE = re.compile(r"\b(matrix|scale|rating|rated|levels?)\b")
_IS_NUMBER = re.compile(r"\b(?:is|are|at|as|sits|puts? (?:it|this|us)|a|an)\s+(?:a\s+|an\s+)?([1-5])\b(?![.,:]?\d)"
                        r"(?!\s*(?:%|years?|months?|weeks?|days?|times|people|staff|groups?|sessions?|of)\b)")
_NUM_ONLY = re.compile(r"\b(?:l|lvl|lev)\.?\s*([1-5])\b()")  # 'L4'
_NUMBERS = {"one": "1", "two": "2", "three": "3", "four": "4", "five": "5"}
_NUMBER_WORDS = re.compile(r"\b(one|two|three|four|five)\b")
_FROM = re.compile(r"\bfrom\s+(?:the\s+)?(?:levels?\s*[1-5]|" + _Q + r"?" + _W + r")\b" + _Q + r"?")

_ASPIRATION = re.compile(
    r"\b(would like|wish(es)?|hope|hoping|hopeful|aim|aims|aiming|aspir\w*|ambition\w*|goals?|targets?|"
    r"intend\w*|intention|plans? to|want(s|ed)? to|(move|moving) (up )?to|working towards|towards|progress(ing)? to|"
    r"to reach|reaching|get to|to achieve|next year|in (the )?future|by 20\d\d|should|ideally|strive|"
    r"potential(ly)?|could|can reach|seek(ing)? to|expect(s|ed)? to|will be|previously|used to|"
    r"in the past|formerly|originally|were at|was at)\b")
_GENERAL = re.compile(
    r"\b(the (five |5 )?levels (are|of|range|run)|levels of (engagement|the matrix)|(five|5) levels|"
    r"range[sd]? from|ranging from|mapped|examples? at|each level|the matrix (has|uses|describes|sets)|"
    r"the scale|scale of|spectrum|continuum|levels? descriptors?|all (five )?levels|across (the )?levels|"
    r"(all|each|every|across the|across all) functions?|most of (our|the) (engagement|work))\b")
_NUMBERING = re.compile(r"^\s*(?:\(?\d{1,2}[.)]|\(?[a-e][.)]|\(?[ivx]{1,4}[.)]|"
                        r"(?:function|table|figure|section|part|slide|area)\s*\d+\s*[:.–-]?)\s*",
                        re.IGNORECASE)
_PREFIX = re.compile(r"^\s*([^:\n]{3,70}?)\s*(?::|\s[-–—]\s)\s*(.+)$", re.DOTALL)
_LEVEL_LINE = re.compile(
    r"^\s*(?:(?:our|current|overall|self[- ]?assessed|engagement|matrix|assessed)\s+)*"
    r"(?:level|rating|stage|score)s?(?:\s+of\s+engagement)?\s*[:=\-–]?\s*(.*)$", re.IGNORECASE)
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?;])\s+(?=[A-Z0-9\"'‘“(])|\n+")
_BARE_WORDS = {"we", "would", "place", "placed", "ourselves", "are", "at", "this", "is", "engagement", "level",
               "levels", "overall", "our", "rating", "i", "think", "the", "a", "as", "be", "it", "in", "of", "on",
               "assess", "assessed", "judge", "rate", "rated", "current", "currently", "self", "assessment",
               "stage", "score", "and", "to", "or", "between", "partnership", "here", "work", "function", "so",
               "for", "that", "sits", "sit", "put", "puts", "consider", "feel", "believe", "us", "with", "all",
               "l", "lvl", "column", "box", "category", "around", "about", "mostly", "mainly", "broadly",
               "generally", "firmly", "solidly", "clearly", "now", "today", "see", "would", "say", "describe"}
_LEVEL_TOKENS = set(_WORD_LEVEL) | {w + s for w in _WORD_LEVEL for s in ("ation", "ment", "ion", "ing", "ed", "ive",
                                                                          "s", "d")}
ASIDES = ("aspiration", "general", "negative")  # sentences naming a level that place nothing: kept, with why
MAX_SECTION_ITEMS = 400  # a bound on one section's paragraphs (text from a file is untrusted)


def _levels_from_words(*words: str) -> list[int]:
    out = []
    for w in words:
        if w:
            out.append(_WORD_LEVEL.get(w.lower()) or _STEM_LEVEL[w.lower()])
    return out


def statement_levels(text: str) -> tuple[int, ...]:
    """The levels a sentence states explicitly ('level 2-3', "at 'involve'", 'between consult and involve')."""
    folded = fold(text)
    if "level" not in folded and not any(w in folded for w in (*_WORD_LEVEL, *_STEM_LEVEL)) \
            and not re.search(r"\d", folded):
        return ()
    folded = _NUMBER_WORDS.sub(lambda m: _NUMBERS[m.group(0)], folded) if "level" in folded else folded
    folded = _FROM.sub(" ", folded)  # 'moved up from level 2 to level 3': the past is not the place
    found: set[int] = set(find_level_mentions(folded))
    for rx in _WORD_PATTERNS:
        for m in rx.finditer(folded):
            found.update(_levels_from_words(m.group(1)))
    for rx in (_BETWEEN, _SLASHED):
        for m in rx.finditer(folded):
            lo, hi = sorted(_levels_from_words(m.group(1), m.group(2)))
            found.update(range(lo, hi + 1))
    for m in _RATED.finditer(folded):
        lo, hi = sorted((int(m.group(1)), int(m.group(2) or m.group(1))))
        found.update(range(lo, hi + 1))
    if _SCALE.search(folded):  # 'on the matrix this is a 3'
        for m in _IS_NUMBER.finditer(folded):
            found.add(int(m.group(1)))
    for m in _NUM_ONLY.finditer(folded):
        found.add(int(m.group(1) or m.group(2)))
    for m in _OUT_OF.finditer(folded):
        found.add(int(m.group(1)))
    return tuple(sorted(found))


def level_line(text: str) -> tuple[int, ...]:
    """A line that only states a level: 'Level: Collaborate (4)', 'Level 4/5', 'Where we are: Consult'."""
    stripped = text.strip().strip(".")
    if len(stripped) > 80:
        return ()
    levels = _pure_levels(stripped)
    if levels:
        return levels
    parts = re.split(r"\s*(?::|=|\s[-–—]\s)\s*", stripped)
    if len(parts) >= 2 and len(parts[0].split()) <= 5 and not match_function(parts[0]):
        return _pure_levels(parts[-1])
    return ()


def _pure_levels(text: str) -> tuple[int, ...]:
    m = _LEVEL_LINE.match(text)
    rest = m.group(1) if m else text
    rest = re.sub(r"[()\[\]]", " ", rest).strip()
    levels = parse_levels(rest) if rest else ()
    if not levels:
        return ()
    words = re.findall(r"[a-z]+", fold(rest))
    if any(w not in _LEVEL_TOKENS and w not in ("to", "and", "or", "level", "levels", "l", "lvl") for w in words):
        return ()
    return levels


def is_bare(text: str) -> bool:
    """A level statement with nothing about an activity ('We would place ourselves at involve.')."""
    words = re.findall(r"[a-z]+", fold(text))
    content = [w for w in words if w not in _BARE_WORDS and w not in _LEVEL_TOKENS]
    return len(content) < 2 and len(words) <= 16


def sentences(text: str) -> list[str]:
    """Sentences of a paragraph or cell; a line break inside a sentence (a PDF cell's wrapped line) joins."""
    text = re.sub(r"(?<![.!?;:])\n+(?=[^\n•·*\-–])", " ", text)
    return [s.strip() for s in _SENTENCE_SPLIT.split(text) if s and s.strip()]


_CLAUSE_SPLIT = re.compile(r",?\s+(?:and|but|while|whereas|though|although|so)\s+(?=(?:we|we're|our|it|they|this|would|"
                           r"hope|aim|plan|want|wish|intend|with|then|next|in future)\b)|;\s*|,\s+(?=but\b)|,\s+(?=[a-z]+ing\b)")
_ANY_LEVEL_WORD = re.compile(r"\b" + _W + r"\b|\blevels?\b")


_BRACKETED = re.compile(r"\(\s*levels?\s*[1-5](?:\s*(?:-|–|to|/|&|and)\s*[1-5])?\s*\)", re.IGNORECASE)
_ITEM_LEAD = re.compile(r"^(?:\s*(?:,|;|&|\band\b|\bincluding\b|\bincluded\b|\bsuch as\b|[-–—:]))+\s*",
                        re.IGNORECASE)


def bracketed_items(sentence: str) -> list[str]:
    """A sentence listing several items, each followed by its level ('the early years collaborative
    (level 4), involvement in planning (level 2-3) & delivery (level 4-5)'), as one piece per item;
    any other sentence as it is."""
    marks = list(_BRACKETED.finditer(sentence))
    if len(marks) < 2:
        return [sentence]
    pieces, start = [], 0
    for m in marks:
        piece = _ITEM_LEAD.sub("", sentence[start:m.end()]).strip()
        if piece:
            pieces.append(piece)
        start = m.end()
    rest = sentence[start:].strip(" .;,")
    if rest and pieces:
        pieces[-1] += sentence[start:].rstrip()
    return pieces


def _clause_kind(clause: str, levels: tuple[int, ...]) -> str:
    folded = fold(clause)
    if levels and _NEGATIVE.search(folded):
        return "negative"  # 'we are not yet at collaborate': a level the board is not at
    if levels and _OUT_OF.search(folded) and len(levels) == 1:
        return "place"  # 'on a scale of 1 to 5 we give ourselves 3 out of 5'
    words = set(re.findall(r"[a-z]+", folded))
    if len({_WORD_LEVEL[w] for w in words if w in _WORD_LEVEL}) >= 3 or (
            _GENERAL.search(folded) and (levels or _ANY_LEVEL_WORD.search(folded))):
        return "general"
    if _ASPIRATION.search(folded) and (levels or _ANY_LEVEL_WORD.search(folded)):
        return "aspiration"
    return "place" if levels else "none"


def analyse_sentence(sentence: str) -> tuple[tuple[int, ...], str]:
    """(levels it places, kind): kind is 'place', 'aspiration', 'general' or 'none' (no level stated).
    Clauses are judged apart: 'we are at level 3 and hope to reach level 4 next year' places at 3."""
    place: set[int] = set()
    kinds = set()
    for clause in _CLAUSE_SPLIT.split(sentence):
        if not clause or not clause.strip():
            continue
        levels = statement_levels(clause)
        kind = _clause_kind(clause, levels)
        kinds.add(kind)
        if kind == "place":
            place.update(levels)
    if place:
        return tuple(sorted(place)), "place"
    for kind in ("general", "aspiration", "negative"):
        if kind in kinds:
            return (), kind
    return (), "none"


def _strong_heading(p: Paragraph) -> bool:
    text = p.text.strip()
    if p.style.startswith(("heading", "title", "subtitle")) or (p.lead and p.lead.strip() == text):
        return True
    if _heading_shape(text) and p.style != "list":
        return True  # 'Conclusion', 'Background:': a heading by its shape
    return text.upper() == text and len(text.split()) <= 10 and sum(map(str.isalpha, text)) >= 4


def _heading_shape(text: str) -> bool:
    """Up to four words, a capital first, no closing stop, no level: 'Conclusion', 'Next steps'."""
    return len(text.split()) <= 4 and text[:1].isupper() and not text.endswith((".", ",", ";")) \
        and not level_line(text)


def _function_label(text: str) -> str | None:
    return match_function(_NUMBERING.sub("", text.strip()).strip(" *•:-–"))


def _heading_parts(p: Paragraph) -> tuple[str | None, str, str]:
    """(function, heading text, rest) when the paragraph opens a function section, else (None, '', '')."""
    text = p.text.strip()
    lead = (p.lead or "").strip()
    if lead and lead != text:
        function = _function_label(lead.rstrip(" .:-–—"))
        if function:
            return function, lead, text[len(lead):].lstrip(" .:-–—").strip() if text.startswith(lead) else text
    words = len(text.split())
    heading_like = (_strong_heading(p) or words <= 10) and not text.endswith((".", "!", ";", ",")) or (
        text.endswith(":") and words <= 12)
    if heading_like:
        function = _function_label(text)
        if function:
            return function, text, ""
    first = re.match(r"^([^.!?\n]{3,70})[.!?]\s+(\S.*)$", text, re.DOTALL)
    if first and len(first.group(1).split()) <= 8:  # a run-in heading whose bold was lost ('Capacity building. We…')
        function = _function_label(first.group(1))
        if function:
            return function, first.group(1), first.group(2).strip()
    m = _PREFIX.match(text)
    if m and len(m.group(1).split()) <= 8:
        function = _function_label(m.group(1))
        if function:
            return function, m.group(1), m.group(2).strip()
    return None, "", ""


_LEADING_FUNCTION = re.compile(r"^\s*(?:in|for|under|regarding|within|on|as for|turning to|with regard to)\s+"
                               r"(?:the\s+)?(?:area of\s+|function of\s+|field of\s+)?([^,:;.]{4,60}?)\s*(?:,|:|\s[-–—]\s)\s+",
                               re.IGNORECASE)


def leading_function(text: str) -> str | None:
    """'In capacity building, we …': a paragraph that names its function first, then speaks of it."""
    m = _LEADING_FUNCTION.match(text)
    return _function_label(m.group(1)) if m else None


def opens_function_section(p: Paragraph) -> bool:
    """For the Scanner: this paragraph starts a function's narrative, so a free-text section ends here."""
    return _heading_parts(p)[0] is not None


def _heading_levels(head: str) -> tuple[int, ...]:
    levels = set(statement_levels(head))
    parts = re.split(r"\s[-–—:]\s|:\s|\(", _NUMBERING.sub("", head), maxsplit=1)
    if len(parts) == 2:
        levels.update(level_line(parts[1].strip(" )")))
    return tuple(sorted(levels))


class _Item:
    """One paragraph or cell of narrative (or the part after a heading prefix)."""

    __slots__ = ("obj", "text")

    def __init__(self, obj, text: str) -> None:
        self.obj, self.text = obj, text


class Narrative:
    """Narrative placements where there is no grid: see the module docstring for the rules."""

    def __init__(self, det: Detection, tracker: Tracker) -> None:
        self.det, self.tracker = det, tracker
        self.matrix: Matrix | None = None
        self.function: str | None = None
        self.head_levels: tuple[int, ...] = ()
        self.items: list[_Item] = []
        self.soft = False  # the section was opened by a sentence ('In capacity building, …'), not a heading

    # -- walking the blocks
    def run(self, blocks: list[Paragraph | Table]) -> None:
        for block in blocks:
            if isinstance(block, Table):
                self._close()
                self._table(block)
            elif not block.text:
                continue
            elif not self.tracker.free(block):
                if _strong_heading(block) or len(block.text.split()) <= 10 and not block.text.endswith("."):
                    self._close()  # a heading something else read ('Next steps'): the section ends
            else:
                self._paragraph(block)
        self._close()

    def _paragraph(self, p: Paragraph) -> None:
        function, head, rest = _heading_parts(p)
        if function:
            self._close()
            self.function = function
            self.head_levels = _heading_levels(head)
            self.tracker.use(p, "structure")
            if rest:
                self.items.append(_Item(p, rest))
            return
        function = leading_function(p.text)
        if function:  # 'In capacity building, …': its own section, the paragraph kept whole
            self._close()
            self.function, self.head_levels, self.soft = function, (), True
            self.items.append(_Item(p, p.text))
            return
        if self.soft and function_in_text(p.text) not in (None, self.function):
            self._close()  # a section opened by a sentence ends where another function is named
        if self.function and _strong_heading(p) and not level_line(p.text):
            self._close()  # another heading ('Introduction', 'NEXT STEPS')
            return
        if self.function:
            if len(self.items) < MAX_SECTION_ITEMS:
                self.items.append(_Item(p, p.text))
            else:
                self._close()
                self._loose(p, p.text)
            return
        self._loose(p, p.text)

    def _table(self, table: Table) -> None:
        for row in table.rows:
            cells = [c for c in row if c.text and not c.merged and self.tracker.free(c)]
            if not cells:
                continue
            function = _function_label(cells[0].text) if len(cells) > 1 and len(cells[0].text.split()) <= 10 \
                else None
            if function:  # 'function | narrative': the row is a section
                self._close()
                self.function, self.head_levels = function, _heading_levels(cells[0].text)
                self.tracker.use(cells[0], "structure")
                self.items = [_Item(c, c.text) for c in cells[1:]]
                self._close()
            elif len(cells) == 1 and self._cell_section(cells[0]):
                continue
            else:
                self._close()
                for cell in cells:
                    self._loose(cell, cell.text)
        self._close()

    def _cell_section(self, cell: Cell) -> bool:
        """A sheet (or a one-column table) written as a document, a cell a line: a cell alone on its row
        that names a function heads the lone cells below it, as a heading heads paragraphs. Whether the
        cell was taken so."""
        text = cell.text.strip()
        words = len(text.split())
        if words <= 10 and not text.endswith((".", "!", ";", ",")):
            function = _function_label(text)
            if function:
                self._close()
                self.function, self.head_levels = function, _heading_levels(text)
                self.tracker.use(cell, "structure")
                return True
        if not self.function or len(self.items) >= MAX_SECTION_ITEMS:
            return False
        if _heading_shape(text):
            return False  # another heading ('Next steps'): the section ends
        self.items.append(_Item(cell, cell.text))
        return True

    # -- reading a section
    def _close(self) -> None:
        """Read the section just ended: its level lines set the section's level, its paragraphs with a
        level of their own are placed by sentence groups, and the activity paragraphs without one go
        with the section's level, or join the placement before them."""
        function, items, head_levels = self.function, self.items, self.head_levels
        self.function, self.items, self.head_levels, self.soft = None, [], (), False
        if function is None or not items:
            return
        section_levels, activities, groups = self._sort_items(items, list(head_levels))
        if section_levels:
            if activities:
                text = "\n".join(a.text for a in activities)
                self._place(function, tuple(sorted(section_levels)), text, activities[0].obj, 0.7)
                for a in activities:
                    self.tracker.use(a.obj, "placed")
            activities = []
        elif groups and activities:
            self._join_activities(items, activities, groups)
            activities = []
        for item, levels, texts in groups:
            self._place(function, tuple(levels), " ".join(texts), item.obj, 0.7)
        for a in activities:
            self.tracker.use(a.obj, "unplaced")
            self.det.unplaced.append(Unplaced(a.text, a.obj.loc, "no-level"))

    def _sort_items(self, items: list[_Item], section_levels: list[int]):
        """(the section's levels, activity paragraphs with no level, (item, levels, texts) groups)."""
        activities: list[_Item] = []
        groups: list[tuple[_Item, list[int], list[str]]] = []  # in reading order
        for item in items:
            line = level_line(item.text)
            analysed = self._analyse(item)
            placing = [(lv, s) for lv, s, kind in analysed if kind == "place"]
            no_none = all(kind != "none" for _lv, _s, kind in analysed)
            if line or (placing and is_bare(" ".join(s for _lv, s in placing)) and no_none):
                for level in (line or tuple(lv for levels, _s in placing for lv in levels)):
                    if level not in section_levels:
                        section_levels.append(level)
                self.tracker.use(item.obj, "structure")
            elif placing:
                groups += [(item, levels, texts) for levels, texts in self._groups(analysed)]
            elif not (no_none and any(kind in ASIDES for _lv, _s, kind in analysed)):
                activities.append(item)  # (wholly an aside is already kept, with its reason)
        return section_levels, activities, groups

    def _join_activities(self, items: list[_Item], activities: list[_Item], groups) -> None:
        """Without a section level, an activity paragraph joins the placement before it (or the first)."""
        order = {id(it): n for n, it in enumerate(items)}
        for a in activities:
            before = [g for g in groups if order[id(g[0])] < order[id(a)]]
            if before:
                before[-1][2].append(a.text)
            else:
                groups[0][2].insert(0, a.text)
            self.tracker.use(a.obj, "placed")

    def _analyse(self, item: _Item) -> list[tuple[tuple[int, ...], str, str]]:
        """(levels, sentence, kind) per sentence; asides are recorded as unplaced here."""
        out = []
        for s in (piece for sentence in sentences(item.text) for piece in bracketed_items(sentence)):
            levels, kind = analyse_sentence(s)
            if kind in ASIDES:
                self.det.unplaced.append(Unplaced(s, item.obj.loc, kind))
            out.append((levels, s, kind))
        if out and all(kind in ASIDES for _l, _s, kind in out):
            self.tracker.use(item.obj, "aside")
        return out

    @staticmethod
    def _groups(analysed) -> list[tuple[list[int], list[str]]]:
        """Sentences grouped under the level statement they follow."""
        groups: list[tuple[list[int], list[str]]] = []
        lead: list[str] = []
        for levels, s, kind in analysed:
            if kind == "place":
                if groups and groups[-1][0] == list(levels) and not _BRACKETED.search(s):
                    groups[-1][1].append(s)
                else:
                    groups.append((list(levels), lead + [s]))
                    lead = []
            elif kind == "none":
                if groups:
                    groups[-1][1].append(s)
                else:
                    lead.append(s)
        if lead and groups:
            groups[0][1][:0] = lead
        return groups

    def _loose(self, obj: Paragraph | Cell, text: str) -> None:
        """Text outside any section: a sentence must name the function itself."""
        if not statement_levels(text) and not _ANY_LEVEL_WORD.search(fold(text)):
            return
        paragraph_function = function_in_text(text)
        analysed = []
        for s in sentences(text):
            levels, kind = analyse_sentence(s)
            analysed.append((levels, s, kind, function_in_text(s)))
        placed = False
        current: tuple[str, list[int], list[str]] | None = None
        found = []
        for levels, s, kind, function in analysed:
            if kind == "place" and (function or paragraph_function):
                current = (function or paragraph_function, list(levels), [s])
                found.append(current)
            elif kind == "none" and current is not None:
                current[2].append(s)
        for function, levels, texts in found:
            self._place(function, tuple(levels), " ".join(texts), obj, 0.6)
            placed = True
        if placed:
            for levels, s, kind, _f in analysed:
                if kind in ASIDES:
                    self.det.unplaced.append(Unplaced(s, obj.loc, kind))
            return
        kinds = {kind for _l, _s, kind, _f in analysed if kind != "none"}
        if kinds and kinds <= set(ASIDES):
            self.tracker.use(obj, "aside")
            self.det.unplaced.append(Unplaced(text, obj.loc, next(k for k in ASIDES if k in kinds)))

    def _place(self, function: str, levels: tuple[int, ...], text: str, obj, conf: float) -> None:
        matrix = self._matrix()
        for level in levels:
            self.det.placements.append(Placement(matrix=matrix.index, function=function, level=level, text=text,
                                                 marker="text", loc=obj.loc,
                                                 confidence=round(conf * (0.9 if len(levels) > 1 else 1.0), 2)))
        self.tracker.use(obj, "placed")

    def _matrix(self) -> Matrix:
        if self.matrix is None:
            self.matrix = Matrix(index=len(self.det.matrices) + 1, layout="narrative", location="text")
            self.det.matrices.append(self.matrix)
        return self.matrix


_FUNCTION_PHRASES = [(fid, re.compile(p)) for fid, p in (
    ("policy-strategy", r"\bpolicy\b|\bpolicies\b|\bstrategy development\b|\bstrategic development\b"),
    ("planning-commissioning", r"\bplanning\b.{0,15}\bcommissioning\b|\bcommissioning\b"),
    ("contracting-delivery", r"\bcontracting\b|\bservice delivery\b|\bprocurement\b"),
    ("capacity-building", r"\bcapacity[- ]building\b|\bbuilding capacity\b"),
    ("learning-exchange", r"\blearning exchange\b|\blearning and exchange\b|\bshared learning\b"),
)]


def function_in_text(text: str) -> str | None:
    """The one function a sentence names ('for planning and commissioning'), or None."""
    folded = fold(text)
    hits = [fid for fid, rx in _FUNCTION_PHRASES if rx.search(folded)]
    return hits[0] if len(hits) == 1 else None


# --------------------------------------------------------------------------- forms filled once per function

_FORM_PREFIX = re.compile(r"^\s*([^:\n]{2,40}?)\s*:\s*(.*)$", re.DOTALL)
_FORM_FUNCTION = re.compile(r"^(?:engagement\s+)?(?:function|area|area of (?:work|activity|engagement)|activity area)$")
_FORM_LEVEL = re.compile(r"^(?:(?:current|our|engagement|self[- ]?assessed|agreed)\s+)?(?:level|rating|stage|score)"
                         r"(?:\s+of\s+engagement)?(?:\s*\(.*\))?$")
_FORM_TEXT = re.compile(r"^(?:examples?|evidence|activit(?:y|ies)|what we do|what happens|description|details?|"
                        r"comments?|narrative|summary)$")


def _form_line(text: str) -> tuple[str, str] | None:
    m = _FORM_PREFIX.match(text)
    if not m:
        return None
    label = fold(m.group(1)).strip(" *")
    for kind, rx in (("function", _FORM_FUNCTION), ("level", _FORM_LEVEL), ("text", _FORM_TEXT)):
        if rx.match(label):
            return kind, m.group(2).strip()
    return None


def _lines(blocks: list):
    """The document's lines: its paragraphs, and a table's cells that stand alone on their row (a form
    typed into a spreadsheet, a line a cell)."""
    for block in blocks:
        if isinstance(block, Paragraph):
            yield block
        elif isinstance(block, Table) and block.width <= 3:
            for row in block.rows:
                cells = [c for c in row if c.text.strip() and not c.merged]
                if len(cells) == 1:
                    yield cells[0]


class Forms:
    """A form filled once per function, as lines: 'Function: …', 'Level of engagement: …',
    'Example: …' (in any order after the function). Each filled form is one placement."""

    def __init__(self, det: Detection, tracker: Tracker) -> None:
        self.det, self.tracker = det, tracker
        self.matrix: Matrix | None = None

    def run(self, blocks: list) -> None:
        group: list[tuple[str, str, Paragraph | Cell]] = []
        for block in _lines(blocks):
            if not block.text or not self.tracker.free(block):
                continue
            line = _form_line(block.text)
            if line is None:
                continue
            kind, value = line
            if kind == "function":
                self._close(group)
                group = [] if not match_function(value) else [(kind, value, block)]
            elif group:
                group.append((kind, value, block))
        self._close(group)

    def _close(self, group) -> None:
        if not group:
            return
        function = match_function(group[0][1])
        levels: tuple[int, ...] = ()
        texts = []
        for kind, value, block in group[1:]:
            if kind == "level":
                from ..schema import ticked_levels
                levels = levels or parse_levels(value) or ticked_levels(value) or level_line(value) or ()
            elif value:
                texts.append((value, block))
        if not (function and levels and texts):
            return  # an incomplete form: its lines are left to the other readers (kept, in any case)
        for _kind, _value, block in group:
            self.tracker.use(block, "structure")
        if self.matrix is None:
            self.matrix = Matrix(index=len(self.det.matrices) + 1, layout="form", location="text")
            self.det.matrices.append(self.matrix)
        text = "\n".join(v for v, _b in texts)
        for level in levels:
            self.det.placements.append(Placement(matrix=self.matrix.index, function=function, level=level, text=text,
                                                 marker="text", loc=texts[0][1].loc,
                                                 confidence=0.7 if len(levels) == 1 else 0.63))
        for _v, block in texts:
            self.tracker.use(block, "placed")
