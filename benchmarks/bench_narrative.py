"""Benchmark: narrative returns read by sections and sentences (issue 11).

    python benchmarks/bench_narrative.py [--n 300] [--seed 1] [--formats docx,odt,pdf] [--n-converted 20]

Generates narrative returns with tests/narrative_variations.py (each with its placements known), writes
them as .docx (and a few converted to .odt and .pdf with LibreOffice), reads and detects each, and prints
precision / recall / F1 of the (function, level) placements: per section-opening structure, per way of
stating the level, per wording set (the set the detector was written against, a second set, and a 'wild'
set written afterwards and never tuned to) and pooled. Not a test: the figures go in the README.
"""
from __future__ import annotations

import argparse
import collections
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests"))
sys.path.insert(0, os.path.join(HERE, "..", "src"))

from narrative_variations import generate, prf, score, write_docx  # noqa: E402

from matrix_synth.detect import detect  # noqa: E402
from matrix_synth.readers import read_document  # noqa: E402


def _convert(paths: list[str], fmt: str, outdir: str) -> list[str]:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if not exe or not paths:
        return []
    profile = os.path.join(outdir, "lo-profile")
    subprocess.run([exe, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", fmt,
                    "--outdir", outdir, *paths], check=True, capture_output=True, timeout=600)
    return [os.path.join(outdir, os.path.splitext(os.path.basename(p))[0] + "." + fmt) for p in paths]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=300, help="returns per wording set")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--formats", default="docx,odt,pdf")
    ap.add_argument("--n-converted", type=int, default=20, help="returns converted to each of odt/pdf")
    args = ap.parse_args()
    formats = args.formats.split(",")
    counts: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    with tempfile.TemporaryDirectory() as tmp:
        jobs = []
        for wording, novel in (("seen", False), ("second", True), ("wild", "wild")):
            variations = generate(args.n, seed=args.seed, novel=novel)
            for i, v in enumerate(variations):
                path = write_docx(v, os.path.join(tmp, f"{wording}-{i:04d}.docx"))
                jobs.append((wording, "docx", v, path))
        docx_jobs = [j for j in jobs if j[0] == "wild"][: args.n_converted]
        for fmt in ("odt", "pdf"):
            if fmt in formats:
                for (wording, _f, v, _p), path in zip(docx_jobs, _convert([j[3] for j in docx_jobs], fmt, tmp)):
                    jobs.append((wording, fmt, v, path))
        started = time.perf_counter()
        for wording, fmt, v, path in jobs:
            if fmt not in formats:
                continue
            det = detect(read_document(path, os.path.basename(path)), os.path.basename(path))
            got = {(p.function, p.level) for p in det.placements}
            tp, fp, fn = score(v.expected, got)
            structure, form = v.name.split("/")
            for key in ("pooled", f"wording: {wording}", f"format: {fmt}", f"section opened by: {structure}",
                        f"level stated as: {form}"):
                c = counts[key]
                c["tp"] += tp
                c["fp"] += fp
                c["fn"] += fn
                c["returns"] += 1
        elapsed = time.perf_counter() - started
    print(f"{'variation':38} {'returns':>7} {'precision':>9} {'recall':>7} {'F1':>6}")
    for key in sorted(counts, key=lambda k: (k != "pooled", k)):
        c = counts[key]
        p, r, f = prf(c["tp"], c["fp"], c["fn"])
        print(f"{key:38} {c['returns']:>7} {p:>9.3f} {r:>7.3f} {f:>6.3f}")
    total = counts["pooled"]["returns"]
    print(f"\n{total} returns read and detected in {elapsed:.1f} s ({1000 * elapsed / max(1, total):.0f} ms each)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
