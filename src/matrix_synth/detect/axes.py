"""A matrix whose axes are given partly by the table and partly by what encloses it.

Boards break the grid up: a heading per function with a small table of levels under it (on a Word
page, a slide, a sheet named after the function), a table per level with the functions as its rows,
a row per function whose level is a tick box among five. The table gives one axis (its rows or its
header name levels, or functions); the other comes from the nearest enclosing heading that names
exactly one (outline.Outline), or from a row of the table that heads the rows below it, or from a
cell of tick boxes. This finder runs after the grid and list finders, on what they left."""
from __future__ import annotations

import re

from ..document import Cell, Table
from ..model import Placement, Unplaced
from ..schema import (fold, is_boilerplate, is_descriptor, is_mark, level_header, match_function, parse_levels,
                      ticked_levels)
from .grid import _header_levels, _short_label, split_text_columns, where
from .outline import Head, section_rows

CONFIDENCE = 0.75  # an axis read from a heading: right as a rule, worth a look when in doubt
_LEVEL_HEAD = re.compile(r"\b(level|levels|stage|rating|score)\b")


def function_of_head(text: str) -> str | None:
    """The one function a heading names ('3. Contracting and delivering services', 'Table 2: Capacity
    building', a slide title, a sheet name)."""
    from .narrative import _function_label, function_in_text
    head = re.sub(r"^\s*(?:table|figure|section|part|slide)\s*\d*\s*[:.\-–]\s*", "", text, flags=re.IGNORECASE)
    head = head.split("\n", 1)[0]
    found = _function_label(head)
    if found or len(head.split()) > 12:
        return found
    return function_in_text(head) if not level_header(head) else None


def levels_of_head(text: str) -> tuple[int, ...]:
    """The level (or range) a heading names ('Level 3 – Involve', 'Collaborate (4)', 'Levels 4-5'),
    when it names no function."""
    from .narrative import _NUMBERING
    head = re.sub(r"^\s*(?:table|figure|section|part)\s*\d*\s*[:.\-–]\s*", "", text.split("\n", 1)[0],
                  flags=re.IGNORECASE)
    if match_function(head) or len(head.split()) > 8:
        return ()
    unnumbered = _NUMBERING.sub("", head).strip()  # '1. Empower (5)': a heading's number is not a level
    if unnumbered != head and parse_levels(unnumbered):
        head = unnumbered
    levels = parse_levels(head)
    return levels if levels and _short_label(head) else ()


def _level_label(cell: Cell) -> int | None:
    text = cell.text.split("\n", 1)[0]
    if not text or len(text) > 80 or match_function(text):
        return None
    level = level_header(text)
    return level if level and _short_label(text) else None


def _nearest(heads: list[str], test):
    """The innermost heading for which test gives something, else None."""
    for text in reversed(heads):
        found = test(text)
        if found:
            return found
    return None


class _Axes:
    """What one table says of its own axes."""

    def __init__(self, table: Table, tracker) -> None:
        self.table, self.tracker = table, tracker
        self.sections = section_rows(table)
        self.level_rows: dict[int, int] = {}  # row -> level named in its first cell
        self.function_rows: dict[int, str] = {}  # row -> function named in its first cell
        self.level_cols: dict[int, int] = {}
        self.header: int | None = None  # the row naming levels across
        self.repeats: set[int] = set()  # the same header again, under each section of a sheet
        for r, row in enumerate(table.rows):
            levels = _header_levels(row)
            if len(set(levels.values())) >= 2 and len(levels) == len(set(levels.values())) and r not in self.sections:
                if self.header is None:
                    self.header, self.level_cols = r, levels
                elif levels == self.level_cols:
                    self.repeats.add(r)
        for r, row in enumerate(table.rows):
            if r in self.sections or r == self.header or r in self.repeats:
                continue
            first = next((c for c in row if c.text.strip()), None)
            if first is None:
                continue
            level = _level_label(first)
            if level:
                self.level_rows[r] = level
                continue
            function = match_function(first.text[:300])
            if function:
                self.function_rows[r] = function
        if self.header is not None and len(self.level_rows) >= 2:  # levels down the first column, not across
            first = next((c for c in table.rows[self.header] if c.text.strip()), None)
            if first is not None and _level_label(first):
                self.level_rows[self.header] = _level_label(first)
            self.header, self.level_cols, self.repeats = None, {}, set()

    def free(self, cell: Cell) -> bool:
        return bool(cell.text.strip()) and not cell.merged and self.tracker.free(cell)


def _has_boxes(table: Table) -> bool:
    return any(ch in c.text for row in table.rows for c in row for ch in "☒☐☑")


class AxisFinder:
    name = "axis from the headings"

    def candidates(self, table: Table, state) -> list:
        from .finders import Candidate

        if not table.rows or state.outline is None:
            return []
        axes = _Axes(table, state.tracker)
        if not (axes.level_rows or axes.function_rows or axes.header is not None or _has_boxes(table)):
            return []  # the table names neither axis: nothing for the headings to complete
        heads = [h.text for h in state.outline.ancestors(table)]
        before = len(state.placements)
        rows = self._choices(table, axes, heads, state) or self._levels_down(table, axes, heads, state) \
            or self._levels_across(table, axes, heads, state) or self._functions_down(table, axes, heads, state)
        if not rows:
            return []
        matrix = state.section_matrix
        first, last = min(rows), max(rows)
        return [Candidate(matrix, (first, last), len(state.placements) - before)]

    # -- a row per function, its level a tick among the five (checkbox content controls, form fields)
    def _choices(self, table, axes, heads, state) -> list[int]:
        used = []
        for r, row in enumerate(table.rows):
            choice = next((c for c in row if self._free(c, state) and ticked_levels(c.text) is not None), None)
            if choice is None:
                continue
            levels = ticked_levels(choice.text)
            function = axes.function_rows.get(r) or self._section_function(axes, r) or _nearest(heads, function_of_head)
            if not function:
                continue
            label = next((c for c in row if c.text.strip()), None)
            texts = [c for c in row if c is not choice and c is not label and self._text_cell(c, state)]
            state.tracker.use(choice, "structure")
            if label is not None and axes.function_rows.get(r):
                state.tracker.use(label, "structure")
            if not levels:  # nothing ticked: not a placement; the row's text is kept
                self._keep(texts, state, "no-level")
                continue
            self._place(state, table, function, levels, texts, label or choice, "tick")
            used.append(row[0].loc.row or r + 1)
        return used

    # -- rows that name a level, the function above them
    def _levels_down(self, table, axes, heads, state) -> list[int]:
        columns = self._level_row_columns(table, axes)
        if columns is None:
            return []
        head_row, column_heads, text_cols, context_cols = columns
        used = []
        for r, level in sorted(axes.level_rows.items()):
            function = self._section_function(axes, r) or _nearest(heads, function_of_head)
            if not function:
                return []
            if self._level_row(table, table.rows[r], function, level, text_cols, context_cols, state):
                used.append(table.rows[r][0].loc.row or r + 1)
        if used and head_row >= 0 and column_heads:
            for c in table.rows[head_row]:
                if c.text.strip() and state.tracker.free(c):
                    state.tracker.use(c, "structure")
        return used

    @staticmethod
    def _level_row_columns(table, axes):
        """(the header row above the level rows, its texts, text columns, context columns), or None when
        the rows naming a level are too few to go on (one level row under no 'Level' column, among rows
        that name none: a table that is only level rows, even one, is the levels of its heading's function)."""
        if not axes.level_rows or axes.function_rows:
            return None
        head_row = min(axes.level_rows) - 1
        named = head_row >= 0 and any(_LEVEL_HEAD.search(fold(c.text)) for c in table.rows[head_row][:1] if c.text)
        if not named and (len(axes.level_rows) < 2 or len(set(axes.level_rows.values())) < 2) and not (
                table.width >= 2 and all(r in axes.level_rows for r, row in enumerate(table.rows)
                                         if any(c.text.strip() for c in row))):
            return None  # one level row among others is an item of a list, not the levels of a function
        column_heads = {c: table.rows[head_row][c].text for c in range(table.width)} \
            if head_row >= 0 and head_row not in axes.sections and head_row not in axes.level_rows else {}
        text_cols, context_cols = split_text_columns(column_heads, list(range(table.width)))
        return head_row, column_heads, text_cols, context_cols

    def _level_row(self, table, row, function, level, text_cols, context_cols, state) -> bool:
        """One row naming a level: its ticks and texts placed, its context kept. Whether it placed."""
        label = next(c for c in row if c.text.strip())
        cells = [c for c in row if c is not label and self._free(c, state)]
        ticks = [c for c in cells if is_mark(c.text) or (c.checked and not c.text.strip())]
        texts = [c for c in cells if c not in ticks and c.loc.col - 1 in text_cols and self._text_cell(c, state)]
        state.tracker.use(label, "structure")
        for c in cells:
            if c.loc.col - 1 in context_cols and c not in ticks and self.tracker_free(c, state):
                state.tracker.use(c, "context")
                state.unplaced.append(Unplaced(c.text, c.loc, "context"))
        if not texts and not ticks:
            return False
        for c in ticks:
            state.tracker.use(c, "structure")
        self._place(state, table, function, (level,), texts, label, "tick" if ticks else "text")
        return True

    # -- a header row naming levels, the function above the table (or a section row)
    def _levels_across(self, table, axes, heads, state) -> list[int]:
        if axes.header is None or axes.function_rows:
            return []
        used = []
        for r in range(axes.header + 1, len(table.rows)):
            if r in axes.sections:
                continue
            if r in axes.repeats:
                for k in axes.level_cols:
                    state.tracker.use(table.rows[r][k], "structure")
                continue
            function = self._section_function(axes, r) or _nearest(heads, function_of_head)
            if not function:
                return []
            row = table.rows[r]
            out_cols = [c for k, c in enumerate(row) if k not in axes.level_cols and self._text_cell(c, state)]
            for k, level in axes.level_cols.items():
                if k >= len(row) or not self._free(row[k], state):
                    continue
                cell = row[k]
                if is_mark(cell.text) and out_cols:
                    self._place(state, table, function, (level,), out_cols, cell, "tick")
                elif self._text_cell(cell, state):
                    self._place(state, table, function, (level,), [cell], cell, "text")
                else:
                    continue
                used.append(cell.loc.row or r + 1)
            if used and used[-1] == (row[0].loc.row or r + 1):
                for c in out_cols:
                    if state.tracker.free(c):
                        state.tracker.use(c, "placed")
        if used:
            for k in axes.level_cols:
                state.tracker.use(table.rows[axes.header][k], "structure")
        return used

    # -- rows that name a function, the level above them
    def _functions_down(self, table, axes, heads, state) -> list[int]:
        if len(axes.function_rows) < 1 or axes.level_rows or axes.header is not None:
            return []
        used = []
        for r, function in sorted(axes.function_rows.items()):
            levels = self._section_levels(axes, r) or _nearest(heads, levels_of_head)
            if not levels:
                return []
            row = table.rows[r]
            label = next(c for c in row if c.text.strip())
            texts = [c for c in row if c is not label and self._text_cell(c, state)]
            state.tracker.use(label, "structure")
            if not texts:
                continue
            self._place(state, table, function, levels, texts, label, "text")
            used.append(row[0].loc.row or r + 1)
        if used:
            for r in range(min(axes.function_rows)):
                for c in table.rows[r]:
                    if c.text.strip() and state.tracker.free(c) and len(c.text.split()) <= 4:
                        state.tracker.use(c, "structure")  # 'Function | Example'
        return used

    # -- steps shared by the shapes above
    @staticmethod
    def _free(cell: Cell, state) -> bool:
        return bool(cell.text.strip()) and not cell.merged and state.tracker.free(cell)

    @staticmethod
    def tracker_free(cell: Cell, state) -> bool:
        return state.tracker.free(cell)

    def _text_cell(self, cell: Cell, state) -> bool:
        if not self._free(cell, state):
            return False
        if is_boilerplate(cell.text) or is_descriptor(cell.text):
            state.tracker.use(cell, "boilerplate")
            return False
        return not is_mark(cell.text)

    @staticmethod
    def _section_function(axes: _Axes, r: int) -> str | None:
        above = [t for k, t in axes.sections.items() if k < r]
        return function_of_head(above[-1]) if above else None

    @staticmethod
    def _section_levels(axes: _Axes, r: int) -> tuple[int, ...]:
        above = [t for k, t in axes.sections.items() if k < r]
        return levels_of_head(above[-1]) if above else ()

    @staticmethod
    def _keep(cells, state, reason: str) -> None:
        for c in cells:
            state.tracker.use(c, "unplaced")
            state.unplaced.append(Unplaced(c.text, c.loc, reason))

    @staticmethod
    def _place(state, table, function: str, levels, cells, anchor: Cell, marker: str) -> None:
        text = "\n".join(c.text for c in cells)
        loc = (cells[0] if cells else anchor).loc
        matrix = state.section_matrix
        conf = round(CONFIDENCE * (0.9 if len(levels) > 1 else 1.0), 2)
        for level in levels:
            state.placements.append(Placement(matrix=matrix.index, function=function, level=level, text=text,
                                              marker=marker, loc=loc, confidence=conf))
        for c in cells:
            state.tracker.use(c, "placed")
        state.tracker.use(anchor, "placed" if anchor in cells else "structure")
        if not matrix.location:
            matrix.location = where(table)


__all__ = ["AxisFinder", "function_of_head", "levels_of_head", "fold", "Head"]
