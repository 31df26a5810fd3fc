"""Benchmark: how well scanned returns are read by OCR.

    python benchmarks/bench_ocr.py [--folder sample_returns/2013] [--skew 1.2] [--noise 18] [--limit N]

Takes the bundled Word returns, prints them to PDF with LibreOffice, rasterises every page at
200 dpi, spoils each page as a scanner would (a slant of --skew degrees, Gaussian noise of
--noise grey levels, a slight blur) and saves the pages as an image-only PDF: a scan. Each
scan is then read as any return is (OCR), and its placements compared with those read from
the Word original:
- cell precision / recall: the (function, level) cells found, against the original's;
- placement precision / recall: a placement counts when its cell is right and its text is at
  least 80% like the original's (rapidfuzz ratio, spacing ignored).
The same figures for the text PDF (before it was scanned) are printed beside them: what is lost
to printing to PDF, as against what is lost to the scan. Prints the figures per file and in
total, and the seconds per page. Not a test: the figures go
in the README.
"""
from __future__ import annotations

import argparse
import glob
import os
import shutil
import subprocess
import sys
import tempfile
import time


def scan(pdf: str, out: str, skew: float, noise: float, seed: int) -> int:
    import numpy as np
    import pypdfium2 as pdfium
    from PIL import Image, ImageFilter

    rng = np.random.default_rng(seed)
    doc = pdfium.PdfDocument(pdf)
    pages = []
    for n in range(len(doc)):
        img = doc[n].render(scale=200 / 72, grayscale=True).to_pil().convert("L")
        angle = skew * (1 if n % 2 == 0 else -0.7)
        img = img.rotate(angle, resample=Image.BICUBIC, fillcolor=255)
        a = np.asarray(img, dtype=np.float32) + rng.normal(0, noise, (img.height, img.width))
        pages.append(Image.fromarray(np.clip(a, 0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.6)))
    doc.close()
    pages[0].save(out, save_all=True, append_images=pages[1:], resolution=200)
    return len(pages)


def placements(path: str, label: str) -> list[tuple[str, int, str]]:
    from matrix_synth.pipeline import process_file
    ret = process_file(path, label, 2013)
    return [(p.function, p.level, " ".join((p.text or "").split())) for p in ret.placements]


def compare(truth, got) -> tuple[int, int, int, int, int, int]:
    from rapidfuzz import fuzz
    cells_t, cells_g = {(f, l) for f, l, _ in truth}, {(f, l) for f, l, _ in got}
    left = list(truth)
    matched = 0
    for f, l, text in got:
        for i, (tf, tl, tt) in enumerate(left):
            if (tf, tl) == (f, l) and fuzz.ratio(text, tt) >= 80:
                matched += 1
                del left[i]
                break
    return len(cells_t & cells_g), len(cells_g), len(cells_t), matched, len(got), len(truth)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", default=os.path.join(os.path.dirname(__file__), "..", "sample_returns", "2013"))
    parser.add_argument("--skew", type=float, default=1.2)
    parser.add_argument("--noise", type=float, default=18)
    parser.add_argument("--limit", type=int, default=0)
    args = parser.parse_args()
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if not exe or not shutil.which("tesseract"):
        print("needs LibreOffice (soffice) and Tesseract")
        return 2
    sources = sorted(glob.glob(os.path.join(args.folder, "*.docx")))
    if args.limit:
        sources = sources[: args.limit]
    tmp = tempfile.mkdtemp(prefix="bench-ocr-")
    try:
        subprocess.run([exe, f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--convert-to", "pdf",
                        "--outdir", tmp, *sources], capture_output=True, timeout=600, check=True)
        totals = [0] * 6
        text_totals = [0] * 6
        pages_total, seconds_total = 0, 0.0
        print(f"{'file':<44} {'cells P/R':>11} {'placements P/R':>15} {'s/page':>7}  text PDF: placements P/R")
        for i, src in enumerate(sources):
            stem = os.path.splitext(os.path.basename(src))[0]
            pdf = os.path.join(tmp, stem + ".pdf")
            scanned = os.path.join(tmp, stem + "-scan.pdf")
            pages = scan(pdf, scanned, args.skew, args.noise, seed=i)
            truth = placements(src, os.path.basename(src))
            start = time.perf_counter()
            got = placements(scanned, os.path.basename(scanned))
            seconds = time.perf_counter() - start
            pages_total += pages
            seconds_total += seconds
            figures = compare(truth, got)
            text_figures = compare(truth, placements(pdf, os.path.basename(pdf)))
            text_totals = [a + b for a, b in zip(text_totals, text_figures)]
            totals = [a + b for a, b in zip(totals, figures)]
            c_ok, c_got, c_true, p_ok, p_got, p_true = figures
            print(f"{stem:<44} {c_ok / max(1, c_got):5.2f}/{c_ok / max(1, c_true):4.2f} "
                  f"{p_ok / max(1, p_got):8.2f}/{p_ok / max(1, p_true):4.2f} {seconds / pages:7.1f}  "
                  f"{text_figures[3] / max(1, text_figures[4]):.2f}/{text_figures[3] / max(1, text_figures[5]):.2f}",
                  flush=True)
        c_ok, c_got, c_true, p_ok, p_got, p_true = totals
        print(f"\n{len(sources)} scanned returns, {pages_total} pages (skew {args.skew}°, noise {args.noise}):")
        print(f"cells:      precision {c_ok / max(1, c_got):.2f}, recall {c_ok / max(1, c_true):.2f} "
              f"({c_ok} of {c_true} found, {c_got - c_ok} wrong)")
        print(f"placements: precision {p_ok / max(1, p_got):.2f}, recall {p_ok / max(1, p_true):.2f} "
              f"({p_ok} of {p_true} read with their text)")
        t_ok, t_got, t_true = text_totals[3], text_totals[4], text_totals[5]
        print(f"text PDF:   placements precision {t_ok / max(1, t_got):.2f}, recall {t_ok / max(1, t_true):.2f} "
              f"({t_ok} of {t_true}): the same returns before scanning")
        print(f"OCR time:   {seconds_total / max(1, pages_total):.1f} s a page")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
