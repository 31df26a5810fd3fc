"""The overview a chief executive reads: no quote twice, no ids or tool talk, footnotes, the page
budget, hallmarks and concerns with counts, sentences never cut mid-word, golden text per format.

Golden files (tests/golden/) hold the rendered text of each format on the bundled samples, so a
change of wording shows as a diff. Regenerate them after an intended change with
    MATRIX_SYNTH_UPDATE_GOLDEN=1 python -m pytest tests/test_overview.py
"""
from __future__ import annotations

import os
import random
import re
import subprocess
import zipfile

import pytest
from docx import Document

from matrix_synth import Store, build_report, ingest
from matrix_synth.aggregate import interpretation
from matrix_synth.render.model import build_model
from matrix_synth.render.overview import excerpt, plausible_field, sentences
from samples import write_return
from matrix_synth.schema import BOARDS, FUNCTION_IDS
from matrix_synth.themes import load, substantive_themes

from conftest import needs_pdftotext, needs_soffice, soffice_convert
from fresh_returns import FRESH_2015

GOLDEN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "golden")
# ids as the tool writes them ("capacity-building" is also ordinary English in boards' own words)
IDS = [b.id for b in BOARDS if "-" in b.id] + [f for f in FUNCTION_IDS if f != "capacity-building"]


@pytest.fixture(scope="module")
def fresh_store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fresh") / "2015"
    folder.mkdir()
    for ret in FRESH_2015:
        write_return(str(folder), ret, 2015)
    store = Store(str(tmp_path_factory.mktemp("db") / "fresh.sqlite"))
    ingest([str(folder)], store)
    return store


@pytest.fixture(scope="module")
def reports(sample_store, fresh_store, tmp_path_factory):
    """Each format for 2013, for 2014 with the comparison, and for the fresh round."""
    out = {}
    folder = tmp_path_factory.mktemp("reports")
    for name, store, kwargs in (("2013", sample_store, {"round_": 2013}),
                                ("2014", sample_store, {"round_": 2014, "compare_with": 2013}),
                                ("fresh", fresh_store, {"round_": 2015})):
        for fmt in ("md", "html", "docx"):
            out[name, fmt] = build_report(store, fmt, str(folder / f"{name}.{fmt}"), **kwargs)
    return out


def docx_text(path: str) -> str:
    doc = Document(path)
    lines = [p.text for p in doc.paragraphs]
    for t in doc.tables:
        lines += [" | ".join(c.text for c in row.cells) for row in t.rows]
    return "\n".join(lines)


def html_text(path: str) -> str:
    html = open(path, encoding="utf-8").read()
    html = re.sub(r"data:image/png;base64,[A-Za-z0-9+/=]+", "", html)
    html = re.sub(r"<style>.*?</style>", "", html, flags=re.S)
    return re.sub(r"\n\s*\n+", "\n", re.sub(r"<[^>]+>", "", html))


def text_of(reports, name, fmt) -> str:
    path = reports[name, fmt]
    if fmt == "docx":
        return docx_text(path)
    if fmt == "html":
        return html_text(path)
    return open(path, encoding="utf-8").read()


def body(text: str) -> str:
    return text.split("Annex A. Each board")[0]


@pytest.mark.parametrize("name", ["2013", "2014", "fresh"])
@pytest.mark.parametrize("fmt", ["md", "html", "docx"])
def test_no_sentence_is_quoted_twice(reports, name, fmt):
    quoted = re.findall(r"“([^”]+)”", text_of(reports, name, fmt))
    assert len(quoted) >= 5
    seen = set()
    for q in quoted:
        for s in sentences(q.replace("…", "")):
            key = re.sub(r"\W+", " ", s.lower()).strip()
            assert key not in seen, s
            seen.add(key)


@pytest.mark.parametrize("name", ["2013", "2014", "fresh"])
@pytest.mark.parametrize("fmt", ["md", "html", "docx"])
def test_no_ids_and_no_tool_talk(reports, name, fmt):
    text = text_of(reports, name, fmt)
    for ident in IDS:  # a file name may contain an id ('fife-engagement…'): only a bare id is wrong
        assert not re.search(rf"(?<![\w-]){re.escape(ident)}(?![\w-])", text), ident
    for talk in ("matrix-synth", " --", "placements"):
        assert talk not in text, talk
    assert not re.search(r"(?<!\d)(1 boards|0 boards)", text)


def test_word_footnotes_carry_the_sources(reports):
    with zipfile.ZipFile(reports["2013", "docx"]) as z:
        document = z.read("word/document.xml").decode()
        notes = z.read("word/footnotes.xml").decode()
    refs = re.findall(r'<w:footnoteReference w:id="(\d+)"/>', document)
    defined = re.findall(r'<w:footnote w:id="(\d+)">', notes)
    assert len(refs) >= 15 and sorted(refs, key=int) == sorted(defined, key=int)
    assert "[[note:" not in document
    assert re.search(r"engagement-matrix-2013\.(docx|xlsx), (table|sheet|paragraph)", notes)


def test_html_and_markdown_notes_link_to_their_sources(reports):
    html = open(reports["2013", "html"], encoding="utf-8").read()
    links = re.findall(r'href="#note-(\d+)"', html)
    assert len(links) >= 15 and all(f'id="note-{n}"' in html for n in links)
    md = open(reports["2013", "md"], encoding="utf-8").read()
    used = set(re.findall(r"\[\^(\d+)\](?!:)", md))
    defined = set(re.findall(r"^\[\^(\d+)\]: \S", md, re.M))
    assert used and used == defined


def test_hallmarks_and_concerns_are_points_with_counts(sample_store):
    ov = build_model(sample_store, 2013).overview
    labels = {p.label for p in ov.hallmarks.points}
    assert {"Open minds", "Good interpersonal relationships", "Addressing local needs together",
            "Parity in partnership", "Shared learning and training"} >= labels and len(labels) >= 4
    for p in ov.hallmarks.points + ov.concerns.points:
        assert p.boards == len(p.board_names) == len(set(p.board_names)) >= 1
    assert all(len(p.quotes) <= 2 for p in ov.hallmarks.points)
    assert all(len(p.quotes) <= 1 for p in ov.concerns.points)
    concerns = {p.label: p for p in ov.concerns.points}
    # procurement: Greater Glasgow & Clyde, Lothian, Tayside say so in their own words
    assert concerns["Procurement"].board_names == ["NHS Greater Glasgow & Clyde", "NHS Lothian", "NHS Tayside"]
    assert concerns["Targets getting in the way"].boards == 1
    md = build_report(sample_store, "md", os.path.join(os.path.dirname(sample_store.path), "c.md"), round_=2013)
    text = open(md, encoding="utf-8").read()
    assert "**Procurement** (3 boards)" in text and "**Targets getting in the way** (1 board)" in text


def test_working_well_has_leading_themes_one_example_per_board(sample_store):
    ov = build_model(sample_store, 2013).overview
    assert 3 <= len(ov.themes) <= 5
    assert [t.boards for t in ov.themes] == sorted((t.boards for t in ov.themes), reverse=True)
    for t in ov.themes:
        boards = [e.board for e in t.examples]
        assert len(boards) == len(set(boards)) and 1 <= len(boards) <= 4
        assert t.boards == len(t.board_names)
    assert ov.other_themes and all(o.boards >= 1 for o in ov.other_themes)
    assert 5 <= len(ov.findings) <= 8


def test_fresh_round_skips_introductory_sentences_and_wrong_fields(reports, fresh_store):
    text = text_of(reports, "fresh", "md")
    assert "Partners mapped examples" not in text and "move towards Collaborate" not in text
    assert "Date: 10 September" not in text
    assert "Fife Voluntary Action" in text and "[name removed]" not in text
    assert "Fiona Rennie" not in text


@pytest.mark.parametrize("seed", range(20))
def test_excerpt_never_cuts_mid_word(seed):
    rng = random.Random(seed)
    words = ["carers", "hub", "the", "board", "and", "volunteers", "co-design", "respite", "12", "Blide"]
    text = " ".join(" ".join(rng.choice(words) for _ in range(rng.randint(3, 40))).capitalize() + rng.choice(".!?")
                    for _ in range(rng.randint(1, 6)))
    limit = rng.randint(30, 200)
    out = excerpt(text, limit)
    core = out.rstrip(" …")
    assert text.startswith(core)
    assert core == text or out.endswith("…")
    # cut at a sentence end, or between words when one sentence is very long
    assert core == text or core.endswith((".", "!", "?")) or text[len(core)] == " "


def test_excerpt_leaves_out_introductory_and_aspirational_sentences():
    text = "Partners mapped examples at levels 4 and 5. We would like to move towards Collaborate. " \
           "The carers centre runs respite breaks."
    assert excerpt(text, 300, skip_intro=True) == "The carers centre runs respite breaks."
    assert excerpt("We aim to do more.", 300, skip_intro=True) == ""


def test_annex_fields_that_are_not_a_topic_or_partner_are_left_out():
    for noise in ("Key (cell colour = level of engagement)", "Date: 10 September",
                  "Board: NHS Fife Partner: FVA Completed by: J Smith Date: 1/9/13", "x" * 300):
        assert plausible_field(noise) == ""
    assert plausible_field("Fife Voluntary Action") == "Fife Voluntary Action"
    assert plausible_field("Older people services / change fund") == "Older people services / change fund"


def test_two_matrices_on_two_topics_are_several_topics():
    rets = [{"topic": "Carers", "partners": "A"}, {"topic": "Mental health", "partners": "B"}]
    mats = [{"partner": "A", "topic": "Carers"}, {"partner": "B", "topic": "Mental health"}]
    assert interpretation(rets, mats) == "several topics"
    assert interpretation([{"topic": "Carers", "partners": "A; B"}],
                          [{"partner": "A", "topic": ""}, {"partner": "B", "topic": ""}]) == "one matrix per partner"


def _ret(rid, board, topic, *texts, well=""):
    rets = [{"id": rid, "board": board, "topic": topic}]
    placements = [{"return_id": rid, "board": board, "topic": topic, "text": t} for t in texts]
    free = [{"return_id": rid, "board": board, "section": "working_well", "text": well}] if well else []
    return rets, placements, free


def _themes_of(*made):
    rets, pl, free = [], [], []
    for r, p, f in made:
        rets += r
        pl += p
        free += f
    return substantive_themes(rets, pl, free, load())


def test_one_passing_mention_is_not_a_board_theme():
    got = _themes_of(
        _ret(1, "fife", "Older people", "Lunch clubs are run by Age Scotland.", "Volunteers help at the annual event.",
             "The change fund plan was agreed with partners."),
        _ret(2, "orkney", "Suicide prevention", "ASIST training is a shared course for NHS staff and the community.",
             "Community members trained as ASIST trainers alongside NHS staff."))
    assert got["fife"] == {"change-fund-older-people"}
    # two activities of three train people: the return shares training as well as suicide prevention
    assert got["orkney"] == {"suicide-prevention", "training-skills"}


@pytest.mark.parametrize("topic, texts, want", [
    # befriending is for isolated people, not carers
    ("Older people", ["A befriending service keeps isolated older people in touch.",
                      "Befriending volunteers visit weekly."], {"change-fund-older-people"}),
    # suicide prevention is not prevention and self management
    ("Suicide prevention", ["The suicide prevention action plan was co-written.",
                            "Suicide prevention campaigns are reviewed by partners."], {"suicide-prevention"}),
    # recovery in an ADP return is recovery from drugs and alcohol, not mental health
    ("Alcohol and Drug Partnership", ["The recovery café is run by people in recovery.",
                                      "Recovery walks are planned with the recovery community."], {"alcohol-drugs"}),
    # a contract in every service-delivery row is not a funding theme
    ("Carers", ["Carers centre staff run the carer support line under a contract.",
                "The contract for carer breaks was renewed.", "Carers sit on the strategy group."], {"carers"}),
    # a governance body's or a board's name is not a theme
    ("Volunteering", ["Volunteers are placed on wards; the Learning Disability Partnership Board gets a report.",
                      "Volunteer Centre staff induct new volunteers; NHS Education for Scotland materials are used.",
                      "An update goes to the Children and Families Committee about volunteers."], {"volunteering"}),
    # a line pasted into every cell counts once
    ("Carers", ["Carers review the plan. Funding is confirmed until March.",
                "Respite is planned with carers. Funding is confirmed until March.",
                "Carers train ward staff. Funding is confirmed until March."], {"carers"}),
    # a section heading that starts every row is said once, not a theme of each row
    ("Carers", ["Mental health services: Carers review the plan.", "Mental health services: Respite is planned "
                "with carers.", "Mental health services\nCarers train ward staff."], {"carers"}),
    # a second strand of two activities, on its own, is a theme of the return
    ("Carers", ["Carers review the plan.", "The volunteering strategy was co-written.",
                "Volunteers are recruited by the volunteer centre."], {"carers", "volunteering"}),
])
def test_themes_are_weighed_in_context(topic, texts, want):
    assert _themes_of(_ret(1, "fife", topic, *texts))["fife"] == want


def test_the_boards_own_account_of_what_works_counts():
    got = _themes_of(_ret(1, "fife", "Partnership working", "Carers sit on the strategy group.", "Newsletters go out.",
                          well="Carers are heard at every stage."))
    assert got["fife"] == {"carers"}


@pytest.mark.parametrize("fmt", ["md", "html", "docx"])
def test_golden_text(reports, fmt):
    """The rendered text of each format on the samples; a change of wording shows as a diff here."""
    text = text_of(reports, "2014", fmt)
    text = re.sub(r"\S+_files/", "FILES/", text)
    path = os.path.join(GOLDEN, f"report-2014.{fmt}.txt")
    if os.environ.get("MATRIX_SYNTH_UPDATE_GOLDEN"):
        os.makedirs(GOLDEN, exist_ok=True)
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)
    with open(path, encoding="utf-8") as fh:
        expected = fh.read()
    assert text == expected, f"{path} differs: if the change is intended, rerun with MATRIX_SYNTH_UPDATE_GOLDEN=1"


@needs_soffice
@needs_pdftotext
def test_page_budget_in_word(reports, tmp_path):
    """A 2013-like round: body (before the annexes) at most 12 A4 pages, the whole report at most 25."""
    pdf = soffice_convert(reports["2013", "docx"], "pdf", tmp_path)
    text = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True, check=True).stdout
    pages = text.split("\f")
    pages = pages[:-1] if not pages[-1].strip() else pages
    annex = next(i for i, p in enumerate(pages) if "Annex A. Each board" in p)
    assert annex <= 12, f"body is {annex} pages"
    assert len(pages) <= 25, f"report is {len(pages)} pages"


def test_files_not_read_are_listed_once_in_plain_words(tmp_path):
    folder = tmp_path / "2013"
    folder.mkdir()
    from sample_data import BOARDS_2013
    write_return(str(folder), BOARDS_2013[0], 2013)
    (folder / "empty.docx").write_bytes(b"")
    (folder / "letter.docx").write_text("not really a Word file", encoding="utf-8")
    store = Store(str(tmp_path / "s.sqlite"))
    ingest([str(folder)], store)
    md = open(build_report(store, "md", str(tmp_path / "r.md"), round_=2013), encoding="utf-8").read()
    about = md.split("## About the data")[1]
    assert about.count("empty.docx:") == 1 and about.count("letter.docx:") == 1
    assert "matrix-synth" not in about and " --" not in about


def test_detail_full_keeps_the_evidence_pack(sample_store, tmp_path):
    from click.testing import CliRunner
    from matrix_synth.cli import cli
    out = tmp_path / "full.md"
    result = CliRunner().invoke(cli, ["report", "--format", "md", "-o", str(out), "--db", sample_store.path,
                                      "--round", "2013", "--detail", "full"])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "## Emerging subjects" in text and "engagement-matrix-2013" in text.split("## 6.")[0]


def test_misspelt_word_tag_fails_loudly(sample_store, tmp_path):
    from matrix_synth.problems import MatrixSynthError
    from matrix_synth.render import template_path
    doc = Document(template_path("docx", None))
    doc.paragraphs[0].insert_paragraph_before("{{ overveiw.findings }}")
    bad = tmp_path / "bad.docx"
    doc.save(bad)
    with pytest.raises(MatrixSynthError, match="overveiw"):
        build_report(sample_store, "docx", str(tmp_path / "x.docx"), round_=2013, template=str(bad))
