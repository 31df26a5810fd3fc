"""Narrative returns read by sections and sentences (issue 11), on real files made in the tests."""
from __future__ import annotations

import os
import shutil

from conftest import cells, detect_file, needs_writer, soffice_convert
from docx import Document
from narrative_variations import generate, prf, score, write_docx

from matrix_synth.detect.narrative import analyse_sentence, level_line


def _pooled(variations, paths):
    totals = [0, 0, 0]
    misses = []
    for v, path in zip(variations, paths):
        got = {(p.function, p.level) for p in detect_file(path).placements}
        counts = score(v.expected, got)
        totals = [a + b for a, b in zip(totals, counts)]
        if counts[1] or counts[2]:
            misses.append((os.path.basename(path), v.name, sorted(got - v.expected), sorted(v.expected - got)))
    return prf(*totals), misses


def test_generated_narratives_docx(tmp_path):
    variations = generate(150, seed=2026) + generate(50, seed=77, novel=True)
    paths = [write_docx(v, str(tmp_path / f"n{i}.docx")) for i, v in enumerate(variations)]
    (precision, recall, f1), misses = _pooled(variations, paths)
    assert precision >= 0.98, misses[:5]
    assert f1 >= 0.95, misses[:5]


@needs_writer
def test_generated_narratives_odt_and_pdf(tmp_path):
    variations = generate(3, seed=404)
    docs = [write_docx(v, str(tmp_path / f"f{i}.docx")) for i, v in enumerate(variations)]
    for fmt in ("odt", "pdf"):
        paths = [soffice_convert(p, fmt, tmp_path) for p in docs]
        (precision, recall, f1), misses = _pooled(variations, paths)
        assert precision >= 0.98 and f1 >= 0.9, (fmt, misses)


def test_level_statements():
    assert level_line("Level: Collaborate (4)") == (4,)
    assert level_line("Level 4/5") == (4, 5)
    assert level_line("Where we are: Consult") == (2,)
    assert level_line("Joint planning group") == ()
    assert analyse_sentence("We would place ourselves at 'involve'.") == ((3,), "place")
    assert analyse_sentence("Overall this sits between consult and involve.") == ((2, 3), "place")
    assert analyse_sentence("At collaborate level, for planning and commissioning, we co-design.") == ((4,), "place")
    assert analyse_sentence("This is level 3 engagement.") == ((3,), "place")
    assert analyse_sentence("We are at level 2-3.") == ((2, 3), "place")
    assert analyse_sentence("We are at level 3 and aim to reach level 4 next year.") == ((3,), "place")
    assert analyse_sentence("We would like to move towards Collaborate.")[1] == "aspiration"
    assert analyse_sentence("Our aim is to reach level 4 next year.")[1] == "aspiration"
    assert analyse_sentence("Partners mapped examples at levels 4 and 5.")[1] == "general"
    assert analyse_sentence("The levels are: inform, consult, involve, collaborate and empower.")[1] == "general"
    assert analyse_sentence("Partners are consulted and involved in the plan.") == ((), "none")
    assert analyse_sentence("We held 4 events with 120 people.") == ((), "none")


def test_level_line_places_the_sections_activities_not_itself(tmp_path):
    doc = Document()
    doc.add_paragraph("NHS Fife engagement return")
    doc.add_paragraph().add_run("Planning and commissioning").bold = True
    doc.add_paragraph("The interface sits on the joint commissioning group.")
    doc.add_paragraph("Level: Collaborate (4)")
    doc.add_paragraph("We would like to move towards Empower next year.")
    p = doc.add_paragraph()
    p.add_run("Learning exchange. ").bold = True
    p.add_run("Joint training twice a year for staff and volunteers. We would place ourselves at 'involve'.")
    doc.add_heading("Next steps", 2)
    doc.add_paragraph("Agree a shared action plan with the interface.")
    doc.save(tmp_path / "n.docx")
    det = detect_file(tmp_path / "n.docx")
    got = cells(det)
    assert set(got) == {("planning-commissioning", 4), ("learning-exchange", 3)}
    assert got[("planning-commissioning", 4)] == ["The interface sits on the joint commissioning group."]
    assert "Level:" not in " ".join(t for texts in got.values() for t in texts)
    assert "Next steps" not in got[("learning-exchange", 3)][0] and "action plan" not in got[("learning-exchange", 3)][0]
    reasons = {u.text: u.reason for u in det.unplaced}
    assert reasons.get("We would like to move towards Empower next year.") == "aspiration"
    assert any(s.section == "next_steps" for s in det.sections)
    assert det.layout == "narrative"


def test_text_is_not_joined_across_sections(tmp_path):
    doc = Document()
    doc.add_paragraph("NHS Borders: our engagement with the third sector")
    doc.add_heading("Policy and strategy", 2)
    doc.add_paragraph("The forum comments on every draft strategy.")
    doc.add_heading("Capacity building", 2)
    doc.add_paragraph("Small grants for community groups. This is level 4 engagement.")
    doc.save(tmp_path / "s.docx")
    det = detect_file(tmp_path / "s.docx")
    assert set(cells(det)) == {("capacity-building", 4)}
    assert "forum" not in cells(det)[("capacity-building", 4)][0]
    assert [u.reason for u in det.unplaced if "forum" in u.text] == ["no-level"]


def test_bold_lead_in_is_read_from_word_and_odf(tmp_path):
    from matrix_synth.readers import read_document
    doc = Document()
    p = doc.add_paragraph()
    p.add_run("Capacity building:").bold = True
    p.add_run(" volunteers trained as peer supporters.")
    doc.add_paragraph("Plain text.")
    doc.save(tmp_path / "b.docx")
    paras = read_document(str(tmp_path / "b.docx"), "b.docx").paragraphs()
    assert paras[0].lead == "Capacity building:" and paras[1].lead == ""
    if shutil.which("soffice") or shutil.which("libreoffice"):
        odt = read_document(soffice_convert(tmp_path / "b.docx", "odt", tmp_path), "b.odt").paragraphs()
        assert odt[0].lead == "Capacity building:" and odt[1].lead == ""


def test_two_column_function_table(tmp_path):
    from builders import docx_table
    doc = Document()
    doc.add_paragraph("NHS Highland – engagement with the third sector")
    docx_table(doc, [["Function", "Narrative"],
                     ["Policy & Strategy", "Partners co-wrote the strategy. Level 4."],
                     ["Learning exchange", "Joint conference each year; we would rate this at level 2."]])
    doc.save(tmp_path / "t.docx")
    assert set(cells(detect_file(tmp_path / "t.docx"))) == {("policy-strategy", 4), ("learning-exchange", 2)}


def test_bundled_narrative_in_another_wording(tmp_path):
    from click.testing import CliRunner

    from matrix_synth.cli import cli
    from sample_data import EXTRA_2014
    from samples import levels_of, write_return
    ret = EXTRA_2014[0]
    path = write_return(str(tmp_path), ret, 2014)
    det = detect_file(path)
    assert det.layout == "narrative" and det.board == "western-isles"
    assert set(cells(det)) == {(f, lv) for f, spec, _t in ret["activities"] for lv in levels_of(spec)}
    assert {u.reason for u in det.unplaced} <= {"aspiration", "general", "boilerplate", "heading", "label"}
    out = CliRunner().invoke(cli, ["check", path]).output
    assert "narrative" in out and "0 problems" in out, out


def test_numbered_list_headings_level_words_and_level_lead_ins(tmp_path):
    doc = Document()
    doc.add_paragraph("NHS Grampian and Aberdeen Council of Voluntary Organisations")
    doc.add_paragraph("Planning and commissioning", style="List Number")
    doc.add_paragraph("The chief executive sits on the integration joint board. We are at level three.")
    doc.add_paragraph("Capacity building", style="List Number")
    p = doc.add_paragraph()
    p.add_run("Collaborate:").bold = True
    p.add_run(" joint volunteer programme across twelve wards.")
    doc.add_paragraph("Conclusion")
    doc.add_paragraph("Overall most of our engagement sits at levels 2 and 3.")
    doc.save(tmp_path / "l.docx")
    det = detect_file(tmp_path / "l.docx")
    assert set(cells(det)) == {("planning-commissioning", 3), ("capacity-building", 4)}
    assert [u.reason for u in det.unplaced if u.text.startswith("Overall")] == ["general"]
