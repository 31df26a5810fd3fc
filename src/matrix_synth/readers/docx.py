"""Word (.docx/.docm/.dotx) reader on the XML itself.

python-docx's table API does not see content controls that wrap cells or rows, nor
checkbox states, and it is slow; this walks word/document.xml itself:
- content controls (w:sdt) at block, row, cell and run level are transparent; a checkbox
  control gives its checked state (w14:checked), not its glyph; an unfilled control's
  placeholder text is flagged as such;
- legacy form checkboxes (w:ffData/w:checkBox) give their state;
- tracked changes: inserted text counts, deleted and moved-away text does not;
- merged cells (gridSpan, vMerge) are expanded so the grid is rectangular;
- nested tables become tables of their own; headers, footers and footnotes are read too;
- text boxes (DrawingML or VML w:txbxContent) are paragraphs of their own (part 'text box' in the
  body), never glued to the paragraph that anchors them; in a cell, lines of the cell.
Macros in .docm files are never run (only the XML parts are read)."""
from __future__ import annotations

import re
import zipfile

from ..document import Cell, Document, Location, Paragraph, Table
from .properties import ooxml_properties
from ..limits import MAX_COLUMNS, MAX_DEPTH, MAX_ROWS, MAX_SPAN, MAX_TABLES
from ..problems import ReadFailure
from .safexml import check_prologue
from .safezip import has_part, open_zip, parse_xml, read_part
from .strict import load_ooxml as load_xml  # Strict OOXML read as Transitional

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
P, TBL, TR, TC, SDT, SDTCONTENT, SDTPR = W + "p", W + "tbl", W + "tr", W + "tc", W + "sdt", W + "sdtContent", W + "sdtPr"
T, TAB, BR, CR, SYM, NBH = W + "t", W + "tab", W + "br", W + "cr", W + "sym", W + "noBreakHyphen"
SKIP = {W + "del", W + "moveFrom", W + "delText", W + "instrText", W + "pPr", W + "rPr", W + "sectPr",
        W + "tblPr", W + "trPr", W + "tcPr", W + "tblGrid", W + "fldData", MC + "Fallback", W + "commentRangeStart"}
TRANSPARENT = {W + "customXml", W + "ins", W + "moveTo", W + "smartTag", W + "hyperlink", W + "fldSimple",
               W + "sdtContent", W + "body", W + "txbxContent", W + "footnote", W + "endnote", W + "comment"}
TXBX = W + "txbxContent"
R = W + "r"
TCPR, GRIDSPAN, VMERGE, SHD = W + "tcPr", W + "gridSpan", W + "vMerge", W + "shd"
_PROMPT = "matrix-synth-prompt"  # set on the paragraphs of an unfilled block-level content control
MAX_BOXES = 200  # text boxes kept apart per paragraph; more are read as its text
# Wingdings glyphs used as ticks and boxes (w:sym)
_SYMBOLS = {"F0FC": "✓", "F0FB": "✗", "F0FE": "☒", "F0FD": "☒", "F078": "☒", "F0A8": "☐", "F06F": "☐",
            "F0A1": "☐", "F050": "✓", "F052": "☑", "F053": "☒"}
_TRUE = {"1", "true", "on"}
_SPACES = re.compile(r"[ \t\u00a0]+")
_SPACES_ONLY = re.compile(r"[ \u00a0]+")
_TABS = re.compile(r"[ \u00a0]*\t[\t \u00a0]*")


_STYLE_CACHE: dict[tuple[int, int], dict[str, str]] = {}
_STYLE_RE = re.compile(rb"<w:style\b[^>]*?w:styleId=\"([^\"]*)\"[^>]*>(?:(?!</w:style>).){0,400}?"
                       rb"<w:name w:val=\"([^\"]*)\"", re.S)


def style_names(data: bytes) -> dict[str, str]:
    """styleId -> name from styles.xml. A pattern scan, not a parse: Word's styles part holds
    hundreds of latent styles, and only the ids and names matter here (no entity is expanded)."""
    check_prologue(data, "word/styles.xml", "styles")  # no DTD, whatever the encoding
    found = {m.group(1).decode("utf-8", "replace"): m.group(2).decode("utf-8", "replace")
             for m in _STYLE_RE.finditer(data)}
    if found or b"styleId" not in data:
        return found
    root = parse_xml(data, "word/styles.xml", "styles")  # another writer's namespace prefix: parse it
    for st in root.iter(W + "style"):
        name = st.find(W + "name")
        found[st.get(W + "styleId", "")] = name.get(W + "val", "") if name is not None else ""
    return found


_ON, _OFF = "\x01", "\x02"  # where a checkbox stands in the text, ticked or not (see _with_boxes)


class _State:
    __slots__ = ("checked", "placeholder", "boxes", "prompt", "ticks")

    def __init__(self) -> None:
        self.ticks = 0  # checkboxes met
        self.checked: bool | None = None
        self.placeholder = False
        self.prompt: list[str] = []  # an unfilled control's placeholder text: template text, kept as such
        self.boxes: list = []  # text boxes anchored in the paragraph: read apart, as paragraphs of their own


def _on(el, attr: str = W + "val", default: bool = True) -> bool:
    if el is None:
        return False
    val = el.get(attr)
    return default if val is None else val.lower() in _TRUE


def _collect(el, out: list[str], state: _State, depth: int = 0) -> None:
    if depth > MAX_DEPTH * 4:
        raise ReadFailure("too-large", "text is nested too deeply to read")
    for child in el:
        tag = child.tag
        if tag == T:  # the commonest first: a run's text, and the run itself
            out.append(child.text or "")
            continue
        if tag == R:
            _collect(child, out, state, depth + 1)
            continue
        if tag in SKIP or not isinstance(tag, str):
            continue
        if tag == TAB:
            out.append("\t")
        elif tag in (BR, CR):
            out.append("\n")
        elif tag == NBH:
            out.append("-")
        elif tag == SYM:
            out.append(_SYMBOLS.get((child.get(W + "char") or "").upper(), ""))
        elif tag == SDT:
            _collect_sdt(child, out, state)
        elif tag == W + "ffData":
            box = child.find(W + "checkBox")
            if box is not None:
                checked = box.find(W + "checked")
                state.checked = _on(checked) if checked is not None else _on(box.find(W + "default"))
                state.ticks += 1
                out.append(_ON if state.checked else _OFF)
        elif tag == TBL:
            continue  # a table inside a text box: read as its own table elsewhere (rare)
        elif tag == TXBX and len(state.boxes) < MAX_BOXES:
            state.boxes.append(child)
        elif len(child):
            _collect(child, out, state, depth + 1)


def _collect_sdt(sdt, out: list[str], state: _State) -> None:
    props = sdt.find(SDTPR)
    content = sdt.find(SDTCONTENT)
    if props is not None:
        box = props.find(W14 + "checkbox")
        if box is not None:
            state.checked = _on(box.find(W14 + "checked"), W14 + "val", default=True)
            state.ticks += 1
            out.append(_ON if state.checked else _OFF)
            return  # its glyph (☐/☒) is not text: its state is
        if props.find(W + "showingPlcHdr") is not None:
            state.placeholder = True
            if content is not None and len(state.prompt) < 50:
                _collect(content, state.prompt, _State())
            return  # 'Click here to enter text.': the control was never filled: not the paragraph's text
    if content is not None:
        _collect(content, out, state)


def _with_boxes(text: str, boxes: bool) -> str:
    """One checkbox is the paragraph's (or cell's) state (a tick grid); several are a list of choices,
    written as ☒ (ticked) and ☐ (not) where they stand, whatever glyph the form showed."""
    if boxes:
        return text.replace(_ON, "☒ ").replace(_OFF, "☐ ")
    return text.replace(_ON, "").replace(_OFF, "")


def _squeeze(text: str) -> str:
    """Runs of spaces as one; a tab (with any spaces around it) as one tab: typed columns stay apart."""
    if "\t" not in text and "  " not in text and "\u00a0" not in text:
        return text.strip(" ")  # nothing to squeeze (most text): no pattern run
    text = _SPACES_ONLY.sub(" ", text)
    return _TABS.sub("\t", text).strip(" \t")


def paragraph_text(p, raw: bool = False) -> tuple[str, _State]:
    out: list[str] = []
    state = _State()
    _collect(p, out, state)
    text = _squeeze("".join(out))
    if raw or not state.ticks:
        return text, state
    if state.ticks >= 2:
        state.checked = None  # the choices are in the text
    return _squeeze(_with_boxes(text, state.ticks >= 2)), state


def bold_lead(p) -> str:
    """The text of the bold run(s) a paragraph starts with (its lead-in, or all of it), else ''."""
    out: list[str] = []
    for run in p.iter(W + "r"):
        props = run.find(W + "rPr")
        bold = props is not None and _on(props.find(W + "b"))
        text = "".join(t.text or "" for t in run.iter(T))
        if not bold:
            if text.strip() or run.find(TAB) is not None:
                break
            continue
        out.append(text)
        if len(out) > 200:  # bounded: a lead-in is a few runs
            break
    return _SPACES.sub(" ", "".join(out)).strip()


def _blocks(el, depth: int = 0):
    """w:p and w:tbl children, looking through content controls and other wrappers."""
    if depth > MAX_DEPTH * 4:
        raise ReadFailure("too-large", "content controls are nested too deeply to read")
    for child in el:
        tag = child.tag
        if tag == P or tag == TBL:
            yield child
        elif tag == SDT:
            props = child.find(SDTPR)
            content = child.find(SDTCONTENT)
            if content is not None and (props is None or props.find(W + "showingPlcHdr") is None):
                yield from _blocks(content, depth + 1)
            elif content is not None:  # an unfilled control: its prompt paragraphs, marked as template text
                for el in _blocks(content, depth + 1):
                    if el.tag == P:
                        el.set(_PROMPT, "1")
                        yield el
        elif tag in TRANSPARENT:
            yield from _blocks(child, depth + 1)


def _rows(tbl, depth: int = 0):
    if depth > MAX_DEPTH:
        raise ReadFailure("too-large", "table rows are nested too deeply to read")
    for child in tbl:
        tag = child.tag
        if tag == TR:
            props = child.find(W + "trPr")
            if props is not None and props.find(W + "del") is not None:
                continue  # a deleted row (tracked change)
            yield child
        elif tag == SDT or tag in TRANSPARENT:
            content = child.find(SDTCONTENT) if tag == SDT else child
            if content is not None:
                yield from _rows(content, depth + 1)


def _cells(tr, depth: int = 0):
    if depth > MAX_DEPTH:
        raise ReadFailure("too-large", "table cells are nested too deeply to read")
    for child in tr:
        tag = child.tag
        if tag == TC:
            yield child
        elif tag == SDT or tag in TRANSPARENT:
            content = child.find(SDTCONTENT) if tag == SDT else child
            if content is not None:
                yield from _cells(content, depth + 1)


def _int(el, attr: str = W + "val", default: int = 0) -> int:
    if el is None:
        return default
    try:
        return int(el.get(attr, default))
    except (TypeError, ValueError):
        return default


class _Reader:
    def __init__(self, zf: zipfile.ZipFile, label: str) -> None:
        self.zf = zf
        self.label = label
        self.styles: dict[str, str] | None = None
        self.table_no = 0
        self.para_no = 0

    def style_of(self, p) -> str:
        ppr = p.find(W + "pPr")
        if ppr is None:
            return ""
        if ppr.find(W + "outlineLvl") is not None:
            return f"heading{_int(ppr.find(W + 'outlineLvl')) + 1}"
        ref = ppr.find(W + "pStyle")
        if ref is None:
            return "list" if ppr.find(W + "numPr") is not None else ""
        if self.styles is None:
            self.styles = self._load_styles()
        sid = ref.get(W + "val", "")
        name = self.styles.get(sid, sid).lower().replace(" ", "")
        if name.startswith("heading") or name == "title" or name == "subtitle" or name == "caption":
            return name
        return "list" if name.startswith("list") else ""

    def _load_styles(self) -> dict[str, str]:
        try:
            info = self.zf.getinfo("word/styles.xml")
        except KeyError:
            return {}
        key = (info.CRC, info.file_size)
        if key not in _STYLE_CACHE:  # returns made from one template share their styles part
            if len(_STYLE_CACHE) > 64:
                _STYLE_CACHE.clear()
            _STYLE_CACHE[key] = style_names(read_part(self.zf, "word/styles.xml", self.label))
        return _STYLE_CACHE[key]

    def read_blocks(self, root, part: str) -> list[Paragraph | Table]:
        blocks: list[Paragraph | Table] = []
        for el in _blocks(root):
            if el.tag == P:
                text, state = paragraph_text(el)
                self.para_no += 1
                marked = bool(el.get(_PROMPT))  # a paragraph of an unfilled block-level control
                prompt = marked or (state.placeholder and not text)
                if prompt and not marked:  # only an unfilled control: its prompt is kept, flagged as template text
                    text = _SPACES.sub(" ", "".join(state.prompt)).strip()
                if text or state.checked is not None or state.placeholder:
                    blocks.append(Paragraph(text, Location(part=part, paragraph=self.para_no),
                                            "" if prompt else self.style_of(el), checked=state.checked,
                                            placeholder=prompt,
                                            lead=bold_lead(el) if text and not prompt else ""))
                if state.prompt and not prompt:  # a filled paragraph's unfilled control: its prompt apart
                    shown = _SPACES.sub(" ", "".join(state.prompt)).strip()
                    if shown:
                        blocks.append(Paragraph(shown, Location(part=part, paragraph=self.para_no), "",
                                                placeholder=True))
                for box in state.boxes:
                    blocks.extend(self.read_blocks(box, "text box" if part == "body" else part))
            else:
                blocks.extend(self.read_table(el, part, None))
        return blocks

    def read_table(self, tbl, part: str, nested_in: str | None, depth: int = 0) -> list[Table]:
        if depth > MAX_DEPTH:
            raise ReadFailure("too-large", f"{self.label} has tables nested more than {MAX_DEPTH} deep")
        self.table_no += 1
        if self.table_no > MAX_TABLES:
            raise ReadFailure("too-large", f"{self.label} has more than {MAX_TABLES} tables")
        number = self.table_no
        rows: list[list[Cell]] = []
        nested: list = []
        for r, tr in enumerate(_rows(tbl), start=1):
            if r > MAX_ROWS:
                raise ReadFailure("too-large", f"{self.label}: table {number} has more than {MAX_ROWS} rows")
            props = tr.find(W + "trPr")
            col = min(MAX_COLUMNS, max(0, _int(props.find(W + "gridBefore")))) if props is not None else 0
            # grid columns a row leaves out before its first cell (w:gridBefore): empty cells, so that its
            # cells stand under the columns they belong to
            row: list[Cell] = [Cell("", Location(part=part, table=number, row=r, col=c + 1)) for c in range(col)]
            for tc in _cells(tr):
                row.extend(self._cell(tc, part, number, r, col, rows, nested))
                col = len(row)
                if col > MAX_COLUMNS:
                    raise ReadFailure("too-large", f"{self.label}: table {number} has more than {MAX_COLUMNS} "
                                                   "columns")
            rows.append(row)
        width = max((len(r) for r in rows), default=0)
        for r, row in enumerate(rows, start=1):
            while len(row) < width:
                row.append(Cell("", Location(part=part, table=number, row=r, col=len(row) + 1)))
        tables = [Table(name=f"Table {number}", rows=rows, nested_in=nested_in)]
        for where, inner in nested:
            tables.extend(self.read_table(inner, part, where, depth + 1))
        return tables

    def _cell(self, tc, part, number, r, col, rows, nested) -> list[Cell]:
        props = tc.find(TCPR)
        span, vmerge, shd = 1, None, None
        if props is not None:
            span = min(MAX_SPAN, max(1, _int(props.find(GRIDSPAN), default=1)))
            vmerge, shd = props.find(VMERGE), props.find(SHD)
        lines, checked, placeholder, tables = _cell_content(tc)
        nested.extend((f"table {number}, row {r}, column {col + 1}", el) for el in tables)
        fill = _fill(shd)
        text = "\n".join(lines)
        empty_prompt = placeholder and not text
        continued = vmerge is not None and (vmerge.get(W + "val") or "continue") == "continue"
        above_row = rows[-1] if continued and rows else []  # merged with the cell above: its text is that one's
        cells = []
        for k in range(span):
            loc = Location(part, number, r, col + 1 + k)
            if col + k < len(above_row):
                above = above_row[col + k]
                cells.append(Cell(above.text, loc, above.checked, above.fill, merged=True))
            else:
                cells.append(Cell(text, loc, checked, fill, merged=k > 0, placeholder=empty_prompt))
        return cells


def _cell_content(tc) -> tuple[list[str], bool | None, bool, list]:
    """A cell's lines of text, its checkbox state, whether it is an unfilled control, and the tables
    nested in it."""
    lines: list[str] = []
    checked: bool | None = None
    placeholder = False
    ticks = 0
    tables = []
    for el in (tc if _plain(tc) else _blocks(tc)):
        tag = el.tag
        if tag == P:
            text, st = paragraph_text(el, raw=True)
            if text:
                lines.append(text)
            if st.boxes:
                lines.extend(_box_lines(st.boxes))
            if st.checked is not None:
                checked = bool(checked) or st.checked
            ticks += st.ticks
            placeholder |= st.placeholder
        elif tag == TBL:
            tables.append(el)
    if ticks:  # where the boxes stood: their marks, or nothing
        lines = [line for line in (_squeeze(_with_boxes(line, ticks >= 2)) for line in lines) if line]
        if ticks >= 2:
            checked = None  # a cell of tick boxes: the choices are in its text
    return lines, checked, placeholder, tables


def _fill(shd) -> str | None:
    """A cell's shading colour, None for none or white."""
    if shd is None:
        return None
    value = (shd.get(W + "fill") or "").upper()
    return value if value and value not in ("AUTO", "FFFFFF") else None


def _plain(tc) -> bool:
    """Whether a cell holds only its properties, paragraphs and tables (no content control or other
    wrapper to look through): its children are then its blocks, with no generator to walk."""
    for child in tc:
        tag = child.tag
        if tag != P and tag != TCPR and tag != TBL:
            return False
    return True


def _box_lines(boxes) -> list[str]:
    """The paragraphs of text boxes anchored in a cell, as lines of the cell."""
    lines = []
    for box in boxes:
        for el in _blocks(box):
            if el.tag == P:
                text, st = paragraph_text(el)
                lines.extend([text] if text else [])
                lines.extend(_box_lines(st.boxes))
    return lines


def _extra_parts(zf: zipfile.ZipFile) -> list[tuple[str, str]]:
    parts = []
    for name in sorted(zf.namelist()):
        base = name.rsplit("/", 1)[-1]
        if not name.startswith("word/") or "/" in name[5:]:
            continue
        for prefix, label in (("header", "header"), ("footer", "footer"), ("footnotes", "footnotes"),
                              ("endnotes", "endnotes"), ("comments", "comments")):
            if base.startswith(prefix) and base.endswith(".xml"):
                parts.append((name, label))
    return parts


def _main_part(zf: zipfile.ZipFile) -> str:
    if has_part(zf, "word/document.xml"):
        return "word/document.xml"
    for name in zf.namelist():  # some writers use another name, e.g. word/document2.xml
        if name.startswith("word/document") and name.endswith(".xml"):
            return name
    return "word/document.xml"


def read(path: str, label: str, fmt: str = "docx", zf: zipfile.ZipFile | None = None) -> Document:
    with zf or open_zip(path, label) as zf:
        reader = _Reader(zf, label)
        reader.styles = reader._load_styles()  # now, so that every part read is checked for a DTD
        root = load_xml(zf, _main_part(zf), label)
        body = root.find(W + "body")
        properties = ooxml_properties(zf, label)  # docProps/core.xml read once: the title is among them
        doc = Document(path=path, format="docx", title=properties.get("title", ""), properties=properties)
        # The body first, so that table and paragraph numbers are the ones Word shows.
        body_blocks = reader.read_blocks(body, "body") if body is not None else []
        before: list[Paragraph | Table] = []
        after: list[Paragraph | Table] = []
        seen_text: set[str] = set()
        for name, part in _extra_parts(zf):
            reader.para_no = 0
            blocks = reader.read_blocks(load_xml(zf, name, label), part)
            key = part + "\n".join(b.text for b in blocks if isinstance(b, Paragraph))
            if key in seen_text:
                continue  # the same header repeated in every section
            seen_text.add(key)
            (before if part == "header" else after).extend(blocks)
        doc.blocks = before + body_blocks + after
        return doc
