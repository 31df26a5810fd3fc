"""Generate realistic sample returns (real .docx, .xlsx and .pptx files, some in a .zip or attached
to a saved e-mail, as they arrive) in every layout boards use.

    python tests/samples.py sample_returns/          # the bundled 2013 and 2014 sets
    python tests/samples.py out/ --n 2000            # N returns across all layouts (benchmark)

Used for the bundled sample_returns/, the tests and the benchmark, so all three see the same shapes.
A test generator, not part of the installed package (writing the .pptx needs python-pptx, a test extra)."""
from __future__ import annotations

import copy
import os
import random
import sys

from sample_data import BOARDS_2013, EXTRA_2014
from matrix_synth.schema import FUNCTION_IDS, FUNCTION_LABELS, LEVELS, TEMPLATE_FUNCTION_BULLETS, board_name

LEVEL_HEADERS = [f"Level {n}. {name}" for n, name in LEVELS.items()]
SECTION_HEADINGS = [("working_well", "What is working well?"), ("improvements", "What needs to improve / concerns"),
                    ("next_steps", "Next steps"), ("feedback", "Comments on using the Engagement Matrix")]
FILLS = {1: "DDEBF7", 2: "C6EFCE", 3: "FFEB9C", 4: "F8CBAD", 5: "B4A7D6"}


def levels_of(spec: str) -> list[int]:
    from matrix_synth.schema import parse_levels
    return list(parse_levels(spec))


def _activities(ret: dict) -> list[tuple[str, str, str]]:
    acts = ret["activities"]
    if isinstance(acts, dict):
        return [a for group in acts.values() for a in group]
    return acts


# --------------------------------------------------------------------------- docx


def _doc():
    from docx import Document
    return Document()


def _fields_table(doc, ret: dict, year: int) -> None:
    rows = [("NHS Board", ret["written"]), ("Third sector partner(s)", "; ".join(ret["partners"])),
            ("Topic area", ret["topic"]), ("Completed by", f"{ret['completed_by'][0]}, {ret['completed_by'][1]}"),
            ("Date", f"{year}-09-{10 + len(ret['board']) % 18:02d}")]
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, value


def _sections(doc, ret: dict) -> None:
    for key, heading in SECTION_HEADINGS:
        doc.add_heading(heading, level=2)
        doc.add_paragraph(ret[key])


def _signoff(doc, ret: dict) -> None:
    doc.add_heading("Sign-off", level=2)
    table = doc.add_table(rows=3, cols=3)
    table.style = "Table Grid"
    name, role = ret["completed_by"]
    values = [("Signed on behalf of", "NHS Board", "Third sector"),
              ("Name", name, "Partner representative (" + ret["partners"][0] + ")"),
              ("Designation", role, "Chief Officer")]
    for r, row in enumerate(values):
        for c, value in enumerate(row):
            table.cell(r, c).text = value


def _grid(doc, activities, transposed: bool = False) -> None:
    by = {}
    for function, spec, text in activities:
        for level in levels_of(spec):
            by.setdefault((function, level), []).append((text, spec))
    table = doc.add_table(rows=6, cols=6)
    table.style = "Table Grid"
    functions = list(FUNCTION_IDS)
    for i in range(5):
        if transposed:
            table.cell(0, i + 1).text = FUNCTION_LABELS[functions[i]]
            table.cell(i + 1, 0).text = LEVEL_HEADERS[i]
        else:
            table.cell(0, i + 1).text = LEVEL_HEADERS[i].upper()
            table.cell(i + 1, 0).text = FUNCTION_LABELS[functions[i]]
    table.cell(0, 0).text = "Level / Function" if transposed else "Function"
    merged = set()
    for (function, level), items in by.items():
        fi = functions.index(function) + 1
        for text, spec in items:
            lv = levels_of(spec)
            r, c = (level, fi) if transposed else (fi, level)
            if len(lv) > 1 and not transposed and level == lv[0] and (fi, lv[-1]) not in merged:
                cell = table.cell(fi, lv[0]).merge(table.cell(fi, lv[-1]))  # a range: one cell across levels
                cell.text = text
                merged.update((fi, x) for x in lv)
            elif (r, c) not in merged:
                existing = table.cell(r, c).text
                table.cell(r, c).text = (existing + "\n" + text).strip()


def docx_grid(path: str, ret: dict, year: int, transposed: bool = False) -> None:
    doc = _doc()
    doc.add_heading(f"{ret['written']} – Engagement Matrix {year}", level=0)
    _fields_table(doc, ret, year)
    if not transposed:
        doc.add_paragraph("Table 1: Descriptors of engagement levels with the third sector")
        guide = doc.add_table(rows=2, cols=5)
        guide.style = "Table Grid"
        from matrix_synth.schema import DESCRIPTOR_TEXTS
        for i in range(5):
            guide.cell(0, i).text = LEVEL_HEADERS[i].upper()
            guide.cell(1, i).text = DESCRIPTOR_TEXTS[i]
    doc.add_heading("The matrix", level=1)
    _grid(doc, _activities(ret), transposed)
    _sections(doc, ret)
    _signoff(doc, ret)
    doc.save(path)


def docx_template(path: str, ret: dict, year: int, labels: bool = False) -> None:
    """The official template as issued, filled in: the LEVEL DESCRIPTORS row kept inside the grid, or
    (labels=True) each function's row label carrying its functional descriptor bullets."""
    from matrix_synth.schema import DESCRIPTOR_TEXTS
    doc = _doc()
    doc.add_heading(f"{ret['written']} – Third Sector Engagement Matrix {year}", level=0)
    _fields_table(doc, ret, year)
    doc.add_paragraph("TABLE 1: DESCRIPTORS OF ENGAGEMENT LEVELS WITH THE THIRD SECTOR")
    rows = 6 if labels else 7
    table = doc.add_table(rows=rows, cols=6)
    table.style = "Table Grid"
    for i in range(5):
        table.cell(0, i + 1).text = LEVEL_HEADERS[i].upper()
    top = 1
    if not labels:
        table.cell(1, 0).text = "LEVEL DESCRIPTORS"
        for i in range(5):
            table.cell(1, i + 1).text = DESCRIPTOR_TEXTS[i]
        top = 2
    for i, function in enumerate(FUNCTION_IDS):
        cell = table.cell(top + i, 0)
        cell.text = FUNCTION_LABELS[function].upper()
        if labels:
            cell.add_paragraph("Involving the third sector in:")
            for bullet in TEMPLATE_FUNCTION_BULLETS[i]:
                cell.add_paragraph("• " + bullet)
    for function, spec, text in _activities(ret):
        for level in levels_of(spec):
            target = table.cell(top + FUNCTION_IDS.index(function), level)
            target.text = (target.text + "\n" + text).strip()
    _sections(doc, ret)
    _signoff(doc, ret)
    doc.save(path)


def docx_ticks(path: str, ret: dict, year: int, mark: str = "✓") -> None:
    doc = _doc()
    doc.add_heading(f"Engagement Matrix return: {ret['written']}", level=0)
    _fields_table(doc, ret, year)
    table = doc.add_table(rows=1, cols=7)
    table.style = "Table Grid"
    for c, text in enumerate(["Function", "1 Inform", "2 Consult", "3 Involve", "4 Collaborate", "5 Empower",
                              "Examples / evidence"]):
        table.cell(0, c).text = text
    acts = {f: (spec, text) for f, spec, text in _activities(ret)}
    for function in FUNCTION_IDS:
        cells = table.add_row().cells
        cells[0].text = FUNCTION_LABELS[function]
        if function in acts:
            spec, text = acts[function]
            for level in levels_of(spec):
                cells[level].text = mark
            cells[6].text = text
    _sections(doc, ret)
    doc.save(path)


def docx_per_partner(path: str, ret: dict, year: int) -> None:
    doc = _doc()
    doc.add_heading(f"{ret['written']}: Engagement Matrices {year}", level=0)
    doc.add_paragraph(f"Topic area: {ret['topic']}")
    doc.add_paragraph("We completed one matrix with each third sector partner.")
    for i, (partner, acts) in enumerate(ret["activities"].items(), start=1):
        doc.add_heading(f"Matrix {i}: Partner – {partner}", level=2)
        _grid(doc, acts)
    _sections(doc, ret)
    _signoff(doc, ret)
    doc.save(path)


def docx_narrative(path: str, ret: dict, year: int) -> None:
    doc = _doc()
    doc.add_heading(f"{ret['written']} and third sector partners: Engagement Matrix {year}", level=0)
    doc.add_paragraph(f"Partners: {', '.join(ret['partners'])}")
    doc.add_paragraph(f"Topic: {ret['topic']}")
    for function, spec, text in _activities(ret):
        doc.add_heading(FUNCTION_LABELS[function], level=2)
        sentence = text if "level" in text.lower() else f"We are at level {spec}. {text}"
        doc.add_paragraph(sentence)
    _sections(doc, ret)
    doc.save(path)


def docx_narrative_prose(path: str, ret: dict, year: int) -> None:
    """Narrative in another wording: numbered bold headings, a board introduction, the activity first and a
    'Level: Involve (3)' line after it, aspirations beside the levels, next steps as prose."""
    doc = _doc()
    doc.add_heading(f"Engagement Matrix {year}: {ret['topic']}", level=1)
    doc.add_paragraph(f"NHS Board: {ret['written']}")
    doc.add_paragraph(f"Third sector partner(s): {', '.join(ret['partners'])}")
    if ret.get("intro"):
        doc.add_paragraph(ret["intro"])
    for n, (function, spec, text) in enumerate(_activities(ret), 1):
        doc.add_paragraph().add_run(f"{n}. {FUNCTION_LABELS[function]}").bold = True
        doc.add_paragraph(text)
        levels = levels_of(spec)
        names = " to ".join(LEVELS[lv] for lv in (levels[0], levels[-1])) if len(levels) > 1 else LEVELS[levels[0]]
        doc.add_paragraph(f"Level: {names} ({spec})")
        if ret.get("aspirations", {}).get(function):
            doc.add_paragraph(ret["aspirations"][function])
    for key, heading in SECTION_HEADINGS:
        p = doc.add_paragraph()
        p.add_run(heading.rstrip("?") + ": ").bold = True
        p.add_run(ret[key])
    doc.save(path)


# --------------------------------------------------------------------------- xlsx


def _wb():
    from openpyxl import Workbook
    return Workbook()


def _fill(colour: str):
    from openpyxl.styles import PatternFill
    return PatternFill("solid", fgColor=colour)


def _xlsx_header(ws, ret: dict, year: int) -> int:
    ws["A1"] = f"{ret['written']} Engagement Matrix {year}"
    ws.merge_cells("A1:G1")
    ws["A2"], ws["B2"] = "NHS Board:", ret["written"]
    ws["A3"], ws["B3"] = "Partner(s):", "; ".join(ret["partners"])
    ws["A4"], ws["B4"] = "Topic:", ret["topic"]
    ws["A5"], ws["B5"] = "Completed by:", ret["completed_by"][0]
    return 7


def _xlsx_grid(ws, acts, row: int, transposed: bool = False) -> int:
    from openpyxl.styles import Alignment
    by: dict[tuple[str, int], list[str]] = {}
    for function, spec, text in acts:
        for level in levels_of(spec):
            by.setdefault((function, level), []).append(text)
    ws.cell(row, 1, "Level" if transposed else "Function")
    for i in range(5):
        head = ws.cell(row, i + 2, FUNCTION_LABELS[FUNCTION_IDS[i]] if transposed else f"L{i + 1} - {LEVELS[i + 1]}")
        head.fill = _fill("D9D9D9")
        side = ws.cell(row + 1 + i, 1, f"{i + 1} {LEVELS[i + 1]}" if transposed else FUNCTION_LABELS[FUNCTION_IDS[i]])
        side.fill = _fill("D9D9D9")
    for (function, level), texts in by.items():
        fi = FUNCTION_IDS.index(function)
        r, c = (row + level, fi + 2) if transposed else (row + 1 + fi, level + 1)
        cell = ws.cell(r, c, "\n".join(texts))
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    return row + 7


def _xlsx_sections(ws, ret: dict, row: int) -> None:
    for key, heading in SECTION_HEADINGS:
        ws.cell(row, 1, heading)
        ws.cell(row + 1, 1, ret[key])
        row += 3


def xlsx_grid(path: str, ret: dict, year: int) -> None:
    wb = _wb()
    ws = wb.active
    ws.title = "Engagement Matrix"
    row = _xlsx_header(ws, ret, year)
    row = _xlsx_grid(ws, _activities(ret), row)
    _xlsx_sections(ws, ret, row + 1)
    wb.save(path)


def xlsx_list(path: str, ret: dict, year: int) -> None:
    wb = _wb()
    ws = wb.active
    ws.title = "Activities"
    ws.append(["Activity / example", "Function", "Level of engagement", "Partner organisation"])
    for function, spec, text in _activities(ret):
        short = {"policy-strategy": "Policy & Strategy", "planning-commissioning": "Plan & Comm",
                 "contracting-delivery": "Contracting & Service Delivery", "capacity-building": "Cap. Building",
                 "learning-exchange": "Learning Exchange"}[function]
        ws.append([text, short, spec, ret["partners"][0]])
    summary = wb.create_sheet("Summary")
    summary.append(["NHS Board", ret["written"]])
    summary.append(["Topic area", ret["topic"]])
    summary.append(["Completed by", ret["completed_by"][0]])
    for key, heading in SECTION_HEADINGS:
        summary.append([heading, ret[key]])
    wb.save(path)


def xlsx_per_locality(path: str, ret: dict, year: int) -> None:
    wb = _wb()
    first = True
    for locality, acts in ret["activities"].items():
        ws = wb.active if first else wb.create_sheet()
        first = False
        ws.title = locality[:31]
        ws["A1"] = f"{ret['written']} – {locality}"
        _xlsx_grid(ws, acts, 3, transposed=True)
    ws = wb.create_sheet("Feedback")
    ws["A1"], ws["B1"] = "NHS Board", ret["written"]
    ws["A2"], ws["B2"] = "Topic", ret["topic"]
    _xlsx_sections(ws, ret, 4)
    wb.save(path)


def xlsx_fill(path: str, ret: dict, year: int) -> None:
    wb = _wb()
    ws = wb.active
    ws.title = "Matrix"
    _xlsx_header(ws, ret, year)
    ws["F7"] = "Key"
    for level in range(1, 6):
        key = ws.cell(7 + level, 6, f"Level {level} {LEVELS[level]}")
        key.fill = _fill(FILLS[level])
    ws["A7"], ws["B7"] = "Function", "Activity (shaded by level of engagement)"
    row = 8
    for function, spec, text in _activities(ret):
        ws.cell(row, 1, FUNCTION_LABELS[function])
        ws.cell(row, 2, text).fill = _fill(FILLS[levels_of(spec)[-1]])
        row += 1
    _xlsx_sections(ws, ret, row + 7)
    wb.save(path)


# --------------------------------------------------------------------------- pptx


def pptx_grid(path: str, ret: dict, year: int) -> None:
    """The matrix presented on slides: a title slide with the return's fields, the grid as a
    slide table (a range of levels is one merged cell, as in Word), the sections as text."""
    from pptx import Presentation
    from pptx.util import Inches, Pt

    prs = Presentation()
    first = prs.slides.add_slide(prs.slide_layouts[5])
    first.shapes.title.text = f"{ret['written']} – Engagement Matrix {year}"
    fields = [("NHS Board", ret["written"]), ("Third sector partner(s)", "; ".join(ret["partners"])),
              ("Topic area", ret["topic"]), ("Completed by", f"{ret['completed_by'][0]}, {ret['completed_by'][1]}"),
              ("Date", f"{year}-09-{10 + len(ret['board']) % 18:02d}")]
    table = first.shapes.add_table(len(fields), 2, Inches(0.5), Inches(1.8), Inches(9), Inches(3)).table
    for r, (label, value) in enumerate(fields):
        table.cell(r, 0).text, table.cell(r, 1).text = label, value
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    slide.shapes.title.text = "The matrix"
    grid = slide.shapes.add_table(6, 6, Inches(0.2), Inches(1.4), Inches(9.6), Inches(5.8)).table
    functions = list(FUNCTION_IDS)
    grid.cell(0, 0).text = "Function"
    for i in range(5):
        grid.cell(0, i + 1).text = LEVEL_HEADERS[i].upper()
        grid.cell(i + 1, 0).text = FUNCTION_LABELS[functions[i]]
    merged: set = set()
    for function, spec, text in _activities(ret):
        lv, fi = levels_of(spec), functions.index(function) + 1
        if len(lv) > 1 and not merged & {(fi, x) for x in lv}:
            grid.cell(fi, lv[0]).merge(grid.cell(fi, lv[-1]))
            grid.cell(fi, lv[0]).text = text
            merged.update((fi, x) for x in lv)
            continue
        for level in lv:
            if (fi, level) not in merged:
                cell = grid.cell(fi, level)
                cell.text = (cell.text + "\n" + text).strip()
    for row in grid.rows:
        for cell in row.cells:
            for para in cell.text_frame.paragraphs:
                for run in para.runs:
                    run.font.size = Pt(9)
    notes = prs.slides.add_slide(prs.slide_layouts[1])
    notes.shapes.title.text = "About our engagement"
    frame = notes.placeholders[1].text_frame
    for n, (key, heading) in enumerate(SECTION_HEADINGS):
        para = frame.paragraphs[0] if n == 0 else frame.add_paragraph()
        para.text = heading
        frame.add_paragraph().text = ret[key]
    prs.save(path)


# --------------------------------------------------------------------------- containers


def _zip_of(path: str, members: dict[str, str]) -> None:
    """A zip of returns, as the round was handed on; members maps a name inside to a file."""
    import zipfile
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, src in members.items():
            zf.write(src, name)
            os.remove(src)


def _eml_with(path: str, ret: dict, year: int, attachment: str) -> None:
    """A board's e-mail with its return attached, saved from the mail program (.eml)."""
    from email.message import EmailMessage
    from email.utils import format_datetime
    import datetime as dt

    msg = EmailMessage()
    msg["From"] = f"{ret['completed_by'][0]} <{ret['board']}.engagement@nhs.example>"
    msg["To"] = "engagement.matrix@example.org"
    msg["Subject"] = f"Re: Engagement Matrix {year} – {ret['written']}"
    msg["Date"] = format_datetime(dt.datetime(year, 9, 20, 16, 5, tzinfo=dt.timezone.utc))
    msg.set_content(f"Dear colleague,\n\nPlease find attached the {ret['written']} Engagement Matrix for {year}, "
                    "completed jointly with our third sector partners.\n\nKind regards,\n"
                    f"{ret['completed_by'][0]}\n")
    with open(attachment, "rb") as fh:
        msg.add_attachment(fh.read(), maintype="application",
                           subtype="vnd.openxmlformats-officedocument.wordprocessingml.document",
                           filename=os.path.basename(attachment))
    os.remove(attachment)
    with open(path, "wb") as fh:
        fh.write(bytes(msg))


WRITERS = {
    "docx-grid": (docx_grid, ".docx"), "docx-transposed": (lambda p, r, y: docx_grid(p, r, y, True), ".docx"),
    "docx-ticks": (docx_ticks, ".docx"), "docx-per-partner": (docx_per_partner, ".docx"),
    "docx-narrative": (docx_narrative, ".docx"), "docx-narrative-prose": (docx_narrative_prose, ".docx"),
    "xlsx-grid": (xlsx_grid, ".xlsx"), "xlsx-list": (xlsx_list, ".xlsx"),
    "xlsx-per-locality": (xlsx_per_locality, ".xlsx"), "xlsx-fill": (xlsx_fill, ".xlsx"),
    "docx-template-row": (docx_template, ".docx"),
    "docx-template-labels": (lambda p, r, y: docx_template(p, r, y, labels=True), ".docx"),
    "pptx-grid": (pptx_grid, ".pptx"),
}
# How some 2014 returns arrived: as a PowerPoint deck, in a zip, attached to an e-mail.
AS_PPTX_2014 = {"fife"}
ZIPPED_2014 = ("returns-received-2014.zip", {"lothian", "highland"})
EMAILED_2014 = ("Re Engagement Matrix 2014 - NHS Tayside.eml", "tayside")


def write_return(folder: str, ret: dict, year: int, stem: str | None = None) -> str:
    writer, ext = WRITERS[ret["layout"]]
    stem = stem or f"{ret['board']}-engagement-matrix-{year}"
    path = os.path.join(folder, stem + ext)
    writer(path, ret, year)
    return path


def round_2014(rng: random.Random) -> list[dict]:
    """Fewer boards returned in 2014; most moved up a level somewhere (the journey of improvement)."""
    chosen = ["lanarkshire", "greater-glasgow-clyde", "borders", "sas", "orkney", "highland", "lothian", "fife",
              "forth-valley", "dumfries-galloway", "nhs24", "tayside", "shetland", "ayrshire-arran"]
    # Two boards returned the official template as issued in 2014: the descriptor row kept in the grid,
    # the functional descriptors kept in the function labels.
    template = {"shetland": "docx-template-row", "ayrshire-arran": "docx-template-labels"}
    out = []
    for ret in BOARDS_2013:
        if ret["board"] not in chosen:
            continue
        new = copy.deepcopy(ret)
        new["layout"] = template.get(ret["board"], new["layout"])

        def lift(acts):
            lifted = []
            for function, spec, text in acts:
                levels = levels_of(spec)
                if rng.random() < 0.6 and levels[-1] < 5:
                    spec = str(levels[-1] + 1) if spec.strip().isdigit() else spec.replace(str(levels[-1]),
                                                                                          str(levels[-1] + 1))
                    text = "Since last year: " + text[0].lower() + text[1:]
                lifted.append((function, spec, text))
            return lifted
        if isinstance(new["activities"], dict):
            new["activities"] = {k: lift(v) for k, v in new["activities"].items()}
        else:
            new["activities"] = lift(new["activities"])
        new["working_well"] = "Building on the 2013 matrix: " + new["working_well"]
        new["next_steps"] = "Repeat the matrix in 2015 to chart our journey. " + new["next_steps"]
        out.append(new)
    return out


def bundled(folder: str) -> list[str]:
    """Write sample_returns/2013 and sample_returns/2014."""
    rng = random.Random(2014)
    paths = []
    for year, rets in ((2013, BOARDS_2013), (2014, round_2014(rng) + EXTRA_2014)):
        sub = os.path.join(folder, str(year))
        os.makedirs(sub, exist_ok=True)
        zipped: dict[str, str] = {}
        for ret in rets:
            if year == 2014 and ret["board"] in AS_PPTX_2014:
                ret = dict(ret, layout="pptx-grid")
            path = write_return(sub, ret, year)
            if year == 2014 and ret["board"] in ZIPPED_2014[1]:
                zipped[os.path.basename(path)] = path
            elif year == 2014 and ret["board"] == EMAILED_2014[1]:
                _eml_with(os.path.join(sub, EMAILED_2014[0]), ret, year, path)
                paths.append(os.path.join(sub, EMAILED_2014[0]))
            else:
                paths.append(path)
        if zipped:
            _zip_of(os.path.join(sub, ZIPPED_2014[0]), zipped)
            paths.append(os.path.join(sub, ZIPPED_2014[0]))
    return paths


def many(folder: str, n: int, seed: int = 1) -> list[str]:
    """N returns across every layout and board, with varied content (for the benchmark)."""
    rng = random.Random(seed)
    os.makedirs(folder, exist_ok=True)
    paths = []
    for i in range(n):
        base = copy.deepcopy(BOARDS_2013[i % len(BOARDS_2013)])
        layouts = [k for k in WRITERS if ("per-" in k) == isinstance(base["activities"], dict) and k != "pptx-grid"]
        base["layout"] = layouts[(i // len(BOARDS_2013)) % len(layouts)]
        base["written"] = board_name(base["board"])
        paths.append(write_return(folder, base, 2013 + i % 10, stem=f"{i:05d}-{base['board']}"))
        rng.random()
    return paths


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    if "--n" in argv:
        n = int(argv[argv.index("--n") + 1])
        print(f"wrote {len(many(argv[0], n))} returns to {argv[0]}")
    else:
        print(f"wrote {len(bundled(argv[0]))} returns to {argv[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
