"""One reader per format behind one small interface: ``read(path, label, fmt) -> Document``
(zip-based readers also take ``zf=``, the zip the sniffer already opened).

The format is found from the file's first bytes (and the zip's contents), the name's
extension only breaking ties, so a text file renamed .docx is caught rather than crashed on.
Readers are imported lazily: ``matrix-synth --help`` loads none of them."""
from __future__ import annotations

import importlib
import os
import struct
import zipfile
import zlib

from ..document import Document
from ..problems import ReadFailure

# format -> module that reads it. Order is not significant: _identify() decides the format.
REGISTRY: dict[str, str] = {
    "docx": "matrix_synth.readers.docx",
    "xlsx": "matrix_synth.readers.xlsx",
    "odt": "matrix_synth.readers.odf",
    "ods": "matrix_synth.readers.odf",
    "xls": "matrix_synth.readers.calamine",
    "xlsb": "matrix_synth.readers.calamine",
    "pdf": "matrix_synth.readers.pdf",
    "csv": "matrix_synth.readers.csv",
    "legacy": "matrix_synth.readers.convert",
}

# Readers of zip-based formats that accept the zip the sniffer opened (read(..., zf=zf)).
_TAKES_ZIP = {"docx", "xlsx", "odt", "ods"}

# What a folder walk picks up. Anything else in a returns folder is listed as skipped.
RETURN_EXTENSIONS = {".docx", ".docm", ".dotx", ".dotm", ".xlsx", ".xlsm", ".xltx", ".xltm", ".xls", ".xlsb",
                     ".odt", ".ods", ".ott", ".ots", ".pdf", ".csv", ".tsv", ".doc", ".dot", ".rtf", ".wpd",
                     ".wps", ".sxw", ".sxc", ".fodt", ".fods"}
_LEGACY_EXTENSIONS = {".doc", ".dot", ".rtf", ".wpd", ".wps", ".sxw", ".sxc", ".fodt", ".fods"}
_TEXT_EXTENSIONS = {".csv", ".tsv", ".txt"}
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ODF_MIMETYPES = {"application/vnd.oasis.opendocument.text": "odt",
                  "application/vnd.oasis.opendocument.text-template": "odt",
                  "application/vnd.oasis.opendocument.spreadsheet": "ods",
                  "application/vnd.oasis.opendocument.spreadsheet-template": "ods"}
_NAMED = {".docx": "a Word", ".docm": "a Word", ".xlsx": "an Excel", ".xlsm": "an Excel", ".xls": "an Excel",
          ".odt": "an OpenDocument", ".ods": "an OpenDocument", ".pdf": "a PDF"}


def _identify(path: str, label: str) -> tuple[str, zipfile.ZipFile | None]:
    """The format key for path, from its content, and for a zip-based format the open zip (read
    once, handed to the reader). Raises ReadFailure with a clear problem."""
    ext = os.path.splitext(path)[1].lower()
    try:
        size = os.path.getsize(path)
        with open(path, "rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise ReadFailure("read-error", f"{label} could not be opened: {exc.strerror or exc}") from None
    if size == 0:
        raise ReadFailure("empty-file", f"{label} is empty (0 bytes)")
    if head.startswith(b"PK"):
        return _sniff_zip(path, label, ext)
    if head.startswith(_OLE_MAGIC):
        return _sniff_ole(path, label, ext), None
    if head.startswith(b"%PDF"):
        return "pdf", None
    if head.startswith(b"{\\rtf"):
        return "legacy", None
    if ext in _TEXT_EXTENSIONS:
        return "csv", None
    if ext in {".fodt", ".fods", ".wpd"}:
        return "legacy", None
    if ext in _NAMED:
        what = "plain text" if _looks_textual(path) else "not " + _NAMED[ext] + " file"
        raise ReadFailure("wrong-format", f"{label} is named {ext} but its content is {what}")
    raise ReadFailure("unsupported-format", f"{label} is not a format matrix-synth reads ({ext or 'no extension'})")


def _looks_textual(path: str) -> bool:
    with open(path, "rb") as fh:
        chunk = fh.read(4096)
    return b"\x00" not in chunk


def _sniff_zip(path: str, label: str, ext: str) -> tuple[str, zipfile.ZipFile | None]:
    try:
        zf = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise ReadFailure("corrupt-file", f"{label} is damaged or truncated (its zip container cannot be "
                                          "read)") from None
    except (OSError, EOFError, ValueError, struct.error, zlib.error) as exc:
        raise ReadFailure("corrupt-file", f"{label} is damaged ({exc})") from None
    try:
        fmt = _zip_format(zf, label)
    except BaseException:
        zf.close()
        raise
    return fmt, zf


def _zip_format(zf: zipfile.ZipFile, label: str) -> str:
    names = set(zf.namelist())
    if "mimetype" in names:
        try:
            mimetype = zf.read("mimetype")[:100].decode("ascii", "replace").strip()
            manifest = zf.read("META-INF/manifest.xml") if "META-INF/manifest.xml" in names else b""
        except (zipfile.BadZipFile, OSError, KeyError, EOFError, RuntimeError, NotImplementedError, zlib.error) as exc:
            raise ReadFailure("corrupt-file", f"{label} is damaged ({exc})") from None
        if b"encryption-data" in manifest:
            raise ReadFailure("encrypted-file", f"{label} is password-protected")
        if mimetype in _ODF_MIMETYPES:
            return _ODF_MIMETYPES[mimetype]
        raise ReadFailure("unsupported-format", f"{label} is an OpenDocument file of type '{mimetype}', "
                                                "not a text document or spreadsheet")
    if "word/document.xml" in names or any(n.startswith("word/") and n.endswith(".xml") for n in names):
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "xl/workbook.bin" in names:
        return "xlsb"
    if "ppt/presentation.xml" in names:
        raise ReadFailure("unsupported-format", f"{label} is a PowerPoint presentation; matrices are read from "
                                                "Word, Excel, OpenDocument, PDF and CSV files")
    raise ReadFailure("wrong-format", f"{label} is a zip archive but not a Word, Excel or OpenDocument file")


def _sniff_ole(path: str, label: str, ext: str) -> str:
    with open(path, "rb") as fh:
        data = fh.read(4 * 1024 * 1024)
    if "EncryptionInfo".encode("utf-16-le") in data or "EncryptedPackage".encode("utf-16-le") in data:
        raise ReadFailure("encrypted-file", f"{label} is password-protected")
    if "WordDocument".encode("utf-16-le") in data:
        return "legacy"  # Word 97-2003: converted with LibreOffice
    if "Workbook".encode("utf-16-le") in data or "Book\0".encode("utf-16-le") in data:
        return "xls"
    return "legacy"  # Word 97-2003 and other compound documents: converted with LibreOffice


# What damaged content makes a reader raise (a bad number in an attribute, a broken compressed
# stream, a truncated record): reported as corrupt-file, not as a bug to report.
DAMAGE = (ValueError, LookupError, EOFError, struct.error, zlib.error, zipfile.BadZipFile, OSError,
          NotImplementedError, OverflowError)


def read_document(path: str, label: str | None = None) -> Document:
    """Read any supported file into a Document. Raises ReadFailure for a file that cannot be read."""
    label = label or os.path.basename(path)
    fmt, zf = _identify(path, label)
    module = importlib.import_module(REGISTRY[fmt])
    try:
        if zf is None or fmt not in _TAKES_ZIP:
            if zf is not None:
                zf.close()
            return module.read(path, label, fmt)
        with zf:  # the zip-based readers take the zip sniffing opened, rather than open it again
            return module.read(path, label, fmt, zf=zf)
    except ReadFailure:
        raise
    except RecursionError:
        raise ReadFailure("too-large", f"{label} nests tables or other structures too deeply to read") from None
    except DAMAGE as exc:
        raise ReadFailure("corrupt-file", f"{label} is damaged and could not be read ({_why(exc)})") from None
    except Exception as exc:
        if fmt in ("pdf", "xls", "xlsb"):  # the PDF parser's and calamine's own exception types
            raise ReadFailure("corrupt-file", f"{label} is damaged and could not be read ({_why(exc)})") from None
        raise


def _why(exc: BaseException) -> str:
    text = str(exc).splitlines()[0][:120] if str(exc) else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
