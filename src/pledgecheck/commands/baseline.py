"""`pledgecheck baseline MANIFEST... --output FILE`: record today's failing findings."""

from __future__ import annotations

import sys

from pledgecheck.errors import EXIT_OK, inert
from pledgecheck.pipeline import Settings


def run_baseline(*, files: list[str], output: str, settings: Settings) -> int:
    """Assess every manifest as `check` would and write their failing findings to `output`."""
    from pledgecheck.baseline import record, render
    from pledgecheck.output import ensure_folder, write_atomic
    from pledgecheck.pipeline import Pipeline

    ensure_folder(output, inputs=files)
    pipeline = Pipeline.open(settings)
    assessments = [pipeline.assess_file(file) for file in files]
    write_atomic(output, render(assessments), inputs=files)
    count = len(record(assessments)["findings"])
    sys.stderr.write(f"baseline: {count} failing finding{'s' if count != 1 else ''} recorded in {inert(output)}\n")
    return EXIT_OK
