"""PowerPoint (.pptx/.pptm/.potx) reader on the XML itself, like the Word reader: tables on
slides become tables (merged cells expanded so the grid is rectangular), the text of every
other shape becomes paragraphs, slide by slide in the order the presentation shows them.
The slide number is the location's part ('slide 3'); speaker notes are read too ('slide 3
notes'). Macros in .pptm files are never run (only the XML parts are read)."""
from __future__ import annotations

import posixpath
import re
import zipfile

from ..document import Cell, Document, Location, Paragraph, Table
from .safezip import has_part, load_xml, open_zip

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
PML = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
MAX_SLIDES = 200  # a return is a few slides; a conference deck is not read whole
_SPACES = re.compile(r"[ \t\u00a0]+")


def _para_text(p) -> str:
    bits = []
    for el in p.iter():
        if el.tag == A + "t" and el.text:
            bits.append(el.text)
        elif el.tag == A + "br":
            bits.append("\n")
    return _SPACES.sub(" ", "".join(bits)).strip()


def _body_text(body) -> str:
    return "\n".join(t for t in (_para_text(p) for p in body.iter(A + "p")) if t)


def _slide_paths(zf: zipfile.ZipFile, label: str) -> list[str]:
    """The slides in the order the presentation shows them (presentation.xml's list)."""
    pres = load_xml(zf, "ppt/presentation.xml", label)
    rels = {}
    if has_part(zf, "ppt/_rels/presentation.xml.rels"):
        for rel in load_xml(zf, "ppt/_rels/presentation.xml.rels", label).iter(REL + "Relationship"):
            rels[rel.get("Id")] = posixpath.normpath(posixpath.join("ppt", rel.get("Target", "")))
    out = []
    lst = pres.find(PML + "sldIdLst")
    for sld in (lst if lst is not None else []):
        target = rels.get(sld.get(R + "id"))
        if target and has_part(zf, target):
            out.append(target)
    if not out:  # no list: the slide parts in number order
        names = [n for n in zf.namelist() if re.fullmatch(r"ppt/slides/slide\d+\.xml", n)]
        out = sorted(names, key=lambda n: int(re.search(r"(\d+)\.xml$", n).group(1)))
    return out


def _notes_path(zf: zipfile.ZipFile, slide: str, label: str) -> str | None:
    rels = posixpath.join(posixpath.dirname(slide), "_rels", posixpath.basename(slide) + ".rels")
    if not has_part(zf, rels):
        return None
    for rel in load_xml(zf, rels, label).iter(REL + "Relationship"):
        if rel.get("Type", "").endswith("/notesSlide"):
            target = posixpath.normpath(posixpath.join(posixpath.dirname(slide), rel.get("Target", "")))
            return target if has_part(zf, target) else None
    return None


class _Slide:
    def __init__(self, part: str, counter: dict[str, int]) -> None:
        self.part = part
        self.counter = counter
        self.blocks: list[Paragraph | Table] = []
        self.para = 0

    def shapes(self, tree) -> None:
        for shape in tree:
            tag = shape.tag
            if tag == PML + "grpSp":
                self.shapes(shape)
            elif tag == PML + "graphicFrame":
                for tbl in shape.iter(A + "tbl"):
                    self.table(tbl)
            elif tag == PML + "sp":
                body = shape.find(PML + "txBody")
                if body is None:
                    continue
                ph = shape.find(f"{PML}nvSpPr/{PML}nvPr/{PML}ph")
                style = "title" if ph is not None and ph.get("type") in ("title", "ctrTitle") else ""
                for p in body.iter(A + "p"):
                    text = _para_text(p)
                    if text:
                        self.para += 1
                        self.blocks.append(Paragraph(text, Location(part=self.part, paragraph=self.para), style))

    def table(self, tbl) -> None:
        self.counter["table"] += 1
        number = self.counter["table"]
        rows: list[list[Cell]] = []
        covering: dict[tuple[int, int], Cell] = {}
        for r, tr in enumerate(tbl.findall(A + "tr"), start=1):
            row: list[Cell] = []
            for tc in tr.findall(A + "tc"):
                c = len(row) + 1
                body = tc.find(A + "txBody")
                text = _body_text(body) if body is not None else ""
                loc = Location(part=self.part, table=number, row=r, col=c)
                origin = None
                if tc.get("hMerge") in ("1", "true"):
                    origin = row[-1] if row else None
                elif tc.get("vMerge") in ("1", "true"):
                    origin = covering.get((r - 1, c))
                if origin is not None:  # a covered part of a merged cell takes its text, as in Word
                    row.append(Cell(origin.text, loc, fill=origin.fill, merged=True))
                    covering[(r, c)] = row[-1]
                    continue
                cell = Cell(text, loc)
                fill = tc.find(f"{A}tcPr/{A}solidFill/{A}srgbClr")
                if fill is not None and fill.get("val", "").upper() not in ("FFFFFF", ""):
                    cell.fill = fill.get("val").upper()
                row.append(cell)
                covering[(r, c)] = cell
            rows.append(row)
        width = max((len(r) for r in rows), default=0)
        for r, row in enumerate(rows, start=1):
            while len(row) < width:
                row.append(Cell("", Location(part=self.part, table=number, row=r, col=len(row) + 1)))
        self.blocks.append(Table(name=f"Table {number}", rows=rows))


def read(path: str, label: str, fmt: str = "pptx", zf: zipfile.ZipFile | None = None) -> Document:
    with zf or open_zip(path, label) as zf:
        doc = Document(path=path, format="pptx")
        counter = {"table": 0}
        slides = _slide_paths(zf, label)
        for n, name in enumerate(slides[:MAX_SLIDES], start=1):
            slide = _Slide(f"slide {n}", counter)
            root = load_xml(zf, name, label)
            tree = root.find(f"{PML}cSld/{PML}spTree")
            if tree is not None:
                slide.shapes(tree)
            notes = _notes_path(zf, name, label)
            if notes:
                note_slide = _Slide(f"slide {n} notes", counter)
                nroot = load_xml(zf, notes, label)
                ntree = nroot.find(f"{PML}cSld/{PML}spTree")
                if ntree is not None:
                    for shape in ntree:  # the notes' own text, not the slide image placeholder
                        ph = shape.find(f"{PML}nvSpPr/{PML}nvPr/{PML}ph")
                        if ph is not None and ph.get("type") in ("sldImg", "sldNum", "hdr", "ftr", "dt"):
                            continue
                        note_slide.shapes([shape])
                slide.blocks.extend(note_slide.blocks)
            doc.blocks.extend(slide.blocks)
        if len(slides) > MAX_SLIDES:
            doc.warnings.append(("too-large", f"{label} has {len(slides)} slides; only the first {MAX_SLIDES} "
                                              "were read", ""))
        return doc
