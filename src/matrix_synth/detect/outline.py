"""The document as a person reads it: every block knows the headings it sits under.

Readers give a flat list of blocks (paragraphs and tables, in reading order, each with its part:
the body, a slide, a sheet, a text box). The outline nests them under their headings, at any
depth: a slide's title or a sheet's name heads everything on it; then heading styles (1 outermost),
then lines that read as headings by their shape (a bold line, an all-caps line, a numbered short
line), then a short label line or caption just above a table. A table's own rows can head the rows
below them too (a row that is one label across the table: see section_rows).

The finders read an axis the table does not give (its function, or its level) from the nearest
heading that names one, whatever encloses it (outline.ancestors(block), innermost last)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..document import Cell, Paragraph, Table

PART_RANK = 0  # a slide's title, a sheet's name
SHAPE_RANK = 7  # a bold, all-caps or numbered short line
CAPTION_RANK = 8  # a short label line or a caption just above a table
_NUMBERED = re.compile(r"^\s*(?:\(?\d{1,2}[.)]|[a-e][.)]|[ivx]{1,4}[.)])\s+\S")
_CAPTION = re.compile(r"^\s*(?:table|figure|section|part)\s*\d*\s*[:.\-–]", re.IGNORECASE)


@dataclass(frozen=True)
class Head:
    text: str
    rank: int
    unit: object = None  # the Paragraph (or Cell) it was read from, None for a sheet's name


def _names_an_axis(text: str) -> bool:
    from ..schema import level_header, match_function

    return match_function(text) is not None or level_header(text) is not None


def heading_rank(p: Paragraph, next_block=None) -> int | None:
    """How strongly a paragraph reads as a heading (lower is outer), or None for text."""
    text = p.text.strip()
    if not text or len(text) > 160 or p.placeholder:
        return None
    if p.style.startswith("heading"):
        digits = p.style[7:]
        return min(6, int(digits)) if digits.isdigit() else 3
    if p.style in ("title", "subtitle"):
        return 1
    if p.style == "list":
        return None
    return _shape_rank(p, text, next_block)


def _shape_rank(p: Paragraph, text: str, next_block) -> int | None:
    """A heading by its shape rather than its style: bold, capitals, numbered, a caption, a lone label."""
    words = len(text.split())
    ends_like_prose = text.endswith((".", ";", ",", "!")) and not _CAPTION.match(text)
    if (p.lead and p.lead.strip() == text and words <= 15 and not ends_like_prose) \
            or (text.upper() == text and words <= 12 and sum(map(str.isalpha, text)) >= 4) \
            or (_NUMBERED.match(text) and words <= 10 and not ends_like_prose) \
            or (_CAPTION.match(text) and words <= 12) \
            or (words <= 6 and not ends_like_prose and _names_an_axis(text)):
        return SHAPE_RANK
    if isinstance(next_block, Table) and words <= 12 and not ends_like_prose:
        return CAPTION_RANK
    return None


def _part_of(block) -> str:
    if isinstance(block, Paragraph):
        part = block.loc.part
    else:
        if block.sheet:
            return f"sheet:{block.name}"
        first = block.rows[0][0].loc if block.rows and block.rows[0] else None
        part = first.part if first is not None else ""
    part = part or "body"
    if part in ("text box",):  # a text box sits in the body's flow
        return "body"
    return re.sub(r"\s+notes$", "", part)  # a slide's notes sit under its title


class Outline:
    """The headings above every block."""

    def __init__(self, blocks: list) -> None:
        self.heads: dict[int, tuple[Head, ...]] = {}
        self.headings: set[int] = set()  # ids of the paragraphs read as headings
        titles = self._part_titles(blocks)
        stack: list[Head] = []
        part = None
        for i, block in enumerate(blocks):
            where = _part_of(block)
            if where in ("header", "footer"):
                self.heads[id(block)] = ()
                continue
            if where != part:
                part = where
                stack = [titles[where]] if where in titles else []
            if isinstance(block, Paragraph):
                rank = heading_rank(block, blocks[i + 1] if i + 1 < len(blocks) else None)
                if rank is not None and (not stack or stack[0].unit is not block):
                    while stack and stack[-1].rank >= rank and stack[-1].rank != PART_RANK:
                        stack.pop()
                    self.heads[id(block)] = tuple(stack)
                    stack.append(Head(block.text.strip(), rank, block))
                    self.headings.add(id(block))
                    continue
                if stack and stack[0].unit is block:
                    self.headings.add(id(block))
            self.heads[id(block)] = tuple(stack)
            if isinstance(block, Table) and stack and stack[-1].rank == CAPTION_RANK:
                stack.pop()  # a caption heads its table only

    @staticmethod
    def _part_titles(blocks: list) -> dict[str, Head]:
        out: dict[str, Head] = {}
        for block in blocks:
            where = _part_of(block)
            if where in out:
                continue
            if isinstance(block, Table) and block.sheet:
                out[where] = Head(block.name, PART_RANK, None)
            elif isinstance(block, Paragraph) and block.style == "title" and where.startswith("slide"):
                out[where] = Head(block.text.strip(), PART_RANK, block)
        return out

    def ancestors(self, block) -> tuple[Head, ...]:
        return self.heads.get(id(block), ())


class LazyOutline:
    """The Outline, made the first time a finder asks for it (most returns never need it)."""

    def __init__(self, blocks: list) -> None:
        self._blocks, self._outline = blocks, None

    def ancestors(self, block) -> tuple[Head, ...]:
        if self._outline is None:
            self._outline = Outline(self._blocks)
        return self._outline.ancestors(block)


def _kind(text: str) -> str:
    from ..schema import level_header
    from .axes import function_of_head
    if function_of_head(text):  # 'Capacity building', 'Table 2: Capacity building'
        return "function"
    return "level" if level_header(text) else "other"


def section_rows(table: Table) -> dict[int, str]:
    """Rows of a table that head the rows below them: one label across the whole row (a merged row),
    or a row with text in its first cell only that names a function or a level when the rows it heads
    begin with something else (a level row over function rows; not an empty level among levels).
    row index -> text."""
    out: dict[int, str] = {}
    if table.width < 2:
        return out
    filled = [[c for c in row if c.text.strip() and not c.merged] for row in table.rows]
    for r, row in enumerate(table.rows):
        texts = {c.text.strip() for c in row if c.text.strip()}
        if len(texts) != 1 or len(filled[r]) != 1 or len(filled[r][0].text.split()) > 12:
            continue
        label = filled[r][0]
        merged_across = sum(1 for c in row if c.merged) >= table.width - 1
        kind = _kind(label.text)
        below = next((cells for cells in filled[r + 1:] if len(cells) >= 2), None)
        if merged_across or (kind != "other" and below is not None and _kind(below[0].text) != kind):
            out[r] = label.text.strip()
    return out


__all__ = ["Head", "Outline", "heading_rank", "section_rows", "Cell"]
