"""Reports of `validate`, one function per format (registered in `registry.py`): every file
with its located problems, the valid ones too. Imports stay light: `validate` is the command
a pre-commit hook runs on every commit, so it never pays for rich or the engine."""

from __future__ import annotations

from collections.abc import Sequence

from pledgecheck.errors import Problem, inert
from pledgecheck.reporters.base import ReportOptions, json_text

SCHEMA_VERSION = 1
#: one validated file and its problems ([] when it is valid)
FileResult = tuple[str, Sequence[Problem]]


def render_text(results: Sequence[FileResult], options: ReportOptions) -> str:
    """One line per valid file, one per problem, and a closing count when any is invalid."""
    lines = []
    for file, problems in results:
        if not problems:
            lines.append(f"{inert(file)}: valid")
        lines.extend(str(p) for p in problems)
    bad = sum(1 for _, problems in results if problems)
    total = sum(len(problems) for _, problems in results)
    if bad:
        lines.append(f"{bad} of {len(results)} file(s) invalid, {total} problem(s)")
    return "\n".join(lines) + "\n"


def render_json(results: Sequence[FileResult], options: ReportOptions) -> str:
    """`{"schema_version": 1, "files": [{"file", "valid", "problems"}]}`, in input order."""
    report = {
        "schema_version": SCHEMA_VERSION,
        "files": [
            {"file": file, "valid": not problems, "problems": [p.as_dict() for p in problems]}
            for file, problems in results
        ],
    }
    return json_text(report)
