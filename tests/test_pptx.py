"""PowerPoint returns: a matrix presented as a table on a slide, read like a Word table, with the
slide number in every location. The .pptx files are written with python-pptx."""

from builders import FUNCS, LEVELS
from conftest import cells, detect_file

import pptx  # noqa: E402  (python-pptx is in the test extras: never skipped)


def _deck(path, fill, board="NHS Fife", slide_of_table=2, merge=False):
    from pptx.util import Inches
    prs = pptx.Presentation()
    title = prs.slides.add_slide(prs.slide_layouts[0])
    title.shapes.title.text = f"{board} Engagement Matrix 2013"
    title.placeholders[1].text = "Partners: Fife Voluntary Action"
    for _ in range(slide_of_table - 2):
        prs.slides.add_slide(prs.slide_layouts[5]).shapes.title.text = "Background"
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    slide.shapes.title.text = "Engagement matrix"
    shape = slide.shapes.add_table(6, 6, Inches(0.3), Inches(1.5), Inches(9.4), Inches(5))
    table = shape.table
    for j, level in enumerate(LEVELS, start=1):
        table.cell(0, j).text = level
    for i, func in enumerate(FUNCS, start=1):
        table.cell(i, 0).text = func
        for j in range(1, 6):
            table.cell(i, j).text = fill.get((i - 1, j - 1), "")
    if merge:
        table.cell(5, 4).merge(table.cell(5, 5))
    notes = slide.notes_slide.notes_text_frame
    notes.text = "Agreed at the partnership meeting in May."
    prs.save(path)
    return path


def test_pptx_table_is_read_like_a_word_table(tmp_path):
    fill = {(0, 1): "Consulted on the strategy", (2, 3): "Joint delivery of the carers service",
            (4, 0): "Newsletter to partners"}
    det = detect_file(_deck(str(tmp_path / "fife-2013.pptx"), fill, slide_of_table=3))
    got = cells(det)
    assert got[("policy-strategy", 2)] == ["Consulted on the strategy"]
    assert got[("contracting-delivery", 4)] == ["Joint delivery of the carers service"]
    assert got[("learning-exchange", 1)] == ["Newsletter to partners"]
    assert {p.loc.part for p in det.placements} == {"slide 3"}
    assert det.placements[0].loc.describe().startswith("slide 3, table 1")
    assert det.board and "fife" in det.board


def test_pptx_text_and_notes_are_kept(tmp_path):
    from matrix_synth.readers import read_document
    doc = read_document(_deck(str(tmp_path / "deck.pptx"), {(1, 1): "x"}, merge=True))
    paras = {p.text: p.loc.part for p in doc.paragraphs()}
    assert paras["NHS Fife Engagement Matrix 2013"] == "slide 1"
    assert paras["Agreed at the partnership meeting in May."] == "slide 2 notes"
    table = doc.tables()[0]
    assert table.width == 6 and len(table.rows) == 6
    assert table.rows[5][5].merged
