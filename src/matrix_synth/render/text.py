"""HTML (one self-contained file, charts embedded) and Markdown (charts beside it) through Jinja."""
from __future__ import annotations

import base64
import os
import re
from typing import Any

from ..problems import MatrixSynthError


def _data_uri(path: str) -> str:
    with open(path, "rb") as fh:
        return "data:image/png;base64," + base64.b64encode(fh.read()).decode("ascii")


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def md_escape(value: Any) -> Any:
    """Escape a value for Markdown so that board text cannot open a table cell, a tag or a heading.
    Values marked safe (image paths) pass unchanged."""
    if isinstance(value, str) and not hasattr(value, "__html__"):
        return _MD_SPECIAL.sub(r"\\\1", " ".join(value.split()))
    return value


def render_text(template: str, report, charts: dict[str, str], output: str, fmt: str) -> None:
    import jinja2

    folder, name = os.path.split(os.path.abspath(template))
    from markupsafe import Markup

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(folder), autoescape=(fmt == "html"),
                             trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined,
                             finalize=md_escape if fmt == "md" else None)
    from .overview import boards_phrase
    env.filters["boards"] = boards_phrase
    env.filters["capitalize_first"] = lambda text: text[:1].upper() + text[1:]
    if fmt == "html":
        images = {k: _data_uri(v) for k, v in charts.items()}
    else:
        base = os.path.dirname(os.path.abspath(output))
        images = {k: Markup(os.path.relpath(v, base).replace(os.sep, "/").replace(" ", "%20"))
                  for k, v in charts.items()}
    try:
        text = env.get_template(name).render(**report.template_names(), images=images)
    except jinja2.TemplateError as exc:
        raise MatrixSynthError(f"The template {template} has an error: {exc}") from None
    with open(output, "w", encoding="utf-8") as fh:
        fh.write(text)
