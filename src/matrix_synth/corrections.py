"""The analyst's corrections: a plain YAML file (corrections.yaml next to the store) that is
re-applied on every ingest. Each entry has a stable id (C1, C2 …, written in the file), names its
file, and is anchored on the text it was made for, with the cell as a hint:

    corrections:
      - id: C1
        file: lanarkshire-engagement-matrix-2013.docx   # file name (or the end of its path)
        set: {board: NHS Lanarkshire, partner: Lanarkshire Links, topic: Mental health, round: 2013}
      - id: C2
        file: fife-2013.docx
        cell: T3 R2C4                 # where the placement was (cell_ref in the export)
        text: Joint carers strategy   # the text it was made for
        move: {function: planning-commissioning, level: 4}
      - id: C3
        file: fife-2013.docx
        cell: T3 R5C2
        drop: true                    # not engagement: the text is kept as 'dropped', never counted
      - id: C4
        file: fife-2013.docx
        unplaced: P14                 # unplaced text (its cell_ref) attached to a function and level
        text: We run a shared training calendar with the TSI.
        place: {function: learning-exchange, level: 2-3}
      - id: C5
        file: fife-2013.docx
        cell: T3 R2C4
        add_theme: carers             # or remove_theme

When the board's file changes (a paragraph added at the top), the text is found where it now stands;
when the text is no longer in the file, the correction is reported (correction-unmatched, in the ingest
output and on the review page) and never applied to whatever now sits at that cell.

What is typed on the command line or posted from the review page is checked at once (check_entry):
a function, level, board, theme, file or cell that does not exist is refused with a clear message."""
from __future__ import annotations

import hashlib
import json
import os
import re
from typing import Any

from .model import AppliedCorrection, Placement, Return, Unplaced
from .problems import Problem
from .schema import FUNCTION_IDS, FUNCTION_LABELS, find_board, match_function, parse_levels

ACTIONS = ("set", "move", "drop", "place", "add_theme", "remove_theme")
FILE_NAME = "corrections.yaml"
ANCHOR_CHARS = 400  # the text a correction is anchored on: its first characters (whitespace squeezed)
_HEADER = "# matrix-synth corrections: re-applied on every ingest. Edit freely; see the README.\n"


def default_path(store_path: str) -> str:
    folder = os.path.dirname(os.path.abspath(store_path)) if store_path != ":memory:" else os.getcwd()
    return os.path.join(folder, FILE_NAME)


class Corrections:
    def __init__(self, entries: list[dict[str, Any]], path: str = "") -> None:
        self.entries = entries
        self.path = path

    def for_file(self, source: str) -> list[dict[str, Any]]:
        return [e for e in self.entries if _same_file(e.get("file", ""), source)]

    def digest(self, source: str) -> str:
        return _digest(self.for_file(source))

    def changed_since(self, prev) -> bool:
        return self.digest(prev["source_file"]) != (prev["corrections"] or "")


def _same_file(key: str, source: str) -> bool:
    key = key.replace("\\", "/").strip("/")
    source = source.replace("\\", "/")
    return bool(key) and (source == key or source.endswith("/" + key))


def _assign_ids(entries: list[dict[str, Any]]) -> None:
    """Every entry keeps the id written in the file; one without gets the next free number."""
    used = {str(e.get("id")) for e in entries if e.get("id")}
    numbers = [int(m.group(1)) for i in used if (m := re.fullmatch(r"C(\d+)", i))]
    n = max(numbers, default=0)
    for position, entry in enumerate(entries, start=1):
        if not entry.get("id"):
            # an entry written before ids were: its number is its place, as it always was, when free
            candidate = f"C{position}"
            if candidate in used:
                n += 1
                candidate = f"C{n}"
            entry["id"] = candidate
            used.add(candidate)
            n = max(n, int(candidate[1:]))


def load_corrections(path: str | None, store_path: str) -> Corrections:
    path = path or default_path(store_path)
    if not os.path.exists(path):
        return Corrections([], path)
    return Corrections(_read(path), path)


def _read(path: str) -> list[dict[str, Any]]:
    from .config import check_corrections, load_yaml

    data, node = load_yaml(path, "corrections file")  # bounded
    entries = check_corrections(data, node, path, ACTIONS)  # each mistake named with its line
    _assign_ids(entries)
    return entries


def _write(path: str, entries: list[dict[str, Any]]) -> None:
    """The whole file, readable by its owner only (it quotes the returns, as the store does), written
    only when it reads back as a valid corrections file."""
    import yaml

    from .config import check_corrections, load_yaml
    from .safeio import atomic_path

    with atomic_path(path, mode=0o600) as tmp:
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(_HEADER)
            yaml.safe_dump({"corrections": entries}, fh, sort_keys=False, allow_unicode=True, width=110)
        data, node = load_yaml(tmp, "corrections file")
        check_corrections(data, node, path, ACTIONS)  # a ConfigError leaves the file as it was


def append_correction(path: str, entry: dict[str, Any]) -> dict[str, Any]:
    """Add one entry to the corrections file (created when missing), with the next id, which is
    written in the file. Returns the entry as written."""
    entries = _read(path) if os.path.exists(path) else []
    entry = {k: v for k, v in entry.items() if v not in (None, "", {}) and k != "id"}
    numbers = [int(e["id"][1:]) for e in entries if re.fullmatch(r"C\d+", str(e["id"]))]
    entry = {"id": f"C{max(numbers, default=0) + 1}", **entry}
    _write(path, entries + [entry])
    return entry


def remove_correction(path: str, correction_id: str) -> dict[str, Any] | None:
    """Take the entry with this id out of the file (undo, or a stale correction removed from the
    review page). Returns it, or None when the file has no such entry (any more)."""
    if not os.path.exists(path):
        return None
    entries = _read(path)
    found = next((e for e in entries if str(e["id"]) == correction_id), None)
    if found is not None:
        _write(path, [e for e in entries if e is not found])
    return found


# --------------------------------------------------------------------------- anchoring

def anchor(text: str | None) -> str:
    """The text a correction is anchored on, as it is recorded: its first characters, one line."""
    return " ".join((text or "").split())[:ANCHOR_CHARS]


def _norm(text: str | None) -> str:
    return " ".join((text or "").split()).lower()


def _select(items: list, entry: dict[str, Any], key: str) -> tuple[list, str]:
    """The items (placements or unplaced text) an entry names, and, when it names none, why. An entry
    with a text is anchored on it: the items holding that text at the cell given, else where the text
    now stands (the first place); never another text at that cell. Without a text, the cell alone."""
    cell = str(entry.get(key, "")).strip().lower()
    text = _norm(str(entry["text"])) if "text" in entry else None
    if text is None:
        return [i for i in items if cell and i.loc.cell_ref().lower() == cell], ""
    same = [i for i in items if text in _norm(i.text)]
    here = [i for i in same if not cell or i.loc.cell_ref().lower() == cell]
    if here:
        return here, ""
    if same:
        moved = same[0].loc.cell_ref()
        return [i for i in same if i.loc.cell_ref() == moved], ""
    now = next((i.text for i in items if cell and i.loc.cell_ref().lower() == cell), None)
    said = f"; {entry.get(key)} now reads '{_short(now)}'" if now else ""
    return [], f"the text it was made for ('{_short(str(entry['text']))}') is no longer in the file{said}"


def _short(text: str | None, n: int = 60) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 1] + "…"


# --------------------------------------------------------------------------- applying

def _levels(value) -> list[int]:
    levels = list(parse_levels(str(value)))
    if not levels:
        raise ValueError(f"'{value}' is not a level (1-5 or Inform…Empower)")
    return levels


def _function(value) -> str:
    value = str(value)
    if value in FUNCTION_IDS:
        return value
    found = match_function(value)
    if not found:
        raise ValueError(f"'{value}' is not one of the five functions")
    return found


def _placements_named(ret: Return, entry: dict[str, Any]) -> tuple[list[Placement], str]:
    """The placements an entry names: by its text and cell, then its function and level if it gives them
    (a level names one half of a range). An older entry may name a function and level alone."""
    if "cell" in entry or "text" in entry:
        chosen, why = _select(ret.placements, entry, "cell")
    elif "function" in entry or "level" in entry:
        chosen, why = list(ret.placements), ""
    else:
        return [], ""
    if "function" in entry:
        chosen = [p for p in chosen if p.function == _function(entry["function"])]
    if "level" in entry:
        chosen = [p for p in chosen if p.level == int(entry["level"])]
    return chosen, why


def apply_corrections(ret: Return, entries: list[dict[str, Any]]) -> None:
    """Apply the analyst's entries for this file to its Return; each one that cannot be applied or
    matches nothing is a problem of the file, never silently ignored."""
    source = ret.file.source_file
    for entry in entries:
        try:
            hits, why = _apply_one(ret, entry)
        except (ValueError, TypeError) as exc:
            ret.problems.append(Problem("correction-unmatched", f"correction {entry['id']} for {source} cannot "
                                        f"be applied: {exc}", file=source))
            continue
        if not hits:
            reason = why or "it matches nothing in the file as it is now"
            ret.problems.append(Problem("correction-unmatched", f"correction {entry['id']} for {source} was not "
                                        f"applied: {reason}", file=source,
                                        location=str(entry.get("cell") or entry.get("unplaced") or "")))
        ret.corrections += [AppliedCorrection(entry["id"], action, target, detail) for action, target, detail in hits]
    ret.corrections_digest = _digest(entries)


def _digest(entries: list[dict[str, Any]]) -> str:
    if not entries:
        return ""
    return hashlib.sha256(json.dumps(entries, sort_keys=True, default=str).encode()).hexdigest()[:16]


def _apply_one(ret: Return, entry: dict[str, Any]) -> tuple[list[tuple[str, str, str]], str]:
    if "set" in entry:
        return _set(ret, entry["set"]), ""
    if "place" in entry:
        return _place(ret, entry)
    chosen, why = _placements_named(ret, entry)
    hits = []
    for p in chosen:
        target = f"{p.loc.cell_ref()} {p.function} level {p.level}"
        if entry.get("drop"):
            ret.placements.remove(p)
            if not any(u.loc == p.loc and u.text == p.text for u in ret.unplaced):  # a range: kept once
                ret.unplaced.append(Unplaced(p.text, p.loc, "dropped"))  # kept and shown, never counted
                ret.text_chars = (max(0, ret.text_chars[0] - len(p.text or "")), ret.text_chars[1])
            hits.append(("drop", target, "placement removed"))
        elif "move" in entry:
            move = entry["move"] or {}
            if "function" in move:
                p.function = _function(move["function"])
            if "level" in move:
                p.level = _levels(move["level"])[0]
            p.corrected, p.confidence = True, 1.0
            hits.append(("move", target, f"now {p.function} level {p.level}"))
        elif "add_theme" in entry:
            p.themes_added.append(str(entry["add_theme"]))
            hits.append(("add_theme", target, str(entry["add_theme"])))
        elif "remove_theme" in entry:
            p.themes_removed.append(str(entry["remove_theme"]))
            hits.append(("remove_theme", target, str(entry["remove_theme"])))
    return hits, why


def _set(ret: Return, values: dict[str, Any]) -> list[tuple[str, str, str]]:
    hits = []
    fields = ret.fields
    for key, value in (values or {}).items():
        if key == "board":
            fields.board, fields.board_source = _board(value), "a correction"
        elif key == "round":
            ret.file.round = int(value)
        elif key in ("partner", "partners", "topic", "locality"):
            name = "partner" if key.startswith("partner") else key
            setattr(fields, "partners" if name == "partner" else name, str(value))
            for item in [*ret.placements, *ret.matrices]:
                setattr(item, name, str(value))
        else:
            raise ValueError(f"'{key}' cannot be set (board, partner, topic, locality or round)")
        hits.append(("set", key, str(value)))
    return hits


def _board(value) -> str:
    from .schema import BOARD_BY_ID
    board = find_board(str(value)) or (str(value) if str(value) in BOARD_BY_ID else None)
    if board is None:
        raise ValueError(f"'{value}' is not one of the 22 boards")
    return board


def _place(ret: Return, entry: dict[str, Any]) -> tuple[list[tuple[str, str, str]], str]:
    from .store import UNFLAGGED_REASONS

    items, why = _select(ret.unplaced, entry, "unplaced")
    place = entry["place"] or {}
    function = _function(place.get("function", ""))
    levels = _levels(place.get("level", ""))
    fields = ret.fields
    hits = []
    for u in items:
        ret.unplaced.remove(u)
        if u.reason not in UNFLAGGED_REASONS:  # its text now counts as placed
            ret.text_chars = (ret.text_chars[0], max(0, ret.text_chars[1] - len(u.text)))
        for level in levels:
            ret.placements.append(Placement(matrix=0, function=function, level=level, text=u.text, marker="text",
                                            loc=u.loc, confidence=1.0, partner=fields.partners, topic=fields.topic,
                                            locality=fields.locality, corrected=True))
        hits.append(("place", u.loc.cell_ref(), f"{function} level {'-'.join(map(str, levels))}"))
    return hits, why


def report_unmatched(corrections: Corrections, store) -> list[Problem]:
    """Corrections naming a file the store has never seen."""
    if not corrections.entries:
        return []
    known = [f["source_file"] for f in store.files()]
    problems = []
    for entry in corrections.entries:
        if not any(_same_file(entry["file"], k) for k in known):
            problems.append(Problem("correction-unmatched", f"correction {entry['id']} names {entry['file']}, "
                                    "which is not in the store", file=os.path.basename(corrections.path),
                                    location=corrections.path))
    return problems


# --------------------------------------------------------------------------- recording (CLI and page)

def build_entry(file: str, cell: str | None = None, move_to: tuple | None = None, drop: bool = False,
                unplaced: str | None = None, place: tuple | None = None, set_: dict[str, str] | None = None,
                add_theme: str | None = None, remove_theme: str | None = None,
                level: int | None = None) -> dict[str, Any]:
    """One corrections.yaml entry, as 'matrix-synth correct' and the review page write it.
    Raises ValueError with a message for the analyst when it says nothing to do or lacks its cell.
    level names one level of a range (one half of '2-3' moved alone)."""
    entry: dict[str, Any] = {"file": file}
    if cell:
        entry["cell"] = cell
    if level is not None:
        entry["level"] = level
    if set_:
        entry["set"] = dict(set_)
    elif move_to:
        entry["move"] = {"function": move_to[0], "level": move_to[1]}
    elif drop:
        entry["drop"] = True
    elif unplaced and place:
        entry.update(unplaced=unplaced, place={"function": place[0], "level": place[1]})
    elif add_theme:
        entry["add_theme"] = add_theme
    elif remove_theme:
        entry["remove_theme"] = remove_theme
    else:
        raise ValueError("Say what to correct: --set, --move-to, --drop, --unplaced with --place, "
                         "--add-theme or --remove-theme.")
    if any(k in entry for k in ("move", "drop", "add_theme", "remove_theme")) and not cell:
        raise ValueError("--move-to, --drop and the theme options need --cell (see cell_ref in the export).")
    return entry


def check_entry(entry: dict[str, Any], store, taxonomy=None) -> dict[str, Any]:
    """What the analyst typed or posted, checked against the store before anything is written: the
    file must be a stored return, the cell a placement (or unplaced text) of it, the function, level,
    board and theme real ones. Returns the entry as it will be written (the file as stored, function
    ids, the text it is anchored on); raises ValueError with what to do."""
    out = dict(entry)
    ret = _stored_return(store, str(entry.get("file", "")))
    out["file"] = ret["source_file"]
    if "set" in entry:
        out["set"] = _checked_set(entry["set"])
    for key in ("move", "place"):
        if key in entry:
            value = entry[key] or {}
            out[key] = {"function": _strict_function(value.get("function", "")),
                        "level": _strict_levels(value.get("level", ""), single=key == "move")}
    if "level" in entry:
        out["level"] = int(_strict_levels(entry["level"], single=True))
    for key in ("add_theme", "remove_theme"):
        if key in entry:
            out[key] = _checked_theme(entry[key], taxonomy)
    if "cell" in entry:
        text = _cell_text(store, ret, str(entry["cell"]), out.get("level"))
        out["text"] = anchor(text)
    if "unplaced" in entry:
        out["text"] = anchor(_unplaced_text(store, ret, str(entry["unplaced"])))
    return out


def _stored_return(store, file: str) -> dict[str, Any]:
    if not file.strip() or ".." in file.replace("\\", "/").split("/"):
        raise ValueError(f"'{file}' is not a return in the store: give the file's name as review or the export "
                         "shows it.")
    matches = [r for r in store.returns(include_superseded=True)
               if _same_file(file, r["source_file"])]
    if not matches:
        raise ValueError(f"'{file}' is not a return in the store (run 'matrix-synth ingest' on its folder first, "
                         "or give the name as review or the export shows it).")
    if len({r["source_file"] for r in matches}) > 1:
        names = ", ".join(sorted({r["source_file"] for r in matches})[:3])
        raise ValueError(f"'{file}' names more than one return ({names}): give more of its path.")
    return matches[0]


def _strict_function(value) -> str:
    """A function id, or a function's full name: what was typed is never guessed at."""
    text = str(value).strip()
    if text in FUNCTION_IDS:
        return text
    by_label = {label.lower(): fid for fid, label in FUNCTION_LABELS.items()}
    if text.lower() in by_label:
        return by_label[text.lower()]
    raise ValueError(f"'{text}' is not a function: use one of {', '.join(FUNCTION_IDS)}.")


def _strict_levels(value, single: bool) -> str:
    text = str(value).strip()
    levels = parse_levels(text) if re.fullmatch(r"[1-5](\s*-\s*[1-5])?|[A-Za-z]+(\s*[-/]\s*[A-Za-z]+)?", text) \
        else ()
    if not levels or (single and len(levels) != 1):
        what = "one level, 1 to 5" if single else "a level 1 to 5, or a range such as 2-3"
        raise ValueError(f"'{text}' is not a level: give {what} (1 Inform … 5 Empower).")
    return str(levels[0]) if single else "-".join(str(lv) for lv in (levels[0], levels[-1])) if len(levels) > 1 \
        else str(levels[0])


def _checked_set(values: Any) -> dict[str, Any]:
    if not isinstance(values, dict) or not values:
        raise ValueError("Say what to set: board, partner, topic, locality or round.")
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key == "board":
            from .schema import board_name
            out[key] = board_name(_board(value))
        elif key == "round":
            from .limits import MAX_ROUND, MIN_ROUND
            if not str(value).strip().isdigit() or not MIN_ROUND <= int(value) <= MAX_ROUND:
                raise ValueError(f"'{value}' is not a round: give a year from {MIN_ROUND} to {MAX_ROUND}.")
            out[key] = int(value)
        elif key in ("partner", "partners", "topic", "locality"):
            out[key] = " ".join(str(value).split())[:300]
        else:
            raise ValueError(f"'{key}' cannot be set (board, partner, topic, locality or round).")
    return out


def _checked_theme(value, taxonomy) -> str:
    if taxonomy is None:
        from .themes import load
        taxonomy = load(None)
    text = str(value).strip()
    if text in taxonomy.by_id:
        return text
    by_label = {t.label.lower(): t.id for t in taxonomy.themes}
    if text.lower() in by_label:
        return by_label[text.lower()]
    raise ValueError(f"'{text}' is not a theme of the taxonomy (see 'matrix-synth themes').")


def _cell_text(store, ret: dict[str, Any], cell: str, level: int | None) -> str:
    found = [p for p in store.placements(ret["round"], include_superseded=True) if p["return_id"] == ret["id"]
             and (p["cell_ref"] or "").lower() == cell.strip().lower()
             and (level is None or p["level"] == level)]
    if not found:
        raise ValueError(f"{ret['source_file']} has no placement at '{cell}'{f' at level {level}' if level else ''}"
                         ": see the cell_ref column of the export, or the review page.")
    return found[0]["text"] or ""


def _unplaced_text(store, ret: dict[str, Any], cell: str) -> str:
    found = [u for u in store.unplaced(ret["round"], include_boilerplate=True, include_superseded=True) if u["return_id"] == ret["id"]
             and (u["cell_ref"] or "").lower() == cell.strip().lower()]
    if not found:
        raise ValueError(f"{ret['source_file']} has no unplaced text at '{cell}': see 'matrix-synth review' or the "
                         "review page for the cell of the text to place.")
    return found[0]["text"] or ""
