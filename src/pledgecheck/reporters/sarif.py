"""SARIF 2.1.0 for code scanning: one rule per control, one result per failing or waived
finding, located in the manifest and fingerprinted by control + system (never by line), so a
gap keeps its identity while unrelated lines move."""

from __future__ import annotations

import hashlib
import os
import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from pledgecheck import __version__
from pledgecheck.assessment import Assessment, Finding
from pledgecheck.policy.model import Control, Pack
from pledgecheck.reporters.base import ReportOptions, display_path, finding_notes, json_text, safe_link, scope_label

if TYPE_CHECKING:
    from pledgecheck.baseline import Baseline

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT_KEY = "pledgecheck/v1"
LEVELS = {"critical": "error", "high": "error", "medium": "warning", "low": "note"}
_INFORMATION_URI = "https://github.com/pledgecheck/pledgecheck"
#: code scanning ranks alerts by this CVSS-like score: critical >= 9.0, high >= 7.0, medium >= 4.0
DEFAULT_PACK = "safety-by-design"
SECURITY_SEVERITY = {"critical": "9.5", "high": "7.5", "medium": "5.0", "low": "2.0"}


def render(assessments: Sequence[Assessment], options: ReportOptions) -> str:
    return json_text(sarif_log(assessments, baseline=options.baseline, frameworks=options.frameworks))


def sarif_log(
    assessments: Sequence[Assessment], *, baseline: Baseline | None = None, frameworks: Sequence[str] = ()
) -> dict[str, Any]:
    from pledgecheck.reporters.framework_sections import obligation_tags

    pack = assessments[0].pack
    cited = Counter(link for control in pack.controls for link in {safe_link(r) for r in control.references})
    shared = {link for link, count in cited.items() if count > max(1, len(pack.controls) // 2)}
    own_docs = pack.id == DEFAULT_PACK  # the default pack's sources are in this project
    rules = [_rule(pack, control, shared, own_docs) for control in pack.controls]
    index = {control.id: i for i, control in enumerate(pack.controls)}
    results = []
    for assessment in assessments:
        tags = obligation_tags(assessment, frameworks)  # the obligations that reach this organisation
        for finding in assessment.findings:
            if finding.failing or finding.status == "waived" or finding.review:
                result = _result(assessment, finding, index[finding.control], baseline)
                result["properties"]["tags"] = tags.get(finding.control, [])
                results.append(result)
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
        "properties": {"asOf": assessments[0].as_of, **_progress_properties(assessments)},
    }
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def fingerprint(control: str, system: str) -> str:
    """Stable identity of a control × scope, independent of where it sits in the file."""
    return hashlib.sha256(f"{control}\x00{system}".encode()).hexdigest()


def help_uri(control: Control, shared: set[str], own_docs: bool) -> str:
    """The rule's own documentation. For the default pack: the control's section
    (`## ID title`) of its policy file in this project, which states the rule, its checks and
    its references. For another pack: its first http(s) reference that most of the pack does
    not cite (a whitepaper every control cites documents the pack, not the rule), else its
    first reference, else ""."""
    if own_docs:
        heading = re.sub(r"[^\w\- ]", "", f"{control.id} {control.title}".lower()).replace(" ", "-")
        return f"{_INFORMATION_URI}/blob/main/policies/{quote(os.path.basename(control.file))}#{quote(heading)}"
    links = [link for link in (safe_link(r) for r in control.references) if link.startswith(("http:", "https:"))]
    return next((link for link in links if link not in shared), links[0] if links else "")


def _crosswalk_tags(pack: Pack, control: str) -> list[str]:
    """`framework:ID` and `obligation:ID` for every obligation of the crosswalk the control maps to."""
    tags = {
        tag
        for framework in pack.frameworks.values()
        for obligation in framework.obligations
        if any(m.control == control for m in obligation.controls)
        for tag in (f"framework:{framework.id}", f"obligation:{obligation.id}")
    }
    return sorted(tags)


def _rule(pack: Pack, control: Control, shared: set[str], own_docs: bool) -> dict[str, Any]:
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
            "security-severity": SECURITY_SEVERITY[control.severity],
            "references": references,
            "tags": ["child-safety", control.pillar, control.principle, *_crosswalk_tags(pack, control.id)],
        },
    }
    uri = help_uri(control, shared, own_docs)
    if uri:
        rule["helpUri"] = uri
    return rule


def _help_markdown(control: Control, references: list[str]) -> str:
    lines = [f"**{control.id} {control.title}**", "", control.why, "", "**What to do**", ""]
    lines.append(control.remediation.strip())
    if references:
        lines += ["", "**References**", ""] + [f"- <{r}>" for r in references]
    return "\n".join(lines)


def baseline_state(baseline: Baseline, finding: Finding, manifest: str) -> str:
    """`unchanged` when the baseline lists the finding with the same status, `updated` when
    it lists it with another (partial -> gap), else `new`."""
    from pledgecheck.baseline import key_of

    entries = baseline.entries
    entry = entries.get(key_of(finding, manifest)) or entries.get(("", finding.control, finding.system))
    if entry is None:
        return "new"
    recorded = entry.get("status", finding.status) if isinstance(entry, dict) else finding.status
    return "unchanged" if recorded == finding.status else "updated"


def _result(assessment: Assessment, finding: Finding, rule_index: int, baseline: Baseline | None) -> dict[str, Any]:
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
    if baseline is not None:
        result["baselineState"] = baseline_state(baseline, finding, assessment.file)
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
        # the name's own bytes, percent-encoded: a name that is not UTF-8 is still its file
        uri = quote(path.replace(os.sep, "/").encode("utf-8", "surrogateescape"))
        artifact = {"uri": uri, "uriBaseId": "%SRCROOT%"}
    return {
        "physicalLocation": {
            "artifactLocation": artifact,
            "region": {"startLine": max(finding.line, 1), "startColumn": max(finding.column, 1)},
        }
    }


def _pascal(title: str) -> str:
    words = re.split(r"[^A-Za-z0-9]+", title)
    return "".join(word[:1].upper() + word[1:] for word in words if word)


def _progress_properties(assessments: Sequence[Assessment]) -> dict[str, Any]:
    """When each manifest's next progress report is due, and what an audience's view left out."""
    reports = [
        {"file": display_path(a.file), "due": a.reporting.due or None, "state": a.reporting.state,
         "message": a.reporting.sentence()}
        for a in assessments
        if a.reporting is not None
    ]  # fmt: skip
    withheld = [{"file": display_path(a.file), "message": a.redactions.sentence()} for a in assessments if a.redactions]
    return {"progressReports": reports, **({"withheld": withheld} if withheld else {})}
