"""Render the overview report (Word, HTML, Markdown) from the store, through templates an
analyst can edit: templates/report.docx (open it in Word), report.html.j2, report.md.j2."""
from __future__ import annotations

import os
import shutil
import tempfile

from ..problems import MatrixSynthError
from .model import Report, build_model, charts_folder, output_name

_DEFAULT = {"docx": "report.docx", "html": "report.html.j2", "md": "report.md.j2"}
__all__ = ["Report", "build_model", "build_profiles_files", "build_report"]
ALL_BOARDS = "all"  # report --board all: every board that returned, one profile each, into a folder
DETAILS = ("summary", "full")  # summary: the overview to send; full: every placement, as an evidence pack


def templates_dir() -> str:
    """The templates shipped with the package (templates/ in the repository)."""
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    for candidate in (os.path.join(here, "templates"),
                      os.path.join(os.path.dirname(os.path.dirname(here)), "templates")):
        if os.path.isdir(candidate):
            return candidate
    raise MatrixSynthError("The report templates are missing from this installation. Reinstall matrix-synth.")


def template_path(fmt: str, template: str | None, detail: str = "summary") -> str:
    if template:
        return template
    name = _DEFAULT[fmt]
    if detail == "profile":
        name = name.replace("report.", "profile.", 1)
    elif detail == "full":
        name = name.replace("report.", "report-full.", 1)
    return os.path.join(templates_dir(), name)


def build_report(store, fmt: str = "docx", output: str | None = None, round_: int | None = None,
                 compare_with: int | None = None, intro: str | None = None, template: str | None = None,
                 themes: str | None = None, include_personal: bool = False, detail: str = "summary",
                 hallmarks: str | None = None, top_themes: int | None = None) -> str:
    """Write the overview report; returns the path written."""
    from .charts import chart_files

    if fmt not in _DEFAULT:
        raise MatrixSynthError(f"Unknown report format '{fmt}' (docx, html or md).")
    if detail not in DETAILS:
        raise MatrixSynthError(f"Unknown report detail '{detail}' (summary or full).")
    report = build_model(store, round_, compare_with, intro, themes, include_personal, hallmarks, top_themes, detail)
    output = output_name(fmt, report.round, output)
    tmp = tempfile.mkdtemp(prefix="matrix-synth-charts-")
    from ..safeio import atomic_path
    try:
        charts = chart_files(report, tmp if fmt != "md" else charts_folder(output))
        with atomic_path(output) as partial:  # whole or not at all: no 0-byte report on a full disk
            if fmt == "docx":
                from .word import render_docx
                render_docx(template_path(fmt, template, detail), report, charts, partial)
            else:
                from .text import render_text
                render_text(template_path(fmt, template, detail), report, charts, partial, fmt)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return output


def build_profiles_files(store, board: str, fmt: str = "docx", output: str | None = None, round_: int | None = None,
                         template: str | None = None, themes: str | None = None, include_personal: bool = False,
                         hallmarks: str | None = None) -> list[str]:
    """Write a board's profile (board: a name as typed, 'Fife', 'NHS GG&C') to output (default
    profile-BOARD-ROUND.FMT), or with board 'all' every board's profile into the folder output
    (default profiles-ROUND). Returns the paths written."""
    from ..safeio import atomic_path
    from .profile import build_profiles, profile_file_name

    if fmt not in _DEFAULT:
        raise MatrixSynthError(f"Unknown report format '{fmt}' (docx, html or md).")
    every = board.strip().lower() == ALL_BOARDS
    profiles = build_profiles(store, round_, None if every else [board], themes, include_personal, hallmarks)
    folder = ""
    if every:
        folder = output or f"profiles-{profiles[0].round}"
        if os.path.exists(folder) and not os.path.isdir(folder):
            raise MatrixSynthError(f"{folder} is a file; with --board all, -o names the folder the profiles go in.")
        os.makedirs(folder, exist_ok=True)
    path_of = template_path(fmt, template, "profile")
    written = []
    for prof in profiles:
        path = os.path.join(folder, profile_file_name(prof.name, prof.round, fmt)) if every else \
            output or profile_file_name(prof.name, prof.round, fmt)
        with atomic_path(path) as partial:
            if fmt == "docx":
                from .word import render_docx_names
                render_docx_names(path_of, prof.template_names(), {n.number: n.text for n in prof.notes}, partial)
            else:
                from .text import render_text
                render_text(path_of, prof, {}, partial, fmt)
        written.append(path)
    return written
