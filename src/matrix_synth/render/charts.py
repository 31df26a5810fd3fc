"""Charts a reader takes in at a glance: function x level heatmaps and the year-on-year shift."""
from __future__ import annotations

import os

from ..schema import FUNCTION_IDS, FUNCTION_LABELS, LEVELS

_SHORT = {"policy-strategy": "Policy & Strategy", "planning-commissioning": "Planning & Commissioning",
          "contracting-delivery": "Contracting & Delivery", "capacity-building": "Capacity Building",
          "learning-exchange": "Learning Exchange"}


def _plt():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    return plt


def heatmap(grid: dict[str, dict[int, int]], path: str, title: str = "", small: bool = False) -> str:
    """A 5x5 heatmap of placement counts, each cell labelled with its count."""
    plt = _plt()
    data = [[grid[f][lv] for lv in LEVELS] for f in FUNCTION_IDS]
    size = (4.2, 2.4) if small else (7.5, 3.9)
    fig, ax = plt.subplots(figsize=size, dpi=110)
    peak = max(1, max(max(r) for r in data))
    ax.imshow(data, cmap="Blues", vmin=0, vmax=peak, aspect="auto")
    if small:
        ax.set_xticks(range(5), [str(lv) for lv in LEVELS], fontsize=7)
        ax.set_xlabel("Level: 1 Inform · 2 Consult · 3 Involve · 4 Collaborate · 5 Empower", fontsize=6)
    else:
        ax.set_xticks(range(5), [f"{lv} {name}" for lv, name in LEVELS.items()], fontsize=9)
    ax.set_yticks(range(5), [_SHORT[f] for f in FUNCTION_IDS], fontsize=7 if small else 9)
    ax.tick_params(length=0)
    for i, row in enumerate(data):
        for j, value in enumerate(row):
            if value:
                ax.text(j, i, str(value), ha="center", va="center", fontsize=7 if small else 10,
                        color="white" if value > peak * 0.55 else "#1f2d3d")
    for spine in ax.spines.values():
        spine.set_visible(False)
    if title:
        ax.set_title(title, fontsize=9 if small else 11, loc="left")
    # fixed margins (room for the function names), not tight_layout: one draw per chart, not two
    fig.subplots_adjust(left=0.3 if small else 0.24, right=0.98, bottom=0.2 if small else 0.1,
                        top=0.88 if title else 0.97)
    # the longest function name must never be cut ("nning & Commissioning"): the saved image grows to fit
    fig.savefig(path, bbox_inches="tight", pad_inches=0.05)
    plt.close(fig)
    return path


def shift_chart(shift: list[dict], from_round: int, to_round: int, path: str) -> str:
    """Share of placements at each level in two rounds, side by side."""
    plt = _plt()
    labels = [row["level"] for row in shift]
    before = [row[f"{from_round} share"] * 100 for row in shift]
    after = [row[f"{to_round} share"] * 100 for row in shift]
    fig, ax = plt.subplots(figsize=(7.5, 3.4), dpi=110)
    xs = range(len(labels))
    ax.bar([x - 0.2 for x in xs], before, width=0.4, label=str(from_round), color="#9fb8d8")
    ax.bar([x + 0.2 for x in xs], after, width=0.4, label=str(to_round), color="#1f5a96")
    ax.set_xticks(list(xs), labels, fontsize=9)
    ax.set_ylabel("% of activity mapped")
    ax.legend(frameon=False)
    for spine in ("top", "right"):
        ax.spines[spine].set_visible(False)
    ax.set_title(f"Level of engagement, {from_round} and {to_round}", fontsize=11, loc="left")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


def chart_files(report, folder: str) -> dict[str, str]:
    """Draw every chart the report asks for into folder; returns name -> file path. The charts come
    from the report model (render/model.py): the national grid, each board's, the year on year."""
    os.makedirs(folder, exist_ok=True)
    ov = report.overview
    paths = {"national": heatmap(ov.national.grid, os.path.join(folder, "national.png"),
                                 "Activity mapped by function and level")}
    # the summary's annex shows each board's grid as a shaded table (overview.grid_lines): editable in
    # Word and drawn in no time; only the evidence pack (--detail full) draws a chart per board
    for board in (report.evidence.boards if report.evidence is not None else ()):
        paths[f"board-{board.id}"] = heatmap(board.grid, os.path.join(folder, f"board-{board.id}.png"),
                                             board.name, small=True)
    if ov.year is not None:  # like with like: the boards that returned in both rounds
        paths["shift"] = shift_chart(ov.year.shift, ov.year.from_round, ov.year.to_round,
                                     os.path.join(folder, "shift.png"))
    return paths


__all__ = ["heatmap", "shift_chart", "chart_files", "FUNCTION_LABELS"]
