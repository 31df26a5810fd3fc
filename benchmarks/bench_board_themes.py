"""Benchmark: are the board-theme pairs of "What's working well" substantive?

    python benchmarks/bench_board_themes.py

Ingests the bundled sample returns (2013) and the fresh returns in other wordings (2015,
tests/fresh_returns.py) into a temporary store, then compares the pairs the report lists
(themes.substantive_themes) and, as a baseline, every theme mentioned once in a placement, with
an analyst's reading of each return (benchmarks/board_themes_labels.yaml). Prints precision and
recall per round and overall, and the pairs that differ. Goal: precision >= 90%, recall >= 85%.
"""
from __future__ import annotations

import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "tests"))


def score(got: set, want: set) -> tuple[float, float]:
    tp = len(got & want)
    return (tp / len(got) if got else 1.0), (tp / len(want) if want else 1.0)


def main() -> None:
    import yaml

    from fresh_returns import FRESH_2015
    from matrix_synth import Store, ingest
    from samples import bundled, write_return
    from matrix_synth.themes import load, substantive_themes

    with open(os.path.join(HERE, "board_themes_labels.yaml"), encoding="utf-8") as fh:
        labels = yaml.safe_load(fh)
    tax = load()
    with tempfile.TemporaryDirectory() as tmp:
        bundled(os.path.join(tmp, "returns"))
        fresh = os.path.join(tmp, "returns", "2015")
        os.makedirs(fresh)
        for ret in FRESH_2015:
            write_return(fresh, ret, 2015)
        store = Store(os.path.join(tmp, "s.sqlite"))
        ingest([os.path.join(tmp, "returns", "2013"), fresh], store)
        all_got, all_base, all_want = set(), set(), set()
        for round_, reading in labels.items():
            want = {(round_, b, t) for b, ts in reading.items() for t in ts}
            rets, pl, free = store.returns(round_), store.placements(round_), store.free_text(round_)
            got = {(round_, b, t) for b, ts in substantive_themes(rets, pl, free, tax).items() for t in ts}
            base = {(round_, p["board"], t) for p in pl for t in (p["themes"] or "").split(";") if t}
            p, r = score(got, want)
            bp, br = score(base, want)
            print(f"{round_}: {len(want)} pairs read by the analyst; report lists {len(got)}: "
                  f"precision {p:.0%}, recall {r:.0%} (any mention: {len(base)} pairs, precision {bp:.0%}, "
                  f"recall {br:.0%})")
            for x in sorted(got - want):
                print(f"    listed, not substantive: {x[1]} / {x[2]}")
            for x in sorted(want - got):
                print(f"    missed: {x[1]} / {x[2]}")
            all_got |= got
            all_base |= base
            all_want |= want
        p, r = score(all_got, all_want)
        bp, br = score(all_base, all_want)
        print(f"overall: precision {p:.0%}, recall {r:.0%} (goal >= 90%, >= 85%); "
              f"any mention: precision {bp:.0%}, recall {br:.0%}")


if __name__ == "__main__":
    main()
