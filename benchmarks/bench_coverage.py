"""Word coverage: is every word a person sees in a file somewhere in the store?

For each office file in the folders given, the words a person sees are counted by an extraction
independent of matrix-synth's readers (the XML text runs of every part Word/LibreOffice shows: body,
headers, footers, notes, comments, text boxes once; the cell values of every sheet; pdfplumber's text of a
PDF), then the file is ingested into a fresh in-memory store and the words found in the store are counted
(return fields, matrix headings, placements, free text, unplaced text and boilerplate: everything kept).

A word is a run of letters and digits holding at least one letter, compared case-insensitively, as a
multiset (a word seen three times must be stored three times). Numbers are left out: how a number is
shown depends on formats this measure does not reproduce.

Usage: python benchmarks/bench_coverage.py FOLDER [FOLDER…] [--worst N] [--json]"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
import warnings
import zipfile
from collections import Counter

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "src"))

from matrix_synth.pipeline import process_file  # noqa: E402
from matrix_synth.store import Store  # noqa: E402

MEASURED = (".docx", ".docm", ".dotx", ".xlsx", ".xlsm", ".odt", ".ods", ".pdf")
_WORD = re.compile(r"[^\W_]+")
_EXCEL_ERROR = re.compile(r"^#(VALUE!|REF!|NAME\?|DIV/0!|N/A|NUM!|NULL!)$")  # openpyxl's stand-ins, not text
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"


def words(text: str) -> Counter:
    return Counter(w for w in _WORD.findall((text or "").lower()) if not w.isdigit())


def _parse(data: bytes):
    from lxml import etree
    return etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False))


# --------------------------------------------------------------------------- what a person sees

def _word_parts(zf: zipfile.ZipFile) -> list[str]:
    names = zf.namelist()
    main = [n for n in names if re.fullmatch(r"word/document\d*\.xml", n)][:1]
    extra = [n for n in names if re.fullmatch(r"word/(header|footer)\d*\.xml|word/(footnotes|endnotes|comments)\.xml",
                                              n)]
    return main + sorted(extra)


def _docx_seen(path: str) -> Counter:
    out: Counter = Counter()
    with zipfile.ZipFile(path) as zf:
        seen_parts = set()
        for name in _word_parts(zf):
            data = zf.read(name)
            root = _parse(data)
            W = "{http://purl.oclc.org/ooxml/wordprocessingml/main}" if b"purl.oclc.org/ooxml/wordprocessingml" \
                in data[:4000] else "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
            paras = []
            for p in root.iter(W + "p"):
                if any(a.tag in (MC + "Fallback", W + "del", W + "moveFrom") for a in p.iterancestors()):
                    continue
                runs = []
                for t in p.iter(W + "t", W + "tab", W + "br"):
                    if t.tag != W + "t":
                        runs.append(" ")
                        continue
                    # a run's own paragraph only (a text box paragraph is counted once, as itself)
                    owner = next(t.iterancestors(W + "p"))
                    if owner is p and not any(a.tag in (MC + "Fallback", W + "del", W + "moveFrom")
                                              for a in t.iterancestors()):
                        runs.append(t.text or "")
                paras.append("".join(runs))
            text = "\n".join(paras)
            if name.startswith(("word/header", "word/footer")):
                if text in seen_parts:
                    continue  # the same header in every section is seen once per page, stored once
                seen_parts.add(text)
            out += words(text)
    return out


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _xlsx_seen(path: str) -> Counter:
    """Every text cell of every worksheet (shared, inline and formula strings), Strict or Transitional,
    straight from the XML (no number formats: numbers are not words here)."""
    out: Counter = Counter()
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
        shared: list[str] = []
        if "xl/sharedStrings.xml" in names:
            for si in _parse(zf.read("xl/sharedStrings.xml")):
                shared.append("".join(t.text or "" for t in si.iter() if _local(t.tag) == "t"
                                      and _local(t.getparent().tag) != "rPh"))
        for name in names:
            if not re.fullmatch(r"xl/worksheets/sheet\d+\.xml", name):
                continue
            for c in _parse(zf.read(name)).iter():
                if _local(c.tag) != "c":
                    continue
                kind = c.get("t", "n")
                v = next((x for x in c if _local(x.tag) == "v"), None)
                if kind == "s" and v is not None and (v.text or "").strip().isdigit():
                    idx = int(v.text)
                    out += words(shared[idx] if idx < len(shared) else "")
                elif kind == "inlineStr":
                    out += words("".join(t.text or "" for t in c.iter() if _local(t.tag) == "t"))
                elif kind == "str" and v is not None and not _EXCEL_ERROR.match(v.text or ""):
                    out += words(v.text or "")
    return out


_ODF_BREAKS = (TEXT + "s", TEXT + "tab", TEXT + "line-break")


def _odf_own(el) -> str:
    """A paragraph's own text: inline spans joined, nested paragraphs (notes, frames) left to themselves."""
    parts = [el.text or ""]
    for child in el:
        if child.tag in _ODF_BREAKS:
            parts.append(" ")
        elif child.tag not in (TEXT + "p", TEXT + "h", TEXT + "note-body", TEXT + "note-citation", TEXT + "tracked-changes",
                               OFFICE + "annotation") and isinstance(child.tag, str):
            parts.append(_odf_own(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _odf_seen(path: str) -> Counter:
    out: Counter = Counter()
    with zipfile.ZipFile(path) as zf:
        root = _parse(zf.read("content.xml"))
        body = root.find(OFFICE + "body")
        if "styles.xml" in zf.namelist():
            master = _parse(zf.read("styles.xml")).find(OFFICE + "master-styles")
            if master is not None:
                texts = []
                for el in master.iter(TEXT + "p", TEXT + "h"):
                    text = _odf_own(el)
                    if text not in texts:
                        texts.append(text)
                out += words("\n".join(texts))
        for el in body.iter(TEXT + "p", TEXT + "h") if body is not None else ():
            if any(a.tag in (TEXT + "tracked-changes", OFFICE + "annotation", TABLE + "covered-table-cell")
                   for a in el.iterancestors()):
                continue
            out += words(_odf_own(el))
    return out


def _pdf_seen(path: str) -> Counter:
    import pdfplumber
    out: Counter = Counter()
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages[:200]:
            out += words(page.extract_text() or "")
    return out


def seen_words(path: str) -> Counter:
    ext = os.path.splitext(path)[1].lower()
    if ext in (".docx", ".docm", ".dotx"):
        return _docx_seen(path)
    if ext in (".xlsx", ".xlsm"):
        return _xlsx_seen(path)
    if ext in (".odt", ".ods"):
        return _odf_seen(path)
    return _pdf_seen(path)


# --------------------------------------------------------------------------- what the store keeps

_STORED = ("SELECT board_written, partners, topic, locality, completed_by, role, date, title, signoff, contacts "
           "FROM returns", "SELECT label, partner, topic, locality FROM matrices", "SELECT text FROM placements",
           "SELECT text FROM free_text", "SELECT text FROM unplaced")


def stored_words(path: str, name: str) -> tuple[Counter | None, str]:
    ret = process_file(path, name, 2013)
    if ret.failed:
        return None, "; ".join(p.code for p in ret.problems)
    store = Store.memory()
    store.write_return(ret)
    out: Counter = Counter()
    for sql in _STORED:
        for row in store.db.execute(sql):
            out += words("\n".join(str(v) for v in row if v))
    dup: Counter = Counter()  # a cell placed at two levels ('2-3') is stored twice: count it once
    for row in store.db.execute("SELECT text, location FROM placements"):
        dup[(row[0], row[1])] += 1
    for (text, _loc), n in dup.items():
        if n > 1:
            out -= Counter({w: c * (n - 1) for w, c in words(text).items()})
    store.close()
    return out, ""


class _TooSlow(BaseException):  # process_file turns any Exception into a problem
    pass


def _alarm(_sig, _frame):
    raise _TooSlow()


def measure(path: str, name: str, limit: int = 60) -> dict:
    """One file's coverage; a file that takes more than `limit` seconds is reported, not measured."""
    import signal
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(limit)
    try:
        return _measure(path, name)
    except _TooSlow:
        return {"file": name, "status": "too slow", "why": f"more than {limit} s"}
    finally:
        signal.alarm(0)


def _measure(path: str, name: str) -> dict:
    try:
        seen = seen_words(path)
    except _TooSlow:
        raise
    except Exception as exc:  # the independent extraction cannot read it either: not measured
        return {"file": name, "status": "unmeasured", "why": f"{type(exc).__name__}: {exc}"[:120]}
    kept, why = stored_words(path, name)
    if kept is None:
        return {"file": name, "status": "refused", "why": why}
    total = sum(seen.values())
    missing = seen - kept
    lost = sum(missing.values())
    return {"file": name, "status": "measured", "seen": total, "kept": total - lost,
            "coverage": 1.0 if not total else (total - lost) / total,
            "missing": [w for w, _ in missing.most_common(12)]}


def main() -> None:
    warnings.simplefilter("ignore")
    ap = argparse.ArgumentParser()
    ap.add_argument("folders", nargs="+")
    ap.add_argument("--worst", type=int, default=15)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    files = []
    for folder in args.folders:
        for base, _dirs, names in os.walk(folder):
            for n in sorted(names):
                if os.path.splitext(n)[1].lower() in MEASURED and not n.startswith(("~$", ".")):
                    files.append((os.path.join(base, n), os.path.relpath(os.path.join(base, n), folder)))
    results = []
    for i, (p, n) in enumerate(files, start=1):
        started = time.perf_counter()
        results.append(measure(p, n))
        results[-1]["seconds"] = round(time.perf_counter() - started, 2)
        print(f"\r{i}/{len(files)} {n[:60]:<60}", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    measured = [r for r in results if r["status"] == "measured" and r["seen"]]
    if args.json:
        print(json.dumps(results, indent=1))
        return
    seen = sum(r["seen"] for r in measured)
    kept = sum(r["kept"] for r in measured)
    full = sum(1 for r in measured if r["coverage"] >= 0.99)
    print(f"{len(files)} files: {len(measured)} measured (with words), "
          f"{sum(1 for r in results if r['status'] == 'refused')} refused by matrix-synth (password, corrupt…), "
          f"{sum(1 for r in results if r['status'] == 'unmeasured')} the reference extraction cannot read, "
          f"{sum(1 for r in results if r['status'] == 'too slow')} too slow to measure "
          f"({', '.join(r['file'] for r in results if r['status'] == 'too slow')[:200]}).")
    if measured:
        print(f"Pooled word coverage: {kept}/{seen} = {kept / seen:.2%}")
        print(f"Files with >= 99% of their words in the store: {full}/{len(measured)} = {full / len(measured):.1%}")
    print("\nWorst files:")
    for r in sorted(measured, key=lambda r: (r["coverage"], -r["seen"]))[:args.worst]:
        if r["coverage"] >= 1:
            break
        print(f"  {r['coverage']:6.1%} {r['seen'] - r['kept']:5d}/{r['seen']:<6d} {r['file']}: "
              f"missing {', '.join(r['missing'])}")


if __name__ == "__main__":
    main()
