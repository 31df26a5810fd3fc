"""Benchmark: the hostile files of issue 13, each read in its own process, with its time, peak memory
and the problem it gets. Not a test (tests/test_robust_*.py assert the behaviour); the figures go in the
report and the README.

    python benchmarks/bench_hostile.py [--keep DIR]
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "tests"))


def _rewrite(src, dst, part, edit):
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            zout.writestr(info.filename, edit(data) if info.filename == part else data)
    return dst


def _odt(path, cell):
    from builders import FUNCS, LEVELS
    rows = ["<table:table-row><table:table-cell/>" + "".join(
        f"<table:table-cell><text:p>{lv}</text:p></table:table-cell>" for lv in LEVELS) + "</table:table-row>"]
    rows += [f"<table:table-row><table:table-cell><text:p>{f.replace('&', '&amp;')}</text:p></table:table-cell>"
             f"{cell}</table:table-row>" for f in FUNCS]
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>'
               f'<table:table>{"".join(rows)}</table:table></office:text></office:body></office:document-content>')
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        zf.writestr("content.xml", content)
    return path


def make(folder: str) -> list[tuple[str, str]]:
    from builders import FUNCS, LEVELS, grid_docx, xlsx
    from openpyxl import Workbook
    j = lambda n: os.path.join(folder, n)  # noqa: E731
    src = grid_docx(j("src.docx"), fill={(0, 0): "Shared newsletter"})
    xsrc = xlsx(j("src.xlsx"), [[""] + LEVELS] + [[f] + ["word"] * 5 for f in FUNCS])
    cases = []
    cases.append(("gridSpan 100,000,000 (.docx)", _rewrite(src, j("span.docx"), "word/document.xml",
                  lambda d: d.replace(b"<w:tcPr>", b'<w:tcPr><w:gridSpan w:val="100000000"/>', 1))))
    cases.append(("columns-repeated 1e9 (.odt)", _odt(j("rep.odt"), '<table:table-cell table:number-columns-repeated='
                                                                   '"1000000000"><text:p>x</text:p></table:table-cell>')))
    cases.append(("text:s c=1e9 (.odt)", _odt(j("spaces.odt"), '<table:table-cell><text:p>a<text:s text:c='
                                                               '"1000000000"/>b</text:p></table:table-cell>')))
    wb = Workbook()
    for i in range(1, 16385):
        wb.active.cell(row=i, column=i, value="x")
    wb.save(j("diag.xlsx"))
    cases.append(("16,384-cell diagonal (.xlsx)", j("diag.xlsx")))
    with open(j("wide.csv"), "w") as fh:
        fh.write(",".join(f"c{i}" for i in range(16000)) + "\n" + ",".join("1" for _ in range(16000)) + "\n")
    cases.append(("16,000 columns (.csv)", j("wide.csv")))
    rows = b"".join(b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (r, r) for r in range(10, 1_000_010))
    cases.append(("a million rows (.xlsx)", _rewrite(xsrc, j("million.xlsx"), "xl/worksheets/sheet1.xml",
                  lambda d: d.replace(b"</sheetData>", rows + b"</sheetData>"))))
    inner = b"<w:tbl><w:tr><w:tc><w:p/>" * 1000 + b"<w:p/></w:tc></w:tr></w:tbl>" * 1000
    cases.append(("1,000 nested tables (.docx)", _rewrite(src, j("nested.docx"), "word/document.xml",
                  lambda d: d.replace(b"<w:body>", b"<w:body>" + inner, 1))))
    huge = ("partnership " * 90_000).encode()
    cells = b"".join(b'<row r="%d"><c r="A%d" t="s"><v>0</v></c></row>' % (r, r) for r in range(100, 12100))
    shared = _rewrite(xsrc, j("shared.xlsx"), "xl/worksheets/sheet1.xml",
                      lambda d: d.replace(b"</sheetData>", cells + b"</sheetData>"))
    with zipfile.ZipFile(shared, "a") as zf:
        zf.writestr("xl/sharedStrings.xml", b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
                                            b'main"><si><t>' + huge + b"</t></si></sst>")
    cases.append(("1 MB shared string x 12,000 cells (.xlsx)", shared))
    words = " ".join(f"carer{i} volunteer{i} housing{i}" for i in range(40_000))
    cases.append(("1 MB cell of keyword-like words (.docx)", grid_docx(j("words.docx"), fill={(0, 0): words})))
    ent = b'<!DOCTYPE x [<!ENTITY e "EXPANDED">]>'
    cases.append(("DTD after a 70 KB comment (.docx)", _rewrite(src, j("dtd.docx"), "word/document.xml",
                  lambda d: d.replace(b"?>", b"?><!--" + b"x" * 70_000 + b"-->" + ent, 1))))
    return cases


_CHILD = """
import json, resource, sys, time
from matrix_synth.pipeline import process_file
t = time.monotonic()
rep = process_file(sys.argv[1], sys.argv[1].rsplit('/', 1)[-1], 2015)
hwm = [int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM")]
mb = hwm[0] / 1024 if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": time.monotonic() - t, "mb": mb, "codes": [p.code for p in rep.problems][:3]}))
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--keep", help="write the files into (and keep) this folder")
    args = parser.parse_args()
    folder = args.keep or tempfile.mkdtemp(prefix="bench-hostile-")
    os.makedirs(folder, exist_ok=True)
    cases = make(folder)
    print(f"{'file':<44}{'time':>9}{'peak memory':>13}  problem")
    for name, path in cases:
        out = subprocess.run([sys.executable, "-c", _CHILD, path], capture_output=True, text=True, timeout=900)
        try:
            r = json.loads(out.stdout.strip().splitlines()[-1])
            print(f"{name:<44}{r['seconds']:>7.2f} s{r['mb']:>10.0f} MB  {', '.join(r['codes']) or 'read'}")
        except (ValueError, IndexError):
            print(f"{name:<44}  failed: {out.stderr.strip()[-200:]}")


if __name__ == "__main__":
    main()
