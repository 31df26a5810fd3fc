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
    ctx = _xml_safe(dict(context))  # a control character in one return's text costs that character alone
    ctx["national_chart"] = InlineImage(tpl, charts["national"], width=Mm(160))
    ctx["boards"] = [dict(b, chart=InlineImage(tpl, charts[f"board-{b['id']}"], width=Mm(100)))
                     for b in ctx["boards"]]
    if context.get("compare"):
        ctx["compare"] = dict(ctx["compare"], chart=InlineImage(tpl, charts["shift"], width=Mm(150)))
    try:
        tpl.render(ctx, jinja_env=jinja2.Environment(autoescape=True), autoescape=True)
    except jinja2.TemplateError as exc:
        near = getattr(exc, "docx_context", None)
        where = f" near: {' '.join(near)[:200]}" if near else ""
        raise MatrixSynthError(f"The Word template {template} has an error: {exc}{where}") from None
    tpl.save(output)


def _xml_safe(value: Any) -> Any:
    """The context with the characters XML cannot hold dropped from each text (never the whole text)."""
    from ..safetext import xml_safe
    if isinstance(value, str):
        return xml_safe(value)
    if isinstance(value, dict):
        return {k: _xml_safe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_xml_safe(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_xml_safe(v) for v in value)
    return value
