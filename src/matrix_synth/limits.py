"""Every bound on work done for one file, in one place.

A return is a few pages holding a 5 x 5 grid (or a few of them); everything a file says
about its own size (a span, a repeat count, a sheet's dimensions, a nesting depth) is
untrusted and capped here at far more than a real matrix needs. Each file is also read
within a budget of time and memory (see budget.py); one that exceeds a bound is reported
as 'too-large' and the batch goes on.

FILE_SECONDS and FILE_MEMORY_MB can be changed with the environment variables
MATRIX_SYNTH_FILE_SECONDS and MATRIX_SYNTH_FILE_MEMORY_MB."""
from __future__ import annotations

import os


def _env_int(name: str, default: int) -> int:
    try:
        value = int(os.environ.get(name, ""))
    except ValueError:
        return default
    return value if value > 0 else default


# Budget of one file (enforced by budget.py around each file).
FILE_SECONDS = _env_int("MATRIX_SYNTH_FILE_SECONDS", 180)  # wall time to read one file (LibreOffice conversion: 120 s)
FILE_MEMORY_MB = _env_int("MATRIX_SYNTH_FILE_MEMORY_MB", 1024)  # memory a reading process may grow by

# Grids (every reader).
MAX_SPAN = 64  # one merged cell spans at most this many columns or rows (Word gridSpan, ODF spans)
MAX_REPEAT = 1000  # an ODF repeated row/column with content is expanded at most this often
MAX_SPACES = 1000  # ODF <text:s text:c=N/>: at most this many spaces
MAX_ROWS = 5000  # rows read from one table or sheet
MAX_COLUMNS = 512  # columns read from one table or sheet
MAX_CELLS = 200_000  # cells (with content) read from one table or sheet
MAX_GRID_CELLS = 1_000_000  # rows x columns of one sheet once its empty rows and columns are left out
MAX_TABLES = 2000  # tables read from one document
MAX_DEPTH = 40  # tables nested in tables (and other nested XML structures walked recursively)
MAX_TEXT_CHARS = 20_000_000  # characters of text read from one file, all cells together

# Files and parts.
MAX_XML_PART_BYTES = 64 * 1024 * 1024  # one XML part of an Office file, uncompressed
MAX_XML_TAGS = 2_000_000  # tags in one XML part (counted before parsing: a million-row sheet stops here)
MAX_CSV_BYTES = 50 * 1024 * 1024
MAX_PDF_PAGES = 40  # a return is a few pages; a 700-page manual is not read whole

# Zips and e-mails holding returns (containers.py).
MAX_ZIP_RATIO = 200  # uncompressed / compressed, for a part or member over 1 MiB: more looks like a zip bomb
MAX_CONTAINER_MEMBERS = 5000  # members listed in one container (all levels together)
MAX_MEMBER_BYTES = 100 * 1024 * 1024  # one member, uncompressed
MAX_CONTAINER_BYTES = 2 * 1024 * 1024 * 1024  # all members of one container, uncompressed
MAX_CONTAINER_DEPTH = 3  # a zip in a zip in a zip: deeper is not opened

# Scans and pictures read by OCR (readers/ocr.py).
MAX_OCR_PAGES = 10  # OCR costs seconds a page
MAX_OCR_PIXELS = 40_000_000  # a page image (an A4 page at 200 dpi is 3.9 million)
OCR_PAGE_SECONDS = 60  # Tesseract on one page
OCR_FILE_SECONDS = 240  # all the OCR of one file

# Theme tagging: text scanned for keywords per item.
MAX_TAG_CHARS = 20_000

# Configuration files.
MAX_CONFIG_BYTES = 1024 * 1024  # corrections.yaml and --themes files
MAX_CONFIG_NODES = 100_000  # YAML nodes after aliases are followed (an alias bomb stops here)

# Rounds (years) accepted from --round, --compare and corrections.
MIN_ROUND = 2000
MAX_ROUND = 2100

