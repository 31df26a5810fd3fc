"""Outputs written whole or not at all: each output is written to a temporary file next to it and
renamed over the target only once complete, so a full disk or a Ctrl-C never leaves a 0-byte or
half-written report, export or review page behind."""
from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def atomic_path(path: str, mode: int | None = None) -> Iterator[str]:
    """A temporary path to write to; renamed to path on success, removed on failure. mode (e.g.
    0o600) sets the permissions of the finished file."""
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix="." + os.path.basename(path) + ".", suffix=".partial", dir=folder)
    os.close(fd)
    try:
        yield tmp
        if mode is not None:
            os.chmod(tmp, mode)
        elif os.path.exists(path):
            os.chmod(tmp, os.stat(path).st_mode & 0o777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
