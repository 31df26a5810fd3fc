"""Plain text (.txt, and the plain body of an e-mail): one paragraph per line, as typed.

A matrix typed with tabs or with columns lined up by spaces is found by the detector
(detect/texttables.py), from these lines."""
from __future__ import annotations

from ..document import Document, Location, Paragraph
from ..limits import MAX_CSV_BYTES, MAX_ROWS
from ..problems import WARNING, Problem, ReadFailure


def decode(data: bytes) -> tuple[str, bool]:
    """(text, guessed): UTF-8 (with or without BOM, or UTF-16 with one), else Windows-1252 (guessed)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", "replace"), False
    try:
        return data.decode("utf-8-sig"), False
    except UnicodeDecodeError:
        return data.decode("windows-1252", "replace"), True


def read_text(data: bytes, path: str, label: str) -> Document:
    if len(data) > MAX_CSV_BYTES:
        raise ReadFailure("too-large", f"{label} is larger than {MAX_CSV_BYTES // 1_000_000} MB")
    text, guessed = decode(data)
    doc = Document(path=path, format="txt")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if len(lines) > MAX_ROWS * 4:
        raise ReadFailure("too-large", f"{label} has more than {MAX_ROWS * 4} lines")
    for n, line in enumerate(lines, start=1):
        line = line.rstrip()
        if line.strip():
            doc.blocks.append(Paragraph(line.strip(" "), Location(part="body", paragraph=n)))
    if guessed:
        doc.warnings.append(Problem("encoding-guessed", f"{label} is not UTF-8; it was read as Windows-1252",
                                    severity=WARNING))
    return doc


def read(path: str, label: str, fmt: str = "text") -> Document:
    with open(path, "rb") as fh:
        return read_text(fh.read(MAX_CSV_BYTES + 1), path, label)
