"""`pledgecheck validate FILE...`."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from functools import partial

from pledgecheck.commands.jobs import in_order, job_count
from pledgecheck.errors import EXIT_BAD_INPUT, EXIT_OK, InputError, Problem
from pledgecheck.loading import Limits, load_manifest
from pledgecheck.registry import reporter
from pledgecheck.reporters.base import ReportOptions
from pledgecheck.source import shown_name


def run_validate(*, files: list[str], output_format: str, max_size: int, jobs: int = 0) -> int:
    """Validate every file; report all of them, the good ones too, in the order given."""
    render = reporter("validate", output_format)  # an unknown format fails before any file is read
    check = partial(validate_file, max_size=max_size)
    results = list(in_order(check, files, jobs=job_count(jobs, files)))
    sys.stdout.write(render(results, ReportOptions()))
    return EXIT_BAD_INPUT if any(problems for _, problems in results) else EXIT_OK


def validate_file(file: str, *, max_size: int) -> tuple[str, Sequence[Problem]]:
    """The name a file is reported under, and its problems ([] when it is valid); picklable."""
    try:
        load_manifest(file, limits=Limits(max_bytes=max_size))
    except InputError as exc:
        return shown_name(file), exc.problems
    return shown_name(file), []
