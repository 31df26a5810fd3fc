"""A small Outlook .msg writer for tests: a real OLE compound file with the MAPI streams Outlook
writes for a message (subject, sender, body, date) and attachments by value, written with
extract-msg's own OLE writer."""
from __future__ import annotations

import datetime as dt
import struct


def _filetime(when: dt.datetime) -> int:
    return int((when - dt.datetime(1601, 1, 1, tzinfo=dt.timezone.utc)).total_seconds() * 10_000_000)


def _entry(tag: int, value: bytes, flags: int = 6) -> bytes:
    return struct.pack("<II", tag, flags) + value.ljust(8, b"\0")


def write_msg(path: str, subject: str, sender: str, body: str, attachments: list[tuple[str, bytes]],
              when: dt.datetime | None = None) -> str:
    from extract_msg.ole_writer import OleWriter

    when = when or dt.datetime(2013, 6, 3, 10, 0, tzinfo=dt.timezone.utc)
    ole = OleWriter()
    strings = {0x001A: "IPM.Note", 0x0037: subject, 0x1000: body, 0x0C1A: sender, 0x0C1F: sender,
               0x0E1D: subject, 0x0042: sender}
    props = []
    for pid, text in strings.items():
        data = text.encode("utf-16-le")
        ole.addEntry(f"__substg1.0_{pid:04X}001F", data)
        props.append(_entry((pid << 16) | 0x001F, struct.pack("<I", len(data))))
    props.append(_entry(0x00390040, struct.pack("<Q", _filetime(when))))
    props.append(_entry(0x0E060040, struct.pack("<Q", _filetime(when))))
    header = struct.pack("<8xIIII8x", 0, len(attachments), 0, len(attachments))
    ole.addEntry("__properties_version1.0", header + b"".join(props))
    ole.addEntry("__nameid_version1.0", storage=True)
    ole.addEntry("__nameid_version1.0/__substg1.0_00020102", b"")
    ole.addEntry("__nameid_version1.0/__substg1.0_00030102", b"")
    ole.addEntry("__nameid_version1.0/__substg1.0_00040102", b"")
    for n, (name, data) in enumerate(attachments):
        folder = f"__attach_version1.0_#{n:08X}"
        ole.addEntry(folder, storage=True)
        ole.addEntry(f"{folder}/__substg1.0_37010102", data)
        aprops = [_entry(0x37010102, struct.pack("<I", len(data))), _entry(0x37050003, struct.pack("<I", 1)),
                  _entry(0x0E200003, struct.pack("<I", len(data)))]
        for pid, text in ((0x3707, name), (0x3704, name[:12]), (0x3001, name)):
            enc = text.encode("utf-16-le")
            ole.addEntry(f"{folder}/__substg1.0_{pid:04X}001F", enc)
            aprops.append(_entry((pid << 16) | 0x001F, struct.pack("<I", len(enc))))
        ole.addEntry(f"{folder}/__properties_version1.0", b"\0" * 8 + b"".join(aprops))
    ole.write(path)
    return path
