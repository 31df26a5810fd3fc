"""The typed record that travels from the file to the store: a Return.

Reading, detecting and normalising each fill it once, in that order:

    read      -> Document (readers/, containers.py): tables and paragraphs with their locations
    detect    -> Detection (detect/): matrices, placements, fields, free text, unplaced text
    normalise -> Return (normalise.py): problems, OCR confidence, the analyst's corrections, themes
    store     -> rows (store.py, the only module that knows a column name)

Everything here is plain, picklable data (a worker process hands a Return back to the writer)."""
from __future__ import annotations

from dataclasses import dataclass, field

from .document import Location
from .problems import ERROR, WARNING, Problem

OCR_CONFIDENCE = 0.7  # a placement read by OCR is at most this sure (review lists those below 0.75)


@dataclass
class Tag:
    """A theme found in a placement's or a free-text section's text, with the words that matched."""
    theme: str
    evidence: str


@dataclass
class Matrix:
    index: int  # 1-based within the return
    layout: str  # 'grid', 'grid-transposed', 'tick-grid', 'fill-grid', 'list', 'narrative'
    location: str  # where it sits: "sheet 'Carers'", "table 2"
    label: str = ""
    partner: str = ""
    topic: str = ""
    locality: str = ""


@dataclass
class Placement:
    """One filled cell of a matrix: a function, a level and the board's text, with where it came from."""
    matrix: int
    function: str
    level: int
    text: str
    marker: str  # 'text', 'tick' or 'fill' (' (OCR)' added when read from a scan)
    loc: Location
    confidence: float
    partner: str = ""
    topic: str = ""
    locality: str = ""
    corrected: bool = False  # moved or placed by the analyst's correction
    themes: list[Tag] = field(default_factory=list)
    themes_added: list[str] = field(default_factory=list)  # the analyst's theme corrections
    themes_removed: list[str] = field(default_factory=list)
    also_at: list[str] = field(default_factory=list)  # where the same activity is repeated in the return

    @property
    def read_by_ocr(self) -> bool:
        return self.loc.scanned


@dataclass
class Unplaced:
    text: str
    loc: Location
    reason: str  # 'unrecognised', 'no-level', 'no-function', 'boilerplate', 'context', …


@dataclass
class Section:
    """A free-text section of the return (working well, improvements, next steps, feedback)."""
    section: str  # one of detect.labels.SECTIONS
    text: str
    loc: Location
    themes: list[Tag] = field(default_factory=list)


@dataclass
class MessageContext:
    """What the e-mail a return came attached to says (sender, date, subject, covering text): kept
    with the return, never placed, never counted."""
    reason: str  # 'message sender', 'message date', 'message subject', 'covering text'
    text: str
    where: str  # "e-mail Re Engagement Matrix.eml"


@dataclass
class AppliedCorrection:
    correction: str  # its id in corrections.yaml ('C3')
    action: str  # set, move, drop, place, add_theme, remove_theme
    target: str
    detail: str


@dataclass
class FileFacts:
    """The file as found on disk (or inside its container)."""
    path: str  # the key in the store: the file's absolute path, or 'container/member'
    source_file: str  # as the analyst knows it: relative to the folder given
    round: int | None
    size: int = 0
    mtime_ns: int = 0
    sha256: str = ""
    format: str = ""  # 'docx', 'xlsx', 'pdf-ocr', … ('' when it could not be identified)
    container: str = ""  # for a member of a .zip/.eml/.msg: the container's name


@dataclass
class ReturnFields:
    """What the return says of itself, and how it was read."""
    board: str | None = None  # an id of schema.BOARDS, None when it could not be identified
    board_written: str = ""
    board_source: str = ""
    partners: str = ""
    topic: str = ""
    locality: str = ""
    completed_by: str = ""
    role: str = ""
    date: str = ""
    title: str = ""
    signoff: str = ""
    contacts: str = ""
    layout: str = ""
    coverage: float = 0.0
    confidence: float = 0.0


@dataclass
class Return:
    """One file as matrix-synth understood it. A file that could not be read has no fields (None)
    and only its problems; a file with no matrix still has its fields and all its text."""
    file: FileFacts
    fields: ReturnFields | None = None
    matrices: list[Matrix] = field(default_factory=list)
    placements: list[Placement] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    unplaced: list[Unplaced] = field(default_factory=list)
    context: list[MessageContext] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    corrections: list[AppliedCorrection] = field(default_factory=list)
    corrections_digest: str = ""  # of the corrections.yaml entries applied: a change re-reads the file
    debug: str = ""  # a traceback, with --debug
    text_chars: tuple[int, int] = (0, 0)  # characters of the return's text (boilerplate aside), and unplaced

    def update_coverage(self) -> None:
        """The share of the text placed or kept as a field or section, after the analyst's corrections."""
        total, unplaced = self.text_chars
        if self.fields is not None:
            self.fields.coverage = round(1 - unplaced / total, 3) if total else 1.0

    @property
    def failed(self) -> bool:
        return any(p.severity == ERROR for p in self.problems)

    @property
    def status(self) -> str:
        """'failed' (nothing but its problems is kept), 'warning' or 'ok'."""
        if self.failed:
            return "failed"
        return WARNING if self.problems else "ok"

    def cap_ocr_confidence(self) -> None:
        """Placements read from a scan are marked so and never more sure than OCR_CONFIDENCE; the
        return's confidence follows them."""
        scanned = [p for p in self.placements if p.read_by_ocr and not p.corrected]
        for p in scanned:
            p.confidence = round(min(OCR_CONFIDENCE, (p.confidence or 0) * OCR_CONFIDENCE), 3)
            p.marker = f"{p.marker} (OCR)" if p.marker else "OCR"
        if scanned and self.fields is not None:
            self.fields.confidence = round(min(OCR_CONFIDENCE, self.fields.confidence * OCR_CONFIDENCE), 3)
