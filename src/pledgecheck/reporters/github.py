"""GitHub Actions workflow commands: one annotation per failing finding on the manifest line.

Manifest and pack text is untrusted: control characters are shown, data is escaped as the
runner requires (`%`, CR, LF) and property values also escape `:` and `,`, so no manifest can
end a command early or start a new one.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from pledgecheck.assessment import SEVERITIES, Assessment, Finding
from pledgecheck.reporters.base import (
    ReportOptions,
    declared,
    display_path,
    fix_first,
    format_score,
    review_summary,
    reviewed_notes,
    scope_label,
    waiver_note,
)
from pledgecheck.reporters.safe import github_data, github_property

COMMANDS = {"critical": "error", "high": "error", "medium": "warning", "low": "notice"}
ERROR_LIMIT = 10  # error annotations GitHub shows per step; the rest it drops silently


escape_data = github_data  # the message part of a workflow command (see reporters/safe.py)
escape_property = github_property  # a property value: `:` and `,` encoded too


def render(assessments: Sequence[Assessment], options: ReportOptions) -> str:
    return "".join(render_parts(assessments, options))


def render_parts(assessments: Iterable[Assessment], options: ReportOptions) -> Iterator[str]:
    """Every manifest's annotations, written once all are known: GitHub shows at most
    ERROR_LIMIT error annotations per step, so the most severe are kept (in report order)
    and a notice says how many were left out (the job summary holds the whole report)."""
    parts = [_lines(assessment) for assessment in assessments]
    numbered = [(n, rank) for n, (_, rank) in enumerate(entry for part in parts for entry in part)]
    errors = sorted((rank, n) for n, rank in numbered if rank is not None)
    dropped = {n for _, n in errors[ERROR_LIMIT:]}
    position = 0
    for part in parts:
        shown = [line for n, (line, _) in enumerate(part, position) if n not in dropped]
        position += len(part)
        yield "".join(line + "\n" for line in shown)
    if dropped:
        note = f"{len(dropped)} more error annotation(s) left out: GitHub shows at most {ERROR_LIMIT} per step"
        yield f"::notice title=pledgecheck::{escape_data(note + '; the job summary and the report hold them all')}\n"


def _lines(assessment: Assessment) -> list[tuple[str, int | None]]:
    """One manifest's lines, each with its severity rank when it is an error annotation."""
    lines = [
        (_annotation(assessment, f), SEVERITIES.index(f.severity) if COMMANDS[f.severity] == "error" else None)
        for f in fix_first(assessment.findings)
    ]
    # waived findings stay visible, as notices, so an accepted gap is never silent
    waived = [finding for finding in assessment.findings if finding.status == "waived"]
    # so do the organisation's own not-applicable claims that the pack disputes
    claims = [finding for finding in declared(assessment.findings) if not finding.failing]
    # and a reviewer's verdict that passes a control, so the tool's failing one is not lost
    reviewed = [f for f in assessment.findings if f.reviewed is not None and not f.failing and f not in claims]
    lines += [(_annotation(assessment, finding), None) for finding in (*waived, *claims, *reviewed)]
    lines += [(f"::warning title=pledgecheck::{escape_data(warning)}", None) for warning in assessment.warnings]
    return [*lines, (_summary(assessment), None)]


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
    if finding.reviewed is not None:
        message += "".join(f" — {label}: {text}" for label, text in reviewed_notes(finding.reviewed))
    return f"::{command} {joined}::{escape_data(message)}"


def _summary(assessment: Assessment) -> str:
    overall = assessment.scores.overall
    without = assessment.scores_without_waivers.overall
    counts = ", ".join(f"{assessment.count(status)} {status}" for status in ("gap", "partial", "waived", "met"))
    text = f"{assessment.organisation} ({display_path(assessment.file)}): score {format_score(overall, 'g')}"
    if without != overall:
        text += f" ({format_score(without, 'g')} without waivers)"
    text += "; " + counts
    if assessment.reporting is not None:  # when the next progress report is due, in every format
        text += f". {assessment.reporting.sentence()}"
    if assessment.redactions is not None:
        text += f" {assessment.redactions.sentence()}"
    if assessment.scores_without_review is not None:
        text += f" {review_summary(assessment)[0]}"
    return f"::notice title=pledgecheck::{escape_data(text)}"
