"""PDF reader (text PDFs) through pdfplumber: ruled tables become tables, the rest of the
page's text becomes paragraphs. Scanned PDFs have no text and are reported as such."""
from __future__ import annotations

import re

from ..document import Cell, Document, Location, Paragraph, Table
from ..problems import ReadFailure

MAX_PAGES = 40  # a return is a few pages; a 700-page manual is not read whole


def _inside(obj, boxes) -> bool:
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


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
    table_no = para_no = 0
    any_text = False
    try:
        for pno, page in enumerate(pdf.pages[:MAX_PAGES], start=1):
            part = f"page {pno}"
            found = page.find_tables()
            boxes = [t.bbox for t in found]
            for t in found:
                table_no += 1
                rows = []
                for r, row in enumerate(t.extract(), start=1):
                    rows.append([Cell(re.sub(r"[ \t]+", " ", v or "").strip(),
                                      Location(part=part, table=table_no, row=r, col=c))
                                 for c, v in enumerate(row, start=1)])
                if rows:
                    any_text = any_text or any(c.text for row in rows for c in row)
                    doc.blocks.append(Table(name=f"Table {table_no}", rows=rows))
            rest = page.filter(lambda obj: obj.get("object_type") != "char" or not _inside(obj, boxes)) \
                if boxes else page
            for text in _paragraphs(rest.extract_text() or ""):
                para_no += 1
                any_text = True
                doc.blocks.append(Paragraph(text, Location(part=part, paragraph=para_no)))
        if len(pdf.pages) > MAX_PAGES:
            doc.warnings.append(("too-large", f"{label} has {len(pdf.pages)} pages; only the first {MAX_PAGES} "
                                              "were read", ""))
    except ReadFailure:
        raise
    except Exception as exc:
        raise ReadFailure("corrupt-file", f"{label} is damaged and could not be read ({type(exc).__name__})") from None
    finally:
        pdf.close()
    if not any_text:
        raise ReadFailure("no-text-layer", f"{label} has no text layer")
    return doc
