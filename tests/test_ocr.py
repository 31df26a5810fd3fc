"""Scanned returns read by OCR (Tesseract): a scanned PDF (an image-only PDF of a page) and a
photo-like PNG (slanted, unevenly lit, noisy). Pages are drawn here with Pillow, one page each,
so the tests stay fast. Without Tesseract, no-text-layer says how to install it."""
import os

import pytest

from builders import FUNCS, LEVELS

# the font the pages are drawn in: matplotlib's own copy of DejaVu Sans (a dependency), not a system font
FONT = os.path.join(os.path.dirname(__import__("matplotlib").__file__), "mpl-data", "fonts", "ttf", "DejaVuSans.ttf")
needs_ocr = pytest.mark.needs("tesseract")
FILL = {(0, 1): "Consulted on the draft strategy", (2, 3): "Joint delivery of carers support",
        (3, 4): "Shared training budget", (4, 0): "Quarterly newsletter"}


def _page(fill=FILL, merged=()):
    """An A4-ish page at 200 dpi: a title, the board, and the matrix as a ruled table. merged holds
    (row, first column, last column) of cells merged across levels (no rule between them)."""
    from PIL import Image, ImageDraw, ImageFont
    img = Image.new("L", (1654, 1400), 255)
    draw = ImageDraw.Draw(img)
    big, font = ImageFont.truetype(FONT, 44), ImageFont.truetype(FONT, 26)
    draw.text((120, 80), "NHS Fife Engagement Matrix 2013", font=big, fill=0)
    draw.text((120, 170), "Third sector partner: Fife Voluntary Action", font=font, fill=0)
    x0, y0, first, col, row = 120, 260, 330, 236, 170
    xs = [x0, x0 + first] + [x0 + first + col * k for k in range(1, 6)]
    ys = [y0, y0 + 90] + [y0 + 90 + row * k for k in range(1, 6)]
    for k, x in enumerate(xs):
        for r in range(len(ys) - 1):
            if any(r == i + 1 and first + 1 < k <= last + 1 for i, first, last in merged):
                continue  # inside a merged cell
            draw.line([(x, ys[r]), (x, ys[r + 1])], fill=0, width=3)
    for y in ys:
        draw.line([(xs[0], y), (xs[-1], y)], fill=0, width=3)
    for j, level in enumerate(LEVELS):
        draw.text((xs[j + 1] + 10, ys[0] + 25), level, font=font, fill=0)
    for i, func in enumerate(FUNCS):
        _wrap(draw, func, xs[0] + 10, ys[i + 1] + 10, first - 20, font)
        for j in range(5):
            if (i, j) in fill:
                span = next((last - first + 1 for r, first, last in merged if (r, first) == (i, j)), 1)
                _wrap(draw, fill[(i, j)], xs[j + 1] + 10, ys[i + 1] + 10, col * span - 20, font)
    return img


def _wrap(draw, text, x, y, width, font):
    line = ""
    for word in text.split():
        trial = (line + " " + word).strip()
        if draw.textlength(trial, font=font) > width and line:
            draw.text((x, y), line, font=font, fill=0)
            y += 34
            line = word
        else:
            line = trial
    draw.text((x, y), line, font=font, fill=0)


def _photo(img):
    """Slanted, unevenly lit and noisy, as a phone photo of a printed return."""
    import numpy as np
    from PIL import Image, ImageFilter
    img = img.rotate(1.5, resample=Image.BICUBIC, fillcolor=255, expand=True)
    a = np.asarray(img, dtype=np.float32)
    light = np.linspace(0.75, 1.0, a.shape[1])[None, :] * np.linspace(0.85, 1.0, a.shape[0])[:, None]
    a = a * light + np.random.default_rng(3).normal(0, 12, a.shape)
    return Image.fromarray(np.clip(a, 0, 255).astype("uint8")).filter(ImageFilter.GaussianBlur(0.7))


def _cells(ret):
    return {(p.function, p.level): " ".join(p.text.split()) for p in ret.placements}


@needs_ocr
def test_scanned_pdf_is_read_by_ocr_and_marked(tmp_path):
    from matrix_synth.pipeline import FileReport, process_file
    path = tmp_path / "fife-scan-2013.pdf"
    fill = {**FILL, (1, 2): "Joint planning group for carers services"}
    _page(fill, merged=[(1, 2, 3)]).save(path, resolution=200)  # an image-only PDF: no text layer
    rec = process_file(str(path), path.name, 2013)
    report = FileReport.of(rec, "checked")
    assert report.status != "error", [p.message for p in report.problems]
    got = _cells(rec)
    assert got[("policy-strategy", 2)] == "Consulted on the draft strategy"
    assert got[("contracting-delivery", 4)] == "Joint delivery of carers support"
    assert got[("learning-exchange", 1)] == "Quarterly newsletter"
    # a cell merged across levels 3 and 4 is one activity at both
    assert got[("planning-commissioning", 3)] == got[("planning-commissioning", 4)] == \
        "Joint planning group for carers services"
    assert all(p.confidence <= 0.7 and "OCR" in p.marker and "scanned" in p.loc.describe() and p.read_by_ocr
               for p in rec.placements)
    assert rec.file.format == "pdf-ocr"


@needs_ocr
def test_photo_like_png_is_read_by_ocr(tmp_path):
    from matrix_synth.pipeline import FileReport, process_file
    path = tmp_path / "fife-photo-2013.png"
    _photo(_page()).save(path)
    rec = process_file(str(path), path.name, 2013)
    report = FileReport.of(rec, "checked")
    got = _cells(rec)
    assert len(got) >= 3, got
    assert got.get(("capacity-building", 5)) == "Shared training budget"
    assert report.board and "fife" in report.board.lower()


def test_without_tesseract_no_text_layer_says_how_to_install(tmp_path, monkeypatch):
    from PIL import Image
    from matrix_synth.problems import ReadFailure
    from matrix_synth.readers import ocr, read_document
    monkeypatch.setattr(ocr, "tesseract", lambda: None)
    path = tmp_path / "scan.pdf"
    Image.new("L", (400, 300), 255).save(path)
    with pytest.raises(ReadFailure) as exc:
        read_document(str(path))
    assert exc.value.problem.code == "no-text-layer"
    assert "Tesseract" in exc.value.problem.hint and "install" in exc.value.problem.hint.lower()
