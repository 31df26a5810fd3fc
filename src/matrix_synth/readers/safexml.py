"""XML parsing that refuses DTDs and entity declarations at the parser, whatever the encoding.

Office never writes a DOCTYPE. Rather than search the bytes for one (which misses a UTF-16
part, or one after a long comment), the prologue is run through expat with handlers that
refuse a DOCTYPE or an ENTITY declaration and stop at the root element, after which XML
allows no DTD. The document itself is then parsed by ElementTree (fast); without a DTD,
expat expands no entity but the five built-in ones."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from xml.parsers import expat

from ..problems import ReadFailure


class _Stop(Exception):
    pass


class _Unsafe(Exception):
    pass


def _refuse(*_args) -> None:
    raise _Unsafe()


def _stop(*_args) -> None:
    raise _Stop()


def check_prologue(data: bytes, name: str, label: str) -> None:
    """Raise unsafe-file if the part declares a DTD or entities, corrupt-file if expat cannot read
    its prologue (an unknown encoding, bytes that are not XML)."""
    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = _refuse
    parser.EntityDeclHandler = _refuse
    parser.UnparsedEntityDeclHandler = _refuse
    parser.ExternalEntityRefHandler = _refuse
    parser.StartElementHandler = _stop
    try:
        parser.Parse(data, True)
    except _Stop:
        return
    except _Unsafe:
        raise ReadFailure("unsafe-file", f"{label}: part '{name}' declares a DTD or entities") from None
    except (expat.ExpatError, ValueError, LookupError) as exc:
        raise ReadFailure("corrupt-file", f"{label}: part '{name}' is not well-formed XML ({exc})") from None


def parse(data: bytes, name: str, label: str) -> ET.Element:
    from ..limits import MAX_XML_TAGS
    check_prologue(data, name, label)
    tags = data.count(b"<")  # a fast count before parsing: parsing millions of elements takes a GB
    if tags > MAX_XML_TAGS:
        raise ReadFailure("too-large", f"{label}: part '{name}' holds about {tags:,} XML tags (limit "
                                       f"{MAX_XML_TAGS:,}); a return needs far fewer")
    try:
        return ET.fromstring(data)
    except ET.ParseError as exc:
        raise ReadFailure("corrupt-file", f"{label}: part '{name}' is not well-formed XML ({exc})") from None
    except (ValueError, LookupError, RecursionError) as exc:
        raise ReadFailure("corrupt-file", f"{label}: part '{name}' could not be parsed ({type(exc).__name__})") \
            from None
