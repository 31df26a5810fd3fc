"""The generator of variations (tests/variations.py): a few hundred returns made the way boards fill
in the template, each read and scored against the placements the generator put in it."""
from __future__ import annotations

import os
from collections import defaultdict

import pytest

from conftest import detect_file, needs_soffice
from variations import LAYOUTS, Score, Spec, as_odt, build, make, score, specs


@pytest.fixture(scope="module")
def scored(tmp_path_factory):
    folder = tmp_path_factory.mktemp("variations")
    out = []
    for spec in specs(seed=5, combos=14):
        made = make(spec, str(folder))
        det = detect_file(made.path)
        out.append((made, det, score(made, det.placements)))
    return out


def test_a_few_hundred_variations_are_generated(scored):
    assert len(scored) >= 200
    assert {m.spec.layout for m, _d, _s in scored} == set(LAYOUTS)
    assert {m.spec.fmt for m, _d, _s in scored} == {"docx", "xlsx"}


def test_pooled_placements_meet_the_targets(scored):
    pooled = Score()
    for _m, _d, s in scored:
        pooled.add(s)
    assert pooled.precision >= 0.98, pooled
    assert pooled.recall >= 0.95, pooled
    assert pooled.f1 >= 0.95, pooled
    assert pooled.text_share >= 0.98, pooled


def test_every_layout_and_mod_meets_the_targets(scored):
    groups: dict[str, Score] = defaultdict(Score)
    for made, _d, s in scored:
        groups[made.spec.layout + "/" + made.spec.fmt].add(s)
        for mod in made.spec.mods:
            groups[mod].add(s)
    low = {k: (round(s.precision, 3), round(s.recall, 3)) for k, s in groups.items()
           if s.precision < 0.98 or s.recall < 0.95}
    assert not low


def test_no_return_loses_more_than_a_few_cells(scored):
    bad = [(m.spec.name, s.tp, s.fp, s.fn) for m, _d, s in scored if s.f1 < 0.8]
    assert len(bad) <= len(scored) // 50, bad


def test_template_text_is_kept_as_boilerplate_never_placed(scored):
    for made, det, _s in scored:
        if {"descriptor-row", "descriptor-labels", "descriptor-tables"} & set(made.spec.mods):
            texts = " ".join(p.text for p in det.placements).lower()
            assert "involving the third sector in" not in texts, made.spec.name
            assert "final decision-making is placed" not in texts, made.spec.name
            assert any(u.reason == "boilerplate" for u in det.unplaced), made.spec.name


def test_context_columns_are_kept_with_their_row_not_counted(scored):
    for made, det, _s in scored:
        heads = {c.text for table in build(made.spec)[0] for row in table for c in row}
        if "extra-cols" in made.spec.mods and heads & {"Next steps", "Lead officer", "RAG status"}:
            texts = " ".join(p.text for p in det.placements)
            for word in ("Head of Planning", "Third Sector Lead", "Review the agreement next year"):
                assert word not in texts, made.spec.name
            kept = [u for u in det.unplaced if u.reason == "context"]
            assert kept and all(u.loc.row for u in kept), made.spec.name


def test_template_as_issued_is_read_with_descriptor_row_and_labels(tmp_path):
    made = make(Spec("grid", "docx", ("descriptor-row", "descriptor-labels"), 1), str(tmp_path))
    det = detect_file(made.path)
    assert score(made, det.placements).f1 == 1.0
    assert det.matrices[0].layout == "grid"


def test_one_filled_and_one_blank_matrix_keeps_the_filled_cells(tmp_path):
    from matrix_synth.pipeline import FileReport, process_file
    made = make(Spec("grid", "xlsx", ("blank-matrix",), 2), str(tmp_path))
    rec = process_file(made.path, os.path.basename(made.path), 2013)
    report = FileReport.of(rec, "checked")
    assert report.status == "warning", [p.line() for p in report.problems]
    assert report.placements == len(made.expected)
    empty = [p for p in report.problems if p.code == "empty-matrix"]
    assert empty and empty[0].severity == "warning" and "sheet 'Matrix'" in empty[0].location


@pytest.mark.parametrize("board,layout", [("shetland", "docx-template-row"), ("ayrshire-arran", "docx-template-labels")])
def test_bundled_template_as_issued_returns_check_clean(tmp_path, board, layout):
    import random

    from conftest import run_cli
    from samples import levels_of, round_2014, write_return

    ret = next(r for r in round_2014(random.Random(2014)) if r["board"] == board)
    assert ret["layout"] == layout
    path = write_return(str(tmp_path), ret, 2014)
    result = run_cli(["check", path])
    assert result.exit_code == 0, result.output
    assert "· grid ·" in result.output and "0 problems" in result.output
    det = detect_file(path)
    want = {(f, lv) for f, spec, _t in ret["activities"] for lv in levels_of(spec)}
    assert {(p.function, p.level) for p in det.placements} == want
    assert any(u.reason == "boilerplate" for u in det.unplaced)  # the template's text, kept apart


def test_a_list_split_with_its_header_repeated_raises_no_problem(scored):
    from matrix_synth.detect.finders import FINDERS
    assert [f.name for f in FINDERS] == ["grid", "list", "axis from the headings"]  # the documented order
    for made, det, _s in scored:
        if made.spec.layout == "list" and "split-table-repeat" in made.spec.mods:
            assert not [p.code for p in det.warnings if p.code.endswith("-unreadable")], made.spec.name
            assert not [u for u in det.unplaced if u.reason == "no-function"], made.spec.name


@needs_soffice
def test_some_variations_saved_as_odt_read_the_same(tmp_path):
    picks = [Spec("grid", "docx", ("descriptor-row", "extra-cols"), 3),
             Spec("transposed", "docx", ("descriptor-labels", "split-table"), 4),
             Spec("tick", "docx", ("descriptor-col", "notes-row"), 5),
             Spec("list", "docx", ("split-table-repeat", "bullets"), 6)]
    odt = as_odt([make(spec, str(tmp_path)) for spec in picks], str(tmp_path))
    assert len(odt) == len(picks)
    pooled = Score()
    for made in odt:
        pooled.add(score(made, detect_file(made.path).placements))
    assert pooled.precision >= 0.98 and pooled.recall >= 0.95, pooled
