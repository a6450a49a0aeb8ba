"""One small exception hierarchy; only the CLI maps these to exit codes."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass

EXIT_OK = 0
EXIT_GATE_FAILED = 1
EXIT_BAD_INPUT = 2
EXIT_BROKEN_PACK = 3

#: what a terminal, a log viewer or a CI runner could obey: C0 and C1 controls (newlines
#: included), DEL, bidirectional controls, line and paragraph separators, lone surrogates
#: (an undecodable file name) and the two non-characters
UNSAFE_CHARS = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]"
)
_COMMAND_START = re.compile(r"(?<!\S)::")  # a `::` workflow command, once a line begins there


def _shown(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def inert(text: str) -> str:
    """Untrusted text safe on a terminal and in a CI log, on one line: every control character
    shown as `\\xNN` / `\\uNNNN` (never obeyed), and a `::` that could begin a line (at the
    start or after a space) shown as `\\x3a:`, so it never reads as a workflow command."""
    return _COMMAND_START.sub(r"\\x3a:", UNSAFE_CHARS.sub(_shown, text))


def did_you_mean(value: object, choices: Iterable[str], *, cutoff: float = 0.6) -> str:
    """` — did you mean 'x'?` for the closest choice, or "" when none is close."""
    if not isinstance(value, str):
        return ""
    match = difflib.get_close_matches(value, sorted(choices), n=1, cutoff=cutoff)
    return f" — did you mean '{match[0]}'?" if match else ""


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    """One located problem in an input file, printed as `file:line:col: message (at $.path)`."""

    file: str
    line: int
    column: int
    message: str
    path: str = "$"

    def __str__(self) -> str:
        where = f"{inert(self.file)}:{self.line}:{self.column}" if self.line else inert(self.file)
        suffix = f" (at {inert(self.path)})" if self.path and self.path != "$" else ""
        return f"{where}: {inert(self.message)}{suffix}"

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "path": self.path,
            "message": self.message,
        }


class PledgecheckError(Exception):
    """Base of every error the CLI turns into a message and an exit code."""

    exit_code = EXIT_BAD_INPUT

    def __init__(self, problems: list[Problem] | str) -> None:
        if isinstance(problems, str):
            problems = [Problem(file="pledgecheck", line=0, column=0, message=problems)]
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class InputError(PledgecheckError):
    """A manifest, waivers or baseline file that cannot be read or is invalid (exit 2)."""


class UsageError(PledgecheckError):
    """Options that do not fit together (exit 2)."""


class PackError(PledgecheckError):
    """A policy pack that is malformed: it stops the run (exit 3)."""

    exit_code = EXIT_BROKEN_PACK
