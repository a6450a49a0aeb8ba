"""A Markdown report to paste into a document or a pull request: the summary (scores, warnings,
fix first), then the detail of every gap; kept within GitHub's comment limit."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from pledgecheck import __version__
from pledgecheck.assessment import STATUSES, Assessment, Coverage, Finding, priorities
from pledgecheck.pointer import pointer_to_path
from pledgecheck.reporters import framework_sections
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
from pledgecheck.reporters.notices import notices
from pledgecheck.reporters.safe import markdown_code

#: GitHub refuses a comment or job summary longer than this many characters
GITHUB_LIMIT = 65_536
_RESERVE = 600  # room kept for the closing note of a report cut to the limit


def render(assessments: Sequence[Assessment], options: ReportOptions) -> str:
    return "".join(render_parts(assessments, options))


def render_parts(assessments: Iterable[Assessment], options: ReportOptions) -> Iterator[str]:
    """Each manifest's report as it comes. The whole stays within GitHub's comment limit: once
    the next manifest's detail would pass it, the detail is folded into `<details>` and cut
    to what fits, with a note saying how much is left out (the summary is always kept)."""
    used = 0
    for index, assessment in enumerate(assessments):
        head, detail = _assessment(assessment, options)
        lead = "\n" if index else ""
        room = GITHUB_LIMIT - _RESERVE - used - len(lead)
        if len(head) + len(detail) <= room:
            text = lead + head + detail
        elif len(head) + _RESERVE <= room:
            text = lead + head + _folded(detail, room - len(head))
        else:  # not even the summary fits: a line for this manifest, so none goes unmentioned
            text = lead + _one_line(assessment)
        used += len(text)
        yield text


def _one_line(assessment: Assessment) -> str:
    return (
        f"# Safety by Design gap analysis: {markdown_text(assessment.organisation)}\n\n"
        f"**Score {format_score(assessment.scores.overall)} / 100**. The rest of this manifest's report is left out "
        "to stay within GitHub's 65,536-character comment limit; the `json` and `html` formats hold all of it.\n"
    )


def _folded(detail: list[str] | str, room: int) -> str:
    """The detail in a `<details>` block cut at a line boundary to `room` characters."""
    lines = detail.split("\n") if isinstance(detail, str) else detail
    opening = "<details><summary>Detail (shortened to stay within GitHub's 65,536-character limit)</summary>\n\n"
    kept: list[str] = []
    size = len(opening) + 200
    for line in lines:
        if size + len(line) + 1 > room:
            break
        kept.append(line)
        size += len(line) + 1
    left = len([line for line in lines[len(kept) :] if line.startswith("### ")])
    note = (
        f"\n_The report is longer than GitHub's comment limit: {left} more finding(s) and the rest of the detail are "
        "left out here. The `json` and `html` formats hold all of it._\n"
    )
    if room <= len(opening) + len(note):
        return note
    return opening + "\n".join(kept) + "\n</details>\n" + note


def _assessment(assessment: Assessment, options: ReportOptions) -> tuple[str, str]:
    """(summary, detail) of one manifest: the summary is never shortened."""
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
    lines.append("")
    lines += _notices(assessment)
    ranked = priorities(assessment)
    if ranked:
        lines += ["## Fix first", ""]
        lines += [
            f"{rank}. {f.control} ({markdown_text(scope_label(f))}): +{gain} points"
            for rank, (f, gain) in enumerate(ranked, 1)
        ]
        lines.append("")
    detail = _detail(assessment, options)
    detail += framework_sections.markdown_lines(assessment, options)
    return "\n".join(lines) + "\n", "\n".join(detail) + "\n"


def _notices(assessment: Assessment) -> list[str]:
    found = notices(assessment)
    if not found:
        return []
    lines = ["## Warnings and notes", ""]
    lines += [f"- {'⚠ ' if n.warns else ''}**{n.label}:** {markdown_text(n.text)}" for n in found]
    return [*lines, ""]


def _detail(assessment: Assessment, options: ReportOptions) -> list[str]:
    pack = assessment.pack
    failing = fix_first(assessment.findings)
    lines = [f"## Gaps and partials ({len(failing)})", ""]
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
    if options.verbose:
        lines += ["## All results", "", "| Control | Scope | Status | Note |", "|---|---|---|---|"]
        for f in assessment.findings:
            note = markdown_text(f.messages[0]) if f.messages else ""
            lines.append(f"| {f.control} | {markdown_text(scope_label(f))} | {f.status} | {note} |")
        lines.append("")
    return lines


def _row(label: str, value: float | None, findings: list[Finding], coverage: Coverage | None) -> str:
    counts = " | ".join(str(sum(1 for f in findings if f.status == s)) for s in STATUSES)
    verified = f"{coverage.verified}/{coverage.total}" if coverage and coverage.total else ""
    return f"| {label} | {format_score(value)} | {counts} | {verified} |"


def _code(text: str) -> str:
    return markdown_code(text)
