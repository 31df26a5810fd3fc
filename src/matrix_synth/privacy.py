"""Personal data: names, e-mail addresses and phone numbers are kept in the store but left
out of reports and exports unless the analyst asks for them (--include-personal)."""
from __future__ import annotations

import re

EMAIL_RE = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
PHONE_RE = re.compile(r"(?<![\w])(?:\+44\s?\(?0?\)?\s?|\(?0)\d{2,4}\)?[\s-]?\d{3,4}[\s-]?\d{3,4}(?![\w])")
_NAME_RE = re.compile(r"\b([A-Z][a-z'’-]+(?:\s+(?:Mc|Mac|O['’])?[A-Z][a-z'’-]+){1,2})\b")
_DIGITS = re.compile(r"\d(?:\D?\d){5}")  # six digits, at most one separator between: in every phone match
PERSONAL_COLUMNS = ("completed_by", "role", "signoff", "contacts")
# Values that are identifiers, never prose: a file's hash is not a phone number ('…2b01463704000aa1').
IDENTIFIER_COLUMNS = ("content_hash", "sha256", "path", "cell_ref", "board", "board_id", "function", "function_id",
                      "format", "status", "code", "severity", "layout", "marker", "reason", "section", "theme", "themes",
                      "correction", "action")
# A person's name after a cue ('Prepared by Morag Baird', 'Contact: Ian Reid', 'Signed: …'), wherever it is
# written: a page header, a comment, a second sign-off table.
_CUE_NAME_RE = re.compile(r"(?:\b(?:[Cc]all|[Rr]ing|[Pp]hone|[Ee]-?mail|[Ss]peak\s+to|[Ww]rite\s+to|[Aa]sk\s+for)\s+|"
                          r"\b(?:[Cc]ompleted|[Pp]repared|[Ss]ubmitted|[Ss]igned|[Aa]pproved|[Ww]ritten|[Cc]ompiled"
                          r"|[Aa]uthorised|[Aa]uthorized)\s+by|\b(?:[Cc]ontact(?:\s+[Nn]ame)?|[Nn]ame|[Ss]igned|"
                          r"[Ss]ignature|[Aa]uthor|[Ll]ead\s+[Oo]fficer))\s*[:\-–]?\s*"
                          r"((?:(?:Dr|Mr|Mrs|Ms|Miss)\.?\s+)?[A-Z][a-z'’-]+(?:\s+(?:Mc|Mac|O['’])?[A-Z][a-z'’-]+){1,2})")
# Words that make a capitalised phrase an organisation, a forum or a role, not a person: never scrubbed
# as a name ('Lead Officer', 'Volunteer Managers' Forum', 'Long Term Conditions Programme Board').
_ORG_WORDS = re.compile(
    r"\b(?:Action|Voluntary|Volunteers?|Volunteering|Council|Councils|Centres?|Centers?|Networks?|Forums?|Trusts?|"
    r"Associations?|Care|Carers?|Caring|Health|Healthcare|Scotland|Scottish|Services?|Partnerships?|Links?|Boards?|"
    r"Interface|Enterprises?|Society|Societies|Alliance|Hospitals?|Hospice|Foundation|Groups?|Lead|Leads|Officers?|"
    r"Managers?|Managers'|Manager's|Directors?|Coordinators?|Co-ordinators?|Workers?|Advisers?|Advisors?|Assistants?|"
    r"Practitioners?|Nurses?|Consultants?|Chairs?|Chairperson|Chief|Executives?|Development|Engagement|"
    r"Sector|Third|Community|Communities|Committee|Support|Team|Teams|Practice|Housing|Programmes?|Projects?|"
    r"Conditions|Strategy|Strategic|Planning|Commissioning|Public|Social|Mental|Wellbeing|Recovery|Advocacy|"
    r"Befriending|Older|People|Youth|Children|Families|Family|Women|Aid|Relief|Age|Institute|"
    r"Fund|College|University|School|Ltd|Limited|SCIO|CIC|Charity|Charitable|Department|Directorate|Unit|Office|"
    r"Agency|Authority|Government|Executive|Commission|Collaborative|Hub|Interagency|Panel|Bureau|Citizens|Advice|"
    r"Lothian|Glasgow|Fife|Highland|Tayside|Grampian|Borders|Lanarkshire|Ayrshire|Arran|Forth|Valley|Orkney|"
    r"Shetland|Western|Isles|Galloway|Dumfries|Edinburgh|Aberdeen|Dundee|Inverness|Perth|Falkirk|"
    r"Renfrewshire|Inverclyde|Dunbartonshire|Argyll|Bute|Clackmannanshire|Midlothian|Siar|Of|For|The|And|Voices)\b")


def names_in(*fields: str) -> list[str]:
    """People's names written in sign-off style fields ('Morag Baird, Third Sector Lead; …')."""
    names = []
    for text in fields:
        for part in re.split(r"[;\n|]", text or ""):
            first = part.split(",")[0].strip()
            m = _NAME_RE.fullmatch(first)
            if m and m.group(1) not in names and not _ORG_WORDS.search(m.group(1)):
                names.append(m.group(1))
    return names


def _cued_name_removed(m: re.Match) -> str:
    if _ORG_WORDS.search(m.group(1)):
        return m.group(0)  # an organisation, not a person
    return m.group(0)[: m.start(1) - m.start(0)] + "[name removed]"


def _phones_removed(value: str) -> str:
    """Phone numbers written any way ('0131.496.0777', '+1 (555) 010-9999'), found by the phonenumbers
    library: a valid number, or a possible one with as many digits as a phone number has (so a year
    range such as 2013-2014 or a count is left alone)."""
    try:
        import phonenumbers
    except ImportError:  # pragma: no cover - a declared dependency
        return value
    spans = []
    for m in phonenumbers.PhoneNumberMatcher(value, "GB", leniency=phonenumbers.Leniency.POSSIBLE):
        digits = sum(ch.isdigit() for ch in m.raw_string)
        if digits >= 10 or (m.raw_string.startswith("+") and digits >= 8) or phonenumbers.is_valid_number(m.number):
            spans.append((m.start, m.end))
    for start, end in reversed(spans):
        value = value[:start] + "[phone removed]" + value[end:]
    return value


class Scrubber:
    def __init__(self, include_personal: bool = False, names: list[str] | None = None) -> None:
        self.keep = include_personal
        self.names = sorted(set(names or []), key=len, reverse=True)
        # a name as written anywhere, whatever its case ('ewan fraser', 'EWAN FRASER'), as whole words
        self._names_re = re.compile(r"(?<![\w])(?:" + "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in self.names)
                                    + r")(?![\w])", re.IGNORECASE) if self.names else None

    def text(self, value: str | None) -> str:
        if value is None or self.keep:
            return value or ""
        if "@" in value:
            value = EMAIL_RE.sub("[e-mail removed]", value)
        if _DIGITS.search(value):
            value = PHONE_RE.sub("[phone removed]", value)
            value = _phones_removed(value)
        if self._names_re is not None:
            value = self._names_re.sub("[name removed]", value)
        if "by" in value or ":" in value or "ame" in value or "ign" in value:
            value = _CUE_NAME_RE.sub(_cued_name_removed, value)
        return value

    def row(self, row: dict) -> dict:
        if self.keep:
            return row
        out = {}
        for key, value in row.items():
            if key in PERSONAL_COLUMNS:
                continue
            out[key] = self.text(value) if isinstance(value, str) and key not in IDENTIFIER_COLUMNS else value
        return out


_EMAIL_NAME_RE = re.compile(r"(?<![\w.])([A-Za-z]{2,})[._]([A-Za-z]{2,}(?:-[A-Za-z]{2,})?)\d*@")


def learned_names(text: str) -> list[str]:
    """People's names a text gives away: after a cue ('Prepared by …', 'Call …'), or in an e-mail address
    written first.last@ ('ewan.fraser@nhs.scot': Ewan Fraser), so that their other mentions go too."""
    out = []
    if "by" in text or ":" in text or "all " in text or "ing " in text or "to " in text or "ail" in text:
        out += [m.group(1) for m in _CUE_NAME_RE.finditer(text) if not _ORG_WORDS.search(m.group(1))]
    if "@" in text:
        out += [f"{a.capitalize()} {b.capitalize()}" for a, b in _EMAIL_NAME_RE.findall(text)
                if not _ORG_WORDS.search(f"{a.capitalize()} {b.capitalize()}")]
    return out


def scrubber_for(store, include_personal: bool) -> Scrubber:
    """A scrubber that knows every name written in the store's sign-off fields, and every name its texts
    give away (learned_names)."""
    if include_personal:
        return Scrubber(True)
    names: list[str] = []
    for completed_by, signoff, contacts in store.signoff_fields():
        names.extend(names_in(completed_by or "", signoff or "", contacts or ""))
    for text in store.all_texts():
        names.extend(learned_names(text or ""))
    return Scrubber(False, names)
