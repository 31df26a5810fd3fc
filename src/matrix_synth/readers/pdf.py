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
