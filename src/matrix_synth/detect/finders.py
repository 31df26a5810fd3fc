"""One small interface for the finders that explain a table as matrices.

A finder looks at one table and returns candidates: each a matrix it explains, the rows of the
table it covers and how many placements it made. The finders run in this documented order, each
on what the ones before it left (the Tracker records which cells are explained and how):

1. GridFinder: function x level grids, in either orientation (the orientation explaining more rows
   wins), several per table, tick/fill variants, split tables already joined (grid.join_split_tables);
2. ListFinder: one activity per row with function and level columns (or a fill colour and a key);
3. AxisFinder (axes.py), on a table the first two did not explain: one axis from the table (rows or a
   header naming levels, rows naming functions, a cell of tick boxes), the other from the nearest
   heading that encloses it (outline.py: a heading, slide title, sheet name, caption, bold line) or a
   row of the table heading the rows below it.

A table that neither explains but that holds the template's descriptors is template text
(detect._guidance_table); narrative and fields are read afterwards from what is left
(text.Scanner, text.Narrative). To add a layout, write a class with `name` and `candidates()` and
put it in FINDERS where it should run."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from ..document import Table
from ..problems import Problem
from .grid import GridReader, ListReader, Tracker
from .result import Matrix, Placement, Unplaced


@dataclass
class FindState:
    """What the finders share while explaining one document."""
    tracker: Tracker
    matrices: list[Matrix]
    placements: list[Placement]
    unplaced: list[Unplaced]
    warnings: list[Problem] = field(default_factory=list)
    outline: object = None  # outline.Outline of the document: the headings above every block
    _section_matrix: Matrix | None = None

    @property
    def next_index(self) -> int:
        return len(self.matrices) + 1

    @property
    def section_matrix(self) -> Matrix:
        """The one matrix of a return read section by section (its tables joined by their headings)."""
        if self._section_matrix is None:
            self._section_matrix = Matrix(index=self.next_index, layout="sections", location="")
            self.matrices.append(self._section_matrix)
        return self._section_matrix


@dataclass
class Candidate:
    matrix: Matrix
    rows: tuple[int, int]  # the first and last table rows (true row numbers) the matrix covers
    placements: int  # how many placements it explains: its score


class Finder(Protocol):
    name: str

    def candidates(self, table: Table, state: FindState) -> list[Candidate]:
        ...


class GridFinder:
    name = "grid"

    def candidates(self, table: Table, state: FindState) -> list[Candidate]:
        before = len(state.placements)
        out = []
        reader = GridReader(table, state.tracker, state.placements, state.unplaced, state.warnings)
        for matrix, rows in reader.find(state.next_index):
            out.append(Candidate(matrix, rows, 0))
        if out:
            out[0].placements = len(state.placements) - before  # the table's grids together
        return out


class ListFinder:
    name = "list"

    def candidates(self, table: Table, state: FindState) -> list[Candidate]:
        before = len(state.placements)
        found = ListReader(table, state.tracker, state.placements, state.unplaced, state.warnings).find(
            state.next_index)
        return [Candidate(found[0], found[1], len(state.placements) - before)] if found else []


def _axis_finder():
    from .axes import AxisFinder
    return AxisFinder()


FINDERS: tuple[Finder, ...] = (GridFinder(), ListFinder(), _axis_finder())
_LAST_RESORT = {"axis from the headings"}  # run only on a table no finder before it explained


def find_matrices(table: Table, state: FindState) -> list[Candidate]:
    """Run every finder on the table in order; each candidate's matrix is numbered and kept (once)."""
    out: list[Candidate] = []
    for finder in FINDERS:
        if out and finder.name in _LAST_RESORT:
            break
        for candidate in finder.candidates(table, state):
            if not any(m is candidate.matrix for m in state.matrices):
                state.matrices.append(candidate.matrix)
            out.append(candidate)
    return out
