"""Writing reports: atomically, so a reader never sees half a file."""

from __future__ import annotations

import os
import tempfile
from typing import TextIO

from pledgecheck.errors import InputError, Problem


def ensure_folder(path: str) -> str:
    """The folder `path` would be written to; InputError when it does not exist."""
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        shown = os.path.dirname(path) or "."
        raise InputError([Problem(path, 0, 0, f"cannot write: the folder '{shown}' does not exist")])
    if os.path.isdir(path):
        raise InputError([Problem(path, 0, 0, "cannot write: it is a directory")])
    return folder


def _readable_by_umask(path: str) -> None:
    """mkstemp creates files 0600; a report should get the mode any new file would get."""
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(path, 0o666 & ~mask)


def write_atomic(path: str, text: str) -> None:
    """Write `text` to `path` through a temporary file in the same folder, then rename."""
    folder = ensure_folder(path)
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".pledgecheck-", suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        _readable_by_umask(temporary)
        os.replace(temporary, path)
    except OSError as exc:
        if "temporary" in locals() and os.path.exists(temporary):
            os.unlink(temporary)
        raise InputError([Problem(path, 0, 0, f"cannot write: {exc.strerror}")]) from None


class Sink:
    """Where one report goes while it is written in parts: standard output, or a temporary
    file beside the target that replaces it only when the whole report is written."""

    def __init__(self, path: str | None, stdout: TextIO) -> None:
        self.path = path
        self._temporary = ""
        if path is None:
            self._stream = stdout
            return
        folder = ensure_folder(path)
        try:
            handle, self._temporary = tempfile.mkstemp(dir=folder, prefix=".pledgecheck-", suffix=".tmp")
        except OSError as exc:
            raise InputError([Problem(path, 0, 0, f"cannot write: {exc.strerror}")]) from None
        self._stream = os.fdopen(handle, "w", encoding="utf-8", newline="")

    def write(self, text: str) -> None:
        self._stream.write(text)

    def commit(self) -> None:
        if self.path is None:
            self._stream.flush()
            return
        self._stream.close()
        _readable_by_umask(self._temporary)
        os.replace(self._temporary, self.path)

    def abort(self) -> None:
        if self.path is not None:
            self._stream.close()
            if os.path.exists(self._temporary):
                os.unlink(self._temporary)
