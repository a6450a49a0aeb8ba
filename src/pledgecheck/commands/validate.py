"""`pledgecheck validate FILE...`."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from pledgecheck.errors import EXIT_BAD_INPUT, EXIT_OK, InputError, Problem
from pledgecheck.loading import Limits, load_manifest
from pledgecheck.registry import reporter
from pledgecheck.reporters.base import ReportOptions


def run_validate(*, files: list[str], output_format: str, max_size: int) -> int:
    """Validate every file; report all of them, the good ones too."""
    render = reporter("validate", output_format)  # an unknown format fails before any file is read
    results: list[tuple[str, Sequence[Problem]]] = []
    for file in files:
        try:
            load_manifest(file, limits=Limits(max_bytes=max_size))
            results.append((file, []))
        except InputError as exc:
            results.append((file, exc.problems))
    sys.stdout.write(render(results, ReportOptions()))
    return EXIT_BAD_INPUT if any(problems for _, problems in results) else EXIT_OK
