"""Text from returns made safe for each output: the terminal, XML (Word, Excel) and Markdown.

Returns are written by others and file names come from anywhere: an escape sequence in a cell or a
name must not drive the analyst's terminal, a control character that XML cannot hold must cost only
that character (never the whole report), and markup in a cell must show as text in a Markdown file."""
from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, and C1 controls (ESC is \x1b, CSI is \x9b).
_TERMINAL_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Characters XML 1.0 cannot hold: C0 controls but tab/newline/CR, lone surrogates, U+FFFE/U+FFFF.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_MD_SPECIAL = re.compile(r"([\\`\[\]|<>])")


def terminal_safe(text: str) -> str:
    """Control characters shown as visible escapes (\\x1b), and bytes that are not text replaced."""
    if not isinstance(text, str):
        text = str(text)
    text = _TERMINAL_UNSAFE.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "replace").decode("utf-8")
    return text


def xml_safe(text: str) -> str:
    """The value without the characters XML cannot hold (dropped from this value alone)."""
    return _XML_ILLEGAL.sub("", text) if isinstance(text, str) else text


def md_escape(text: str) -> str:
    """Markdown and HTML in a value shown as text: `<img onerror=…>` and `[x](javascript:…)` do nothing."""
    if not isinstance(text, str):
        return text
    text = _TERMINAL_UNSAFE.sub("", text.replace("\r", " ").replace("\n", " ").replace("\t", " "))
    return _MD_SPECIAL.sub(r"\\\1", text)


def json_text(text: str) -> str:
    """JSON text that is valid UTF-8 whatever it holds (a lone surrogate becomes '?')."""
    return text.encode("utf-8", "replace").decode("utf-8")
