"""The overview report in Word, HTML and Markdown, from a store of real generated returns."""
import os
import re

import pytest
from click.testing import CliRunner
from docx import Document

from matrix_synth import Store, build_report, ingest
from matrix_synth.cli import cli
from sample_data import BOARDS_2013
from samples import write_return

SECTIONS = ["Purpose", "Summary of key findings", "The response", "The national picture",
            "What’s working well", "Hallmarks of good partnership", "Improvements and concerns",
            "Comments on the Engagement Matrix", "Annex A", "About the data"]


def _headings(doc):
    return [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]


def test_word_report_has_the_sections_tables_and_charts(sample_store, tmp_path):
    out = build_report(sample_store, "docx", str(tmp_path / "r.docx"), round_=2013)
    doc = Document(out)
    heads = " | ".join(_headings(doc))
    for section in SECTIONS:
        assert section in heads, section
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "All 22 boards returned" in text
    assert "{{" not in text and "{%" not in text
    # the national grid has 5 functions + total; its headers never wrap mid-word (non-breaking spaces)
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]
    grid = next(t for t in tables if t[0][0] == "Function" and "4\u00a0Collaborate" in t[0])
    assert [r[0] for r in grid[1:]] == ["Policy & Strategy Development", "Planning & Commissioning",
                                        "Contracting & Service Delivery", "Capacity Building", "Learning Exchange",
                                        "All functions"]
    assert int(grid[-1][-1]) == len(sample_store.placements(2013))
    # the national chart, and each board's grid as a shaded table in the annex (one table per board)
    assert len(doc.inline_shapes) == 1
    assert sum(1 for t in tables if t[0][0] == "Function" and t[1][0] == "Policy & Strategy") == 22
    # themes of what works well; the examples name their file in footnotes, not in the text
    for theme in ("Carers", "Sharing skills and training", "Change Fund"):
        assert any(theme in h for h in _headings(doc)), theme
    body = text.split("Annex A. Each board")[0]
    assert not re.search(r"engagement-matrix-2013\.(docx|xlsx)", body)
    # quotes attributed by role, never by name
    for ret in BOARDS_2013:
        name = ret["completed_by"][0]
        assert name not in text, name


def test_report_with_compare_has_year_on_year_section(sample_store, tmp_path):
    out = build_report(sample_store, "docx", str(tmp_path / "cmp.docx"), round_=2014, compare_with=2013)
    doc = Document(out)
    assert any("Year on year: 2013 to 2014" in h for h in _headings(doc))
    plain = build_report(sample_store, "docx", str(tmp_path / "plain.docx"), round_=2014)
    assert not any("Year on year" in h for h in _headings(Document(plain)))


def test_html_is_one_self_contained_file(sample_store, tmp_path):
    out = build_report(sample_store, "html", str(tmp_path / "r.html"), round_=2014, compare_with=2013)
    html = open(out, encoding="utf-8").read()
    assert html.count("data:image/png;base64,") == 2  # the national heatmap and the year on year
    assert html.count("<table class=\"grid\">") == 15  # each board's grid, a shaded table
    assert not re.search(r"""(src|href)=["'](?!data:|#)""", html)  # no external files
    for section in SECTIONS:
        assert section.replace("’", "’") in html, section
    assert "Year on year" in html


def test_markdown_with_charts_beside_it(sample_store, tmp_path):
    out = build_report(sample_store, "md", str(tmp_path / "r.md"), round_=2013)
    md = open(out, encoding="utf-8").read()
    images = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", md)
    assert images and all(os.path.exists(tmp_path / i) for i in images)
    assert "## 4. The national picture" in md


HOSTILE = "Carers & families <script>alert(1)</script> {{ 7*7 }} {% if x %} | *bold* # not a heading"


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile-2013")
    ret = dict(next(r for r in BOARDS_2013 if r["layout"] == "docx-grid"))
    ret["activities"] = [("policy-strategy", "4", HOSTILE)] + list(ret["activities"][1:])
    ret["working_well"] = "Joint work with carers & their families: {{ config }} <b>not bold</b>"
    ret["topic"] = HOSTILE  # shown in the annex of the summary report
    write_return(str(folder), ret, 2013)
    store = Store(str(tmp_path_factory.mktemp("db") / "s.sqlite"))
    ingest([str(folder)], store)
    return store


@pytest.mark.parametrize("detail", ["summary", "full"])
def test_word_report_shows_board_text_as_written(hostile_store, tmp_path, detail):
    doc = Document(build_report(hostile_store, "docx", str(tmp_path / "h.docx"), detail=detail))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "{{ 7*7 }}" in text and "49" not in text
    assert "<script>alert(1)</script>" in text
    if detail == "full":
        assert "{{ config }}" in text


@pytest.mark.parametrize("detail", ["summary", "full"])
def test_html_report_escapes_board_text(hostile_store, tmp_path, detail):
    html = open(build_report(hostile_store, "html", str(tmp_path / "h.html"), detail=detail), encoding="utf-8").read()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html and "{{ 7*7 }}" in html and "<b>not bold</b>" not in html


@pytest.mark.parametrize("detail", ["summary", "full"])
def test_markdown_report_escapes_board_text(hostile_store, tmp_path, detail):
    md = open(build_report(hostile_store, "md", str(tmp_path / "h.md"), detail=detail), encoding="utf-8").read()
    assert "<script>" not in md and r"\<script\>" in md
    assert r"\| \*bold\* \# not a heading" in md


def test_intro_file_gives_the_analysts_words(sample_store, tmp_path):
    intro = tmp_path / "intro.md"
    intro.write_text("# Purpose\n\nOur own purpose paragraph.\n\n# Background\n\nOur background.\n\n"
                     "# Summary\n\nOur summary of the year.\n", encoding="utf-8")
    out = tmp_path / "i.docx"
    result = CliRunner().invoke(cli, ["report", "--format", "docx", "-o", str(out), "--intro", str(intro),
                                      "--db", sample_store.path, "--round", "2013"])
    assert result.exit_code == 0, result.output
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "Our own purpose paragraph." in text and "Our summary of the year." in text
    yaml_intro = tmp_path / "intro.yaml"
    yaml_intro.write_text("purpose: From YAML.\nsummary: |\n  Para one.\n\n  Para two.\n", encoding="utf-8")
    out2 = build_report(sample_store, "html", str(tmp_path / "y.html"), round_=2013, intro=str(yaml_intro))
    html = open(out2, encoding="utf-8").read()
    assert "From YAML." in html and "<p>Para two.</p>" in html


def test_edited_word_template_is_used(sample_store, tmp_path):
    from matrix_synth.render import template_path
    doc = Document(template_path("docx", None))
    doc.paragraphs[0].insert_paragraph_before("PREPARED BY THE ANALYSIS UNIT")
    custom = tmp_path / "custom.docx"
    doc.save(custom)
    out = build_report(sample_store, "docx", str(tmp_path / "c.docx"), round_=2013, template=str(custom))
    assert Document(out).paragraphs[0].text == "PREPARED BY THE ANALYSIS UNIT"


def test_broken_template_gives_a_clear_error(sample_store, tmp_path):
    from matrix_synth.problems import MatrixSynthError
    bad = tmp_path / "bad.html.j2"
    bad.write_text("{% for x in %}", encoding="utf-8")
    with pytest.raises(MatrixSynthError, match="bad.html.j2"):
        build_report(sample_store, "html", str(tmp_path / "x.html"), template=str(bad))


def test_board_profile_in_word_on_the_samples(sample_store, tmp_path):
    """report --board on the bundled rounds: a Word letter with its footnotes; the board's first round
    says so rather than invent a movement."""
    from matrix_synth.render import build_profiles_files

    [path] = build_profiles_files(sample_store, "NHS Fife", "docx", str(tmp_path / "fife.docx"), round_=2014)
    doc = Document(path)
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "NHS Fife: Engagement Matrix 2014" in text
    assert "Compared with its 2013 return on the same topic" in text
    assert "{{" not in text and "{%" not in text and "[[note" not in text
    import zipfile
    with zipfile.ZipFile(path) as z:
        assert "fife-engagement-matrix-2014" in z.read("word/footnotes.xml").decode("utf-8")
    [first] = build_profiles_files(sample_store, "fife", "md", str(tmp_path / "fife-2013.md"), round_=2013)
    assert "first return in the data held" in open(first, encoding="utf-8").read()
