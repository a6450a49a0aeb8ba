"""The per-framework coverage section every `check` report carries, one function per format,
so each reporter adds it with one line. What is computed lives in pledgecheck.frameworks;
this module only words it (and escapes the organisation's text for each format)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from pledgecheck.frameworks import STATES, FrameworkCoverage, ObligationCoverage, coverage_for, dates, state_label
from pledgecheck.reporters.base import ReportOptions, format_score, markdown_text

if TYPE_CHECKING:
    from pledgecheck.assessment import Assessment
    from pledgecheck.reporters.text_layout import Block

FIGURE = "coverage counts covered obligations 1 and partly covered 0.5, over the obligations in force the pack assesses"


def detailed(options: ReportOptions) -> bool:
    """Human formats list every obligation when frameworks are named (`--framework`) or with
    `--verbose`; otherwise one line per framework."""
    return bool(options.frameworks) or options.verbose


def summary(item: FrameworkCoverage) -> str:
    """`50.0% · 0 covered · 2 partly · 0 not covered · 1 not assessed · 2 upcoming (next 2026-12-02)`"""
    if not item.applies:
        return f"does not apply: {item.reason}"
    parts = [f"coverage {format_score(item.coverage)}"]
    for state in ("covered", "partly-covered", "not-covered", "not-assessed", "upcoming"):
        if item.count(state):
            parts.append(f"{item.count(state)} {state.replace('-', ' ')}")
    dated = sorted(o.obligation.applies_from for o in item.upcoming if o.obligation.applies_from)
    if dated:
        parts[-1] += f" (next from {dated[0]})"
    kind = "" if item.framework.binding else " · voluntary guidance, never a legal gap"
    return " · ".join(parts) + kind


def _controls(item: ObligationCoverage) -> str:
    return ", ".join(f"{c.control} {c.status} ({c.relationship})" for c in item.controls)


def text_blocks(assessment: Assessment, options: ReportOptions) -> list[Block]:
    """The section of the text report; [] when the pack has no crosswalk or nothing applies."""
    from pledgecheck.reporters.base import plain
    from pledgecheck.reporters.text_layout import BLANK, styled

    results = coverage_for(assessment, options.frameworks)
    if not results:
        return []
    out: list[Block] = [styled(f"Frameworks as of {assessment.as_of} ({FIGURE})", "bold")]
    for item in results:
        out.append(styled(f"{item.framework.id}  {summary(item)}"))
        if not detailed(options):
            continue
        for entry in item.obligations:
            o = entry.obligation
            out.append(styled(f"  {o.id} · {o.provision} · {dates(o)} · {state_label(entry)}"))
            out.append(styled(f"      {o.statement}"))
            out.append(styled(f"      controls: {_controls(entry)}"))
            if not o.confirmed:
                out.append(styled(f"      not confirmed: {plain(o.note)}"))
    return [*out, BLANK]


def markdown_lines(assessment: Assessment, options: ReportOptions) -> list[str]:
    """The section of the Markdown report (pack text is escaped like any other text)."""
    results = coverage_for(assessment, options.frameworks)
    if not results:
        return []
    lines = [f"## Frameworks as of {assessment.as_of}", "", f"The {FIGURE}.", ""]
    lines += ["| Framework | Coverage |", "|---|---|"]
    lines += [f"| {item.framework.id} | {markdown_text(summary(item))} |" for item in results]
    lines.append("")
    if detailed(options):
        lines += ["| Obligation | Provision | Applies | State | Controls (relationship) |", "|---|---|---|---|---|"]
        for item in results:
            for entry in item.obligations:
                o = entry.obligation
                cells = [o.id, o.provision, dates(o), state_label(entry), _controls(entry)]
                lines.append("| " + " | ".join(markdown_text(cell) for cell in cells) + " |")
        lines.append("")
    return lines


def html_section(assessment: Assessment, options: ReportOptions) -> str:
    """The section of the HTML report: a table per run, every obligation when detailed."""
    from pledgecheck.reporters.html_page import esc, table

    results = coverage_for(assessment, options.frameworks)
    if not results:
        return ""
    rows = [
        f'<th scope="row" data-v="{esc(item.framework.id)}">{esc(item.framework.id)}</th>'
        f'<td data-v="{esc(item.framework.title)}">{esc(item.framework.title)}</td>'
        f'<td data-v="{item.coverage if item.coverage is not None else -1}">{esc(summary(item))}</td>'
        for item in results
    ]
    out = [table(f"Frameworks as of {esc(assessment.as_of)} ({esc(FIGURE)})", ["Framework", "Title", "Coverage"], rows)]
    if detailed(options):
        cells = []
        for item in results:
            for entry in item.obligations:
                o = entry.obligation
                values = [o.id, o.provision, dates(o), state_label(entry), _controls(entry)]
                cells.append(
                    f'<th scope="row" data-v="{esc(o.id)}">{esc(o.id)}</th>'
                    + "".join(f'<td data-v="{esc(v)}">{esc(v)}</td>' for v in values[1:])
                )
        headers = ["Obligation", "Provision", "Applies", "State", "Controls (relationship)"]
        out.append(table("Obligations", headers, cells, label=f"Obligations of {assessment.organisation}"))
    return "\n".join(out)


def json_value(assessment: Assessment, options: ReportOptions) -> list[dict[str, Any]]:
    """The `frameworks` array of the JSON report (schemas/report.schema.json)."""
    return [
        {
            "id": item.framework.id,
            "title": item.framework.title,
            "jurisdictions": list(item.framework.jurisdictions),
            "binding": item.framework.binding,
            "applies": item.applies,
            "reason": item.reason,
            "coverage": item.coverage,
            "counts": {state: item.count(state) for state in _STATES},
            "obligations": [_obligation(entry) for entry in item.obligations],
        }
        for item in coverage_for(assessment, options.frameworks)
    ]


def _obligation(entry: ObligationCoverage) -> dict[str, Any]:
    o = entry.obligation
    return {
        "id": o.id,
        "provision": o.provision,
        "statement": o.statement,
        "applies_from": o.applies_from,
        "applies_until": o.applies_until,
        "state": entry.state,
        "legal_gap": entry.legal_gap,
        "source": o.source,
        "confirmed": o.confirmed,
        "controls": [
            {
                "control": c.control,
                "relationship": c.relationship,
                "status": c.status,
                "systems": [s or None for s in c.systems],
            }
            for c in entry.controls
        ],
    }


def obligation_tags(assessment: Assessment, selected: Sequence[str] = ()) -> dict[str, list[str]]:
    """Control id -> SARIF tags `framework:ID` and `obligation:ID` of each obligation it maps to
    in the frameworks reported for this organisation (those that apply, or those `selected`),
    leaving out obligations no longer in force."""
    tags: dict[str, set[str]] = {}
    for item in coverage_for(assessment, selected):
        for entry in item.obligations:
            if entry.state == "not-applicable":
                continue
            for control in entry.controls:
                tags.setdefault(control.control, set()).update(
                    (f"framework:{item.framework.id}", f"obligation:{entry.obligation.id}")
                )
    return {control: sorted(found) for control, found in tags.items()}


_STATES = tuple(STATES)
