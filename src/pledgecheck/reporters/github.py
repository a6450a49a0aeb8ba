"""GitHub Actions workflow commands: one annotation per failing finding on the manifest line.

Manifest text is untrusted: data is escaped as the runner requires (`%`, CR, LF) and property
values also escape `:` and `,`, so no manifest can end a command early or start a new one.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from pledgecheck.assessment import Assessment, Finding
from pledgecheck.reporters.base import (
    ReportOptions,
    declared,
    display_path,
    fix_first,
    format_score,
    scope_label,
    waiver_note,
)

COMMANDS = {"critical": "error", "high": "error", "medium": "warning", "low": "notice"}


def escape_data(text: str) -> str:
    """The message part of a workflow command."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A property value (file, title, ...) of a workflow command."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(assessments: Sequence[Assessment], options: ReportOptions) -> str:
    return "".join(render_parts(assessments, options))


def render_parts(assessments: Iterable[Assessment], options: ReportOptions) -> Iterator[str]:
    for assessment in assessments:
        lines: list[str] = []
        lines.extend(_annotation(assessment, finding) for finding in fix_first(assessment.findings))
        # waived findings stay visible, as notices, so an accepted gap is never silent
        waived = [finding for finding in assessment.findings if finding.status == "waived"]
        lines.extend(_annotation(assessment, finding) for finding in waived)
        # so do the organisation's own not-applicable claims that the pack disputes
        claims = [finding for finding in declared(assessment.findings) if not finding.failing]
        lines.extend(_annotation(assessment, finding) for finding in claims)
        lines.extend(f"::warning::{escape_data(warning)}" for warning in assessment.warnings)
        lines.append(_summary(assessment))
        yield "".join(line + "\n" for line in lines)


def _annotation(assessment: Assessment, finding: Finding) -> str:
    command = COMMANDS[finding.severity] if finding.failing else "notice"
    properties = {
        "file": display_path(assessment.file).replace("\\", "/"),
        "line": str(finding.line),
        "col": str(finding.column),
        "title": f"{finding.control} {finding.title} ({finding.severity} {finding.status})",
    }
    joined = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    message = f"{scope_label(finding)}: " + ("; ".join(finding.messages) or finding.status)
    if finding.waiver is not None and finding.status == "waived":
        message += f" — {waiver_note(finding.waiver)}"
    if finding.review:
        message += f" — review: {finding.review}"
    return f"::{command} {joined}::{escape_data(message)}"


def _summary(assessment: Assessment) -> str:
    overall = assessment.scores.overall
    without = assessment.scores_without_waivers.overall
    counts = ", ".join(f"{assessment.count(status)} {status}" for status in ("gap", "partial", "waived", "met"))
    text = f"{assessment.organisation} ({display_path(assessment.file)}): score {format_score(overall, 'g')}"
    if without != overall:
        text += f" ({format_score(without, 'g')} without waivers)"
    return f"::notice title=pledgecheck::{escape_data(text + '; ' + counts)}"
