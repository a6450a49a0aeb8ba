"""Writing reports: atomically, so a reader never sees half a file."""

from __future__ import annotations

import os
import tempfile

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


def write_atomic(path: str, text: str) -> None:
    """Write `text` to `path` through a temporary file in the same folder, then rename."""
    folder = ensure_folder(path)
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".pledgecheck-", suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except OSError as exc:
        if "temporary" in locals() and os.path.exists(temporary):
            os.unlink(temporary)
        raise InputError([Problem(path, 0, 0, f"cannot write: {exc.strerror}")]) from None
