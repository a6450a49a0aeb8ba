"""Acceptance cases: a folder under tests/cases/ with an `expected.yaml` and the manifest it is
about (its own `manifest.yaml`, or one of examples/ named under `manifest:`).

expected.yaml holds the pinned assessment date (`as_of`), `statuses` (`CONTROL-ID` for the
organisation, `CONTROL-ID@system-id` for a system), and optionally `messages` (text that a
finding's messages must contain) and `not_assessed` (systems that get no finding at all).

A hand-written case states the statuses it is about; a generated one (`example-*`, written by
scripts/regenerate-expected.py) states every status. Both the acceptance test and that script
evaluate a case through `findings()` here, so they cannot disagree on how.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pledgecheck.assessment import STATUSES, Finding
from pledgecheck.engine import evaluate
from pledgecheck.loading import load_manifest
from pledgecheck.policy.loader import load_pack
from pledgecheck.source import load_yaml
from tests.support.paths import CASES, EXAMPLES, ROOT

GENERATED_PREFIX = "example-"
REGENERATE = "run `python scripts/regenerate-expected.py` and review the diff"
KEYS = ("manifest", "as_of", "statuses", "messages", "not_assessed")
PINNED_AS_OF = "2026-11-01"


@dataclass(frozen=True)
class Case:
    folder: Path
    expected: dict[str, Any]

    @property
    def name(self) -> str:
        return self.folder.name

    @property
    def generated(self) -> bool:
        """A full-status fixture written by scripts/regenerate-expected.py."""
        return self.name.startswith(GENERATED_PREFIX)

    @property
    def manifest(self) -> Path:
        named = self.expected.get("manifest")
        return ROOT / named if named else self.folder / "manifest.yaml"

    @property
    def as_of(self) -> dt.date:
        return dt.date.fromisoformat(str(self.expected["as_of"]))


def load_case(folder: Path) -> Case:
    expected = load_yaml(str(folder / "expected.yaml")).data
    return Case(folder, expected if isinstance(expected, dict) else {})


def all_cases() -> list[Case]:
    return [load_case(p.parent) for p in sorted(CASES.glob("*/expected.yaml"))]


def example_case_folder(example: Path) -> Path:
    """Where the generated case of examples/NAME.yaml lives: tests/cases/example-NAME/."""
    return CASES / f"{GENERATED_PREFIX}{example.stem}"


def example_manifests() -> list[Path]:
    return sorted(EXAMPLES.glob("*.yaml"))


def key(finding: Finding) -> str:
    return f"{finding.control}@{finding.system}" if finding.system else finding.control


def findings(case: Case) -> dict[str, Finding]:
    """Every finding of the case's manifest with the default pack on its pinned date, by key."""
    assessment = evaluate(load_manifest(str(case.manifest)), load_pack(), as_of=case.as_of)
    return {key(f): f for f in assessment.findings}


def mismatches(case: Case, found: dict[str, Finding]) -> list[str]:
    """How the findings differ from what the case expects, one line each; [] when they agree.

    A key that names no finding is a mismatch (a typo must not pass silently), and so, for a
    generated case, is a finding it does not list."""
    expected = case.expected
    problems = [f"unknown key '{k}' in expected.yaml (known: {', '.join(KEYS)})" for k in expected if k not in KEYS]
    statuses: dict[str, str] = expected.get("statuses") or {}
    if not statuses:
        problems.append("expected.yaml states no status")
    messages: dict[str, str] = expected.get("messages") or {}
    for name in sorted((set(statuses) | set(messages)) - set(found)):
        problems.append(f"{name}: no such finding (findings: {', '.join(sorted(found))})")
    for name, status in statuses.items():
        if status not in STATUSES:
            problems.append(f"{name}: '{status}' is not a status ({', '.join(STATUSES)})")
        elif name in found and found[name].status != status:
            problems.append(f"{name}: expected {status}, found {found[name].status}")
    if case.generated:
        problems.extend(
            f"{name}: {f.status}, not listed ({REGENERATE})" for name, f in found.items() if name not in statuses
        )
    for name, text in messages.items():
        if name in found and not any(text in m for m in found[name].messages):
            problems.append(f"{name}: no message contains {text!r} (messages: {list(found[name].messages)})")
    for system in expected.get("not_assessed") or []:
        if any(f.system == system for f in found.values()):
            problems.append(f"system '{system}' was assessed")
    return problems
