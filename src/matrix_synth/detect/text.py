"""Everything outside the grids: return fields ('NHS Board: …'), the free-text sections
(working well, improvements, next steps, feedback on the matrix) and narrative
placements ('in planning we are at level 2-3')."""
from __future__ import annotations

from ..document import Cell, Location, Paragraph, Table
from ..schema import is_boilerplate, is_descriptor
from .grid import Tracker
from .labels import split_label
from .narrative import Narrative, function_in_text, opens_function_section
from .result import Detection, Section

__all__ = ["Narrative", "Scanner", "function_in_text", "label_like"]


def label_like(text: str, style: str = "") -> bool:
    """A heading or label, not a sentence of prose."""
    if style.startswith(("heading", "title", "subtitle")):
        return True
    stripped = text.strip()
    words = len(stripped.split())
    if stripped.endswith((":", "?")) and words <= 16:
        return True
    return words <= 8 and not stripped.endswith((".", "!", ";", ","))


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
        if label_like(text, p.style) or (self.section and opens_function_section(p)):
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
