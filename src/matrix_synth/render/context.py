"""One plain context that Word, HTML and Markdown all render, so they tell the same story.
Every example carries the file (and place) it came from."""
from __future__ import annotations

import datetime as dt
import os
import re
from collections import defaultdict
from typing import Any

from .. import aggregate
from ..detect.labels import SECTION_TITLES
from ..privacy import scrubber_for
from ..problems import MatrixSynthError
from .overview import TOP_THEMES, build_overview
from ..schema import FUNCTION_LABELS, LEVELS, board_name

EXAMPLE_CHARS = 320
QUOTE_CHARS = 260
QUOTES_PER_GROUP = 6  # representative quotes per theme; the rest are counted and are in the export
FREE_TEXT_PER_BOARD = 8


def _short(text: str, n: int) -> str:
    text = " ".join((text or "").split())
    if len(text) <= n:
        return text
    cut = text[:n].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


def load_intro(path: str | None) -> dict[str, Any]:
    """The analyst's own words: Markdown with '# Purpose', '# Background', '# Summary' headings
    (any level), or YAML with those keys (and optionally title, author)."""
    if not path:
        return {}
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    if path.lower().endswith((".yaml", ".yml")):
        import yaml
        try:
            data = yaml.safe_load(text) or {}
        except yaml.YAMLError as exc:
            raise MatrixSynthError(f"The intro file {path} is not valid YAML: {exc}") from None
        if not isinstance(data, dict):
            raise MatrixSynthError(f"The intro file {path} must map purpose/background/summary to text.")
        return {k.lower(): _paras(v) if k.lower() in ("purpose", "background", "summary") else v
                for k, v in data.items()}
    out: dict[str, Any] = {}
    current = None
    buf: list[str] = []
    for line in text.splitlines():
        m = re.match(r"^#+\s*(.+?)\s*$", line)
        if m:
            if current:
                out[current] = _paras("\n".join(buf))
            key = m.group(1).strip().lower()
            current = key if key in ("purpose", "background", "summary") else None
            if current is None and "title" not in out:
                out["title"] = m.group(1).strip()
            buf = []
        elif current:
            buf.append(line)
    if current:
        out[current] = _paras("\n".join(buf))
    return out


def _paras(value) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value]
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", str(value or "")) if p.strip()]


def _attribution(ret: dict[str, Any]) -> str:
    """By role and sector, never by name: 'NHS lead, NHS Lanarkshire'."""
    text = " ".join(filter(None, [ret.get("role") or "", ret.get("completed_by") or ""])).lower()
    third = any(w in text for w in ("third sector", "voluntary", "tsi", "cvs", "charity", "partner"))
    sector = "Third sector lead" if third and "nhs" not in text else "NHS third sector lead" if third else "NHS lead"
    return f"{sector}, {board_name(ret.get('board'))}"


def build_context(store, round_: int | None, compare_with: int | None = None, intro_path: str | None = None,
                  themes_path: str | None = None, include_personal: bool = False,
                  hallmarks_path: str | None = None, top_themes: int | None = None) -> dict[str, Any]:
    from .. import themes as themes_mod

    rounds = store.rounds()
    if not rounds:
        raise MatrixSynthError("The store has no returns yet. Run 'matrix-synth ingest RETURNS_FOLDER' first.")
    if round_ is None:
        round_ = rounds[-1]
    elif round_ not in rounds:
        raise MatrixSynthError(f"The store has no returns for {round_}. Rounds stored: {', '.join(map(str, rounds))}.")
    taxonomy = themes_mod.load(themes_path)
    scrub = scrubber_for(store, include_personal)
    placements = store.placements(round_)
    returns = {r["id"]: r for r in store.returns(round_) if r["placements"]}  # no matrix: review only
    free = [f for f in store.free_text(round_) if f["return_id"] in returns]
    intro = load_intro(intro_path)
    national = aggregate.grid_counts(placements)
    ctx: dict[str, Any] = {
        "title": intro.get("title") or "An overview report on using the Engagement Matrix",
        "subtitle": f"Partnership between NHS Boards and third sector organisations, {round_}",
        "author": intro.get("author", ""), "round": round_, "generated": dt.date.today().isoformat(),
        "levels": [f"{lv} {name}" for lv, name in LEVELS.items()],
        "national": {"grid": national, "rows": _grid_rows(national), "placements": len(placements),
                     "share_high": f"{aggregate.share_high(placements):.0%}",
                     "profile": aggregate.profile(placements)},
    }
    ctx["response"] = _response(store, round_)
    ctx["boards"] = _boards(store, round_, placements, returns, free, scrub)
    ctx["working_well"] = _working_well(placements, free, returns, taxonomy, scrub)
    ctx["hallmarks"] = _quotes(free, "working_well", returns, taxonomy, scrub)
    ctx["improvements"] = _quotes(free, "improvements", returns, taxonomy, scrub)
    ctx["next_steps"] = _quotes(free, "next_steps", returns, taxonomy, scrub)
    comments = _quotes(free, "feedback", returns, None, scrub)
    ctx["matrix_comments"] = comments[0]["quotes"] if comments else []
    ctx["matrix_comments_more"] = comments[0]["more"] if comments else 0
    ctx["emerging"] = [{"phrase": p, "returns": n, "sources": ", ".join(s[:4])} for p, n, s in
                       themes_mod.emerging([(f["source_file"], f["text"]) for f in free] +
                                           [(p["source_file"], p["text"] or "") for p in placements], taxonomy)]
    ctx["quality"] = _quality(store, round_)
    ctx["compare"] = _compare(store, compare_with, round_) if compare_with else None
    ctx["intro"] = {"purpose": intro.get("purpose") or _default_purpose(round_),
                    "background": intro.get("background") or _default_background(),
                    "summary": intro.get("summary") or _default_summary(ctx)}
    ctx["section_titles"] = SECTION_TITLES
    ctx["overview"] = build_overview(store, round_, placements, returns, free, taxonomy, scrub,
                                     aggregate.response(store, round_), compare_with, hallmarks_path,
                                     top_themes or TOP_THEMES)
    if not intro.get("summary"):
        ctx["intro"]["summary"] = []  # the key findings stand in for the analyst's own summary
    return ctx


def _grid_rows(grid) -> list[dict[str, Any]]:
    """aggregate.grid_rows shaped for the templates: a list of level cells per function (blank for 0)."""
    labels = [f"{lv} {name}" for lv, name in LEVELS.items()]
    return [{"function": r["function"], "cells": [r[label] or "" for label in labels], "total": r["total"]}
            for r in aggregate.grid_rows(grid)]


def _response(store, round_: int) -> dict[str, Any]:
    boards = aggregate.response(store, round_)
    returned = [b for b in boards if b.returned and b.kind != "unknown"]
    groups: dict[str, list[str]] = defaultdict(list)
    for b in boards:
        if b.returned:
            groups[b.interpretation].append(b.name)
    rows = [{"name": b.name, "kind": b.kind, "returned": "Yes" if b.returned else "No", "files": b.files,
             "matrices": b.matrices, "placements": b.placements, "interpretation": b.interpretation or "–",
             "topics": "; ".join(b.topics), "sources": "; ".join(b.sources)} for b in boards]
    missing = [b.name for b in boards if not b.returned and b.kind != "unknown"]
    unknown = [b for b in boards if b.kind == "unknown"]
    return {"rows": rows, "returned": len(returned), "of": 22, "missing": ", ".join(missing) or "none",
            "matrices": sum(b.matrices for b in boards), "files": sum(b.files for b in boards),
            "unknown_files": sum(b.files for b in unknown),
            "interpretations": [{"label": k, "boards": ", ".join(v), "count": len(v)} for k, v in
                                sorted(groups.items(), key=lambda kv: -len(kv[1]))]}


def _boards(store, round_, placements, returns, free, scrub) -> list[dict[str, Any]]:
    by_board: dict[str, list[dict]] = defaultdict(list)
    for p in placements:
        by_board[p["board"] or ""].append(p)
    out = []
    for board_id in sorted({r["board"] or "" for r in returns.values()}, key=board_name):
        items = by_board.get(board_id, [])
        rets = [r for r in returns.values() if (r["board"] or "") == board_id]
        grid = aggregate.grid_counts(items)
        examples = sorted(items, key=lambda p: (-p["level"], p["function"]))[:8]
        out.append({
            "id": board_id or "unknown", "name": board_name(board_id or None),
            "sources": "; ".join(r["source_file"] for r in rets),
            "topics": scrub.text("; ".join(sorted({r["topic"] for r in rets if r["topic"]}))) or "not stated",
            "partners": scrub.text("; ".join(sorted({r["partners"] for r in rets if r["partners"]}))) or "not stated",
            "grid": grid, "rows": _grid_rows(grid), "profile": aggregate.profile(items),
            "placements": len(items), "share_high": f"{aggregate.share_high(items):.0%}",
            "examples": [{"function": FUNCTION_LABELS[p["function"]], "level": f"{p['level']} {LEVELS[p['level']]}",
                          "text": _short(scrub.text(p["text"]) or "(ticked, no text)", EXAMPLE_CHARS),
                          "source": p["source_file"], "location": p["location"]} for p in examples],
            "free_text": [{"section": SECTION_TITLES[f["section"]], "text": _short(scrub.text(f["text"]), 600),
                           "source": f["source_file"]}
                          for f in free if (f["board"] or "") == board_id][:FREE_TEXT_PER_BOARD],
        })
    return out


def _working_well(placements, free, returns, taxonomy, scrub) -> list[dict[str, Any]]:
    """Each theme, the boards under it, and one example in each board's own words."""
    by_theme: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for p in placements:
        for theme in (p["themes"] or "").split(";"):
            if theme:
                by_theme[theme][p["board"] or ""].append(p)
    themes = []
    for theme_id, boards in sorted(by_theme.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        examples = []
        for board_id, items in sorted(boards.items(), key=lambda kv: board_name(kv[0] or None)):
            best = max(items, key=lambda p: (p["level"], len(p["text"] or "")))
            examples.append({"board": board_name(board_id or None),
                             "text": _short(scrub.text(best["text"]) or "(ticked, no text)", EXAMPLE_CHARS),
                             "level": f"level {best['level']} ({LEVELS[best['level']]})",
                             "function": FUNCTION_LABELS[best["function"]],
                             "source": best["source_file"], "location": best["location"]})
        theme = taxonomy.by_id.get(theme_id)
        themes.append({"id": theme_id, "label": taxonomy.label(theme_id),
                       "description": theme.description if theme else "", "boards": len(boards),
                       "examples": examples})
    return themes


def _quotes(free, section: str, returns, taxonomy, scrub) -> list[dict[str, Any]]:
    """Free text of one section, grouped by theme, each quote attributed by role and sector."""
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for f in free:
        if f["section"] != section:
            continue
        ret = returns.get(f["return_id"], {})
        quote = {"text": _short(scrub.text(f["text"]), QUOTE_CHARS), "by": _attribution(ret),
                 "source": f["source_file"], "location": f["location"]}
        themes = [t for t in (f["themes"] or "").split(";") if t] if taxonomy else []
        groups[themes[0] if themes else ""].append(quote)
    out = []
    for key, quotes in sorted(groups.items(), key=lambda kv: (kv[0] == "", -len(kv[1]))):
        chosen = _spread(quotes, QUOTES_PER_GROUP)
        out.append({"theme": taxonomy.label(key) if key and taxonomy else "Other", "quotes": chosen,
                    "more": len(quotes) - len(chosen)})
    return out


def _spread(quotes: list[dict[str, Any]], n: int) -> list[dict[str, Any]]:
    """Up to n quotes, taking from as many different boards (attributions) as possible."""
    by: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for q in quotes:
        by[q["by"]].append(q)
    chosen: list[dict[str, Any]] = []
    while len(chosen) < n and any(by.values()):
        for key in list(by):
            if by[key] and len(chosen) < n:
                chosen.append(by[key].pop(0))
    return chosen


def _quality(store, round_: int) -> dict[str, Any]:
    problems = store.problems(round_)
    failed = sorted({p["source_file"] for p in problems if p["status"] == "failed"})
    return {"failed": [{"file": f, "reason": next(p["message"] for p in problems if p["source_file"] == f)}
                       for f in failed],
            "unplaced": len(store.unplaced(round_)), "corrections": len(store.corrections(round_)),
            "no_matrix": sorted({p["source_file"] for p in problems if p["code"] == "no-matrix-found"}),
            "warnings": sum(1 for p in problems if p["severity"] == "warning")}


def _compare(store, from_round: int, to_round: int) -> dict[str, Any]:
    result = aggregate.compare_rounds(store, from_round, to_round)
    changed = [r for r in result.rows if r["change"]]
    return {"from": from_round, "to": to_round, "shift": result.shift,
            "rows": [{**r, "function": FUNCTION_LABELS[r["function"]],
                      "from_level": r["from_level"] or "–", "to_level": r["to_level"] or "–",
                      "change": ("+" if (r["change"] or 0) > 0 else "") + str(r["change"])
                      if r["change"] is not None else "–"} for r in result.rows],
            "up": sum(1 for r in changed if r["change"] > 0), "down": sum(1 for r in changed if r["change"] < 0),
            "only_from": ", ".join(result.only_from) or "none", "only_to": ", ".join(result.only_to) or "none",
            "shift_rows": [{"level": s["level"], "before": f"{s[f'{from_round} share']:.0%}",
                            "after": f"{s[f'{to_round} share']:.0%}"} for s in result.shift]}


def _default_purpose(round_: int) -> list[str]:
    return [f"This report gives an overview of the Engagement Matrices completed by NHS Boards together with "
            f"their third sector partners in {round_}: which boards returned what, the topic areas of what is "
            "working well, the hallmarks of good partnership, the improvements and concerns raised, and what "
            "people said of the Engagement Matrix itself."]


def _default_background() -> list[str]:
    return ["The Engagement Matrix is a tool for health boards and third sector organisations to use together to "
            "map and improve shared working. It sets five functions (Policy & Strategy Development, Planning & "
            "Commissioning, Contracting & Service Delivery, Capacity Building, Learning Exchange) against five "
            "levels of engagement (1 Inform, 2 Consult, 3 Involve, 4 Collaborate, 5 Empower). Used year on year, "
            "it gives a baseline picture and charts a journey of improvement."]


def _default_summary(ctx: dict[str, Any]) -> list[str]:
    resp = ctx["response"]
    themes = ", ".join(t["label"].lower() for t in ctx["working_well"][:3]) or "no recurring theme"
    out = [f"{resp['returned']} of the 22 NHS boards returned {resp['matrices']} matrices in {resp['files']} files "
           f"({ctx['national']['placements']} placements of activity). {ctx['national']['share_high']} of the "
           "engagement mapped was at levels 4-5 (collaborate or empower).",
           f"The most common themes of what is working well were {themes}."]
    if ctx.get("compare"):
        c = ctx["compare"]
        out.append(f"Compared with {c['from']}, boards moved up a level in {c['up']} board-function pairs and down "
                   f"in {c['down']}.")
    return out


def output_name(fmt: str, round_: int | None, output: str | None) -> str:
    if output:
        return output
    return f"overview-report-{round_ or 'all'}.{fmt}"


def charts_folder(output: str) -> str:
    return os.path.splitext(output)[0] + "_files"
