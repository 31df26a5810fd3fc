"""The third stage: from what the detector found to the Return the store keeps.

    build_return(facts, doc, det)  the detector's findings and the reader's warnings, as a Return
    normalise(ret, …)              OCR confidence, the analyst's corrections, repeats merged, themes,
                                   unplaced-text problems, in that order, each once"""
from __future__ import annotations

import re

from .detect import Detection
from .document import Document
from .model import FileFacts, Placement, Return, ReturnFields
from .problems import Problem, as_problem
from .store import UNFLAGGED_REASONS

_SECTION_LIMIT = 5  # unplaced items listed one by one in a file's problems; the rest are counted


def build_return(facts: FileFacts, doc: Document, det: Detection) -> Return:
    """The Return of one read and detected document, with the reader's and the finders' problems."""
    source = facts.source_file
    ret = Return(file=facts, fields=_fields(det), matrices=det.matrices, placements=det.placements,
                 sections=det.sections, unplaced=det.unplaced, text_chars=(det.chars_total, det.chars_unplaced))
    for item in doc.warnings:
        problem = as_problem(item)
        problem.file = source
        ret.problems.append(problem)
    for item in det.warnings:
        problem = as_problem(item)
        problem.file, problem.message = source, f"{source}: {problem.message}"
        ret.problems.append(problem)
    return ret


def _fields(det: Detection) -> ReturnFields:
    f = det.fields
    return ReturnFields(board=det.board, board_written=f.get("board", ""), board_source=det.board_source,
                        partners=f.get("partner", ""), topic=f.get("topic", ""), locality=f.get("locality", ""),
                        completed_by=f.get("completed_by", ""), role=f.get("role", ""), date=f.get("date", ""),
                        title=f.get("title", ""), signoff=f.get("signoff", ""), contacts=f.get("contacts", ""),
                        layout=det.layout, coverage=det.coverage, confidence=det.confidence)


def normalise(ret: Return, corrections: list | None = None, themes_path: str | None = None) -> None:
    """OCR confidence, corrections, themes and the problems about unplaced text, once each."""
    from . import themes as themes_mod
    from .corrections import apply_corrections

    ret.cap_ocr_confidence()  # before corrections: what the analyst placed or moved is sure
    no_matrix = _no_matrix_problem(ret)
    if corrections:
        apply_corrections(ret, corrections)
        ret.update_coverage()  # placing text raises it: the review page shows the figure after the click
    merge_repeats(ret)
    tag_themes(ret, themes_mod.load(themes_path))
    if ret.placements:
        if no_matrix is not None:  # a correction placed text
            ret.problems.remove(no_matrix)
        _unplaced_problems(ret)


_MIN_REPEAT_WORDS = 4  # "Yes" or "Quarterly meeting" twice may well be two activities


def _activity_key(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def merge_repeats(ret: Return) -> None:
    """The same activity shown twice in one return (a locality sheet and an 'all localities' roll-up, a
    matrix repeated in an appendix) is one activity: counted once, where it was first found, with the
    other places kept on it (also_at). Same function, level and words, and not given for two different
    partners."""
    kept: dict[tuple[str, int, str], Placement] = {}
    out: list[Placement] = []
    for p in ret.placements:
        key = (p.function, p.level, _activity_key(p.text))
        first = kept.get(key)
        if len(key[2].split()) < _MIN_REPEAT_WORDS or (
                first is not None and first.partner and p.partner and first.partner != p.partner):
            out.append(p)
            continue
        if first is None:
            kept[key] = p
            out.append(p)
        else:
            first.also_at.append(p.loc.describe())
    ret.placements = out


def tag_themes(ret: Return, taxonomy) -> None:
    """Every placement (with its matrix's topic, else the return's) and free-text section is tagged;
    the analyst's added and removed themes are applied to the placement they name."""
    from .model import Tag

    context = ret.fields.topic if ret.fields else ""
    for p in ret.placements:
        p.themes = [Tag(theme, evidence) for theme, evidence in taxonomy.tag(p.text + "\n" + (p.topic or context))]
        seen = {t.theme for t in p.themes}
        p.themes += [Tag(theme, "added by a correction") for theme in p.themes_added if theme not in seen]
        p.themes = [t for t in p.themes if t.theme not in set(p.themes_removed)]
    for s in ret.sections:
        s.themes = [Tag(theme, evidence) for theme, evidence in taxonomy.tag(s.text)]


def _no_matrix_problem(ret: Return) -> Problem | None:
    """A return with no matrix has one problem saying so; its text is in review."""
    if ret.placements:
        return None
    source = ret.file.source_file
    kept = sum(1 for u in ret.unplaced if u.reason not in UNFLAGGED_REASONS)
    problem = Problem("no-matrix-found", f"{source} has no engagement matrix that could be read; it is stored with "
                      f"its text ({kept} piece{'s' if kept != 1 else ''} unplaced) for review, and left out of the "
                      "counts", file=source)
    ret.problems.append(problem)
    return problem


def _unplaced_problems(ret: Return) -> None:
    """The unplaced text of a return that has a matrix: a few pieces by name, the rest counted."""
    source = ret.file.source_file
    flagged = [u for u in ret.unplaced if u.reason not in UNFLAGGED_REASONS]
    for u in flagged[:_SECTION_LIMIT]:
        ret.problems.append(Problem("unplaced-text", f"{source}: text not tied to a function and level "
                                                     f"({u.reason}): '{_short(u.text)}'",
                                    file=source, location=u.loc.describe()))
    if len(flagged) > _SECTION_LIMIT:
        ret.problems.append(Problem("unplaced-text", f"{source}: {len(flagged) - _SECTION_LIMIT} more pieces of "
                                                     "unplaced text", file=source))


def _short(text: str, n: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"
