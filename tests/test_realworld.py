"""Real office files written by other projects (tests/realworld/MANIFEST.tsv says where each comes from):
none of them is a return, and every one must pass through check and ingest with no traceback."""
import json
import os

import pytest
from click.testing import CliRunner

from matrix_synth.cli import cli
from matrix_synth.pipeline import FileReport, process_file
from matrix_synth.store import Store

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "realworld")
FILES = sorted(f for f in os.listdir(HERE) if not f.endswith(".tsv"))


def test_manifest_lists_every_file():
    with open(os.path.join(HERE, "MANIFEST.tsv"), encoding="utf-8") as fh:
        listed = {line.split("\t")[0] for line in fh.read().splitlines()[1:] if line.strip()}
    assert set(FILES) <= listed


@pytest.mark.parametrize("name", FILES)
def test_each_file_is_read_or_clearly_refused(name):
    rec = process_file(os.path.join(HERE, name), name, 2013)
    report = FileReport.of(rec, "checked")
    codes = [p.code for p in report.problems]
    assert "read-error" not in codes, [p.message for p in report.problems]  # read-error means a bug of ours
    for p in report.problems:
        assert name in p.message or p.file == name
        assert p.hint
    store = Store.memory()
    store.write_return(rec)
    if report.status == "error":  # nothing of a failed file is stored but its problems
        assert rec.failed and not store.returns() and store.problems()
    else:  # a file that was read is a return, with all its text, even with no matrix in it
        assert len(store.returns()) == 1 and report.status == ("warning" if rec.problems else "ok")


def test_check_and_ingest_the_whole_folder_from_the_cli(tmp_path):
    runner = CliRunner()
    result = runner.invoke(cli, ["check", HERE, "--round", "2013", "--json"])
    assert result.exit_code in (0, 1), result.output
    data = json.loads(result.stdout)
    assert len(data) == len(FILES) + 1  # MANIFEST.tsv is read too: a .tsv can be a return
    assert all({"file", "status", "placements", "problems"} <= set(item) for item in data)
    assert "Traceback" not in result.output
    db = str(tmp_path / "rw.sqlite")
    result = runner.invoke(cli, ["ingest", HERE, "--round", "2013", "--db", db])
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output
    again = runner.invoke(cli, ["ingest", HERE, "--round", "2013", "--db", db])
    assert "unchanged" in again.output
