"""Benchmark: placements precision / recall / F1 on generated variations of the template.

    python benchmarks/bench_variations.py [--seed 11] [--combos 30] [--keep DIR] [--show NAME]

Writes every variation of tests/variations.py (each layout plain, with each mod alone, and with
random combinations of mods; .docx and .xlsx, and --odt N of the .docx saved again as .odt by
LibreOffice), reads and detects each, and prints precision,
recall and F1 per layout, per mod (pooled over every return that carries the mod) and pooled,
plus the share of the engagement text found. Not a test: the figures go in the README.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "tests"))

from variations import Score, as_odt, make, score, specs  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--combos", type=int, default=30)
    ap.add_argument("--keep", default="")
    ap.add_argument("--show", default="", help="print the misses of returns whose name contains this")
    ap.add_argument("--worst", type=int, default=0, help="list the N returns with the lowest F1")
    ap.add_argument("--odt", type=int, default=40, help="also save this many .docx returns as .odt with "
                                                        "LibreOffice and read them (0: none)")
    args = ap.parse_args()
    from matrix_synth.detect import detect
    from matrix_synth.readers import read_document

    folder = args.keep or tempfile.mkdtemp(prefix="variations-")
    os.makedirs(folder, exist_ok=True)
    by_layout: dict[str, Score] = defaultdict(Score)
    by_mod: dict[str, Score] = defaultdict(Score)
    pooled = Score()
    per_return = []
    t_detect = 0.0
    all_specs = specs(args.seed, args.combos)
    made_all = [make(spec, folder) for spec in all_specs]
    if args.odt:
        step = max(1, len([m for m in made_all if m.path.endswith(".docx")]) // args.odt)
        made_all += as_odt([m for m in made_all if m.path.endswith(".docx")][::step][:args.odt], folder)
    for made in made_all:
        spec = made.spec
        t0 = time.perf_counter()
        doc = read_document(made.path, os.path.basename(made.path))
        det = detect(doc, os.path.basename(made.path))
        t_detect += time.perf_counter() - t0
        s = score(made, det.placements)
        per_return.append((s.f1, spec.name, s))
        pooled.add(s)
        by_layout[f"{spec.layout} ({spec.fmt})"].add(s)
        for mod in spec.mods or ("plain",):
            by_mod[mod].add(s)
        if args.show and args.show in spec.name and (s.fn or s.fp):
            print(f"--- {spec.name}: tp {s.tp} fp {s.fp} fn {s.fn}")
            want = {(f, lv, t) for f, lv, t in made.expected}
            got = {(p.function, p.level, p.text) for p in det.placements}
            for item in sorted(want - got):
                print("  missed", item)
            for item in sorted(got - want):
                print("  extra ", item)
            for problem in det.warnings:
                print("  warning", problem.code, problem.message)

    def line(name: str, s: Score) -> str:
        return (f"| {name:<28} | {s.tp + s.fn:>5} | {s.precision:.3f} | {s.recall:.3f} | {s.f1:.3f} "
                f"| {s.text_share:.3f} |")

    head = "| {:<28} | {:>5} | precision | recall | F1 | text found |".format("variation", "cells")
    print(f"{len(made_all)} generated returns (seed {args.seed}); read + detect {t_detect:.1f} s")
    for title, table in (("layout (format)", by_layout), ("mod (alone or combined)", by_mod)):
        print(f"\n{title}\n{head}\n|---|---:|---:|---:|---:|---:|")
        for name in sorted(table):
            print(line(name, table[name]))
    print(line("**pooled**", pooled))
    perfect = sum(1 for f1, _n, _s in per_return if f1 == 1.0)
    print(f"\nreturns read whole (F1 = 1): {perfect}/{len(per_return)}")
    if args.worst:
        for f1, name, s in sorted(per_return)[:args.worst]:
            print(f"  {f1:.2f} {name} tp {s.tp} fp {s.fp} fn {s.fn}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
