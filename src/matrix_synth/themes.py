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
    # words that say the theme only beside a stronger word of it ('contract' is funding only in a return
    # that speaks of funding or procurement; 'recovery' is mental health only where mental health is named)
    weak: tuple[str, ...] = ()


def _pattern(keyword: str) -> str:
    kw = keyword.strip()
    star = kw.endswith("*")
    kw = kw.rstrip("*")
    body = r"[\s\-]+".join(re.escape(part) for part in kw.split())
    return r"(?<![\w])" + body + (r"[\w'’-]*" if star else r"(?![\w])")


_WORD_ONLY = re.compile(r"\w+")


def _literal(keyword: str) -> str:
    """The keyword's first word as it must appear in lower-cased text (its screening literal)."""
    parts = keyword.strip().rstrip("*").split()
    return parts[0].lower() if parts else ""


def _by_literal(keywords) -> dict[str, list[tuple[int, re.Pattern[str]]]]:
    """For tag(): each screening word's keyword patterns, with their theme's index in keywords."""
    out: dict[str, list[tuple[int, re.Pattern[str]]]] = {}
    for index, (_theme_id, theme_keywords) in enumerate(keywords):
        for literal, rx in theme_keywords:
            out.setdefault(literal, []).append((index, rx))
    return out


class _Screen:
    """The screening words of a taxonomy found in a text by one pattern: at each word start the longest
    word that matches, then every word that is a prefix of it ('carer' of 'carers'). A keyword can match
    only at a word start (its pattern opens with (?<!\w)), and a word of letters and digits cannot hide
    another word's start inside it, so this finds every screening word at a word start. Words with
    other characters ('well-being') are tested one by one."""

    def __init__(self, literals: set[str]) -> None:
        self.literals = tuple(sorted(literals))
        plain = sorted((lit for lit in literals if _WORD_ONLY.fullmatch(lit)), key=lambda w: (-len(w), w))
        self.pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, plain)) + ")") if plain else None
        self.prefixes = {w: tuple(p for p in plain if w.startswith(p)) for w in plain}
        self.others = tuple(lit for lit in self.literals if lit not in self.prefixes)

    def present(self, low: str, exact: bool = False) -> set[str]:
        """The screening words at a word start of low (exact: anywhere, by a plain test of each)."""
        if exact or self.pattern is None:
            return {literal for literal in self.literals if literal in low}
        found = {literal for literal in self.others if literal in low}
        for word in set(self.pattern.findall(low)):
            found.update(self.prefixes[word])
        return found


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
        weak = {(t.id, k.strip().lower()) for t in themes for k in t.weak}
        self._weighed = [(t.id, [(_literal(k), re.compile(_pattern(k), re.IGNORECASE), (t.id, k.strip().lower())
                                  in weak) for k in t.keywords + tuple(w for w in t.weak if w not in t.keywords)
                                 if _literal(k)]) for t in themes if t.keywords or t.weak]
        # each theme's screening words (its keywords' and weak words'), found once per text for all themes
        self._theme_literals = {theme_id: frozenset(lit for lit, *_ in kws) for theme_id, kws in self._weighed}
        self._screen = _Screen(set().union(*self._theme_literals.values()))
        self._by_literal = _by_literal(self._keywords)

    def weigh(self, text: str) -> dict[str, bool]:
        """theme id -> True when the text says it with a strong word, False when only with weak ones.

        Unlike tag, names are not themes (a board's name, 'Learning Disability Partnership Board',
        'Children and Families Committee': see mask_names) and the longest phrase wins across themes
        ('suicide prevention' is suicide prevention, not also prevention)."""
        text = mask_names(text[:MAX_TAG_CHARS])
        low = text.lower()
        exact = len(low) != len(text)
        if exact:
            low, text = text, text  # a rare letter changed length when lowered: match as written
        spans: list[tuple[int, int, str, bool]] = []
        present = self._screen.present(low, exact)
        for theme_id, keywords in self._weighed:
            if present.isdisjoint(self._theme_literals[theme_id]):
                continue
            for literal, rx, weak in keywords:
                if literal not in present:
                    continue
                pos = low.find(literal)
                while pos >= 0:
                    m = rx.match(text, pos)
                    if m:
                        spans.append((m.start(), m.end(), theme_id, weak))
                    pos = low.find(literal, pos + 1)
        out: dict[str, bool] = {}
        for start, stop, theme_id, weak in spans:
            if any(a <= start and stop <= b and (b - a) > (stop - start) and t != theme_id
                   for a, b, t, _ in spans):
                continue  # inside a longer phrase of another theme
            out[theme_id] = out.get(theme_id, False) or not weak
        return out

    def tag(self, text: str) -> list[tuple[str, str]]:
        """(theme id, evidence) for each theme the text mentions; evidence lists the words that matched."""
        text = text[:MAX_TAG_CHARS]  # bounded: one huge cell must not cost minutes
        low = text.lower()
        aligned = len(low) == len(text)  # lower() kept every offset (true but for a few rare letters)
        present = self._screen.present(low, exact=not aligned)
        if not present:
            return []
        found: dict[int, list[tuple[int, int]]] = {}  # theme (its index) -> spans of its keywords
        if aligned:
            for literal in present:
                keywords = self._by_literal.get(literal)
                if not keywords:
                    continue  # only a weak word's
                pos = low.find(literal)
                while pos >= 0:
                    for index, rx in keywords:
                        m = rx.match(text, pos)
                        if m:
                            found.setdefault(index, []).append(m.span())
                    pos = low.find(literal, pos + 1)
        else:
            for literal in present:
                for index, _rx in self._by_literal.get(literal, ()):
                    if index not in found:
                        found[index] = [m.span() for m in self._res[index][1].finditer(text)]
        out = []
        for index in sorted(found):
            hits: list[str] = []
            seen_hits: set[str] = set()
            end = -1
            for start, stop in sorted(found[index], key=lambda s: (s[0], -s[1])):
                if start < end:
                    continue  # inside a longer keyword already counted ('young carers', not also 'carers')
                end = stop
                word = text[start:stop].strip()
                if word.lower() not in seen_hits:
                    seen_hits.add(word.lower())
                    hits.append(word)
            if hits:
                out.append((self._keywords[index][0], ", ".join(hits[:5])))
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
        weak = tuple(str(k) for k in item.get("weak") or ())
        themes.append(Theme(str(item["id"]), str(item.get("label") or item["id"]),
                            str(item.get("description") or ""), keywords, weak))
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


# Names that carry a theme's word without being about it: governance bodies ('Learning Disability
# Partnership Board', 'Children and Families Committee') and the boards themselves ('NHS Education for
# Scotland'). Capitalised words, possibly joined by and/&/of/for, ending in Board or Committee.
_BODY_NAME = re.compile(r"\b(?:[A-Z][\w'’-]*\s+(?:(?:and|&|of|for|the)\s+)*)+(?:Board|Committee|Sub-?[Cc]ommittee)s?\b")


def mask_names(text: str) -> str:
    """text with the names of boards and governance bodies blanked out (same length)."""
    from .schema import _BOARD_FOLDED, fold

    text = _BODY_NAME.sub(lambda m: " " * len(m.group(0)), text)
    folded = fold(text)
    if len(folded) == len(text):
        for m in _BOARD_FOLDED.finditer(folded):
            text = text[:m.start()] + " " * (m.end() - m.start()) + text[m.end():]
    return text


def matrix_topic(p: dict, returns_by_id: dict) -> str:
    """The topic of the matrix a placement is in: its own (a matrix per topic) or its return's."""
    return p.get("topic") or (returns_by_id.get(p.get("return_id")) or {}).get("topic") or ""


_RUN_IN = re.compile(r"^([^:.\n]{3,60}):\s+(?=\S)")  # 'Mental health services: Carers review the plan.'


def _parts(activity: str) -> list[str]:
    """An activity's sentences and lines, a run-in heading ('Section 2 – Mental health:') on its own."""
    out = []
    for piece in re.split(r"(?<=[.!?])\s+|\s*\n+\s*", activity or ""):
        m = _RUN_IN.match(piece)
        out += [m.group(1), piece[m.end():]] if m else [piece]
    return [x.strip() for x in out if x.strip()]


def _once(activities: list[str]) -> list[str]:
    """Each activity without the sentences it shares with another activity of the same return (a line
    pasted into every cell, 'Funding is confirmed until March.', or the section heading each row starts
    with), which are kept once, on their own."""
    split = [_parts(a) for a in activities]
    seen = Counter(x for parts in split for x in set(parts))
    repeated = [x for x, n in seen.items() if n > 1]
    out = [" ".join(x for x in parts if seen[x] == 1) for parts in split]
    return [a for a in out if a] + repeated


def return_themes(topic: str, activities: list[str], working_well: list[str], taxonomy: Taxonomy,
                  min_activities: int = 2) -> set[str]:
    """The themes one return is about, as a reader weighs them, not every word that matched:

    - the theme of its topic ('Unpaid carers' makes the return a carers return);
    - a theme said with a strong word in at least min_activities of its activities that are not about
      the topic already, or in at least min_activities and half of all its activities: one ASIST
      training in a suicide prevention return is how that work is done, not a training strand, but
      a return that trains in two activities of three shares training too;
    - a theme of its own account of what is working well that at least one activity speaks of.
    Weak words (a contract, wellbeing, recovery) count only beside a strong word of the same theme in
    the return's topic or activities, and never make a theme on their own."""
    topic_themes = {t for t, strong in taxonomy.weigh(topic).items() if strong}
    weighed = [taxonomy.weigh(a) for a in _once(activities)]
    strong_anywhere = set(topic_themes)
    for w in weighed:
        strong_anywhere |= {t for t, strong in w.items() if strong}
    alone: Counter = Counter()  # strong, in an activity that is not about the topic
    every: Counter = Counter()  # strong, in any activity
    for w in weighed:
        on_topic = bool(topic_themes & set(w))
        for t, strong in w.items():
            if strong:
                every[t] += 1
                if not on_topic:
                    alone[t] += 1
    out = set(topic_themes)
    for t, n in every.items():
        if alone[t] >= min_activities or n >= min_activities and 2 * n >= len(weighed):
            out.add(t)
    for text in working_well:
        out |= {t for t, strong in taxonomy.weigh(text).items() if strong and (every[t] or t in topic_themes)}
    return out


def themes_by_return(returns: list[dict], placements: list[dict], free: list[dict], taxonomy: Taxonomy,
                     min_activities: int = 2) -> dict[tuple, tuple[str, set[str]]]:
    """(return id, matrix topic) -> (board, the themes that return is about: return_themes), per matrix
    topic when a return holds a matrix per topic."""
    by_id = {r["id"]: r for r in returns if "id" in r}
    acts: dict[tuple, list[str]] = {}
    for r in returns:
        acts.setdefault((r.get("id"), r.get("topic") or ""), [])
    board_of = {r.get("id"): r.get("board") or "" for r in returns}
    for p in placements:
        acts.setdefault((p.get("return_id"), matrix_topic(p, by_id)), []).append(p.get("text") or "")
        board_of.setdefault(p.get("return_id"), p.get("board") or "")
    well: dict = {}
    for f in free:
        if f.get("section") == "working_well":
            well.setdefault(f.get("return_id"), []).append(f.get("text") or "")
    out = {}
    for (rid, topic), texts in acts.items():
        themes = return_themes(topic, texts, well.get(rid, []), taxonomy, min_activities)
        out[(rid, topic)] = (board_of.get(rid) or "", {t for t in themes if t in taxonomy.by_id})
    return out


def substantive_themes(returns: list[dict], placements: list[dict], free: list[dict],
                       taxonomy: Taxonomy, min_activities: int = 2) -> dict[str, set[str]]:
    """board -> the themes its returns are about (themes_by_return), not one passing mention."""
    out: dict[str, set[str]] = {}
    for board, themes in themes_by_return(returns, placements, free, taxonomy, min_activities).values():
        if board:
            out.setdefault(board, set()).update(themes)
    return out
