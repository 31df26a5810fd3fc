"""Benchmark: a zip of N returns ingests at the same files per second as the same returns unpacked.

    python benchmarks/bench_containers.py [--n 1000] [--jobs N] [--repeat 2]

Generates N returns (matrix_synth.samples.many), zips them (deflated) into one archive, then
times `matrix-synth ingest` (each its own process, a fresh store each time) on the folder of
unpacked files and on the zip, alternately, --repeat times. Prints seconds and files per
second for each and the zip/unpacked ratio of the best runs. Not a test: the figure goes in
the README.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tests"))  # the generators
import tempfile
import time
import zipfile


def ingest(target: str, db: str, jobs: int | None) -> float:
    if os.path.exists(db):
        os.remove(db)
    argv = [sys.executable, "-m", "matrix_synth", "ingest", target, "--db", db, "--round", "2013"]
    if jobs:
        argv += ["--jobs", str(jobs)]
    start = time.perf_counter()
    done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"ingest {target} failed ({done.returncode}): {done.stderr.decode()[:500]}")
    return seconds


def stored(db: str) -> int:
    import sqlite3
    with sqlite3.connect(db) as con:
        return con.execute("SELECT count(*) FROM returns").fetchone()[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--jobs", type=int)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    from samples import many

    tmp = tempfile.mkdtemp(prefix="bench-containers-")
    try:
        plain = os.path.join(tmp, "unpacked")
        files = many(plain, args.n)
        archive = os.path.join(tmp, "zipped", "returns.zip")
        os.makedirs(os.path.dirname(archive))
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
            for path in files:
                zf.write(path, os.path.basename(path))
        size = os.path.getsize(archive) / 1e6
        print(f"{args.n} returns; the zip is {size:.1f} MB; jobs {args.jobs or os.cpu_count()}")
        best = {"unpacked": float("inf"), "zip": float("inf")}
        for r in range(args.repeat):
            for label, target in (("unpacked", plain), ("zip", archive)):
                db = os.path.join(tmp, f"{label}.sqlite")
                seconds = ingest(target, db, args.jobs)
                best[label] = min(best[label], seconds)
                print(f"run {r + 1} {label:<9} {seconds:7.2f} s {args.n / seconds:7.0f} files/s "
                      f"({stored(db)} returns stored)", flush=True)
        ratio = (args.n / best["zip"]) / (args.n / best["unpacked"])
        print(f"best: unpacked {args.n / best['unpacked']:.0f} files/s, zip {args.n / best['zip']:.0f} files/s; "
              f"zip / unpacked = {ratio:.2f}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
