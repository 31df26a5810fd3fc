"""Build templates/report.docx, report-full.docx and profile.docx: the Word templates of the overview
report, its evidence pack and a board's profile.

The output is an ordinary Word document with docxtpl (Jinja) tags in it. An analyst can open it
in Word, restyle it, reword the fixed text, move sections or delete them; the tags ({{ ... }},
{%p ... %} for paragraphs, {%tr ... %} for table rows) mark where the data goes. This script only
makes the first version; after that the .docx itself is the source.

    python scripts/make_template.py [templates/report.docx]
"""
from __future__ import annotations

import os
import sys

from docx import Document
from docx.enum.section import WD_ORIENT  # noqa: F401  (kept for analysts extending the script)
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor, Mm

LEVEL_HEADS = ["1\u00a0Inform", "2\u00a0Consult", "3\u00a0Involve", "4\u00a0Collaborate", "5\u00a0Empower"]
BLUE = RGBColor(0x1F, 0x5A, 0x96)


def shade(cell, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tc_pr.append(shd)


def mark_size(paragraph, size: float) -> None:
    """The paragraph mark at the text's size: a cell left empty is then no taller than its row."""
    ppr = paragraph._p.get_or_add_pPr()
    rpr = OxmlElement("w:rPr")
    for tag_ in ("w:sz", "w:szCs"):
        el = OxmlElement(tag_)
        el.set(qn("w:val"), str(int(size * 2)))
        rpr.append(el)
    ppr.append(rpr)


def repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def loop_table(doc, heads: list[str], cells: list[str], loop: str, widths: list[float] | None = None,
               font: float = 9, gap: bool = True):
    """A table with a header row, then one row repeated per item of `loop` ({%tr for ... %})."""
    table = doc.add_table(rows=4, cols=len(heads))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for i, head in enumerate(heads):
        cell = table.rows[0].cells[i]
        cell.text = ""
        run = cell.paragraphs[0].add_run(head)
        run.bold = True
        run.font.size = Pt(font)
        shade(cell, "DCE6F2")
        cell.paragraphs[0].paragraph_format.keep_with_next = True
    repeat_header(table.rows[0])
    table.rows[1].cells[0].text = "{%tr for " + loop + " %}"
    for i, expr in enumerate(cells):
        cell = table.rows[2].cells[i]
        cell.text = ""
        run = cell.paragraphs[0].add_run(expr)
        run.font.size = Pt(font)
        mark_size(cell.paragraphs[0], font)
    table.rows[3].cells[0].text = "{%tr endfor %}"
    if widths:
        table.autofit = False  # a fixed layout: Word and LibreOffice keep the widths given here
        grid = table._tbl.tblGrid
        for col, w in zip(grid.findall(qn("w:gridCol")), widths):
            col.set(qn("w:w"), str(int(Mm(w).twips)))
        for row in table.rows:
            for i, w in enumerate(widths):
                row.cells[i].width = Mm(w)
    if gap:
        doc.add_paragraph()
    return table


def journey_table(doc):
    """The journey since the first round: a row per round, the typical level of each function."""
    loop_table(doc, ["Round", "Boards", "Matrices", "Levels 4–5", "Policy", "Planning", "Delivery", "Capacity",
                     "Learning"],
               ["{{ r.round }}", "{{ r.boards }}", "{{ r.matrices }}", "{{ r.share_high }}"] +
               ["{{ r.typical[%d] }}" % i for i in range(5)],
               "r in o.journey.rows", [14, 15, 19, 21, 16, 19, 18, 19, 19], font=8)


def board_grid(doc):
    """A board's activity by function and level as a small Word table, each cell shaded by its count
    ({% cellbg %}): the analyst can edit it like any table (no picture to redraw)."""
    loop_table(doc, ["Function"] + LEVEL_HEADS,
               ["{{ r.function }}"] + ["{%% cellbg r.shades[%d] %%}{{ r.counts[%d] }}" % (i, i) for i in range(5)],
               "r in b.lines", [42, 19, 21, 20, 26, 22], font=7.5, gap=False)


def para(doc, text: str, style: str | None = None, italic: bool = False, size: float | None = None):
    p = doc.add_paragraph(style=style)
    run = p.add_run(text)
    run.italic = italic
    if size:
        run.font.size = Pt(size)
    return p


def tag(doc, text: str):
    """A paragraph that holds only a {%p ... %} tag; docxtpl removes it when rendering."""
    return doc.add_paragraph(text)


def paragraphs(doc, expr: str, style: str | None = None):
    tag(doc, "{%p for para in " + expr + " %}")
    para(doc, "{{ para }}", style)
    tag(doc, "{%p endfor %}")


def quotes_section(doc, key: str, empty: str):
    tag(doc, "{%p if " + key + " %}")
    tag(doc, "{%p for group in " + key + " %}")
    para(doc, "{{ group.theme }}", "Heading 3")
    tag(doc, "{%p for q in group.quotes %}")
    p = doc.add_paragraph(style="List Bullet")
    p.add_run("“{{ q.text }}”")
    r = p.add_run(" — {{ q.by }} ({{ q.source }})")
    r.italic = True
    r.font.color.rgb = RGBColor(0x59, 0x59, 0x59)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if group.more %}")
    para(doc, "… and {{ group.more }} more on this theme (all of them are in the export’s free text sheet).",
         italic=True, size=9)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p else %}")
    para(doc, empty, italic=True)
    tag(doc, "{%p endif %}")


def new_document():
    doc = Document()
    styles = doc.styles
    styles["Normal"].font.name = "Calibri"
    styles["Normal"].font.size = Pt(11)
    for name in ("Heading 1", "Heading 2", "Heading 3", "Title"):
        styles[name].font.color.rgb = BLUE
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(22)
    section.top_margin = section.bottom_margin = Mm(20)
    footer = section.footer.paragraphs[0]
    footer.text = "{{ title }} — {{ round }}"
    footer.runs[0].font.size = Pt(8)
    return doc


def build(path: str) -> None:
    """The full version (--detail full): every placement, an evidence pack for analysts."""
    doc = new_document()
    para(doc, "{{ title }}", "Title")
    para(doc, "{{ subtitle }}", "Subtitle")
    para(doc, "Prepared on {{ generated }} from {{ response.files }} returned files.",
         italic=True, size=9)

    doc.add_heading("1. Purpose", 1)
    paragraphs(doc, "intro.purpose")
    doc.add_heading("2. Background", 1)
    paragraphs(doc, "intro.background")
    tag(doc, "{%p if intro.summary %}")
    doc.add_heading("Summary", 2)
    paragraphs(doc, "intro.summary")
    tag(doc, "{%p endif %}")

    doc.add_heading("3. The response", 1)
    doc.add_heading("3.1 Which boards returned", 2)
    para(doc, "{{ response.returned }} of the {{ response.of }} NHS boards returned {{ response.matrices }} "
              "matrices in {{ response.files }} files. Boards with no return this round: {{ response.missing }}.")
    tag(doc, "{%p if response.unknown_files %}")
    para(doc, "{{ response.unknown_files }} file(s) could not be matched to a board; they are listed under "
              "“Board not identified” and in the data quality section.", italic=True)
    tag(doc, "{%p endif %}")
    loop_table(doc, ["Board", "Returned", "Files", "Matrices", "Activities", "How the ask was read"],
               ["{{ r.name }}", "{{ r.returned }}", "{{ r.files }}", "{{ r.matrices }}", "{{ r.placements }}",
                "{{ r.interpretation }}"], "r in response.rows", [50, 20, 14, 20, 24, 40], font=8)
    doc.add_heading("3.2 How boards interpreted the ask", 2)
    tag(doc, "{%p for i in response.interpretations %}")
    p = doc.add_paragraph(style="List Bullet")
    r = p.add_run("{{ i.label|capitalize }} ({{ i.count }}): ")
    r.bold = True
    p.add_run("{{ i.boards }}")
    tag(doc, "{%p endfor %}")

    doc.add_heading("4. Engagement by function and level", 1)
    para(doc, "Every piece of activity a return placed in the matrix counts once at each level it was placed "
              "(a range such as “2-3” counts at both). {{ national.placements }} activities mapped in all; "
              "{{ national.share_high }} at levels 4-5 (collaborate or empower).")
    para(doc, "{{ national_chart }}")
    loop_table(doc, ["Function"] + LEVEL_HEADS + ["Total"],
               ["{{ r.function }}"] + ["{{ r.cells[%d] }}" % i for i in range(5)] + ["{{ r.total }}"],
               "r in national.rows", [44, 18, 19, 19, 26, 21, 17], font=8)
    doc.add_heading("Profile: highest and typical level per function", 3)
    loop_table(doc, ["Function", "Highest level", "Typical level", "Activities"],
               ["{{ r.function }}", "{{ r.highest or '–' }}", "{{ r.typical or '–' }}", "{{ r.placements }}"],
               "r in national.profile", [70, 30, 30, 30])

    doc.add_heading("5. What’s working well", 1)
    para(doc, "Themes of the activity boards mapped, the boards under each, and an example in each board’s own "
              "words with the file it came from.")
    tag(doc, "{%p for t in working_well %}")
    para(doc, "{{ t.label }} ({{ t.boards }} boards)", "Heading 2")
    tag(doc, "{%p if t.description %}")
    para(doc, "{{ t.description }}", italic=True)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p for e in t.examples %}")
    p = doc.add_paragraph(style="List Bullet")
    r = p.add_run("{{ e.board }}: ")
    r.bold = True
    p.add_run("“{{ e.text }}” ")
    r = p.add_run("({{ e.function }}, {{ e.level }}; {{ e.source }}, {{ e.location }})")
    r.italic = True
    r.font.size = Pt(9)
    r.font.color.rgb = RGBColor(0x59, 0x59, 0x59)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endfor %}")

    doc.add_heading("6. Hallmarks of good partnership", 1)
    para(doc, "What returns said is working well in the partnership itself, grouped by theme.")
    quotes_section(doc, "hallmarks", "No return described what is working well this round.")
    doc.add_heading("7. Improvements and concerns", 1)
    quotes_section(doc, "improvements", "No return raised improvements or concerns this round.")
    doc.add_heading("8. Next steps", 1)
    quotes_section(doc, "next_steps", "No return set out next steps this round.")

    doc.add_heading("9. Comments on the Engagement Matrix", 1)
    tag(doc, "{%p for q in matrix_comments %}")
    p = doc.add_paragraph(style="List Bullet")
    p.add_run("“{{ q.text }}”")
    r = p.add_run(" — {{ q.by }} ({{ q.source }})")
    r.italic = True
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if matrix_comments_more %}")
    para(doc, "… and {{ matrix_comments_more }} more (in the export’s free text sheet).", italic=True, size=9)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if not matrix_comments %}")
    para(doc, "No comments on the matrix were made this round.", italic=True)
    tag(doc, "{%p endif %}")

    tag(doc, "{%p if compare %}")
    doc.add_heading("10. Year on year: {{ compare.from_round }} to {{ compare.to_round }}", 1)
    para(doc, "For each board and function, the highest level reached in each round. Moved up: "
              "{{ compare.up }}; moved down: {{ compare.down }}. Boards only in {{ compare.from_round }}: "
              "{{ compare.only_from }}. Boards only in {{ compare.to_round }}: {{ compare.only_to }}.")
    para(doc, "{{ compare.chart }}")
    loop_table(doc, ["Level", "{{ compare.from_round }}", "{{ compare.to_round }}"],
               ["{{ s.level }}", "{{ s.before }}", "{{ s.after }}"], "s in compare.shift_rows", [60, 30, 30])
    loop_table(doc, ["Board", "Function", "{{ compare.from_round }}", "{{ compare.to_round }}", "Change"],
               ["{{ r.board }}", "{{ r.function }}", "{{ r.from_level }}", "{{ r.to_level }}", "{{ r.change }}"],
               "r in compare.rows", [55, 55, 20, 20, 20], font=8)
    tag(doc, "{%p endif %}")

    doc.add_heading("Emerging subjects", 1)
    para(doc, "Recurring phrases that no theme in the taxonomy covers. If one matters, add it to a copy of the "
              "themes file and run the report with --themes.")
    tag(doc, "{%p if emerging %}")
    loop_table(doc, ["Phrase", "Returns", "From"], ["{{ e.phrase }}", "{{ e.returns }}", "{{ e.sources }}"],
               "e in emerging", [50, 18, 100], font=8)
    tag(doc, "{%p else %}")
    para(doc, "None this round.", italic=True)
    tag(doc, "{%p endif %}")

    doc.add_heading("Data quality", 1)
    para(doc, "Files that could not be read: {{ quality.failed|length }}. Pieces of text the tool could not place "
              "in the matrix: {{ quality.unplaced }} (see 'matrix-synth review'). Analyst corrections applied: "
              "{{ quality.corrections }}. Warnings: {{ quality.warnings }}.")
    tag(doc, "{%p for f in quality.failed %}")
    para(doc, "{{ f.file }}: {{ f.reason }}", "List Bullet")
    tag(doc, "{%p endfor %}")

    doc.add_page_break()
    doc.add_heading("Annex: each board’s return", 1)
    tag(doc, "{%p for b in boards %}")
    para(doc, "{{ b.name }}", "Heading 2")
    p = doc.add_paragraph()
    p.add_run("Files: ").bold = True
    p.add_run("{{ b.sources }}")
    p = doc.add_paragraph()
    p.add_run("Topic: ").bold = True
    p.add_run("{{ b.topics }}. ")
    p.add_run("Partners: ").bold = True
    p.add_run("{{ b.partners }}. ")
    p.add_run("Activities mapped: ").bold = True
    p.add_run("{{ b.placements }} ({{ b.share_high }} at levels 4-5).")
    para(doc, "{{ b.chart }}")
    tag(doc, "{%p for e in b.examples %}")
    p = doc.add_paragraph(style="List Bullet")
    r = p.add_run("{{ e.function }}, level {{ e.level }}: ")
    r.bold = True
    p.add_run("{{ e.text }} ")
    r = p.add_run("({{ e.source }}, {{ e.location }})")
    r.italic = True
    r.font.size = Pt(8)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p for f in b.free_text %}")
    p = doc.add_paragraph()
    r = p.add_run("{{ f.section }}: ")
    r.bold = True
    p.add_run("{{ f.text }}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endfor %}")

    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    doc.save(path)


def note(p):
    """The source note of an example or quote: rendered as a real Word footnote (render/word.py
    turns the run [[note:N]] into a footnote reference; the note's text is its file and cell)."""
    p.add_run("[[note:{{ q.note }}]]")


def quote(doc, style="Quote"):
    p = doc.add_paragraph(style=style)
    p.add_run("“{{ q.text }}”")
    r = p.add_run(" — {{ q.by }}")
    r.italic = True
    note(p)
    return p


def build_summary(path: str) -> None:
    """The overview to send (the default): the 2013 overview's sections, sentences written here."""
    doc = new_document()
    para(doc, "{{ title }}", "Title")
    para(doc, "{{ subtitle }}", "Subtitle")
    tag(doc, "{%p set o = overview %}")

    doc.add_heading("1. {{ intro.heading }}", 1)
    paragraphs(doc, "intro.request")
    paragraphs(doc, "intro.purpose")
    paragraphs(doc, "intro.background")

    doc.add_heading("2. Summary of key findings", 1)
    paragraphs(doc, "intro.summary")
    tag(doc, "{%p for f in o.findings %}")
    para(doc, "{{ f }}", "List Bullet")
    tag(doc, "{%p endfor %}")

    doc.add_heading("3. The response", 1)
    para(doc, "{{ response.returned|boards(response.of)|capitalize }} returned {{ response.matrices }} matrices "
              "in {{ response.files }} files.{% if response.missing != 'none' %} No return came from "
              "{{ response.missing }}.{% endif %} Boards read the ask in different ways:")
    tag(doc, "{%p for i in response.interpretations %}")
    p = doc.add_paragraph(style="List Bullet")
    r = p.add_run("{{ i.label|capitalize }} ({{ i.count|boards }}): ")
    r.bold = True
    p.add_run("{{ i.boards }}")
    tag(doc, "{%p endfor %}")

    doc.add_heading("4. The national picture", 1)
    para(doc, "{{ national_chart }}")
    loop_table(doc, ["Function"] + LEVEL_HEADS + ["Total"],
               ["{{ r.function }}"] + ["{{ r.cells[%d] }}" % i for i in range(5)] + ["{{ r.total }}"],
               "r in national.rows", [38, 19, 20, 19, 27, 22, 12], font=8)
    tag(doc, "{%p set n = o.national %}")
    tag(doc, "{%p if n.strongest %}")
    para(doc, "Engagement is strongest in {{ n.strongest.function }}: {{ n.strongest.boards_high|boards(n.boards) }} "
              "report collaboration or empowerment there.", "List Bullet")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if n.weakest %}")
    para(doc, "{{ n.weakest.function }} is mostly at {{ n.weakest.common_levels }}; its typical level is "
              "{{ n.weakest.typical }} ({{ n.weakest.typical_name }}).", "List Bullet")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if n.least_mapped %}")
    para(doc, "Fewest boards mapped activity in {{ n.least_mapped.function }} "
              "({{ n.least_mapped.boards_any|boards(n.boards) }}).", "List Bullet")
    tag(doc, "{%p endif %}")
    para(doc, "Across all five functions, {{ n.share_high }} of the activity mapped is at collaborate or empower "
              "(levels 4 and 5).", "List Bullet")
    para(doc, "The typical level of a function is its middle level: half of the activity mapped there is at that "
              "level or above.", italic=True, size=9)

    doc.add_heading("5. What’s working well", 1)
    tag(doc, "{%p if o.common_themes %}")
    para(doc, "{{ o.common_themes.labels|capitalize_first }} {% if o.common_themes.count == 1 %}is{% else %}are"
              "{% endif %} among what is working well for every board{% if o.common_themes.missing %} but "
              "{{ o.common_themes.missing }}{% endif %}. The themes below are those on which boards differ.")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p for t in o.themes %}")
    para(doc, "{{ t.label }}", "Heading 2")
    para(doc, "{{ t.boards_text|capitalize }} identified {{ t.in_sentence }} as working well: "
              "{{ t.board_names|join(', ') }}. {{ t.description }}")
    tag(doc, "{%p for q in t.examples %}")
    p = doc.add_paragraph()
    r = p.add_run("{{ q.board }}")
    r.bold = True
    p.add_run(" {{ q.text }}")
    note(p)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if o.other_themes %}")
    para(doc, "Other themes: {% for t in o.other_themes %}{{ t.label }} ({{ t.board_names }})"
              "{% if not loop.last %}; {% else %}.{% endif %}{% endfor %}")
    tag(doc, "{%p endif %}")

    doc.add_heading("6. Hallmarks of good partnership", 1)
    tag(doc, "{%p for h in o.hallmarks.points %}")
    para(doc, "{{ h.label }} ({{ h.boards_text }})", "Heading 2")
    para(doc, "{{ h.description }}")
    tag(doc, "{%p for q in h.quotes %}")
    quote(doc)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p else %}")
    para(doc, "No return described what makes its partnership work this round.", italic=True)
    tag(doc, "{%p endfor %}")

    doc.add_heading("7. Improvements and concerns", 1)
    tag(doc, "{%p for c in o.concerns.points %}")
    p = doc.add_paragraph(style="List Bullet")
    r = p.add_run("{{ c.label }} ({{ c.boards_text }}): ")
    r.bold = True
    p.add_run("{{ c.description }}")
    p.add_run("{% for q in c.quotes %} “{{ q.text }}” — {{ q.by }}")
    note(p)
    p.add_run("{% endfor %}")
    tag(doc, "{%p else %}")
    para(doc, "No return raised improvements or concerns this round.", italic=True)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if o.concerns.other_count %}")
    para(doc, "Other points, each made once, came from {{ o.concerns.other_names }}.")
    tag(doc, "{%p endif %}")

    doc.add_heading("8. Comments on the Engagement Matrix itself", 1)
    tag(doc, "{%p if o.matrix.valued %}")
    para(doc, "What people valued ({{ o.matrix.valued_boards|boards }}):")
    tag(doc, "{%p for q in o.matrix.valued %}")
    quote(doc)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if o.matrix.change %}")
    para(doc, "What people asked to change ({{ o.matrix.change_boards|boards }}):")
    tag(doc, "{%p for q in o.matrix.change %}")
    quote(doc)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")

    tag(doc, "{%p if o.year %}")
    tag(doc, "{%p set y = o.year %}")
    doc.add_heading("9. Year on year: {{ y.from_round }} to {{ y.to_round }}", 1)
    para(doc, "To compare like with like, this section looks only at the {{ y.both|boards }} that returned in both "
              "{{ y.from_round }} and {{ y.to_round }}: {{ y.both_names }}. Returned in {{ y.from_round }} only: "
              "{{ y.only_from }}. Returned in {{ y.to_round }} only: {{ y.only_to }}.")
    para(doc, "For these boards, the share of activity at collaborate or empower went from {{ y.share_high_from }} "
              "to {{ y.share_high_to }}. Compared with themselves on the same topic, {{ y.up_boards|boards }} reached "
              "a higher level in at least one function, and {% if y.down_boards %}{{ y.down_boards|boards }}"
              "{% else %}none{% endif %} a lower one.{% if y.scope_boards %} {{ y.scope_names }} mapped other "
              "topics, or many more or fewer matrices, than the year before; their levels are shown in Annex B "
              "but not read as a rise or a fall.{% endif %}")
    para(doc, "{{ year_chart }}")
    tag(doc, "{%p for m in y.movers %}")
    p = doc.add_paragraph(style="List Bullet")
    p.add_run("{{ m.function }}: ").bold = True
    p.add_run("up: {{ m.up }}; down: {{ m.down }}.")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")

    tag(doc, "{%p if o.journey %}")
    doc.add_heading("{% if o.year %}10{% else %}9{% endif %}. The journey since {{ o.journey.first }}", 1)
    para(doc, "{{ o.journey.lead }}")
    journey_table(doc)
    para(doc, "{{ o.journey.note }}", italic=True, size=9)
    tag(doc, "{%p endif %}")

    doc.add_heading("{{ closing_number }}. In summary", 1)
    paragraphs(doc, "intro.closing")

    doc.add_page_break()
    doc.add_heading("Annex A. Each board’s return", 1)
    tag(doc, "{%p for b in o.annex %}")
    para(doc, "{{ b.name }}", "Heading 3")
    p = doc.add_paragraph()
    p.add_run("Topic: ").bold = True
    p.add_run("{{ b.topic }}. ")
    p.add_run("Partners: ").bold = True
    p.add_run("{{ b.partners }}. ")
    p.add_run("How the ask was read: ").bold = True
    p.add_run("{{ b.reading }}. {{ b.matrices }} {{ 'matrix' if b.matrices == 1 else 'matrices' }}, "
              "{{ b.placements }} {{ 'activity' if b.placements == 1 else 'activities' }} mapped{% if b.highest %}, the highest at level {{ b.highest }}"
              "{% endif %}.")
    board_grid(doc)
    tag(doc, "{%p endfor %}")

    tag(doc, "{%p if o.year and o.year.changes %}")
    doc.add_heading("Annex B. Changes between {{ o.year.from_round }} and {{ o.year.to_round }}", 1)
    loop_table(doc, ["Board", "Function", "{{ o.year.from_round }}", "{{ o.year.to_round }}", "Compared on"],
               ["{{ r.board }}", "{{ r.function }}", "{{ r.from_level }}", "{{ r.to_level }}", "{{ r.basis }}"],
               "r in o.year.changes", [40, 42, 24, 24, 46], font=8)
    tag(doc, "{%p endif %}")

    doc.add_heading("About the data", 1)
    para(doc, "{{ o.about.files_read }} {{ 'file was' if o.about.files_read == 1 else 'files were' }} read"
              "{% if o.about.files %}: {{ o.about.files }}{% else %}; the workbook of the data lists each with "
              "what was read from it{% endif %}.", size=9)
    tag(doc, "{%p if o.about.unknown_board %}")
    para(doc, "Returns whose board could not be identified, left out of every count by board until their board "
              "is set: {{ o.about.unknown_board }}.", size=9)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if o.about.failed %}")
    para(doc, "Files that could not be read:")
    tag(doc, "{%p for f in o.about.failed %}")
    para(doc, "{{ f.file }}: {{ f.reason }}", "List Bullet")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    para(doc, "{% if o.about.corrections %}{{ o.about.corrections }} {{ 'reading was' if o.about.corrections == 1 "
              "else 'readings were' }} corrected by hand after checking against the returns. {% endif %}Each "
              "example and quote has a footnote giving the file and the place in it where it was written.")

    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    doc.save(path)


def build_profile(path: str) -> None:
    """A board's profile (report --board): the letter an analyst sends back to a board."""
    doc = new_document()
    doc.styles["Title"].font.size = Pt(20)
    doc.sections[0].footer.paragraphs[0].text = "{{ title }}"
    doc.sections[0].footer.paragraphs[0].runs[0].font.size = Pt(8)
    para(doc, "{{ title }}", "Title")
    para(doc, "{{ subtitle }}", "Subtitle")

    doc.add_heading("What {{ name }} returned", 1)
    para(doc, "{{ returned }}")
    for label, expr in (("Topics: ", "{{ topics }}"), ("Partners: ", "{{ partners }}"),
                        ("How the ask was read: ", "{{ reading|capitalize_first }}")):
        p = doc.add_paragraph(style="List Bullet")
        p.add_run(label).bold = True
        p.add_run(expr)

    doc.add_heading("Levels against the national picture", 1)
    para(doc, "{{ levels_lead }}")
    loop_table(doc, ["Function", "Activities", "Highest level", "Typical level", "Typical level, all boards"],
               ["{{ r.function }}", "{{ r.activities }}", "{{ r.highest }}", "{{ r.typical }}", "{{ r.national }}"],
               "r in levels", [52, 20, 30, 30, 34], font=8, gap=False)
    para(doc, "The typical level of a function is its middle level: half of the activity mapped there is at that "
              "level or above.", italic=True, size=9)

    doc.add_heading("Since the last return", 1)
    para(doc, "{{ movement_lead }}")
    tag(doc, "{%p if movement %}")
    loop_table(doc, ["Function", "Before", "Now", "Change", "Compared on"],
               ["{{ s.function }}", "{{ s.from_level }}", "{{ s.to_level }}", "{{ s.change }}", "{{ s.compared_on }}"],
               "s in movement", [44, 25, 25, 16, 56], font=8, gap=False)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if rounds %}")
    para(doc, "Every round {{ name }} has returned, with the typical level of each function:")
    loop_table(doc, ["Round", "Matrices", "Activities", "Levels 4–5", "Policy", "Planning", "Delivery", "Capacity",
                     "Learning"],
               ["{{ r.round }}", "{{ r.matrices }}", "{{ r.activities }}", "{{ r.share_high }}"] +
               ["{{ r.typical[%d] }}" % i for i in range(5)],
               "r in rounds", [14, 19, 20, 21, 16, 19, 18, 19, 19], font=8)
    tag(doc, "{%p endif %}")

    doc.add_heading("What is working well", 1)
    para(doc, "{{ themes_lead }}")
    tag(doc, "{%p for t in themes %}")
    p = doc.add_paragraph(style="List Bullet")
    p.add_run("{{ t.label }}").bold = True
    p.add_run(" ({{ t.shared }}){% if t.example %}: {{ t.example.text }}{% endif %}")
    p.add_run("{% if t.example %}[[note:{{ t.example.note }}]]{% endif %}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if other_themes %}")
    para(doc, "{{ other_themes }}")
    tag(doc, "{%p endif %}")

    for heading, key, empty in (("Hallmarks of good partnership", "hallmarks",
                                 "{{ name }}’s return did not describe what makes its partnership work."),
                                ("Improvements and concerns", "concerns",
                                 "{{ name }}’s return raised no improvements or concerns.")):
        doc.add_heading(heading, 1)
        tag(doc, "{%p for h in " + key + " %}")
        p = doc.add_paragraph(style="List Bullet")
        p.add_run("{{ h.label }}. ").bold = True
        p.add_run("{{ h.description }}")
        p.add_run("{% for q in h.quotes %} “{{ q.text }}” — {{ q.by }}")
        note(p)
        p.add_run("{% endfor %}")
        tag(doc, "{%p else %}")
        para(doc, empty, italic=True)
        tag(doc, "{%p endfor %}")

    doc.add_heading("Next", 1)
    p = para(doc, "{{ closing }}")
    r = p.add_run(" Prepared on {{ generated }}; the footnotes give the file and place of each example and quote.")
    r.italic = True
    r.font.size = Pt(9)
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    doc.save(path)


if __name__ == "__main__":
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    if len(sys.argv) > 1:
        build_summary(sys.argv[1])
    else:
        build_summary(os.path.join(here, "templates", "report.docx"))
        build(os.path.join(here, "templates", "report-full.docx"))
        build_profile(os.path.join(here, "templates", "profile.docx"))
