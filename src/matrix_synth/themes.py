"""The theme taxonomy (an editable YAML file) and tagging of text with its evidence."""
from __future__ import annotations

import os
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from .limits import MAX_TAG_CHARS

DEFAULT_THEMES = os.path.join(os.path.dirname(__file__), "data", "themes.yaml")


@dataclass(frozen=True)
class Theme:
    id: str
    label: str
    description: str
    keywords: tuple[str, ...]


def _pattern(keyword: str) -> str:
    kw = keyword.strip()
    star = kw.endswith("*")
    kw = kw.rstrip("*")
    body = r"[\s\-]+".join(re.escape(part) for part in kw.split())
    return r"(?<![\w])" + body + (r"[\w'’-]*" if star else r"(?![\w])")


def _literal(keyword: str) -> str:
    """The keyword's first word as it must appear in lower-cased text (its screening literal)."""
    parts = keyword.strip().rstrip("*").split()
    return parts[0].lower() if parts else ""


class Taxonomy:
    def __init__(self, themes: list[Theme], source: str = DEFAULT_THEMES) -> None:
        self.themes = themes
        self.source = source
        self.by_id = {t.id: t for t in themes}
        self._res = [(t.id, re.compile("|".join(_pattern(k) for k in t.keywords), re.IGNORECASE))
                     for t in themes if t.keywords]
        # Python's re cannot skip ahead on a case-insensitive pattern that starts with a
        # look-behind, so running every theme's pattern over every text is slow. Instead each
        # keyword is screened by its first word (a plain substring test on the lower-cased text)
        # and its own pattern is tried only where that word occurs.
        self._keywords = [(t.id, [(_literal(k), re.compile(_pattern(k), re.IGNORECASE)) for k in t.keywords
                                  if _literal(k)]) for t in themes if t.keywords]

    def tag(self, text: str) -> list[tuple[str, str]]:
        """(theme id, evidence) for each theme the text mentions; evidence lists the words that matched."""
        text = text[:MAX_TAG_CHARS]  # bounded: one huge cell must not cost minutes
        low = text.lower()
        aligned = len(low) == len(text)  # lower() kept every offset (true but for a few rare letters)
        out = []
        for (theme_id, keywords), (_, theme_rx) in zip(self._keywords, self._res):
            spans: list[tuple[int, int]] = []
            for literal, rx in keywords:
                if literal not in low:
                    continue
                if not aligned:
                    spans = [m.span() for m in theme_rx.finditer(text)]
                    break
                pos = low.find(literal)
                while pos >= 0:
                    m = rx.match(text, pos)
                    if m:
                        spans.append(m.span())
                    pos = low.find(literal, pos + 1)
            if not spans:
                continue
            hits: list[str] = []
            seen_hits: set[str] = set()
            end = -1
            for start, stop in sorted(spans, key=lambda s: (s[0], -s[1])):
                if start < end:
                    continue  # inside a longer keyword already counted ('young carers', not also 'carers')
                end = stop
                word = text[start:stop].strip()
                if word.lower() not in seen_hits:
                    seen_hits.add(word.lower())
                    hits.append(word)
            out.append((theme_id, ", ".join(hits[:5])))
        return out

    def label(self, theme_id: str) -> str:
        theme = self.by_id.get(theme_id)
        return theme.label if theme else theme_id

    def covers(self, phrase: str) -> bool:
        return any(rx.search(phrase) for _, rx in self._res)


@lru_cache(maxsize=8)
def load(path: str | None = None) -> Taxonomy:
    """Load a taxonomy file (the packaged default when path is None)."""
    from .config import check_themes, load_yaml

    source = path or DEFAULT_THEMES
    data, node = load_yaml(source, "themes file")
    items = check_themes(data, node, source)  # each mistake named with its line
    themes = []
    for item in items:
        keywords = tuple(str(k) for k in item.get("keywords") or ())
        themes.append(Theme(str(item["id"]), str(item.get("label") or item["id"]),
                            str(item.get("description") or ""), keywords))
    return Taxonomy(themes, source)


_STOP = set("""a an the and or of to in on for with by at from as is are was were be been being this that these those
we our us they their it its has have had not but also more most very can could will would should may might all any
each other some such than then there here who which what when where how into through over under between about
after before during within without across up down out new well work working third sector nhs board boards
partner partners partnership organisations organisation services service level levels matrix engagement local
people year years""".split())


def emerging(texts: list[tuple[str, str]], taxonomy: Taxonomy, min_returns: int = 2,
             limit: int = 20) -> list[tuple[str, int, list[str]]]:
    """Recurring two-word phrases that no theme covers: (phrase, number of returns, source files).

    texts is (source_file, text). A phrase counts once per return. Only a count, the last
    return seen and the first four returns are kept per phrase (texts are taken in order of
    their return), not a set of every return: this runs over a whole round's text."""
    seen: dict[str, list] = {}  # phrase -> [returns, last return, first four returns]
    for source, text in sorted(texts, key=lambda st: st[0]):
        words = re.findall(r"[a-z][a-z'-]+", text.lower())
        for a, b in zip(words, words[1:]):
            if a in _STOP or b in _STOP or len(a) < 3 or len(b) < 3:
                continue
            entry = seen.get(f"{a} {b}")
            if entry is None:
                seen[f"{a} {b}"] = [1, source, [source]]
            elif entry[1] != source:
                entry[0] += 1
                entry[1] = source
                if len(entry[2]) < 4:
                    entry[2].append(source)
    counts = Counter({p: e[0] for p, e in seen.items() if e[0] >= min_returns and not taxonomy.covers(p)})
    return [(p, n, seen[p][2]) for p, n in counts.most_common(limit)]


def substantive_themes(returns: list[dict], placements: list[dict], free: list[dict],
                       taxonomy: Taxonomy, min_activities: int = 2) -> dict[str, set[str]]:
    """board -> the themes that are substantive in its return, not one passing mention: the theme
    of a return's topic, or of at least min_activities of its placements, or of one placement and
    the board's own account of what is working well."""
    out: dict[str, set[str]] = {}
    activity: dict[str, Counter] = {}
    well: dict[str, set[str]] = {}
    for r in returns:
        board = r.get("board") or ""
        out.setdefault(board, set()).update(t for t, _ in taxonomy.tag(r.get("topic") or ""))
    for p in placements:
        board = p.get("board") or ""
        activity.setdefault(board, Counter()).update({t for t in (p.get("themes") or "").split(";") if t})
    for f in free:
        if f.get("section") == "working_well":
            well.setdefault(f.get("board") or "", set()).update(t for t in (f.get("themes") or "").split(";") if t)
    for board, counts in activity.items():
        for theme, n in counts.items():
            if n >= min_activities or theme in well.get(board, set()):
                out.setdefault(board, set()).add(theme)
    return {b: {t for t in ts if t in taxonomy.by_id} for b, ts in out.items() if b}
