"""Word output through docxtpl: templates/report.docx is a real Word file with Jinja tags
that an analyst can open and restyle in Word. Autoescaping is on, so '&', '<' or '{{' in
board text are shown as written and never evaluated."""
from __future__ import annotations

from typing import Any

from ..problems import MatrixSynthError


def render_docx(template: str, context: dict[str, Any], charts: dict[str, str], output: str) -> None:
    import jinja2
    from docx.shared import Mm
    from docxtpl import DocxTemplate, InlineImage

    try:
        tpl = DocxTemplate(template)
    except Exception as exc:
        raise MatrixSynthError(f"The Word template {template} cannot be opened ({exc}).") from None
    ctx = dict(context)
    ctx["national_chart"] = InlineImage(tpl, charts["national"], width=Mm(160))
    ctx["boards"] = [dict(b, chart=InlineImage(tpl, charts[f"board-{b['id']}"], width=Mm(100)))
                     for b in context["boards"]]
    if context.get("compare"):
        ctx["compare"] = dict(context["compare"], chart=InlineImage(tpl, charts["shift"], width=Mm(150)))
    from .overview import boards_phrase
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)  # a misspelt tag fails loudly
    env.filters["boards"] = boards_phrase
    try:
        tpl.render(ctx, jinja_env=env, autoescape=True)
    except jinja2.TemplateError as exc:
        near = getattr(exc, "docx_context", None)
        where = f" near: {' '.join(near)[:200]}" if near else ""
        raise MatrixSynthError(f"The Word template {template} has an error: {exc}{where}") from None
    tpl.save(output)
