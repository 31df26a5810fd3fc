"""What needs a human eye before the overview goes out, in order of harm: as a list, as JSON, as one
self-contained page (each return's grid beside its source text), or served as a page that corrects
(review_server.py).

Order of harm: files that gave no engagement (unreadable, no matrix) or lost most of it, then returns
whose board is unknown, placements below the confidence threshold, unplaced sentences that read like
engagement, other problems and unknown partners; last, one count per file of the short pieces
(single words, numbers, drop-down list values, 'Section', template text) that were not placed.
Each thing is listed once: a range ("2-3") is one item, and a problem that only says what another
item says (unplaced text, unknown board, no matrix found) is folded into it."""
from __future__ import annotations

import html
import os
import re
from collections import defaultdict
from typing import Any

from .privacy import scrubber_for
from .schema import FUNCTION_IDS, FUNCTION_LABELS, LEVELS, board_name
from .store import UNFLAGGED_REASONS

DEFAULT_THRESHOLD = 0.75  # the same as the CLI's --threshold default
LOST_MOST = 0.5  # a return whose text coverage is below this lost most of what it said

# Rank (lower is worse) and the words shown for each kind of item.
KINDS: dict[str, tuple[int, str]] = {
    "no-engagement": (0, "no engagement"),
    "unreadable": (0, "could not be read"),
    "lost-engagement": (1, "most text not placed"),
    "board-unknown": (2, "board unknown"),
    "low-confidence": (3, "low confidence"),
    "unplaced": (4, "text not placed"),
    "problem": (5, "problem"),
    "superseded": (5, "not counted: another version counts"),
    "partner-unknown": (6, "partner unknown"),
    "short-text": (7, "short text not placed"),
}
# Problems whose message another item already carries.
_FOLDED_CODES = {"unplaced-text", "board-unknown", "no-matrix-found"}
_WORD = re.compile(r"[^\W\d_]{3,}")


def reads_like_engagement(text: str | None) -> bool:
    """A sentence worth a human eye, not a single word, a number, a list value or 'Section 2'."""
    words = (text or "").split()
    return len(words) >= 4 and len(_WORD.findall(text or "")) >= 3


def review_items(store, round_: int | None = None, threshold: float = DEFAULT_THRESHOLD,
                 include_personal: bool = False, scrub=None) -> list[dict[str, Any]]:
    """Every item to check, worst first. Each is a dict: kind (an id), label (the words for it), rank,
    source_file, return_id (None for a file that could not be read), location, detail, cell_ref (where a
    correction can be keyed on it) and, for placements and unplaced text, text, function and levels.
    Names, e-mails and phone numbers are scrubbed unless asked (scrub: a Scrubber already made)."""
    scrub = scrub or scrubber_for(store, include_personal)
    returns = [scrub.row(r) for r in store.returns(round_, include_superseded=True)]
    return _items([scrub.row(r) for r in store.problems(round_)], returns,
                  [scrub.row(r) for r in store.placements(round_, include_superseded=True)],
                  [scrub.row(r) for r in store.unplaced(round_, include_superseded=True)],
                  threshold)


def _item(kind: str, source_file: str, detail: str, return_id=None, location: str = "", cell_ref: str = "",
          **extra) -> dict[str, Any]:
    rank, label = KINDS[kind]
    return {"kind": kind, "label": label, "rank": rank, "source_file": source_file, "return_id": return_id,
            "location": location or "", "detail": detail, "cell_ref": cell_ref or "", **extra}


def _strip_file(message: str, source_file: str) -> str:
    """A problem's message without the file name it starts with (the file is shown once, beside it)."""
    for prefix in (source_file + ": ", source_file + " ", os.path.basename(source_file) + ": "):
        if message.startswith(prefix):
            return message[len(prefix):]
    return message


def _items(problems, returns, placements, unplaced, threshold: float) -> list[dict[str, Any]]:
    """Every item, worst first: files whose problems say it all, returns, placements, unplaced text."""
    by_file = {r["source_file"]: r for r in returns}
    items = _problem_items(problems, by_file)
    items += _return_items(returns, problems, unplaced)
    items += _low_confidence_items(placements, threshold)
    items += _unplaced_items(unplaced)
    order: dict[str, int] = {}
    for it in items:  # files in the order of their worst item, then items worst first within each
        order[it["source_file"]] = min(order.get(it["source_file"], 99), it["rank"])
    items.sort(key=lambda it: (order[it["source_file"]], it["source_file"], it["rank"]))
    return items


def _problem_items(problems, by_file) -> list[dict[str, Any]]:
    """A stored return's own problems (those no other item says), and for a file with nothing stored
    one item that says why, with its other warnings."""
    items = []
    failed: dict[str, list[dict]] = defaultdict(list)
    for p in problems:
        src = p["source_file"]
        if p["status"] == "failed" and src not in by_file:
            failed[src].append(p)
        elif p["code"] not in _FOLDED_CODES:
            hint = f" {p['hint']}" if p["hint"] else ""
            items.append(_item("problem", src, _strip_file(p["message"] or "", src) + hint,
                               by_file.get(src, {}).get("id"), p["location"] or ""))
    for src, probs in failed.items():
        items += _failed_file_items(src, probs)
    return items


def _failed_file_items(src: str, probs: list[dict]) -> list[dict[str, Any]]:
    worst = next((p for p in probs if p["code"] == "no-matrix-found"), None) \
        or next((p for p in probs if p["severity"] == "error"), probs[0])
    hint = f" {worst['hint']}" if worst["hint"] else ""
    if worst["code"] == "no-matrix-found":
        pieces = sum(1 for p in probs if p["code"] == "unplaced-text")
        detail = "Nothing in this file was read as engagement."
        detail += f" Its {pieces} piece(s) of text are kept as unplaced text." if pieces else ""
        items = [_item("no-engagement", src, detail + hint, location=worst["location"] or "")]
    else:
        items = [_item("unreadable", src, _strip_file(worst["message"] or "", src) + hint,
                       location=worst["location"] or "")]
    return items + [_item("problem", src, _strip_file(p["message"] or "", src), location=p["location"])
                    for p in probs if p is not worst and p["code"] not in _FOLDED_CODES and p["severity"] != "error"]


def _return_items(returns, problems, unplaced) -> list[dict[str, Any]]:
    """Per return: no engagement or most of it lost, an unknown board, a missing partner or round;
    and one count of its short leftovers."""
    no_matrix = {p["source_file"]: p for p in problems if p["code"] == "no-matrix-found"}
    engagement_like: dict[int, int] = defaultdict(int)
    short: dict[int, list[dict]] = defaultdict(list)
    for u in unplaced:
        if u["reason"] in UNFLAGGED_REASONS:
            continue
        if reads_like_engagement(u["text"]):
            engagement_like[u["return_id"]] += 1
        else:
            short[u["return_id"]].append(u)
    items = []
    for r in returns:
        items += _one_return_items(r, no_matrix.get(r["source_file"]), engagement_like[r["id"]])
    for rid, pieces in short.items():
        sample = ", ".join(f"'{_short(u['text'], 20)}'" for u in pieces[:6]) + (" …" if len(pieces) > 6 else "")
        items.append(_item("short-text", pieces[0]["source_file"], f"{len(pieces)} short piece(s) of text (single "
                           f"words, numbers, list values, template text) were not placed: {sample}", rid,
                           count=len(pieces)))
    return items


def _one_return_items(r, why, engagement_like: int) -> list[dict[str, Any]]:
    src, rid = r["source_file"], r["id"]
    if r.get("superseded_by"):  # kept and shown, not counted: nothing else about it needs fixing
        what = "a copy of" if r.get("superseded_why") == "copy" else "an earlier version of"
        return [_item("superseded", src, f"Not counted: this is {what} {r['superseded_by']}, which counts "
                      "instead. If this file is the return, take the other one out of the folder (or rename "
                      "it) and ingest again.", rid)]
    items = []
    if not r["placements"]:
        detail = "Nothing in this return was read as engagement"
        detail += f": {_strip_file(why['message'], src)}" if why else "."
        items.append(_item("no-engagement", src, detail, rid))
    elif float(r["coverage"] or 0) < LOST_MOST and engagement_like:
        items.append(_item("lost-engagement", src, f"Only {float(r['coverage'] or 0):.0%} of this return's text "
                           f"was placed in the grid; {engagement_like} sentence(s) were not. Check them below.", rid))
    if not r["board"]:
        written = f" (it says '{r['board_written']}')" if r.get("board_written") else ""
        items.append(_item("board-unknown", src, f"The board could not be identified{written}. Set it, e.g. "
                           "board = NHS Fife.", rid))
    missing = [name for name, key in (("partner", "partners"), ("round", "round")) if not r[key]]
    if missing:
        items.append(_item("partner-unknown", src, f"The return's {' and '.join(missing)} could not be found.", rid))
    return items


def _low_confidence_items(placements, threshold: float) -> list[dict[str, Any]]:
    """Placements read with less confidence than the threshold; a range ('2-3') is one item."""
    seen: dict[tuple, dict] = {}
    for p in placements:
        if (p["confidence"] or 0) >= threshold:
            continue
        key = (p["return_id"], p["location"], p["text"], p["function"])
        if key in seen:
            seen[key]["levels"].append(p["level"])
            seen[key]["placement_ids"].append(p["placement_id"])
            continue
        seen[key] = _item("low-confidence", p["source_file"], "", p["return_id"], p["location"], p["cell_ref"],
                          text=p["text"] or "", function=p["function"], levels=[p["level"]],
                          placement_ids=[p["placement_id"]], confidence=p["confidence"] or 0)
    for item in seen.values():
        lv = "-".join(str(v) for v in sorted(item["levels"]))
        item["detail"] = (f"Read as {FUNCTION_LABELS[item['function']]}, level {lv} (confidence "
                          f"{item['confidence']:.2f}): {_short(item['text'])}")
    return list(seen.values())


def _unplaced_items(unplaced) -> list[dict[str, Any]]:
    return [_item("unplaced", u["source_file"], f"Not placed ({u['reason']}): {_short(u['text'])}",
                  u["return_id"], u["location"], u["cell_ref"], text=u["text"] or "")
            for u in unplaced if u["reason"] not in UNFLAGGED_REASONS and reads_like_engagement(u["text"])]


def review_text(items: list[dict[str, Any]], limit: int | None = None) -> str:
    """The items as plain text: each file's name once, its items below it."""
    shown = items[:limit] if limit else items
    out, current = [], None
    for it in shown:
        if it["source_file"] != current:
            current = it["source_file"]
            out.append(("\n" if out else "") + current)
        where = f" ({it['location']})" if it["location"] else ""
        out.append(f"  {it['label']}{where}: {it['detail']}")
    files = len({it["source_file"] for it in items})
    out.append(f"\n{len(items)} item(s) in {files} file(s), worst first.")
    if limit and len(items) > limit:
        out.append(f"Showing the first {limit}; --limit 0 shows all.")
    return "\n".join(out)


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
    all_placements = [scrub.row(r) for r in store.placements(round_, include_superseded=True)]
    all_unplaced = [scrub.row(r) for r in store.unplaced(round_, include_boilerplate=True, include_superseded=True)]
    returns = [scrub.row(r) for r in store.returns(round_, include_superseded=True)]
    flagged_unplaced = [u for u in all_unplaced if u["reason"] not in UNFLAGGED_REASONS]
    items = _items([scrub.row(r) for r in store.problems(round_)], returns, all_placements, flagged_unplaced,
                   threshold)
    by_return = _ReturnTexts(all_placements, all_unplaced, [scrub.row(f) for f in store.free_text(round_)], items)
    title = f"matrix-synth review — {round_ if round_ else 'all rounds'}"
    out = [f"<!DOCTYPE html><html lang='en-GB'><head><meta charset='utf-8'><title>{esc(title)}</title>"
           f"<style>{_CSS}</style></head><body><h1>{esc(title)}</h1>",
           f"<p>{len(items)} item(s) flagged (confidence threshold {threshold:.2f}). Each return shows the grid "
           "the tool built beside the text it read, in document order. Fix a guess with <code>matrix-synth "
           "correct</code> or in corrections.yaml, then ingest again.</p>", _items_table(items)]
    worst: dict[str, int] = {}
    for n, item in enumerate(items):
        worst.setdefault(item["source_file"], n)
    for r in sorted(returns, key=lambda r: worst.get(r["source_file"], len(items))):
        out.append(_return_html(r, by_return, threshold))
    failed = [i for i in items if i["return_id"] is None]
    if failed:
        out.append("<h2>Files that could not be read</h2><ul>")
        out.extend(f"<li>{esc(i['source_file'])}: {esc(i['detail'])}</li>" for i in failed)
        out.append("</ul>")
    out.append("</body></html>")
    return "\n".join(out)


class _ReturnTexts:
    """The flags, placements, free text and unplaced text of each return, found by its id or file."""

    def __init__(self, placements, unplaced, free, items) -> None:
        self.flags: dict[str, list[dict]] = defaultdict(list)
        for item in items:
            self.flags[item["source_file"]].append(item)
        self.placements: dict[int, list[dict]] = defaultdict(list)
        for p in placements:
            self.placements[p["return_id"]].append(p)
        self.unplaced: dict[str, list[dict]] = defaultdict(list)
        for u in unplaced:
            self.unplaced[u["source_file"]].append(u)
        self.free: dict[int, list[dict]] = defaultdict(list)
        for f in free:
            self.free[f["return_id"]].append(f)


def _items_table(items) -> str:
    esc = html.escape
    rows = [f"<tr><td>{esc(item['label'])}</td><td>{esc(item['source_file'])}</td>"
            f"<td>{esc(item['location'] or '')}</td><td>{esc(item['detail'])}</td></tr>" for item in items]
    return ("<table class='summary'><tr><th>Kind</th><th>File</th><th>Where</th><th>Detail</th></tr>"
            + "\n".join([""] + rows) + "\n</table>")


def _return_html(r, texts: _ReturnTexts, threshold: float) -> str:
    esc = html.escape
    out = [f"<h2 id='return-{r['id']}'>{esc(r['source_file'])}</h2>",
           f"<p>{esc(board_name(r['board']) if r['board'] else 'Board not identified')} · round "
           f"{esc(str(r['round'] or '?'))} · layout {esc(r['layout'] or '?')} · partners "
           f"{esc(r['partners'] or 'not stated')} · topic {esc(r['topic'] or 'not stated')} · "
           f"text coverage {float(r['coverage'] or 0):.0%}</p>"]
    out += [f"<div class='flag'><span class='kind'>{esc(item['label'])}</span> "
            f"{esc(item['location'] or '')}: {esc(item['detail'])}</div>" for item in texts.flags.get(r["source_file"], [])]
    placements = texts.placements.get(r["id"], [])
    out.append("<div class='ret'><div>" + _grid_html(placements, threshold) + "</div>")
    out.append("<div><ul class='src'>" + _source_html(placements, texts.free.get(r["id"], []),
                                                      texts.unplaced.get(r["source_file"], [])) + "</ul></div></div>")
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
