"""Which file is the return, when a round holds several versions of it.

A board sends "NHS Fife matrix DRAFT v1.docx" and later "NHS Fife matrix v2.docx"; an analyst's folder
gets "Copy of NHS Fife matrix.docx" beside the original. Both are kept and shown (review lists them), but
only one counts: the latest version, or the original of identical copies. Nothing here reads a file or
speaks SQL: it is given the stored returns (Store.version_rows) and says which are superseded, by which
and why (Store.set_superseded)."""
from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

# What people add to a file name to make a copy of it (Windows, Mac, a browser's download folder).
_COPY_RE = re.compile(r"^(?:copy of |copy \(\d+\) of )|(?:[ _-]+copy(?: \(?\d+\)?)?| \(\d+\)|[ _-]copy\d*)$", re.I)
# What people add to a file name to mark a version of it.
_DRAFT_RE = re.compile(r"\b(?:draft|dft|wip|working)\b", re.I)
_FINAL_RE = re.compile(r"\b(?:final|signed[ _-]?off|approved|submitted)\b", re.I)
_NUMBER_RE = re.compile(r"\b(?:v|ver|version|rev|revision|issue)[ _.-]?(\d{1,3}(?:[._]\d{1,3})?)\b", re.I)
_DATE_RE = re.compile(r"\b(\d{4})[-_.]?(\d{2})[-_.]?(\d{2})\b|\b(\d{1,2})[-_.](\d{1,2})[-_.](\d{2,4})\b")
_NOISE_RE = re.compile(r"\b(?:updated|amended|revised|latest|new|old|clean|tracked|changes)\b", re.I)


@dataclass(frozen=True)
class Version:
    """What a file's name says of which version it is."""
    stem: str  # the name with every version mark taken out: files with the same stem are versions
    copy: bool
    draft: bool
    final: bool
    number: tuple[int, ...]
    date: tuple[int, ...]

    @property
    def marked(self) -> bool:
        return self.copy or self.draft or self.final or bool(self.number) or bool(self.date)


def version_of(source_file: str) -> Version:
    folder, name = posixpath.split(source_file)
    stem = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", name)
    copy = bool(_COPY_RE.search(stem))
    stem = _COPY_RE.sub("", _COPY_RE.sub("", stem))
    number = tuple(int(n) for m in _NUMBER_RE.finditer(stem) for n in re.split(r"[._]", m.group(1)))[:3]
    date = _date(stem)
    draft, final = bool(_DRAFT_RE.search(stem)), bool(_FINAL_RE.search(stem))
    for pattern in (_NUMBER_RE, _DATE_RE, _DRAFT_RE, _FINAL_RE, _NOISE_RE):
        stem = pattern.sub(" ", stem)
    key = " ".join(re.sub(r"[\W_]+", " ", stem.lower()).split())
    return Version(posixpath.join(folder, key), copy, draft, final, number, date)


def _date(stem: str) -> tuple[int, ...]:
    m = _DATE_RE.search(stem)
    if not m:
        return ()
    if m.group(1):
        return int(m.group(1)), int(m.group(2)), int(m.group(3))
    year = int(m.group(6))
    return (year + 2000 if year < 100 else year), int(m.group(5)), int(m.group(4))


def _rank(v: Version, mtime_ns: int) -> tuple:
    """Larger is later: final before numbered before unmarked before draft, then the number, the date
    written in the name, the file's time; a copy always after its original."""
    return (not v.copy, v.final, not v.draft, v.number, v.date, mtime_ns or 0)


def resolve(rows: list[dict]) -> dict[int, tuple[str, str]]:
    """{return id: (the source file that counts instead, why)} for every stored return that is an
    identical copy of another, or an earlier version of another return of the same board in the
    same round and folder. rows: Store.version_rows()."""
    out: dict[int, tuple[str, str]] = {}
    by_content: dict[tuple, list[dict]] = {}
    for r in rows:
        by_content.setdefault((r["round"], r["sha256"]), []).append(r)
    for group in by_content.values():
        if len({r["source_file"] for r in group}) > 1:
            best = max(group, key=lambda r: (_rank(version_of(r["source_file"]), 0), -len(r["source_file"])))
            for r in group:
                if r is not best and r["source_file"] != best["source_file"]:
                    out[r["id"]] = (best["source_file"], "copy")
    by_stem: dict[tuple, list[tuple[dict, Version]]] = {}
    for r in rows:
        if r["id"] in out or not r["board"]:
            continue
        v = version_of(r["source_file"])
        by_stem.setdefault((r["round"], r["board"], v.stem), []).append((r, v))
    for group in by_stem.values():
        files = {r["source_file"] for r, _ in group}
        if len(files) < 2 or not any(v.marked for _, v in group):
            continue  # one file (a container's several returns), or files that do not say they are versions
        best_r, _ = max(group, key=lambda rv: _rank(rv[1], rv[0]["mtime_ns"]))
        for r, _ in group:
            if r["source_file"] != best_r["source_file"]:
                out[r["id"]] = (best_r["source_file"], "earlier version")
    return out


def is_copy_name(source_file: str) -> bool:
    return version_of(source_file).copy
