"""Assessments as one OSCAL assessment-results document (`check --format oscal-ar`): one
result per manifest; for every finding an observation (what was examined, where in the
manifest) and a finding targeting the catalog's control, satisfied only when met."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from pledgecheck.assessment import Assessment, Finding
from pledgecheck.oscal import content_uuid, metadata, oneline, prop, timestamp
from pledgecheck.oscal.catalog import catalog_uuid
from pledgecheck.pointer import pointer_to_path
from pledgecheck.reporters.base import ReportOptions, display_path, json_text, reviewed_notes, scope_label


def render(assessments: Sequence[Assessment], options: ReportOptions) -> str:
    return json_text(assessment_results(assessments))


def assessment_results(assessments: Sequence[Assessment]) -> dict[str, Any]:
    first = assessments[0]
    pack = first.pack
    files = [display_path(a.file) for a in assessments]
    body = {
        "uuid": content_uuid("assessment-results", pack.id, pack.version, first.as_of, *files),
        "metadata": metadata(
            f"pledgecheck assessment against {oneline(pack.title)}",
            as_of=first.as_of,
            version=pack.version,
            remarks="Findings are judged from the manifests named in each result; pledgecheck has no OSCAL "
            "assessment plan, so import-ap names the pack's catalog.",
        ),
        # an assessment plan is required; the pack's catalog (pledgecheck export oscal-catalog) stands in for it
        "import-ap": {"href": f"urn:uuid:{catalog_uuid(pack)}"},
        "results": [_result(a) for a in assessments],
    }
    return {"assessment-results": body}


def _result(assessment: Assessment) -> dict[str, Any]:
    file = display_path(assessment.file)
    observations, findings = [], []
    for finding in assessment.findings:
        observation = _observation(assessment, finding, file)
        observations.append(observation)
        findings.append(_finding(assessment, finding, file, observation["uuid"]))
    score = assessment.scores.overall
    return {
        "uuid": content_uuid("result", file, assessment.organisation, assessment.as_of),
        "title": oneline(f"{assessment.organisation}: {file}"),
        "description": f"Gap analysis of {assessment.organisation} ({file}) as of {assessment.as_of}.",
        "start": timestamp(assessment.as_of),
        "end": timestamp(assessment.as_of),
        "props": [prop("score", "n/a" if score is None else f"{score:g}"), prop("manifest", file)],
        "reviewed-controls": {"control-selections": [{"include-all": {}}]},
        "observations": observations,
        "findings": findings,
    }


def _where(assessment: Assessment, finding: Finding, file: str) -> str:
    return f"{file}:{finding.line}:{finding.column} ({pointer_to_path(finding.pointer)})"


def _observation(assessment: Assessment, finding: Finding, file: str) -> dict[str, Any]:
    scope = scope_label(finding)
    checks = "; ".join(f"{c.title}: {c.state}" for c in finding.checks)
    href = quote(file.replace("\\", "/").encode("utf-8", "surrogateescape"))  # a name may not be UTF-8
    evidence = {"href": href, "description": _where(assessment, finding, file)}
    return {
        "uuid": content_uuid("observation", file, finding.control, finding.system),
        "title": oneline(f"{finding.control} for {scope}"),
        "description": oneline(f"{finding.title}. Checks: {checks}" if checks else finding.title),
        "props": [prop("status", finding.evaluated_status), prop("scope", scope)],
        "methods": ["EXAMINE"],
        "types": ["finding"],
        "collected": timestamp(assessment.as_of),
        "relevant-evidence": [evidence],
    }


def _finding(assessment: Assessment, finding: Finding, file: str, observation: str) -> dict[str, Any]:
    met = finding.evaluated_status == "met"
    applicable = finding.evaluated_status != "not-applicable"
    status: dict[str, Any] = {
        "state": "satisfied" if met or not applicable else "not-satisfied",
        "reason": "pass" if met else "fail" if applicable else "other",
    }
    why = "; ".join(finding.messages) or finding.evaluated_status
    if not applicable:
        status["remarks"] = oneline(f"not applicable: {why}")
    props = [prop("status", finding.status), prop("severity", finding.severity), prop("scope", scope_label(finding))]
    if finding.waiver is not None:
        props.append(prop("waiver", f"until {finding.waiver.expires} by {finding.waiver.approver}"))
    if finding.reviewed is not None:  # a reviewer's verdict (review.py): the tool's stays named, and any contest
        props.append(prop("tool-status", finding.reviewed.tool_status))
        why += "".join(f"; {label}: {text}" for label, text in reviewed_notes(finding.reviewed))
    return {
        "uuid": content_uuid("finding", file, finding.control, finding.system),
        "title": oneline(f"{finding.control} {finding.title} ({scope_label(finding)}): {finding.status}"),
        "description": oneline(f"{why} — at {_where(assessment, finding, file)}"),
        "props": props,
        "target": {"type": "objective-id", "target-id": finding.control, "status": status},
        "related-observations": [{"observation-uuid": observation}],
    }
