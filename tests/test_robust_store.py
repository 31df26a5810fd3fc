"""Issue 13: what is printed is kept. kill -9 during ingest, two ingests at once, reads during an ingest,
a full store (SQLite's max_page_count makes a real SQLITE_FULL), a read-only store, a file that is not a
store, a store from a newer version, Ctrl-C, and bad round options."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from builders import FUNCS, LEVELS
from conftest import run_cli
from matrix_synth.store import Store

CLI = [sys.executable, "-m", "matrix_synth"]


def _csv_returns(folder, n, tag="x"):
    folder.mkdir(parents=True, exist_ok=True)
    header = "," + ",".join(LEVELS) + "\n"
    for i in range(n):
        rows = "".join(f'"{f}",' + ",".join(f"{tag} activity {i} {j}" if j == i % 5 else "" for j in range(5)) + "\n"
                       for f in FUNCS)
        (folder / f"NHS Board {tag} {i:04d}.csv").write_text(header + rows)
    return folder


def _stored_sources(db):
    con = sqlite3.connect(db)
    try:
        return {r[0] for r in con.execute("SELECT source_file FROM files")}
    finally:
        con.close()


def _printed_new(text):
    return {line.split(None, 1)[1].split("  ")[0] for line in text.splitlines() if line.startswith("new ")}


def test_kill_9_during_ingest_keeps_every_file_printed(tmp_path):
    folder = _csv_returns(tmp_path / "2015", 1500)
    db = tmp_path / "s.sqlite"
    proc = subprocess.Popen(CLI + ["ingest", "--jobs", "2", "--db", str(db), str(folder)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, start_new_session=True)
    printed = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        line = proc.stdout.readline().decode("utf-8")
        if not line:
            break
        printed.append(line)
        if sum(1 for p in printed if p.startswith("new ")) >= 20:
            break
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    new = _printed_new("".join(printed))
    assert new, "nothing was printed before the kill"
    stored = _stored_sources(str(db))
    assert new <= stored, sorted(new - stored)[:5]


def test_two_ingests_at_once_the_second_waits(tmp_path):
    a = _csv_returns(tmp_path / "a" / "2015", 1200, "a")
    b = _csv_returns(tmp_path / "b" / "2015", 30, "b")
    db = tmp_path / "s.sqlite"
    Store(str(db)).close()
    log = open(tmp_path / "first.log", "wb")
    first = subprocess.Popen(CLI + ["ingest", "--jobs", "1", "--db", str(db), str(a)], stdout=log,
                             stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60  # until the first holds the store (lines are printed once committed)
    while b"new " not in (tmp_path / "first.log").read_bytes() and time.monotonic() < deadline:
        time.sleep(0.1)
    # reads during an ingest work (WAL)
    out = subprocess.run(CLI + ["export", "--format", "csv", "--db", str(db)], capture_output=True, timeout=60)
    assert out.returncode == 0, out.stderr
    second = subprocess.run(CLI + ["ingest", "--db", str(db), str(b)], capture_output=True, timeout=300)
    first.wait(timeout=300)
    log.close()
    assert first.returncode == 0, (tmp_path / "first.log").read_text()[-2000:]
    assert second.returncode == 0, second.stderr
    assert b"report it" not in second.stdout + second.stderr
    assert len(_stored_sources(str(db))) == 1230


def test_waiting_message_when_the_store_is_being_written(tmp_path):
    b = _csv_returns(tmp_path / "2015", 3)
    db = tmp_path / "s.sqlite"
    Store(str(db)).close()
    holder = sqlite3.connect(str(db), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    proc = subprocess.Popen(CLI + ["ingest", "--db", str(db), str(b)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    time.sleep(3)
    assert proc.poll() is None  # waiting, not failed
    holder.execute("COMMIT")
    holder.close()
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert b"waiting" in err


def test_full_store_says_disk_full_and_keeps_what_was_committed(tmp_path, monkeypatch):
    folder = _csv_returns(tmp_path / "2015", 300)
    db = tmp_path / "s.sqlite"
    first = _csv_returns(tmp_path / "first" / "2015", 10, "first")
    assert run_cli(["ingest", "--db", db, first]).exit_code == 0
    before = _stored_sources(str(db))
    real_init = Store.__init__

    def small(self, *args, **kwargs):
        real_init(self, *args, **kwargs)
        pages = self.db.execute("PRAGMA page_count").fetchone()[0]
        self.db.execute(f"PRAGMA max_page_count = {pages + 60}")  # a real SQLITE_FULL after a few files

    monkeypatch.setattr(Store, "__init__", small)
    result = run_cli(["ingest", "--jobs", "1", "--db", db, folder])
    assert result.exit_code == 2
    assert "disk-full" in result.output
    assert "report it" not in result.output and "Traceback" not in result.output
    monkeypatch.undo()
    stored = _stored_sources(str(db))
    new = _printed_new(result.output)
    assert before <= stored and new <= stored
    assert len(Store(str(db)).returns()) >= 10


def test_output_written_whole_or_not_at_all(tmp_path):
    from matrix_synth.safeio import atomic_path
    target = tmp_path / "report.md"
    with pytest.raises(OSError):
        with atomic_path(str(target)) as tmp:
            with open(tmp, "w") as fh:
                fh.write("half")
            raise OSError(28, "No space left on device")
    assert not target.exists()
    assert os.listdir(tmp_path) == []


def test_read_only_store_serves_export_review_report(tmp_path, sample_store):
    import shutil
    ro = tmp_path / "ro"
    ro.mkdir()
    src = Store(sample_store.path)
    src.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copy(sample_store.path, ro / "store.sqlite")
    os.chmod(ro / "store.sqlite", 0o444)
    os.chmod(ro, 0o555)
    try:
        before = sorted(os.listdir(ro))
        out = tmp_path / "out"
        out.mkdir()
        for args in (["export", "--format", "json"], ["review"], ["summary"],
                     ["report", "--format", "md", "-o", out / "r.md"]):
            result = subprocess.run(CLI + [*map(str, args), "--db", str(ro / "store.sqlite")], capture_output=True,
                                    timeout=120, env={**os.environ, "HOME": str(tmp_path)})
            if os.geteuid() != 0:
                assert result.returncode == 0, (args, result.stderr)
            assert b"Traceback" not in result.stderr and b"report it" not in result.stderr, result.stderr
        assert sorted(os.listdir(ro)) == before
    finally:
        os.chmod(ro, 0o755)


def test_not_a_store_and_newer_store_are_refused(tmp_path):
    notes = tmp_path / "notes.docx"
    notes.write_bytes(b"PK\x03\x04 this is a Word file, not a store" * 10)
    result = run_cli(["export", "--db", notes])
    assert result.exit_code == 2 and "not a matrix-synth store" in result.output
    assert notes.read_bytes().startswith(b"PK\x03\x04 this")
    other = tmp_path / "other.sqlite"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE customers (id INTEGER)")
    con.commit()
    con.close()
    result = run_cli(["export", "--db", other])
    assert result.exit_code == 2 and "not a matrix-synth store" in result.output
    newer = tmp_path / "newer.sqlite"
    Store(str(newer)).db.execute("PRAGMA user_version = 99")
    result = run_cli(["export", "--db", newer])
    assert result.exit_code == 2 and "newer version" in result.output


@pytest.mark.parametrize("year", ["-5", "0", "99999"])
def test_round_out_of_range_is_refused(tmp_path, year):
    result = run_cli(["ingest", "--round", year, "--db", tmp_path / "s.sqlite", tmp_path])
    assert result.exit_code == 2


def test_report_compare_with_a_round_not_stored(tmp_path, sample_store):
    result = run_cli(["report", "--compare", "1999", "--db", sample_store.path, "-o", tmp_path / "r.md",
                      "--format", "md"])
    assert result.exit_code == 2
    result = run_cli(["report", "--compare", "2001", "--db", sample_store.path, "-o", tmp_path / "r.md",
                      "--format", "md"])
    assert result.exit_code == 2 and "no returns for 2001" in result.output
    assert not (tmp_path / "r.md").exists()


def test_ctrl_c_ends_quietly(tmp_path):
    folder = _csv_returns(tmp_path / "2015", 1500)
    for delay in (1.5, 2.2, 3.0):
        db = tmp_path / f"s{delay}.sqlite"
        proc = subprocess.Popen(CLI + ["ingest", "--jobs", "2", "--db", str(db), str(folder)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
        time.sleep(delay)
        os.killpg(proc.pid, signal.SIGINT)  # as Ctrl-C does: the whole process group
        out, err = proc.communicate(timeout=30)  # no hang
        assert b"Traceback" not in err, err.decode()[-2000:]
        assert proc.returncode in (0, 130)
        new = _printed_new(out.decode())
        assert new <= _stored_sources(str(db))


def test_read_only_store_opened_read_only(tmp_path, sample_store):
    import shutil
    src = Store(sample_store.path)
    src.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    copy = tmp_path / "copy.sqlite"
    shutil.copy(sample_store.path, copy)
    store = Store(str(copy), readonly=True)
    assert store.placements()
    with pytest.raises(sqlite3.OperationalError):
        store.db.execute("DELETE FROM files")
    from matrix_synth.cli import _store_trouble
    try:
        store.db.execute("DELETE FROM files")
    except sqlite3.OperationalError as exc:
        assert "read-only" in _store_trouble(exc)
