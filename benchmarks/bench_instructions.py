"""Benchmark: machine instructions a cold ingest spends on each return, counted by callgrind.

    python benchmarks/bench_instructions.py [--n 150] [--returns DIR] [--versus PYTHON]

Wall-clock figures on a shared machine vary by a third from one run of the same command to the next
(see the README's Speed section); instruction counts do not: valgrind's callgrind counts the same
total for the same program, inputs and hash seed, whatever else the machine is doing. This runs a
worker's whole path for each of N generated returns (read, detect, normalise, the rows the store
writes, pickled as a worker hands them back) under callgrind, once with only a first return to get
the cost of starting (imports, the theme taxonomy, what reading a first file loads) and once with the
first return and the last N, and prints the instructions per return: the difference divided by N.
--versus PYTHON counts the same with another installation's python (another checkout's virtualenv,
or a script that sets PYTHONPATH to another checkout's src), so that a change is measured against
the version before it. Needs valgrind (Debian: apt-get install valgrind); takes
about a minute per installation at N=150. Not a test: the figures go in the README.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tests"))  # the generators

_WORK = r"""
import os, pickle, sys
from matrix_synth.pipeline import Job, _read_for_store
from matrix_synth.themes import load
load(None)  # the taxonomy a worker loads before its first return (startup, not per return)
folder, n = sys.argv[1], int(sys.argv[2])
names = sorted(os.listdir(folder))
for name in names[:1] + names[-n:] if n else names[:1]:  # the first return warms up (imports), then n
    path = os.path.join(folder, name)
    pickle.dumps(_read_for_store(Job(path, name, 2013, None, (), False)))
"""


def instructions(python: str, folder: str, n: int) -> int:
    """Instructions callgrind counts for the worker's path over the first return of folder and its last n."""
    env = dict(os.environ, PYTHONHASHSEED="0")  # the same dict layouts, run after run
    done = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", "--trace-children=yes",
                           python, "-c", _WORK, folder, str(n)], capture_output=True, text=True, env=env)
    found = re.findall(r"Collected\s*:\s*([\d,]+)", done.stderr)  # a wrapper script's shell counts too
    if done.returncode != 0 or not found:
        raise SystemExit(f"callgrind run failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return sum(int(count.replace(",", "")) for count in found)


def per_return(python: str, folder: str, n: int) -> tuple[float, int]:
    start = instructions(python, folder, 0)
    return (instructions(python, folder, n) - start) / n, start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=150, help="returns to count over (default 150)")
    parser.add_argument("--returns", help="a folder of returns to use instead of generating them")
    parser.add_argument("--versus", metavar="PYTHON", help="another installation's python: count it too")
    args = parser.parse_args(argv)
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (Debian: apt-get install valgrind)")
    work = None
    folder = args.returns
    if folder is None:
        from samples import many

        work = tempfile.mkdtemp(prefix="matrix-synth-instr-")
        folder = os.path.join(work, "returns-2013")
        many(folder, args.n + 1)
    n = min(args.n, len(os.listdir(folder)) - 1)
    print(f"instructions per return over {n} returns of {folder} (callgrind)")
    mine, start = per_return(sys.executable, folder, n)
    print(f"{'this version':<14} {mine / 1e6:8.2f} M a return   (starting: {start / 1e6:,.0f} M)")
    if args.versus:
        other, other_start = per_return(args.versus, folder, n)
        print(f"{'versus':<14} {other / 1e6:8.2f} M a return   (starting: {other_start / 1e6:,.0f} M)")
        print(f"{'change':<14} {100 * (mine - other) / other:+8.1f} %")
    if work:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
