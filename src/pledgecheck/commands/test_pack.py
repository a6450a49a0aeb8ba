"""`pledgecheck test-pack DIR`: run every control's examples of a pack."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import sys
from typing import Any

from pledgecheck.errors import EXIT_GATE_FAILED, EXIT_OK, InputError
from pledgecheck.policy.model import Control, Pack


def merge(base: Any, fragment: Any) -> Any:
    """Deep-merge `fragment` onto `base`: mappings merge, anything else replaces."""
    if isinstance(base, dict) and isinstance(fragment, dict):
        merged = dict(base)
        for key, value in fragment.items():
            merged[key] = merge(base[key], value) if key in base else copy.deepcopy(value)
        return merged
    return copy.deepcopy(fragment)


def example_failures(pack: Pack, control: Control) -> list[str]:
    """One line per example of `control` that does not behave as declared."""
    from pledgecheck.pipeline import Pipeline
    from pledgecheck.source import Document

    failures = []
    as_of = dt.date.fromisoformat(pack.examples_as_of)
    pipeline = Pipeline(dataclasses.replace(pack, controls=(control,)), as_of=as_of)
    for number, example in enumerate(control.examples, 1):
        label = f"{control.file}:{control.line}: {control.id} example {number} ({example['title']})"
        doc = Document(
            file=f"{control.id}-example-{number}",
            data=merge(pack.examples_base, example["manifest"]),
            positions={},
        )
        try:
            findings = pipeline.assess(pipeline.validate(doc)).findings
        except InputError as exc:
            problem = exc.problems[0]
            failures.append(f"{label}: the merged manifest is invalid: {problem.message} (at {problem.path})")
            continue
        system = example.get("system")
        judged = [f for f in findings if system is None or f.system == system]
        wrong = [f for f in judged if f.status != example["expect"]]
        if not judged:
            failures.append(f"{label}: no finding for system '{system}'")
        wanted = example.get("unverified")
        for finding in judged:
            if wanted is not None and len(finding.unverified) != wanted:
                unverified = "; ".join(finding.unverified) or "none"
                failures.append(f"{label}: expected {wanted} unverified check(s), got {unverified}")
        for finding in wrong:
            scope = f"system {finding.system}" if finding.system else "the organisation"
            detail = "; ".join(finding.messages)
            failures.append(f"{label}: expected {example['expect']}, got {finding.status} for {scope} ({detail})")
    return failures


def run_test_pack(*, pack_dir: str | None) -> int:
    from pledgecheck.policy.loader import load_pack

    pack = load_pack(pack_dir, use_cache=False)
    failures: list[str] = []
    examples = 0
    for control in pack.controls:
        examples += len(control.examples)
        failures.extend(example_failures(pack, control))
    for line in failures:
        sys.stdout.write(line + "\n")
    verdict = "FAILED" if failures else "ok"
    sys.stdout.write(
        f"{verdict}: {len(pack.controls)} controls, {examples} examples, "
        f"{len(failures)} failing ({pack.id} {pack.version})\n"
    )
    return EXIT_GATE_FAILED if failures else EXIT_OK
