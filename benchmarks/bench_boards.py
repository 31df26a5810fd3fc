"""Board identification on generated returns that name their board in one place only, written one of the
ways boards write it (tests/board_variants.py). Prints the share right per place and per board, and the
misses. Usage: python benchmarks/bench_boards.py [--sample N]"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import defaultdict

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tests"))

from board_variants import make_variant, variants  # noqa: E402

from matrix_synth.detect import detect  # noqa: E402
from matrix_synth.readers import read_document  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sample", type=int, default=0, help="every Nth variant only")
    args = ap.parse_args()
    todo = variants()
    if args.sample:
        todo = todo[::args.sample]
    by_place: dict[str, list[bool]] = defaultdict(list)
    by_board: dict[str, list[bool]] = defaultdict(list)
    misses = []
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for n, (place, writing, board) in enumerate(todo):
            path = make_variant(tmp, n, place, writing)
            label = os.path.relpath(path, tmp)
            det = detect(read_document(path, label), label)
            ok = det.board == board
            by_place[place].append(ok)
            by_board[board].append(ok)
            if not ok:
                misses.append((place, writing, board, det.board))
    total = sum(len(v) for v in by_place.values())
    right = sum(sum(v) for v in by_place.values())
    print(f"{right}/{total} returns with the right board ({right / total:.1%}), "
          f"{time.perf_counter() - start:.1f}s\n")
    print("| where the board is written | right |\n|---|---|")
    for place, oks in by_place.items():
        print(f"| {place} | {sum(oks)}/{len(oks)} |")
    print("\n| board | right |\n|---|---|")
    for board, oks in by_board.items():
        print(f"| {board} | {sum(oks)}/{len(oks)} |")
    if misses:
        print("\nMisses (place, writing, expected, found):")
        for m in misses[:60]:
            print("  ", m)


if __name__ == "__main__":
    main()
