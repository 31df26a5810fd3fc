"""Scanned returns: PDFs without a text layer and pictures of a return (.png/.jpg/.tif), read
with Tesseract OCR when it is installed.

Each page is rendered at 200 dpi (pypdfium2, which pdfplumber already brings), straightened
(the skew of a hand-fed scan is measured from its ruling lines), and its ruled tables found
from the image itself with numpy: long dark horizontal and vertical runs are the ruling, a
band of rows crossed by vertical rules is a table, and the rules inside it make its grid.
The rules are then erased and Tesseract reads the words (its TSV output gives each word's
box); a word whose centre falls in a cell is that cell's text, the rest of the page becomes
paragraphs. The result is a Document like any PDF's, read by the same detector; every
location says 'scanned' and every placement from it gets a lower confidence (so review
lists it).

Bounded: at most MAX_PAGES pages, MAX_PIXELS pixels a page, TIMEOUT_SECONDS per page and
BUDGET_SECONDS for the whole file."""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time

from ..document import Cell, Document, Location, Paragraph, Table
from ..limits import MAX_OCR_PAGES as MAX_PAGES, MAX_OCR_PIXELS as MAX_PIXELS  # the bounds: limits.py
from ..limits import OCR_FILE_SECONDS as BUDGET_SECONDS, OCR_PAGE_SECONDS as TIMEOUT_SECONDS
from ..problems import ReadFailure

DPI = 200
MIN_WORD_CONFIDENCE = 10  # Tesseract's word confidence (0-100) below which a 'word' is noise
_WINDOWS_PATHS = (r"C:\Program Files\Tesseract-OCR\tesseract.exe",
                  r"C:\Program Files (x86)\Tesseract-OCR\tesseract.exe")
INSTALL_HINT = ("Install Tesseract OCR so that scans are read (Windows: the installer from "
                "https://github.com/UB-Mannheim/tesseract/wiki; Debian/Ubuntu: 'sudo apt install tesseract-ocr'; "
                "macOS: 'brew install tesseract'), then ingest again; or ask the board for the Word or Excel "
                "original.")


def tesseract() -> str | None:
    found = shutil.which("tesseract")
    if found:
        return found
    return next((p for p in _WINDOWS_PATHS if os.path.exists(p)), None)


def no_tesseract(label: str, what: str) -> ReadFailure:
    exc = ReadFailure("no-text-layer", f"{label} {what}; Tesseract OCR is not installed to read it")
    exc.problem.hint = INSTALL_HINT
    return exc


# --------------------------------------------------------------------------- entry points

def read(path: str, label: str, fmt: str = "image") -> Document:
    """A picture of a return (.png/.jpg/.tif; every frame of a multi-page TIFF)."""
    from PIL import Image, ImageOps

    exe = tesseract()
    if exe is None:
        raise no_tesseract(label, "is a picture")
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        img = Image.open(path)
        pages = []
        for n in range(min(getattr(img, "n_frames", 1), MAX_PAGES)):
            img.seek(n)
            pages.append(_bounded(ImageOps.exif_transpose(img.copy()), label))
    except ReadFailure:
        raise
    except Image.DecompressionBombError:
        raise ReadFailure("too-large", f"{label} is a picture of more than {MAX_PIXELS // 1_000_000} million "
                                       "pixels") from None
    except Exception as exc:
        raise ReadFailure("corrupt-file", f"{label} is not a readable picture ({type(exc).__name__})") from None
    doc = read_pages(pages, label, exe, "picture" if len(pages) == 1 else "page")
    doc.path, doc.format = path, "image-ocr"
    return doc


def read_scanned_pdf(path: str, label: str) -> Document:
    """A PDF without a text layer: its pages rendered and read by OCR."""
    exe = tesseract()
    if exe is None:
        raise no_tesseract(label, "has no text layer (it is probably a scan)")
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(path)
    except Exception as exc:
        raise ReadFailure("corrupt-file", f"{label} is not a readable PDF ({type(exc).__name__})") from None
    try:
        pages = []
        for n in range(min(len(pdf), MAX_PAGES)):
            page = pdf[n]
            w, h = page.get_size()
            scale = min(DPI / 72, (MAX_PIXELS / max(1.0, w * h)) ** 0.5)
            pages.append(page.render(scale=scale, grayscale=True).to_pil())
        total = len(pdf)
    finally:
        pdf.close()
    doc = read_pages(pages, label, exe, "page")
    if total > MAX_PAGES:
        doc.warnings.append(("too-large", f"{label} has {total} scanned pages; only the first {MAX_PAGES} were "
                                          "read", ""))
    doc.path, doc.format = path, "pdf-ocr"
    return doc


def _bounded(img, label: str):
    if img.width * img.height > MAX_PIXELS:
        raise ReadFailure("too-large", f"{label} is a picture of more than {MAX_PIXELS // 1_000_000} million pixels")
    return img


def read_pages(pages: list, label: str, exe: str, word: str) -> Document:
    doc = Document(path=label, format="ocr")
    counter = {"table": 0, "para": 0}
    started = time.monotonic()
    any_text = False
    for n, img in enumerate(pages, start=1):
        if time.monotonic() - started > BUDGET_SECONDS:
            doc.warnings.append(("too-large", f"{label}: reading the scan took over {BUDGET_SECONDS} s; pages "
                                              f"from {n} on were not read", ""))
            break
        part = f"{word} {n} (scanned)" if word == "page" else "scanned picture"
        any_text = _read_page(img, part, exe, label, doc, counter) or any_text
    if not any_text:
        exc = ReadFailure("no-text-layer", f"{label} is a scan in which no text could be recognised")
        exc.problem.hint = "Ask the board for the Word or Excel original, or for a clearer scan (200 dpi or more)."
        raise exc
    _mark_scanned(doc)
    return doc


def _mark_scanned(doc: Document) -> None:
    """Every location read here is marked as scanned: a placement made from it is an OCR reading
    (model.Placement.read_by_ocr), whatever finder made it."""
    from dataclasses import replace

    for block in doc.blocks:
        units = [block] if isinstance(block, Paragraph) else [c for row in block.rows for c in row]
        for unit in units:
            unit.loc = replace(unit.loc, scanned=True)




# --------------------------------------------------------------------------- one page

def _read_page(img, part: str, exe: str, label: str, doc: Document, counter: dict[str, int]) -> bool:
    """One page: find its ruled tables, erase the rules, read the words, put each word in its cell or
    its paragraph, then add the page's blocks to the document in reading order."""
    clean, vert, tables = _prepare(img)
    words = _ocr(clean, exe, label)
    placed: set[int] = set()
    blocks: list[tuple[float, Paragraph | Table]] = []
    for ys, xs in tables:
        table = _table_of(words, placed, ys, xs, vert, clean, part)
        if table is not None:
            blocks.append((ys[0], table))
    rest = [w for i, w in enumerate(words) if i not in placed]
    blocks += [(top, Paragraph(text, Location(part=part))) for top, text in _paragraphs(rest)]
    blocks.sort(key=lambda b: b[0])
    for i, (_, block) in enumerate(blocks):
        _add_block(doc, block, part, counter, first=i == 0)
    return bool(blocks)


def _prepare(img):
    """The page straightened and thresholded, its rules found and erased (Tesseract reads the words,
    not the lines): (clean image, vertical rules, tables as (row rules, column rules))."""
    import numpy as np

    gray = _deskew(_even_light(img.convert("L")))
    dark = gray < _threshold(gray)
    horiz, vert = _rules(dark)
    tables = _tables(horiz, vert)
    clean = np.where(dark, 0, 255).astype(np.uint8)
    rules = horiz.copy()
    for ys, xs in tables:  # vertical rules only inside tables: a large letter's stem is not one
        rules[ys[0] - 6:ys[-1] + 7, max(0, xs[0] - 6):xs[-1] + 7] |= vert[ys[0] - 6:ys[-1] + 7,
                                                                           max(0, xs[0] - 6):xs[-1] + 7]
    clean[_grow(rules)] = 255
    return clean, vert, tables


def _table_of(words, placed: set[int], ys, xs, vert, clean, part: str) -> Table | None:
    """The words whose centre falls in the table's cells, as a Table (None if no word falls in it)."""
    grid: dict[tuple[int, int], list[tuple]] = {}
    for i, w in enumerate(words):
        cy, cx = (w["top"] + w["bottom"]) / 2, (w["left"] + w["right"]) / 2
        if not (ys[0] <= cy <= ys[-1] and xs[0] <= cx <= xs[-1]):
            continue
        r = max(k for k in range(len(ys) - 1) if ys[k] <= cy)
        c = max(k for k in range(len(xs) - 1) if xs[k] <= cx)
        grid.setdefault((r, c), []).append(w)
        placed.add(i)
    if not grid:
        return None
    rows = []
    for r in range(len(ys) - 1):
        row: list[Cell] = []
        for start, end in _spans(vert, ys[r], ys[r + 1], xs):
            inside = [w for c in range(start, end) for w in grid.get((r, c), [])]
            text = _tick(_join(inside)) or _mark(clean, ys[r], ys[r + 1], xs[start], xs[end])
            for c in range(start, end):  # a merged cell: its covered parts take its text, as in Word
                row.append(Cell(text, Location(part=part, table=0, row=r + 1, col=c + 1), merged=c > start))
        rows.append(row)
    rows = [row for row in rows if any(cell.text for cell in row)] or rows
    for r, row in enumerate(rows, start=1):  # rows renumbered after dropping the empty bands
        for cell in row:
            cell.loc = Location(part=part, table=0, row=r, col=cell.loc.col)
    return Table(name="", rows=rows)


def _add_block(doc: Document, block, part: str, counter: dict[str, int], first: bool) -> None:
    """A page's block into the document, numbered; a table that opens the page, as wide as the one
    that closed the last page, is that table's continuation."""
    if isinstance(block, Paragraph):
        counter["para"] += 1
        block.loc = Location(part=part, paragraph=counter["para"])
        doc.blocks.append(block)
        return
    prev = doc.blocks[-1] if doc.blocks else None
    if first and isinstance(prev, Table) and prev.width == block.width and prev.rows \
            and prev.rows[-1][0].loc.part != part:
        from .pdf import _continue
        _continue(prev, [[c.text for c in row] for row in block.rows], part)
        return
    counter["table"] += 1
    block.name = f"Table {counter['table']}"
    for row in block.rows:
        for cell in row:
            cell.loc = Location(part=part, table=counter["table"], row=cell.loc.row, col=cell.loc.col)
    doc.blocks.append(block)


def _spans(vert, top: int, bottom: int, xs: list[int]) -> list[tuple[int, int]]:
    """The cells of one table row as (first column, column after the last): a column rule missing
    over most of the row's height means the two columns are one merged cell there."""
    spans = []
    start = 0
    inner = vert[top + 4:max(top + 5, bottom - 3)]
    for k in range(1, len(xs) - 1):
        seg = inner[:, max(0, xs[k] - 5):xs[k] + 6]
        if seg.size and seg.any(axis=1).mean() > 0.5:
            spans.append((start, k))
            start = k
    spans.append((start, len(xs) - 1))
    return spans


# What Tesseract makes of a tick glyph. Not dashes or dots: in a matrix they mean 'nothing here'.
_TICK_READINGS = {"v", "V", "J", "y", "¥", "vw", "w", "/", "v/", "\\/", "√", "✓", "✔", "~"}


def _tick(text: str) -> str:
    """A cell whose only 'word' is a tick misread ('¥', 'v', '/') is a tick. Digits and letters that
    mean something in a matrix ('3', 'X') are left as they are."""
    if text.strip() in _TICK_READINGS:
        return "✓"
    return text


def _mark(clean, top: int, bottom: int, left: int, right: int) -> str:
    """'✓' for a cell with no word in it but a small mark (a tick, a cross, a dot drawn or typed):
    Tesseract reads words, not ticks, and a tick grid is read from its marks."""
    import numpy as np

    inner = clean[top + 6:bottom - 5, left + 6:right - 5] < 128
    if inner.size == 0:
        return ""
    ys, xs = np.nonzero(inner)
    if len(ys) < 25:
        return ""  # specks
    height, width = ys.max() - ys.min() + 1, xs.max() - xs.min() + 1
    if height > 120 or width > 160 or height < 8 or width < 8:
        return ""  # not a single small mark (unread text, a smudge, or a speck)
    return "✓"


def _even_light(img):
    """The page with the light made even: each pixel divided by the paper's brightness around it
    (a phone photo is darker at one side)."""
    import numpy as np
    from PIL import Image, ImageFilter

    small = img.reduce(8) if min(img.size) > 400 else img
    paper = small.filter(ImageFilter.MaxFilter(5)).filter(ImageFilter.GaussianBlur(3)).resize(img.size,
                                                                                              Image.BILINEAR)
    a = np.asarray(img, dtype=np.float32) / np.maximum(np.asarray(paper, dtype=np.float32), 1.0) * 255.0
    even = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))
    return np.asarray(even, dtype=np.uint8)


def _threshold(gray) -> int:
    """Otsu's threshold: ink from paper, whatever the scan's brightness."""
    import numpy as np

    hist = np.bincount(gray.ravel(), minlength=256).astype(float)
    total = gray.size
    cum = np.cumsum(hist)
    cum_mean = np.cumsum(hist * np.arange(256))
    mean = cum_mean[-1] / total
    w0 = cum / total
    w1 = 1 - w0
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (mean * w0 - cum_mean / total) ** 2 / (w0 * w1)
    between = np.nan_to_num(between[:255])
    return int(np.argmax(between)) + 1 if between.any() else 128  # a blank page: no ink


def _runs_mask(dark, length: int, axis: int):
    """Pixels that belong to a straight dark run of at least length pixels along axis."""
    import numpy as np

    a = dark if axis == 1 else dark.T
    n = a.shape[1]
    if n < length:
        return np.zeros_like(dark)
    c = np.pad(np.cumsum(a, axis=1, dtype=np.int32), ((0, 0), (1, 0)))
    full = (c[:, length:] - c[:, :-length]) == length  # full[:, s]: the window from s is all dark
    cf = np.pad(np.cumsum(full, axis=1, dtype=np.int32), ((0, 0), (1, 0)))  # cf[:, k] = full[:, :k].sum()
    j = np.arange(n)
    hi = np.minimum(j + 1, full.shape[1])
    lo = np.clip(j - length + 1, 0, full.shape[1])
    mask = (cf[:, hi] - cf[:, lo]) > 0  # some full window covers pixel j
    return mask if axis == 1 else mask.T


def _rules(dark):
    h, w = dark.shape
    horiz = _runs_mask(dark, max(20, w // 25), axis=1)
    vert = _runs_mask(dark, max(40, h // 50), axis=0)  # longer than a letter's stem (an 'l' or 'J')
    return horiz, vert


def _grow(mask, by: int = 2):
    import numpy as np

    out = mask.copy()
    for d in range(1, by + 1):
        out[d:, :] |= mask[:-d, :]
        out[:-d, :] |= mask[d:, :]
        out[:, d:] |= mask[:, :-d]
        out[:, :-d] |= mask[:, d:]
    return out


def _lines(profile, min_count: float, gap: int = 4) -> list[int]:
    """Centres of the bands of indices where profile >= min_count."""
    import numpy as np

    idx = np.flatnonzero(profile >= min_count)
    out: list[int] = []
    start = prev = None
    for i in idx:
        if start is None:
            start = prev = i
        elif i - prev > gap:
            out.append((start + prev) // 2)
            start = i
        prev = i
    if start is not None:
        out.append((start + prev) // 2)
    return out


def _tables(horiz, vert) -> list[tuple[list[int], list[int]]]:
    """(row boundaries, column boundaries) of each ruled table, top to bottom: a table is a band of
    rows crossed by vertical rules; its rules are the lines that run across most of it."""
    import numpy as np

    rows_with_vert = vert.any(axis=1)
    tables = []
    for top, bottom in _bands(rows_with_vert, gap=6):
        top, bottom = max(0, top - 6), min(vert.shape[0], bottom + 7)
        v = vert[top:bottom]
        height = bottom - top
        xs = _lines(v.sum(axis=0), 0.25 * height)
        if len(xs) < 2:
            continue
        h = horiz[top:bottom, xs[0]:xs[-1] + 1]
        ys = [top + y for y in _lines(h.sum(axis=1), 0.15 * (xs[-1] - xs[0]))]
        if len(ys) < 2:
            continue
        tables.append((ys, xs))
    return tables


def _bands(flags, gap: int) -> list[tuple[int, int]]:
    import numpy as np

    idx = np.flatnonzero(flags)
    out = []
    start = prev = None
    for i in idx:
        if start is None:
            start = prev = i
        elif i - prev > gap:
            if prev - start > 10:
                out.append((start, prev))
            start = i
        prev = i
    if start is not None and prev - start > 10:
        out.append((start, prev))
    return out


def _deskew(gray):
    """Straighten a scan fed in at a slant: the angle (within ±4°) at which the ink's row profile
    is sharpest, measured on a reduced copy."""
    import numpy as np
    from PIL import Image

    img = Image.fromarray(gray)
    small = img.reduce(4) if min(img.size) > 800 else img
    dark = (np.asarray(small) < _threshold(np.asarray(small))).astype(np.uint8) * 255
    src = Image.fromarray(dark)

    def score(angle: float) -> float:
        rotated = np.asarray(src.rotate(angle, resample=Image.NEAREST, fillcolor=0), dtype=np.float32)
        profile = rotated.sum(axis=1)
        return float(np.square(np.diff(profile)).sum())

    best = max((a / 4 for a in range(-16, 17)), key=score)
    best = max((best + d / 20 for d in range(-5, 6)), key=score)
    if abs(best) < 0.1:
        return gray
    return np.asarray(img.rotate(best, resample=Image.BICUBIC, fillcolor=255, expand=False), dtype=np.uint8)


def _ocr(gray, exe: str, label: str) -> list[dict]:
    from PIL import Image

    with tempfile.TemporaryDirectory(prefix="matrix-synth-ocr-") as tmp:
        src = os.path.join(tmp, "page.png")
        Image.fromarray(gray).save(src)
        try:
            # one thread: the pages of many files are read in parallel already, and Tesseract's own
            # threads only contend with them (half the time on a busy two-core laptop)
            env = dict(os.environ, OMP_THREAD_LIMIT="1")
            done = subprocess.run([exe, src, "stdout", "--psm", "11", "-l", "eng", "tsv"], capture_output=True,
                                  timeout=TIMEOUT_SECONDS, check=False, env=env)
        except subprocess.TimeoutExpired:
            raise ReadFailure("too-large", f"{label}: OCR of a page took longer than {TIMEOUT_SECONDS} s") from None
        except OSError as exc:
            raise ReadFailure("read-error", f"{label}: Tesseract could not be run ({exc})") from None
    if done.returncode != 0:
        raise ReadFailure("read-error", f"{label}: Tesseract failed ({done.stderr.decode('utf-8', 'replace')[:200]})")
    words = []
    lines = done.stdout.decode("utf-8", "replace").splitlines()
    for line in lines[1:]:
        f = line.split("\t")
        if len(f) < 12 or f[0] != "5" or not f[11].strip():
            continue
        try:
            left, top, width, height, conf = int(f[6]), int(f[7]), int(f[8]), int(f[9]), float(f[10])
        except ValueError:
            continue
        if conf < MIN_WORD_CONFIDENCE:
            continue
        words.append({"text": f[11].strip(), "left": left, "top": top, "right": left + width,
                      "bottom": top + height, "conf": conf})
    return words


def _text_lines(words: list[dict]) -> list[list[dict]]:
    """Words grouped into lines by their vertical overlap, each line left to right."""
    lines: list[list[dict]] = []
    for w in sorted(words, key=lambda w: (w["top"] + w["bottom"]) / 2):
        cy = (w["top"] + w["bottom"]) / 2
        if lines:
            last = lines[-1]
            top = sum(x["top"] for x in last) / len(last)
            bottom = sum(x["bottom"] for x in last) / len(last)
            if top - 2 <= cy <= bottom + 2:
                last.append(w)
                continue
        lines.append([w])
    return [sorted(line, key=lambda w: w["left"]) for line in lines]


def _join(words: list[dict]) -> str:
    return "\n".join(" ".join(w["text"] for w in line) for line in _text_lines(words))


def _paragraphs(words: list[dict]) -> list[tuple[float, str]]:
    """Lines of text outside the tables, joined into paragraphs where the gap between lines is small."""
    out: list[tuple[float, str]] = []
    lines = _text_lines(words)
    current: list[list[dict]] = []
    for line in lines:
        if current:
            prev = current[-1]
            height = max(1, sum(w["bottom"] - w["top"] for w in prev) / len(prev))
            gap = min(w["top"] for w in line) - max(w["bottom"] for w in prev)
            if gap > 0.9 * height:
                out.append((min(w["top"] for w in current[0]), " ".join(" ".join(w["text"] for w in ln)
                                                                         for ln in current)))
                current = []
        current.append(line)
    if current:
        out.append((min(w["top"] for w in current[0]), " ".join(" ".join(w["text"] for w in ln) for ln in current)))
    return out
