"""Read a YAML file into plain data plus a side map of positions, defensively.

The C parser emits events; a small iterative builder turns them into dicts, lists and scalars
while it records where every key and item starts. Building from events (not composed nodes)
lets the builder stop at once on hostile input: nesting deeper than the limit, alias
expansion over a budget, unknown tags, duplicate keys. Nothing in the file is ever executed.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pledgecheck.errors import InputError, Problem
from pledgecheck.pointer import pointer_to_path
from pledgecheck.positions import Positions

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
DEFAULT_MAX_DEPTH = 64
DEFAULT_ALIAS_BUDGET = 10_000
#: the largest text re-read by the pure-Python parser when the C parser refuses YAML 1.2
PURE_PARSER_MAX_CHARS = 256 * 1024


@dataclass(frozen=True, slots=True)
class Document:
    """A loaded file: plain data, and 1-based positions keyed by JSON pointer (a `Positions`
    tree when parsed, any mapping when made up)."""

    file: str
    data: Any
    positions: Mapping[str, tuple[int, int]] = field(repr=False)

    def locate(self, pointer: str) -> tuple[int, int]:
        """Position of the node at `pointer`, or of its nearest existing parent."""
        if isinstance(self.positions, Positions):
            return self.positions.locate(pointer)
        while pointer:
            if pointer in self.positions:
                return self.positions[pointer]
            pointer = pointer.rsplit("/", 1)[0]
        return self.positions.get("", (1, 1))

    def problem(self, pointer: str, message: str) -> Problem:
        line, column = self.locate(pointer)
        return Problem(self.file, line, column, message, pointer_to_path(pointer))


STDIN = "-"
STDIN_NAME = "<stdin>"


def shown_name(path: str) -> str:
    """The name a file is reported under: `<stdin>` for `-`."""
    return STDIN_NAME if path == STDIN else path


def read_text(path: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Read a UTF-8 file (a BOM is accepted) within a size limit, or raise a located error.

    `-` reads standard input. Anything but a regular file (a directory, a FIFO, a device) is
    refused before it is opened for reading, so a named pipe cannot block the run.
    """
    if not path:
        raise InputError([Problem("''", 0, 0, "the file name is empty")])
    shown = shown_name(path)
    try:
        if path == STDIN:
            raw = sys.stdin.buffer.read(max_bytes + 1)
        else:
            _refuse_irregular(path, os.stat(path).st_mode)
            with open(path, "rb", opener=_open_regular) as handle:
                raw = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputError([Problem(path, 0, 0, "no such file")]) from None
    except OSError as exc:
        raise InputError([Problem(shown, 0, 0, f"cannot read file: {exc.strerror}")]) from None
    check_size(shown, len(raw), max_bytes)
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        message = f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})"
        raise InputError([Problem(shown, line, column, message)]) from None


_NOT_REGULAR = (
    (stat.S_ISDIR, "is a directory, not a file"),
    (stat.S_ISFIFO, "is a named pipe (FIFO), not a regular file"),
    (stat.S_ISCHR, "is a character device, not a regular file"),
    (stat.S_ISBLK, "is a block device, not a regular file"),
    (stat.S_ISSOCK, "is a socket, not a regular file"),
)


def _refuse_irregular(path: str, mode: int) -> None:
    if stat.S_ISREG(mode):
        return
    message = next((text for test, text in _NOT_REGULAR if test(mode)), "is not a regular file")
    raise InputError([Problem(path, 0, 0, message)])


def _open_regular(path: str, flags: int) -> int:
    """Open without blocking (a file swapped for a FIFO after the check) and check again."""
    descriptor = os.open(path, flags | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    try:
        _refuse_irregular(path, os.fstat(descriptor).st_mode)
    except InputError:
        os.close(descriptor)
        raise
    return descriptor


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
    return parse_yaml(text, file=shown_name(path), max_depth=max_depth, alias_budget=alias_budget)


def parse_yaml(
    text: str,
    *,
    file: str,
    max_depth: int = DEFAULT_MAX_DEPTH,
    alias_budget: int = DEFAULT_ALIAS_BUDGET,
) -> Document:
    """Parse YAML text (already decoded) into a Document."""
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    from pledgecheck.yaml_builder import Builder, BuildError, position_budget

    budget = position_budget(len(text))
    builder = Builder(max_depth=max_depth, alias_budget=alias_budget, position_budget=budget)
    try:
        try:
            builder.run(_events(text))
        except MarkedYAMLError as exc:
            if not _yaml_12_only(exc, text):
                raise
            builder = _pure_rerun(text, exc, max_depth=max_depth, alias_budget=alias_budget, budget=budget)
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


def _events(text: str, *, pure: bool = False) -> Any:
    """The parse events of `text`: libyaml's, read straight off ruamel's C parser (a C-level
    iterator; ruamel's `YAML.parse` generator costs a third again), or those of ruamel's
    pure-Python parser (YAML 1.2). The C parser frees libyaml's state when it is collected."""
    if pure:
        from ruamel.yaml import YAML

        return YAML(typ="safe", pure=True).parse(text)
    from _ruamel_yaml import CParser  # type: ignore[import-not-found]  # ruamel.yaml.clib, no stubs

    return iter(CParser(text).get_event, None)


def _yaml_12_only(exc: Any, text: str) -> bool:
    """Whether the C parser (libyaml, YAML 1.1 rules) refused something YAML 1.2 allows.

    `{url: https://x}` (a ':' inside a plain scalar in flow context), `[:x]` (a plain scalar
    starting with an indicator) and U+2028/U+0085 (line breaks in 1.1, plain text in 1.2).
    """
    problem = exc.problem or ""
    if problem == "found unexpected ':'":
        return True
    if problem == "did not find expected node content" and exc.problem_mark is not None:
        index = getattr(exc.problem_mark, "index", -1)
        return 0 <= index < len(text) - 1 and text[index] in "-?:" and not text[index + 1].isspace()
    return problem == "could not find expected ':'" and any(c in text for c in "\x85\u2028\u2029")


_TOO_LARGE_TO_REREAD = (
    "; quote the value (YAML 1.2 allows it, but a file this large is read by the fast YAML 1.1 parser only)"
)


def _pure_rerun(text: str, first: Any, *, max_depth: int, alias_budget: int, budget: int) -> Any:
    """The same text through ruamel's pure-Python parser (YAML 1.2) and the same builder, so
    positions and limits are the same; the C parser's error stands when this one fails too."""
    from ruamel.yaml.error import MarkedYAMLError

    from pledgecheck.yaml_builder import Builder

    if len(text) > PURE_PARSER_MAX_CHARS:  # about 16 us a character: keep the run to seconds
        first.problem += _TOO_LARGE_TO_REREAD
        raise first
    builder = Builder(max_depth=max_depth, alias_budget=alias_budget, position_budget=budget)
    try:
        builder.run(_events(text, pure=True))
    except MarkedYAMLError:
        raise first from None
    return builder


def _reader_position(exc: Exception, text: str) -> tuple[int, int]:
    offset = getattr(exc, "position", None)
    if not isinstance(offset, int):
        return 1, 1
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())
