"""The analyst's configuration files (corrections.yaml, a --themes taxonomy), read safely and checked
against a schema: each mistake is one plain message naming the file and the line to fix.

Reading is bounded: the file's size, and the number of YAML nodes once aliases are followed (a small
file of nested aliases, an 'alias bomb', would otherwise expand to billions)."""
from __future__ import annotations

import os
from typing import Any

from .limits import MAX_CONFIG_BYTES, MAX_CONFIG_NODES, MAX_ROUND, MIN_ROUND
from .problems import MatrixSynthError


class ConfigError(MatrixSynthError):
    pass


def load_yaml(path: str, what: str):
    """(data, root node) of a YAML file; ConfigError naming the line for anything wrong."""
    import yaml

    try:
        size = os.path.getsize(path)
        if size > MAX_CONFIG_BYTES:
            raise ConfigError(f"The {what} {path} is {size // 1024} KB; a {what} is at most "
                              f"{MAX_CONFIG_BYTES // 1024} KB. Check it is the right file.")
        with open(path, "rb") as fh:
            raw = fh.read(MAX_CONFIG_BYTES + 1)
    except OSError as exc:
        raise ConfigError(f"Cannot read the {what} {path}: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ConfigError(f"The {what} {path}, line {line}: not UTF-8 text. Save it as UTF-8.") from None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f", line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ConfigError(f"The {what} {path}{where}: not valid YAML ({problem}). Fix that line.") from None
    if node is None:
        return None, None
    _count(node, path, what)
    try:
        return yaml.safe_load(text), node
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f", line {mark.line + 1}" if mark is not None else ""
        raise ConfigError(f"The {what} {path}{where}: {getattr(exc, 'problem', exc)}. Fix that line.") from None


def _count(root, path: str, what: str) -> None:
    import yaml
    seen = 0
    stack = [root]
    while stack:
        node = stack.pop()
        seen += 1
        if seen > MAX_CONFIG_NODES:
            raise ConfigError(f"The {what} {path}, line {node.start_mark.line + 1}: its aliases (*name) expand to "
                              f"more than {MAX_CONFIG_NODES} entries. Write the entries out instead.")
        if isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.append(key)
                stack.append(value)


def line(node) -> int:
    return node.start_mark.line + 1 if node is not None else 1


def mapping_nodes(node) -> dict[str, Any]:
    """key -> (key node, value node) of a YAML mapping node."""
    import yaml
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(k.value): (k, v) for k, v in node.value}


# --------------------------------------------------------------------------- corrections.yaml

_ENTRY_KEYS = {"file", "cell", "set", "move", "drop", "unplaced", "place", "text", "add_theme", "remove_theme",
               "level", "function", "id", "note", "comment"}
_SET_KEYS = {"board", "partner", "partners", "topic", "locality", "round"}
_PLACE_KEYS = {"function", "level"}


def check_corrections(data: Any, node, path: str, actions: tuple[str, ...]) -> list[dict[str, Any]]:
    """The corrections list, checked; ConfigError naming the line of the first mistake."""
    import yaml

    def fail(at, message: str):
        raise ConfigError(f"The corrections file {path}, line {line(at)}: {message}")

    if data is None:
        return []
    if not isinstance(data, dict):
        fail(node, "it must start with 'corrections:' followed by a list of entries (see the README), not a "
                   f"{'list' if isinstance(data, list) else 'single value'}.")
    keys = mapping_nodes(node)
    for key, (knode, _v) in keys.items():
        if key != "corrections":
            fail(knode, f"unknown key '{key}'. The file holds one key, 'corrections:', with a list of entries.")
    entries = data.get("corrections") or []
    list_node = keys.get("corrections", (None, node))[1]
    if not isinstance(entries, list):
        fail(list_node, "'corrections:' must be a list of entries, each starting with '- file:'.")
    item_nodes = list_node.value if isinstance(list_node, yaml.SequenceNode) else [node] * len(entries)
    for n, (entry, enode) in enumerate(zip(entries, item_nodes), start=1):
        _EntryCheck(n, entry, enode, fail).run(actions)
    return entries


class _EntryCheck:
    """One entry of corrections.yaml: its keys, its file, and the shape of each action's value."""

    def __init__(self, n: int, entry: Any, enode, fail) -> None:
        self.n, self.entry, self.enode, self.fail = n, entry, enode, fail
        if not isinstance(entry, dict):
            fail(enode, f"correction {n} must be a set of 'key: value' lines starting with '- file:'.")
        self.fields = mapping_nodes(enode)

    def at(self, key: str):
        return self.fields.get(key, (self.enode, self.enode))[1]

    def run(self, actions: tuple[str, ...]) -> None:
        n, entry, fail = self.n, self.entry, self.fail
        for key in entry:
            if str(key) not in _ENTRY_KEYS:
                fail(self.fields.get(str(key), (self.enode,))[0], f"correction {n} has an unknown key '{key}' "
                     f"(known: {', '.join(sorted(_ENTRY_KEYS - {'id', 'note', 'comment'}))}).")
        if not isinstance(entry.get("file"), str) or not entry["file"].strip():
            fail(self.at("file"), f"correction {n} needs 'file:' with the file's name (as text), e.g. "
                                  "file: fife-2013.docx")
        if not any(a in entry for a in actions):
            fail(self.enode, f"correction {n} says nothing to do (one of {', '.join(actions)}).")
        for key in ("cell", "unplaced", "add_theme", "remove_theme", "text"):
            if key in entry and not isinstance(entry[key], (str, int)):
                fail(self.at(key), f"correction {n}: '{key}:' takes one value, e.g. {key}: T3 R2C4")
        if "level" in entry and (not isinstance(entry["level"], int) or isinstance(entry["level"], bool)
                                 or not 1 <= entry["level"] <= 5):
            fail(self.at("level"), f"correction {n}: 'level:' names one level of the placement, 1 to 5.")
        if "drop" in entry and not isinstance(entry["drop"], bool):
            fail(self.at("drop"), f"correction {n}: 'drop:' takes true or false.")
        if "set" in entry:
            self.check_set(entry["set"])
        for key in ("move", "place"):
            value = entry.get(key)
            if key in entry and (not isinstance(value, dict) or not value or set(map(str, value)) - _PLACE_KEYS):
                fail(self.at(key), f"correction {n}: '{key}:' takes function and level, e.g. "
                                   f"{key}: {{function: planning-commissioning, level: 4}}")

    def check_set(self, values: Any) -> None:
        n, at, fail = self.n, self.at("set"), self.fail
        if not isinstance(values, dict) or not values:
            fail(at, f"correction {n}: 'set:' takes field: value pairs, e.g. set: {{board: NHS Fife, round: 2015}}")
        for key, value in values.items():
            if key not in _SET_KEYS:
                fail(at, f"correction {n}: '{key}' cannot be set (board, partner, topic, locality or round).")
            if not isinstance(value, (str, int, float)) or isinstance(value, bool):
                fail(at, f"correction {n}: '{key}' takes one value, e.g. {key}: …")
            if key == "round" and (not isinstance(value, int) or not MIN_ROUND <= value <= MAX_ROUND):
                fail(at, f"correction {n}: round must be a year from {MIN_ROUND} to {MAX_ROUND}.")


# --------------------------------------------------------------------------- --themes

_THEME_KEYS = {"id", "label", "description", "keywords", "weak"}


def check_themes(data: Any, node, path: str) -> list[dict[str, Any]]:
    import yaml

    what = "themes file"

    def fail(at, message: str):
        raise ConfigError(f"The {what} {path}, line {line(at)}: {message}")

    if not isinstance(data, dict) or not isinstance(data.get("themes"), list):
        fail(node, "it must hold a 'themes:' list (copy the default with 'matrix-synth themes -o FILE').")
    list_node = mapping_nodes(node)["themes"][1]
    item_nodes = list_node.value if isinstance(list_node, yaml.SequenceNode) else []
    seen: set[str] = set()
    for n, (item, inode) in enumerate(zip(data["themes"], item_nodes), start=1):
        if not isinstance(item, dict):
            fail(inode, f"theme {n} must be a set of 'key: value' lines starting with '- id:'.")
        fields = mapping_nodes(inode)
        for key in item:
            if str(key) not in _THEME_KEYS:
                fail(fields.get(str(key), (inode,))[0], f"theme {n} has an unknown key '{key}' (known: id, label, "
                                                          "description, keywords, weak).")
        if not isinstance(item.get("id"), str) or not item["id"].strip():
            fail(inode, f"theme {n} needs 'id:' (a short name as text).")
        if item["id"] in seen:
            fail(inode, f"theme id '{item['id']}' is used twice.")
        seen.add(item["id"])
        for key in ("label", "description"):
            if key in item and item[key] is not None and not isinstance(item[key], (str, int, float)):
                fail(fields[key][1], f"theme {n}: '{key}:' takes text.")
        for kw_key in ("keywords", "weak"):
            _check_keywords(item.get(kw_key), fields, kw_key, inode, n, fail)
    return data["themes"]


def _check_keywords(keywords, fields, key, inode, n, fail) -> None:
    if keywords is not None and (not isinstance(keywords, list) or
                                 not all(isinstance(k, (str, int, float)) and not isinstance(k, bool)
                                         and str(k).strip() for k in keywords)):
        fail(fields.get(key, (inode, inode))[1], f"theme {n}: '{key}:' takes a list of words or "
                                                "phrases, e.g. [carers, young carers]")
