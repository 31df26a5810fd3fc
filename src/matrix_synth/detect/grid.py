"""Matrices in tables: the function x level grid (either orientation, header anywhere,
several per table), its tick/checkbox/fill variants with an evidence column, and the
list layout (one row per activity with function and level columns).

Detection is structural: a row naming three or more distinct levels is a header; a
column under it naming functions is the row labels. Labels are matched fuzzily by the
schema, so 'Plan & Comm', 'L2' or 'Colaborate' work and no layout is hard-coded."""
from __future__ import annotations

import re
from collections import Counter

from ..document import Cell, Paragraph, Table
from ..problems import WARNING, Problem
from ..schema import (fold, is_boilerplate, is_descriptor, is_mark, is_plain_function_label, is_plain_level_label,
                      level_header, match_function, parse_levels, roman_level, score_of, strip_mark,
                      text_cache, written_in_roman)
from .labels import field_of
from .result import Matrix, Placement, Unplaced

Grid = list[list[Cell]]


class Tracker:
    """Which text units have been used, and how: nothing may be dropped silently."""

    def __init__(self) -> None:
        self.used: dict[int, str] = {}

    def use(self, obj, how: str) -> None:
        self.used.setdefault(id(obj), how)

    def free(self, obj) -> bool:
        return id(obj) not in self.used


def transpose(grid: Grid) -> Grid:
    width = max((len(r) for r in grid), default=0)
    return [[row[c] for row in grid if c < len(row)] for c in range(width)]


def _header_levels(row: list[Cell]) -> dict[int, int]:
    found = {}
    for c, cell in enumerate(row):
        if cell.text and (level := _header_level(cell.text)):
            found[c] = level
    if sum(1 for c in found if roman_level(row[c].text)) >= 2:  # 'II III IV' across: 'I' and 'V' are levels
        for c, cell in enumerate(row):
            if c not in found and (level := roman_level(cell.text)):
                found[c] = level
    return found


@text_cache(max_len=1000)
def _header_level(text: str) -> int | None:
    """The level a header cell names, if it is a level's label (the same labels recur in every return)."""
    if len(text.split("\n", 1)[0]) >= 200:  # a descriptor may follow the level's name, not a paragraph
        return None
    level = level_header(text)
    if level and not match_function(text[:600]) and _short_label(text):
        return level  # not '2. Planning and commissioning' nor '1. Quarterly newsletter sent …'
    return None


_LEVEL_LABEL_WORDS = {"level", "levels", "l", "lvl", "of", "engagement", "the", "and", "with", "third", "sector"}


def _short_label(text: str) -> bool:
    """A label naming a level, not a numbered item of a list: at most two words beyond the level's own."""
    words = re.findall(r"[a-z]+", fold(text.split("\n", 1)[0]))
    return sum(1 for w in words if w not in _LEVEL_LABEL_WORDS and not parse_levels(w)) <= 2


def _is_level_header(levels: dict[int, int]) -> bool:
    """Three or more distinct levels across, each named as often as the others (a header names each
    level once; a list's level column read across names some several times)."""
    if len(levels) < 3:
        return False  # most rows: fewer than three levels named
    counts = Counter(levels.values())
    return len(counts) >= 3 and len(set(counts.values())) == 1


def _function_of(cell: Cell) -> str | None:
    return match_function(cell.text[:600]) if cell.text else None


class _Found:
    def __init__(self, header: int, func_col: int, level_cols: dict[int, int], rows: list[tuple[int, str]],
                 transposed: bool) -> None:
        self.header, self.func_col, self.level_cols = header, func_col, level_cols
        self.rows, self.transposed = rows, transposed
        self.repeats: list[int] = []  # rows repeating the header


def _repeats(grid: Grid, prev: "_Found", hr: int, level_cols: dict[int, int]) -> bool:
    return level_cols == prev.level_cols and all(
        fold(grid[hr][c].text) == fold(grid[prev.header][c].text) for c in level_cols)


def _grids_in(grid: Grid, transposed: bool) -> list[_Found]:
    headers = [(r, lv) for r, row in enumerate(grid) if _is_level_header(lv := _header_levels(row))]
    if not headers:
        return []
    # A row naming three functions across is the other axis' header: no level header reaches past it.
    across = [r for r, row in enumerate(grid) if r > headers[0][0] and len({f for c in row if c.text and
                                                                            (f := _function_of(c))}) >= 3]
    found: list[_Found] = []
    for i, (hr, level_cols) in enumerate(headers):
        end = headers[i + 1][0] if i + 1 < len(headers) else len(grid)
        end = min([end] + [r for r in across if r > hr])
        if found and _carries_on(grid, found[-1], hr, end, level_cols):
            continue
        for segment in _segments(level_cols):
            best = _label_column(grid, segment, hr + 1, end)
            levels = len(set(segment.values()))
            need = 1 if levels == 5 else (2 if levels == 4 else 3)
            if best and best[0][0] >= need and not _is_colour_key(grid, hr, segment, best[2]):
                found.append(_Found(hr, best[1], segment, best[2], transposed))
    return found


def _carries_on(grid: Grid, prev: _Found, hr: int, end: int, level_cols: dict[int, int]) -> bool:
    """The header repeated where the matrix carries on (a table continued on the next page): its rows
    are the previous matrix's, when they name functions it has not had yet."""
    if not _repeats(grid, prev, hr, level_cols):
        return False
    more = _function_rows(grid, prev.func_col, hr + 1, end, level_cols)
    if not more or {f for _, f in prev.rows} & {f for _, f in more}:
        return False
    prev.rows += more
    prev.repeats.append(hr)
    return True


def _segments(level_cols: dict[int, int]) -> list[dict[int, int]]:
    """Matrices side by side under one header row: a new one starts where a level comes round again."""
    out: list[dict[int, int]] = [{}]
    for c in sorted(level_cols):
        if level_cols[c] in out[-1].values():
            out.append({})
        out[-1][c] = level_cols[c]
    if len(out) > 1 and all(len(set(seg.values())) >= 3 for seg in out):
        return out
    return [level_cols]


def _label_column(grid: Grid, level_cols: dict[int, int], start: int, end: int):
    """The column of function labels for these level columns: the one naming most functions, beside
    the levels (never among them), the nearest between equals. ((distinct, nearness), column, rows)."""
    best = None
    lo, hi = min(level_cols), max(level_cols)
    for c in range(max((len(r) for r in grid), default=0)):
        if lo <= c <= hi:
            continue
        rows = _function_rows(grid, c, start, end, level_cols)
        distinct = len({f for _, f in rows})
        near = -(lo - c if c < lo else c - hi)
        if best is None or (distinct, near) > best[0]:
            best = ((distinct, near), c, rows)
    return best


KEY_LABELS = {"key", "legend", "colour key", "color key", "colour code", "key to colours"}


def _is_colour_key(grid: Grid, hr: int, level_cols: dict[int, int], rows: list[tuple[int, str]]) -> bool:
    """A row of level names is a colour key, not a grid header, when it is labelled 'Key'/'Legend'
    or when cells below carry the colour of a level other than their column's."""
    header = grid[hr]
    label = next((fold(c.text).rstrip(":") for i, c in enumerate(header) if c.text and i not in level_cols), "")
    if label in KEY_LABELS:
        return True
    colour_level = {header[c].fill: lv for c, lv in level_cols.items() if c < len(header) and header[c].fill}
    if len(set(colour_level.values())) < 3:
        return False
    for r, _function in rows:
        for c, cell in enumerate(grid[r]):
            if cell.fill in colour_level and level_cols.get(c) != colour_level[cell.fill]:
                return True
    return False


def where(table: Table) -> str:
    """'sheet 'Carers'' or 'table 2' (with the part when not the body)."""
    first = table.rows[0][0].loc if table.rows and table.rows[0] else None
    if table.sheet:
        return f"sheet '{table.name}'"
    if first is not None and first.table is not None:
        return f"table {first.table}" + (f" ({first.part})" if first.part not in ("", "body") else "")
    return table.name


def context_cells(table: Table, tracker: Tracker, above: int, below: int) -> list[Cell]:
    """Free cells in the rows strictly between two row numbers: a matrix's heading rows."""
    return [c for row in table.rows for c in row
            if c.text and not c.merged and tracker.free(c) and below < (c.loc.row or 0) < above and len(c.text) < 200]


_SUMMARY_ROW = re.compile(r"^\s*(?:overall|summary|total|average|aggregate|combined|in summary)\b", re.I)


def summary_rows(grid: Grid, c: int, start: int, end: int) -> list[int]:
    """Rows between start and end whose label in column c sums up the rows above ("Overall level for …")."""
    return [r for r in range(start, min(end, len(grid)))
            if c < len(grid[r]) and _SUMMARY_ROW.match(grid[r][c].text or "")]


def _function_rows(grid: Grid, c: int, start: int, end: int,
                   level_cols: dict[int, int] | None = None) -> list[tuple[int, str]]:
    """Rows naming a function in column c, stopping where the grid visibly ends (two rows that
    name no function, or one once all five have been seen). A row with no label but text under
    the levels carries on the function above it (a second row for the same function)."""
    rows: list[tuple[int, str]] = []
    misses = 0
    for r in range(start, end):
        cell = grid[r][c] if c < len(grid[r]) else None
        if cell is None or not cell.text:
            if rows and level_cols and rows[-1][0] == r - 1 and any(
                    k < len(grid[r]) and grid[r][k].text and not grid[r][k].merged for k in level_cols):
                rows.append((r, rows[-1][1]))
            continue
        if _SUMMARY_ROW.match(cell.text):
            continue  # "Overall level for …": a summary of the rows above, not an activity (kept as context)
        function = _function_of(cell)
        if function:
            rows.append((r, function))
            misses = 0
        elif rows:
            misses += 1
            if misses >= 2 or len({f for _, f in rows}) == 5:
                break
    return rows


_EVIDENCE_HEAD = re.compile(r"evidence|example|activit|description|detail|comment|what (we|is|has)|engagement|"
                            r"narrative|summary|how|notes?\b|text|current|where we are")
_CONTEXT_HEAD = re.compile(r"next steps?|\blead\b|officer|owner|responsib|\brag\b|status|rating|\bdate\b|"
                           r"timescale|deadline|progress|actions?\b|contact|target|review|by when|who\b|priority")


def split_text_columns(heads: dict[int, str], cols: list[int]) -> tuple[list[int], list[int]]:
    """Which of the columns beside a matrix hold its text (evidence, examples, activity) and which
    hold context (next steps, lead officer, RAG status, dates): decided by their headers. Without
    any telling header every column is text, as before."""
    def kind(c: int) -> str:
        head = fold(heads.get(c, "") or "")
        if not head:
            return ""
        if _CONTEXT_HEAD.search(head) and not re.search(r"evidence|example|activit|description", head):
            return "context"
        return "text" if _EVIDENCE_HEAD.search(head) else ""
    kinds = {c: kind(c) for c in cols}
    if any(k == "text" for k in kinds.values()):
        return [c for c in cols if kinds[c] == "text"], [c for c in cols if kinds[c] != "text"]
    return [c for c in cols if kinds[c] != "context"], [c for c in cols if kinds[c] == "context"]


def _fill_is_mark(fill: str | None, common: Counter, total: int) -> bool:
    # A fill shared by most level cells is the table's style, not a mark.
    return bool(fill) and total > 0 and common[fill] / total < 0.6


class GridReader:
    def __init__(self, table: Table, tracker: Tracker, placements: list[Placement], unplaced: list[Unplaced],
                 warnings: list[Problem]) -> None:
        self.table, self.tracker = table, tracker
        self.placements, self.unplaced, self.warnings = placements, unplaced, warnings

    def find(self, next_index: int) -> list[tuple[Matrix, tuple[int, int]]]:
        """Find every grid in the table; returns each matrix with the rows of the table where it
        sits (true row numbers), so that its heading can be read from the rows above it."""
        grid = self.table.rows
        normal = _grids_in(grid, False)
        flipped = _grids_in(transpose(grid), True)
        score_n = sum(len(f.rows) for f in normal)
        score_t = sum(len(f.rows) for f in flipped)
        chosen = normal if score_n >= score_t else flipped
        view = grid if chosen is normal else transpose(grid)
        out = []
        for found in chosen:
            matrix = Matrix(index=next_index + len(out), layout="grid-transposed" if found.transposed else "grid",
                            location=self._where())
            count = self._read(view, found, matrix)
            cells = [view[found.header][c] for c in found.level_cols] + [view[r][found.func_col] for r, _ in found.rows]
            rows = [c.loc.row or 0 for c in cells]
            if count:
                out.append((matrix, (min(rows), max(rows))))
            else:
                first = view[found.header][min(found.level_cols)].loc
                self.warnings.append(Problem("empty-matrix", f"an empty matrix (no cell filled) in {self._where()}",
                                             location=self._where(), severity=WARNING, loc=first))
        return out

    def _where(self) -> str:
        return where(self.table)

    def _read(self, view: Grid, found: _Found, matrix: Matrix) -> int:
        """Three steps: classify the columns beside the levels, collect each row's cells, place."""
        header = view[found.header]
        self._use_header(header, found)
        for r in found.repeats:
            for cell in view[r]:
                if cell.text and self.tracker.free(cell):
                    self.tracker.use(cell, "structure")
        self._summaries(view, found)
        evidence_cols, context_cols = self._side_columns(view, found)
        level_cells = [view[r][c] for r, _ in found.rows for c in found.level_cols if c < len(view[r])]
        fills = Counter(cell.fill for cell in level_cells if cell.fill)
        exact = all(is_plain_level_label(header[c].text) for c in found.level_cols)
        before = len(self.placements)
        for r, function in found.rows:
            row = view[r]
            self._label(row[found.func_col])
            base = 1.0 if exact and is_plain_function_label(row[found.func_col].text, function) else 0.85
            ticks = self._level_cells(matrix, row, found, function, base, fills, len(level_cells))
            evidence = self._side_cells(row, evidence_cols)
            self._context(row, context_cols)
            text = "\n".join(c.text for c in evidence)
            for level, marker, cell in ticks:
                conf = base * (0.9 if marker == "tick" and text else 0.8 if marker == "tick" else 0.7)
                self._place(matrix, function, level, text, marker, evidence[0] if evidence else cell, conf)
            for cell in evidence:
                if ticks:
                    self.tracker.use(cell, "placed")
                elif self._row_has_text_placement(row, found):
                    self.tracker.use(cell, "context")  # an evidence note beside text already placed
                    self.unplaced.append(Unplaced(cell.text, cell.loc, "context"))
                else:
                    self.tracker.use(cell, "unplaced")
                    self.unplaced.append(Unplaced(cell.text, cell.loc, "no-level"))
        return len(self.placements) - before

    def _summaries(self, view: Grid, found: _Found) -> None:
        """Summary rows ("Overall level for …") among the matrix's rows: kept as context, never placed."""
        if found.rows:
            for r in summary_rows(view, found.func_col, found.header + 1, found.rows[-1][0] + 2):
                for cell in view[r]:
                    if cell.text and self.tracker.free(cell):
                        self.tracker.use(cell, "context")
                        self.unplaced.append(Unplaced(cell.text, cell.loc, "context"))

    def _use_header(self, header: list[Cell], found: _Found) -> None:
        for c in found.level_cols:
            self._label(header[c])  # a level's descriptor under its name is template text, kept apart
        if found.func_col < len(header):
            self.tracker.use(header[found.func_col], "structure")

    def _label(self, cell: Cell) -> None:
        """A function's or level's label; descriptor text copied into it is kept apart as template text."""
        self.tracker.use(cell, "structure")
        first, _, rest = cell.text.partition("\n")
        if rest.strip() and is_descriptor(rest):
            self.unplaced.append(Unplaced(rest.strip(), cell.loc, "boilerplate"))

    def _side_columns(self, view: Grid, found: _Found) -> tuple[list[int], list[int]]:
        """Columns beside the levels that hold text: the evidence (the text of a tick) and context
        (next steps, lead officer, RAG status…: kept with the row, never engagement)."""
        header = view[found.header]
        cols = [c for c in range(len(header)) if c not in found.level_cols and c != found.func_col
                and any(c < len(view[r]) and view[r][c].text for r, _ in found.rows)]
        for c in cols:
            self.tracker.use(header[c], "structure")
        heads = {c: header[c].text for c in cols}
        return split_text_columns(heads, cols)

    def _level_cells(self, matrix: Matrix, row: list[Cell], found: _Found, function: str, base: float,
                     fills: Counter, total: int) -> list[tuple[int, str, Cell]]:
        """Place the text written in the level cells; return the ticks and fills (placed with the evidence)."""
        use = self.tracker.use
        ticks: list[tuple[int, str, Cell]] = []
        for c, level in found.level_cols.items():
            if c >= len(row):
                continue
            cell = row[c]
            text = cell.text.strip()
            if cell.placeholder or (text and (is_boilerplate(text) or is_descriptor(text))):
                use(cell, "boilerplate")
            elif cell.checked is True or (text and is_mark(text)):
                use(cell, "structure")
                ticks.append((level, "tick", cell))
            elif cell.checked is False and not text:
                use(cell, "structure")
            elif text:
                use(cell, "placed")
                self._place(matrix, function, level, strip_mark(text) or text, "text", cell, base)
            elif _fill_is_mark(cell.fill, fills, total):
                ticks.append((level, "fill", cell))
        return ticks

    def _side_cells(self, row: list[Cell], cols: list[int]) -> list[Cell]:
        out = []
        for c in cols:
            cell = row[c] if c < len(row) else None
            if cell is None or not cell.text or cell.merged and not self.tracker.free(cell):
                continue
            if is_boilerplate(cell.text) or is_descriptor(cell.text):
                self.tracker.use(cell, "boilerplate")
                continue
            out.append(cell)
        return out

    def _context(self, row: list[Cell], cols: list[int]) -> None:
        for cell in self._side_cells(row, cols):
            if self.tracker.free(cell):
                self.tracker.use(cell, "context")
                self.unplaced.append(Unplaced(cell.text, cell.loc, "context"))

    def _row_has_text_placement(self, row: list[Cell], found: _Found) -> bool:
        return any(self.tracker.used.get(id(row[c])) == "placed" for c in found.level_cols if c < len(row))

    def _place(self, matrix: Matrix, function: str, level: int, text: str, marker: str, cell: Cell,
               confidence: float) -> None:
        self.placements.append(Placement(matrix=matrix.index, function=function, level=level, text=text,
                                         marker=marker, loc=cell.loc, confidence=round(confidence, 2)))


# --------------------------------------------------------------------------- list layout

_COLUMN_HEADS = {"function", "functions", "engagement function", "area", "area of work", "level", "levels",
                 "level of engagement", "engagement level", "stage"}


def _column_hits(grid: Grid, c: int, test, skip: set[int]) -> int | None:
    """How many cells of column c pass test, if they make up at least half of the column's
    non-empty cells between the first and the last hit (notes elsewhere in a sheet don't count).
    A single hit counts only under a header that names the column ('Function', 'Level')."""
    hits = [r for r, row in enumerate(grid) if c < len(row) and row[c].text and not row[c].merged
            and id(row[c]) not in skip and test(row[c].text)]
    if len(hits) == 1:
        above = [row[c].text for row in grid[:hits[0]] if c < len(row) and row[c].text]
        return 1 if above and fold(above[-1]).rstrip(":") in _COLUMN_HEADS else None
    if len(hits) < 2:
        return None
    span = [row[c] for row in grid[hits[0]:hits[-1] + 1] if c < len(row) and row[c].text and not row[c].merged]
    return len(hits) if len(hits) >= 0.5 * len(span) else None


def fill_key(table: Table) -> tuple[dict[str, int], list[Cell]]:
    """Colour -> level, from cells that name a level and carry a fill (a legend/key), and those cells."""
    key: dict[str, int] = {}
    cells: list[Cell] = []
    for row in table.rows:
        for cell in row:
            if cell.fill and cell.text and len(cell.text) < 60 and len(re.findall(r"[a-z]+", fold(cell.text))) <= 2:
                level = level_header(cell.text)
                if level and key.get(cell.fill, level) == level:
                    key[cell.fill] = level
                    cells.append(cell)
    if len(set(key.values())) < 2:  # one coloured header is not a key
        return {}, []
    return key, cells


def _meta_columns(header: list[Cell] | None, taken: tuple) -> dict[int, str]:
    """Columns of a list whose header names the matrix's partner, topic or locality."""
    meta: dict[int, str] = {}
    for c, cell in enumerate(header or []):
        kind = field_of(cell.text) if cell.text else None
        if kind in ("partner", "topic", "locality") and c not in taken:
            meta[c] = kind
    return meta


def _holds_scores(grid: Grid, header: list[Cell] | None, lcol: int, first: int) -> bool:
    """The level column holds scores out of five: its header says so, or a value can only be one ('2/5')."""
    head = header[lcol].text if header is not None and lcol < len(header) else ""
    column = [row[lcol].text for row in grid[first:] if lcol < len(row) and row[lcol].text]
    return bool(re.search(r"score|rating|out of", head or "", re.I)) or any(
        score_of(t) is not None and not t.strip().startswith(("4", "5")) for t in column)


class _ListAxes:
    """What a list's columns are: function, level (or fill key), text, context, matrix context (meta)."""

    def __init__(self, fcol: int, lcol: int | None, key: dict[str, int], key_cells: list[Cell], first: int,
                 header: list[Cell] | None, meta: dict[int, str], text_cols: list[int],
                 context_cols: list[int]) -> None:
        self.fcol, self.lcol, self.key, self.key_cells = fcol, lcol, key, key_cells
        self.skip = {id(c) for c in key_cells}
        self.first, self.header, self.meta = first, header, meta
        self.text_cols, self.context_cols = text_cols, context_cols
        self.scores = False  # the level column holds scores out of five ('2/5', '3 out of 5')
        self.roman = False  # the level column holds Roman numerals: a lone 'I' or 'V' there is a level


class _ListRow:
    """One row's cells, collected: its function and level cells, its text cells, what they say."""

    def __init__(self, row: list[Cell], fcell: Cell, lcell: Cell | None, texts: list[Cell]) -> None:
        self.row, self.fcell, self.lcell, self.texts = row, fcell, lcell, texts
        self.function = match_function(fcell.text) if fcell.text else None
        self.levels: tuple[int, ...] = parse_levels(lcell.text) if lcell is not None and lcell.text else ()
        self.marker = "text"
        self.text = "\n".join(c.text for c in texts if not is_boilerplate(c.text))


class ListReader:
    """One row per activity: a function column, a level column (or a fill colour with a key).
    Three steps: classify the columns (_axes), collect each row's cells (_collect), place (_place or
    _unplaced)."""

    def __init__(self, table: Table, tracker: Tracker, placements: list[Placement], unplaced: list[Unplaced],
                 warnings: list[Problem]) -> None:
        self.table, self.tracker = table, tracker
        self.placements, self.unplaced, self.warnings = placements, unplaced, warnings

    def find(self, index: int) -> tuple[Matrix, tuple[int, int]] | None:
        axes = self._axes()
        if axes is None:
            return None
        matrix = Matrix(index=index, layout="list" if axes.lcol is not None else "fill-list",
                        location=where(self.table))
        count = 0
        for row in self.table.rows[axes.first:]:
            item = self._collect(row, axes)
            if item is not None:
                count += self._place(matrix, item, axes) if item.function and item.levels else \
                    self._unplaced(item)
        if not count:
            return None
        self._use_structure(axes)
        rows = [c.loc.row or 0 for c in (axes.header or self.table.rows[axes.first])]
        return matrix, (min(rows), max(rows))

    # -- step 1: classify the columns
    def _axes(self) -> _ListAxes | None:
        grid = [[c if self.tracker.free(c) else Cell("", c.loc) for c in row] for row in self.table.rows]
        width = self.table.width
        key, key_cells = fill_key(self.table)
        skip = {id(c) for c in key_cells}
        fcol = self._best(grid, width, lambda t: match_function(t) is not None, (), skip)
        if fcol is None:
            return None
        lcol = self._best(grid, width, lambda t: bool(parse_levels(t)), (fcol,), skip)
        if lcol is None and not key:
            return None
        first = next(r for r, row in enumerate(grid) if fcol < len(row) and match_function(row[fcol].text or ""))
        header = self.table.rows[first - 1] if first > 0 else None
        meta = _meta_columns(header, (fcol, lcol))
        text_cols = [c for c in range(width) if c not in (fcol, lcol) and c not in meta]
        context_cols: list[int] = []
        if header is not None:
            text_cols, context_cols = split_text_columns(
                {c: header[c].text for c in text_cols if c < len(header)}, text_cols)
        axes = _ListAxes(fcol, lcol, key, key_cells, first, header, meta, text_cols, context_cols)
        axes.scores = lcol is not None and _holds_scores(grid, header, lcol, first)
        axes.roman = lcol is not None and any(lcol < len(row) and written_in_roman(row[lcol].text)
                                              for row in grid[max(0, first - 1):])
        return axes

    def _best(self, grid: Grid, width: int, test, exclude, skip) -> int | None:
        best = None
        for c in range(width):
            if c in exclude:
                continue
            hits = _column_hits(grid, c, test, skip)
            if hits and (best is None or hits > best[0]):
                best = (hits, c)
        return best[1] if best else None

    # -- step 2: collect a row's cells
    def _collect(self, row: list[Cell], axes: _ListAxes) -> _ListRow | None:
        fcell = row[axes.fcol] if axes.fcol < len(row) else None
        if fcell is None or not self.tracker.free(fcell):
            return None
        lcell = row[axes.lcol] if axes.lcol is not None and axes.lcol < len(row) else None
        if _header_row(row, fcell, lcell, axes):
            for cell in row:  # a header repeated where the list carries on, or a second list's header
                if cell.text and self.tracker.free(cell):
                    self.tracker.use(cell, "structure")
            return None
        texts = [row[c] for c in axes.text_cols if c < len(row) and row[c].text and self.tracker.free(row[c])
                 and not row[c].merged and id(row[c]) not in axes.skip]
        if not (fcell.text or texts):
            return None
        item = _ListRow(row, fcell, lcell, texts)
        if axes.scores and lcell is not None and score_of(lcell.text) is not None:
            item.levels = (score_of(lcell.text),)
        if not item.levels and axes.roman and lcell is not None and (roman := roman_level(lcell.text)):
            item.levels = (roman,)
        if not item.levels and axes.key:
            for cell in [lcell, *texts, fcell]:
                if cell is not None and cell.fill in axes.key:
                    item.levels, item.marker = (axes.key[cell.fill],), "fill"
                    break
        return item

    # -- step 3: place, or keep as unplaced with a reason
    def _place(self, matrix: Matrix, item: _ListRow, axes: _ListAxes) -> int:
        row = item.row
        conf = round((0.9 if len(item.levels) == 1 else 0.8) * (0.85 if item.marker == "fill" else 1.0), 2)
        values = {kind: row[c].text for c, kind in axes.meta.items() if c < len(row) and row[c].text}
        anchor = item.texts[0] if item.texts else item.fcell
        for level in item.levels:
            self.placements.append(Placement(matrix=matrix.index, function=item.function, level=level,
                                             text=item.text, marker=item.marker, loc=anchor.loc, confidence=conf,
                                             **values))
        for cell in [item.fcell, item.lcell, *item.texts, *(row[c] for c in axes.meta if c < len(row))]:
            if cell is not None:
                self.tracker.use(cell, "placed")
        for c in axes.context_cols:  # next steps, lead officer, RAG: kept with the row, not engagement
            cell = row[c] if c < len(row) else None
            if cell is not None and cell.text and not cell.merged and self.tracker.free(cell):
                self.tracker.use(cell, "context")
                self.unplaced.append(Unplaced(cell.text, cell.loc, "context"))
        return 1

    def _unplaced(self, item: _ListRow) -> int:
        fcell, lcell = item.fcell, item.lcell
        if not item.text or (not fcell.text and not (lcell is not None and lcell.text)):
            return 0  # notes below the list: left for the section scanner
        where_ = (item.texts[0] if item.texts else fcell).loc
        if item.function and lcell is not None and lcell.text:
            self.warnings.append(Problem("level-unreadable", f"level '{lcell.text}' could not be read",
                                         severity=WARNING, loc=lcell.loc))
        elif not item.function and fcell.text:
            self.warnings.append(Problem("function-unreadable", f"function '{fcell.text}' could not be read",
                                         severity=WARNING, loc=fcell.loc))
        for cell in [fcell, lcell]:
            if cell is not None and cell.text:
                self.tracker.use(cell, "structure")
        for cell in item.texts:
            self.tracker.use(cell, "unplaced")
        self.unplaced.append(Unplaced(item.text, where_, "no-level" if item.function else "no-function"))
        return 0

    def _use_structure(self, axes: _ListAxes) -> None:
        if axes.header is not None:
            for cell in axes.header:
                if cell.text and self.tracker.free(cell):
                    self.tracker.use(cell, "structure")
        for cell in axes.key_cells:
            self.tracker.use(cell, "structure")
            for row in self.table.rows:  # the key's own heading ('Key', 'Legend') just above it
                for other in row:
                    if other.loc.col == cell.loc.col and fold(other.text).rstrip(":") in KEY_LABELS:
                        self.tracker.use(other, "structure")


def _header_row(row: list[Cell], fcell: Cell, lcell: Cell | None, axes: _ListAxes) -> bool:
    if axes.header is not None and row is not axes.header and _same_texts(row, axes.header):
        return True
    return _column_head(fcell) and (lcell is None or not lcell.text or _column_head(lcell))


def _column_head(cell: Cell) -> bool:
    """'Function', 'Level of engagement', 'Area of work': a list's column header."""
    return fold(cell.text).rstrip(":") in _COLUMN_HEADS or fold(cell.text).rstrip(":") in {
        "engagement function", "level of engagement", "levels of engagement"}


def _same_texts(row: list[Cell], other: list[Cell]) -> bool:
    a = [fold(c.text) for c in row]
    return any(a) and a == [fold(c.text) for c in other]


# --------------------------------------------------------------------------- one matrix, several tables

def _matrix_like(table: Table) -> bool:
    """A level header across, or function labels down a column or across a row."""
    grid = table.rows
    if any(_is_level_header(_header_levels(row)) for row in grid):
        return True
    for row in grid:  # functions across: three distinct
        if len({f for c in row if c.text and (f := _function_of(c))}) >= 3:
            return True
    for col in transpose(grid):  # functions down: two cells (a list may name one function twice)
        if sum(1 for c in col if c.text and _function_of(c)) >= 2:
            return True
    return False


def _new_header(table: Table, prev: Table) -> bool:
    """The table opens with a header of its own (three functions or levels across) that is not one of
    the previous table's rows repeated: a second matrix, not the first carried on."""
    first = table.rows[0]
    header = _is_level_header(_header_levels(first)) or len(
        {f for c in first if c.text and (f := _function_of(c))}) >= 3
    return header and not any(_same_texts(first, row) for row in prev.rows[:3])


def _labels_first(table: Table) -> bool:
    """The first column or row names a function or a level: rows carrying on a matrix."""
    grid = table.rows
    first_col = [row[0] for row in grid if row]
    for line in (first_col, grid[0] if grid else []):
        if any(c.text and (_function_of(c) or level_header(c.text)) for c in line):
            return True
    return False


def join_split_tables(blocks: list) -> list:
    """One matrix split over several Word/ODF tables (a page break, a table 'continued'): adjacent
    tables of the same width (or up to two empty last columns fewer) with nothing but empty paragraphs
    between are read as one, when the first looks like a matrix and the second carries on with
    function or level labels. Cells keep their own locations; a repeated header row is skipped by
    the finders."""
    out: list = []
    last_table: int | None = None
    for block in blocks:
        if isinstance(block, Paragraph):
            out.append(block)
            if block.text.strip():
                last_table = None
            continue
        prev = out[last_table] if last_table is not None else None
        if (prev is not None and not block.sheet and not prev.sheet and block.rows and prev.rows
                and prev.width - 2 <= block.width <= prev.width and block.nested_in == prev.nested_in
                and _matrix_like(prev) and _labels_first(block) and not _new_header(block, prev)):
            # a reader may leave out a continuation's empty last columns: pad them back
            rows = [row + [Cell("", row[-1].loc) for _ in range(prev.width - len(row))] for row in block.rows]
            out[last_table] = Table(prev.name, prev.rows + rows, prev.context, prev.sheet, prev.nested_in)
            continue
        out.append(block)
        last_table = len(out) - 1
    return out
