"""Find matrices, fields and free text in a Document, whatever its layout.

Every non-empty text unit (paragraph or cell) ends up in exactly one of: a placement,
a return field, a free-text section, structure (headers and labels), boilerplate, or
the unplaced list with a reason. Nothing is dropped silently."""
from __future__ import annotations

from dataclasses import replace

from ..document import Document, Paragraph, Table
from ..schema import is_boilerplate, is_descriptor, level_header, match_function
from .finders import FindState, find_matrices
from .grid import Tracker, context_cells, join_split_tables
from .labels import is_contact_header, parse_context, split_label
from .result import Detection, Matrix, Placement, Section, Unplaced
from .narrative import Forms
from .text import Narrative, Scanner, label_like

__all__ = ["detect", "Detection", "Matrix", "Placement", "Section", "Unplaced"]


def detect(doc: Document, label: str = "") -> Detection:
    from .texttables import typed_tables
    doc = replace(doc, blocks=join_split_tables(typed_tables(doc.blocks)))
    det = Detection()
    tracker = Tracker()
    from .outline import LazyOutline
    outline = LazyOutline(doc.blocks)
    state = FindState(tracker, det.matrices, det.placements, det.unplaced, det.warnings, outline)
    _reviewer_comments(doc, det, tracker)
    found: list[tuple[int, Matrix, tuple[int, int]]] = []
    for pos, block in enumerate(doc.blocks):
        if not isinstance(block, Table) or not block.rows:
            continue
        if _contact_table(block, tracker, det):
            continue
        # The template's own text (descriptor rows, columns, labels or tables) never rejects a table:
        # the grid is looked for first, and a table with no grid but descriptors is template text.
        candidates = find_matrices(block, state)
        found += [(pos, c.matrix, c.rows) for c in candidates]
        if not candidates:
            _guidance_table(block, tracker)
    headings = {pos: _heading_above(doc.blocks, pos, tracker) for pos, _m, _r in found
                if not doc.blocks[pos].sheet}
    _title(doc, det, tracker)
    Scanner(det, tracker).run(doc.blocks)
    contexts = _contexts(doc, found, headings, tracker)
    Forms(det, tracker).run(doc.blocks)
    Narrative(det, tracker).run(doc.blocks)
    _apply_context(det, contexts)
    _board(doc, det, label)
    _leftovers(doc, det, tracker)
    return det


REVIEWER = "reviewer comment"


def _reviewer_comments(doc: Document, det: Detection, tracker: Tracker) -> None:
    """Word's review comments ("Check wording with the service manager") are what a reviewer wrote on
    the return, not the return: kept with their place, never placed, never a free-text section or
    feedback on the matrix."""
    for block in doc.blocks:
        if isinstance(block, Paragraph) and block.loc.part == "comments" and block.text.strip():
            tracker.use(block, REVIEWER)
            det.unplaced.append(Unplaced(block.text, block.loc, REVIEWER))


def _contexts(doc: Document, found, headings, tracker: Tracker) -> list[tuple[int, Matrix, list[str]]]:
    """Each matrix's heading: the sheet name, the rows above it in its table, the paragraphs above the table."""
    out = []
    bottom: dict[int, int] = {}
    for pos, matrix, (top, last) in sorted(found, key=lambda f: (f[0], f[2][0])):
        table = doc.blocks[pos]
        cells = context_cells(table, tracker, top, bottom.get(pos, 0))
        for cell in cells:
            tracker.use(cell, "structure")
        texts = ([table.name] if table.sheet else headings.get(pos, [])) + [c.text for c in cells]
        bottom[pos] = last
        out.append((pos, matrix, texts))
    return out


def _guidance_table(table: Table, tracker: Tracker) -> bool:
    """The template's level/function descriptor tables, copied into the return."""
    cells = [c for row in table.rows for c in row if c.text and not c.merged]
    descriptors = sum(1 for c in cells if is_descriptor(c.text))
    if descriptors < 2 or any(c.checked for c in cells):
        return False
    for cell in cells:
        if is_descriptor(cell.text) or level_header(cell.text) or match_function(cell.text) or len(cell.text) < 40:
            tracker.use(cell, "boilerplate")
    return True


def _contact_table(table: Table, tracker: Tracker, det: Detection) -> bool:
    if not is_contact_header([c.text for c in table.rows[0]]):
        return False
    lines = []
    for row in table.rows:
        texts = [c.text for c in row if c.text and not c.merged]
        for c in row:
            tracker.use(c, "field")
        if texts:
            lines.append(" | ".join(texts))
    previous = det.fields.get("contacts")  # a second contact table adds to the first, never replaces it
    det.fields["contacts"] = "\n".join(([previous] if previous else []) + lines)
    return True


def _heading_above(blocks, pos: int, tracker: Tracker) -> list[str]:
    """Up to two short paragraphs just above a table: its heading or caption."""
    found: list[str] = []
    for block in reversed(blocks[max(0, pos - 3):pos]):
        if not isinstance(block, Paragraph):
            break
        if not block.text or len(block.text.split()) > 20:
            break
        kind = split_label(block.text)[0]
        if kind and kind.startswith("section:"):
            break
        if not (kind or label_like(block.text, block.style)):
            break
        found.insert(0, block.text)
        if kind is None and tracker.free(block):
            tracker.use(block, "structure")
        if len(found) == 2:
            break
    return found


def _title(doc: Document, det: Detection, tracker: Tracker) -> None:
    for block in doc.blocks[:6]:
        if isinstance(block, Paragraph) and block.loc.part != "body":
            continue
        unit = block if isinstance(block, Paragraph) else _first_cell(block)
        if unit is not None and unit.text and tracker.free(unit) and split_label(unit.text)[0] is None \
                and not unit.placeholder:
            style = unit.style if isinstance(unit, Paragraph) else ""
            if style in ("title", "heading1") or (label_like(unit.text) and len(unit.text.split()) <= 15):
                det.fields.setdefault("title", unit.text)
                tracker.use(unit, "field")
        break
    if "title" not in det.fields and doc.title:
        det.fields["title"] = doc.title


def _first_cell(table: Table):
    """A sheet's title: its top-left cell, when it sits alone in the first row."""
    if not table.sheet or not table.rows:
        return None
    texts = [c for c in table.rows[0] if c.text and not c.merged]
    return texts[0] if len(texts) == 1 else None


def _apply_context(det: Detection, contexts: list[tuple[int, Matrix, list[str]]]) -> None:
    for _pos, matrix, ctx in contexts:
        found = parse_context(ctx)
        matrix.label = " / ".join(t for t in ctx if t)[:200]
        for key in ("partner", "topic", "locality"):
            setattr(matrix, key, found.get(key, ""))
    for matrix in det.matrices:  # what the return says of itself holds for a matrix that says nothing
        for key in ("partner", "topic", "locality"):
            if not getattr(matrix, key):
                setattr(matrix, key, det.fields.get(key, ""))
        markers = [p.marker for p in det.placements if p.matrix == matrix.index]
        if matrix.layout.startswith("grid") and markers:
            top = max(set(markers), key=markers.count)
            if top != "text":
                matrix.layout = matrix.layout.replace("grid", f"{top}-grid")
    by_index = {m.index: m for m in det.matrices}
    for p in det.placements:
        m = by_index.get(p.matrix)
        if m is not None:
            p.partner = p.partner or m.partner
            p.topic = p.topic or m.topic
            p.locality = p.locality or m.locality
    for key in ("partner", "locality", "topic"):
        values = []
        for m in det.matrices:
            if getattr(m, key) and getattr(m, key) not in values:
                values.append(getattr(m, key))
        if values and key not in det.fields:
            det.fields[key] = "; ".join(values)


def _board(doc: Document, det: Detection, label: str) -> None:
    from .boards import find_return_board  # every place a board writes its name: detect/boards.py
    find_return_board(doc, det, label)


def _leftovers(doc: Document, det: Detection, tracker: Tracker) -> None:
    total = unplaced = 0
    fields = [v for v in det.fields.values() if v]
    for block in doc.blocks:
        units = [block] if isinstance(block, Paragraph) else [c for row in block.rows for c in row if not c.merged]
        for unit in units:
            text = unit.text
            if not text:
                continue
            how = tracker.used.get(id(unit))
            if how == REVIEWER:
                continue  # kept already, and not the board's text
            boiler = how == "boilerplate" or (how is None and (is_boilerplate(text) or is_descriptor(text)))
            if boiler:  # kept, so nothing is lost, but never counted as engagement
                det.unplaced.append(Unplaced(text, unit.loc, "boilerplate"))
                continue
            total += len(text)
            if how is None:
                heading = isinstance(unit, Paragraph) and unit.is_heading
                det.unplaced.append(Unplaced(text, unit.loc, "heading" if heading else "unrecognised"))
                if not heading:
                    unplaced += len(text)
            elif how == "unplaced":
                unplaced += len(text)
            elif how == "structure" or (how == "field" and not _in_fields(text, fields)):
                # a label, a matrix header or a field row's other values: kept (findable), never flagged
                det.unplaced.append(Unplaced(text, unit.loc, "label"))
    det.chars_total, det.chars_unplaced = total, unplaced


def _in_fields(text: str, fields: list[str]) -> bool:
    return any(text in value for value in fields)
