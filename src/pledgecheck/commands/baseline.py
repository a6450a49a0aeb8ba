"""`pledgecheck baseline MANIFEST --output FILE`: record today's failing findings."""

from __future__ import annotations

import sys

from pledgecheck.errors import EXIT_OK


def run_baseline(*, files: list[str], output: str, pack: str | None, as_of: str | None) -> int:
    from pledgecheck.baseline import record, render
    from pledgecheck.commands.check import parse_as_of
    from pledgecheck.engine import evaluate
    from pledgecheck.loading import load_manifest
    from pledgecheck.output import ensure_folder, write_atomic
    from pledgecheck.policy.loader import load_pack

    date = parse_as_of(as_of)
    ensure_folder(output)
    loaded = load_pack(pack)
    assessments = [evaluate(load_manifest(file), loaded, as_of=date) for file in files]
    write_atomic(output, render(assessments))
    count = len(record(assessments)["findings"])
    sys.stderr.write(f"baseline: {count} failing finding{'s' if count != 1 else ''} recorded in {output}\n")
    return EXIT_OK
