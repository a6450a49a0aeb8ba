"""The HTML report of `check`: one self-contained page per run, a section per manifest with
its scores as a heat map, a sortable table of findings, each gap linked to its control."""

from __future__ import annotations

from collections.abc import Sequence

from pledgecheck import __version__
from pledgecheck.assessment import STATUSES, Assessment, Finding
from pledgecheck.pointer import pointer_to_path
from pledgecheck.reporters.base import (
    ReportOptions,
    coverage_line,
    display_path,
    finding_notes,
    format_score,
    scope_label,
    waiver_note,
)
from pledgecheck.reporters.html_page import (
    STATUS_LABEL,
    esc,
    explanations,
    legend,
    name_cell,
    page,
    score_cell,
    status_cell,
    table,
)

_SEVERITY_RANK = {"critical": 0, "high": 1, "medium": 2, "low": 3}


def render(assessments: Sequence[Assessment], options: ReportOptions) -> str:
    pack = assessments[0].pack
    body = [
        "<h1>Safety by Design gap analysis</h1>",
        f"<p>Pack {esc(pack.id)} {esc(pack.version)} · as of {esc(assessments[0].as_of)} · "
        f"pledgecheck {esc(__version__)}. Select a column heading to sort by it; each gap links "
        'to <a href="#explanations">its control</a>.</p>',
        legend(),
    ]
    for number, assessment in enumerate(assessments, 1):
        body.append(_assessment(assessment, number, options))
    body.append(explanations(pack.controls))
    return page(f"Gap analysis: {', '.join(a.organisation for a in assessments)}", "\n".join(body))


def _assessment(assessment: Assessment, number: int, options: ReportOptions) -> str:
    counts = "".join(f"<li>{assessment.count(s)} {STATUS_LABEL[s]}</li>" for s in STATUSES)
    score = format_score(assessment.scores.overall)
    coverage = assessment.scores.coverage
    principles = [
        name_cell(f"{p.id} {p.title}")
        + score_cell(assessment.scores.principles.get(p.id))
        + f"<td>{esc(str(coverage[p.id])) if p.id in coverage and coverage[p.id].total else ''}</td>"
        for p in assessment.pack.principles
    ]
    # the organisation's own not-applicable claims stay visible: they are for review
    shown = [f for f in assessment.findings if options.verbose or f.status != "not-applicable" or f.declared]
    rows = [_finding_row(assessment, f) for f in shown]
    return "\n".join(
        [
            f'<h2 id="org-{number}">{esc(assessment.organisation)}</h2>',
            f"<p>Manifest {esc(display_path(assessment.file))} · overall score <strong>{score}</strong> · "
            f"{esc(coverage_line(coverage['overall']))}</p>",
            f'<ul class="summary">{counts}</ul>',
            table(
                "Score per principle (0–100)",
                ["Principle", "Score", "Verified"],
                principles,
                label=f"Scores of {assessment.organisation}",
            ),
            table(
                "Findings"
                + ("" if options.verbose else " (not-applicable left out, unless declared by the organisation)"),
                ["Control", "Title", "Scope", "Severity", "Status", "Found", "Where"],
                rows,
                label=f"Findings of {assessment.organisation}",
            ),
        ]
    )


def _finding_row(assessment: Assessment, finding: Finding) -> str:
    where = f"{display_path(assessment.file)}:{finding.line}:{finding.column} ({pointer_to_path(finding.pointer)})"
    found = "; ".join(finding.messages)
    if finding.waiver is not None:
        found = waiver_note(finding.waiver)
    notes = [f"{label}: {text}" for label, text in finding_notes(finding) if label != "declared"]
    found = "; ".join([found, *notes]) if found else "; ".join(notes)
    return (
        f'<th scope="row" data-v="{finding.order}"><a href="#c-{esc(finding.control)}">{esc(finding.control)}</a></th>'
        f'<td data-v="{esc(finding.title)}">{esc(finding.title)}</td>'
        f'<td data-v="{esc(scope_label(finding))}">{esc(scope_label(finding))}</td>'
        f'<td data-v="{_SEVERITY_RANK.get(finding.severity, 9)}">{esc(finding.severity)}</td>'
        + status_cell(finding.status, finding.control)
        + f'<td data-v="{esc(found)}">{esc(found)}</td><td data-v="{esc(where)}">{esc(where)}</td>'
    )
