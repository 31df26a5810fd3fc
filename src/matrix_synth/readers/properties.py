"""Document properties (title, subject, keywords, description, company, manager): where a board
often writes its name when the body does not. Read from docProps/core.xml and docProps/app.xml
(Word, Excel) or meta.xml (ODF); each value is bounded."""
from __future__ import annotations

import zipfile

from .safezip import has_part, load_xml

MAX_VALUE = 500  # characters kept of one property
_DC = "{http://purl.org/dc/elements/1.1/}"
_CP = "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}"
_META = "{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}"
_OOXML_CORE = {_DC + "title": "title", _DC + "subject": "subject", _CP + "keywords": "keywords",
               _DC + "description": "description", _CP + "category": "category"}
_APP_KEYS = {"company": "company", "manager": "manager"}
_ODF = {_DC + "title": "title", _DC + "subject": "subject", _META + "keyword": "keywords",
        _DC + "description": "description"}


def _put(out: dict[str, str], key: str, text: str | None) -> None:
    value = " ".join((text or "").split())[:MAX_VALUE]
    if value and key not in out:
        out[key] = value
    elif value and value not in out[key]:
        out[key] += "; " + value


def ooxml_properties(zf: zipfile.ZipFile, label: str) -> dict[str, str]:
    out: dict[str, str] = {}
    if has_part(zf, "docProps/core.xml"):
        for el in load_xml(zf, "docProps/core.xml", label):
            if el.tag in _OOXML_CORE:
                _put(out, _OOXML_CORE[el.tag], el.text)
    if has_part(zf, "docProps/app.xml"):
        for el in load_xml(zf, "docProps/app.xml", label):
            key = _APP_KEYS.get(el.tag.rsplit("}", 1)[-1].lower()) if isinstance(el.tag, str) else None
            if key:
                _put(out, key, el.text)
    return out


def odf_properties(zf: zipfile.ZipFile, label: str) -> dict[str, str]:
    out: dict[str, str] = {}
    if has_part(zf, "meta.xml"):
        for el in load_xml(zf, "meta.xml", label).iter():
            if el.tag in _ODF:
                _put(out, _ODF[el.tag], el.text)
    return out
