"""What needs a human eye before the overview goes out, as a list or as one self-contained page
that shows each return's grid beside its source text and the flagged items.

Flagged: placements below a confidence threshold, returns whose board, partner or round is
unknown, text the tool could not place, and files with problems."""
from __future__ import annotations

import html
import os
from collections import defaultdict
from typing import Any

from .privacy import scrubber_for
from .schema import FUNCTION_IDS, FUNCTION_LABELS, LEVELS, board_name
from .store import UNFLAGGED_REASONS

DEFAULT_THRESHOLD = 0.6


def review_items(store, round_: int | None = None, threshold: float = DEFAULT_THRESHOLD,
                 include_personal: bool = False) -> list[dict[str, Any]]:
    """Every item to check, each with kind, source_file, location, detail (and cell_ref where
    a correction can be keyed on it). Names, e-mails and phone numbers are scrubbed unless asked."""
    scrub = scrubber_for(store, include_personal)
    return _items([scrub.row(r) for r in store.problems(round_)], [scrub.row(r) for r in store.returns(round_)],
                  [scrub.row(r) for r in store.placements(round_)], [scrub.row(r) for r in store.unplaced(round_)],
                  threshold)


def _items(problems, returns, placements, unplaced, threshold: float) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for p in problems:
        items.append({"kind": "problem" if p["status"] != "failed" else "unreadable file",
                      "source_file": p["source_file"], "location": p["location"] or "",
                      "detail": f"{p['message']}" + (f" — {p['hint']}" if p["hint"] else ""), "cell_ref": ""})
    for r in returns:
        asked = (("board", "board"), ("partner", "partners"), ("round", "round")) if r["placements"] else \
            (("board", "board"),)  # no matrix: its partner is not missing, there is nothing to attribute
        missing = [name for name, key in asked if not r[key]]
        if missing:
            items.append({"kind": "unknown " + "/".join(missing), "source_file": r["source_file"], "location": "",
                          "detail": f"The return's {', '.join(missing)} could not be found. Set it with "
                                    f"matrix-synth correct \"{r['source_file']}\" --set {missing[0]}=...",
                          "cell_ref": ""})
    for p in placements:
        if (p["confidence"] or 0) < threshold:
            items.append({"kind": "low confidence", "source_file": p["source_file"], "location": p["location"],
                          "detail": f"{FUNCTION_LABELS[p['function']]}, level {p['level']} "
                                    f"(confidence {p['confidence'] or 0:.2f}): {_short(p['text'])}",
                          "cell_ref": p["cell_ref"] or ""})
    for u in unplaced:
        items.append({"kind": "unplaced text", "source_file": u["source_file"], "location": u["location"],
                      "detail": f"[{u['reason']}] {_short(u['text'])}", "cell_ref": u["cell_ref"] or ""})
    return items


def _short(text: str | None, n: int = 160) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 1] + "…"


_CSS = """
body{font-family:Calibri,"Segoe UI",Arial,sans-serif;margin:1.5rem;color:#1f2d3d}
h1{color:#1f5a96}h2{color:#1f5a96;border-top:1px solid #ccd;padding-top:.8rem;margin-top:2rem}
.ret{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:1.2rem}
table{border-collapse:collapse;font-size:.8rem;width:100%}
th,td{border:1px solid #b8c4d2;padding:.25rem;vertical-align:top;text-align:left}
th{background:#dce6f2}td.fn{font-weight:bold;width:9rem}
.pl{margin:.1rem 0;padding:.1rem .2rem;background:#eef4fb}.low{background:#fde7c8}
.ref{color:#777;font-size:.7rem}
.flag{background:#fff4e0;border-left:4px solid #e08a00;padding:.3rem .5rem;margin:.3rem 0;font-size:.85rem}
.src li{margin:.15rem 0;font-size:.8rem}.kind{font-weight:bold}
.summary td{font-size:.85rem}
"""


def review_html(store, round_: int | None = None, threshold: float = DEFAULT_THRESHOLD,
                include_personal: bool = False) -> str:
    """The review page as one HTML string (no external files, scripts or fonts). Names, e-mails and
    phone numbers are scrubbed unless asked."""
    esc = html.escape
    scrub = scrubber_for(store, include_personal)
    all_placements = [scrub.row(r) for r in store.placements(round_)]
    all_unplaced = [scrub.row(r) for r in store.unplaced(round_, include_boilerplate=True)]
    returns = [scrub.row(r) for r in store.returns(round_)]
    flagged_unplaced = [u for u in all_unplaced if u["reason"] not in UNFLAGGED_REASONS]
    items = _items([scrub.row(r) for r in store.problems(round_)], returns, all_placements, flagged_unplaced,
                   threshold)
    flags: dict[str, list[dict]] = defaultdict(list)
    for item in items:
        flags[item["source_file"]].append(item)
    placements: dict[int, list[dict]] = defaultdict(list)
    for p in all_placements:
        placements[p["return_id"]].append(p)
    unplaced: dict[str, list[dict]] = defaultdict(list)
    for u in all_unplaced:
        unplaced[u["source_file"]].append(u)
    free: dict[int, list[dict]] = defaultdict(list)
    for f in store.free_text(round_):
        free[f["return_id"]].append(scrub.row(f))

    title = f"matrix-synth review — {round_ if round_ else 'all rounds'}"
    out = [f"<!DOCTYPE html><html lang='en-GB'><head><meta charset='utf-8'><title>{esc(title)}</title>"
           f"<style>{_CSS}</style></head><body><h1>{esc(title)}</h1>",
           f"<p>{len(items)} item(s) flagged (confidence threshold {threshold:.2f}). Each return shows the grid "
           "the tool built beside the text it read, in document order. Fix a guess with <code>matrix-synth "
           "correct</code> or in corrections.yaml, then ingest again.</p>"]
    out.append("<table class='summary'><tr><th>Kind</th><th>File</th><th>Where</th><th>Detail</th></tr>")
    for item in items:
        out.append(f"<tr><td>{esc(item['kind'])}</td><td>{esc(item['source_file'])}</td>"
                   f"<td>{esc(item['location'] or '')}</td><td>{esc(item['detail'])}</td></tr>")
    out.append("</table>")
    for r in returns:
        out.append(f"<h2 id='return-{r['id']}'>{esc(r['source_file'])}</h2>")
        out.append(f"<p>{esc(board_name(r['board']) if r['board'] else 'Board not identified')} · round "
                   f"{esc(str(r['round'] or '?'))} · layout {esc(r['layout'] or '?')} · partners "
                   f"{esc(r['partners'] or 'not stated')} · topic {esc(r['topic'] or 'not stated')} · "
                   f"text coverage {float(r['coverage'] or 0):.0%}</p>")
        for item in flags.get(r["source_file"], []):
            out.append(f"<div class='flag'><span class='kind'>{esc(item['kind'])}</span> "
                       f"{esc(item['location'] or '')}: {esc(item['detail'])}</div>")
        out.append("<div class='ret'><div>" + _grid_html(placements.get(r["id"], []), threshold) + "</div>")
        out.append("<div><ul class='src'>" + _source_html(placements.get(r["id"], []), free.get(r["id"], []),
                                                          unplaced.get(r["source_file"], [])) + "</ul></div></div>")
    failed = [i for i in items if i["kind"] == "unreadable file"]
    if failed:
        out.append("<h2>Files that could not be read</h2><ul>")
        out.extend(f"<li>{esc(i['source_file'])}: {esc(i['detail'])}</li>" for i in failed)
        out.append("</ul>")
    out.append("</body></html>")
    return "\n".join(out)


def _grid_html(placements: list[dict], threshold: float) -> str:
    esc = html.escape
    cells: dict[tuple[str, int], list[dict]] = defaultdict(list)
    for p in placements:
        cells[(p["function"], p["level"])].append(p)
    rows = ["<table><tr><th>Function</th>" + "".join(f"<th>{lv} {esc(n)}</th>" for lv, n in LEVELS.items())
            + "</tr>"]
    for f in FUNCTION_IDS:
        row = [f"<tr><td class='fn'>{esc(FUNCTION_LABELS[f])}</td>"]
        for lv in LEVELS:
            bits = []
            for p in cells.get((f, lv), []):
                cls = "pl low" if (p["confidence"] or 0) < threshold else "pl"
                text = _short(p["text"], 140) or "✓ (ticked)"
                bits.append(f"<div class='{cls}'>{esc(text)} <span class='ref'>{esc(p['cell_ref'] or '')}</span>"
                            "</div>")
            row.append("<td>" + "".join(bits) + "</td>")
        rows.append("".join(row) + "</tr>")
    rows.append("</table>")
    return "".join(rows)


def _source_html(placements: list[dict], free: list[dict], unplaced: list[dict]) -> str:
    """The text read from the file, each piece with where it went."""
    esc = html.escape
    seen: set[str] = set()
    lines = []
    for p in placements:
        key = p["location"] + (p["text"] or "")
        if key in seen:
            continue
        seen.add(key)
        lines.append(f"<li><span class='ref'>{esc(p['location'])}</span> → "
                     f"{esc(FUNCTION_LABELS[p['function']])} {p['level']}: {esc(_short(p['text'], 300) or '✓')}</li>")
    for f in free:
        lines.append(f"<li><span class='ref'>{esc(f['location'] or '')}</span> → {esc(f['section'])}: "
                     f"{esc(_short(f['text'], 300))}</li>")
    for u in unplaced:
        lines.append(f"<li><span class='ref'>{esc(u['location'] or '')}</span> → <b>not placed "
                     f"({esc(u['reason'] or '')})</b>: {esc(_short(u['text'], 300))}</li>")
    return "".join(lines) or "<li>(no text)</li>"


def write_review_html(store, path: str = "review.html", round_: int | None = None,
                      threshold: float = DEFAULT_THRESHOLD, include_personal: bool = False) -> str:
    """Write the review page, readable by its owner only (0600: it quotes the returns), whole or not at all."""
    from .safeio import atomic_path
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    page = review_html(store, round_, threshold, include_personal)
    with atomic_path(path, mode=0o600) as tmp:
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(page)
    return path
