"""Bounded, entity-free reading of zipped XML (OOXML and ODF).

Office files are zips of XML; a hostile or broken one can be a zip bomb, hold a
DTD with entity expansion, or point at external files. We read each part with a
size cap and refuse any DOCTYPE or ENTITY declaration (Office never writes one)
before parsing.

Parts are parsed with the standard library's ElementTree (expat), not lxml: the readers
only walk children and read attributes, and ElementTree's elements are plain Python
objects where lxml builds a proxy for every element touched, so a Word table is read in
two-thirds of the time. Expat never fetches external entities, and from expat 2.4 it
also limits entity expansion, behind the DOCTYPE check."""
from __future__ import annotations

import zipfile
import zlib

import xml.etree.ElementTree as ET

from ..problems import ReadFailure

from ..limits import MAX_XML_PART_BYTES as MAX_PART_BYTES  # one XML part, uncompressed
from ..limits import MAX_ZIP_RATIO
from .safexml import parse as _safe_parse



def bomb_like(info: zipfile.ZipInfo) -> bool:
    """A part or member over 1 MiB that expands more than MAX_ZIP_RATIO times: a zip bomb, not a return."""
    return info.file_size > 1_048_576 and info.file_size > MAX_ZIP_RATIO * max(1, info.compress_size)


def open_zip(path: str, label: str) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise ReadFailure("corrupt-file", f"{label} is not a complete {_kind(path)} file (the zip container "
                                          "is truncated or damaged)") from None
    except OSError as exc:
        raise ReadFailure("corrupt-file", f"{label} could not be opened: {exc.strerror or exc}") from None


def _kind(path: str) -> str:
    ext = path.rsplit(".", 1)[-1].lower() if "." in path else ""
    return {"docx": "Word", "docm": "Word", "xlsx": "Excel", "xlsm": "Excel", "odt": "OpenDocument",
            "ods": "OpenDocument"}.get(ext, "Office")


def read_part(zf: zipfile.ZipFile, name: str, label: str, limit: int = MAX_PART_BYTES) -> bytes:
    """The bytes of one part, refusing oversized and bomb-like parts."""
    try:
        info = zf.getinfo(name)
    except KeyError:
        raise ReadFailure("corrupt-file", f"{label} has no '{name}' part") from None
    if info.file_size > limit:
        raise ReadFailure("too-large", f"{label}: part '{name}' would be {info.file_size // 1_000_000} MB "
                                       f"uncompressed (limit {limit // 1_000_000} MB)")
    if bomb_like(info):
        raise ReadFailure("too-large", f"{label}: part '{name}' expands {info.file_size // max(1, info.compress_size)}"
                                       " times when unzipped, which looks like a zip bomb")
    try:
        with zf.open(info) as fh:
            data = fh.read(limit + 1)  # the declared size can lie: never read past the cap
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, zlib.error) as exc:
        raise ReadFailure("corrupt-file", f"{label}: part '{name}' is damaged ({exc})") from None
    except NotImplementedError:
        raise ReadFailure("corrupt-file", f"{label}: part '{name}' uses an unsupported compression") from None
    except RuntimeError as exc:  # zipfile raises RuntimeError for encrypted members
        raise ReadFailure("encrypted-file", f"{label} is password-protected ({exc})") from None
    if len(data) > limit:
        raise ReadFailure("too-large", f"{label}: part '{name}' is larger than {limit // 1_000_000} MB")
    return data


def parse_xml(data: bytes, name: str, label: str) -> ET.Element:
    """Parse one XML part safely: no DTD, no entities, no network. Comments are dropped."""
    # Refused at the parser (safexml): a DTD after a long comment or in a UTF-16 part is caught too.
    return _safe_parse(data, name, label)


def load_xml(zf: zipfile.ZipFile, name: str, label: str) -> ET.Element:
    return parse_xml(read_part(zf, name, label), name, label)


def has_part(zf: zipfile.ZipFile, name: str) -> bool:
    try:
        zf.getinfo(name)
        return True
    except KeyError:
        return False
