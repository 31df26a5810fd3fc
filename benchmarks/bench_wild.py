"""Benchmark: returns written the way boards write them when they leave the template (issue 21), by
cause, each read as part of one round (ingest), scored on what the store counts.

    python benchmarks/bench_wild.py [--per-cause 20] [--seed 2016] [--no-pdf] [--keep DIR] [--show CAUSE]

Prints, per cause: returns, placements expected, precision, recall, F1, returns that gave no placement
although they hold some, and boards right. The generator (tests/wild.py) knows nothing of the detector.
Not a test: the figures go in the README."""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "tests"))

import wild  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--per-cause", type=int, default=20)
    parser.add_argument("--seed", type=int, default=2016)
    parser.add_argument("--no-pdf", action="store_true", help="leave out the PDF causes (they need LibreOffice)")
    parser.add_argument("--keep", help="write the returns here and keep them")
    parser.add_argument("--show", help="list the misses of one cause")
    parser.add_argument("--cause", action="append", help="only these causes")
    args = parser.parse_args(argv)
    causes = tuple(args.cause) if args.cause else wild.CAUSES
    work = args.keep or tempfile.mkdtemp(prefix="matrix-synth-wild-")
    folder = os.path.join(work, "returns-2016")
    shutil.rmtree(folder, ignore_errors=True)
    t = time.perf_counter()
    all_cases = wild.cases(args.seed, args.per_cause, causes, pdf=not args.no_pdf and bool(shutil.which("soffice")))
    pdf_cases = [c for c in all_cases if c.fmt.startswith("pdf")]
    made = [wild.write(c, folder) for c in all_cases if not c.fmt.startswith("pdf")]
    if pdf_cases:
        made += wild.write_pdfs(pdf_cases, folder)
    print(f"generated {len(made)} cases ({sum(len(m.paths) for m in made)} files) in {time.perf_counter() - t:.1f} s")
    scores = wild.measure(made, folder)
    pooled = wild.Score()
    print(f"{'cause':<30} {'returns':>7} {'expected':>8} {'P':>6} {'R':>6} {'F1':>6} {'empty':>6} {'boards':>7}")
    for cause in causes:
        s = scores.get(cause)
        if s is None:
            continue
        pooled.add(s)
        print(f"{cause:<30} {s.returns:>7} {s.tp + s.fn:>8} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} "
              f"{s.empty:>6} {s.boards_right:>3}/{s.returns:<3}")
    print(f"{'pooled':<30} {pooled.returns:>7} {pooled.tp + pooled.fn:>8} {pooled.precision:6.3f} "
          f"{pooled.recall:6.3f} {pooled.f1:6.3f} {pooled.empty:>6} {pooled.boards_right:>3}/{pooled.returns:<3}")
    if args.show:
        show(made, folder, args.show)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def show(made, folder: str, cause: str) -> None:
    from matrix_synth import Store
    store = Store(os.path.join(folder, "wild.sqlite"))
    rows = store.placements(2016)
    for m in made:
        if m.case.cause != cause:
            continue
        names = {os.path.relpath(p, os.path.dirname(folder)).replace(os.sep, "/") for p in m.paths}
        got = {(p["function"], p["level"], wild.norm(p["text"])) for p in rows
               if any(p["source_file"] == n or p["source_file"].startswith(n + "/") for n in names)}
        want = {(f, lv, wild.norm(t)) for f, lv, t in m.expected}
        miss = [w for w in want if not any(g[:2] == w[:2] and (w[2] in g[2] or g[2] in w[2]) for g in got)]
        extra = [g for g in got if not any(g[:2] == w[:2] and (w[2] in g[2] or g[2] in w[2]) for w in want)]
        if miss or extra:
            print(f"\n{sorted(names)}")
            for w in miss:
                print(f"  missed {w[0]} {w[1]}: {w[2][:70]}")
            for g in extra:
                print(f"  extra  {g[0]} {g[1]}: {g[2][:70]}")


if __name__ == "__main__":
    sys.exit(main())
