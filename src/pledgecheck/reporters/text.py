"""The terminal report: scores per pillar and principle, then every gap most severe first
with why it matters, where it is and what to do, then what to fix first."""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator, Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text

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
    plain,
    scope_label,
    waiver_note,
)

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


def render(assessments: Sequence[Assessment], options: ReportOptions) -> str:
    return "".join(render_parts(assessments, options))


def render_parts(assessments: Iterable[Assessment], options: ReportOptions) -> Iterator[str]:
    for index, assessment in enumerate(assessments):
        yield _render_one(assessment, options, separator=index > 0)


def _render_one(assessment: Assessment, options: ReportOptions, *, separator: bool) -> str:
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=options.width,
        force_terminal=options.color,
        color_system="standard" if options.color else None,
        highlight=False,
        emoji=False,
    )
    if separator:
        console.rule()
    _assessment(console, assessment, options)
    return "".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines())


def _assessment(console: Console, assessment: Assessment, options: ReportOptions) -> None:
    pack = assessment.pack
    console.print(Text(f"pledgecheck {__version__} · pack {pack.id} {pack.version} · as of {assessment.as_of}"))
    console.print(Text(f"{plain(assessment.organisation)} — {display_path(assessment.file)}", style="bold"))
    overall = format_score(assessment.scores.overall)
    without = format_score(assessment.scores_without_waivers.overall)
    line = f"Score {overall} / 100"
    if assessment.count("waived"):
        line += f" (without waivers {without})"
    console.print(Text(line, style="bold"))
    console.print(Text(coverage_line(assessment.scores.coverage["overall"])))
    console.print()
    console.print(_score_table(assessment))
    console.print()
    failing = fix_first(assessment.findings)
    if failing:
        console.print(Text(f"Gaps and partials, largest gain first ({len(failing)})", style="bold"))
        for finding in failing:
            _finding(console, assessment, finding)
        _fix_first(console, assessment)
    else:
        console.print(Text("No gaps: every applicable control is met or waived.", style="green"))
    _declared(console, assessment)
    if options.verbose:
        _others(console, assessment)
    counts = " · ".join(f"{assessment.count(s)} {s}" for s in STATUSES)
    console.print(Text(f"{len(assessment.findings)} findings: {counts}"))


def _score_table(assessment: Assessment) -> Table:
    table = Table(show_edge=False, pad_edge=False, box=None, header_style="bold")
    table.add_column("Pillar / principle", no_wrap=True, overflow="ellipsis", max_width=48)
    table.add_column("Score", justify="right", no_wrap=True, min_width=5)
    for status in STATUSES:
        header = status.replace("not-applicable", "n/a")
        table.add_column(header, justify="right", no_wrap=True, min_width=len(header))
    table.add_column("verified", justify="right", no_wrap=True, min_width=8)
    findings = assessment.findings
    coverage = assessment.scores.coverage
    for pillar, value in assessment.scores.pillars.items():
        in_pillar = [f for f in findings if f.pillar == pillar]
        table.add_row(Text(pillar, style="bold"), format_score(value), *_counts(in_pillar), _ratio(coverage, pillar))
        for principle in assessment.pack.principles:
            if principle.pillar != pillar:
                continue
            in_principle = [f for f in in_pillar if f.principle == principle.id]
            label = Text(f"  {principle.id} {plain(principle.title)}")
            score = format_score(assessment.scores.principles[principle.id])
            table.add_row(label, score, *_counts(in_principle), _ratio(coverage, principle.id))
    return table


def _finding(console: Console, assessment: Assessment, finding: Finding) -> None:
    control = assessment.pack.control(finding.control)
    head = Table.grid(padding=(0, 1))
    head.add_column(width=8, no_wrap=True)
    head.add_column(ratio=1)
    title = Text()
    title.append(f"{finding.control} ", style="bold")
    title.append(finding.status, style=_STYLE[finding.status])
    title.append(f" · {scope_label(finding)} · {plain(finding.title)}")
    head.add_row(Text(finding.severity.upper(), style=_STYLE[finding.severity]), title)
    console.print(head)
    where = f"{display_path(assessment.file)}:{finding.line}:{finding.column} ({pointer_to_path(finding.pointer)})"
    lines = [("why", control.why if control else ""), ("where", where)]
    lines += [("found", plain(message)) for message in finding.messages]
    lines += [(label, plain(text)) for label, text in finding_notes(finding) if label != "declared"]
    if finding.assurance:
        lines.append(("evidence", finding.assurance))
    lines.append(("next", control.remediation if control else ""))
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=3)
    grid.add_column(style="dim", width=10)
    grid.add_column(overflow="fold")
    for label, value in lines:
        grid.add_row("", label, Text(" ".join(value.split())))
    console.print(grid)
    console.print()


def _declared(console: Console, assessment: Assessment) -> None:
    """The organisation's own not-applicable claims that the pack disputes, always shown."""
    claims = [f for f in declared(assessment.findings) if not f.failing]
    if not claims:
        return
    console.print()
    console.print(Text(f"Declared not applicable by the organisation, for review ({len(claims)})", style="bold"))
    for finding in claims:
        console.print(Text(f"  {finding.control} ({scope_label(finding)}): {plain(finding.declared)}"))
    console.print()


def _fix_first(console: Console, assessment: Assessment) -> None:
    ranked = priorities(assessment)
    if not ranked:
        return
    console.print(Text("Fix first (largest gain in the overall score)", style="bold"))
    for rank, (finding, gain) in enumerate(ranked, 1):
        console.print(Text(f"  {rank}. {finding.control} ({scope_label(finding)}) +{gain} points"))


def _others(console: Console, assessment: Assessment) -> None:
    console.print(Text("Met, not applicable and waived", style="bold"))
    for finding in assessment.findings:
        if finding.failing:
            continue
        text = Text(f"  {finding.control} ")
        text.append(finding.status, style=_STYLE[finding.status])
        text.append(f" ({scope_label(finding)})")
        detail = finding.messages[0] if finding.messages else ""
        if finding.waiver is not None:
            detail = waiver_note(finding.waiver)
        if detail:
            text.append(f": {plain(detail)}")
        console.print(text)


def _ratio(coverage: dict[str, Coverage], name: str) -> str:
    found = coverage.get(name)
    return f"{found.verified}/{found.total}" if found and found.total else ""


def _counts(findings: list[Finding]) -> list[str]:
    return [str(sum(1 for f in findings if f.status == s) or "") for s in STATUSES]
