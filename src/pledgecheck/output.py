"""Writing reports: atomically, so a reader never sees half a file; only over a regular file
(never through a symlink or into a FIFO or device), and never over an input. Reports are
UTF-8: a character UTF-8 cannot carry (the lone surrogate of a file name that is not UTF-8)
is written as a visible `\\udcXX`, never a traceback."""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import sys
import tempfile
import threading
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from typing import Protocol, TextIO, TypeVar

from pledgecheck.errors import InputError, Problem

_Item = TypeVar("_Item")


def ensure_folder(path: str, *, inputs: Iterable[str] = ()) -> str:
    """The folder `path` would be written to; InputError when it does not exist, when `path`
    is not a regular file (or absent), or when it is one of the `inputs`."""
    refuse_inputs(path, inputs)
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        shown = os.path.dirname(path) or "."
        raise InputError([Problem(path, 0, 0, f"cannot write: the folder '{shown}' does not exist")])
    if os.path.isdir(path):
        raise InputError([Problem(path, 0, 0, "cannot write: it is a directory")])
    if os.path.islink(path):
        raise InputError([Problem(path, 0, 0, "cannot write: it is a symbolic link; name the file it points to")])
    if os.path.lexists(path) and not stat.S_ISREG(os.lstat(path).st_mode):
        raise InputError([Problem(path, 0, 0, "cannot write: it is not a regular file (a FIFO, device or socket)")])
    return folder


def refuse_inputs(path: str, inputs: Iterable[str]) -> None:
    """InputError when the report `path` is one of the input files (by real path), so a
    report never replaces the manifest it was made from."""
    target = os.path.realpath(path)
    for file in inputs:
        if file != "-" and os.path.realpath(file) == target:
            raise InputError([Problem(path, 0, 0, f"cannot write: it is the input '{file}'; choose another file")])


def _cannot_write(path: str, exc: OSError) -> InputError:
    return InputError([Problem(path, 0, 0, f"cannot write: {exc.strerror or exc}")])


def _readable_by_umask(path: str) -> None:
    """mkstemp creates files 0600; a report should get the mode any new file would get."""
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(path, 0o666 & ~mask)


def write_atomic(path: str, text: str, *, inputs: Iterable[str] = ()) -> None:
    """Write `text` to `path` through a temporary file in the same folder, then rename; never
    over one of the `inputs`."""
    folder = ensure_folder(path, inputs=inputs)
    temporary = ""
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".pledgecheck-", suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8", errors="backslashreplace", newline="") as stream:
            stream.write(text)
        _readable_by_umask(temporary)
        os.replace(temporary, path)
    except BaseException as exc:  # a full disk, or SIGTERM / Ctrl-C while writing: no temporary file stays
        if temporary and os.path.exists(temporary):
            os.unlink(temporary)
        if isinstance(exc, OSError):
            raise _cannot_write(path, exc) from None
        raise


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
        self._stream = os.fdopen(handle, "w", encoding="utf-8", errors="backslashreplace", newline="")

    def write(self, text: str) -> None:
        try:
            self._stream.write(text)
        except OSError as exc:  # a full disk, a quota: said in one line, the caller aborts
            if self.path is None:
                raise
            raise _cannot_write(self.path, exc) from None

    def commit(self) -> None:
        if self.path is None:
            self._stream.flush()
            return
        try:
            self._stream.close()  # the last buffered text reaches the disk here
            _readable_by_umask(self._temporary)
            os.replace(self._temporary, self.path)
        except OSError as exc:
            self.abort()
            raise _cannot_write(self.path, exc) from None

    def abort(self) -> None:
        """Drop the temporary file; safe to call twice, and on a full disk."""
        if self.path is not None:
            with contextlib.suppress(OSError):  # a full disk cannot take the buffer; the file goes anyway
                self._stream.close()
            if os.path.exists(self._temporary):
                os.unlink(self._temporary)


class SummarySink:
    """A report appended whole to a file another tool owns, such as GitHub's job summary
    (`$GITHUB_STEP_SUMMARY`): gathered in memory, written in one call on commit, dropped on
    abort; a summary that cannot be written is a warning, never a failed run."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._parts: list[str] = []

    def write(self, text: str) -> None:
        self._parts.append(text)

    def commit(self) -> None:
        try:
            with open(self.path, "a", encoding="utf-8", newline="") as stream:
                stream.write("".join(self._parts))
        except OSError as exc:  # a courtesy: the reports themselves are written, so warn only
            sys.stderr.write(f"warning: {_cannot_write(self.path, exc).problems[0]}\n")

    def abort(self) -> None:
        self._parts.clear()


class Writable(Protocol):
    """A Sink or a SummarySink."""

    def write(self, text: str) -> None: ...
    def commit(self) -> None: ...
    def abort(self) -> None: ...


def fan_out(items: Iterable[_Item], count: int) -> list[Iterator[_Item]]:
    """`count` iterators over `items`, each item dropped once every one has taken it.

    `itertools.tee` keeps items in blocks of 57 and frees a block only when every copy has
    left it, so one report's stream held up to 57 manifests' worth (5 MB of JSON pieces);
    the reports here are written round-robin, a step apart, so this holds one or two."""
    source = iter(items)
    queues: list[deque[_Item]] = [deque() for _ in range(count)]

    def copy(mine: deque[_Item]) -> Iterator[_Item]:
        while True:
            if not mine:
                try:
                    item = next(source)
                except StopIteration:
                    return
                for queue in queues:
                    queue.append(item)
            yield mine.popleft()

    return [copy(queue) for queue in queues]


def write_all(sinks: Sequence[Writable], parts: Sequence[Iterator[str]]) -> None:
    """Feed each sink its report round-robin, piece by piece (so the assessments shared by
    the reports are buffered only briefly), then commit them all; on any error (and on SIGTERM
    under `terminate_by_exception`) abort every sink not yet committed: no temporary file stays."""
    pending = list(zip(sinks, parts, strict=True))
    left = list(sinks)
    try:
        while pending:
            for entry in list(pending):
                chunk = next(entry[1], None)
                if chunk is None:
                    pending.remove(entry)
                else:
                    entry[0].write(chunk)
        while left:
            left[0].commit()
            left.pop(0)
    except BaseException:
        for sink in left:
            sink.abort()
        raise


@contextlib.contextmanager
def terminate_by_exception() -> Iterator[None]:
    """SIGTERM raises SystemExit(143) inside the block (in the main thread), so the cleanup of
    open outputs runs; the previous handler comes back afterwards."""

    def terminated(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL if previous is None else previous)
