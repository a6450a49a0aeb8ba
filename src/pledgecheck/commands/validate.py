"""`pledgecheck validate FILE...`."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from functools import partial

from pledgecheck.commands.jobs import in_order, job_count
from pledgecheck.errors import EXIT_BAD_INPUT, EXIT_OK, InputError, Problem, inert
from pledgecheck.loading import Limits, load_manifest
from pledgecheck.registry import reporter
from pledgecheck.reporters.base import ReportOptions
from pledgecheck.source import shown_name

#: waivers name controls of a policy pack, which `validate` does not load (it stays fast for
#: pre-commit hooks); it says so, rather than let a valid file fail `check` unexplained
WAIVER_NOTE = (
    "note: {file}: {count} waiver(s) checked for their form only; `pledgecheck check` also checks "
    "that each names a control of the policy pack"
)


def run_validate(*, files: list[str], output_format: str, max_size: int, jobs: int = 0) -> int:
    """Validate every file; report all of them, the good ones too, in the order given."""
    render = reporter("validate", output_format)  # an unknown format fails before any file is read
    check = partial(validate_file, max_size=max_size)
    outcomes = list(in_order(check, files, jobs=job_count(jobs, files)))
    results = [(file, problems) for file, problems, _ in outcomes]
    sys.stdout.write(render(results, ReportOptions()))
    for file, problems, waivers in outcomes:
        if waivers and not problems:
            sys.stderr.write(WAIVER_NOTE.format(file=inert(file), count=waivers) + "\n")
    return EXIT_BAD_INPUT if any(problems for _, problems in results) else EXIT_OK


def validate_file(file: str, *, max_size: int) -> tuple[str, Sequence[Problem], int]:
    """The name a file is reported under, its problems ([] when it is valid) and how many
    waivers it declares; picklable."""
    try:
        doc = load_manifest(file, limits=Limits(max_bytes=max_size))
    except InputError as exc:
        return shown_name(file), exc.problems, 0
    return shown_name(file), [], len(doc.data.get("waivers", []))
