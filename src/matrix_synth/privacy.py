"""Personal data: names, e-mail addresses and phone numbers are kept in the store but left
out of reports and exports unless the analyst asks for them (--include-personal)."""
from __future__ import annotations

import re

EMAIL_RE = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
PHONE_RE = re.compile(r"(?<![\w])(?:\+44\s?\(?0?\)?\s?|\(?0)\d{2,4}\)?[\s-]?\d{3,4}[\s-]?\d{3,4}(?![\w])")
_NAME_RE = re.compile(r"\b([A-Z][a-z'’-]+(?:\s+(?:Mc|Mac)?[A-Z][a-z'’-]+){1,2})\b")
_DIGITS = re.compile(r"\d(?:\D?\d){5}")  # six digits, at most one separator between: in every phone match
PERSONAL_COLUMNS = ("completed_by", "role", "signoff", "contacts")
# words that make a capitalised phrase an organisation, not a person: never scrubbed as a name
_ORG_WORDS = re.compile(r"\b(Action|Voluntary|Council|Centre|Center|Network|Forum|Trust|Association|Care|Health|"
                        r"Scotland|Scottish|Service|Services|Partnership|Links|Board|Interface|Enterprise|Society|"
                        r"Alliance|Hospital|Foundation|Group|Lead|Officer|Manager|Sector|Community|Support|Team)\b")


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


class Scrubber:
    def __init__(self, include_personal: bool = False, names: list[str] | None = None) -> None:
        self.keep = include_personal
        self.names = sorted(set(names or []), key=len, reverse=True)
        self._names_re = re.compile("|".join(re.escape(n) for n in self.names)) if self.names else None

    def text(self, value: str | None) -> str:
        if value is None or self.keep:
            return value or ""
        if "@" in value:
            value = EMAIL_RE.sub("[e-mail removed]", value)
        if _DIGITS.search(value):
            value = PHONE_RE.sub("[phone removed]", value)
        if self._names_re is not None:
            value = self._names_re.sub("[name removed]", value)
        return value

    def row(self, row: dict) -> dict:
        if self.keep:
            return row
        out = {}
        for key, value in row.items():
            if key in PERSONAL_COLUMNS:
                continue
            out[key] = self.text(value) if isinstance(value, str) else value
        return out


def scrubber_for(store, include_personal: bool) -> Scrubber:
    """A scrubber that knows every name written in the store's sign-off fields."""
    if include_personal:
        return Scrubber(True)
    names: list[str] = []
    for r in store.query("SELECT completed_by, signoff, contacts FROM returns"):
        names.extend(names_in(r["completed_by"] or "", r["signoff"] or "", r["contacts"] or ""))
    return Scrubber(False, names)
