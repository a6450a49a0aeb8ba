"""One small exception hierarchy; only the CLI maps these to exit codes."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

EXIT_OK = 0
EXIT_GATE_FAILED = 1
EXIT_BAD_INPUT = 2
EXIT_BROKEN_PACK = 3


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
        where = f"{self.file}:{self.line}:{self.column}" if self.line else self.file
        suffix = f" (at {self.path})" if self.path and self.path != "$" else ""
        return f"{where}: {self.message}{suffix}"

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
