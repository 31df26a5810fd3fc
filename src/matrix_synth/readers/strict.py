"""Strict OOXML (ISO/IEC 29500 Strict, namespaces under http://purl.oclc.org/ooxml/) read as the
Transitional documents Word and Excel usually write: the same elements under other namespace names.
Without this, a Strict document or workbook reads as empty."""
from __future__ import annotations

import zipfile

from .safezip import load_xml

_STRICT = "http://purl.oclc.org/ooxml/"
_MAP = {
    "http://purl.oclc.org/ooxml/wordprocessingml/main": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/officeDocument/relationships":
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "http://purl.oclc.org/ooxml/drawingml/main": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "http://purl.oclc.org/ooxml/drawingml/wordprocessingDrawing":
        "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
}


def _rename(name: str) -> str:
    if name.startswith("{" + _STRICT):
        ns, _, local = name[1:].partition("}")
        if ns in _MAP:
            return "{" + _MAP[ns] + "}" + local
    return name


def transitional(root):
    """Rename Strict namespaces to Transitional ones in place (only when the part uses them)."""
    if not isinstance(root.tag, str) or _STRICT not in root.tag and not any(
            isinstance(el.tag, str) and el.tag.startswith("{" + _STRICT) for el in root[:20]):
        return root
    for el in root.iter():
        if isinstance(el.tag, str):
            el.tag = _rename(el.tag)
        for key in [k for k in el.attrib if k.startswith("{" + _STRICT)]:
            el.attrib[_rename(key)] = el.attrib.pop(key)
    return root


def load_ooxml(zf: zipfile.ZipFile, name: str, label: str):
    """load_xml, with a Strict part read as Transitional."""
    return transitional(load_xml(zf, name, label))
