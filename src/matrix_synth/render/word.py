"""Word output through docxtpl: templates/report.docx is a real Word file with Jinja tags
that an analyst can open and restyle in Word. Autoescaping is on, so '&', '<' or '{{' in
board text are shown as written and never evaluated; undefined names fail loudly
(StrictUndefined), so a misspelt tag is reported rather than printed as nothing.

Source notes become real Word footnotes: the template writes a run "[[note:N]]" where a note
belongs; after rendering, each such run becomes a footnote reference and the note's text (file
and cell) goes into word/footnotes.xml. python-docx and docxtpl have no footnote API, so the
part is written here."""
from __future__ import annotations

import copy
import dataclasses
import re
from typing import Any
from xml.sax.saxutils import escape

from ..problems import MatrixSynthError

_NOTE = re.compile(r"\[\[note:(\d+)\]\]")
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


def render_docx(template: str, report, charts: dict[str, str], output: str) -> None:
    from docx.shared import Mm
    from docxtpl import DocxTemplate, InlineImage

    try:
        tpl = DocxTemplate(template)
    except Exception as exc:
        raise MatrixSynthError(f"The Word template {template} cannot be opened ({exc}).") from None
    ctx = _xml_safe(report.template_names())  # a control character in one return's text costs that character alone
    ctx["national_chart"] = InlineImage(tpl, charts["national"], width=Mm(150))
    if report.evidence is not None:
        ctx["boards"] = [dataclasses.replace(b, chart=InlineImage(tpl, charts[f"board-{b.id}"], width=Mm(100)))
                         for b in ctx["boards"]]
        if ctx["compare"] is not None and "shift" in charts:
            ctx["compare"] = dataclasses.replace(ctx["compare"], chart=InlineImage(tpl, charts["shift"], width=Mm(150)))
    ov = ctx["overview"]
    ctx["year_chart"] = InlineImage(tpl, charts["shift"], width=Mm(140)) if "shift" in charts else ""
    _render(tpl, template, ctx, {n.number: n.text for n in ov.notes}, output)


def render_docx_names(template: str, names: dict[str, Any], notes: dict[int, str], output: str) -> None:
    """Any document with no charts (a board's profile): its template names, its notes as footnotes."""
    from docxtpl import DocxTemplate

    try:
        tpl = DocxTemplate(template)
    except Exception as exc:
        raise MatrixSynthError(f"The Word template {template} cannot be opened ({exc}).") from None
    _render(tpl, template, _xml_safe(names), notes, output)


def _render(tpl, template: str, ctx: dict[str, Any], notes: dict[int, str], output: str) -> None:
    import jinja2

    from .overview import boards_phrase

    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)  # a misspelt tag fails loudly
    env.filters["boards"] = boards_phrase
    env.filters["capitalize_first"] = lambda text: text[:1].upper() + text[1:]
    try:
        tpl.render(ctx, jinja_env=env, autoescape=True)
    except jinja2.TemplateError as exc:
        near = getattr(exc, "docx_context", None)
        where = f" near: {' '.join(near)[:200]}" if near else ""
        raise MatrixSynthError(f"The Word template {template} has an error: {exc}{where}") from None
    add_footnotes(tpl.docx, notes)
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
    if dataclasses.is_dataclass(value) and not isinstance(value, type):  # the overview's typed sections
        clone = copy.copy(value)
        for f in dataclasses.fields(value):
            object.__setattr__(clone, f.name, _xml_safe(getattr(value, f.name)))
        return clone
    return value


def add_footnotes(doc, notes: dict[int, str]) -> int:
    """Turn every run "[[note:N]]" into a footnote reference with notes[N] as its text; returns
    how many footnotes were written. Runs are searched in the body, tables included."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    used: list[int] = []
    body = doc.element.body
    for t in body.iter(qn("w:t")):
        m = _NOTE.fullmatch(t.text or "")
        if not m:
            if t.text and _NOTE.search(t.text):  # a note run merged with other text: drop the marker
                t.text = _NOTE.sub("", t.text)
            continue
        number = int(m.group(1))
        run = t.getparent()
        for child in list(run):
            if child.tag != qn("w:rPr"):
                run.remove(child)
        rpr = run.find(qn("w:rPr"))
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            run.insert(0, rpr)
        va = OxmlElement("w:vertAlign")
        va.set(qn("w:val"), "superscript")
        rpr.append(va)
        ref = OxmlElement("w:footnoteReference")
        ref.set(qn("w:id"), str(number))
        run.append(ref)
        used.append(number)
    if not used:
        return 0
    parts = [f'<w:footnotes xmlns:w="{_W}">',
             '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
             'w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>',
             '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" '
             'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>']
    for number in sorted(set(used)):
        text = escape(notes.get(number, ""))
        parts.append(f'<w:footnote w:id="{number}"><w:p><w:pPr><w:spacing w:after="0"/></w:pPr>'
                     '<w:r><w:rPr><w:vertAlign w:val="superscript"/><w:sz w:val="16"/></w:rPr><w:footnoteRef/></w:r>'
                     f'<w:r><w:rPr><w:sz w:val="16"/></w:rPr><w:t xml:space="preserve"> {text}</w:t></w:r></w:p>'
                     '</w:footnote>')
    parts.append("</w:footnotes>")
    blob = "".join(parts).encode("utf-8")
    main = doc.part
    existing = [rel for rel in main.rels.values() if rel.reltype == RT.FOOTNOTES]
    if existing:
        existing[0].target_part._blob = blob
    else:
        part = Part(PackURI("/word/footnotes.xml"), _FOOTNOTES_CT, blob, main.package)
        main.relate_to(part, RT.FOOTNOTES)
    return len(set(used))
