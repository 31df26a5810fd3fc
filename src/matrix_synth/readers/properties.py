"""Document properties (title, subject, keywords, description, company, manager): where a board
often writes its name when the body does not. Read from docProps/core.xml and docProps/app.xml
(Word, Excel) or meta.xml (ODF); each value is bounded."""
from __future__ import annotations

import html
import re
import zipfile

from .safexml import check_prologue
from .safezip import has_part, load_xml, parse_xml, read_part

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
    for name, names, pattern, key_of in _OOXML_PARTS:
        if not has_part(zf, name):
            continue
        data = read_part(zf, name, label)
        found = _scan(data, name, label, names, pattern)
        if found is None:  # not plain UTF-8 XML: parsed
            found = [(key, el.text) for el in parse_xml(data, name, label)
                     if isinstance(el.tag, str) and (key := key_of(el.tag))]
        for key, text in found:
            _put(out, key, text)
    return out


_CORE_NAMES = {"title": "title", "subject": "subject", "keywords": "keywords", "description": "description",
               "category": "category"}


def _property_re(names: dict[str, str]) -> re.Pattern[bytes]:
    """An element named by one of names (any prefix, any case), with its text up to the next tag."""
    alternatives = "|".join(sorted(names)).encode()
    return re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(" + alternatives + rb")(?:\s[^>]*)?(?<!/)>([^<]*)(?=<)", re.I)


# each part: its name, the property names a scan looks for, their pattern, and a parsed element's key
_OOXML_PARTS = (("docProps/core.xml", _CORE_NAMES, _property_re(_CORE_NAMES), _OOXML_CORE.get),
                ("docProps/app.xml", _APP_KEYS, _property_re(_APP_KEYS),
                 lambda tag: _APP_KEYS.get(tag.rsplit("}", 1)[-1].lower())))
_PLAIN_PROLOGUE_RE = re.compile(rb"(?:\xef\xbb\xbf)?\s*(?:<\?xml\s[^>]*?\?>)?\s*<")


def _scan(data: bytes, name: str, label: str, names: dict[str, str],
          pattern: re.Pattern[bytes]) -> list[tuple[str, str]] | None:
    """(key, text) of the property elements of a small properties part, by a scan rather than a parse:
    a part of a few lines costs more to parse (and to build a parser for) than to read. None if the part
    is not plain UTF-8 XML (another encoding, CDATA): it is parsed then. A DTD is refused either way."""
    check_prologue(data, name, label)
    head = _PLAIN_PROLOGUE_RE.match(data)
    decl = data[:head.end()].lower() if head else b""
    if head is None or (b"encoding" in decl and b"utf-8" not in decl) or b"<![CDATA[" in data:
        return None
    found = []
    for m in pattern.finditer(data):
        key = names.get(m.group(1).decode("ascii").lower())
        if key:
            found.append((key, html.unescape(m.group(2).decode("utf-8", "replace"))))
    return found


def odf_properties(zf: zipfile.ZipFile, label: str) -> dict[str, str]:
    out: dict[str, str] = {}
    if has_part(zf, "meta.xml"):
        for el in load_xml(zf, "meta.xml", label).iter():
            if el.tag in _ODF:
                _put(out, _ODF[el.tag], el.text)
    return out
