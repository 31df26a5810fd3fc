"""The canonical vocabulary: functions, levels, boards, and the matching of the
many ways people write them. No I/O here."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache, wraps

# --------------------------------------------------------------------------- functions


@dataclass(frozen=True)
class Function:
    id: str
    label: str
    words: tuple[str, ...]  # the distinctive words of the label and its synonyms


FUNCTIONS: tuple[Function, ...] = (
    Function("policy-strategy", "Policy & Strategy Development", ("policy", "policies", "strategy", "strategic")),
    Function("planning-commissioning", "Planning & Commissioning", ("planning", "commissioning")),
    Function("contracting-delivery", "Contracting & Service Delivery",
             ("contracting", "contracts", "delivery", "procurement", "provision")),
    Function("capacity-building", "Capacity Building", ("capacity", "building")),
    Function("learning-exchange", "Learning Exchange", ("learning", "exchange", "exchanges")),
)
FUNCTION_IDS: tuple[str, ...] = tuple(f.id for f in FUNCTIONS)
FUNCTION_LABELS: dict[str, str] = {f.id: f.label for f in FUNCTIONS}

LEVELS: dict[int, str] = {1: "Inform", 2: "Consult", 3: "Involve", 4: "Collaborate", 5: "Empower"}
_LEVEL_WORDS: dict[str, int] = {
    "inform": 1, "informing": 1, "information": 1, "informed": 1,
    "consult": 2, "consulting": 2, "consultation": 2, "consulted": 2,
    "involve": 3, "involving": 3, "involvement": 3, "involved": 3,
    "collaborate": 4, "collaborating": 4, "collaboration": 4, "collaborative": 4,
    "empower": 5, "empowering": 5, "empowerment": 5, "empowered": 5,
}
# Words that may sit in a header cell beside a function name without changing it.
_NEUTRAL = {"and", "development", "developing", "the", "of", "in", "for", "functions", "function",
            "dev", "devt", "service", "services", "area", "s", "a", "to", "with", "on", "our", "joint", "shared"}

_WORD_RE = re.compile(r"[a-z0-9]+")


def text_cache(maxsize: int = 8192, max_len: int = 300):
    """Memoise a pure function of one text, for texts shorter than max_len: a round's returns repeat
    the template's labels, level names and boilerplate in every file. Longer texts (prose, rarely
    repeated) are computed each time, so that the cache holds at most maxsize short strings."""
    def wrap(func):
        cached = lru_cache(maxsize=maxsize)(func)

        @wraps(func)
        def call(text: str):
            return cached(text) if len(text) < max_len else func(text)
        call.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
        return call
    return wrap


@text_cache(maxsize=16384)
def fold(text: str) -> str:
    """Lower-case, strip accents, turn '&' into 'and' and squeeze white space."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("&", " and ").replace("’", "'")
    return " ".join(text.lower().split())


def _words(text: str) -> list[str]:
    return _WORD_RE.findall(fold(text))


@lru_cache(maxsize=65536)
def _close(token: str, word: str) -> bool:
    """An abbreviation ('cap', 'comm', 'plan'), another form of the same word ('delivering' and
    'delivery', 'strategic' and 'strategy': the same stem of six letters) or a misspelling ('comissioning')."""
    if token == word:
        return True
    if len(token) >= 3 and word.startswith(token):
        return True
    if len(token) >= 6 and len(word) >= 6 and token[:6] == word[:6]:
        return True
    if len(token) >= 5 and abs(len(token) - len(word)) <= 2:
        from rapidfuzz.distance import Levenshtein
        return Levenshtein.distance(token, word) <= (1 if len(word) < 8 else 2)
    return False


@text_cache(maxsize=8192, max_len=1000)
def match_function(label: str) -> str | None:
    """The function id a short header or list value names, or None.

    'Plan & Comm', 'Cap. Building', 'Policy and strategy dev.' all match; a sentence
    that merely mentions planning does not (labels longer than eight words are refused). The label is the
    cell's first line (descriptor bullets may follow it), unless that line is not a clean label and the
    next goes on in lower case: then it is a sentence wrapped in a narrow cell ('Locality planning' /
    'groups include the TSI'), judged whole."""
    lines = label.strip().split("\n")
    found, unknown = _match_line(lines[0])
    if found and not unknown or len(lines) < 2 or not lines[1][:1].islower():
        return found
    whole = lines[0]
    for line in lines[1:]:
        if not line[:1].islower():
            break
        whole += " " + line
    return _match_line(whole)[0]


@text_cache(maxsize=8192, max_len=1000)
def _match_line(first: str) -> tuple[str | None, int]:
    """(function, words that are no function's) for one line of a label."""
    first = re.split(r"\s[-–—:]\s|:\s|\(", first, maxsplit=1)[0]
    words = _words(first)
    if not words or len(words) > 8:
        return None, 0
    scores: dict[str, int] = {}
    unknown = 0
    for token in words:
        hit = False
        for func in FUNCTIONS:
            if any(_close(token, w) for w in func.words):
                scores[func.id] = scores.get(func.id, 0) + 1
                hit = True
        if not hit and token not in _NEUTRAL and not token.isdigit():
            unknown += 1
    if not scores:
        return None, unknown
    best = max(scores.values())
    winners = [f for f, s in scores.items() if s == best]
    if len(winners) != 1 or unknown > best or (best == 1 and unknown and _weak_only(words)):
        return None, unknown
    return winners[0], unknown


_WEAK = {"building", "delivery", "exchange", "exchanges", "provision", "strategic", "contracts"}


def _weak_only(words: list[str]) -> bool:
    """Only a word that is common in prose matched ('Building on…'): not a label."""
    return not any(_close(w, strong) for w in words for f in FUNCTIONS for strong in f.words if strong not in _WEAK)


_LEVEL_NUM_RE = re.compile(
    r"^\s*(?:levels?|lvl|lev|stage|l)?\s*\.?\s*([1-5])(?:\s*(?:-|–|—|to|/|&|and|,)\s*(?:level|l)?\s*([1-5]))?\b")

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5}
_ROMAN_RE = re.compile(
    r"^\s*(levels?|lvl|lev|stage)?\s*\.?\s*(iii|ii|iv|i|v)\b(?:\s*(?:-|–|—|to|/|&|and)\s*(?:levels?\s*)?"
    r"(iii|ii|iv|i|v)\b)?\s*[.):–-]?\s*(.*)$", re.DOTALL)


_ROMAN_SCALE_RE = re.compile(r"\(\s*i\s*(?:-|–|—|to)\s*v\s*\)")  # a header's '(I-V)'


def _roman_levels(text: str) -> tuple[int, ...]:
    """Levels written as Roman numerals: 'Level III', 'II-III', 'IV Collaborate', 'III'. A lone 'I' or
    'V' is a pronoun or a tick as often as a level: read only with 'Level' before it, its level's word
    after it, or in a range (and, by roman_level, in a column or header of numerals)."""
    m = _ROMAN_RE.match(text)
    if not m:
        return ()
    prefix, a, b, rest = m.groups()
    lo, hi = sorted((_ROMAN[a], _ROMAN[b or a]))
    span = tuple(range(lo, hi + 1))
    words = _words(rest)
    if words:  # what follows must name the same levels ('IV Collaborate'), or a prefix said 'level'
        named = tuple(sorted({lv for w in words if (lv := _level_word(w))}))
        return span if named == span or (prefix and not named) else ()
    return span if prefix or b or a in ("ii", "iii", "iv") else ()


def written_in_roman(text: str) -> bool:
    """'Level IV', 'III', 'II-III', a header 'Stage reached (I-V)': a cell that numbers levels in Roman."""
    folded = fold(text or "")
    return bool(_roman_levels(folded)) or bool(_ROMAN_SCALE_RE.search(folded))


def roman_level(text: str) -> int | None:
    """A cell that is only a Roman numeral, 'I' and 'V' too: for a level column or header row whose
    other cells are numerals."""
    return _ROMAN.get(fold(text or "").strip(" .)("))


_OUT_OF_FIVE = re.compile(r"^\s*(?:levels?\s*|score\s*|rating\s*)?([1-5])\s*(?:out of|of)\s*(?:5|five)\b|"
                          r"^\s*([1-3])\s*/\s*5\s*$")


_SCORE_RE = re.compile(r"^\s*(?:levels?\s*|score\s*|rating\s*)?([1-5])\s*(?:/|out of|of)\s*(?:5|five)\s*$")


def score_of(value: str) -> int | None:
    """A score on the five levels ('4/5', '4 out of 5'), for a column that holds scores: there '4/5' is
    four out of five, where elsewhere it would be levels 4 and 5."""
    m = _SCORE_RE.match(fold(value or ""))
    return int(m.group(1)) if m else None


@text_cache(maxsize=8192, max_len=1000)
def parse_levels(value: str) -> tuple[int, ...]:
    """Levels written in a cell: '4', 'Level 4', 'L4 - Collaborate', 'Collaborate',
    'Colaborate', '2-3', 'Consult/Involve', 'Level 4 – Collaboration'. Empty tuple if none."""
    text = fold(value)
    if not text or len(text) > 60:
        return ()
    m = _OUT_OF_FIVE.match(text)
    if m:  # a score on the five levels: '3 out of 5', '3 of 5', '2/5' ('4/5' is levels 4 and 5)
        return (int(m.group(1) or m.group(2)),)
    m = _LEVEL_NUM_RE.match(text)
    if m:
        lo = int(m.group(1))
        hi = int(m.group(2)) if m.group(2) else lo
        if lo > hi:
            lo, hi = hi, lo
        return tuple(range(lo, hi + 1))
    roman = _roman_levels(text)
    if roman:
        return roman
    found: list[int] = []
    words = _words(text)
    if len(words) > 6:
        return ()
    for token in words:
        level = _level_word(token)
        if level and level not in found:
            found.append(level)
    if len(found) == 2:
        lo, hi = sorted(found)
        return tuple(range(lo, hi + 1))
    return tuple(found) if len(found) == 1 else ()


def _level_word(token: str) -> int | None:
    if token in _LEVEL_WORDS:
        return _LEVEL_WORDS[token]
    if len(token) >= 5:
        from rapidfuzz.distance import Levenshtein
        for word, level in _LEVEL_WORDS.items():
            if abs(len(word) - len(token)) <= 2 and Levenshtein.distance(token, word) <= 1 + (len(word) >= 9):
                return level
    return None


_PLAIN_LEVEL_WORDS = {"level", "l", "lvl"} | {name.lower() for name in LEVELS.values()}


def is_plain_level_label(label: str) -> bool:
    """'Level 4. Collaborate', 'L4', 'Collaborate': a label read without fuzzy correction."""
    words = _words(label.split("\n", 1)[0])
    return bool(words) and all(w in _PLAIN_LEVEL_WORDS or w.isdigit() for w in words)


def is_plain_function_label(label: str, function_id: str) -> bool:
    """The function's own words, as the template writes them (no abbreviation or misspelling)."""
    func = next(f for f in FUNCTIONS if f.id == function_id)
    allowed = set(func.words) | set(_words(func.label)) | _NEUTRAL
    words = _words(label.split("\n", 1)[0])
    return bool(words) and all(w in allowed for w in words)


def level_header(label: str) -> int | None:
    """The single level a header cell names ('LEVEL 4. COLLABORATE', 'L2', 'Consult')."""
    first = label.strip().split("\n", 1)[0]
    levels = parse_levels(first)
    if len(levels) == 1:
        return levels[0]
    return None


_MENTION_RE = re.compile(
    r"\blevels?\s*([1-5]|(?:iii|ii|iv|v)(?![a-z])|i(?=\s*(?:-|–|—|to|/|&|and|or)\s*(?:iii|ii|iv|v)\b))"
    r"(?:\s*(?:-|–|—|to|/|&|and|or)\s*([1-5]|(?:iii|ii|iv|v)(?![a-z])))?", re.IGNORECASE)
_MENTION_WORD_RE = re.compile(
    r"\b(inform|consult|involve|collaborate|empower)(?:ation|ment|ion|ing|ed)?\b", re.IGNORECASE)


def _number(token: str) -> int:
    return int(token) if token.isdigit() else _ROMAN[token.lower()]


def find_level_mentions(sentence: str) -> tuple[int, ...]:
    """Levels named in running text: 'we are at level 2-3 (consult/involve)'.
    Only explicit 'level N' mentions count; level words alone are too common in prose."""
    levels: list[int] = []
    for m in _MENTION_RE.finditer(sentence):
        lo = _number(m.group(1))
        hi = _number(m.group(2)) if m.group(2) else lo
        lo, hi = min(lo, hi), max(lo, hi)
        for level in range(lo, hi + 1):
            if level not in levels:
                levels.append(level)
    return tuple(sorted(levels))


_CHECKED = "☒☑✓✔■"
_UNCHECKED = "☐□"
_CHOICE_RE = re.compile(r"([" + _CHECKED + _UNCHECKED + r"])\s*([^" + _CHECKED + _UNCHECKED + r"]{0,40})")


def ticked_levels(text: str) -> tuple[int, ...] | None:
    """The levels ticked in a cell of tick boxes ('☐ Inform ☒ Consult ☐ Involve …', as the readers write
    form checkboxes and checkbox content controls: their state, not their glyph). None when the text is
    not such a list (fewer than two boxes each followed by a level); () when none is ticked."""
    if not any(ch in text for ch in _UNCHECKED) and text.count("☒") + text.count("☑") < 2:
        return None
    boxes = [(mark, parse_levels(label.strip(" ,;:-–/|"))) for mark, label in _CHOICE_RE.findall(text)]
    named = [(mark, levels) for mark, levels in boxes if len(levels) == 1]
    if len(named) < 2:
        return None
    return tuple(sorted({levels[0] for mark, levels in named if mark in _CHECKED}))


def level_label(level: int) -> str:
    return f"{level} {LEVELS[level]}"


# --------------------------------------------------------------------------- marks

_MARKS = {"x", "✓", "✔", "✗", "☑", "☒", "■", "●", "•", "*", "yes", "y", "tick", "ticked", "√", "v", "xx",
          "✅", "🗸", "+"}


def is_mark(text: str) -> bool:
    """A cell that only says 'this one': X, ✓, ✔, Yes, *…"""
    return fold(text).strip(" .!") in _MARKS


def strip_mark(text: str) -> str:
    """'✓ Joint carers strategy' -> 'Joint carers strategy'."""
    return re.sub(r"^\s*(?:[✓✔☑☒■●√✅🗸]|\(?x\)?(?=\s))\s*[-–:]?\s*", "", text, flags=re.IGNORECASE)


# --------------------------------------------------------------------------- boilerplate

_BOILERPLATE_RE = re.compile(
    r"^(?:click (?:or tap )?here to enter (?:text|a date)\.?|choose an item\.?|enter text here\.?"
    r"|n/?a|none|nil|not applicable|tbc|tbd|-+|–+|—+|\.+|_+|\?+|0|\s*)$", re.IGNORECASE)


@text_cache()
def is_boilerplate(text: str) -> bool:
    """Template text that was never filled in: placeholders, N/A, dashes."""
    return bool(_BOILERPLATE_RE.match(text.strip()))


# The template's own text (slides 2013): the LEVEL DESCRIPTORS row and each function's descriptor bullets.
TEMPLATE_LEVEL_DESCRIPTORS: tuple[str, ...] = (
    "Provide balanced and objective information to assist the third sector in understanding the problem, "
    "alternatives, opportunities and/or solutions.",
    "Obtain third sector feedback for decision-makers on analysis, alternatives and/or decisions.",
    "Work directly with the third sector throughout the process to ensure that concerns and aspirations are "
    "consistently understood and considered in decision making processes. Can include co-producing, planning "
    "and delivery of services",
    "Partnership with the third sector in each aspect of the decision-making including the development of "
    "alternatives and the identification of the preferred solution.",
    "Final decision-making is placed in the hands of the third sector.",
)
TEMPLATE_FUNCTION_BULLETS: tuple[tuple[str, ...], ...] = (
    ("determining the vision and values", "facilitating partnership work and public engagement",
     "evidencing population need", "determining priorities",
     "building common ground and balancing competing interests to achieve joint outcomes"),
    ("developing an understanding of local population needs and plan services to meet them",
     "determining gaps in the market", "developing and implementing service redesign options",
     "developing a Matrix for implementation"),
    ("budgeting/funding decisions", "preparing contract design", "procuring resources efficiently",
     "monitoring performance", "evaluating service quality and outcomes",
     "decommissioning and/or re-commissioning decisions and methods"),
    ("supporting individuals, communities and organisations to better identify and meet individual and collective "
     "needs", "building confidence to enable communities and organisations to participate more fully and "
     "effectively"),
    ("developing skills, knowledge and confidence through learning and training opportunities",
     "information sharing through networking and participating in different support forums, visits and exchanges",
     "developing knowledge and understanding of organisational functions, structures and systems"),
)

# The guidance tables of the template, copied into many returns: never engagement.
DESCRIPTOR_TEXTS: tuple[str, ...] = TEMPLATE_LEVEL_DESCRIPTORS + tuple(
    "Involving the third sector in: " + " ".join(bullets) for bullets in TEMPLATE_FUNCTION_BULLETS) + (
    "level descriptors", "functional descriptors",
    "descriptors of engagement levels with the third sector",
    "These functions can span a continuum from community/local levels to strategic/planning/commissioning levels",
)
_DESCRIPTOR_SETS = [set(_words(t)) for t in DESCRIPTOR_TEXTS]
_DESCRIPTOR_PAIRS = [set(zip(w, w[1:])) for w in (_words(t) for t in DESCRIPTOR_TEXTS)]
_DESCRIPTOR_PAIRS_ALL = set().union(*_DESCRIPTOR_PAIRS)


@text_cache(maxsize=4096, max_len=1000)
def is_descriptor(text: str) -> bool:
    """Text copied from the template's guidance (level or function descriptors), matched tolerantly:
    reworded, shortened, bullets reflowed or one bullet alone. Most of its words are the template's
    and most of its word pairs follow the template's order."""
    words_list = _words(re.sub(r"^\s*(table|figure)\s*\d*\s*[:.\-–]?", "", text, flags=re.IGNORECASE))
    words = set(words_list)
    if len(words) < 2:
        return False
    if len(words_list) <= 6 and match_function(text) is not None:
        return False  # "Contracting and delivery of services": a function's label, not the template's guidance
    for ref in _DESCRIPTOR_SETS:
        if len(words & ref) >= 0.85 * len(words) and len(words & ref) >= 0.6 * len(ref):
            return True
    if len(words_list) < 4:
        return False
    pairs = list(zip(words_list, words_list[1:]))
    known = sum(1 for p in pairs if p in _DESCRIPTOR_PAIRS_ALL)
    return known >= 3 and known >= 0.75 * len(pairs)


# --------------------------------------------------------------------------- boards


@dataclass(frozen=True)
class Board:
    id: str
    name: str
    kind: str  # "territorial" or "national"
    aliases: tuple[str, ...]  # matched case-insensitively, on word boundaries
    acronyms: tuple[str, ...] = ()  # matched case-sensitively (SAS, HIS, NES…)


BOARDS: tuple[Board, ...] = (
    Board("ayrshire-arran", "NHS Ayrshire & Arran", "territorial",
          ("ayrshire and arran", "ayrshire & arran", "ayrshire arran", "ayrshire"), ("A&A", "NHSAA", "NHSA&A", "AA")),
    Board("borders", "NHS Borders", "territorial", ("nhs borders", "scottish borders", "borders health board",
                                                    "borders"), ()),
    Board("dumfries-galloway", "NHS Dumfries & Galloway", "territorial",
          ("dumfries and galloway", "dumfries & galloway", "dumfries", "galloway"), ("D&G", "DG", "NHSDG")),
    Board("fife", "NHS Fife", "territorial", ("fife",), ()),
    Board("forth-valley", "NHS Forth Valley", "territorial", ("forth valley",), ("NHSFV", "FV")),
    Board("grampian", "NHS Grampian", "territorial", ("grampian", "aberdeen", "aberdeenshire", "moray"), ()),
    Board("greater-glasgow-clyde", "NHS Greater Glasgow & Clyde", "territorial",
          ("greater glasgow and clyde", "greater glasgow & clyde", "glasgow and clyde", "glasgow & clyde",
           "gg and c", "gg&c", "glasgow", "east renfrewshire", "renfrewshire", "inverclyde",
           "east dunbartonshire", "west dunbartonshire"), ("GGC", "NHSGGC", "GG&C", "NHSGG&C")),
    Board("highland", "NHS Highland", "territorial", ("highland", "argyll and bute", "argyll & bute"), ()),
    Board("lanarkshire", "NHS Lanarkshire", "territorial", ("lanarkshire",), ()),
    Board("lothian", "NHS Lothian", "territorial", ("lothian", "edinburgh"), ("NHSL",)),
    Board("orkney", "NHS Orkney", "territorial", ("orkney",), ()),
    Board("shetland", "NHS Shetland", "territorial", ("shetland",), ()),
    Board("tayside", "NHS Tayside", "territorial", ("tayside", "dundee", "angus", "perth and kinross"), ()),
    Board("western-isles", "NHS Western Isles", "territorial",
          ("western isles", "eilean siar", "eileanan siar", "na h-eileanan siar", "comhairle nan eilean siar",
           "outer hebrides", "lewis", "harris"), ("WI",)),
    Board("nhs24", "NHS 24", "national", ("nhs 24", "nhs24", "nhs twenty four", "nhs twenty-four"), ()),
    Board("nes", "NHS Education for Scotland", "national",
          ("nhs education for scotland", "nhs education scotland", "education for scotland"), ("NES",)),
    Board("health-scotland", "NHS Health Scotland", "national", ("nhs health scotland", "health scotland"), ()),
    Board("nss", "NHS National Services Scotland", "national",
          ("national services scotland", "nhs national services", "common services agency"), ("NSS", "CSA")),
    Board("sas", "Scottish Ambulance Service", "national",
          ("scottish ambulance service", "scottish ambulance services", "ambulance service"), ("SAS",)),
    Board("state-hospital", "The State Hospital", "national",
          ("state hospital", "state hospitals board", "carstairs"), ("TSH", "SHBS")),
    Board("his", "Healthcare Improvement Scotland", "national",
          ("healthcare improvement scotland", "health improvement scotland", "health care improvement scotland"),
          ("HIS",)),
    Board("golden-jubilee", "National Waiting Times Centre", "national",
          ("national waiting times centre", "national waiting times", "golden jubilee", "nwtc",
           "golden jubilee national hospital"), ("NWTC", "GJNH")),
)
# The boards' names in Gaelic, as boards write them on bilingual returns (with and without accents).
GAELIC_NAMES: dict[str, tuple[str, ...]] = {
    "ayrshire-arran": ('siorrachd inbhir àir', 'bòrd slàinte siorrachd inbhir àir', 'siorrachd inbhir air', 'bord slainte siorrachd inbhir air'),
    "borders": ('na crìochan', 'bòrd slàinte nan crìochan', 'na criochan', 'bord slainte nan criochan'),
    "dumfries-galloway": ('dùn phris is gall-ghàidhealaibh', 'dùn phris', 'dun phris is gall-ghaidhealaibh', 'dun phris'),
    "fife": ('fìobha', 'bòrd slàinte fìobha', 'fiobha', 'bord slainte fiobha'),
    "forth-valley": ('srath foirthe', 'bòrd slàinte srath foirthe', 'bord slainte srath foirthe'),
    "greater-glasgow-clyde": ('glaschu mòr is cluaidh', 'glaschu', 'glaschu mor is cluaidh'),
    "highland": ('bòrd slàinte na gàidhealtachd', 'gàidhealtachd', 'bord slainte na gaidhealtachd', 'gaidhealtachd'),
    "lanarkshire": ('siorrachd lannraig', 'bòrd slàinte siorrachd lannraig', 'bord slainte siorrachd lannraig'),
    "lothian": ('lodainn', 'bòrd slàinte lodainn', 'bord slainte lodainn'),
    "orkney": ('arcaibh', 'bòrd slàinte arcaibh', 'bord slainte arcaibh'),
    "shetland": ('sealtainn', 'bòrd slàinte sealtainn', 'bord slainte sealtainn'),
    "tayside": ('taobh tatha', 'bòrd slàinte thaobh tatha', 'bord slainte thaobh tatha'),
    "sas": ('seirbheis carbad-eiridinn na h-alba', 'carbad-eiridinn'),
    "nes": ('foghlam nhs alba',),
    "his": ('leasachadh cùram slàinte alba', 'leasachadh curam slainte alba'),
}
BOARDS = tuple(Board(b.id, b.name, b.kind, b.aliases + tuple(a for a in GAELIC_NAMES.get(b.id, ())
                                                              if a not in b.aliases), b.acronyms) for b in BOARDS)
BOARD_BY_ID: dict[str, Board] = {b.id: b for b in BOARDS}


_SEP_RE = re.compile(r"[\s_.\-]+")


def _sep_key(text: str) -> str:
    return " ".join(t for t in _SEP_RE.split(text) if t)


def _board_pattern() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, str]]:
    lookup: dict[str, str] = {}
    phrases: list[str] = []
    acronyms: list[str] = []
    for board in BOARDS:
        for alias in board.aliases:
            lookup[_sep_key(fold(alias))] = board.id
            # words apart by spaces, hyphens, underscores or dots: 'Forth-Valley', 'NHS_Forth_Valley'
            phrases.append(re.escape(fold(alias)).replace(r"\ ", r"[\s_.\-]+"))
        for acr in board.acronyms:
            lookup[acr] = board.id
            acronyms.append(re.escape(acr))
    phrases.sort(key=len, reverse=True)
    acronyms.sort(key=len, reverse=True)
    folded = re.compile(r"(?<![a-z0-9])(" + "|".join(phrases) + r")(?![a-z0-9])")
    # Acronyms: exact case, not inside a longer word ('HIS' but not 'his', 'SAS' but not 'SASH').
    exact = re.compile(r"(?<![A-Za-z0-9&])(?:NHS\s*)?(" + "|".join(acronyms) + r")(?![A-Za-z0-9&])")
    return folded, exact, lookup


_BOARD_FOLDED, _BOARD_EXACT, _BOARD_LOOKUP = _board_pattern()


def find_boards(text: str) -> list[str]:
    """Board ids mentioned in text, in order of first mention, without repeats."""
    hits: list[tuple[int, str]] = []
    folded = fold(text)
    for m in _BOARD_FOLDED.finditer(folded):
        key = _sep_key(m.group(1))
        hits.append((m.start(), _BOARD_LOOKUP[key]))
    # Positions in the folded text differ slightly from the raw text; order is what matters.
    scale = len(folded) / max(1, len(text))
    for m in _BOARD_EXACT.finditer(text):
        hits.append((int(m.start() * scale), _BOARD_LOOKUP[m.group(1)]))
    seen: list[str] = []
    for _, board in sorted(hits):
        if board not in seen:
            seen.append(board)
    return seen


def find_board(text: str) -> str | None:
    """The board a short text names ('NHS GG&C', 'Eilean Siar', 'SAS'), or None when it names none."""
    found = find_boards(text)
    return found[0] if found else None


_BOARD_FILLER = re.compile(r"\b(nhs|health|board|the|and|of)\b|[&,.()/-]")


def is_board_name(text: str) -> bool:
    """True when text is nothing but a board's name ('NHS Fife', 'Greater Glasgow & Clyde Health Board')."""
    if not find_board(text):
        return False
    rest = _BOARD_FILLER.sub(" ", _BOARD_FOLDED.sub(" ", fold(_BOARD_EXACT.sub(" ", text))))
    return not rest.split()


def board_name(board_id: str | None) -> str:
    if not board_id:
        return "Unknown board"
    board = BOARD_BY_ID.get(board_id)
    return board.name if board else board_id


# A plain-text or web file in a returns folder is a return only when it speaks of the matrix (a readme,
# a saved e-mail signature or a web page about something else is listed as skipped, as before).
_MATRIX_WORDS_RE = re.compile(
    rb"engagement|matrix|inform|consult|involv|collaborat|empower|commissioning|capacity|learning exchange|"
    rb"policy|strategy|third sector|level\s*[1-5]", re.I)
SNIFF_BYTES = 256 * 1024


_AXIS_WORDS_RE = re.compile(
    r"\b(inform|consult|involv|collaborat|empower|policy|planning|commissioning|contracting|capacity|"
    r"learning exchange|level\s*[1-5])", re.I)


def mentions_matrix(head: bytes) -> bool:
    """Whether the first part of a text or web file speaks of the engagement matrix at all."""
    return _MATRIX_WORDS_RE.search(head[:SNIFF_BYTES]) is not None


def holds_matrix_words(text: str) -> bool:
    """Whether a message body could be a return pasted in: it names at least two of the matrix's
    functions or levels ("Sorry, I forgot the attachment" or "our matrix is attached" does not)."""
    return len({m.group(1).lower()[:6] for m in _AXIS_WORDS_RE.finditer(text[:SNIFF_BYTES])}) >= 2
