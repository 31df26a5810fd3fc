"""Benchmark: ingest, re-ingest, export and report over N generated returns, against a naive baseline.

    python benchmarks/bench_ingest.py [--n 2000] [--jobs N] [--keep DIR]

Generates N returns across every layout (matrix_synth.samples.many), then times in one run:
ingest cold, ingest again (nothing changed), export (csv and xlsx), report (docx, html, md), and a
naive baseline that only loads every file with python-docx Document() / openpyxl load_workbook()
and reads every table cell. Prints files per second, the ratio to the baseline and peak memory
(the largest resident set of this process or any worker). Not a test: the figures go in the README.
"""
from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import sys
import tempfile
import time


def _peak_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024  # ru_maxrss is in KiB on Linux


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


def timed(label: str, fn, n_files: int | None = None) -> float:
    start = time.perf_counter()
    fn()
    seconds = time.perf_counter() - start
    rate = f"{n_files / seconds:8.0f} files/s" if n_files else " " * 16
    print(f"{label:<28} {seconds:8.2f} s {rate}", flush=True)
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=2000, help="number of returns (default 2000)")
    parser.add_argument("--jobs", type=int, default=None, help="worker processes (default: all cores)")
    parser.add_argument("--keep", help="generate into (and keep) this folder instead of a temporary one")
    parser.add_argument("--skip-baseline", action="store_true")
    args = parser.parse_args(argv)

    from matrix_synth import Store, build_report, ingest
    from matrix_synth.export import export
    from matrix_synth.samples import many

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
    print(f"{'generate returns':<28} {time.perf_counter() - t:8.2f} s")

    db = os.path.join(work, "bench.sqlite")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    store = Store(db)
    cold = timed("ingest (cold)", lambda: ingest([returns], store, jobs=args.jobs), len(files))
    timed("ingest (unchanged)", lambda: ingest([returns], store, jobs=args.jobs), len(files))
    out = os.path.join(work, "out")
    os.makedirs(out, exist_ok=True)
    timed("export csv", lambda: export(store, "csv", os.path.join(out, "p.csv")))
    timed("export xlsx", lambda: export(store, "xlsx", os.path.join(out, "p.xlsx")))
    for fmt in ("docx", "html", "md"):
        timed(f"report {fmt}", lambda fmt=fmt: build_report(store, fmt, os.path.join(out, f"report.{fmt}")))
    placements = len(store.placements())
    store.close()
    if not args.skip_baseline:
        base = timed("baseline (load only, 1 core)", lambda: baseline(files), len(files))
        print(f"{'ingest vs baseline':<28} {base / cold:8.1f} x the baseline's throughput")
    print(f"{'placements stored':<28} {placements:8d}")
    print(f"{'peak memory':<28} {_peak_mb():8.0f} MB (largest single process)")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
