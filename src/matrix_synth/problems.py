"""Problems are data: a kebab code, a message naming the file and place, and a hint."""
from __future__ import annotations

from dataclasses import dataclass, field, fields

from .document import Location

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
    "unreadable-entry": (ERROR, "This entry in the returns folder cannot be read as a file (a broken link or "
                                "shortcut, a device, a folder without permission, a name that is not text or a "
                                "path too long). Copy the return into the folder as an ordinary file with a short "
                                "name, or remove the entry."),
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
    "no-matrix-found": (WARNING, "No engagement matrix (functions x levels), activity list or 'level N' statement "
                                 "was found. The file's text is kept as unplaced text and it is left out of the "
                                 "counts. If it is a covering letter, nothing needs doing; otherwise see it with "
                                 "'matrix-synth review' and place its text with 'matrix-synth correct'."),
    "board-unknown": (WARNING, "The board could not be identified from the document or the file name. Add the "
                               "board's name to the file name, or record it with 'matrix-synth correct'."),
    "level-unreadable": (WARNING, "A level could not be read. Write it as a number 1-5 or a level name "
                                  "(Inform, Consult, Involve, Collaborate, Empower)."),
    "function-unreadable": (WARNING, "A function could not be read. Use one of the five function names."),
    "empty-matrix": (WARNING, "A matrix in the file has no cell filled in; the other matrices were read. If the "
                              "blank one should have content, ask the board for the completed version."),
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
    "duplicate-file": (WARNING, "Remove one of the copies from the returns folder."),
    "joint-return": (WARNING, "The return is written jointly by two boards and is counted once, under the board "
                              "named first. To count it under the other, set its board with 'matrix-synth "
                              "correct FILE --set board=\"NHS …\"'."),
    "correction-unmatched": (WARNING, "A correction in the corrections file no longer matches anything. "
                                      "Edit or remove it."),
}


class UnknownProblem(ValueError):
    """A problem code with no entry in HINTS: a bug, caught by the tests, never a user's error."""


@dataclass
class Problem:
    """One problem, typed where it is found: its code (a key of HINTS), its message, the file and a
    structured location (loc) as well as its description; the severity is HINTS' unless the finder
    decides otherwise (then it passes it)."""

    code: str
    message: str
    file: str = ""
    location: str = ""
    severity: str = ""
    hint: str = ""
    loc: Location | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        known = HINTS.get(self.code)
        if known is None and not (self.severity and self.hint):
            raise UnknownProblem(f"problem code '{self.code}' has no entry in problems.HINTS")
        default_severity, default_hint = known or (self.severity, self.hint)
        self.severity = self.severity or default_severity
        self.hint = self.hint or default_hint
        if self.severity not in (ERROR, WARNING):
            raise UnknownProblem(f"problem severity '{self.severity}' is neither '{ERROR}' nor '{WARNING}'")
        if self.loc is not None and not self.location:
            self.location = self.loc.describe()

    def to_dict(self) -> dict[str, str]:
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "loc"}

    def line(self) -> str:
        where = f" ({self.location})" if self.location else ""
        return f"{self.severity}: [{self.code}] {self.message}{where}. {self.hint}"


def as_problem(item: "Problem | tuple[str, str, str]") -> Problem:
    """A reader's or finder's warning as a Problem (older code may still give (code, message, location))."""
    if isinstance(item, Problem):
        return item
    code, message, location = item
    return Problem(code, message, location=location)


class ReadFailure(Exception):
    """A file could not be read at all. Carries one Problem."""

    def __init__(self, code: str, message: str, location: str = "") -> None:
        super().__init__(message)
        self.problem = Problem(code=code, message=message, location=location)


class MatrixSynthError(Exception):
    """A user-facing error outside a single file (bad option, missing store…)."""
