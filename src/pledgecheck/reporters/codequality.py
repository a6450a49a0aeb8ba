"""GitLab Code Quality (a CodeClimate subset): one issue per gap or partial, shown in the
merge request widget. Waived findings are left out: the format has no suppressions."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

from pledgecheck.assessment import Assessment, Finding
from pledgecheck.reporters.base import ReportOptions, display_path, json_text, scope_label

SEVERITIES = {"critical": "critical", "high": "major", "medium": "minor", "low": "info"}


def render(assessments: Sequence[Assessment], options: ReportOptions) -> str:
    issues = [
        _issue(assessment, finding)
        for assessment in assessments
        for finding in assessment.findings
        if finding.failing or finding.review  # a disputed not-applicable claim is shown, as info
    ]
    return json_text(issues)


def _issue(assessment: Assessment, finding: Finding) -> dict[str, Any]:
    path = display_path(assessment.file).replace("\\", "/")
    detail = (
        "; ".join([*finding.messages, *([f"review: {finding.review}"] if finding.review else [])]) or finding.status
    )
    identity = f"{path}\x00{finding.control}\x00{finding.system}"
    return {
        "type": "issue",
        "check_name": finding.control,
        "description": f"{finding.control} {finding.title} ({scope_label(finding)}, {finding.status}): {detail}",
        "categories": ["Security"],
        "severity": SEVERITIES[finding.severity] if finding.failing else "info",
        "fingerprint": hashlib.sha256(identity.encode()).hexdigest(),
        "location": {"path": path, "lines": {"begin": max(finding.line, 1)}},
    }
