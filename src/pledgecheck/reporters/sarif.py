"""SARIF 2.1.0 for code scanning: one rule per control, one result per failing or waived
finding, located in the manifest and fingerprinted by control + system (never by line), so a
gap keeps its identity while unrelated lines move."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from pledgecheck import __version__
from pledgecheck.assessment import Assessment, Finding
from pledgecheck.policy.model import Control
from pledgecheck.reporters.base import ReportOptions, display_path, finding_notes, json_text, safe_link, scope_label

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT_KEY = "pledgecheck/v1"
LEVELS = {"critical": "error", "high": "error", "medium": "warning", "low": "note"}
_INFORMATION_URI = "https://github.com/pledgecheck/pledgecheck"


def render(assessments: Sequence[Assessment], options: ReportOptions) -> str:
    return json_text(sarif_log(assessments))


def sarif_log(assessments: Sequence[Assessment]) -> dict[str, Any]:
    pack = assessments[0].pack
    rules = [_rule(control) for control in pack.controls]
    index = {control.id: i for i, control in enumerate(pack.controls)}
    results = [
        _result(assessment, finding, index[finding.control])
        for assessment in assessments
        for finding in assessment.findings
        if finding.failing or finding.status == "waived" or finding.review
    ]
    run = {
        "tool": {
            "driver": {
                "name": "pledgecheck",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": _INFORMATION_URI,
                "rules": rules,
                "properties": {"pack": {"id": pack.id, "version": pack.version}},
            }
        },
        "automationDetails": {"id": f"pledgecheck/{pack.id}/"},
        "originalUriBaseIds": {"%SRCROOT%": {"description": {"text": "The working directory."}}},
        "columnKind": "unicodeCodePoints",
        "results": results,
        "properties": {"asOf": assessments[0].as_of},
    }
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def fingerprint(control: str, system: str) -> str:
    """Stable identity of a control × scope, independent of where it sits in the file."""
    return hashlib.sha256(f"{control}\x00{system}".encode()).hexdigest()


def _rule(control: Control) -> dict[str, Any]:
    references = [link for link in (safe_link(r) for r in control.references) if link]
    rule: dict[str, Any] = {
        "id": control.id,
        "name": _pascal(control.title),
        "shortDescription": {"text": control.title},
        "fullDescription": {"text": " ".join(control.rationale.split()) or control.title},
        "help": {"text": control.remediation.strip(), "markdown": _help_markdown(control, references)},
        "defaultConfiguration": {"level": LEVELS[control.severity]},
        "properties": {
            "principle": control.principle,
            "severity": control.severity,
            "references": references,
            "tags": ["child-safety", control.pillar, control.principle, *sorted(control.frameworks)],
        },
    }
    if references and references[0].startswith("http"):
        rule["helpUri"] = references[0]
    return rule


def _help_markdown(control: Control, references: list[str]) -> str:
    lines = [f"**{control.id} {control.title}**", "", control.why, "", "**What to do**", ""]
    lines.append(control.remediation.strip())
    if references:
        lines += ["", "**References**", ""] + [f"- <{r}>" for r in references]
    return "\n".join(lines)


def _result(assessment: Assessment, finding: Finding, rule_index: int) -> dict[str, Any]:
    status = finding.evaluated_status if finding.status == "waived" else finding.status
    detail = "; ".join([*finding.messages, *(f"{k}: {v}" for k, v in finding_notes(finding) if k != "declared")])
    text = f"{finding.control} {finding.title} — {scope_label(finding)}: {status}. {detail or status}"
    review = not finding.failing and finding.status != "waived"  # a declared not-applicable, for review
    result: dict[str, Any] = {
        "ruleId": finding.control,
        "ruleIndex": rule_index,
        "level": "note" if review else LEVELS[finding.severity],
        "kind": "review" if review else "fail",
        "message": {"text": text},
        "locations": [_location(assessment, finding)],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint(finding.control, finding.system)},
        "properties": {
            "status": finding.status,
            "system": finding.system,
            "severity": finding.severity,
            "checksVerified": finding.verified,
            "checksTotal": len(finding.checks),
        },
    }
    if finding.status == "waived" and finding.waiver is not None:
        waiver = finding.waiver
        result["suppressions"] = [
            {
                "kind": "external",
                "status": "accepted",
                "justification": f"{waiver.justification} (approved by {waiver.approver}, expires {waiver.expires})",
            }
        ]
    return result


def _location(assessment: Assessment, finding: Finding) -> dict[str, Any]:
    path = display_path(assessment.file)
    if os.path.isabs(path):
        artifact = {"uri": Path(path).as_uri()}
    else:
        artifact = {"uri": quote(path.replace(os.sep, "/")), "uriBaseId": "%SRCROOT%"}
    return {
        "physicalLocation": {
            "artifactLocation": artifact,
            "region": {"startLine": max(finding.line, 1), "startColumn": max(finding.column, 1)},
        }
    }


def _pascal(title: str) -> str:
    words = re.split(r"[^A-Za-z0-9]+", title)
    return "".join(word[:1].upper() + word[1:] for word in words if word)
