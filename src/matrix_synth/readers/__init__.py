"""One reader per format behind one small interface: ``read(path, label, fmt) -> Document``
(zip-based readers also take ``zf=``, the zip the sniffer already opened).

The format is found from the file's first bytes (and the zip's contents), the name's
extension only breaking ties, so a text file renamed .docx is caught rather than crashed on.
Readers are imported lazily: ``matrix-synth --help`` loads none of them."""
from __future__ import annotations

import importlib
import io
import os
import struct
import tempfile
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
    "pptx": "matrix_synth.readers.pptx",
    "image": "matrix_synth.readers.ocr",
    "html": "matrix_synth.readers.html",
    "mhtml": "matrix_synth.readers.html",
    "text": "matrix_synth.readers.text",
}

# Readers of zip-based formats that accept the zip the sniffer opened (read(..., zf=zf)).
_TAKES_ZIP = {"docx", "xlsx", "odt", "ods", "pptx"}

# What a folder walk picks up. Anything else in a returns folder is listed as skipped.
RETURN_EXTENSIONS = {".docx", ".docm", ".dotx", ".dotm", ".xlsx", ".xlsm", ".xltx", ".xltm", ".xls", ".xlsb",
                     ".odt", ".ods", ".ott", ".ots", ".pdf", ".csv", ".tsv", ".doc", ".dot", ".rtf", ".wpd",
                     ".wps", ".sxw", ".sxc", ".fodt", ".fods", ".pptx", ".pptm", ".potx",
                     ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".txt", ".htm", ".html", ".mht", ".mhtml"}
_NEVER_RETURNS = {"thumbs.db", ".ds_store", "desktop.ini"}
# Plain-text and web files are returns only when they speak of the matrix (schema.mentions_matrix).
SNIFFED_EXTENSIONS = {".txt", ".htm", ".html", ".mht", ".mhtml"}


def speaks_of_matrix(name: str, open_file) -> bool:
    """A file whose extension makes it a return; a text or web file only if its first part names the
    matrix (a readme does not). open_file() opens it for reading bytes; a file that cannot be opened
    counts as a return, so that reading it says what is wrong."""
    from ..schema import SNIFF_BYTES, mentions_matrix

    if os.path.splitext(name)[1].lower() not in SNIFFED_EXTENSIONS:
        return True
    try:
        with open_file() as fh:
            return mentions_matrix(fh.read(SNIFF_BYTES))
    except Exception:
        return True


def ignored_name(name: str) -> bool:
    """Hidden files, Office lock files (~$…) and system files: never returns, in a folder or a zip."""
    return name.startswith((".", "~$")) or name.lower() in _NEVER_RETURNS
_LEGACY_EXTENSIONS = {".doc", ".dot", ".rtf", ".wpd", ".wps", ".sxw", ".sxc", ".fodt", ".fods"}
_TEXT_EXTENSIONS = {".csv", ".tsv"}
_WEB_EXTENSIONS = {".htm", ".html", ".xhtml"}
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ODF_MIMETYPES = {"application/vnd.oasis.opendocument.text": "odt",
                  "application/vnd.oasis.opendocument.text-template": "odt",
                  "application/vnd.oasis.opendocument.spreadsheet": "ods",
                  "application/vnd.oasis.opendocument.spreadsheet-template": "ods"}
_NAMED = {".docx": "a Word", ".docm": "a Word", ".xlsx": "an Excel", ".xlsm": "an Excel", ".xls": "an Excel",
          ".odt": "an OpenDocument", ".ods": "an OpenDocument", ".pdf": "a PDF", ".pptx": "a PowerPoint",
          ".doc": "a Word", ".png": "an image", ".jpg": "an image", ".jpeg": "an image", ".tif": "an image",
          ".tiff": "an image"}
_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")
_OUTLOOK_HINT = ("open it in Outlook and save the attachment into the folder, or put the message in the folder "
                 "as a .msg file")


def _identify(path: str, label: str, data: bytes | None = None) -> tuple[str, zipfile.ZipFile | None]:
    """The format key for path (or for data, the file's bytes, when it was read from a container),
    from its content, and for a zip-based format the open zip (read once, handed to the reader).
    Raises ReadFailure with a clear problem."""
    ext = os.path.splitext(path)[1].lower()
    if data is not None:
        size, head = len(data), data[:4096]
    else:
        try:
            size = os.path.getsize(path)
            with open(path, "rb") as fh:
                head = fh.read(4096)
        except OSError as exc:
            raise ReadFailure("read-error", f"{label} could not be opened: {exc.strerror or exc}") from None
    if size == 0:
        raise ReadFailure("empty-file", f"{label} is empty (0 bytes)")
    if head.startswith(b"PK"):
        return _sniff_zip(path if data is None else io.BytesIO(data), label, ext)
    if head.startswith(_OLE_MAGIC):
        return _sniff_ole(path, label, ext, data), None
    if head.startswith(b"%PDF"):
        return "pdf", None
    if head.startswith(b"{\\rtf"):
        return "legacy", None
    if head.startswith(_IMAGE_MAGIC):
        return "image", None
    if ext in _TEXT_EXTENSIONS:
        return "csv", None
    if ext in _WEB_EXTENSIONS or (ext not in _NAMED and _looks_like_html(head)):
        return "html", None  # a Word document saved as a web page, an HTML e-mail body
    if ext in (".mht", ".mhtml"):
        return "mhtml", None
    if ext == ".txt":
        return "text", None
    if ext in {".fodt", ".fods", ".wpd"}:
        return "legacy", None
    if ext in _NAMED:
        what = _what_text_is(head)
        if what:
            raise ReadFailure("wrong-format", f"{label} is named {ext} but is {what}")
        what = "plain text" if b"\x00" not in head else "not " + _NAMED[ext] + " file"
        raise ReadFailure("wrong-format", f"{label} is named {ext} but its content is {what}")
    raise ReadFailure("unsupported-format", f"{label} is not a format matrix-synth reads ({ext or 'no extension'})")


def _looks_like_html(head: bytes) -> bool:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return text.startswith((b"<!doctype html", b"<html")) or b"<html" in text[:1024]


def _what_text_is(head: bytes) -> str:
    """What a text file under a document's name really is: a saved e-mail or a web page."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    mail_headers = sum(1 for h in (b"from:", b"to:", b"subject:", b"date:", b"mime-version:", b"received:",
                                   b"message-id:", b"return-path:") if text.startswith(h) or b"\n" + h in text)
    if mail_headers >= 2:
        return ("a saved e-mail (.eml): rename it to .eml and matrix-synth reads the returns attached to it, "
                "or open it and save the attachment into the folder")
    if _looks_like_html(text):
        if b"urn:schemas-microsoft-com:office:word" in text or b"urn:schemas-microsoft-com:office:excel" in text:
            return ("a web page saved from Word or Excel (HTML): open it in Word or Excel and save it as "
                    ".docx or .xlsx")
        return ("a web page or HTML e-mail: open the e-mail it came from and save the attached return, or open "
                "it in Word and save it as .docx")
    return ""


def _sniff_zip(path, label: str, ext: str) -> tuple[str, zipfile.ZipFile | None]:
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
        return "pptx"
    raise ReadFailure("wrong-format", f"{label} is a zip archive of other files, not a Word, Excel, PowerPoint "
                                      "or OpenDocument file: rename it to .zip and matrix-synth reads the returns "
                                      "inside it")


def office_zip_format(zf: zipfile.ZipFile) -> str | None:
    """The Office format of an open zip, or None for a plain archive (never raises)."""
    try:
        return _zip_format(zf, "")
    except ReadFailure as exc:
        return None if exc.problem.code == "wrong-format" else "office"


def _sniff_ole(path: str, label: str, ext: str, data: bytes | None = None) -> str:
    if data is None:
        with open(path, "rb") as fh:
            data = fh.read(4 * 1024 * 1024)
    else:
        data = data[:4 * 1024 * 1024]
    if "__substg1.0_".encode("utf-16-le") in data and ext not in (".msg",):
        raise ReadFailure("wrong-format", f"{label} is an Outlook message, not {_NAMED.get(ext, 'a return')} file: "
                                          f"{_OUTLOOK_HINT}")
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


def read_document(path: str, label: str | None = None, data: bytes | None = None,
                  content: bytes | None = None) -> Document:
    """Read any supported file into a Document. Raises ReadFailure for a file that cannot be read.

    data: the file's bytes when it comes out of a container (path is then its name inside). The
    zip-based formats read them in memory; the readers that need a file on disk get a private
    temporary copy, removed straight after.
    content: the bytes of the file at path, already read (the pipeline reads a file once, for its
    hash and its reader): the zip-based formats read them in memory, the others read path."""
    label = label or os.path.basename(path)
    fmt, zf = _identify(path, label, data if data is not None else content)
    module = importlib.import_module(REGISTRY[fmt])
    try:
        if zf is None or fmt not in _TAKES_ZIP:
            if zf is not None:
                zf.close()
            if data is not None:
                return _read_copy(module, data, path, label, fmt)
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


def _read_copy(module, data: bytes, name: str, label: str, fmt: str) -> Document:
    ext = os.path.splitext(name)[1].lower()
    with tempfile.TemporaryDirectory(prefix="matrix-synth-") as tmp:
        copy = os.path.join(tmp, "member" + ext)
        with open(copy, "wb") as fh:
            fh.write(data)
        doc = module.read(copy, label, fmt)
    doc.path = name
    return doc
