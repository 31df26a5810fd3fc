"""Benchmark: ingest, re-ingest, export and report over N generated returns, against a naive baseline.

    python benchmarks/bench_ingest.py [--n 2000] [--jobs N] [--keep DIR] [--skip-baseline]
                                      [--versus PYTHON --repeat K]

Generates N returns across every layout (matrix_synth.samples.many), then times, each as its
own `python -m matrix_synth` process as an analyst would run it: --help, ingest cold, ingest
again (nothing changed), export (csv and xlsx), report (docx, html, md); then a naive baseline
that only loads every file with python-docx Document() / openpyxl load_workbook() and reads
every table cell. Prints seconds, files per second, the ratio to the baseline, and each step's
peak memory (the largest resident set of the process or any of its worker processes).

Each step is started by a small launcher process made before the returns are generated, so a
step's peak memory is its own (a process forked from this one, grown by generating the returns,
would count this one's memory as its own).

--versus PYTHON times the cold ingest of the same returns with another installation (another
checkout's virtualenv, e.g. the version before a change) and this one, alternately, K times each
(--repeat), and prints the best and median of each: two versions compared in one run.
Not a test: the figures go in the README.
"""
from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tests"))  # the generators
import tempfile
import time


def baseline(files: list[str]) -> int:
    """What a hand-written script would do: load every file with the object models, read every cell."""
    import openpyxl
    from docx import Document

    cells = 0
    for path in files:
        if path.endswith(".docx"):
            for table in Document(path).tables:
                for row in table.rows:
                    for cell in row.cells:
                        cells += bool(cell.text)
        elif path.endswith(".xlsx"):
            wb = openpyxl.load_workbook(path, read_only=True)
            for ws in wb.worksheets:
                for row in ws.iter_rows(values_only=True):
                    cells += sum(1 for v in row if v is not None)
            wb.close()
    return cells


_LAUNCHER = r"""
import json, os, subprocess, sys, time
for line in sys.stdin:
    argv = json.loads(line)
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = proc.stderr.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(proc.pid, 0)
    print(json.dumps([time.perf_counter() - start, os.waitstatus_to_exitcode(status), usage.ru_maxrss, err[-4000:]]),
          flush=True)
"""


class Launcher:
    """A small process that starts each step: its children's memory is theirs alone."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen([sys.executable, "-c", _LAUNCHER], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     text=True)

    def run(self, argv: list[str]) -> tuple[float, int, float, str]:
        import json
        self.proc.stdin.write(json.dumps(argv) + "\n")
        self.proc.stdin.flush()
        seconds, code, maxrss, err = json.loads(self.proc.stdout.readline())
        return seconds, code, maxrss / 1024, err  # ru_maxrss is KiB on Linux; waited-for workers count

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait()


LAUNCHER: Launcher | None = None


def run(label: str, argv: list[str], n_files: int | None = None) -> tuple[float, float]:
    """Run argv as a child process of the launcher; print and return (seconds, peak MB of it and its workers)."""
    seconds, code, peak, err = LAUNCHER.run(argv)
    if code not in (0, 1):  # 1: some returns had problems, which generated returns may
        raise SystemExit(f"{label} failed ({code}):\n{err}")
    rate = f"{n_files / seconds:8.0f} files/s" if n_files else " " * 16
    print(f"{label:<30} {seconds:8.2f} s {rate} {peak:8.0f} MB", flush=True)
    return seconds, peak


def versus(other: str, returns: str, work: str, jobs: list[str], repeat: int, n_files: int) -> None:
    """Cold ingest of the same returns by two installations, alternately, each into a fresh store."""
    import statistics
    times: dict[str, list[float]] = {"this version": [], "versus": []}
    for k in range(repeat):
        for name, python in (("versus", other), ("this version", sys.executable)):
            db = os.path.join(work, f"versus-{k}.sqlite")
            seconds = run(f"ingest (cold), {name}", [python, "-m", "matrix_synth", "ingest", returns, "--db", db,
                                                     *jobs], n_files)[0]
            times[name].append(seconds)
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(db + suffix):
                    os.remove(db + suffix)
    for name, ts in times.items():
        print(f"{name:<30} best {min(ts):6.2f} s, median {statistics.median(ts):6.2f} s over {len(ts)} runs "
              f"({n_files / min(ts):.0f} files/s at best)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=2000, help="number of returns (default 2000)")
    parser.add_argument("--jobs", type=int, default=None, help="worker processes (default: all cores)")
    parser.add_argument("--keep", help="generate into (and keep) this folder instead of a temporary one")
    parser.add_argument("--skip-baseline", action="store_true")
    parser.add_argument("--versus", metavar="PYTHON", help="another installation's python: compare cold ingest")
    parser.add_argument("--repeat", type=int, default=3, help="with --versus: runs of each (default 3)")
    parser.add_argument("--baseline-of", help=argparse.SUPPRESS)  # internal: run the baseline on this folder
    args = parser.parse_args(argv)
    if args.baseline_of:
        baseline(sorted(os.path.join(args.baseline_of, f) for f in os.listdir(args.baseline_of)))
        return 0

    global LAUNCHER
    LAUNCHER = Launcher()  # before generating: the steps' memory must not include this process's

    from samples import many

    work = args.keep or tempfile.mkdtemp(prefix="matrix-synth-bench-")
    returns = os.path.join(work, "returns-2013")
    os.makedirs(returns, exist_ok=True)
    print(f"matrix-synth benchmark: {args.n} returns, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.platform()}")
    t = time.perf_counter()
    existing = sorted(os.path.join(returns, f) for f in os.listdir(returns))
    if args.keep and len(existing) == args.n:
        files = existing  # reuse what an earlier --keep run generated
    else:
        files = many(returns, args.n)
    print(f"{'generate returns':<30} {time.perf_counter() - t:8.2f} s")
    print(f"{'step':<30} {'time':>10} {'throughput':>16} {'peak memory':>11}")

    db = os.path.join(work, "bench.sqlite")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    tool = [sys.executable, "-m", "matrix_synth"]
    store = ["--db", db]
    jobs = ["--jobs", str(args.jobs)] if args.jobs else []
    out = os.path.join(work, "out")
    os.makedirs(out, exist_ok=True)
    peaks = [run("matrix-synth --help", tool + ["--help"])[1]]
    cold, peak = run("ingest (cold)", tool + ["ingest", returns, *store, *jobs], len(files))
    peaks.append(peak)
    peaks.append(run("ingest (unchanged)", tool + ["ingest", returns, *store, *jobs], len(files))[1])
    for fmt in ("csv", "xlsx"):
        peaks.append(run(f"export {fmt}", tool + ["export", "--format", fmt, "-o", os.path.join(out, f"p.{fmt}"),
                                                  *store])[1])
    for fmt in ("docx", "html", "md"):
        peaks.append(run(f"report {fmt}", tool + ["report", "--format", fmt, "-o",
                                                  os.path.join(out, f"report.{fmt}"), *store])[1])
    if not args.skip_baseline:
        base, _ = run("baseline (load only, 1 core)", [sys.executable, __file__, "--baseline-of", returns],
                      len(files))
        print(f"{'ingest vs baseline':<30} {base / cold:8.1f} x the baseline's throughput")
    print(f"{'peak memory of any step':<30} {max(peaks):8.0f} MB")
    if args.versus:
        versus(args.versus, returns, work, jobs, args.repeat, len(files))
    LAUNCHER.close()
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
