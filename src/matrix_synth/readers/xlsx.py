"""Excel (.xlsx/.xlsm) reader on the XML itself.

We need values with their true cell references, merged ranges and each cell's fill
colour (some boards show the level only by shading a cell). openpyxl gives all that
but loads a whole object model; this reads the few parts needed with ElementTree, which is
several times faster and keeps peak memory small. Macros are never run."""
from __future__ import annotations

import datetime as dt
import posixpath
import re
import zipfile

from ..document import Cell, Document, Location, Paragraph, grid_from_cells
from ..limits import MAX_CELLS, MAX_TEXT_CHARS
from ..problems import WARNING, Problem, ReadFailure
from .properties import ooxml_properties
from .safezip import has_part, open_zip
from .strict import load_ooxml as load_xml  # Strict OOXML read as Transitional

S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PR = "{http://schemas.openxmlformats.org/package/2006/relationships}"
T, RUN = S + "t", S + "r"
_REF_RE = re.compile(r"^([A-Z]{1,3})(\d+)$")
_DATE_FORMAT_IDS = set(range(14, 23)) | {45, 46, 47}
# How Excel shows a date/time serial under its built-in formats: 'date', 'time', 'time:s' (with seconds),
# 'datetime', '[h]:s' (elapsed hours).
_BUILTIN_KIND = {**{i: "date" for i in range(14, 18)}, 18: "time", 19: "time:s", 20: "time", 21: "time:s",
                 22: "datetime", 45: "time:s", 46: "[h]:s", 47: "time:s"}


def _format_kind(code: str) -> str | None:
    """'date', 'time', 'time:s', 'datetime', 'datetime:s' or '[h]:s' for a date/time format code, else None."""
    elapsed = "[h" in code.lower()
    code = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", code).lower()
    has_date = bool(re.search(r"[dy]|m{3,}", code)) or ("m" in code and "d" in code)
    has_time = bool(re.search(r"[hs]", code)) or elapsed
    seconds = ":s" if "s" in code else ""
    if elapsed:
        return "[h]" + (seconds or ":s")
    if has_date and has_time:
        return "datetime" + seconds
    if has_date:
        return "date"
    return "time" + seconds if has_time else None
MAX_MERGED_CELLS = 10_000  # a merge across a whole column must not explode
_HF_PARTS = (("oddHeader", "header"), ("evenHeader", "header"), ("firstHeader", "header"),
             ("oddFooter", "footer"), ("evenFooter", "footer"), ("firstFooter", "footer"))
_HF_CODE = re.compile(r'&(?:"[^"]*"|K[0-9A-Fa-f]{6}|K\d\d[+-]\d{3}|\d+|[LCRPNDTFAZGBIUSEXYH&+-]?)')
_HF_FIELDS = {"&A": None, "&F": None, "&Z": None}  # sheet, file and path names: shown, but not written text


def header_footer_text(code: str) -> list[str]:
    """The sections (left, centre, right) of an Excel print header/footer, as shown: '&L&"Arial,Bold"NHS
    Fife&RPage &P' -> ['NHS Fife', 'Page']. Formatting codes are dropped, '&&' is an ampersand."""
    sections: list[str] = []
    current: list[str] = []
    pos = 0
    for m in _HF_CODE.finditer(code):
        current.append(code[pos:m.start()])
        token = m.group(0)
        if token in ("&L", "&C", "&R"):
            sections.append("".join(current))
            current = []
        elif token == "&&":
            current.append("&")
        pos = m.end()
    current.append(code[pos:])
    sections.append("".join(current))
    return [" ".join(s.split()) for s in sections if s.strip()]


def _col_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def parse_ref(ref: str) -> tuple[int, int]:
    m = _REF_RE.match(ref.replace("$", ""))
    if not m:
        return 0, 0
    return int(m.group(2)), _col_number(m.group(1))


def _text_of(el) -> str:
    """Plain or rich text (<t>, or runs <r><t>), leaving out phonetic runs (<rPh>)."""
    parts = []
    for child in el:
        if child.tag == T:
            parts.append(child.text or "")
        elif child.tag == RUN:
            parts.extend(t.text or "" for t in child.iter(T))
    return "".join(parts)


class _Styles:
    def __init__(self, root) -> None:
        self.fills: list[str | None] = []
        self.xf_fill: list[int] = []
        self.xf_date: list[str | None] = []
        if root is None:
            return
        custom_dates: dict[int, str] = {}
        numfmts = root.find(S + "numFmts")
        for nf in numfmts if numfmts is not None else ():
            kind = _format_kind(nf.get("formatCode", "")[:200])
            if kind:
                try:
                    custom_dates[int(nf.get("numFmtId", "0"))] = kind
                except ValueError:
                    continue
        fills = root.find(S + "fills")
        for fill in fills if fills is not None else ():
            self.fills.append(_fill_colour(fill))
        xfs = root.find(S + "cellXfs")
        for xf in xfs if xfs is not None else ():
            self.xf_fill.append(int(xf.get("fillId", "0")))
            fmt = int(xf.get("numFmtId", "0"))
            self.xf_date.append(custom_dates.get(fmt) or _BUILTIN_KIND.get(fmt))

    def fill(self, style: int) -> str | None:
        if 0 <= style < len(self.xf_fill):
            fid = self.xf_fill[style]
            if 0 <= fid < len(self.fills):
                return self.fills[fid]
        return None

    def is_date(self, style: int) -> str | None:
        """The date/time kind of a style's number format (see _format_kind), None for other numbers."""
        return self.xf_date[style] if 0 <= style < len(self.xf_date) else None


def _fill_colour(fill) -> str | None:
    pattern = fill.find(S + "patternFill")
    if pattern is None:
        return "gradient" if fill.find(S + "gradientFill") is not None else None
    if (pattern.get("patternType") or "none") == "none":
        return None
    fg = pattern.find(S + "fgColor")
    if fg is None:
        return None
    if fg.get("rgb"):
        rgb = fg.get("rgb", "")[-6:].upper()
        return None if rgb == "FFFFFF" else rgb
    if fg.get("theme") is not None:
        tint = round(float(fg.get("tint", "0")), 2)
        theme = int(fg.get("theme", "0"))
        if theme == 0 and tint == 0:  # theme colour 0 is the background (white)
            return None
        return f"theme{theme}" + (f"{tint:+.2f}" if tint else "")
    if fg.get("indexed") is not None:
        idx = fg.get("indexed")
        return None if idx in ("64", "65", "9", "1") else f"indexed{idx}"
    return None


def _number(value: str, is_date, date1904: bool) -> str:
    """A number as Excel shows it: a date/time serial under its format's kind (a date, a time of day with
    or without seconds, both, or elapsed hours), other numbers plainly."""
    try:
        num = float(value)
    except ValueError:
        return value
    kind = is_date if isinstance(is_date, str) else ("datetime" if is_date else None)
    if kind and kind.startswith("[h]") and 0 <= num < 1e7:
        secs = round(num * 86400)
        return f"{secs // 3600}:{secs % 3600 // 60:02d}:{secs % 60:02d}"
    if kind and kind.startswith("time") and 0 <= num < 2958466:
        secs = round((num % 1) * 86400) % 86400
        return f"{secs // 3600:02d}:{secs % 3600 // 60:02d}" + (f":{secs % 60:02d}" if kind.endswith(":s") else "")
    if kind and 0 < num < 2958466:
        base = dt.datetime(1904, 1, 1) if date1904 else dt.datetime(1899, 12, 30)
        stamp = base + dt.timedelta(seconds=round(num * 86400))
        if kind == "date" or stamp.time() == dt.time(0) and kind == "datetime":
            return stamp.date().isoformat()
        return stamp.isoformat(sep=" ", timespec="seconds" if kind.endswith(":s") else "minutes")
    if num.is_integer() and abs(num) < 1e15:
        return str(int(num))
    return repr(num)


def _sheet_targets(zf, label: str) -> list[tuple[str, str, str]]:
    """(name, part path, state) for every worksheet, in workbook order."""
    wb = load_xml(zf, "xl/workbook.xml", label)
    rels = {}
    if has_part(zf, "xl/_rels/workbook.xml.rels"):
        for rel in load_xml(zf, "xl/_rels/workbook.xml.rels", label).iter(PR + "Relationship"):
            target = rel.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            rels[rel.get("Id")] = (path, rel.get("Type", ""))
    sheets = []
    for sh in wb.iter(S + "sheet"):
        path, kind = rels.get(sh.get(R + "id"), ("", ""))
        if path and not kind.endswith("/chartsheet"):
            sheets.append((sh.get("name", "Sheet"), path, sh.get("state", "visible")))
    pr = wb.find(S + "workbookPr")
    date1904 = pr is not None and pr.get("date1904", "0").lower() in ("1", "true")
    return [(n, p, s + (":1904" if date1904 else "")) for n, p, s in sheets]


def _headers_footers(root) -> list[tuple[str, str]]:
    """(part, text) of each section of a sheet's print headers and footers."""
    hf = root.find(S + "headerFooter")
    out = []
    for tag, part in _HF_PARTS:
        el = hf.find(S + tag) if hf is not None else None
        if el is not None and el.text:
            out.extend((part, text) for text in header_footer_text(el.text[:4096]))
    return out


def _read_sheet(zf, name: str, part: str, label: str, shared: list[str], styles: _Styles, date1904: bool,
                printed: list | None = None):
    root = load_xml(zf, part, label)
    if printed is not None:
        printed.extend(_headers_footers(root))
    cells: dict[tuple[int, int], Cell] = {}
    chars = 0  # text read from this sheet: one huge shared string used by every cell must not multiply
    data = root.find(S + "sheetData")
    rnum = 0
    for row in data if data is not None else ():
        if row.tag != S + "row":
            continue
        try:
            rnum = int(row.get("r") or 0) or rnum + 1  # rows without 'r' follow the one before
        except ValueError:
            rnum += 1
        next_col = 1
        for c in row:
            ref = c.get("r")
            r, col = parse_ref(ref) if ref else (rnum, next_col)
            r = r or rnum
            next_col = col + 1
            style = int(c.get("s", "0") or 0)
            text, fill = _cell_text(c, shared, styles, style, date1904), styles.fill(style)
            if not (text or fill):
                continue
            chars += len(text)
            if chars > MAX_TEXT_CHARS or len(cells) >= MAX_CELLS:
                what = f"{MAX_CELLS} cells" if len(cells) >= MAX_CELLS else f"{MAX_TEXT_CHARS} characters of text"
                raise ReadFailure("too-large", f"{label}: sheet '{name}' holds more than {what}")
            cells[(r, col)] = Cell(text.strip(), Location(part=name, row=r, col=col, sheet=True), fill=fill)
    _apply_merges(root, cells, name)
    return list(cells.values())


def _cell_text(c, shared: list[str], styles: _Styles, style: int, date1904: bool) -> str:
    """A cell's value as Excel shows it: shared or inline strings, booleans, numbers and dates."""
    kind = c.get("t", "n")
    v = c.find(S + "v")
    if kind == "s" and v is not None:
        idx = int(v.text or "-1")
        return shared[idx] if 0 <= idx < len(shared) else ""
    if kind == "inlineStr":
        inline = c.find(S + "is")
        return _text_of(inline) if inline is not None else ""
    if v is None:
        return ""
    if kind == "b":
        return "TRUE" if (v.text or "0") == "1" else "FALSE"
    text = v.text or ""
    return _number(text, styles.is_date(style), date1904) if kind == "n" else text


def _apply_merges(root, cells: dict[tuple[int, int], Cell], name: str) -> None:
    merges = root.find(S + "mergeCells")
    budget = MAX_MERGED_CELLS
    for mc in merges if merges is not None else ():
        first, _, last = (mc.get("ref") or "").partition(":")
        r1, c1 = parse_ref(first)
        r2, c2 = parse_ref(last or first)
        origin = cells.get((r1, c1))
        if origin is None or not origin.text or (r2 - r1 + 1) * (c2 - c1 + 1) > budget:
            continue
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                if (r, c) != (r1, c1):
                    cells[(r, c)] = Cell(origin.text, Location(part=name, row=r, col=c, sheet=True),
                                         fill=origin.fill, merged=True)
                    budget -= 1


def read(path: str, label: str, fmt: str = "xlsx", zf: zipfile.ZipFile | None = None) -> Document:
    with zf or open_zip(path, label) as zf:
        shared: list[str] = []
        if has_part(zf, "xl/sharedStrings.xml"):
            shared = [_text_of(si) for si in load_xml(zf, "xl/sharedStrings.xml", label).iter(S + "si")]
        styles = _Styles(load_xml(zf, "xl/styles.xml", label) if has_part(zf, "xl/styles.xml") else None)
        props = ooxml_properties(zf, label)
        doc = Document(path=path, format="xlsx", title=props.get("title", ""), properties=props)
        printed: list[tuple[str, str]] = []
        for name, part, state in _sheet_targets(zf, label):
            if not has_part(zf, part):
                doc.warnings.append(Problem("corrupt-file", f"{label}: sheet '{name}' is missing its data part",
                                            severity=WARNING, loc=Location(part=name, sheet=True)))
                continue
            cells = _read_sheet(zf, name, part, label, shared, styles, state.endswith(":1904"), printed)
            table = grid_from_cells(name, cells, sheet=True, context=[name])
            if table.rows:
                doc.blocks.append(table)
        doc.blocks = _printed(printed, "header") + doc.blocks + _printed(printed, "footer")
        return doc


def _printed(printed: list[tuple[str, str]], part: str) -> list:
    """The print header (or footer) sections of all sheets, each once, as paragraphs."""
    seen: list[str] = []
    for where, text in printed:
        if where == part and text not in seen:
            seen.append(text)
    return [Paragraph(text, Location(part=part, paragraph=n)) for n, text in enumerate(seen, start=1)]
