"""Everything outside the grids: return fields ('NHS Board: …'), the free-text sections
(working well, improvements, next steps, feedback on the matrix) and narrative
placements ('in planning we are at level 2-3')."""
from __future__ import annotations

import re

from ..document import Cell, Location, Paragraph, Table
from ..schema import (FUNCTIONS, find_level_mentions, fold, is_boilerplate, is_descriptor, match_function)
from .grid import Tracker
from .labels import split_label
from .result import Detection, Matrix, Placement, Section, Unplaced

_FUNCTION_PHRASES = [(f.id, re.compile(p)) for f, p in zip(FUNCTIONS, (
    r"\bpolicy\b|\bstrategy development\b|\bstrategic development\b",
    r"\bplanning\b.{0,15}\bcommissioning\b|\bcommissioning\b",
    r"\bcontracting\b|\bservice delivery\b|\bprocurement\b",
    r"\bcapacity[- ]building\b|\bbuilding capacity\b",
    r"\blearning exchange\b|\blearning and exchange\b|\bshared learning\b",
))]


def label_like(text: str, style: str = "") -> bool:
    """A heading or label, not a sentence of prose."""
    if style.startswith(("heading", "title", "subtitle")):
        return True
    stripped = text.strip()
    words = len(stripped.split())
    if stripped.endswith((":", "?")) and words <= 16:
        return True
    return words <= 8 and not stripped.endswith((".", "!", ";", ","))


def function_in_text(text: str) -> str | None:
    folded = fold(text)
    hits = [fid for fid, rx in _FUNCTION_PHRASES if rx.search(folded)]
    return hits[0] if len(hits) == 1 else None


class Scanner:
    """Walks the blocks in reading order, filling fields and sections from what the grids left."""

    def __init__(self, det: Detection, tracker: Tracker) -> None:
        self.det, self.tracker = det, tracker
        self.section: str | None = None
        self.pending: str | None = None

    # -- fields and sections
    def set_field(self, name: str, value: str, loc: Location) -> None:
        value = value.strip()
        if not value or is_boilerplate(value):
            return
        fields = self.det.fields
        if name in ("completed_by", "role", "signoff") and name in fields and value not in fields[name]:
            fields[name] += "; " + value
        elif name not in fields:
            fields[name] = value
            self.det.field_locations[name] = loc.describe()
        elif name in ("partner", "locality", "topic") and value not in fields[name].split("; "):
            fields[name] += "; " + value

    def add_section(self, text: str, loc: Location) -> None:
        if self.section and text.strip() and not is_boilerplate(text):
            self.det.sections.append(Section(self.section, text.strip(), loc))

    def run(self, blocks: list[Paragraph | Table]) -> None:
        for block in blocks:
            if isinstance(block, Paragraph):
                self.paragraph(block)
            else:
                self.table(block)

    def paragraph(self, p: Paragraph) -> None:
        if not self.tracker.free(p):
            return
        text = p.text
        if p.placeholder or is_boilerplate(text) or is_descriptor(text):
            self.tracker.use(p, "boilerplate")
            return
        kind, _label, value = split_label(text)
        if kind and kind.startswith("field:") and (value or label_like(text, p.style)):
            self.section = None
            if value:
                self.set_field(kind[6:], value, p.loc)
                self.tracker.use(p, "field")
                self.pending = None
            else:
                self.pending = kind[6:]
                self.tracker.use(p, "structure")
            return
        if self.pending and kind is None and len(text.split()) <= 40:  # the value under a lone label
            self.set_field(self.pending, text, p.loc)
            self.tracker.use(p, "field")
            self.pending = None
            return
        self.pending = None
        if kind and kind.startswith("section:") and (value or label_like(text, p.style)):
            self.section = kind[8:]
            self.tracker.use(p, "structure")
            if value:
                self.add_section(value, p.loc)
                self.tracker.use(p, "section")
            return
        if label_like(text, p.style):
            self.section = None
            return
        if self.section:
            self.add_section(text, p.loc)
            self.tracker.use(p, "section")

    def table(self, t: Table) -> None:
        free_cells = [c for row in t.rows for c in row if c.text and not c.merged and self.tracker.free(c)]
        if self.section and free_cells and t.width <= 2 and not any(split_label(c.text)[0] for c in free_cells):
            for cell in free_cells:  # an answer box under a section heading
                self.add_section(cell.text, cell.loc)
                self.tracker.use(cell, "section")
            self.section = None
            return
        self.section = None
        self.pending = None
        below: dict[int, tuple[str, str]] = {}  # column -> ('field'|'section', name): the value is underneath
        for row in t.rows:
            self._row(row, below)

    def _row(self, row: list[Cell], below: dict[int, tuple[str, str]]) -> None:
        cells = [(c, cell) for c, cell in enumerate(row) if cell.text and not cell.merged and self.tracker.free(cell)]
        for c, cell in cells:
            if cell.placeholder or is_boilerplate(cell.text) or is_descriptor(cell.text):
                self.tracker.use(cell, "boilerplate")
        cells = [(c, cell) for c, cell in cells if self.tracker.free(cell)]
        i = 0
        while i < len(cells):
            c, cell = cells[i]
            kind, _label, value = split_label(cell.text)
            if c in below and not label_like(cell.text):
                kind = None  # the answer under a label, even if it starts 'Something: …'
            if kind and (value or label_like(cell.text)):
                what, name = kind.split(":")
                rest = cells[i + 1:]
                self.tracker.use(cell, "structure")
                if value or rest:
                    for item_text, loc, obj in ([(value, cell.loc, cell)] if value else []) + \
                            [(r.text, r.loc, r) for _, r in rest]:
                        self._put(what, name, item_text, loc)
                        self.tracker.use(obj, what)
                    below.pop(c, None)
                    return
                below[c] = (what, name)
                i += 1
                continue
            if c in below:
                what, name = below[c]
                self._put(what, name, cell.text, cell.loc)
                self.tracker.use(cell, what)
            i += 1

    def _put(self, what: str, name: str, text: str, loc: Location) -> None:
        if what == "field":
            self.set_field(name, text, loc)
        else:
            saved, self.section = self.section, name
            self.add_section(text, loc)
            self.section = saved


class Narrative:
    """'Policy & Strategy' headings and 'we are at level 2-3' sentences, where there is no grid."""

    def __init__(self, det: Detection, tracker: Tracker) -> None:
        self.det, self.tracker = det, tracker
        self.matrix: Matrix | None = None
        self.function: str | None = None
        self.last: list[Placement] = []
        self.waiting: list[Paragraph | Cell] = []

    def run(self, blocks: list[Paragraph | Table]) -> None:
        for block in blocks:
            if isinstance(block, Table):
                self._flush()
                self.function = None
                for row in block.rows:
                    for cell in row:
                        if cell.text and not cell.merged and self.tracker.free(cell):
                            self._sentence(cell, cell.text, None)
            elif self.tracker.free(block) and block.text:
                self._paragraph(block)
        self._flush()

    def _paragraph(self, p: Paragraph) -> None:
        if label_like(p.text, p.style):
            function = match_function(p.text)
            self._flush()
            self.function = function
            if function:
                self.tracker.use(p, "structure")
            return
        self._sentence(p, p.text, self.function)

    def _sentence(self, obj, text: str, heading_function: str | None) -> None:
        levels = find_level_mentions(text)
        function = heading_function or function_in_text(text)
        if levels and function:
            matrix = self._matrix()
            placed = []
            prefix = "\n".join(w.text for w in self.waiting)
            full = (prefix + "\n" + text).strip() if prefix else text
            for w in self.waiting:
                self.tracker.use(w, "placed")
            self.waiting = []
            for level in levels:
                conf = (0.7 if heading_function else 0.6) * (0.9 if len(levels) > 1 else 1.0)
                placed.append(Placement(matrix=matrix.index, function=function, level=level, text=full,
                                        marker="text", loc=obj.loc, confidence=round(conf, 2)))
            self.det.placements.extend(placed)
            self.tracker.use(obj, "placed")
            self.last = placed if heading_function else []
        elif heading_function and self.last:
            for p in self.last:  # more about the same function, after its level was given
                p.text += "\n" + text
            self.tracker.use(obj, "placed")
        elif heading_function:
            self.waiting.append(obj)

    def _flush(self) -> None:
        for w in self.waiting:
            self.tracker.use(w, "unplaced")
            self.det.unplaced.append(Unplaced(w.text, w.loc, "no-level"))
        self.waiting = []
        self.last = []

    def _matrix(self) -> Matrix:
        if self.matrix is None:
            self.matrix = Matrix(index=len(self.det.matrices) + 1, layout="narrative", location="text")
            self.det.matrices.append(self.matrix)
        return self.matrix
