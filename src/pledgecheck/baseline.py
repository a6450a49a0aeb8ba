"""Baselines: today's failing findings, recorded so that CI fails only on new ones.

Entries are keyed by control + system (never by line), so unrelated edits to the manifest do
not break a baseline. The file is versioned JSON, written atomically by the CLI.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pledgecheck import __version__
from pledgecheck.assessment import Assessment, Finding
from pledgecheck.errors import InputError, Problem
from pledgecheck.source import read_text

SCHEMA_VERSION = 1
Key = tuple[str, str]  # (control, system); system "" for the organisation


@dataclass(frozen=True, slots=True)
class Baseline:
    file: str
    entries: dict[Key, dict[str, str]]

    @property
    def keys(self) -> frozenset[Key]:
        return frozenset(self.entries)


def key_of(finding: Finding) -> Key:
    return (finding.control, finding.system)


def record(assessments: Sequence[Assessment]) -> dict[str, Any]:
    """The baseline document of the failing findings of `assessments`."""
    entries = {
        key_of(f): {
            "control": f.control,
            "system": f.system,
            "status": f.status,
            "severity": f.severity,
            "title": f.title,
        }
        for assessment in assessments
        for f in assessment.findings
        if f.failing
    }
    first = assessments[0]
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "pledgecheck", "version": __version__},
        "as_of": first.as_of,
        "pack": {"id": first.pack.id, "version": first.pack.version},
        "findings": [entries[key] for key in sorted(entries)],
    }


def render(assessments: Sequence[Assessment]) -> str:
    return json.dumps(record(assessments), indent=2, ensure_ascii=False) + "\n"


def load_baseline(path: str) -> Baseline:
    """A baseline file, or InputError saying why it cannot be used."""
    text = read_text(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError([Problem(path, exc.lineno, exc.colno, f"not a baseline: invalid JSON ({exc.msg})")]) from None
    if not isinstance(data, dict) or data.get("schema_version") != SCHEMA_VERSION:
        found = data.get("schema_version") if isinstance(data, dict) else None
        message = f"not a pledgecheck baseline of schema_version {SCHEMA_VERSION} (found {found!r}); "
        raise InputError([Problem(path, 0, 0, message + "write one with `pledgecheck baseline`")])
    findings = data.get("findings")
    entries: dict[Key, dict[str, str]] = {}
    for index, entry in enumerate(findings if isinstance(findings, list) else [None]):
        if not (
            isinstance(entry, dict)
            and isinstance(entry.get("control"), str)
            and isinstance(entry.get("system", ""), str)
        ):
            where = f"$.findings[{index}]" if isinstance(findings, list) else "$.findings"
            raise InputError([Problem(path, 0, 0, "each finding needs a 'control' and a 'system' (text)", where)])
        entries[(entry["control"], entry.get("system", ""))] = entry
    return Baseline(path, entries)


def new_failures(assessment: Assessment, baseline: Baseline | None) -> list[Finding]:
    """The failing findings of `assessment` that the baseline does not know."""
    known = baseline.keys if baseline else frozenset()
    return [f for f in assessment.findings if f.failing and key_of(f) not in known]


def fixed(assessments: Sequence[Assessment], baseline: Baseline) -> list[str]:
    """Baseline entries that no longer fail, one readable line each."""
    failing = {key_of(f) for a in assessments for f in a.findings if f.failing}
    lines = []
    for key in sorted(baseline.keys - failing):
        control, system = key
        scope = f"system {system}" if system else "organisation"
        lines.append(f"{baseline.file}: {control} ({scope}) no longer fails; remove it from the baseline")
    return lines
