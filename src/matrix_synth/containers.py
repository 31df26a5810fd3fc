"""Containers: returns as they come out of the mailbox — .zip archives (zips in zips too),
saved e-mails (.eml) and Outlook messages (.msg).

A container is listed once, in the main process (list_members: names, no document is
read); each member that is a return is then read on its own, by any worker, straight from
the container's bytes (read_member), so a zip of 1,000 returns is read as fast as the same
1,000 files unpacked. Nothing is unpacked to disk.

Every size and count read from a container is untrusted and bounded: members per container,
bytes per member and in total, the compression ratio, the nesting depth. A member whose name
would escape the folder ('../x', '/etc/x', 'C:\\x') is refused, never followed.

Provenance: a member is named after its container and its name inside, e.g.
'returns.zip/NHS Fife EM.docx' or 'Re: Engagement Matrix.eml/NHS Fife EM.docx'."""
from __future__ import annotations

import io
import os
import posixpath
import re
import zipfile
from dataclasses import dataclass, field

from .limits import MAX_CONTAINER_BYTES as MAX_TOTAL_BYTES, MAX_CONTAINER_DEPTH as MAX_DEPTH  # the bounds: limits.py
from .limits import MAX_CONTAINER_MEMBERS as MAX_MEMBERS, MAX_MEMBER_BYTES
from .problems import ReadFailure
from .readers.safezip import bomb_like

CONTAINER_EXTENSIONS = {".zip", ".eml", ".msg"}
BODY = "body"  # the key of a message's own body, read as the return when nothing is attached
MAX_BODY_CHARS = 20_000  # covering text kept from a message body
_IMAGE_EXTENSIONS = {".png", ".jpg", ".jpeg", ".tif", ".tiff"}
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass
class Member:
    """One return inside a container."""

    name: str  # the path inside the container, as shown: 'NHS Fife EM.docx', 'inner.zip/x.docx'
    chain: tuple  # how to reach it: one key per level (a zip entry name, or an attachment number)
    context: list[tuple[str, str, str]] = field(default_factory=list)  # (reason, text, location) of the message


@dataclass
class Listing:
    members: list[Member] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # names inside that are not returns
    problems: list[ReadFailure] = field(default_factory=list)  # about the container itself


def is_container(path: str) -> bool:
    """A .zip/.eml/.msg to open, rather than a return under a container's name (a Word or Excel
    file renamed .zip is read as the return it is)."""
    if os.path.splitext(path)[1].lower() not in CONTAINER_EXTENSIONS:
        return False
    try:
        with open(path, "rb") as fh:
            if fh.read(2) != b"PK":
                return True
        from .readers import office_zip_format
        with zipfile.ZipFile(path) as zf:
            return office_zip_format(zf) is None
    except (OSError, zipfile.BadZipFile, EOFError, ValueError):
        return True  # opened as a container, whose listing reports the damage


def _kind(data: bytes, name: str) -> str:
    if data[:2] == b"PK":
        return "zip"
    if data[:8] == _OLE_MAGIC:
        return "msg"
    return "eml" if name.lower().endswith(".eml") or _looks_like_mail(data) else "unknown"


def _looks_like_mail(data: bytes) -> bool:
    head = data[:4096].lower()
    return (b"\nsubject:" in head or head.startswith(b"subject:")) and (b"from:" in head) and b"\x00" not in head


def _is_return_name(name: str, in_message: bool) -> bool:
    from .readers import RETURN_EXTENSIONS

    ext = os.path.splitext(name)[1].lower()
    return ext in RETURN_EXTENSIONS or ext in CONTAINER_EXTENSIONS or ext in _IMAGE_EXTENSIONS


def _safe_name(name: str) -> str | None:
    """The member's name with '/' separators, or None when it would escape its folder."""
    norm = name.replace("\\", "/")
    if norm.startswith("/") or re.match(r"^[A-Za-z]:", norm) or ".." in norm.split("/"):
        return None
    return posixpath.normpath(norm)


# --------------------------------------------------------------------------- listing

def list_members(path: str, label: str) -> Listing:
    """Every return inside the container at path. Raises ReadFailure when the container itself
    cannot be opened; problems with single members are in Listing.problems."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
    except OSError as exc:
        raise ReadFailure("read-error", f"{label} could not be opened: {exc.strerror or exc}") from None
    if not head:
        raise ReadFailure("empty-file", f"{label} is empty (0 bytes)")
    listing = Listing()
    kind = _kind(head, path)
    if kind == "unknown":
        raise ReadFailure("wrong-format", f"{label} is named {os.path.splitext(path)[1]} but is not "
                                          "a zip archive or an e-mail")
    if kind == "zip":
        _list_zip(_open_zip(path, label), label, "", (), 0, listing, [0])
        if not listing.members and not listing.problems:
            inside = ", ".join(listing.skipped[:5]) or "nothing"
            listing.problems.append(ReadFailure("no-matrix-found", f"{label} holds no return (inside: {inside})"))
    else:
        with open(path, "rb") as fh:
            data = fh.read(MAX_MEMBER_BYTES + 1)
        if len(data) > MAX_MEMBER_BYTES:
            raise ReadFailure("too-large", f"{label} is larger than {MAX_MEMBER_BYTES // 1_000_000} MB")
        _list_message(kind, data, label, "", (), 0, listing, [0])
    return listing


def _open_zip(src, label: str) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(src)
    except zipfile.BadZipFile:
        raise ReadFailure("corrupt-file", f"{label} is damaged or truncated (the zip archive cannot be "
                                          "read)") from None
    except (OSError, EOFError) as exc:
        raise ReadFailure("corrupt-file", f"{label} is damaged ({exc})") from None


def _list_zip(zf: zipfile.ZipFile, label: str, prefix: str, chain: tuple, depth: int, listing: Listing,
              total: list[int], context: list | None = None) -> None:
    from .readers import ignored_name, office_zip_format, speaks_of_matrix

    with zf:
        if office_zip_format(zf) is not None:  # a Word/Excel/… file: a return, not a folder
            raise ReadFailure("wrong-format", f"{label} is a single Office document, not a zip of returns")
        infos = [i for i in zf.infolist() if not i.is_dir()]
        for info in infos:
            if len(listing.members) + len(listing.skipped) >= MAX_MEMBERS:
                listing.problems.append(ReadFailure("too-large", f"{label} holds more than {MAX_MEMBERS} files; "
                                                                 "the rest were not read"))
                return
            safe = _safe_name(info.filename)
            shown = prefix + (safe or info.filename)
            if safe is None:
                listing.problems.append(ReadFailure("unsafe-file", f"{label}: '{info.filename}' points outside "
                                                                   "the archive and was not read"))
                continue
            base = posixpath.basename(safe)
            if ignored_name(base) or base.startswith("__MACOSX") or safe.startswith("__MACOSX/"):
                continue  # hidden files, Office lock files, as in a folder; and Mac resource forks
            if not _is_return_name(base, False):
                listing.skipped.append(shown)
                continue
            if info.file_size > MAX_MEMBER_BYTES or bomb_like(info):
                listing.problems.append(ReadFailure("too-large", f"{label}: '{safe}' would be "
                                                    f"{info.file_size // 1_000_000} MB unzipped and was not read"))
                continue
            total[0] += info.file_size
            if total[0] > MAX_TOTAL_BYTES:
                listing.problems.append(ReadFailure("too-large", f"{label} unpacks to more than "
                                                    f"{MAX_TOTAL_BYTES // 1_000_000_000} GB; the rest was not read"))
                return
            key = chain + (info.filename,)
            ext = os.path.splitext(base)[1].lower()
            if not speaks_of_matrix(base, lambda info=info: zf.open(info)):
                listing.skipped.append(shown)
                continue
            if ext in CONTAINER_EXTENSIONS:
                _list_nested(zf, info, label, shown, key, depth, listing, total, context)
                continue
            listing.members.append(Member(shown, key, list(context or [])))


def _list_nested(zf, info, label, shown, key, depth, listing, total, context) -> None:
    if depth + 1 >= MAX_DEPTH:
        listing.problems.append(ReadFailure("too-large", f"{label}: '{shown}' is nested more than {MAX_DEPTH} "
                                                         "containers deep and was not opened"))
        return
    try:
        data = _read_entry(zf, info, label)
    except ReadFailure:
        listing.members.append(Member(shown, key, list(context or [])))  # read (and reported) as a member
        return
    kind = _kind(data, info.filename)
    try:
        if kind == "zip":
            _list_zip(_open_zip(io.BytesIO(data), shown), shown, shown + "/", key, depth + 1, listing, total, context)
        elif kind in ("eml", "msg"):
            _list_message(kind, data, shown, shown + "/", key, depth + 1, listing, total)
        else:
            listing.problems.append(ReadFailure("wrong-format", f"{shown} is not a zip archive or an e-mail"))
    except ReadFailure as exc:
        exc.problem.message = exc.problem.message if shown in exc.problem.message else f"{shown}: {exc.problem.message}"
        listing.problems.append(exc)


def _read_entry(zf: zipfile.ZipFile, info: zipfile.ZipInfo, label: str) -> bytes:
    if info.flag_bits & 0x1:
        raise ReadFailure("encrypted-file", f"{label}: '{info.filename}' is password-protected in the archive")
    if info.file_size > MAX_MEMBER_BYTES:
        raise ReadFailure("too-large", f"{label}: '{info.filename}' is larger than "
                                       f"{MAX_MEMBER_BYTES // 1_000_000} MB")
    try:
        with zf.open(info) as fh:
            data = fh.read(MAX_MEMBER_BYTES + 1)  # the declared size can lie
    except RuntimeError:
        raise ReadFailure("encrypted-file", f"{label}: '{info.filename}' is password-protected in the "
                                            "archive") from None
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError) as exc:
        raise ReadFailure("corrupt-file", f"{label}: '{info.filename}' is damaged in the archive ({exc})") from None
    if len(data) > MAX_MEMBER_BYTES:
        raise ReadFailure("too-large", f"{label}: '{info.filename}' is larger than {MAX_MEMBER_BYTES // 1_000_000} MB")
    return data


# --------------------------------------------------------------------------- messages

@dataclass
class Message:
    sender: str
    date: str
    subject: str
    body: str
    attachments: list[tuple[str, bytes]]  # (file name, content)
    body_html: str = ""  # the HTML body, when the message has one (a matrix pasted into it keeps its table)


def parse_message(kind: str, data: bytes, label: str) -> Message:
    if kind == "msg":
        return _parse_msg(data, label)
    return _parse_eml(data, label)


def _parse_eml(data: bytes, label: str) -> Message:
    import email
    from email import policy

    try:
        msg = email.message_from_bytes(data, policy=policy.default)
    except Exception as exc:  # the parser is lenient; this is a damaged file
        raise ReadFailure("corrupt-file", f"{label} is not a readable e-mail ({type(exc).__name__})") from None
    if not (msg.get("from") or msg.get("subject") or msg.get("date")):
        raise ReadFailure("wrong-format", f"{label} is named .eml but is not an e-mail (no sender, subject or date)")
    body = body_html = ""
    try:
        part = msg.get_body(preferencelist=("plain", "html"))
        if part is not None:
            body = part.get_content()
            if part.get_content_type() == "text/html":
                body = html_to_text(body)
        html_part = msg.get_body(preferencelist=("html",))
        if html_part is not None:
            body_html = html_part.get_content()
    except Exception:  # an undecodable body is left out, the attachments still read
        body = body or ""
    attachments: list[tuple[str, bytes]] = []
    for n, part in enumerate(msg.iter_attachments(), start=1):
        if len(attachments) >= MAX_MEMBERS:
            break
        name = part.get_filename() or ""
        if part.get_content_type() == "message/rfc822":
            inner = part.get_payload()
            inner = inner[0] if isinstance(inner, list) and inner else inner
            content = inner.as_bytes(policy=policy.default) if hasattr(inner, "as_bytes") else b""
            name = name or _clean_name(str(inner.get("subject", "") or f"message {n}")) + ".eml"
        else:
            try:
                content = part.get_payload(decode=True) or b""
            except Exception:
                content = b""
            name = name or f"attachment {n}"
        attachments.append((name, content[: MAX_MEMBER_BYTES + 1]))
    return Message(_text(msg.get("from")), _text(msg.get("date")), _text(msg.get("subject")),
                   body[:MAX_BODY_CHARS], attachments, body_html[:MAX_MEMBER_BYTES])


def _parse_msg(data: bytes, label: str) -> Message:
    try:
        import extract_msg
    except ImportError:  # a dependency; only missing in a broken install
        raise ReadFailure("unsupported-format", f"{label} is an Outlook message and the extract-msg package "
                                                "is not installed") from None
    if "__substg1.0_".encode("utf-16-le") not in data[:8 * 1024 * 1024]:
        raise ReadFailure("wrong-format", f"{label} is named as an Outlook message but is another Office file "
                                          "(a Word 97-2003 document or Excel workbook?): rename it to .doc or .xls")
    try:
        msg = extract_msg.openMsg(data)
    except Exception as exc:
        raise ReadFailure("corrupt-file", f"{label} is not a readable Outlook message "
                                          f"({type(exc).__name__})") from None
    try:
        body = msg.body or ""
        raw = getattr(msg, "htmlBody", None) or b""
        body_html = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
        if not body and body_html:
            body = html_to_text(body_html)
        attachments = []
        for n, att in enumerate(msg.attachments, start=1):
            if len(attachments) >= MAX_MEMBERS:
                break
            content = att.data
            name = _text(att.longFilename or att.shortFilename) or f"attachment {n}"
            if not isinstance(content, bytes):  # an embedded message: kept as a message of its own
                name = name if name.lower().endswith((".msg", ".eml")) else name + ".msg"
                try:
                    content = content.exportBytes()
                except Exception:
                    content = b""
            attachments.append((name, content[: MAX_MEMBER_BYTES + 1]))
        return Message(_text(msg.sender), _text(msg.date), _text(msg.subject),
                       str(body).replace("\x00", "").strip()[:MAX_BODY_CHARS],
                       attachments, body_html[:MAX_MEMBER_BYTES])
    except ReadFailure:
        raise
    except Exception as exc:
        raise ReadFailure("corrupt-file", f"{label} is a damaged Outlook message ({type(exc).__name__})") from None
    finally:
        try:
            msg.close()
        except Exception:
            pass


def _text(value) -> str:
    return " ".join(str(value or "").replace("\x00", " ").split())


def _clean_name(text: str) -> str:
    return re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", text).strip()[:120] or "message"


def html_to_text(html: str) -> str:
    from html import unescape

    html = re.sub(r"(?is)<(script|style|head)\b.*?</\1\s*>", " ", html)
    html = re.sub(r"(?i)<\s*(br|/p|/div|/tr|/li|/h\d)\b[^>]*>", "\n", html)
    text = unescape(re.sub(r"<[^>]+>", " ", html))
    return "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())


def message_context(msg: Message, where: str) -> list[tuple[str, str, str]]:
    """What a message says about the returns attached to it: kept with each return, never placed.
    The sender is personal data (out of reports and exports by default)."""
    out = []
    if msg.sender:
        out.append(("message sender", msg.sender, where))
    if msg.date:
        out.append(("message date", msg.date, where))
    if msg.subject:
        out.append(("message subject", msg.subject, where))
    if msg.body.strip():
        out.append(("covering text", msg.body.strip(), where))
    return out


def _list_message(kind: str, data: bytes, label: str, prefix: str, chain: tuple, depth: int, listing: Listing,
                  total: list[int]) -> None:
    msg = parse_message(kind, data, label)
    where = "e-mail " + (prefix.rstrip("/") or posixpath.basename(label))
    context = message_context(msg, where)
    names = _unique([name for name, _ in msg.attachments])
    documents = [i for i, (name, _) in enumerate(msg.attachments)
                 if _is_return_name(name, True) and os.path.splitext(name)[1].lower() not in _IMAGE_EXTENSIONS]
    found = 0
    for i, (name, content) in enumerate(msg.attachments):
        ext = os.path.splitext(name)[1].lower()
        shown = prefix + names[i]
        is_image = ext in _IMAGE_EXTENSIONS
        # Pictures are returns (a photographed or scanned matrix) only when nothing else is attached:
        # otherwise they are the logos and signatures of the e-mail.
        if not _is_return_name(name, True) or (is_image and documents):
            listing.skipped.append(shown)
            continue
        key = chain + (i,)
        if ext in CONTAINER_EXTENSIONS and content:
            if depth + 1 >= MAX_DEPTH:
                listing.problems.append(ReadFailure("too-large", f"{label}: '{names[i]}' is nested more than "
                                                                 f"{MAX_DEPTH} containers deep and was not opened"))
                continue
            sub = _kind(content, name)
            before = len(listing.members)
            try:
                if sub == "zip":
                    _list_zip(_open_zip(io.BytesIO(content), shown), shown, shown + "/", key, depth + 1, listing,
                              total, context)
                elif sub in ("eml", "msg"):
                    _list_message(sub, content, shown, shown + "/", key, depth + 1, listing, total)
                else:
                    listing.members.append(Member(shown, key, list(context)))
            except ReadFailure as exc:
                listing.problems.append(exc)
            found += len(listing.members) - before
            continue
        total[0] += len(content)
        listing.members.append(Member(shown, key, list(context)))
        found += 1
    from .schema import holds_matrix_words

    if not found and not listing.problems and holds_matrix_words(msg.body or html_to_text(msg.body_html)):
        # nothing attached: the return is the message itself (a matrix pasted into its body); it is
        # read like any return, and says so if it holds none
        body = prefix + ("message body.html" if msg.body_html.strip() else "message body.txt")
        listing.members.append(Member(body, chain + (BODY,), [c for c in context if c[0] != "covering text"]))
        found = 1
    if not found and not listing.problems:
        attached = ", ".join(names) if names else "nothing"
        listing.problems.append(ReadFailure(
            "no-attachment", f"{label} has no return attached (attached: {attached})"))


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for name in names:
        safe = _clean_name(posixpath.basename(name.replace("\\", "/"))) or "attachment"
        n = seen.get(safe.lower(), 0) + 1
        seen[safe.lower()] = n
        if n > 1:
            stem, ext = os.path.splitext(safe)
            safe = f"{stem} ({n}){ext}"
        out.append(safe)
    return out


# --------------------------------------------------------------------------- reading one member

def read_member(path: str, chain: tuple, label: str) -> bytes:
    """The bytes of one member, found by its chain of keys from the container at path."""
    data = None
    if not _is_zip_file(path):
        with open(path, "rb") as fh:
            data = fh.read(MAX_MEMBER_BYTES + 1)
    src = path if data is None else None
    kind = "zip" if data is None else _kind(data, path)
    for key in chain:
        if kind == "zip":
            zf = _cached_zip(path, label) if src is not None else _open_zip(io.BytesIO(data), label)
            try:
                info = zf.getinfo(key)
            except KeyError:
                raise ReadFailure("corrupt-file", f"{label} is no longer in its archive") from None
            data = _read_entry(zf, info, label)
            if src is None:
                zf.close()
        else:
            msg = parse_message(kind, data, label)
            if key == BODY:
                return (msg.body_html or msg.body).encode("utf-8")
            if not isinstance(key, int) or key >= len(msg.attachments):
                raise ReadFailure("corrupt-file", f"{label} is no longer attached to its message")
            data = msg.attachments[key][1]
            if len(data) > MAX_MEMBER_BYTES:
                raise ReadFailure("too-large", f"{label} is larger than {MAX_MEMBER_BYTES // 1_000_000} MB")
        src = None
        kind = _kind(data, str(key))
    return data


_OPEN: dict[tuple, zipfile.ZipFile] = {}  # the last zip a worker read a member from, kept open


def _cached_zip(path: str, label: str) -> zipfile.ZipFile:
    """The zip at path, opened once per worker for all its members: reading the directory of a zip
    of 1,000 returns for each of them would cost more than reading the returns."""
    st = os.stat(path)
    key = (path, st.st_size, st.st_mtime_ns)
    zf = _OPEN.get(key)
    if zf is None:
        for old in _OPEN.values():
            old.close()
        _OPEN.clear()
        zf = _OPEN[key] = _open_zip(path, label)
    return zf


def _is_zip_file(path: str) -> bool:
    with open(path, "rb") as fh:
        return fh.read(2) == b"PK"
