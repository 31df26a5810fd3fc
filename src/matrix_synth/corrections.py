"""The analyst's corrections: a plain YAML file (corrections.yaml next to the store) that is
re-applied on every ingest. Entries are keyed by file name and cell reference, so they survive
re-ingesting the same file; one that matches nothing is reported, never silently ignored.

    corrections:
      - file: lanarkshire-engagement-matrix-2013.docx   # file name (or the end of its path)
        set: {board: NHS Lanarkshire, partner: Lanarkshire Links, topic: Mental health, round: 2013}
      - file: fife-2013.docx
        cell: T3 R2C4                 # a placement's cell (as in the export's cell_ref column)
        move: {function: planning-commissioning, level: 4}
      - file: fife-2013.docx
        cell: T3 R5C2
        drop: true                    # not engagement: remove the placement
      - file: fife-2013.docx
        unplaced: P14                 # unplaced text (its cell_ref) attached to a cell
        place: {function: learning-exchange, level: 2-3}
      - file: fife-2013.docx
        cell: T3 R2C4
        add_theme: carers             # or remove_theme
"""
from __future__ import annotations

import hashlib
import json
import os
from typing import Any

from .model import AppliedCorrection, Placement, Return
from .problems import Problem
from .schema import FUNCTION_IDS, find_board, match_function, parse_levels

ACTIONS = ("set", "move", "drop", "place", "add_theme", "remove_theme")
FILE_NAME = "corrections.yaml"


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


def load_corrections(path: str | None, store_path: str) -> Corrections:
    path = path or default_path(store_path)
    if not os.path.exists(path):
        return Corrections([], path)
    from .config import check_corrections, load_yaml

    data, node = load_yaml(path, "corrections file")
    entries = check_corrections(data, node, path, ACTIONS)  # each mistake named with its line
    for n, entry in enumerate(entries, start=1):
        entry.setdefault("id", f"C{n}")
    return Corrections(entries, path)


def append_correction(path: str, entry: dict[str, Any]) -> dict[str, Any]:
    """Add one entry to the corrections file (created when missing). Returns the entry with its id."""
    import yaml

    data: dict[str, Any] = {"corrections": []}
    if os.path.exists(path):
        from .config import check_corrections, load_yaml
        loaded, node = load_yaml(path, "corrections file")  # bounded, and checked before adding to it
        check_corrections(loaded, node, path, ACTIONS)
        data = loaded or {"corrections": []}
    data.setdefault("corrections", [])
    data["corrections"] = data["corrections"] or []
    entry = {k: v for k, v in entry.items() if v not in (None, "", {})}
    data["corrections"].append(entry)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("# matrix-synth corrections: re-applied on every ingest. Edit freely; see the README.\n")
        yaml.safe_dump(data, fh, sort_keys=False, allow_unicode=True)
    entry["id"] = entry.get("id") or f"C{len(data['corrections'])}"
    return entry


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


def _matches(p: Placement, entry: dict[str, Any]) -> bool:
    if "cell" in entry and str(entry["cell"]).strip().lower() != p.loc.cell_ref().lower():
        return False
    if "function" in entry and _function(entry["function"]) != p.function:
        return False
    if "level" in entry and int(entry["level"]) != p.level:
        return False
    if "text" in entry and str(entry["text"]).lower() not in (p.text or "").lower():
        return False
    return any(k in entry for k in ("cell", "function", "level", "text"))


def apply_corrections(ret: Return, entries: list[dict[str, Any]]) -> None:
    """Apply the analyst's entries for this file to its Return; each one that cannot be applied or
    matches nothing is a problem of the file, never silently ignored."""
    source = ret.file.source_file
    for entry in entries:
        try:
            hits = _apply_one(ret, entry)
        except (ValueError, TypeError) as exc:
            ret.problems.append(Problem("correction-unmatched", f"correction {entry['id']} for {source} cannot "
                                        f"be applied: {exc}", file=source))
            continue
        if not hits:
            ret.problems.append(Problem("correction-unmatched", f"correction {entry['id']} for {source} matches "
                                        "nothing in the file as it is now", file=source))
        ret.corrections += [AppliedCorrection(entry["id"], action, target, detail) for action, target, detail in hits]
    ret.corrections_digest = _digest(entries)


def _digest(entries: list[dict[str, Any]]) -> str:
    if not entries:
        return ""
    return hashlib.sha256(json.dumps(entries, sort_keys=True, default=str).encode()).hexdigest()[:16]


def _apply_one(ret: Return, entry: dict[str, Any]) -> list[tuple[str, str, str]]:
    if "set" in entry:
        return _set(ret, entry["set"])
    if "place" in entry:
        return _place(ret, entry)
    hits = []
    for p in [p for p in ret.placements if _matches(p, entry)]:
        target = f"{p.loc.cell_ref()} {p.function} level {p.level}"
        if entry.get("drop"):
            ret.placements.remove(p)
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
    return hits


def _set(ret: Return, values: dict[str, Any]) -> list[tuple[str, str, str]]:
    hits = []
    fields = ret.fields
    for key, value in (values or {}).items():
        if key == "board":
            board = find_board(str(value)) or (str(value) if str(value) in _board_ids() else None)
            if board is None:
                raise ValueError(f"'{value}' is not one of the 22 boards")
            fields.board, fields.board_source = board, "a correction"
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


def _board_ids() -> set[str]:
    from .schema import BOARD_BY_ID
    return set(BOARD_BY_ID)


def _place(ret: Return, entry: dict[str, Any]) -> list[tuple[str, str, str]]:
    target = str(entry.get("unplaced", "")).lower()
    items = [u for u in ret.unplaced if u.loc.cell_ref().lower() == target
             or ("text" in entry and str(entry["text"]).lower() in u.text.lower())]
    place = entry["place"] or {}
    function = _function(place.get("function", ""))
    levels = _levels(place.get("level", ""))
    fields = ret.fields
    hits = []
    for u in items:
        ret.unplaced.remove(u)
        for level in levels:
            ret.placements.append(Placement(matrix=0, function=function, level=level, text=u.text, marker="text",
                                            loc=u.loc, confidence=1.0, partner=fields.partners, topic=fields.topic,
                                            locality=fields.locality, corrected=True))
        hits.append(("place", u.loc.cell_ref(), f"{function} level {'-'.join(map(str, levels))}"))
    return hits


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


def build_entry(file: str, cell: str | None = None, move_to: tuple | None = None, drop: bool = False,
                unplaced: str | None = None, place: tuple | None = None, set_: dict[str, str] | None = None,
                add_theme: str | None = None, remove_theme: str | None = None) -> dict[str, Any]:
    """One corrections.yaml entry, as 'matrix-synth correct' and the review page write it.
    Raises ValueError with a message for the analyst when it says nothing to do or lacks its cell."""
    entry: dict[str, Any] = {"file": file}
    if cell:
        entry["cell"] = cell
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


def remove_correction(path: str, index: int, entry: dict[str, Any]) -> bool:
    """Take back the entry at position index (0-based) if it is still the one given (undo).
    Returns False when the file has changed so that it is not there."""
    import yaml

    if not os.path.exists(path):
        return False
    with open(path, encoding="utf-8") as fh:
        data = yaml.safe_load(fh) or {}
    entries = data.get("corrections") if isinstance(data, dict) else None
    if not isinstance(entries, list) or index >= len(entries):
        return False
    plain = {k: v for k, v in entry.items() if k != "id"}
    if {k: v for k, v in (entries[index] or {}).items() if k != "id"} != plain:
        return False
    del entries[index]
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("# matrix-synth corrections: re-applied on every ingest. Edit freely; see the README.\n")
        yaml.safe_dump(data, fh, sort_keys=False, allow_unicode=True)
    return True
