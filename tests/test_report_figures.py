"""No impossible or empty figures in the report (issue 22): a count of boards never exceeds the boards that
returned, a return without a board is never a board (the data notes name it), 'fewest boards' is never all
of them, and the matrices are counted against the returns they came from."""
from __future__ import annotations

import re
import shutil

from click.testing import CliRunner
from docx import Document

from matrix_synth import Store, ingest
from matrix_synth.cli import cli


def test_a_return_without_a_board_is_never_a_board(tmp_path):
    folder = tmp_path / "2014"
    shutil.copytree("sample_returns/2014", folder)
    doc = Document()  # nothing in it names a board
    doc.add_heading("Engagement matrix", 1)
    table = doc.add_table(rows=2, cols=6)
    for c, v in enumerate(["Function", "Level 1 Inform", "Level 2 Consult", "Level 3 Involve", "Level 4 Collaborate",
                           "Level 5 Empower"]):
        table.cell(0, c).text = v
    table.cell(1, 0).text = "Capacity Building"
    table.cell(1, 5).text = "Carers lead the shared training programme for carers and staff"
    doc.save(folder / "matrix-return.docx")
    store = Store(str(tmp_path / "s.sqlite"))
    ingest([str(folder)], store, jobs=1)
    assert any(not r["board"] for r in store.returns(2014))
    out = tmp_path / "r.md"
    result = CliRunner().invoke(cli, ["report", "--round", "2014", "--format", "md", "-o", str(out),
                                      "--db", store.path])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    body, about = text.split("## About the data")
    assert "Unknown board" not in text and "Board not identified" not in body
    assert "Returns whose board could not be identified, left out of every count by board until their board is " \
           "set: matrix-return.docx." in about
    returned = len({r["board"] for r in store.returns(2014) if r["board"]})
    for n, of in re.findall(r"(\d+) of (\d+) boards", text):
        assert int(n) <= int(of)
    for n in re.findall(r"\((\d+) boards?\)", body):
        assert int(n) <= returned
    assert "(all " not in body  # 'fewest boards … (all 14 boards)' is not a finding


def test_reviewer_comments_are_not_what_people_said(tmp_path):
    folder = tmp_path / "2014"
    folder.mkdir()
    doc = Document()
    doc.add_heading("NHS Fife engagement matrix", 1)
    table = doc.add_table(rows=2, cols=6)
    for c, v in enumerate(["Function", "Level 1 Inform", "Level 2 Consult", "Level 3 Involve", "Level 4 Collaborate",
                           "Level 5 Empower"]):
        table.cell(0, c).text = v
    table.cell(1, 0).text = "Capacity Building"
    table.cell(1, 4).text = "Shared training for volunteers and staff"
    doc.add_paragraph("Comments on the matrix")
    para = doc.add_paragraph("The matrix helped us talk about where we are with our partners.")
    doc.add_comment(para.runs, text="Check wording with the service manager.", author="Reviewer")
    doc.save(folder / "fife.docx")
    store = Store(str(tmp_path / "s.sqlite"))
    ingest([str(folder)], store, jobs=1)
    comment = store.query("SELECT reason FROM unplaced WHERE text LIKE 'Check wording%'")
    assert comment == [{"reason": "reviewer comment"}]
    assert not [f for f in store.free_text(2014) if "Check wording" in f["text"]]
    assert not [p for p in store.placements(2014) if "Check wording" in (p["text"] or "")]
    out = tmp_path / "r.md"
    CliRunner().invoke(cli, ["report", "--round", "2014", "--format", "md", "-o", str(out), "--db", store.path])
    assert "Check wording" not in out.read_text(encoding="utf-8")
