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
from conftest import needs_pdftotext, needs_soffice
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


def _pdf_pages(docx, tmp):
    import subprocess

    from conftest import soffice_convert
    pdf = soffice_convert(docx, "pdf", tmp)
    text = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True, check=True).stdout
    pages = text.split("\f")
    return pages[:-1] if not pages[-1].strip() else pages


@needs_soffice
@needs_pdftotext
def test_page_budget_at_200_returns(scale):
    """The 2015-size report: body at most 12 A4 pages, the whole at most 25 (with year on year and journey)."""
    store, _, tmp = scale
    out = build_report(store, "docx", str(tmp / "r.docx"), round_=2017, compare_with=2016)
    pages = _pdf_pages(out, tmp)
    annex = next(i for i, p in enumerate(pages) if "Annex A. Each board" in p)
    assert annex <= 12, f"body is {annex} pages"
    assert len(pages) <= 25, f"report is {len(pages)} pages"


def test_annex_grids_are_tables_not_pictures(scale):
    """Each board's grid is a shaded table (editable in Word), so the report draws two charts, not sixteen."""
    import zipfile

    store, _, tmp = scale
    out = build_report(store, "docx", str(tmp / "g.docx"), round_=2017, compare_with=2016)
    with zipfile.ZipFile(out) as z:
        media = [n for n in z.namelist() if n.startswith("word/media/")]
        xml = z.read("word/document.xml").decode("utf-8")
    assert len(media) == 2  # the national heatmap and the year-on-year chart
    assert xml.count('w:fill="3D85C6"') >= 14  # every board's busiest cell at the darkest shade
    board = build_model(store, 2017).overview.annex[0]
    assert [line.function for line in board.lines][0] == "Policy & Strategy"
    assert sum(int(c) for line in board.lines for c in line.counts if c) == board.placements


def test_a_profile_for_each_board(scale):
    """report --board: what the board returned, its levels against all boards, its movement against
    itself on the same topic, its themes (weighed as in the overview) with an example on the theme."""
    from matrix_synth.render.profile import build_profiles

    store, _, _ = scale
    tax = load()
    profiles = build_profiles(store, 2017)
    assert len(profiles) == 14
    weighed = substantive_themes(store.returns(2017), store.placements(2017), store.free_text(2017), tax)
    by_label = {t.label: t.id for t in tax.themes}
    for prof in profiles:
        assert prof.name in prof.returned and " 2017" in prof.returned
        assert len(prof.levels) == 5 and all(r.national != "–" for r in prof.levels)
        assert [r.round for r in prof.rounds] == [2015, 2016, 2017]
        assert prof.movement and "2016" in prof.movement_lead
        for s in prof.movement:
            assert (s.change == "–") == ("not compared" in s.compared_on), s
        assert {by_label[t.label] for t in prof.themes} <= weighed[prof.id]
        for t in prof.themes:
            assert int(re.search(r"\d+|no other", t.shared).group(0).replace("no other", "0")) <= 13
            if t.example:
                assert tax.weigh(t.example.text).get(by_label[t.label]), (t.label, t.example.text)
                assert "They place this as" in t.example.text and "…" not in t.example.text
        notes = [n.number for n in prof.notes]
        assert notes == list(range(1, len(notes) + 1))


def test_profiles_from_the_command_line(scale, tmp_path):
    from conftest import run_cli

    store, _, _ = scale
    db = store.path
    result = run_cli(["report", "--db", db, "--board", "all", "--format", "md", "-o", tmp_path / "profiles"])
    assert result.exit_code == 0, result.output
    files = sorted(os.listdir(tmp_path / "profiles"))
    assert len(files) == 14 and "profile-nhs-fife-2017.md" in files
    text = (tmp_path / "profiles" / "profile-nhs-fife-2017.md").read_text(encoding="utf-8")
    for heading in ("What NHS Fife returned", "Levels against the national picture", "Since the last return",
                    "What is working well", "Hallmarks of good partnership", "Improvements and concerns"):
        assert f"## {heading}" in text
    result = run_cli(["report", "--db", db, "--board", "fife", "--format", "html", "-o", tmp_path / "f.html"])
    assert result.exit_code == 0 and (tmp_path / "f.html").exists()
    result = run_cli(["report", "--db", db, "--board", "Narnia"])
    assert result.exit_code != 0 and "not the name of a board" in result.output and "NHS Fife" in result.output
    result = run_cli(["report", "--db", db, "--board", "NHS 24"])
    assert result.exit_code != 0 and "has no return" in result.output
    result = run_cli(["report", "--db", db, "--board", "fife", "--compare", "2016"])
    assert result.exit_code == 2 and "--compare" in result.output


@needs_soffice
@needs_pdftotext
def test_profiles_fit_two_pages_in_word(scale, tmp_path):
    from matrix_synth.render import build_profiles_files

    store, _, _ = scale
    for path in build_profiles_files(store, "all", "docx", str(tmp_path / "p")):
        pages = _pdf_pages(path, tmp_path)
        assert len(pages) <= 2, (path, len(pages))
