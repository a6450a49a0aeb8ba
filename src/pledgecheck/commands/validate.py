"""`pledgecheck validate FILE...`."""

from __future__ import annotations

import json
import sys

from pledgecheck.errors import EXIT_BAD_INPUT, EXIT_OK, InputError, Problem, UsageError
from pledgecheck.loading import Limits, load_manifest

FORMATS = ("text", "json")


def run_validate(*, files: list[str], output_format: str, max_size: int) -> int:
    """Validate every file; report all of them, the good ones too."""
    if output_format not in FORMATS:
        raise UsageError(f"unknown format '{output_format}' for validate; expected text or json")
    results: list[tuple[str, list[Problem]]] = []
    for file in files:
        try:
            load_manifest(file, limits=Limits(max_bytes=max_size))
            results.append((file, []))
        except InputError as exc:
            results.append((file, exc.problems))
    sys.stdout.write(_json(results) if output_format == "json" else _text(results))
    return EXIT_BAD_INPUT if any(problems for _, problems in results) else EXIT_OK


def _text(results: list[tuple[str, list[Problem]]]) -> str:
    lines = []
    for file, problems in results:
        if not problems:
            lines.append(f"{file}: valid")
        lines.extend(str(p) for p in problems)
    bad = sum(1 for _, problems in results if problems)
    total = sum(len(problems) for _, problems in results)
    if bad:
        lines.append(f"{bad} of {len(results)} file(s) invalid, {total} problem(s)")
    return "\n".join(lines) + "\n"


def _json(results: list[tuple[str, list[Problem]]]) -> str:
    report = {
        "schema_version": 1,
        "files": [
            {"file": file, "valid": not problems, "problems": [p.as_dict() for p in problems]}
            for file, problems in results
        ],
    }
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"
