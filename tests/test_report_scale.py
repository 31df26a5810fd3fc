"""The overview at the size of 2015: three rounds of 200 returns (tests/scale_rounds.py: 6-17 returns
per board, several topics each, topics that change and are reworded between rounds)."""
from __future__ import annotations

import os
import re

import pytest

from matrix_synth import Store, ingest
from matrix_synth.render import build_model, build_report
from matrix_synth.render.overview import lower_label
from matrix_synth.themes import load, substantive_themes
from scale_rounds import labels, write_rounds

GOLDEN = os.path.join(os.path.dirname(__file__), "golden")


@pytest.fixture(scope="module")
def scale(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("scale")
    made = write_rounds(str(tmp / "returns"))
    store = Store(str(tmp / "s.sqlite"))
    ingest([str(tmp / "returns")], store)
    return store, made, tmp


def test_board_themes_are_weighed_not_counted(scale):
    """Against the reading of every board in every round (labels from hand-labelled sentences)."""
    store, made, _ = scale
    tax = load()
    got, want = set(), set()
    for rnd, reading in labels(made).items():
        want |= {(rnd, b, t) for b, ts in reading.items() for t in ts}
        found = substantive_themes(store.returns(rnd), store.placements(rnd), store.free_text(rnd), tax)
        got |= {(rnd, b, t) for b, ts in found.items() for t in ts}
    tp = len(got & want)
    assert tp / len(got) >= 0.90 and tp / len(want) >= 0.85, (tp / len(got), tp / len(want))


def test_themes_do_not_saturate_and_examples_are_on_theme(scale):
    store, _, _ = scale
    ov = build_model(store, 2017, 2016).overview
    boards = ov.national.boards
    assert boards == 14
    tax = load()
    for t in ov.themes:
        assert t.boards < boards, t.label  # a theme of every board is said once, not as a section
        assert len(t.board_names) == t.boards
        for e in t.examples:
            words = e.text.split("– ", 1)[1].rsplit(" They place this as ", 1)[0]
            assert tax.weigh(words).get(t.id), (t.label, e.text)
            assert "…" not in e.text and "•" not in e.text
            assert re.search(r"They place this as (informing|consulting|involving) partners|"
                             r"They place this as (collaboration|empowerment)", e.text)
    for finding in ov.findings:
        for n in re.findall(r"(?<!of )(\d+) boards", re.sub(r"\d+ of 22 boards", "", finding)):
            assert int(n) <= boards, finding


def test_the_journey_and_the_close(scale):
    store, _, _ = scale
    ov = build_model(store, 2017, 2016).overview
    assert [r.round for r in ov.journey.rows] == [2015, 2016, 2017]
    assert all(r.boards == 14 and r.matrices == 200 for r in ov.journey.rows)
    assert 3 <= len(ov.closing) <= 5
    assert "not an audit" in ov.closing[-1] or "neither an audit" in ov.closing[-1]
    # two rounds only: no journey section, the year-on-year section is the journey
    assert build_model(store, 2016, 2015).overview.journey is None


def test_annex_fields_are_read_as_a_person_would(scale):
    store, _, _ = scale
    for b in build_model(store, 2017).overview.annex:
        assert b.topic != "not stated" and b.partners != "not stated", b.name
        assert "Activities" not in b.topic.split("; ")
        assert b.partners.count(";") <= 6


def test_golden_text_at_200_returns(scale):
    store, _, tmp = scale
    out = build_report(store, "md", str(tmp / "r.md"), round_=2017, compare_with=2016)
    with open(out, encoding="utf-8") as fh:
        text = re.sub(r"\S+_files/", "FILES/", fh.read())
    path = os.path.join(GOLDEN, "report-2017-200-returns.md.txt")
    if os.environ.get("MATRIX_SYNTH_UPDATE_GOLDEN"):
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)
    with open(path, encoding="utf-8") as fh:
        expected = fh.read()
    assert text == expected, f"{path} differs: if the change is intended, rerun with MATRIX_SYNTH_UPDATE_GOLDEN=1"


def test_lower_label_keeps_acronyms():
    assert lower_label("Sexual health and HIV") == "sexual health and HIV"
    assert lower_label("Carers") == "carers"
