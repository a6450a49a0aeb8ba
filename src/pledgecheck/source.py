"""Read a YAML file into plain data plus a side map of positions, defensively.

The C parser emits events; a small iterative builder turns them into dicts, lists and scalars
while it records where every key and item starts. Building from events (not composed nodes)
lets the builder stop at once on hostile input: nesting deeper than the limit, alias
expansion over a budget, unknown tags, duplicate keys. Nothing in the file is ever executed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from pledgecheck.errors import InputError, Problem
from pledgecheck.pointer import pointer_to_path

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
DEFAULT_MAX_DEPTH = 64
DEFAULT_ALIAS_BUDGET = 10_000


@dataclass(frozen=True, slots=True)
class Document:
    """A loaded file: plain data, and 1-based positions keyed by JSON pointer."""

    file: str
    data: Any
    positions: dict[str, tuple[int, int]] = field(repr=False)

    def locate(self, pointer: str) -> tuple[int, int]:
        """Position of the node at `pointer`, or of its nearest existing parent."""
        while pointer:
            if pointer in self.positions:
                return self.positions[pointer]
            pointer = pointer.rsplit("/", 1)[0]
        return self.positions.get("", (1, 1))

    def problem(self, pointer: str, message: str) -> Problem:
        line, column = self.locate(pointer)
        return Problem(self.file, line, column, message, pointer_to_path(pointer))


def read_text(path: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Read a UTF-8 file (a BOM is accepted) within a size limit, or raise a located error."""
    if not path:
        raise InputError([Problem("''", 0, 0, "the file name is empty")])
    try:
        if os.path.isdir(path):
            raise InputError([Problem(path, 0, 0, "is a directory, not a file")])
        with open(path, "rb") as handle:
            raw = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputError([Problem(path, 0, 0, "no such file")]) from None
    except OSError as exc:
        raise InputError([Problem(path, 0, 0, f"cannot read file: {exc.strerror}")]) from None
    check_size(path, len(raw), max_bytes)
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        message = f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})"
        raise InputError([Problem(path, line, column, message)]) from None


def check_size(file: str, size: int, max_bytes: int) -> None:
    """InputError when `size` bytes exceed the limit."""
    if size > max_bytes:
        raise InputError([Problem(file, 0, 0, f"file is larger than the {_size(max_bytes)} limit (--max-size)")])


def _size(count: int) -> str:
    for unit, scale in (("MiB", 1024 * 1024), ("KiB", 1024)):
        if count >= scale:
            return f"{count / scale:.4g} {unit}"
    return f"{count}-byte"


def load_yaml(
    path: str,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_depth: int = DEFAULT_MAX_DEPTH,
    alias_budget: int = DEFAULT_ALIAS_BUDGET,
) -> Document:
    """Load one YAML document from `path` safely; raise InputError with located problems."""
    text = read_text(path, max_bytes=max_bytes)
    return parse_yaml(text, file=path, max_depth=max_depth, alias_budget=alias_budget)


def parse_yaml(
    text: str,
    *,
    file: str,
    max_depth: int = DEFAULT_MAX_DEPTH,
    alias_budget: int = DEFAULT_ALIAS_BUDGET,
) -> Document:
    """Parse YAML text (already decoded) into a Document."""
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    from pledgecheck.yaml_builder import Builder, BuildError

    builder = Builder(max_depth=max_depth, alias_budget=alias_budget)
    try:
        builder.run(_events(text))
    except BuildError as exc:
        raise InputError([Problem(file, exc.line, exc.column, exc.message, exc.path)]) from None
    except MarkedYAMLError as exc:
        raise InputError([_syntax_problem(file, exc)]) from None
    except YAMLError as exc:  # reader errors (control characters) carry a position of their own
        line, column = _reader_position(exc, text)
        character = getattr(exc, "character", None)
        if isinstance(character, (str, int)):
            code = ord(character) if isinstance(character, str) else character
            detail = f"the control character U+{code:04X} is not allowed in YAML"
        else:
            detail = _one_line(exc).split(' in "<')[0]
        raise InputError([Problem(file, line, column, f"invalid YAML: {detail}")]) from None
    return Document(file=file, data=builder.result, positions=builder.positions)


def _syntax_problem(file: str, exc: Any) -> Problem:
    """A YAML syntax error, located where the user must look.

    An unclosed quote or bracket is only noticed at the end of the file; the line where the
    unfinished construct starts (the parser's context mark) is the useful one then.
    """
    problem, context = exc.problem or "malformed YAML", exc.context
    mark = exc.problem_mark or exc.context_mark
    message = f"invalid YAML: {problem}"
    if context and exc.context_mark is not None:
        opened = exc.context_mark.line + 1
        message += f" ({context} that starts on line {opened})"
        if "end of stream" in problem:
            mark = exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    return Problem(file, line, column, message)


def _events(text: str) -> Any:
    from ruamel.yaml import YAML

    return YAML(typ="safe", pure=False).parse(text)


def _reader_position(exc: Exception, text: str) -> tuple[int, int]:
    offset = getattr(exc, "position", None)
    if not isinstance(offset, int):
        return 1, 1
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())
