"""A Markdown report to paste into a document or a pull request."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from pledgecheck import __version__
from pledgecheck.assessment import STATUSES, Assessment, Coverage, Finding, priorities
from pledgecheck.pointer import pointer_to_path
from pledgecheck.reporters.base import (
    ReportOptions,
    coverage_line,
    declared,
    display_path,
    finding_notes,
    fix_first,
    format_score,
    markdown_text,
    scope_label,
)
from pledgecheck.reporters.safe import markdown_code


def render(assessments: Sequence[Assessment], options: ReportOptions) -> str:
    return "".join(render_parts(assessments, options))


def render_parts(assessments: Iterable[Assessment], options: ReportOptions) -> Iterator[str]:
    for index, assessment in enumerate(assessments):
        yield ("\n" if index else "") + _assessment(assessment, options)


def _assessment(assessment: Assessment, options: ReportOptions) -> str:
    pack = assessment.pack
    lines = [
        f"# Safety by Design gap analysis: {markdown_text(assessment.organisation)}",
        "",
        f"Manifest `{_code(display_path(assessment.file))}` · pack {pack.id} {pack.version} · "
        f"as of {assessment.as_of} · pledgecheck {__version__}",
        "",
        f"**Score {format_score(assessment.scores.overall)} / 100** "
        f"(without waivers {format_score(assessment.scores_without_waivers.overall)}) · "
        f"{coverage_line(assessment.scores.coverage['overall'])}",
        "",
        "| Pillar / principle | Score | " + " | ".join(STATUSES) + " | Verified |",
        "|---|---:|" + "---:|" * len(STATUSES) + "---:|",
    ]
    coverage = assessment.scores.coverage
    for pillar, value in assessment.scores.pillars.items():
        in_pillar = [f for f in assessment.findings if f.pillar == pillar]
        lines.append(_row(f"**{pillar}**", value, in_pillar, coverage.get(pillar)))
        for principle in pack.principles:
            if principle.pillar == pillar:
                found = [f for f in assessment.findings if f.principle == principle.id]
                label = f"{principle.id} {markdown_text(principle.title)}"
                score = assessment.scores.principles[principle.id]
                lines.append(_row(label, score, found, coverage.get(principle.id)))
    failing = fix_first(assessment.findings)
    lines += ["", f"## Gaps and partials ({len(failing)})", ""]
    if not failing:
        lines.append("No gaps: every applicable control is met or waived.")
    for finding in failing:
        control = pack.control(finding.control)
        where = f"{display_path(assessment.file)}:{finding.line}:{finding.column}"
        lines += [
            f"### {finding.severity} · {finding.control} {markdown_text(finding.title)} — "
            f"{markdown_text(scope_label(finding))} · {finding.status}",
            "",
            f"- **Why:** {markdown_text(control.why if control else '')}",
            f"- **Where:** `{_code(where)}` (`{_code(pointer_to_path(finding.pointer))}`)",
            *(f"- {markdown_text(m)}" for m in finding.messages),
            *(f"- **{label.capitalize()}:** {markdown_text(text)}" for label, text in finding_notes(finding)),
            f"- **Next step:** {markdown_text(control.remediation if control else '')}",
            "",
        ]
    claims = [f for f in declared(assessment.findings) if not f.failing]
    if claims:
        lines += ["## Declared not applicable by the organisation, for review", ""]
        lines += [f"- {f.control} ({markdown_text(scope_label(f))}): {markdown_text(f.declared)}" for f in claims]
        lines.append("")
    ranked = priorities(assessment)
    if ranked:
        lines += ["## Fix first", ""]
        lines += [
            f"{rank}. {f.control} ({markdown_text(scope_label(f))}): +{gain} points"
            for rank, (f, gain) in enumerate(ranked, 1)
        ]
        lines.append("")
    if options.verbose:
        lines += ["## All results", "", "| Control | Scope | Status | Note |", "|---|---|---|---|"]
        for f in assessment.findings:
            note = markdown_text(f.messages[0]) if f.messages else ""
            lines.append(f"| {f.control} | {markdown_text(scope_label(f))} | {f.status} | {note} |")
        lines.append("")
    return "\n".join(lines) + "\n"


def _row(label: str, value: float | None, findings: list[Finding], coverage: Coverage | None) -> str:
    counts = " | ".join(str(sum(1 for f in findings if f.status == s)) for s in STATUSES)
    verified = f"{coverage.verified}/{coverage.total}" if coverage and coverage.total else ""
    return f"| {label} | {format_score(value)} | {counts} | {verified} |"


def _code(text: str) -> str:
    return markdown_code(text)
