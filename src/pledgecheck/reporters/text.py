"""The terminal report: scores per pillar and principle, then every gap most severe first
with why it matters, where it is and what to do, then what to fix first.

The report is described as layout blocks (reporters/text_layout.py): rich draws them in
colour on a terminal, the precomputed plain layout draws the same characters elsewhere."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from functools import partial

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
    plain,
    scope_label,
    waiver_note,
)
from pledgecheck.reporters.safe import one_line, text_lines
from pledgecheck.reporters.text_layout import BLANK, RULE, Block, Column, Grid, Styled, plain_layout, styled

_STYLE = {
    "met": "green",
    "partial": "yellow",
    "gap": "red",
    "not-applicable": "dim",
    "waived": "cyan",
    "critical": "bold red",
    "high": "red",
    "medium": "yellow",
    "low": "dim",
}
_SCORE_COLUMNS = (
    Column("Pillar / principle", no_wrap=True, max_width=48),
    Column("Score", justify="right", no_wrap=True, min_width=5),
    *(Column(s.replace("not-applicable", "n/a"), "right", True, min_width=len(s.replace("not-applicable", "n/a")))
      for s in STATUSES),
    Column("verified", justify="right", no_wrap=True, min_width=8),
)  # fmt: skip
_HEAD_COLUMNS = (Column(width=8, no_wrap=True), Column(ratio=1))
_LINE_COLUMNS = (Column(width=3), Column(style="dim", width=10), Column(overflow="fold"))
_HANGING_COLUMNS = (Column(width=1), Column(no_wrap=True), Column(overflow="fold"))


def render(assessments: Sequence[Assessment], options: ReportOptions) -> str:
    return "".join(render_parts(assessments, options))


def render_parts(assessments: Iterable[Assessment], options: ReportOptions) -> Iterator[str]:
    return join_pieces((render_piece(a, options) for a in assessments), options)


def render_piece(assessment: Assessment, options: ReportOptions) -> str:
    """One manifest's report, as a worker process can render it alone."""
    return _draw(_assessment(assessment, options), options)


def join_pieces(pieces: Iterable[str], options: ReportOptions, **_run: object) -> Iterator[str]:
    """The manifests' reports in their order, a rule between two."""
    rule = ""
    for index, piece in enumerate(pieces):
        if index and not rule:
            rule = _draw([RULE], options)
        yield rule + piece if index else piece


def _draw(blocks: list[Block], options: ReportOptions) -> str:
    drawn = None if options.color else plain_layout(blocks, options.width, shrink=partial(_rich, options=options))
    if drawn is None:
        drawn = _rich(blocks, options=options)
    return text_lines(drawn)


def _rich(blocks: list[Block], *, options: ReportOptions) -> str:
    from pledgecheck.reporters.text_rich import rich_layout  # colour, or a grid that must shrink

    return rich_layout(blocks, options)


def _assessment(assessment: Assessment, options: ReportOptions) -> list[Block]:
    pack = assessment.pack
    out: list[Block] = [
        styled(f"pledgecheck {__version__} · pack {pack.id} {pack.version} · as of {assessment.as_of}"),
        styled(f"{plain(assessment.organisation)} — {plain(display_path(assessment.file))}", "bold"),
    ]
    line = f"Score {format_score(assessment.scores.overall)} / 100"
    if assessment.count("waived"):
        line += f" (without waivers {format_score(assessment.scores_without_waivers.overall)})"
    out += [styled(line, "bold"), styled(coverage_line(assessment.scores.coverage["overall"])), BLANK]
    out += [_score_table(assessment), BLANK]
    out += _notices(assessment)
    failing = fix_first(assessment.findings)
    if failing:
        out.append(styled(f"Gaps and partials, largest gain first ({len(failing)})", "bold"))
        for finding in failing:
            out += _finding(assessment, finding)
        out += _fix_first(assessment)
    else:
        out.append(styled("No gaps: every applicable control is met or waived.", "green"))
    out += _declared(assessment)
    frameworks = framework_sections.text_blocks(assessment, options)
    if frameworks and out[-1] is not BLANK:
        out.append(BLANK)
    out += frameworks
    if options.verbose:
        out += _others(assessment)
    counts = " · ".join(f"{assessment.count(s)} {s}" for s in STATUSES)
    out.append(styled(f"{len(assessment.findings)} findings: {counts}"))
    return out


def _score_table(assessment: Assessment) -> Grid:
    table = Grid(_SCORE_COLUMNS, table=True)
    findings = assessment.findings
    coverage = assessment.scores.coverage
    for pillar, value in assessment.scores.pillars.items():
        in_pillar = [f for f in findings if f.pillar == pillar]
        table.rows.append(_score_row(styled(pillar, "bold"), value, in_pillar, _ratio(coverage, pillar)))
        for principle in assessment.pack.principles:
            if principle.pillar != pillar:
                continue
            in_principle = [f for f in in_pillar if f.principle == principle.id]
            label = styled(f"  {principle.id} {plain(principle.title)}")
            score = assessment.scores.principles[principle.id]
            table.rows.append(_score_row(label, score, in_principle, _ratio(coverage, principle.id)))
    return table


def _score_row(label: Styled, score: float | None, findings: list[Finding], ratio: str) -> tuple[Styled, ...]:
    counts = [str(sum(1 for f in findings if f.status == s) or "") for s in STATUSES]
    return (label, *(styled(cell) for cell in (format_score(score), *counts, ratio)))


def _finding(assessment: Assessment, finding: Finding) -> list[Block]:
    control = assessment.pack.control(finding.control)
    title: Styled = (
        (f"{finding.control} ", "bold"),
        (finding.status, _STYLE[finding.status]),
        (f" · {plain(scope_label(finding))} · {plain(finding.title)}", ""),
    )
    head = Grid(_HEAD_COLUMNS, [(styled(finding.severity.upper(), _STYLE[finding.severity]), title)])
    path = pointer_to_path(finding.pointer)
    where = plain(f"{display_path(assessment.file)}:{finding.line}:{finding.column} ({path})")
    lines = [("why", one_line(control.why) if control else ""), ("where", where)]
    lines += [("found", one_line(message)) for message in finding.messages]
    lines += [(label, one_line(text)) for label, text in finding_notes(finding) if label != "declared"]
    if finding.assurance:
        lines.append(("evidence", finding.assurance))
    lines.append(("next", one_line(control.remediation) if control else ""))
    grid = Grid(_LINE_COLUMNS, [(styled(""), styled(label), styled(value)) for label, value in lines])
    return [head, grid, BLANK]


def _notices(assessment: Assessment) -> list[Block]:
    """When the next progress report is due, and what an audience's view leaves out (the
    warnings themselves go to standard error, as they always have)."""
    from pledgecheck.reporters.notices import notices

    shown = [n for n in notices(assessment) if n.label != "Warning"]
    if not shown:
        return []
    return [*(styled(plain(f"{n.label}: {n.text}"), "yellow" if n.warns else "") for n in shown), BLANK]


def _declared(assessment: Assessment) -> list[Block]:
    """The organisation's own not-applicable claims that the pack disputes, always shown."""
    claims = [f for f in declared(assessment.findings) if not f.failing]
    if not claims:
        return []
    out: list[Block] = [
        BLANK,
        styled(f"Declared not applicable by the organisation, for review ({len(claims)})", "bold"),
    ]
    out += [styled(f"  {f.control} ({plain(scope_label(f))}): {plain(f.declared)}") for f in claims]
    return [*out, BLANK]


def _fix_first(assessment: Assessment) -> list[Block]:
    ranked = priorities(assessment)
    if not ranked:
        return []
    out: list[Block] = [styled("Fix first (largest gain in the overall score)", "bold")]
    for rank, (finding, gain) in enumerate(ranked, 1):
        out.append(styled(f"  {rank}. {finding.control} ({plain(scope_label(finding))}) +{gain} points"))
    return out


def _others(assessment: Assessment) -> list[Block]:
    """Met, not applicable and waived findings, continuation lines under their text."""
    out: list[Block] = [styled("Met, not applicable and waived", "bold")]
    for finding in assessment.findings:
        if finding.failing:
            continue
        detail = finding.messages[0] if finding.messages else ""
        if finding.waiver is not None:
            detail = waiver_note(finding.waiver)
        text: Styled = ((finding.status, _STYLE[finding.status]), (f" ({plain(scope_label(finding))})", ""))
        if detail:
            text += ((f": {one_line(detail)}", ""),)
        out.append(Grid(_HANGING_COLUMNS, [(styled(""), styled(finding.control), text)]))
    return out


def _ratio(coverage: dict[str, Coverage], name: str) -> str:
    found = coverage.get(name)
    return f"{found.verified}/{found.total}" if found and found.total else ""
