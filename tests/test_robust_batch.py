"""Issue 13: the batch goes on whatever is in the folder, a worker that dies or hangs is reported and the
rest read, printed means kept, and check --json is always valid JSON."""
from __future__ import annotations

import json
import multiprocessing
import os
import subprocess
import sys
import time

import pytest

from builders import grid_docx
from matrix_synth import budget, limits

CLI = [sys.executable, "-m", "matrix_synth"]


def _returns(folder, n=3):
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        grid_docx(folder / f"NHS Fife {i}.docx", fill={(0, 0): f"Newsletter {i}"})
    return folder


def _odd_folder(tmp_path):
    root = _returns(tmp_path / "2015")
    os.symlink(root / "missing.docx", root / "dangling.docx")
    os.symlink(root / "loop.docx", root / "loop.docx")
    os.mkfifo(root / "fifo.docx")
    os.symlink("/dev/zero", root / "return.docx")
    (root / b"bad-\xff-name.docx".decode("utf-8", "surrogateescape")).write_bytes(
        (root / "NHS Fife 0.docx").read_bytes())
    locked = root / "locked"
    locked.mkdir()
    grid_docx(locked / "inside.docx", fill={(0, 0): "x"})
    locked.chmod(0)
    here = os.getcwd()
    os.chdir(root)
    try:
        for _ in range(30):  # a path over the system limit (PATH_MAX is 4096 on Linux)
            os.mkdir("d" * 200)
            os.chdir("d" * 200)
        with open("deep.docx", "wb") as fh:
            fh.write((root / "NHS Fife 0.docx").read_bytes())
    finally:
        os.chdir(here)
    return root


def test_odd_folder_entries_each_one_problem_rest_read(tmp_path):
    root = _odd_folder(tmp_path)
    try:
        start = time.monotonic()
        out = subprocess.run(CLI + ["check", "--json", str(root)], capture_output=True, timeout=120)
        assert time.monotonic() - start < 120
        data = json.loads(out.stdout.decode("utf-8"))  # valid UTF-8, valid JSON
        by_name = {d["file"]: d for d in data}
        for i in range(3):
            assert by_name[os.path.join("2015", f"NHS Fife {i}.docx")]["status"] != "error"
        bad = [d for d in data if d["status"] == "error"]
        names = " ".join(d["file"] for d in bad)
        for part in ("dangling.docx", "loop.docx", "fifo.docx", "return.docx", "bad-", "ddd"):
            assert part in names, names
        if os.geteuid() != 0:  # root reads any folder
            assert "locked" in names
        assert b"Traceback" not in out.stderr and b"report it" not in out.stdout
        for d in bad:
            assert [p["code"] for p in d["problems"]] == ["unreadable-entry"], d
    finally:
        (root / "locked").chmod(0o755)


def test_odd_folder_ingest_stores_the_rest(tmp_path):
    root = _odd_folder(tmp_path)
    db = tmp_path / "s.sqlite"
    try:
        out = subprocess.run(CLI + ["ingest", "--db", str(db), str(root)], capture_output=True, timeout=120)
        text = out.stdout.decode("utf-8")
        assert out.returncode == 1
        assert text.count("new ") >= 3, text
        assert "Traceback" not in out.stderr.decode("utf-8", "replace")
    finally:
        (root / "locked").chmod(0o755)
    from matrix_synth.store import Store
    assert len(Store(str(db)).returns()) >= 3


# --------------------------------------------------------------------------- workers that die or hang

def _maybe_die(item):
    if item == "die":
        os._exit(9)  # as the kernel's OOM killer would end it
    if item == "hang":
        while True:
            time.sleep(0.05)
    return ("ok", item)


def _died(item, why):
    return ("died", item)


def test_a_worker_that_dies_is_reported_and_the_rest_read():
    ctx = multiprocessing.get_context("fork")
    items = [f"f{i}" for i in range(40)] + ["die"] + [f"g{i}" for i in range(40)]
    start = time.monotonic()
    results = list(budget.run_pool(_maybe_die, items, 2, 4, ctx, _died))
    assert time.monotonic() - start < 60
    assert sorted(r[1] for r in results) == sorted(items)
    assert [r for r in results if r[0] == "died"] == [("died", "die")]


def test_a_file_over_its_time_is_too_large(monkeypatch):
    monkeypatch.setattr(limits, "FILE_SECONDS", 1)
    start = time.monotonic()
    with pytest.raises(budget.OverBudget):
        with budget.file_budget():
            _maybe_die("hang")
    assert time.monotonic() - start < 5


def test_a_file_over_its_memory_is_memory_error():
    with pytest.raises(MemoryError):
        with budget.file_budget(memory_mb=200):
            _ = bytearray(400 * 1024 * 1024)
    _ = bytearray(400 * 1024 * 1024)  # the limit is lifted after the file


def test_hung_worker_in_pool_is_stopped(monkeypatch):
    monkeypatch.setattr(limits, "FILE_SECONDS", 1)
    ctx = multiprocessing.get_context("fork")
    items = ["a", "b", "hang", "c"]
    start = time.monotonic()
    results = list(budget.run_pool(_maybe_die, items, 2, 1, ctx, _died))
    assert time.monotonic() - start < 90
    assert sorted(r[1] for r in results) == sorted(items)
    assert ("died", "hang") in results
