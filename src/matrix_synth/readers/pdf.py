"""PDF reader (text PDFs) through pdfplumber: ruled tables become tables, the rest of the
page's text becomes paragraphs. Scanned PDFs have no text and are reported as such."""
from __future__ import annotations

import re

from ..document import Cell, Document, Location, Paragraph, Table
from ..limits import MAX_PDF_PAGES
from ..problems import WARNING, Problem, ReadFailure



def _paragraphs(text: str) -> list[str]:
    """Join wrapped lines back into paragraphs: a line ending a sentence or a short line ends one."""
    paras: list[str] = []
    current: list[str] = []
    lines = [ln.strip() for ln in text.splitlines()]
    width = max((len(ln) for ln in lines), default=0)
    for line in lines:
        if not line:
            if current:
                paras.append(" ".join(current))
                current = []
            continue
        current.append(line)
        if re.search(r"[.:?!]$", line) or len(line) < 0.6 * width:
            paras.append(" ".join(current))
            current = []
    if current:
        paras.append(" ".join(current))
    return paras


_HYPHEN_BREAK = re.compile(r"(\w-)\n(?=[a-z])")


def _rejoin_hyphens(values: list[list[str]]) -> None:
    """'co-' / 'designed' on two lines of a cell is 'co-designed': a line that ends with a hyphen and goes
    on in lower case is one word. Other line breaks in a cell are kept as written."""
    for row in values:
        for c, v in enumerate(row):
            if "-\n" in v:
                row[c] = _HYPHEN_BREAK.sub(r"\1", v)


def _read_page(page, part: str, doc: Document, counter: dict[str, int]) -> bool:
    """Tables and the text between them, top to bottom. A table that opens a page and has as
    many columns as the table that closed the previous page is its continuation."""
    found = sorted(page.find_tables(), key=lambda t: t.bbox[1])
    any_text = False
    y = 0.0
    for i, t in enumerate([*found, None]):
        bottom = t.bbox[1] if t is not None else page.height
        if bottom > y:
            # bands lie between tables (y is below every table above), so no table text is in one
            band = page.within_bbox((0, y, page.width, bottom), strict=False)
            for text in _paragraphs(band.extract_text() or ""):
                counter["para"] += 1
                any_text = True
                doc.blocks.append(Paragraph(text, Location(part=part, paragraph=counter["para"])))
        if t is None:
            break
        y = max(y, t.bbox[3])
        values = [[re.sub(r"[ \t]+", " ", v or "").strip() for v in row] for row in t.extract()]
        _rejoin_hyphens(values)
        if not values:
            continue
        any_text = any_text or any(v for row in values for v in row)
        prev = doc.blocks[-1] if doc.blocks else None
        continued = (i == 0 and isinstance(prev, Table) and prev.width == len(values[0])
                     and prev.rows and prev.rows[-1][0].loc.part != part)
        if continued:
            _continue(prev, values, part)
        else:
            counter["table"] += 1
            rows = [[Cell(v, Location(part=part, table=counter["table"], row=r, col=c))
                     for c, v in enumerate(row, start=1)] for r, row in enumerate(values, start=1)]
            doc.blocks.append(Table(name=f"Table {counter['table']}", rows=rows))
    return any_text


def _continue(table: Table, values: list[list[str]], part: str) -> None:
    """Append the rows of a table continued on the next page. A row that Word or LibreOffice split
    at the page break ('Policy & Strategy' | 'Development') is joined back, judged by its label."""
    from ..schema import match_function

    last = table.rows[-1]
    head = values[0][0]
    if head and last[0].text and match_function(head) is None and \
            match_function(f"{last[0].text} {head}") is not None:
        for cell, extra in zip(last, values[0]):
            if extra:
                cell.text = f"{cell.text}\n{extra}".strip()
        values = values[1:]
    number = last[0].loc.table
    start = len(table.rows)
    for r, row in enumerate(values, start=start + 1):
        table.rows.append([Cell(v, Location(part=part, table=number, row=r, col=c))
                           for c, v in enumerate(row, start=1)])


def _sideways(page) -> int:
    """How far a page's text is turned from upright, in degrees (0, 90, 180 or 270), judged by most of
    its letters (a sideways label in a table header does not turn the page)."""
    import math
    from collections import Counter

    angles: Counter = Counter()
    for ch in page.chars[:2000]:
        a, b = ch["matrix"][0], ch["matrix"][1]
        if ch["text"].strip() and (a or b):
            angles[round(math.degrees(math.atan2(b, a)) / 90) * 90 % 360] += 1
    if not angles:
        return 0
    angle, n = angles.most_common(1)[0]
    return angle if n > 0.6 * sum(angles.values()) else 0


def _turned_upright(path: str, pdf):
    """A copy of the PDF (in memory) with each page whose text runs sideways or upside down turned
    upright, or None when every page reads upright already."""
    turns = {i: _sideways(page) for i, page in enumerate(pdf.pages[:MAX_PDF_PAGES])}
    turns = {i: a for i, a in turns.items() if a}
    if not turns:
        return None
    import io

    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(path)
    try:
        for i, angle in turns.items():
            page = doc[i]
            page.set_rotation((page.get_rotation() + angle) % 360)
        out = io.BytesIO()
        doc.save(out)
    finally:
        doc.close()
    out.seek(0)
    return out


def read(path: str, label: str, fmt: str = "pdf") -> Document:
    import pdfplumber

    try:
        pdf = pdfplumber.open(path)
    except Exception as exc:
        name = " ".join(type(e).__name__ for e in (exc, *exc.args) if isinstance(e, BaseException))
        if "Password" in name or "password" in str(exc).lower() or "Encrypt" in name:
            raise ReadFailure("encrypted-file", f"{label} is password-protected") from None
        raise ReadFailure("corrupt-file", f"{label} is not a readable PDF ({name})") from None
    doc = Document(path=path, format="pdf")
    counter = {"table": 0, "para": 0}
    any_text = False
    try:
        turned = _turned_upright(path, pdf)
        if turned is not None:  # pages turned a quarter round: read as a person turns them to read
            pdf.close()
            pdf = pdfplumber.open(turned)
        for pno, page in enumerate(pdf.pages[:MAX_PDF_PAGES], start=1):
            any_text = _read_page(page, f"page {pno}", doc, counter) or any_text
        if len(pdf.pages) > MAX_PDF_PAGES:
            doc.warnings.append(Problem("too-large", f"{label} has {len(pdf.pages)} pages; only the first {MAX_PDF_PAGES} "
                                        "were read", severity=WARNING))
    except ReadFailure:
        raise
    except Exception as exc:
        raise ReadFailure("corrupt-file", f"{label} is damaged and could not be read ({type(exc).__name__})") from None
    finally:
        pdf.close()
    if not any_text:  # a scan: read by OCR when Tesseract is installed, else no-text-layer says how
        from .ocr import read_scanned_pdf
        return read_scanned_pdf(path, label)
    return doc
