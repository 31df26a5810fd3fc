"""Benchmark: are the board-theme pairs of "What's working well" substantive?

    python benchmarks/bench_board_themes.py            # the bundled and fresh sets
    python benchmarks/bench_board_themes.py --scale    # and three rounds of 200 returns each

Ingests the bundled sample returns (2013) and the fresh returns in other wordings (2015,
tests/fresh_returns.py) into a temporary store, then compares the pairs the report lists
(themes.substantive_themes) and, as a baseline, every theme mentioned once in a placement, with
an analyst's reading of each return (benchmarks/board_themes_labels.yaml). Prints precision and
recall per round and overall, and the pairs that differ. Goal: precision >= 90%, recall >= 85%.

--scale adds three rounds of 200 returns (tests/scale_rounds.py: 6-17 returns per board, several
topics each, topics that change between rounds), labelled from hand-labelled sentences: a board's
themes are the topics of its returns and any strand a return gives two or more activities to.
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


def scale(tax) -> tuple[set, set, set]:
    from scale_rounds import labels, write_rounds
    from matrix_synth import Store, ingest
    from matrix_synth.themes import substantive_themes

    got_all, base_all, want_all = set(), set(), set()
    with tempfile.TemporaryDirectory() as tmp:
        made = write_rounds(os.path.join(tmp, "returns"))
        store = Store(os.path.join(tmp, "s.sqlite"))
        ingest([os.path.join(tmp, "returns")], store)
        for round_, reading in labels(made).items():
            want = {(round_, b, t) for b, ts in reading.items() for t in ts}
            rets, pl, free = store.returns(round_), store.placements(round_), store.free_text(round_)
            got = {(round_, b, t) for b, ts in substantive_themes(rets, pl, free, tax).items() for t in ts}
            base = {(round_, p["board"], t) for p in pl for t in (p["themes"] or "").split(";") if t}
            p, r = score(got, want)
            bp, br = score(base, want)
            print(f"{round_} ({len(rets)} returns): {len(want)} pairs read; report lists {len(got)}: precision "
                  f"{p:.0%}, recall {r:.0%} (any mention: {len(base)} pairs, precision {bp:.0%}, recall {br:.0%})")
            for x in sorted(got - want)[:12]:
                print(f"    listed, not substantive: {x[1]} / {x[2]}")
            for x in sorted(want - got)[:12]:
                print(f"    missed: {x[1]} / {x[2]}")
            got_all |= got
            base_all |= base
            want_all |= want
    return got_all, base_all, want_all


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
        if "--scale" in sys.argv[1:]:
            got, base, want = scale(tax)
            p, r = score(got, want)
            print(f"at 200 returns a round: precision {p:.1%}, recall {r:.1%}")
            all_got |= got
            all_base |= base
            all_want |= want
        p, r = score(all_got, all_want)
        bp, br = score(all_base, all_want)
        print(f"overall: precision {p:.0%}, recall {r:.0%} (goal >= 90%, >= 85%); "
              f"any mention: precision {bp:.0%}, recall {br:.0%}")


if __name__ == "__main__":
    main()
