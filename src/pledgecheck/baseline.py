"""Baselines: today's failing findings, recorded so that CI fails only on new ones.

Entries are keyed by manifest, control and system (never by line), so unrelated edits to the manifest do
not break a baseline. The file is versioned JSON, written atomically by the CLI.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pledgecheck import __version__
from pledgecheck.assessment import Assessment, Finding
from pledgecheck.errors import InputError, Problem
from pledgecheck.source import read_text, shown_name

SCHEMA_VERSION = 2
#: (manifest, control, system): system "" for the organisation; manifest "" in a version-1
#: file, whose entries were recorded without it and so match the control in any manifest.
Key = tuple[str, str, str]


@dataclass(frozen=True, slots=True)
class Baseline:
    file: str
    entries: dict[Key, dict[str, str]]

    def knows(self, finding: Finding, manifest: str) -> bool:
        """Whether the baseline lists this failing finding of `manifest` at least as bad as it
        is now: a recorded partial that has become a gap is a new failure."""
        entry = self.entries.get((manifest_key(manifest), finding.control, finding.system)) or self.entries.get(
            ("", finding.control, finding.system)
        )
        if entry is None:
            return False
        return _WORSE.get(finding.status, 0) <= _WORSE.get(str(entry.get("status", "gap")), 2)


#: how bad a failing status is, for "has it got worse since the baseline"
_WORSE = {"partial": 1, "gap": 2}


def manifest_key(file: str) -> str:
    """How a manifest is named in a baseline: its path as given, normalised."""
    return os.path.normpath(file).replace(os.sep, "/")


def key_of(finding: Finding, manifest: str) -> Key:
    return (manifest_key(manifest), finding.control, finding.system)


def record(assessments: Sequence[Assessment]) -> dict[str, Any]:
    """The baseline document of the failing findings of `assessments`."""
    entries = {
        key_of(f, assessment.file): {
            "manifest": manifest_key(assessment.file),
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
    """The baseline file's text: titles and file names as they are, with what a terminal
    could obey (C1 and bidi controls, lone surrogates of an undecodable name) escaped."""
    from pledgecheck.reporters.safe import json_inert

    return json_inert(json.dumps(record(assessments), indent=2, ensure_ascii=False)) + "\n"


def load_baseline(path: str) -> Baseline:
    """A baseline file, or InputError saying why it cannot be used."""
    text = read_text(path)
    path = shown_name(path)
    data = _parse_json(path, text)
    version = data.get("schema_version") if isinstance(data, dict) else None
    if version not in (1, SCHEMA_VERSION):
        message = f"not a pledgecheck baseline of schema_version 1 or {SCHEMA_VERSION} (found {version!r}); "
        raise InputError([Problem(path, 0, 0, message + "write one with `pledgecheck baseline`")])
    findings = data.get("findings")
    entries: dict[Key, dict[str, str]] = {}
    for index, entry in enumerate(findings if isinstance(findings, list) else [None]):
        if not (isinstance(entry, dict) and all(isinstance(entry.get(k, ""), str) for k in ("manifest", "system"))):
            entry = None
        if entry is None or not isinstance(entry.get("control"), str) or (version == 2 and not entry.get("manifest")):
            where = f"$.findings[{index}]" if isinstance(findings, list) else "$.findings"
            needed = "a 'manifest', a 'control' and a 'system'" if version == 2 else "a 'control' and a 'system'"
            raise InputError([Problem(path, 0, 0, f"each finding needs {needed} (text)", where)])
        manifest = manifest_key(entry["manifest"]) if entry.get("manifest") else ""
        entries[(manifest, entry["control"], entry.get("system", ""))] = entry
    return Baseline(path, entries)


def _parse_json(path: str, text: str) -> Any:
    """JSON within bounds: nesting the decoder can follow, numbers of at most 100 digits."""
    try:
        return json.loads(text, parse_int=_whole_number)
    except json.JSONDecodeError as exc:
        raise InputError([Problem(path, exc.lineno, exc.colno, f"not a baseline: invalid JSON ({exc.msg})")]) from None
    except RecursionError:
        raise InputError([Problem(path, 0, 0, "not a baseline: JSON nested too deeply")]) from None
    except ValueError as exc:  # raised by _whole_number
        raise InputError([Problem(path, 0, 0, f"not a baseline: {exc}")]) from None


def _whole_number(digits: str) -> int:
    if len(digits.lstrip("-")) > 100:
        raise ValueError(f"a number of {len(digits.lstrip('-'))} digits is too long")
    return int(digits)


def new_failures(assessment: Assessment, baseline: Baseline | None) -> list[Finding]:
    """The failing findings of `assessment` that the baseline does not know."""
    failing = [f for f in assessment.findings if f.failing]
    return [f for f in failing if not baseline.knows(f, assessment.file)] if baseline else failing


def failing_keys(assessment: Assessment) -> set[Key]:
    return {key_of(f, assessment.file) for f in assessment.findings if f.failing}


def fixed(baseline: Baseline, *, assessed: set[str], failing: set[Key]) -> list[str]:
    """Baseline entries that no longer fail, one readable line each, computed once over the
    whole run: `assessed` names the manifests of the run (entries of others are not fixed),
    `failing` holds the keys of every failing finding of the run."""
    assessed = {manifest_key(file) for file in assessed}
    failing_anywhere = {(control, system) for _, control, system in failing}
    lines = []
    for key in sorted(baseline.entries):
        manifest, control, system = key
        if manifest and (manifest not in assessed or key in failing):
            continue
        if not manifest and (control, system) in failing_anywhere:
            continue
        scope = f"system {system}" if system else "organisation"
        where = f"{manifest}: " if manifest else ""
        lines.append(f"{baseline.file}: {where}{control} ({scope}) no longer fails; remove it from the baseline")
    return lines
