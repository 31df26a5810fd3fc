"""Label vocabularies for the parts of a return around the matrix: its fields (board,
partner, topic…), its free-text sections (working well, improvements, next steps,
feedback on the matrix) and the context of each matrix (partner/locality/topic)."""
from __future__ import annotations

import re

from ..schema import find_board, fold, is_board_name, text_cache

SECTIONS = ("working_well", "improvements", "next_steps", "feedback")
SECTION_TITLES = {"working_well": "What is working well", "improvements": "What needs to improve / concerns",
                  "next_steps": "Next steps", "feedback": "Comments on using the matrix"}

# Checked in this order: the first whose pattern matches wins.
_SECTION_PATTERNS: tuple[tuple[str, str], ...] = (
    ("feedback", r"\b(matrix|the tool|this tool|template|guidance)\b.*\b(comment|feedback|experience|view|reflect"
                 r"|use|using|usefulness|thought|opinion|learn)|\b(comment|feedback|experience|view|reflection"
                 r"|reflect|thought|opinion)s?\b.*\b(matrix|the tool|this tool|template|exercise|process)\b"
                 r"|^(any )?(other|further|additional) comments?$|^comments?$|^feedback$"),
    ("next_steps", r"\bnext steps?\b|\baction(s| plan)\b|\bgoing forward\b|\bfuture (plans|actions|developments?)\b"
                   r"|\bwhat (will|we will) (we )?do next\b|\bpriorities\b|\bplans for\b"),
    ("improvements", r"\bimprove|\bconcern|\bchalleng|\bbarrier|\bgaps?\b|\bdifficult|\bcould be better\b"
                     r"|\bareas? for development\b|\bnot working\b|\bless well\b|\bissues\b|\bweakness|\brisks?\b"),
    ("working_well", r"\bworking well\b|\bworks well\b|\bwent well\b|\bwhat is working\b|\bstrengths?\b"
                     r"|\bsuccess|\bgood practice\b|\bachievements?\b|\bpositives?\b|\bwhat works\b"
                     r"|\bhallmarks?\b|\bhighlights?\b"),
)
_SECTION_RES = tuple((key, re.compile(p)) for key, p in _SECTION_PATTERNS)

FIELDS = ("board", "partner", "topic", "locality", "completed_by", "role", "date", "signoff", "round", "title")
_FIELD_PATTERNS: tuple[tuple[str, str], ...] = (
    ("board", r"^(nhs |health |nhs health )?board( name)?$|^name of (nhs |health )?board$|^nhs (organisation|body)$"
              r"|^health board area$"),
    ("partner", r"^(third|3rd) sector (partner|organisation|interface|org)s?( name| involved)?$|^partners?$"
                r"|^partner (organisation|agency|agencies|body)s?( name)?$|^tsi( name)?$|^voluntary organisations?$"
                r"|^organisations? involved$|^in partnership with$|^partnership with$|^partner\(s\)$"),
    ("topic", r"^topic( area)?( chosen| of choice)?$|^area of (work|focus|activity)$|^subject$|^theme$|^focus$"
              r"|^service area$|^programme$|^topic/area$|^chosen topic$|^work ?stream$"),
    ("locality", r"^locality$|^localities$|^chcp$|^chp( area)?$|^hscp$|^local authority( area)?$|^council area$"
                 r"|^community health (and care )?partnership$|^area$|^geographical area$|^partnership area$"),
    ("completed_by", r"^(completed|prepared|submitted|compiled) by$|^(lead )?contact( name| person)?$|^name$"
                     r"|^names?$|^lead officer$|^matrix lead$|^signed$|^signature$|^signed by$|^lead$"
                     r"|^(nhs|third sector|3rd sector) lead$"),
    ("role", r"^(designation|role|job title|position|title of post)$"),
    ("date", r"^date( completed| of completion| submitted| signed)?$|^completed on$|^submission date$"),
    ("signoff", r"^(signed )?on behalf of\b.*|^sign(ed)?[- ]off( by)?\b.*|^agreed by\b.*"),
    ("round", r"^(year|round|reporting year|reporting period|period)$"),
)
_FIELD_RES = tuple((key, re.compile(p)) for key, p in _FIELD_PATTERNS)
PERSONAL_FIELDS = ("completed_by", "role", "signoff", "contacts")

_CONTACT_HEADERS = {"name", "email", "e-mail", "e mail", "phone", "telephone", "tel", "mobile", "contact",
                    "address", "job title", "designation", "organisation", "role", "contact details"}


def _clean_label(text: str) -> str:
    label = fold(text).strip().replace("(s)", "s")
    label = re.sub(r"^\d+[.)]\s*|^[a-z][.)]\s+|^q\d+[.:]?\s*", "", label)  # numbering: '1.', 'a)', 'Q3'
    return label.strip(" :?.*-–").strip()


@text_cache(maxsize=8192, max_len=1000)
def section_of(text: str) -> str | None:
    """The free-text section a heading or label names, or None."""
    label = _clean_label(text)
    if not label or len(label.split()) > 14:
        return None
    for key, rx in _SECTION_RES:
        if rx.search(label):
            return key
    return None


@text_cache(maxsize=8192, max_len=1000)
def field_of(text: str) -> str | None:
    """The return field a label names ('NHS Board', 'Third sector partner(s)', 'Date'), or None."""
    label = _clean_label(text)
    if not label or len(label.split()) > 8:
        return None
    for key, rx in _FIELD_RES:
        if rx.search(label):
            return key
    return None


_INLINE_RE = re.compile(r"^\s*([^:\n]{2,60}?)\s*:\s+(.+)$", re.DOTALL)


@text_cache()
def split_label(text: str) -> tuple[str | None, str, str]:
    """'Topic area: Carers' -> ('field:topic', 'Topic area', 'Carers'); ('section:…', …) for sections;
    (None, '', text) when the text does not start with a known label."""
    m = _INLINE_RE.match(text)
    if m:
        label, value = m.group(1), m.group(2).strip()
        kind = field_of(label)
        if kind:
            return f"field:{kind}", label, value
        kind = section_of(label)
        if kind and len(label.split()) <= 10:
            return f"section:{kind}", label, value
    kind = field_of(text)
    if kind:
        return f"field:{kind}", text, ""
    kind = section_of(text)
    if kind:
        return f"section:{kind}", text, ""
    return None, "", text


def is_contact_header(cells: list[str]) -> bool:
    hits = sum(1 for c in cells if _clean_label(c) in _CONTACT_HEADERS)
    return hits >= 2


# --------------------------------------------------------------------------- matrix context

COUNCIL_AREAS = ("aberdeen city", "aberdeenshire", "angus", "argyll and bute", "clackmannanshire",
                 "dumfries and galloway", "dundee", "east ayrshire", "east dunbartonshire", "east lothian",
                 "east renfrewshire", "edinburgh", "falkirk", "fife", "glasgow", "highland", "inverclyde", "midlothian",
                 "moray", "na h-eileanan siar", "north ayrshire", "north lanarkshire", "orkney", "perth and kinross",
                 "renfrewshire", "scottish borders", "shetland", "south ayrshire", "south lanarkshire", "stirling",
                 "west dunbartonshire", "west lothian", "lochaber", "skye", "caithness", "sutherland", "badenoch",
                 "inverness", "lewis", "harris", "uist", "barra", "arran", "stranraer", "wigtownshire", "stewartry",
                 "annandale", "nithsdale", "kirkcaldy", "dunfermline", "glenrothes", "paisley", "greenock", "perth")
_LOCALITY_WORDS = re.compile(
    r"\b(chcp|chp|hscp|locality|localities|council|city|north|south|east|west|mid|central|district|ward|"
    r"health and social care partnership|community health partnership|island|isles|"
    + "|".join(COUNCIL_AREAS) + r")\b")
_PARTNER_WORDS = re.compile(
    r"\b(tsi|cvs|trust|association|centre|center|network|links?|scotland|alliance|forum|society|foundation|"
    r"charity|voluntary|action|aid|support|federation|interface|council for voluntary service|carers? centre|"
    r"ltd|limited|scio|collective|project|partnership|enterprise|advocacy|befriending|hospice|care voice|"
    r"volunteer centre|age scotland|barnardo|enable|samaritans|stonewall|waverley|heart foundation)\b")
_NOISE_RE = re.compile(r"\b(engagement\s+)?matrix( template)?\b|\b(19|20)\d\d(\s*[-/]\s*\d{2,4})?\b|"
                       r"^(table|sheet|matrix|page)\s*\d*\s*[:.\-–]?\s*|\bcompleted\b|\breturn\b", re.IGNORECASE)
_DEFAULT_NAMES = re.compile(r"^(sheet|table|tabelle|feuil|hoja)\s*\d*$|^(matrix|engagement matrix|data|main|"
                            r"template|grid|summary|matrix template|engagement)$", re.IGNORECASE)
_CONTEXT_LABEL_RE = re.compile(r"\b(partner(?: organisation)?|organisation|locality|area|chp|topic|theme)\s*[:\-–]\s*"
                               r"([^;|\n]+)", re.IGNORECASE)


def parse_context(texts: list[str]) -> dict[str, str]:
    """Partner, locality and topic of a matrix from its heading, caption or sheet name.

    Labelled parts ('Partner: Carers Centre') win; an unlabelled heading is classed by
    its words (a CHP or council area is a locality, an organisation name a partner,
    anything else a topic)."""
    found: dict[str, str] = {}
    for text in texts:
        for m in _CONTEXT_LABEL_RE.finditer(text):
            key = fold(m.group(1))
            key = {"partner organisation": "partner", "organisation": "partner", "area": "locality",
                   "chp": "locality", "theme": "topic"}.get(key, key)
            found.setdefault(key, m.group(2).strip(" .–-"))
    if found:
        return found
    for text in reversed(texts):  # the nearest heading is the most specific
        label = _strip_noise(text)
        if not label or _DEFAULT_NAMES.match(label) or len(label.split()) > 14:
            continue
        if not label or fold(label) in ("the", "our", "a", "this", "completed", "overview"):
            continue
        if find_board(label) and not _LOCALITY_WORDS.search(fold(label)):
            continue  # just the board's name
        if re.search(r"\bnhs\b|health board", fold(label)) and is_board_name(label):
            continue  # 'NHS Fife': the board, not the Fife locality
        folded = fold(label)
        if "with " in folded and _PARTNER_WORDS.search(folded.split("with ", 1)[1]):
            found["partner"] = label[folded.index("with ") + 5:].strip(" .–-")
        elif _LOCALITY_WORDS.search(folded) and not _PARTNER_WORDS.search(folded):
            found["locality"] = label
        elif _PARTNER_WORDS.search(folded):
            found["partner"] = label
        else:
            found["topic"] = label
        break
    return found


def _strip_noise(text: str) -> str:
    text = text.strip().split("\n", 1)[0]
    text = _NOISE_RE.sub(" ", text)
    parts = re.split(r"\s[-–—:]\s|:\s", text, maxsplit=1)
    if len(parts) == 2 and parts[1].strip() and find_board(parts[0]) and len(parts[0].split()) <= 6:
        text = parts[1]  # 'NHS Grampian – Aberdeen City' -> 'Aberdeen City'
    text = re.sub(r"^(the|our)\s+", "", text.strip(), flags=re.IGNORECASE)
    return " ".join(text.split()).strip(" :–-,.")
