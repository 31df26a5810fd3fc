"""Web pages: a Word document saved as a web page (.htm/.html, and .mht single-file pages), and the
HTML body of an e-mail with the matrix pasted into it.

Read with the standard library's HTML parser (no script runs, no entity but HTML's own is
expanded, nothing is fetched): headings (h1-h6) and paragraphs in reading order, bold lead-ins,
list items, tables with their merged cells (colspan, rowspan) expanded as in Word, nested tables
as tables of their own, and tick boxes (<input type=checkbox>) by their state. Word's own markup
(<o:p>, conditional comments, styles) is left out; text is never dropped."""
from __future__ import annotations

import re
from html.parser import HTMLParser

from ..document import Cell, Document, Location, Paragraph, Table
from ..limits import MAX_COLUMNS, MAX_DEPTH, MAX_ROWS, MAX_SPAN, MAX_TABLES, MAX_TEXT_CHARS
from ..problems import ReadFailure

_BLOCKS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "dt", "dd", "caption",
           "address", "section", "article", "header", "footer", "center"}
_SKIP = {"script", "style", "head", "title", "noscript", "template", "xml", "object", "iframe", "svg"}
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
MAX_HTML_BYTES = 32 * 1024 * 1024


def decode(data: bytes) -> str:
    """The page's text: its BOM, else the charset it declares, else UTF-8, else Windows-1252 (Word)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", "replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", "replace")
    m = re.search(rb"charset\s*=\s*[\"']?([A-Za-z0-9_\-]+)", data[:4096])
    if m:
        try:
            return data.decode(m.group(1).decode("ascii"), "replace")
        except LookupError:
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("windows-1252", "replace")


class _Grid:
    """One table being read: rows of (text, colspan, rowspan) cells."""

    def __init__(self) -> None:
        self.rows: list[list[tuple[str, int, int, bool | None]]] = []
        self.cell: list[str] | None = None
        self.span = (1, 1)
        self.checked: bool | None = None


class _Reader(HTMLParser):
    def __init__(self, label: str) -> None:
        super().__init__(convert_charrefs=True)
        self.label = label
        self.blocks: list[tuple[str, object]] = []  # ('p', (text, style, lead)) or ('t', _Grid)
        self.text: list[str] = []
        self.style = ""
        self.bold_depth = 0
        self.lead: list[str] = []
        self.lead_open = True
        self.skip = 0
        self.grids: list[_Grid] = []
        self.tables = 0
        self.chars = 0
        self.title = ""
        self._in_title = False
        self.ticks = 0

    # -- text
    def _out(self) -> list[str]:
        grid = self.grids[-1] if self.grids else None
        return grid.cell if grid is not None and grid.cell is not None else self.text

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        if self.skip:
            return
        self.chars += len(data)
        if self.chars > MAX_TEXT_CHARS:
            raise ReadFailure("too-large", f"{self.label} holds more than {MAX_TEXT_CHARS} characters of text")
        self._out().append(data)
        if not self.grids:
            if self.bold_depth and self.lead_open:
                self.lead.append(data)
            elif data.strip():
                self.lead_open = False

    def handle_starttag(self, tag: str, attrs) -> None:
        tag = tag.lower()
        if tag == "title":
            self._in_title = True
        if tag in _SKIP or ":" in tag and tag not in ("o:p",):
            if tag in _SKIP:
                self.skip += 1
            return
        if self.skip:
            return
        a = dict(attrs)
        if tag in ("b", "strong"):
            self.bold_depth += 1
        elif tag == "br":
            self._out().append("\n")
        elif tag == "input" and (a.get("type") or "").lower() == "checkbox":
            self.ticks += 1
            self._out().append("☒ " if "checked" in a else "☐ ")
        elif tag == "table":
            self._flush()
            if len(self.grids) >= MAX_DEPTH:
                raise ReadFailure("too-large", f"{self.label} nests tables too deeply to read")
            self.tables += 1
            if self.tables > MAX_TABLES:
                raise ReadFailure("too-large", f"{self.label} has more than {MAX_TABLES} tables")
            self.grids.append(_Grid())
        elif tag == "tr" and self.grids:
            self.grids[-1].rows.append([])
            if len(self.grids[-1].rows) > MAX_ROWS:
                raise ReadFailure("too-large", f"{self.label}: a table has more than {MAX_ROWS} rows")
        elif tag in ("td", "th") and self.grids:
            grid = self.grids[-1]
            if not grid.rows:
                grid.rows.append([])
            grid.cell = []
            grid.span = (_int(a.get("colspan")), _int(a.get("rowspan")))
        elif tag in _BLOCKS:
            if not self.grids:
                self._flush()
                self.style = f"heading{tag[1]}" if re.fullmatch(r"h[1-6]", tag) else ("list" if tag == "li" else "")
            else:
                self._out().append("\n")

    def handle_endtag(self, tag: str) -> None:
        tag = tag.lower()
        if tag == "title":
            self._in_title = False
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if self.skip:
            return
        if tag in ("b", "strong"):
            self.bold_depth = max(0, self.bold_depth - 1)
        elif tag in ("td", "th") and self.grids and self.grids[-1].cell is not None:
            grid = self.grids[-1]
            text = _clean("".join(grid.cell))
            grid.rows[-1].append((text, *grid.span))
            grid.cell = None
        elif tag == "table" and self.grids:
            grid = self.grids.pop()
            self.blocks.append(("t", grid))
        elif tag in _BLOCKS and not self.grids:
            self._flush()

    def _flush(self) -> None:
        text = _clean("".join(self.text))
        if text:
            lead = _clean("".join(self.lead))
            self.blocks.append(("p", (text, self.style, lead if text.startswith(lead) else "")))
        self.text, self.lead, self.lead_open, self.style = [], [], True, ""

    def close(self) -> None:
        super().close()
        while self.grids:
            self.blocks.append(("t", self.grids.pop()))
        self._flush()


def _int(value) -> int:
    try:
        return max(1, min(MAX_SPAN, int(str(value).strip() or 1)))
    except ValueError:
        return 1


def _clean(text: str) -> str:
    lines = [_SPACES.sub(" ", line).strip() for line in text.replace("\r", "").split("\n")]
    return "\n".join(line for line in lines if line)


def _table(grid: _Grid, number: int) -> Table:
    """The grid with its spans expanded: a covered position takes the spanning cell's text (merged)."""
    cells: dict[tuple[int, int], Cell] = {}
    for r, row in enumerate(grid.rows, start=1):
        c = 1
        for text, colspan, rowspan in row:
            while (r, c) in cells:
                c += 1
            if c > MAX_COLUMNS:
                break
            origin = Cell(text, Location(part="body", table=number, row=r, col=c))
            for dr in range(rowspan):
                for dc in range(colspan):
                    loc = Location(part="body", table=number, row=r + dr, col=c + dc)
                    cells[(r + dr, c + dc)] = origin if not (dr or dc) else Cell(text, loc, merged=True)
            c += colspan
    height = max((r for r, _ in cells), default=0)
    width = max((c for _, c in cells), default=0)
    rows = [[cells.get((r, c)) or Cell("", Location(part="body", table=number, row=r, col=c))
             for c in range(1, width + 1)] for r in range(1, height + 1)]
    return Table(name=f"Table {number}", rows=rows)


def read_html(data: bytes, path: str, label: str, fmt: str = "html") -> Document:
    if len(data) > MAX_HTML_BYTES:
        raise ReadFailure("too-large", f"{label} is larger than {MAX_HTML_BYTES // 1_000_000} MB")
    reader = _Reader(label)
    reader.feed(decode(data))
    reader.close()
    doc = Document(path=path, format=fmt, title=_clean(reader.title))
    para = tables = 0
    for kind, value in reader.blocks:
        if kind == "p":
            text, style, lead = value
            para += 1
            doc.blocks.append(Paragraph(text, Location(part="body", paragraph=para), style, lead=lead))
        else:
            tables += 1
            table = _table(value, tables)
            if table.rows:
                doc.blocks.append(table)
    return doc


def read(path: str, label: str, fmt: str = "html") -> Document:
    with open(path, "rb") as fh:
        data = fh.read(MAX_HTML_BYTES + 1)
    if fmt == "mhtml":
        data = _mhtml_page(data, label)
    return read_html(data, path, label, "html")


def _mhtml_page(data: bytes, label: str) -> bytes:
    """The HTML part of a single-file web page (.mht: a MIME message, as Word saves it)."""
    import email
    from email import policy

    msg = email.message_from_bytes(data, policy=policy.default)
    for part in msg.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True) or b""
            charset = part.get_content_charset()
            if charset and b"charset" not in payload[:2048].lower():
                payload = payload.decode(charset, "replace").encode("utf-8")
            return payload
    raise ReadFailure("corrupt-file", f"{label} is a single-file web page with no page in it")
