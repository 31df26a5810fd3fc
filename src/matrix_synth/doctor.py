"""What this machine can read, and what to install for the rest (`matrix-synth doctor`).

Everything but two kinds of file is read by Python alone. Old Word/Excel formats (.doc, .rtf,
.wpd…) need LibreOffice to convert them; scanned PDFs and photos of a return need Tesseract OCR
with its English data. Each is checked by finding and running it, not by guessing."""
from __future__ import annotations

import os
import platform
import subprocess
import sys
from dataclasses import asdict, dataclass


@dataclass
class Capability:
    name: str  # what it enables, in the analyst's words
    ok: bool
    detail: str  # where it was found, or why not
    install: str = ""  # what to do when it is missing, for this system


def _system() -> str:
    if sys.platform.startswith("win"):
        return "windows"
    if sys.platform == "darwin":
        return "macos"
    return "linux"


_INSTALL = {
    "libreoffice": {"windows": "Install LibreOffice from https://www.libreoffice.org/download/ (it is found in "
                               "C:\\Program Files\\LibreOffice).",
                    "macos": "brew install --cask libreoffice",
                    "linux": "sudo apt-get install libreoffice-writer-nogui libreoffice-calc-nogui"},
    "tesseract": {"windows": "Install Tesseract OCR with the installer from "
                             "https://github.com/UB-Mannheim/tesseract/wiki (it is found in C:\\Program Files).",
                  "macos": "brew install tesseract",
                  "linux": "sudo apt-get install tesseract-ocr tesseract-ocr-eng"},
}


def _run(argv: list[str]) -> str | None:
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    return (done.stdout or "") + (done.stderr or "")


def _libreoffice() -> Capability:
    from .readers.convert import soffice

    name = "old formats (.doc, .rtf, .wpd, .sxw…), converted with LibreOffice"
    exe = soffice()
    if exe is None:
        return Capability(name, False, "LibreOffice (soffice) is not installed", _INSTALL["libreoffice"][_system()])
    out = _run([exe, "--version"])
    if not out:
        return Capability(name, False, f"{exe} does not run", _INSTALL["libreoffice"][_system()])
    return Capability(name, True, f"{out.strip().splitlines()[0]} ({exe})")


def _tesseract() -> Capability:
    from .readers.ocr import tesseract

    name = "scanned PDFs and photos of a return, read with Tesseract OCR"
    exe = tesseract()
    if exe is None:
        return Capability(name, False, "Tesseract OCR is not installed", _INSTALL["tesseract"][_system()])
    langs = _run([exe, "--list-langs"]) or ""
    if "eng" not in langs.split():
        return Capability(name, False, f"{exe} has no English language data", _INSTALL["tesseract"][_system()])
    version = (_run([exe, "--version"]) or "").strip().splitlines()
    return Capability(name, True, f"{version[0] if version else 'tesseract'} with English ({exe})")


def check_setup() -> list[Capability]:
    """Every capability, checked here and now."""
    python_ok = sys.version_info >= (3, 10)
    from . import __version__
    return [
        Capability(f"matrix-synth {__version__} on Python {platform.python_version()}", python_ok,
                   f"{sys.executable} ({platform.system()} {platform.release()})",
                   "" if python_ok else "Install Python 3.10 or later."),
        Capability("Word, Excel, OpenDocument, PowerPoint, text PDF, CSV, zip and e-mail files", True,
                   "read by Python alone, nothing to install"),
        _libreoffice(),
        _tesseract(),
        Capability("where the store is written", os.access(os.getcwd(), os.W_OK), os.getcwd(),
                   "" if os.access(os.getcwd(), os.W_OK) else
                   "This folder cannot be written to: run from a folder of yours, or pass --db PATH."),
    ]


def as_dicts(caps: list[Capability]) -> list[dict]:
    return [asdict(c) for c in caps]
