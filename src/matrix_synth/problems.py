"""Problems are data: a kebab code, a message naming the file and place, and a hint."""
from __future__ import annotations

from dataclasses import asdict, dataclass

ERROR = "error"
WARNING = "warning"

# code -> (severity, hint). The message is built where the problem is found.
HINTS: dict[str, tuple[str, str]] = {
    "empty-file": (ERROR, "The file has no content. Ask the board to send the return again."),
    "wrong-format": (ERROR, "Open the file to see what it really is, and save it again in the format its name says "
                            "(or rename it to the right extension)."),
    "corrupt-file": (ERROR, "The file is damaged or incomplete. Ask the board to send it again, or open it in "
                            "Word/Excel and use 'Save As' to make a fresh copy."),
    "encrypted-file": (ERROR, "The file is protected by a password. Ask the board for an unprotected copy."),
    "unsafe-file": (ERROR, "The file holds XML constructs that Office never writes (a DTD or entities) and was not "
                           "read, for safety. Open it in Word/Excel and save a fresh copy."),
    "too-large": (ERROR, "A part of the file is larger than a return can reasonably be. Check it is the right "
                         "file; if it is, save a copy without embedded media."),
    "unsupported-format": (ERROR, "Save the return as .docx, .xlsx, .odt, .ods, .pdf or .csv and ingest it again."),
    "needs-libreoffice": (ERROR, "This older format is read by converting it with LibreOffice, which is not "
                                 "installed. Install LibreOffice (it provides 'soffice'), or open the file in "
                                 "Word/Excel and save it as .docx/.xlsx."),
    "conversion-failed": (ERROR, "LibreOffice could not convert the file. Open it in Word/Excel and save it as "
                                 ".docx/.xlsx."),
    "encoding": (ERROR, "The CSV file has characters that are neither UTF-8 nor Windows-1252. In Excel use "
                        "'Save As' > 'CSV UTF-8'."),
    "encoding-guessed": (WARNING, "The CSV file is not UTF-8; it was read as Windows-1252. Check accented "
                                  "characters, or save it as 'CSV UTF-8'."),
    "no-matrix-found": (ERROR, "No engagement matrix (functions x levels), activity list or 'level N' statement "
                               "was found. If this is a covering letter, it can be left out; otherwise check the "
                               "function and level headings."),
    "board-unknown": (WARNING, "The board could not be identified from the document or the file name. Add the "
                               "board's name to the file name, or record it with 'matrix-synth correct'."),
    "level-unreadable": (WARNING, "A level could not be read. Write it as a number 1-5 or a level name "
                                  "(Inform, Consult, Involve, Collaborate, Empower)."),
    "function-unreadable": (WARNING, "A function could not be read. Use one of the five function names."),
    "no-text-layer": (ERROR, "The PDF or picture has no text (it is probably a scan) and Tesseract OCR, which "
                             "reads scans, is not installed. Install it (Windows: the installer from "
                             "https://github.com/UB-Mannheim/tesseract/wiki; Debian/Ubuntu: 'sudo apt install "
                             "tesseract-ocr'; macOS: 'brew install tesseract') and ingest again, or ask the board "
                             "for the Word or Excel original."),
    "no-attachment": (ERROR, "The e-mail has no return attached. Forward the board's e-mail with the matrix "
                             "attached, or save the attachment into the returns folder."),
    "read-error": (ERROR, "The file could not be read. Run again with --debug for details, and report it."),
    "unplaced-text": (WARNING, "Some text could not be tied to a function and level; it is kept in the "
                               "'unplaced' table. Review it with 'matrix-synth review'."),
    "correction-unmatched": (WARNING, "A correction in the corrections file no longer matches anything. "
                                      "Edit or remove it."),
}


@dataclass
class Problem:
    code: str
    message: str
    file: str = ""
    location: str = ""
    severity: str = ""
    hint: str = ""

    def __post_init__(self) -> None:
        default_severity, default_hint = HINTS.get(self.code, (ERROR, ""))
        self.severity = self.severity or default_severity
        self.hint = self.hint or default_hint

    def to_dict(self) -> dict[str, str]:
        return asdict(self)

    def line(self) -> str:
        where = f" ({self.location})" if self.location else ""
        return f"{self.severity}: [{self.code}] {self.message}{where}. {self.hint}"


class ReadFailure(Exception):
    """A file could not be read at all. Carries one Problem."""

    def __init__(self, code: str, message: str, location: str = "") -> None:
        super().__init__(message)
        self.problem = Problem(code=code, message=message, location=location)


class MatrixSynthError(Exception):
    """A user-facing error outside a single file (bad option, missing store…)."""
