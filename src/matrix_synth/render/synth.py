"""An example as the 2013 overview writes one: one or two plain sentences saying who did what with whom
and how far it goes, drawn from a board's own words about the theme it illustrates, never a cell
pasted whole (its bullets, its 'we would like to move towards…', its lines on other subjects, cut
with '…')."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..schema import FUNCTION_LABELS

# How far it goes, in words: the level as a reader says it.
HOW_FAR = {1: "informing partners", 2: "consulting partners", 3: "involving partners",
           4: "collaboration", 5: "empowerment"}
MAX_CHARS = 280  # one or two sentences; a longer one is not cut, another example is chosen

_BULLET = re.compile(r"^\s*(?:[•·▪●◦‣∙*–—-]|\(?[0-9ivx]{1,3}[.)]|\(?[a-h][.)])\s+", re.IGNORECASE)
# Sentences about the matrix, the level or what a board would like, not what was done
_META = re.compile(r"\b(?:level[s]?\s*[1-5]|we would like|we aim|we hope|we plan to|towards (?:inform|consult|"
                   r"involve|collaborat|empower)|partners mapped|this (?:cell|box|row)|see (?:above|below|"
                   r"attached)|not applicable|n/a)\b", re.IGNORECASE)
_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9“\"'(])|\s*[\n\r]+\s*|\s+(?=[•▪●◦‣∙]\s)")


_NAME = re.compile(r"\b[A-Z][\w'’-]+(?:\s+(?:of|and|&|for)?\s*[A-Z][\w'’-]+)+")


def function_words(function_id: str) -> str:
    """'Planning & Commissioning' -> 'planning and commissioning'."""
    return FUNCTION_LABELS.get(function_id, function_id).replace("&", "and").lower()


def clean_sentences(text: str) -> list[str]:
    """The sentences of a cell, each without its bullet or number, whole (ending with a full stop)."""
    out = []
    for part in _SPLIT.split(text or ""):
        part = _BULLET.sub("", part).strip(" ;,-–—•\t")
        part = re.sub(r"\s*(?:…|\.\.\.)\s*$", "", part)
        if len(part) < 12:
            continue
        if part[0].islower():
            part = part[0].upper() + part[1:]
        if part[-1] not in ".!?":
            part += "."
        out.append(part)
    return out


def on_theme(text: str, theme_id: str, taxonomy) -> list[str]:
    """The sentences of text that are about the theme (a strong word of it), not about the matrix."""
    return [s for s in clean_sentences(text)
            if taxonomy.weigh(s).get(theme_id) and not _META.search(s)]


@dataclass
class Synthesis:
    lead: str     # 'with PKAVS Carers Hub ' (whom the board worked with, when its words name no one)
    words: str    # the board's own sentences about the theme, whole
    how_far: str  # 'They place this as collaboration in planning and commissioning.'

    @property
    def text(self) -> str:
        """What follows the board's name in an example."""
        return f"{self.lead}– {self.words} {self.how_far}"


def synthesise(partner: str, text: str, function_id: str, level: int, theme_id: str,
               taxonomy) -> Synthesis | None:
    """An example of the theme from one activity. None when the text says nothing of the theme in a
    sentence short enough to give whole."""
    chosen: list[str] = []
    for s in on_theme(text, theme_id, taxonomy):
        if len(" ".join(chosen + [s])) > MAX_CHARS:
            break
        chosen.append(s)
        if len(chosen) == 2:
            break
    if not chosen:
        return None
    body = " ".join(chosen)
    who = ""
    core = partner.split("(")[0].strip().lower()  # 'VAER (East Renfrewshire TSI)' is named by 'VAER'
    if partner and len(partner) <= 60 and core not in body.lower() and not _NAME.search(body[1:]):
        who = f"with {partner} "  # the sentences name no organisation: say whom the board worked with
    return Synthesis(who, body, f"They place this as {HOW_FAR[level]} in {function_words(function_id)}.")

