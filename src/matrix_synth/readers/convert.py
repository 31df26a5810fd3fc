"""Legacy formats (.doc, .rtf, .wpd, old StarOffice…) converted with LibreOffice, then read
by the docx/xlsx reader. Conversion runs headless with a private profile and a time limit;
LibreOffice does not run document macros when converting."""
from __future__ import annotations

import os
import pathlib
import shutil
import subprocess
import tempfile

from ..document import Document
from ..problems import ReadFailure

TIMEOUT_SECONDS = 120
_SPREADSHEET_EXTENSIONS = {".xls", ".sxc", ".fods", ".xlt"}


def soffice() -> str | None:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for candidate in (r"C:\Program Files\LibreOffice\program\soffice.exe",
                      "/Applications/LibreOffice.app/Contents/MacOS/soffice"):
        if os.path.exists(candidate):
            return candidate
    return None


def read(path: str, label: str, fmt: str = "legacy") -> Document:
    if os.path.splitext(path)[1].lower() in (".fodt", ".fods"):  # flat XML: no DTD reaches LibreOffice
        from ..limits import MAX_XML_PART_BYTES
        from .safexml import check_prologue
        with open(path, "rb") as fh:
            check_prologue(fh.read(MAX_XML_PART_BYTES), os.path.basename(path), label)
    exe = soffice()
    if exe is None:
        raise ReadFailure("needs-libreoffice", f"{label} is in an older format ({os.path.splitext(path)[1] or 'unknown'})"
                                               " that needs LibreOffice to convert")
    target = "xlsx" if os.path.splitext(path)[1].lower() in _SPREADSHEET_EXTENSIONS else "docx"
    with tempfile.TemporaryDirectory(prefix="matrix-synth-") as tmp:
        profile = pathlib.Path(tmp, "profile").as_uri()  # file:///C:/… on Windows, file:///tmp/… elsewhere
        cmd = [exe, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to", target,
               "--outdir", tmp, path]
        try:
            subprocess.run(cmd, capture_output=True, timeout=TIMEOUT_SECONDS, check=False)
        except subprocess.TimeoutExpired:
            raise ReadFailure("conversion-failed", f"{label}: LibreOffice took longer than {TIMEOUT_SECONDS} s "
                                                   "to convert it") from None
        out = os.path.join(tmp, os.path.splitext(os.path.basename(path))[0] + "." + target)
        if not os.path.exists(out):
            raise ReadFailure("conversion-failed", f"{label} could not be converted by LibreOffice")
        if target == "xlsx":
            from .xlsx import read as read_converted
        else:
            from .docx import read as read_converted
        doc = read_converted(out, label, target)
    doc.path = path
    doc.format = os.path.splitext(path)[1].lower().lstrip(".") or "legacy"
    return doc
