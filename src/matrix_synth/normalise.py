"""From what the detector found to the records the store keeps: the common cell schema."""
from __future__ import annotations

from typing import Any

from .detect import Detection, detect
from .document import Document
from .problems import ERROR, Problem, as_problem
from .schema import board_name
from .store import UNFLAGGED_REASONS

_SECTION_LIMIT = 5  # unplaced items listed one by one in a file's problems; the rest are counted


def normalise(doc: Document, source: str, rec: dict[str, Any], report, themes_path: str | None,
              corrections: list | None) -> None:
    """Fill rec (for Store.write_file) and report (for the user) from one read document."""
    from . import themes as themes_mod
    from .corrections import apply_corrections

    det = detect(doc, source)
    for item in doc.warnings:
        problem = as_problem(item)
        problem.file = source
        report.problems.append(problem)
    for item in det.warnings:
        problem = as_problem(item)
        problem.file, problem.message = source, f"{source}: {problem.message}"
        report.problems.append(problem)
    if not det.placements:
        kept = sum(1 for u in det.unplaced if u.reason not in UNFLAGGED_REASONS)
        report.problems.append(Problem("no-matrix-found", f"{source} has no engagement matrix that could be read; "
                                       f"it is stored with its text ({kept} piece{'s' if kept != 1 else ''} "
                                       "unplaced) for review, and left out of the counts", file=source))
    rec["return"] = _return_fields(det)
    rec["matrices"] = [{"idx": m.index, "layout": m.layout, "location": m.location, "label": m.label,
                        "partner": m.partner, "topic": m.topic, "locality": m.locality} for m in det.matrices]
    rec["placements"] = [{"matrix": p.matrix, "partner": p.partner, "topic": p.topic, "locality": p.locality,
                          "function": p.function, "level": p.level, "text": p.text, "marker": p.marker,
                          "location": p.loc.describe(), "cell_ref": p.loc.cell_ref(), "part": p.loc.part,
                          "table_no": p.loc.table, "row": p.loc.row, "col": p.loc.col,
                          "paragraph": p.loc.paragraph, "confidence": p.confidence} for p in det.placements]
    rec["free_text"] = [{"section": s.section, "text": s.text, "location": s.loc.describe(),
                         "cell_ref": s.loc.cell_ref()} for s in det.sections]
    rec["unplaced"] = [{"text": u.text, "reason": u.reason, "location": u.loc.describe(),
                        "cell_ref": u.loc.cell_ref()} for u in det.unplaced]
    if corrections:
        apply_corrections(rec, corrections, report, source)
    taxonomy = themes_mod.load(themes_path)
    rec["themes"] = _tags(rec, taxonomy)
    if rec["placements"]:  # a return with no matrix has one problem saying so; its text is in review
        _unplaced_problem(rec, report, source)
    ret = rec["return"]
    report.board = board_name(ret["board"]) if ret.get("board") else None
    report.layout = det.layout
    report.matrices = len(rec["matrices"])
    report.placements = len(rec["placements"])
    report.coverage = det.coverage
    report.confidence = det.confidence
    if report.placements and any(p.code == "no-matrix-found" for p in report.problems):
        report.problems = [p for p in report.problems if p.code != "no-matrix-found"]  # a correction placed text
    if not any(p.severity == ERROR for p in report.problems):
        rec["return"]["coverage"] = det.coverage
        rec["return"]["confidence"] = det.confidence


def _return_fields(det: Detection) -> dict[str, Any]:
    f = det.fields
    return {"board": det.board, "board_written": f.get("board", ""), "board_source": det.board_source,
            "partners": f.get("partner", ""), "topic": f.get("topic", ""), "locality": f.get("locality", ""),
            "completed_by": f.get("completed_by", ""), "role": f.get("role", ""), "date": f.get("date", ""),
            "title": f.get("title", ""), "signoff": f.get("signoff", ""), "contacts": f.get("contacts", ""),
            "layout": det.layout, "coverage": det.coverage, "confidence": det.confidence,
            "matrices": len(det.matrices)}


def _tags(rec: dict[str, Any], taxonomy) -> list[tuple[str, int, str, str]]:
    tags = []
    context = " ".join(filter(None, [rec["return"].get("topic", "")]))
    for i, p in enumerate(rec["placements"]):
        seen = set()
        for theme, evidence in taxonomy.tag(p["text"] + "\n" + (p.get("topic") or context)):
            seen.add(theme)
            tags.append(("placement", i, theme, evidence))
        for theme in p.pop("add_themes", []):
            if theme not in seen:
                tags.append(("placement", i, theme, "added by a correction"))
        removed = set(p.pop("remove_themes", []))
        if removed:
            tags = [t for t in tags if not (t[0] == "placement" and t[1] == i and t[2] in removed)]
    for i, s in enumerate(rec["free_text"]):
        for theme, evidence in taxonomy.tag(s["text"]):
            tags.append(("free_text", i, theme, evidence))
    return tags


def _unplaced_problem(rec: dict[str, Any], report, source: str) -> None:
    items = [u for u in rec["unplaced"] if u["reason"] not in UNFLAGGED_REASONS]
    for u in items[:_SECTION_LIMIT]:
        report.problems.append(Problem("unplaced-text", f"{source}: text not tied to a function and level "
                                                        f"({u['reason']}): '{_short(u['text'])}'",
                                       file=source, location=u["location"]))
    if len(items) > _SECTION_LIMIT:
        report.problems.append(Problem("unplaced-text", f"{source}: {len(items) - _SECTION_LIMIT} more pieces of "
                                                        "unplaced text", file=source))


def _short(text: str, n: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"
