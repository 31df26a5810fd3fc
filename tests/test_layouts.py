"""Each layout boards send, written as a real file, found by the detector."""

import pytest
from docx import Document

from builders import (FUNCS, LEVELS, checkbox_run_xml, docx_table, grid_docx, legacy_checkbox_xml, put_in_cell,
                      replace_cell_with_sdt, tracked_paragraph_xml, xlsx)
from conftest import cells, detect_file
from sample_data import BOARDS_2013
from samples import write_return

LAYOUT_NAMES = {"docx-grid": "grid", "docx-transposed": "grid-transposed", "docx-ticks": "tick-grid",
                "docx-per-partner": "grid", "docx-narrative": "narrative", "xlsx-grid": "grid",
                "xlsx-list": "list", "xlsx-per-locality": "grid-transposed", "xlsx-fill": "fill-list"}


@pytest.mark.parametrize("layout", sorted(LAYOUT_NAMES))
def test_every_sample_layout_is_read_whole(tmp_path, layout):
    ret = next(r for r in BOARDS_2013 if r["layout"] == layout)
    det = detect_file(write_return(str(tmp_path), ret, 2013))
    assert det.board == ret["board"]
    assert det.matrices and det.matrices[0].layout == LAYOUT_NAMES[layout]
    texts = {" ".join(p.text.split()) for p in det.placements}
    for activity in ret["activities"]:
        assert any(activity[2][:25] in t or t in activity[2] for t in texts), activity
    assert {s.section for s in det.sections} >= {"working_well", "improvements", "next_steps", "feedback"}
    assert det.chars_unplaced <= det.chars_total * 0.1


def test_grid_with_title_rows_misspelled_labels_and_ranges(tmp_path):
    rows = ["Policy and Strategy", "Plan & Comm", "Contracting/Service delivery", "Cap. Building", "Learning exch."]
    cols = ["L1 Inform", "L2", "Involve", "Colaborate", "Level 5 – Empowerment"]
    path = grid_docx(tmp_path / "r.docx", rows, cols, title_rows=["NHS Fife Engagement Matrix 2013"],
                     fill={(0, 1): "Consulted on the strategy & the plan", (3, 3): "Joint training <with> TSI",
                           (4, 4): "Learning network run by the third sector"})
    det = detect_file(path)
    got = cells(det)
    assert got[("policy-strategy", 2)] == ["Consulted on the strategy & the plan"]
    assert got[("capacity-building", 4)] == ["Joint training <with> TSI"]
    assert got[("learning-exchange", 5)] == ["Learning network run by the third sector"]
    assert det.board == "fife"


def test_transposed_grid_levels_as_rows(tmp_path):
    path = grid_docx(tmp_path / "t.docx", LEVELS, FUNCS, fill={(2, 0): "Involved in policy groups",
                                                               (3, 4): "Shared learning events"})
    got = cells(detect_file(path))
    assert got[("policy-strategy", 3)] == ["Involved in policy groups"]
    assert got[("learning-exchange", 4)] == ["Shared learning events"]


def test_range_in_cell_places_text_at_both_levels(tmp_path):
    doc = Document()
    docx_table(doc, [["Function", "Level", "Activity"],
                     ["Planning & Commissioning", "2-3", "Third sector on the planning group"],
                     ["Capacity Building", "Consult/Involve", "Small grants"],
                     ["Learning Exchange", "L4 - Collaborate", "Joint conference"]])
    doc.save(tmp_path / "list.docx")
    got = cells(detect_file(tmp_path / "list.docx"))
    assert got[("planning-commissioning", 2)] == got[("planning-commissioning", 3)] == \
        ["Third sector on the planning group"]
    assert ("capacity-building", 2) in got and ("capacity-building", 3) in got
    assert got[("learning-exchange", 4)] == ["Joint conference"]


def test_ticks_with_evidence_column(tmp_path):
    doc = Document()
    docx_table(doc, [["Function"] + LEVELS + ["Examples / evidence"],
                     [FUNCS[0], "", "X", "", "", "", "Consultation on the carers strategy"],
                     [FUNCS[1], "", "", "✔", "", "", "Change fund planning group"],
                     [FUNCS[3], "", "", "", "Yes", "", "Joint training programme"]])
    doc.save(tmp_path / "ticks.docx")
    det = detect_file(tmp_path / "ticks.docx")
    got = cells(det)
    assert got[("policy-strategy", 2)] == ["Consultation on the carers strategy"]
    assert got[("planning-commissioning", 3)] == ["Change fund planning group"]
    assert got[("capacity-building", 4)] == ["Joint training programme"]
    assert {p.marker for p in det.placements} == {"tick"}


def test_checkbox_content_control_state_not_glyph(tmp_path):
    doc = Document()
    table = docx_table(doc, [["Function"] + LEVELS + ["Evidence"],
                             [FUNCS[0], "", "", "", "", "", "Policy forum"],
                             [FUNCS[1], "", "", "", "", "", "Commissioning group"]])
    # ticked, though its glyph still shows an empty box
    put_in_cell(table.cell(1, 3), [checkbox_run_xml(True, "☐")])
    # not ticked, though someone typed a ticked glyph
    put_in_cell(table.cell(2, 2), [checkbox_run_xml(False, "☒")])
    put_in_cell(table.cell(2, 5), [checkbox_run_xml(True, "☒")])
    doc.save(tmp_path / "cc.docx")
    got = cells(detect_file(tmp_path / "cc.docx"))
    assert got[("policy-strategy", 3)] == ["Policy forum"]
    assert ("planning-commissioning", 2) not in got
    assert got[("planning-commissioning", 5)] == ["Commissioning group"]


def test_legacy_form_field_checkbox(tmp_path):
    doc = Document()
    table = docx_table(doc, [["Function"] + LEVELS + ["Evidence"],
                             [FUNCS[2], "", "", "", "", "", "Third sector delivers befriending"]])
    for col in range(1, 6):
        put_in_cell(table.cell(1, col), legacy_checkbox_xml(col == 4))
    doc.save(tmp_path / "legacy.docx")
    assert cells(detect_file(tmp_path / "legacy.docx")) == {
        ("contracting-delivery", 4): ["Third sector delivers befriending"]}


def test_content_control_wrapping_a_whole_cell(tmp_path):
    path = grid_docx(tmp_path / "sdt.docx", fill={(0, 0): "placeholder"})
    doc = Document(path)
    replace_cell_with_sdt(doc.tables[0], 2, 3, "Third sector sits on the commissioning board")
    doc.save(path)
    got = cells(detect_file(path))
    assert got[("planning-commissioning", 3)] == ["Third sector sits on the commissioning board"]


def test_tracked_changes_inserted_counts_deleted_does_not(tmp_path):
    from docx.oxml import parse_xml
    path = grid_docx(tmp_path / "track.docx")
    doc = Document(path)
    cell = doc.tables[0].cell(4, 4)
    p = cell.paragraphs[0]._p
    p.addprevious(parse_xml(tracked_paragraph_xml("Joint training", "with carers centres", "OLD WORDING")))
    p.getparent().remove(p)
    doc.save(path)
    got = cells(detect_file(path))
    assert got[("capacity-building", 4)] == ["Joint training with carers centres"]
    assert not any("OLD WORDING" in t for texts in got.values() for t in texts)


def test_nested_table_inside_a_cell(tmp_path):
    doc = Document()
    outer = doc.add_table(rows=1, cols=1)
    inner = outer.cell(0, 0).add_table(rows=6, cols=6)
    for j, lv in enumerate(LEVELS):
        inner.cell(0, j + 1).text = lv
    for i, fn in enumerate(FUNCS):
        inner.cell(i + 1, 0).text = fn
    inner.cell(2, 2).text = "Consulted on the locality plans"
    doc.save(tmp_path / "nested.docx")
    assert cells(detect_file(tmp_path / "nested.docx"))[("planning-commissioning", 2)] == \
        ["Consulted on the locality plans"]


def test_merged_header_cells(tmp_path):
    doc = Document()
    table = docx_table(doc, [["Level of engagement", "", "", "", "", ""], [""] + LEVELS,
                             [FUNCS[0], "a", "", "", "", ""], [FUNCS[1], "", "", "", "b", ""]])
    table.cell(0, 0).merge(table.cell(0, 5))
    doc.save(tmp_path / "merged.docx")
    got = cells(detect_file(tmp_path / "merged.docx"))
    assert got[("policy-strategy", 1)] == ["a"]
    assert got[("planning-commissioning", 4)] == ["b"]


def test_several_matrices_take_partner_from_heading(tmp_path):
    doc = Document()
    doc.add_paragraph("NHS Tayside Engagement Matrix")
    for partner, text in (("Partner: Volunteer Centre Dundee", "Volunteer recruitment"),
                          ("Partner: Angus Carers Centre", "Carers support")):
        doc.add_heading(partner, 2)
        docx_table(doc, [[""] + LEVELS] + [[f] + [""] * 5 for f in FUNCS])
        doc.tables[-1].cell(3, 3).text = text
    doc.save(tmp_path / "multi.docx")
    det = detect_file(tmp_path / "multi.docx")
    assert len(det.matrices) == 2
    partners = {p.partner for p in det.placements}
    assert partners == {"Volunteer Centre Dundee", "Angus Carers Centre"}
    assert det.board == "tayside"


def test_narrative_levels_in_sentences(tmp_path):
    doc = Document()
    doc.add_paragraph("NHS Orkney return")
    doc.add_heading("Policy and strategy development", 2)
    doc.add_paragraph("We are at level 2-3 (consult/involve): the forum comments on draft plans.")
    doc.add_heading("Capacity building", 2)
    doc.add_paragraph("Overall we would place ourselves at level 4 through the joint training programme.")
    doc.save(tmp_path / "narr.docx")
    got = cells(detect_file(tmp_path / "narr.docx"))
    assert ("policy-strategy", 2) in got and ("policy-strategy", 3) in got
    assert ("capacity-building", 4) in got


def test_contact_list_and_signoff_are_not_matrices(tmp_path):
    doc = Document()
    doc.add_paragraph("NHS Highland – Engagement Matrix")
    docx_table(doc, [["Name", "Organisation", "Email", "Phone"],
                     ["Jane Smith", "Highland TSI", "jane@example.org", "01463 000000"]])
    docx_table(doc, [[""] + LEVELS] + [[f] + [""] * 5 for f in FUNCS])
    doc.tables[-1].cell(1, 2).text = "Consulted on the strategy"
    docx_table(doc, [["Completed by", "Alex Brown, Third Sector Lead"], ["Date", "12 June 2013"]])
    doc.save(tmp_path / "contacts.docx")
    det = detect_file(tmp_path / "contacts.docx")
    assert len(det.matrices) == 1
    assert [p.text for p in det.placements] == ["Consulted on the strategy"]
    assert "Alex Brown" in det.fields.get("completed_by", "")
    assert "2013" in det.fields.get("date", "")


def test_boilerplate_is_never_engagement(tmp_path):
    path = grid_docx(tmp_path / "bp.docx", fill={(0, 0): "Click here to enter text.", (1, 1): "N/A", (2, 2): "-",
                                                 (3, 3): "Real activity"})
    det = detect_file(path)
    assert [p.text for p in det.placements] == ["Real activity"]
    assert {u.text for u in det.unplaced if u.reason == "boilerplate"} >= {"Click here to enter text.", "N/A"}


def test_nothing_lost_unrecognised_text_is_unplaced_with_location(tmp_path):
    path = grid_docx(tmp_path / "left.docx", fill={(1, 1): "Commissioning group"},
                     after=["A note that fits nowhere in particular about the weather."])
    det = detect_file(path)
    texts = [u.text for u in det.unplaced]
    assert "A note that fits nowhere in particular about the weather." in texts
    loc = next(u.loc for u in det.unplaced if u.text.startswith("A note"))
    assert "paragraph" in loc.describe()


def test_excel_grid_not_at_a1_with_true_cell_refs(tmp_path):
    rows = [["NHS Lanarkshire"], [], [None, None, "Function"] + LEVELS]
    for f in FUNCS:
        rows.append([None, None, f, None, None, None, None, None])
    path = xlsx(tmp_path / "g.xlsx", rows, sheet="Carers")
    from openpyxl import load_workbook
    wb = load_workbook(path)
    wb["Carers"]["F5"] = "Carers strategy group"  # row 5 = Planning, column F = 3 Involve
    wb.save(path)
    det = detect_file(path)
    p = det.placements[0]
    assert (p.function, p.level, p.text) == ("planning-commissioning", 3, "Carers strategy group")
    assert p.loc.cell_ref() == "Carers!F5"
    assert det.matrices[0].topic == "Carers" or det.matrices[0].label == "Carers"


def test_excel_level_by_fill_colour_with_key(tmp_path):
    rows = [["Key", "Inform", "Consult", "Involve", "Collaborate", "Empower"], [],
            ["Function", "Activity"], [FUNCS[0], "Consultation on the strategy"], [FUNCS[3], "Joint training"]]
    colours = ["FFF2CC", "FCE4D6", "DDEBF7", "E2EFDA", "C6E0B4"]
    fills = {f"{c}1": colours[i] for i, c in enumerate("BCDEF")}
    fills.update({"B4": colours[1], "B5": colours[3]})
    det = detect_file(xlsx(tmp_path / "fill.xlsx", rows, fills=fills))
    got = cells(det)
    assert got[("policy-strategy", 2)] == ["Consultation on the strategy"]
    assert got[("capacity-building", 4)] == ["Joint training"]


def test_excel_list_with_level_variants_and_sheets_per_locality(tmp_path):
    head = ["Activity", "Function", "Level"]
    path = xlsx(tmp_path / "list.xlsx", [head, ["Carers forum", "Policy", "Level 4"],
                                         ["Training", "Cap. Building", "L2 - Consult"]],
                sheet="Inverness", extra_sheets={"Caithness": [head, ["Befriending", "Service delivery", "3"]]})
    det = detect_file(path)
    got = cells(det)
    assert got[("policy-strategy", 4)] == ["Carers forum"]
    assert got[("capacity-building", 2)] == ["Training"]
    assert got[("contracting-delivery", 3)] == ["Befriending"]
    assert {p.locality for p in det.placements} == {"Inverness", "Caithness"} or \
        {m.label for m in det.matrices} == {"Inverness", "Caithness"}
