"""The HTML report of `check`: one self-contained page per run, a section per manifest that
opens with a summary (overall score, charts of the pillars and principles and of the findings
by status, the five fixes with the largest gain, warnings), then the detail: scores as a heat
map, a sortable table of findings, each gap linked to its control."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from pledgecheck import __version__
from pledgecheck.assessment import STATUSES, Assessment, Finding, priorities
from pledgecheck.pointer import pointer_to_path
from pledgecheck.reporters import framework_sections
from pledgecheck.reporters.base import (
    ReportOptions,
    coverage_line,
    display_path,
    finding_notes,
    format_score,
    scope_label,
    waiver_note,
)
from pledgecheck.reporters.charts import Bar, bar_chart, status_bar
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
from pledgecheck.reporters.notices import notices

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
    """The section of one manifest: its summary first, then the detail, section by section."""
    head = f'<h2 id="org-{number}">{esc(assessment.organisation)}</h2>'
    return "\n".join([head, *(part(assessment, number, options) for part in _SECTIONS)])


def _summary(assessment: Assessment, number: int, options: ReportOptions) -> str:
    """What a director reads in a minute: score, a chart per pillar and principle, the five
    fixes with the largest gain, and the warnings."""
    scores = assessment.scores
    overall = format_score(scores.overall)
    without = format_score(assessment.scores_without_waivers.overall)
    coverage = scores.coverage.get("overall")
    bars: list[Bar] = []
    for pillar, value in scores.pillars.items():
        bars.append(Bar(pillar.capitalize(), value))
        bars += [
            Bar(f"{p.id} {p.title}", scores.principles.get(p.id), indent=True)
            for p in assessment.pack.principles
            if p.pillar == pillar
        ]
    counts = [(s, assessment.count(s)) for s in STATUSES]
    ident = f"o{number}"
    parts = [
        f'<section class="overview" aria-labelledby="{ident}-sum"><h3 id="{ident}-sum">Summary</h3>',
        f'<p class="score">Overall score <strong>{overall}</strong> / 100 (without waivers {without})'
        + (f" · {esc(coverage_line(coverage))}" if coverage else "")
        + "</p>",
        f"<p>Manifest {esc(display_path(assessment.file))}</p>",
        status_bar(f"{ident}-status", f"Findings of {assessment.organisation} by status", counts),
        bar_chart(f"{ident}-scores", f"Scores of {assessment.organisation} per pillar and principle (0–100)", bars),
        _fix_first(assessment),
        _notices(assessment),
        "</section>",
    ]
    return "\n".join(parts)


def _fix_first(assessment: Assessment) -> str:
    ranked = priorities(assessment, limit=5)
    if not ranked:
        return "<h4>Fix first</h4><p>Nothing to fix: every applicable control is met or waived.</p>"
    items = "".join(
        f'<li><a href="#c-{esc(f.control)}">{esc(f.control)}</a> {esc(f.title)} ({esc(scope_label(f))}, '
        f"{esc(f.severity)} {esc(f.status)}): <strong>+{gain} points</strong></li>"
        for f, gain in ranked
    )
    return f"<h4>Fix first: the {len(ranked)} fixes with the largest gain</h4><ol>{items}</ol>"


def _notices(assessment: Assessment) -> str:
    found = notices(assessment)
    items = "".join(
        f'<li class="{"warn" if n.warns else "note"}">{"⚠ " if n.warns else ""}<strong>{esc(n.label)}:</strong> '
        f"{esc(n.text)}</li>"
        for n in found
    )
    warned = sum(n.warns for n in found)
    return f"<h4>Warnings and notes ({warned} warning{'s' if warned != 1 else ''})</h4><ul>{items}</ul>"


def _detail(assessment: Assessment, number: int, options: ReportOptions) -> str:
    counts = "".join(f"<li>{assessment.count(s)} {STATUS_LABEL[s]}</li>" for s in STATUSES)
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
            f'<h3 id="o{number}-detail">Detail</h3>',
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


def _frameworks(assessment: Assessment, number: int, options: ReportOptions) -> str:
    return framework_sections.html_section(assessment, options)


#: the parts of a manifest's section, in order; a new part is one function and one entry here
_SECTIONS: tuple[Callable[[Assessment, int, ReportOptions], str], ...] = (_summary, _detail, _frameworks)


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
