"""Which board a return comes from, from everywhere a board writes its name, strongest first:
the 'Board' field, the title, the page header, text boxes, the opening paragraphs, the page footer,
the matrix headings, the document properties, then the file name and its folder names.

Text that is another field's value (the partner, topic or locality: "Third sector partner(s): Fife
Voluntary Action") is never read as the board, in any of those places; the partner field is the
last resort of all."""
from __future__ import annotations

import os
import re

from ..document import Document, Paragraph, Table
from ..problems import WARNING, Problem
from ..schema import board_name, find_board, find_boards
from .labels import split_label
from .result import Detection

_PROPERTY_ORDER = ("subject", "keywords", "description", "category", "company", "manager")
_OTHER_FIELDS = ("field:partner", "field:topic", "field:locality", "field:completed_by", "field:role",
                 "field:signoff")


def _board_text(text: str) -> str:
    """The part of a paragraph or cell that may name the board: not another field's label or value."""
    kind, _label, value = split_label(text)
    if kind == "field:board":
        return value
    if kind in _OTHER_FIELDS:
        return ""
    return text


def _part_text(doc: Document, part: str, limit: int = 40) -> str:
    """The text of one part (page header, footer, text boxes), other fields' values left out."""
    texts: list[str] = []
    for block in doc.blocks:
        if len(texts) >= limit:
            break
        if isinstance(block, Paragraph):
            if block.loc.part == part:
                texts.append(_board_text(block.text))
        elif block.rows and block.rows[0] and block.rows[0][0].loc.part == part and not block.sheet:
            for row in block.rows[:10]:
                cells = [c.text for c in row if c.text and not c.merged]
                if cells and split_label(cells[0])[0] in _OTHER_FIELDS:
                    continue  # 'Partner | Fife Voluntary Action'
                texts.extend(_board_text(t) for t in cells)
    return " · ".join(t for t in texts if t)


def _opening(doc: Document, n: int = 6) -> str:
    paras = [b for b in doc.blocks if isinstance(b, Paragraph) and b.loc.part == "body"][:n]
    return " · ".join(t for t in (_board_text(p.text) for p in paras) if t)


def _folders(label: str, path: str) -> list[str]:
    """Folder names, nearest first: those the analyst named (the relative label), else the file's own."""
    rel = os.path.dirname(label.replace("\\", "/")) if label else ""
    names = [n for n in reversed(rel.split("/")) if n and n not in (".", "..")]
    if not names and path:
        parent = os.path.basename(os.path.dirname(os.path.abspath(path)))
        names = [parent] if parent else []
    return names[:4]


def sources(doc: Document, det: Detection, label: str) -> list[tuple[str, str]]:
    """(where, text) in the order they are trusted."""
    props = doc.properties or {}
    out = [("the 'Board' field", det.fields.get("board", "")), ("the title", det.fields.get("title", "")),
           ("the document properties", doc.title or props.get("title", "")),
           ("the page header", _part_text(doc, "header")), ("a text box", _part_text(doc, "text box")),
           ("the opening paragraphs", _opening(doc)), ("the page footer", _part_text(doc, "footer")),
           ("the matrix headings", " · ".join(_board_text(t) for m in det.matrices
                                               for t in [*m.label.split(" / "), m.locality, m.topic] if t)),
           ("the document properties", " · ".join(props.get(k, "") for k in _PROPERTY_ORDER)),
           ("the file name", os.path.basename(label or doc.path))]
    out += [("the folder name", name) for name in _folders(label, doc.path)]
    out += [("the sheet names", " ".join(t.name for t in doc.blocks if isinstance(t, Table) and t.sheet)),
            ("the partner field", det.fields.get("partner", ""))]
    return out


_JOINT_RE = re.compile(r"\b(?:joint(?:ly)?|and|&|with)\b|\s/\s|\s\+\s", re.I)


def _joint(det: Detection, text: str, where: str) -> None:
    """A title or heading naming two boards together ('NHS Highland and NHS Western Isles joint return'):
    one return, counted once under the first, and said so."""
    if where not in ("the 'Board' field", "the title", "the document properties", "the page header",
                     "the opening paragraphs"):
        return
    head = re.split(r"\n| · ", text, maxsplit=1)[0][:200]  # the first line: a title, not a passing mention
    boards = find_boards(head)
    if len(boards) >= 2 and _JOINT_RE.search(head) and not re.search(r"\blike\b|\bfrom\b", head, re.I):
        det.warnings.append(Problem("joint-return", f"it names {board_name(boards[0])} and {board_name(boards[1])} "
                                    f"together ({where}); it is counted once, under {board_name(det.board)}",
                                    severity=WARNING))


def find_return_board(doc: Document, det: Detection, label: str) -> None:
    """Set det.board and det.board_source, or add a board-unknown warning."""
    found = sources(doc, det, label)
    if det.fields.get("board"):
        # A 'Board' field naming something else: only what the document itself says may overrule it,
        # never a guess from the file name, sheet names or the partner's name.
        found = [s for s in found if s[0] not in ("the file name", "the folder name", "the sheet names",
                                                  "the partner field")]
    for name, text in found:
        board = find_board(text) if text else None
        if board:
            det.board, det.board_source = board, name
            _joint(det, text, name)
            return
    if det.fields.get("board"):
        det.warnings.append(Problem("board-unknown", f"the board named '{det.fields['board']}' is not one of the "
                                    "22 NHS Scotland boards", location=det.field_locations.get("board", ""),
                                    severity=WARNING))
    else:
        det.warnings.append(Problem("board-unknown", "the board could not be identified", severity=WARNING))
