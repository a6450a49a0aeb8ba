"""JUnit XML for CI test tabs: one test suite per manifest, one test case per control × scope.

Gaps and partials fail, not-applicable and waived findings are skipped with the reason, met
findings pass. ElementTree escapes markup; every value goes through `xml_text` first, so
characters XML 1.0 forbids (and terminal escapes) are shown, never written.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence

from pledgecheck.assessment import Assessment, Finding
from pledgecheck.reporters.base import (
    ReportOptions,
    display_path,
    finding_notes,
    format_score,
    scope_label,
    waiver_note,
)
from pledgecheck.reporters.safe import xml_text


def render(assessments: Sequence[Assessment], options: ReportOptions) -> str:
    root = ET.Element("testsuites", name="pledgecheck")
    totals = {"tests": 0, "failures": 0, "skipped": 0}
    for assessment in assessments:
        suite = _suite(assessment)
        root.append(suite)
        for key in totals:
            totals[key] += int(suite.get(key, "0"))
    for key, value in totals.items():
        root.set(key, str(value))
    root.set("errors", "0")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _suite(assessment: Assessment) -> ET.Element:
    file = display_path(assessment.file)
    suite = ET.Element("testsuite", name=_clean(f"{assessment.organisation} ({file})"))
    failures = skipped = 0
    for finding in assessment.findings:
        case = ET.SubElement(
            suite,
            "testcase",
            classname=_clean(f"{file}.{finding.control}"),
            name=_clean(f"{finding.control} {finding.title} [{scope_label(finding)}]"),
            file=_clean(file),
            line=str(finding.line),
        )
        if finding.failing:
            failures += 1
            failure = ET.SubElement(
                case, "failure", message=_clean(_summary(finding)), type=f"{finding.severity}-{finding.status}"
            )
            failure.text = xml_text(_details(file, finding), multiline=True)
        elif finding.status in ("not-applicable", "waived"):
            skipped += 1
            ET.SubElement(case, "skipped", message=_clean(_skip_reason(finding)))
    suite.set("tests", str(len(assessment.findings)))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    suite.set("skipped", str(skipped))
    suite.set("timestamp", f"{assessment.as_of}T00:00:00")
    properties = ET.Element("properties")
    for name, value in (
        ("file", file),
        ("pack", f"{assessment.pack.id} {assessment.pack.version}"),
        ("as_of", assessment.as_of),
        ("score", format_score(assessment.scores.overall, "g")),
        ("score_without_waivers", format_score(assessment.scores_without_waivers.overall, "g")),
        *((("next_progress_report", assessment.reporting.sentence()),) if assessment.reporting else ()),
        *((("withheld", assessment.redactions.sentence()),) if assessment.redactions else ()),
    ):
        ET.SubElement(properties, "property", name=name, value=_clean(value))
    suite.insert(0, properties)
    return suite


def _summary(finding: Finding) -> str:
    detail = "; ".join(finding.messages)
    return f"{finding.severity} {finding.status}: {detail}" if detail else f"{finding.severity} {finding.status}"


def _details(file: str, finding: Finding) -> str:
    lines = [f"{file}:{finding.line}:{finding.column}: {finding.control} {finding.status}"]
    lines += [f"- {message}" for message in finding.messages]
    lines += [f"- {label}: {text}" for label, text in finding_notes(finding)]
    for check in finding.checks:
        lines.append(f"[{'pass' if check.passed else 'FAIL'}] {check.title}")
    return "\n".join(lines)


def _skip_reason(finding: Finding) -> str:
    waiver = finding.waiver
    if finding.status == "waived" and waiver is not None:
        return f"{waiver_note(waiver)} (evaluated {finding.evaluated_status})"
    reason = "not applicable: " + ("; ".join(finding.messages) or "the control does not apply")
    return f"{reason} (review: {finding.review})" if finding.review else reason


def _clean(text: str) -> str:
    """An attribute value XML 1.0 can carry, inert (see reporters/safe.py)."""
    return xml_text(text)
