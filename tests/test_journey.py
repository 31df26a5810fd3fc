"""Year on year like for like (issue 22): a board is compared with itself on the same topic, matched
despite rewording; a change of topic or of scope is shown, never read as a rise or a fall; and every
round since the first (compare --journey)."""
from __future__ import annotations

import csv

from click.testing import CliRunner
from docx import Document

from matrix_synth import Store, ingest
from matrix_synth.cli import cli
from matrix_synth.journey import SAME_TOPIC, SCOPE_CHANGED, same_topic, topic_key

HEADER = ["Function", "Level 1 Inform", "Level 2 Consult", "Level 3 Involve", "Level 4 Collaborate",
          "Level 5 Empower"]


def _return(path, board: str, topic: str, cells: dict[str, tuple[int, str]]):
    doc = Document()
    doc.add_heading(f"{board} engagement matrix", 1)
    if topic:
        doc.add_paragraph(f"Topic area: {topic}")
    rows = [HEADER]
    for label, (level, text) in cells.items():
        row = [label, "", "", "", "", ""]
        row[level] = text
        rows.append(row)
    table = doc.add_table(rows=len(rows), cols=6)
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            table.cell(r, c).text = v
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(path)


def _rounds(tmp_path):
    base = tmp_path / "returns"
    pol = "Policy & Strategy Development"
    # Fife: two topics in 2015 (its 5 is on alcohol and drugs), one in 2016, the same as one of 2015's
    _return(base / "2015" / "fife-lgbt.docx", "NHS Fife", "Equality Outcomes for LGB&T people",
            {pol: (2, "LGB&T groups are asked for their views on the equality outcomes")})
    _return(base / "2015" / "fife-adp.docx", "NHS Fife", "Alcohol and drugs",
            {pol: (5, "The recovery community leads the ADP strategy")})
    _return(base / "2016" / "fife.docx", "NHS Fife", "LGB&T Equality Outcomes",
            {pol: (3, "LGB&T groups are involved in writing the equality outcomes")})
    # Tayside: one matrix in 2015, four in 2016 (no topic named): another scope, not a fall
    _return(base / "2015" / "tayside.docx", "NHS Tayside", "", {pol: (4, "Partners co-write the strategy")})
    for k in range(4):
        _return(base / "2016" / f"tayside-{k}.docx", "NHS Tayside", "",
                {pol: (2, f"Partners are consulted on locality plan number {k + 1}")})
    # Borders: the same topic written the same way, up one level
    _return(base / "2014" / "borders.docx", "NHS Borders", "Carers", {pol: (2, "Carers are asked for views")})
    _return(base / "2015" / "borders.docx", "NHS Borders", "Carers", {pol: (3, "Carers are involved in the plan")})
    _return(base / "2016" / "borders.docx", "NHS Borders", "Carers", {pol: (4, "Carers co-produce the plan")})
    store = Store(str(tmp_path / "s.sqlite"))
    ingest([str(base)], store, jobs=1)
    return store


def test_topics_are_matched_despite_rewording():
    assert same_topic(topic_key("Equality Outcomes for LGB&T people"), topic_key("LGB&T Equality Outcomes"))
    assert same_topic(topic_key("Carers"), topic_key("carers"))
    assert not same_topic(topic_key("Alcohol and drugs"), topic_key("LGB&T Equality Outcomes"))
    assert not same_topic(topic_key("Older people"), topic_key("Young people"))


def test_compare_says_the_topic_in_each_round_and_the_basis(tmp_path):
    store = _rounds(tmp_path)
    out = tmp_path / "c.csv"
    result = CliRunner().invoke(cli, ["compare", "--from", "2015", "--to", "2016", "--format", "csv", "-o", str(out),
                                      "--db", store.path])
    assert result.exit_code == 0, result.output
    with open(out, encoding="utf-8-sig", newline="") as fh:
        rows = {r["board"]: r for r in csv.DictReader(fh)}
    fife = rows["NHS Fife"]
    # not "down 5 -> 3": on the same topic it went up 2 -> 3
    assert (fife["from_level"], fife["to_level"], fife["change"], fife["basis"]) == ("2", "3", "1", SAME_TOPIC)
    assert fife["from_topic"] == "Equality Outcomes for LGB&T people" and fife["to_topic"] == "LGB&T Equality Outcomes"
    tay = rows["NHS Tayside"]
    assert tay["basis"] == SCOPE_CHANGED and tay["change"] == ""  # 1 matrix to 4: never a fall


def test_the_report_counts_only_like_for_like_movements(tmp_path):
    store = _rounds(tmp_path)
    out = tmp_path / "r.md"
    result = CliRunner().invoke(cli, ["report", "--round", "2016", "--compare", "2015", "--format", "md",
                                      "-o", str(out), "--db", store.path])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "Compared with themselves on the same topic, 2 boards reached a higher level" in text
    assert "and none a lower one" in text
    assert "NHS Tayside mapped other topics, or many more or fewer matrices" in text
    assert "| NHS Fife | Policy & Strategy Development | 2 Consult | 3 Involve | same topic (LGB&T Equality Outcomes) |" \
        in text


def test_the_journey_shows_every_round(tmp_path):
    store = _rounds(tmp_path)
    out = tmp_path / "j.md"
    result = CliRunner().invoke(cli, ["compare", "--journey", "--format", "md", "-o", str(out), "--db", store.path])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "2014 boards" in text and "2016 typical level" in text
    borders = [ln for ln in text.splitlines() if "NHS Borders" in ln]
    assert len(borders) == 2 and all("| 1 |" in ln and SAME_TOPIC in ln for ln in borders)  # 2014->15, 15->16
    result = CliRunner().invoke(cli, ["compare", "--db", store.path])
    assert result.exit_code == 2 and "--journey" in result.output
