"""GitLab Code Quality (a CodeClimate subset): one issue per gap or partial, shown in the
merge request widget. The format has no suppressions, so waived findings stay visible as
`info` issues that name the waiver (as in every other format); so do disputed claims."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

from pledgecheck.assessment import Assessment, Finding
from pledgecheck.reporters.base import ReportOptions, display_path, json_text, reviewed_notes, scope_label, waiver_note

SEVERITIES = {"critical": "critical", "high": "major", "medium": "minor", "low": "info"}


def render(assessments: Sequence[Assessment], options: ReportOptions) -> str:
    issues = [
        _issue(assessment, finding)
        for assessment in assessments
        for finding in assessment.findings
        if finding.failing or finding.review or finding.reviewed or finding.status == "waived"  # the rest as info
    ]
    return json_text(issues)


def _issue(assessment: Assessment, finding: Finding) -> dict[str, Any]:
    path = display_path(assessment.file).replace("\\", "/")
    notes = [f"review: {finding.review}"] if finding.review else []
    if finding.reviewed is not None:
        notes += [f"{label}: {text}" for label, text in reviewed_notes(finding.reviewed)]
    if finding.status == "waived" and finding.waiver is not None:
        notes.append(f"{waiver_note(finding.waiver)} (evaluated {finding.evaluated_status})")
    detail = "; ".join([*finding.messages, *notes]) or finding.status
    identity = f"{path}\x00{finding.control}\x00{finding.system}"
    return {
        "type": "issue",
        "check_name": finding.control,
        "description": f"{finding.control} {finding.title} ({scope_label(finding)}, {finding.status}): {detail}",
        "categories": ["Security"],
        "severity": SEVERITIES[finding.severity] if finding.failing else "info",
        "fingerprint": hashlib.sha256(
            identity.encode("utf-8", "surrogateescape")
        ).hexdigest(),  # a name may not be UTF-8
        "location": {"path": path, "lines": {"begin": max(finding.line, 1)}},
    }
