"""A generator of variations: returns made the way boards fill in the template, each with the
placements (function, level, text) a reader must find, known from the generator.

Each layout we read (grid with functions as rows, transposed grid, tick grid with an evidence
column, fill grid, list with function/level columns) is built as a plain model of tables, then
changed by one or more *mods* -- what boards do to the template -- and written as a real .docx
or .xlsx (python-docx / openpyxl). Nothing here knows how the detector works.

Used by tests/test_variations.py and benchmarks/bench_variations.py:

    for spec in specs(seed=7, combos=40):
        made = make(spec, folder)       # writes the file, returns Made(path, expected, ...)
        score(made, detection)          # -> Score(tp, fp, fn, chars_found, chars_total)

Documented choices the expectations follow:
- several activities in one cell (a bulleted or numbered list) are ONE placement whose text is the
  whole cell: the cell is what the board filled for that function and level;
- in a tick or fill grid the placement's text is the evidence column's text of that row; other
  context columns (next steps, lead officer, RAG status) are not engagement;
- template text (level and functional descriptors), notes, keys and titles are never placements.
"""
from __future__ import annotations

import os
import random
import re
from dataclasses import dataclass, field

# The template's own text, as issued: a fact about the template, not the detector's vocabulary.
from matrix_synth.schema import TEMPLATE_FUNCTION_BULLETS, TEMPLATE_LEVEL_DESCRIPTORS

FUNCTION_IDS = ("policy-strategy", "planning-commissioning", "contracting-delivery", "capacity-building",
                "learning-exchange")
LEVEL_NAMES = ("Inform", "Consult", "Involve", "Collaborate", "Empower")

TEMPLATE_FUNCTIONS = ("POLICY & STRATEGY DEVELOPMENT", "PLANNING & COMMISSIONING", "CONTRACTING & SERVICE DELIVERY",
                      "CAPACITY BUILDING", "LEARNING EXCHANGE")
FUNCTION_VARIANTS = (
    ("Policy & Strategy Development", "1. Policy and strategy", "Policy/Strategy", "Policy & Strat. Dev.",
     "Policy and Stratgey Development", "Strategy and policy"),
    ("Planning & Commissioning", "2. Planning and commissioning", "Plan & Comm", "Planning/Comissioning",
     "Planning and commissioning of services"),
    ("Contracting & Service Delivery", "3. Contracting and service delivery", "Contracting/Delivery",
     "Service Delivery & Contracting", "Contracting & Service Delivary"),
    ("Capacity Building", "4. Capacity building", "Cap. Building", "Capacity Bulding", "Building capacity"),
    ("Learning Exchange", "5. Learning exchange", "Learning exch.", "Shared Learning", "Learning and exchange"),
)
LEVEL_STYLES = (
    lambda n, name: f"LEVEL {n}. {name.upper()}",
    lambda n, name: f"Level {n} - {name}",
    lambda n, name: f"L{n}",
    lambda n, name: f"{name} ({n})",
    lambda n, name: f"{n}. {name}",
    lambda n, name: name,
    lambda n, name: f"Level {n}",
    lambda n, name: f"{n}",
    lambda n, name: f"{name}\n(level {n})",
    lambda n, name: {"Inform": "Informing", "Consult": "Consultation", "Involve": "Involvement",
                     "Collaborate": "Colaborate", "Empower": "Empowerment"}[name],
)

ORGS = ("the TSI", "the Carers Centre", "Voluntary Action North", "the local CVS", "Alzheimer Scotland",
        "the Volunteer Centre", "Community Links", "Age Concern", "the Youth Forum", "Penumbra")
TOPICS = ("carers", "dementia", "mental health", "older people", "alcohol and drugs", "health inequalities",
          "self-directed support", "palliative care", "reablement", "physical activity", "child healthy weight")
GROUPS = ("integration board", "locality group", "steering group", "reference group", "partnership forum",
          "short life working group")
ACTS = ("{org} sits on the {topic} {group}", "Joint {topic} event held with {org} in the spring",
        "{org} gave views on the draft {topic} plan", "Funding for {topic} projects agreed with {org}",
        "Shared training on {topic} for staff and volunteers", "{org} co-produced the {topic} pathway",
        "Quarterly {topic} newsletter sent to all partners", "{org} runs the {topic} small grants scheme",
        "Service level agreement with {org} for {topic} support", "Visits between {org} and ward staff on {topic}")
EVIDENCE = ("Minutes of the {group}, March", "Annual report of {org}", "Evaluation report on {topic}")
NEXT_STEPS = ("Review the agreement next year", "Extend to two more localities", "Agree a joint action plan")
LEADS = ("J. Smith, Head of Planning", "A. Brown, Public Health", "K. Patel, Third Sector Lead")
RAG = ("Green", "Amber", "Red")
EMPTY_MARKS = ("N/A", "-", "n/a", "None", "–")

LAYOUTS = ("grid", "transposed", "tick", "fill", "list")
MODS = {
    "grid": ("descriptor-row", "descriptor-in-header", "descriptor-labels", "descriptor-tables", "descriptor-col", "extra-cols", "notes-row",
             "blank-rows", "split-header", "split-table", "split-table-repeat", "bullets", "labels", "empty-marks",
             "tracked", "title-rows", "blank-matrix", "merged-title", "two-rows-per-function", "aspiration-col",
             "two-matrices"),
    "transposed": ("descriptor-row", "descriptor-labels", "descriptor-tables", "extra-cols", "notes-row",
                   "split-table", "bullets", "labels", "empty-marks", "tracked", "title-rows", "blank-matrix",
                   "two-matrices"),
    "tick": ("descriptor-row", "descriptor-in-header", "descriptor-labels", "descriptor-tables", "descriptor-col", "extra-cols", "notes-row",
             "key-row", "blank-rows", "split-header", "split-table-repeat", "labels", "bullets", "tracked",
             "title-rows", "blank-matrix", "aspiration-col"),
    "fill": ("descriptor-row", "descriptor-in-header", "descriptor-labels", "descriptor-tables", "descriptor-col", "extra-cols", "notes-row",
             "blank-rows", "labels", "title-rows", "blank-matrix"),
    "list": ("descriptor-tables", "extra-cols", "blank-rows", "split-table", "split-table-repeat", "bullets",
             "labels", "tracked", "title-rows", "notes-row", "level-ranges", "two-matrices"),
}
FILL = "FFC000"


@dataclass
class C:
    """One cell of the model: text (lines), a fill, a horizontal span, a tracked change."""
    text: str = ""
    fill: str | None = None
    span: int = 1
    tracked: tuple[str, str, str] | None = None  # (kept, inserted, deleted): text == kept + inserted


@dataclass
class Spec:
    layout: str
    fmt: str  # 'docx' or 'xlsx'
    mods: tuple[str, ...]
    seed: int

    @property
    def name(self) -> str:
        return f"{self.layout}-{self.fmt}-{'+'.join(self.mods) or 'plain'}-{self.seed}"


@dataclass
class Made:
    spec: Spec
    path: str
    expected: list[tuple[str, int, str]] = field(default_factory=list)


def specs(seed: int = 11, combos: int = 30, formats: tuple[str, ...] = ("docx", "xlsx")) -> list[Spec]:
    """Every layout plain and with each mod alone, in each format; then `combos` random combinations
    of 2-4 mods per layout and format."""
    rng = random.Random(seed)
    out: list[Spec] = []
    for layout in LAYOUTS:
        for fmt in formats:
            out.append(Spec(layout, fmt, (), rng.randrange(10**6)))
            for mod in MODS[layout]:
                if mod == "tracked" and fmt != "docx":
                    continue
                out.append(Spec(layout, fmt, (mod,), rng.randrange(10**6)))
            for _ in range(combos):
                pool = [m for m in MODS[layout] if not (m == "tracked" and fmt != "docx")]
                mods = tuple(sorted(rng.sample(pool, rng.randint(2, min(4, len(pool))))))
                if "split-table" in mods and "split-table-repeat" in mods:
                    mods = tuple(m for m in mods if m != "split-table")
                out.append(Spec(layout, fmt, mods, rng.randrange(10**6)))
    return out


# --------------------------------------------------------------------------- the model

def _activity(rng: random.Random) -> str:
    return rng.choice(ACTS).format(org=rng.choice(ORGS), topic=rng.choice(TOPICS), group=rng.choice(GROUPS))


def _function_label(rng, i: int, mods) -> str:
    label = rng.choice(FUNCTION_VARIANTS[i]) if "labels" in mods else rng.choice(
        (TEMPLATE_FUNCTIONS[i], FUNCTION_VARIANTS[i][0]))
    if "descriptor-labels" in mods:
        bullets = list(TEMPLATE_FUNCTION_BULLETS[i])
        style = rng.randrange(4)
        if style == 0:  # the template as issued
            label += "\nInvolving the third sector in:\n" + "\n".join("• " + b for b in bullets)
        elif style == 1:  # reflowed into one line
            label += "\nInvolving the third sector in: " + " ".join(bullets)
        elif style == 2:  # shortened
            label += "\nInvolving the third sector in:\n" + "\n".join("- " + b for b in bullets[:2])
        else:  # one bullet alone
            label += "\n" + rng.choice(bullets)
    return label


def _level_label(rng, n: int, style) -> str:
    return style(n, LEVEL_NAMES[n - 1])


def _descriptor(rng, n: int) -> str:
    text = TEMPLATE_LEVEL_DESCRIPTORS[n - 1]
    how = rng.randrange(4)
    if how == 1:
        text = text.split(".")[0]
    elif how == 2:
        text = text.replace("third sector", "3rd sector")
    elif how == 3:
        words = text.split()
        text = " ".join(words[: max(6, len(words) * 2 // 3)])
    return text


def _cell_text(rng, mods) -> str:
    if "bullets" in mods and rng.random() < 0.4:
        mark = rng.choice(("• ", "- ", "num"))
        items = [_activity(rng) for _ in range(rng.randint(2, 3))]
        return "\n".join((f"{k + 1}. " if mark == "num" else mark) + t for k, t in enumerate(items))
    return _activity(rng)


def _template_tables(rng) -> list[list[list[C]]]:
    t1 = [[C("TABLE 1: DESCRIPTORS OF ENGAGEMENT LEVELS WITH THE THIRD SECTOR", span=6)] + [C()] * 5,
          [C("")] + [C(f"LEVEL {n}. {LEVEL_NAMES[n - 1].upper()}") for n in range(1, 6)],
          [C("LEVEL DESCRIPTORS")] + [C(_descriptor(rng, n)) for n in range(1, 6)]]
    t2 = [[C("")] + [C(f) for f in TEMPLATE_FUNCTIONS],
          [C("FUNCTIONAL DESCRIPTORS")] + [C("Involving the third sector in:\n" + "\n".join("• " + b for b in bs))
                                           for bs in TEMPLATE_FUNCTION_BULLETS]]
    return [t1, t2]


def build(spec: Spec) -> tuple[list[list[list[C]]], list[tuple[str, int, str]]]:
    """The tables of a return (each a list of rows of C) and the expected placements."""
    rng = random.Random(spec.seed)
    mods = set(spec.mods)
    if spec.layout == "list":
        tables, expected = _list(rng, mods)
    else:
        tables, expected = _grid(rng, mods, spec.layout)
    if "descriptor-tables" in mods:
        tables = _template_tables(rng) + tables
    return tables, expected


def _grid(rng, mods, layout):
    style = rng.choice(LEVEL_STYLES) if "labels" in mods else rng.choice(LEVEL_STYLES[:2])
    levels = [_level_label(rng, n, style) for n in range(1, 6)]
    if "descriptor-in-header" in mods:  # each level's descriptor under its name, in the header cell
        levels = [f"{t}\n{_descriptor(rng, n)}" for n, t in zip(range(1, 6), levels)]
    funcs = [_function_label(rng, i, mods) for i in range(5)]
    extra = rng.sample(("Evidence", "Next steps", "Lead officer", "RAG status"), rng.randint(1, 2)) \
        if "extra-cols" in mods else []
    tick = layout in ("tick", "fill")
    if tick:  # the evidence column is part of the layout; it comes first among the context columns
        extra = ["Examples / evidence"] + [e for e in extra if e != "Evidence"]
    if "aspiration-col" in mods:
        extra.append(rng.choice(("Where we want to be", "Aspiration", "Target level for 2015")))
    descriptor_col = "descriptor-col" in mods
    expected = []
    body: list[list[C]] = []  # functions as rows, whatever the final orientation
    for i, fid in enumerate(FUNCTION_IDS):
        row = [C(funcs[i])]
        if descriptor_col:
            row.append(C("Involving the third sector in:\n" + "\n".join("• " + b for b in TEMPLATE_FUNCTION_BULLETS[i])))
        cells = [C() for _ in range(5)]
        evidence_text = ""
        if tick:
            chosen = rng.sample(range(1, 6), rng.choice((1, 1, 1, 2)))
            evidence_text = _cell_text(rng, mods)
            for n in chosen:
                if layout == "tick":
                    cells[n - 1] = C(rng.choice(("X", "x", "✓", "✔", "Yes")))
                else:
                    cells[n - 1] = C("", fill=FILL)
                expected.append((fid, n, evidence_text))
        else:
            for n in rng.sample(range(1, 6), rng.randint(1, 4)):
                text = _cell_text(rng, mods)
                if "tracked" in mods and rng.random() < 0.5:
                    kept, ins = text.rsplit(" ", 1)
                    cells[n - 1] = C(kept + " " + ins, tracked=(kept + " ", ins, " (draft)"))
                else:
                    cells[n - 1] = C(text)
                expected.append((fid, n, text))
            if "empty-marks" in mods:
                for k in range(5):
                    if not cells[k].text and rng.random() < 0.5:
                        cells[k] = C(rng.choice(EMPTY_MARKS))
        row += cells
        for name in extra:
            if name == "Examples / evidence":
                row.append(C(evidence_text))
            elif name == "Evidence":
                row.append(C(rng.choice(EVIDENCE).format(org=rng.choice(ORGS), topic=rng.choice(TOPICS),
                                                          group=rng.choice(GROUPS))))
            elif name == "Next steps":
                row.append(C(rng.choice(NEXT_STEPS)))
            elif name == "Lead officer":
                row.append(C(rng.choice(LEADS)))
            elif name in ("Where we want to be", "Aspiration", "Target level for 2015"):
                n = rng.randint(2, 5)
                row.append(C(rng.choice((f"Level {n} - {LEVEL_NAMES[n - 1]}", f"Move to {LEVEL_NAMES[n - 1].lower()}"
                                         f" by 2015", f"We would like to reach level {n}"))))
            else:
                row.append(C(rng.choice(RAG)))
        body.append(row)
        if "two-rows-per-function" in mods and not tick and rng.random() < 0.5:
            # a second row for the same function: its label repeated, or left blank under a merged label
            second = [C(funcs[i] if rng.random() < 0.5 else "")] + ([row[1]] if descriptor_col else [])
            cells = [C() for _ in range(5)]
            for n in rng.sample(range(1, 6), rng.randint(1, 2)):
                text = _activity(rng)
                cells[n - 1] = C(text)
                expected.append((fid, n, text))
            body.append(second + cells + [C() for _ in extra])
    lead = [C("FUNCTIONAL DESCRIPTORS")] if descriptor_col else []
    width = 6 + len(extra) + len(lead)
    corner = rng.choice(("", "Function", "FUNCTIONS", "Engagement function"))
    header = [C(corner)] + lead + [C(t) for t in levels] + [C(e) for e in extra]
    headers = [header]
    if "split-header" in mods and layout != "transposed":
        headers = [[C("")] + [C()] * len(lead) + [C(f"Level {n}") for n in range(1, 6)] + [C("")] * len(extra),
                   [C(corner)] + lead + [C(LEVEL_NAMES[n - 1]) for n in range(1, 6)] + [C(e) for e in extra]]
    if "descriptor-row" in mods:
        headers.append([C("LEVEL DESCRIPTORS")] + [C()] * len(lead) + [C(_descriptor(rng, n)) for n in range(1, 6)]
                       + [C()] * len(extra))
    if "blank-rows" in mods:
        for k in sorted(rng.sample(range(1, 5), 2), reverse=True):
            body.insert(k, [C() for _ in range(width)])
    tail = []
    if "notes-row" in mods:
        tail.append([C("Notes: this matrix was agreed at the partnership meeting; it will be reviewed in the "
                       "autumn.", span=width)] + [C()] * (width - 1))
    if "key-row" in mods:
        tail.append([C("Key: X = where we are now", span=width)] + [C()] * (width - 1))
    title = []
    if "title-rows" in mods or "merged-title" in mods:
        title.append([C("Engagement Matrix 2013 - Third Sector Partnership", span=width if "merged-title" in mods
                        else 1)] + [C()] * (width - 1))
    if layout == "transposed":
        grids = [_transpose(headers + body)]
    else:
        grids = [headers + body]
    tables: list[list[list[C]]]
    if "split-table" in mods or "split-table-repeat" in mods:
        g = grids[0]
        if layout == "transposed":
            cut = len(headers) + rng.randint(1, 2)  # split after a level or two: the function columns carry on
            t1, t2 = g[:cut], g[cut:]
            if "split-table-repeat" in mods:
                t2 = g[:1] + t2
        else:
            body_rows = g[len(headers):]
            cut = rng.randint(2, 3)
            t1 = headers + body_rows[:cut]
            t2 = (headers if "split-table-repeat" in mods else []) + body_rows[cut:]
        tables = [title + t1, t2 + tail]
    else:
        tables = [title + grids[0] + tail]
    if "blank-matrix" in mods:
        blank = [header] + [[C(funcs[i])] + [C() for _ in range(width - 1)] for i in range(5)]
        tables.append(_transpose(blank) if layout == "transposed" else blank)
    if "two-matrices" in mods:  # a second partner's matrix, under its own heading row
        more = [[C("Partner: " + rng.choice(ORGS).replace("the ", "").title(), span=6)] + [C()] * 5,
                [C("")] + [C(t) for t in levels]]
        for i, fid in enumerate(FUNCTION_IDS):
            cells = [C() for _ in range(5)]
            for n in rng.sample(range(1, 6), rng.randint(1, 2)):
                text = _activity(rng)
                cells[n - 1] = C(text)
                expected.append((fid, n, text))
            more.append([C(funcs[i].split("\n")[0])] + cells)
        tables.append(_transpose(more[1:]) if layout == "transposed" else more)
    return tables, expected


def _transpose(rows: list[list[C]]) -> list[list[C]]:
    width = max(len(r) for r in rows)
    return [[r[c] if c < len(r) else C() for r in rows] for c in range(width)]


def _list(rng, mods):
    extra = rng.sample(("Lead officer", "RAG status", "Next steps"), rng.randint(1, 2)) if "extra-cols" in mods else []
    header = [C(rng.choice(("Function", "Engagement function", "Area"))), C(rng.choice(("Level", "Level of engagement"))),
              C(rng.choice(("Activity", "Examples of engagement", "Description")))] + [C(e) for e in extra]
    style = rng.choice(LEVEL_STYLES)
    rows, expected = [header], []
    for _ in range(rng.randint(5, 9)):
        i = rng.randrange(5)
        n = rng.randint(1, 5)
        flabel = rng.choice(FUNCTION_VARIANTS[i]) if "labels" in mods else FUNCTION_VARIANTS[i][0]
        level = (style(n, LEVEL_NAMES[n - 1]) if "labels" in mods else str(n))
        span = [n]
        if "level-ranges" in mods and n < 5 and rng.random() < 0.4:
            span = [n, n + 1]
            level = rng.choice((f"{n}-{n + 1}", f"{LEVEL_NAMES[n - 1]}/{LEVEL_NAMES[n]}", f"Level {n} to {n + 1}"))
        text = _cell_text(rng, mods)
        cell = C(text)
        if "tracked" in mods and rng.random() < 0.5:
            kept, ins = text.rsplit(" ", 1)
            cell = C(text, tracked=(kept + " ", ins, " (old)"))
        row = [C(flabel), C(level), cell]
        for name in extra:
            row.append(C(rng.choice({"Lead officer": LEADS, "RAG status": RAG, "Next steps": NEXT_STEPS}[name])))
        rows.append(row)
        expected += [(FUNCTION_IDS[i], k, text) for k in span]
    width = len(header)
    if "blank-rows" in mods:
        rows.insert(rng.randint(2, len(rows) - 1), [C() for _ in range(width)])
    if "notes-row" in mods:
        rows.append([C("Notes: activities agreed with the partners at the annual review.", span=width)]
                    + [C()] * (width - 1))
    title = [[C("Engagement activities 2013", span=width)] + [C()] * (width - 1)] if "title-rows" in mods else []
    more = []
    if "two-matrices" in mods:  # a second list for another locality, under its own title
        more = [[C("Locality: " + rng.choice(("North", "South", "East", "West")), span=width)] + [C()] * (width - 1),
                [C("Function"), C("Level"), C("Activity")] + [C()] * (width - 3)]
        for _ in range(rng.randint(3, 5)):
            i, n = rng.randrange(5), rng.randint(1, 5)
            text = _activity(rng)
            more.append([C(FUNCTION_VARIANTS[i][0]), C(str(n)), C(text)] + [C()] * (width - 3))
            expected.append((FUNCTION_IDS[i], n, text))
    if "split-table" in mods or "split-table-repeat" in mods:
        cut = len(rows) // 2
        second = ([header] if "split-table-repeat" in mods else []) + rows[cut:]
        return [title + rows[:cut], second] + ([more] if more else []), expected
    return [title + rows] + ([more] if more else []), expected


# --------------------------------------------------------------------------- writers

def make(spec: Spec, folder: str) -> Made:
    tables, expected = build(spec)
    path = os.path.join(folder, spec.name + "." + spec.fmt)
    if spec.fmt == "docx":
        _write_docx(path, tables, spec)
    else:
        _write_xlsx(path, tables, spec)
    return Made(spec, path, expected)


def _write_docx(path: str, tables, spec: Spec) -> None:
    from docx import Document
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    doc = Document()
    doc.add_paragraph("NHS Fife and Fife Voluntary Action: third sector engagement matrix")
    for t, rows in enumerate(tables):
        if t:
            doc.add_paragraph("")
        width = max(len(r) for r in rows)
        table = doc.add_table(rows=len(rows), cols=width)
        table.style = "Table Grid"
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                if not (cell.text or cell.fill):
                    continue
                tc = table.cell(r, c)
                if cell.tracked:
                    kept, ins, dele = cell.tracked
                    p = tc.paragraphs[0]._p
                    p.append(parse_xml(f'<w:r {nsdecls("w")}><w:t xml:space="preserve">{_esc(kept)}</w:t></w:r>'))
                    p.append(parse_xml(f'<w:ins {nsdecls("w")} w:id="{r * 100 + c}" w:author="A" '
                                       f'w:date="2013-05-01T00:00:00Z"><w:r><w:t xml:space="preserve">{_esc(ins)}'
                                       '</w:t></w:r></w:ins>'))
                    p.append(parse_xml(f'<w:del {nsdecls("w")} w:id="{r * 100 + c + 50}" w:author="A" '
                                       f'w:date="2013-05-01T00:00:00Z"><w:r><w:delText xml:space="preserve">'
                                       f'{_esc(dele)}</w:delText></w:r></w:del>'))
                elif cell.text:
                    lines = cell.text.split("\n")
                    tc.text = lines[0]
                    for line in lines[1:]:
                        tc.add_paragraph(line)
                if cell.fill:
                    tcpr = tc._tc.get_or_add_tcPr()
                    tcpr.append(parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" '
                                          f'w:fill="{cell.fill}"/>'))
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                if cell.span > 1:
                    table.cell(r, c).merge(table.cell(r, min(width, c + cell.span) - 1))
    doc.add_paragraph("Next steps: to be agreed at the next partnership meeting.")
    doc.save(path)


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _write_xlsx(path: str, tables, spec: Spec) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, PatternFill

    wb = Workbook()
    ws = wb.active
    ws.title = "Matrix"
    ws.cell(1, 1, "NHS Fife engagement matrix")
    r0 = 3
    for rows in tables:
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                target = ws.cell(r0 + r, c + 1)
                if cell.text:
                    target.value = cell.text
                    if "\n" in cell.text:
                        target.alignment = Alignment(wrap_text=True)
                if cell.fill:
                    target.fill = PatternFill("solid", fgColor=cell.fill)
                if cell.span > 1:
                    ws.merge_cells(start_row=r0 + r, start_column=c + 1, end_row=r0 + r,
                                   end_column=c + cell.span)
        r0 += len(rows) + 1
    wb.save(path)


# --------------------------------------------------------------------------- scoring

_BULLET_RE = re.compile(r"^\s*(?:[•\-–*]|\d+[.)])\s*", re.MULTILINE)


def norm(text: str) -> str:
    return " ".join(_BULLET_RE.sub("", text).lower().split())


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    chars_found: int = 0
    chars_total: int = 0

    def add(self, other: "Score") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.chars_found += other.chars_found
        self.chars_total += other.chars_total

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def text_share(self) -> float:
        return self.chars_found / self.chars_total if self.chars_total else 1.0


def score(made: Made, placements) -> Score:
    """Placements match on (function, level, text); text compared without bullets, case or spacing.
    The share of engagement text counts the expected texts found in any placement's text."""
    got = [(p.function, p.level, norm(p.text)) for p in placements]
    want = [(f, lv, norm(t)) for f, lv, t in made.expected]
    s = Score()
    free = list(got)
    for item in want:
        if item in free:
            free.remove(item)
            s.tp += 1
        else:
            s.fn += 1
    s.fp = len(free)
    alltext = " ".join(g[2] for g in got)
    for _f, _lv, t in set(want):
        s.chars_total += len(t)
        if t in alltext:
            s.chars_found += len(t)
    return s


def as_odt(made: list[Made], folder: str) -> list[Made]:
    """The same returns saved as .odt by LibreOffice (one soffice run for all): same expectations."""
    import shutil
    import subprocess

    exe = shutil.which("soffice") or shutil.which("libreoffice")
    docx = [m for m in made if m.path.endswith(".docx")]
    if exe is None or not docx:
        return []
    out = os.path.join(folder, "odt")
    os.makedirs(out, exist_ok=True)
    profile = os.path.join(folder, "lo-profile")
    subprocess.run([exe, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "odt",
                    "--outdir", out] + [m.path for m in docx], check=True, capture_output=True, timeout=600)
    result = []
    for m in docx:
        path = os.path.join(out, os.path.splitext(os.path.basename(m.path))[0] + ".odt")
        if os.path.exists(path):
            result.append(Made(Spec(m.spec.layout, "odt", m.spec.mods, m.spec.seed), path, m.expected))
    return result
