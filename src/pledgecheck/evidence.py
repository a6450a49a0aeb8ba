"""Local evidence files: each `evidence[].path` must name a file beside the manifest, and the
report records what it judged (the SHA-256 of each file), so a reader can tell whether the
evidence changed since.

Paths are relative to the manifest's folder (to the working directory for standard input); an
absolute path is taken as written. Only regular files count: a folder, a named pipe or a device
is reported like a missing file, and nothing but a regular file is ever opened.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pledgecheck.errors import InputError, Problem
from pledgecheck.source import STDIN, STDIN_NAME, Document

_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class EvidenceFile:
    """One local evidence file as the report records it."""

    path: str  # as the manifest writes it
    sha256: str
    size: int


def evidence_base(file: str) -> Path:
    """The folder that relative evidence paths of the manifest `file` are read from."""
    if file in (STDIN, STDIN_NAME):
        return Path.cwd()
    return Path(file).parent


def local_evidence(data: Any) -> Iterator[tuple[str, str]]:
    """(pointer, path as written) of every evidence entry that names a local file."""
    safeguards = data.get("safeguards") if isinstance(data, dict) else None
    for index, safeguard in enumerate(safeguards if isinstance(safeguards, list) else ()):
        entries = safeguard.get("evidence") if isinstance(safeguard, dict) else None
        for position, entry in enumerate(entries if isinstance(entries, list) else ()):
            path = entry.get("path") if isinstance(entry, dict) else None
            if isinstance(path, str) and path:
                yield f"/safeguards/{index}/evidence/{position}/path", path


def evidence_problems(doc: Document, base: Path) -> list[Problem]:
    """A located problem for each evidence path that is not a regular file."""
    problems = []
    for pointer, written in local_evidence(doc.data):
        path = base / written
        reason = _unusable(path)
        if reason:
            problems.append(doc.problem(pointer, f"evidence file '{written}' {reason} (looked for '{path}')"))
    return problems


def evidence_files(doc: Document, base: Path) -> tuple[EvidenceFile, ...]:
    """Each distinct local evidence file with its digest, sorted by path as written."""
    found: dict[str, EvidenceFile] = {}
    for pointer, written in local_evidence(doc.data):
        if written not in found:
            found[written] = _digest(doc, pointer, written, base / written)
    return tuple(found[path] for path in sorted(found))


def _unusable(path: Path) -> str:
    """Why `path` cannot serve as evidence, or '' when it is a regular file."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return "does not exist"
    except (OSError, ValueError) as exc:  # ValueError: a NUL byte in the name
        return f"cannot be read ({exc.__class__.__name__})"
    if stat.S_ISDIR(mode):
        return "is a folder, not a file"
    if not stat.S_ISREG(mode):
        return "is not a regular file"
    return ""


def _nonblocking(path: str, flags: int) -> int:
    """Open without blocking, should the file have been swapped for a named pipe since the check."""
    return os.open(path, flags | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))


def _digest(doc: Document, pointer: str, written: str, path: Path) -> EvidenceFile:
    reason = _unusable(path)
    if reason:  # it went away between validation and assessment
        raise InputError([doc.problem(pointer, f"evidence file '{written}' {reason}")])
    digest, size = hashlib.sha256(), 0
    try:
        with open(path, "rb", opener=_nonblocking) as handle:
            while chunk := handle.read(_CHUNK):
                digest.update(chunk)
                size += len(chunk)
    except OSError as exc:
        raise InputError([doc.problem(pointer, f"evidence file '{written}' cannot be read ({exc.strerror})")]) from None
    return EvidenceFile(written, digest.hexdigest(), size)
