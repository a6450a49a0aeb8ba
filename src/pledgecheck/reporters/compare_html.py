"""The HTML report of `compare`: one self-contained page with the heat maps of the matrix,
adoption per control and cohort, the spread of scores and each gap linked to its control."""

from __future__ import annotations

from pledgecheck.compare import Comparison, OrgResult, Rate
from pledgecheck.reporters import compare_charts
from pledgecheck.reporters import compare_html_sections as sections
from pledgecheck.reporters import compare_parts as parts
from pledgecheck.reporters.base import (
    ProgressWords,
    ReportOptions,
    display_path,
    format_rate,
    format_score,
    progress_report,
    safe_link,
)
from pledgecheck.reporters.html_page import esc, explanations, legend, name_cell, page, score_cell, status_cell, table
from pledgecheck.reporters.notices import comparison_disclosure

_WORDS = ProgressWords(overdue="✗ overdue")  # a mark as well as the colour, for colour-blind readers


def render(comparison: Comparison, options: ReportOptions) -> str:
    c = comparison
    pack_id, version, title = c.pack
    note = " Organisations are shown by pseudonym." if c.anonymized else ""
    body = [
        "<h1>Coalition comparison</h1>",
        '<ul class="summary">'
        f"<li>{len(c.organisations)} organisation(s)</li>"
        f"<li>{len(c.invalid_files)} invalid manifest(s)</li>"
        f"<li>Pack {esc(pack_id)} {esc(version)}: {esc(title)}</li>"
        f"<li>As of {esc(c.as_of)}</li></ul>",
        f"<p>{esc(comparison_disclosure(c.audience, sum(o.withheld_parts for o in c.organisations)))}</p>"
        f"<p>Not-applicable is never counted as a miss.{note} "
        'Select a column heading to sort by it; each gap links to <a href="#explanations">its control</a>.</p>',
        legend(),
        '<h2 id="scores">Scores per principle</h2>',
        _score_matrix(c),
        '<h2 id="controls">Controls per organisation</h2>',
        _control_matrix(c),
        '<h2 id="spread">Spread of principle scores</h2>',
        compare_charts.spread_chart(c),
        _spread(c),
        '<h2 id="adoption">Adoption per control and cohort</h2>',
        compare_charts.adoption_chart(c),
        _adoption(c),
        sections.frameworks(c),
        sections.cohorts(c),
        '<h2 id="missed">Most often missed</h2>',
        _missed(c),
        '<h2 id="organisations">Critical gaps and progress reports</h2>',
        _organisations(c),
        sections.reviews(c),
        sections.history(c),
        _invalid(c),
        explanations(c.controls),
    ]
    return page("Coalition comparison", "\n".join(body))


def _score_matrix(c: Comparison) -> str:
    headers = ["Organisation", "Overall", *(esc(p) for p, _ in c.principles)]
    rows = [
        name_cell(o.name) + score_cell(o.overall) + "".join(sections.score(o, p) for p, _ in c.principles)
        for o in c.organisations
    ]
    return table("Organisations × principles (score 0–100)", headers, rows)


def _control_matrix(c: Comparison) -> str:
    headers = ["Organisation", *(esc(ctl.id) for ctl in c.controls)]
    rows = [
        name_cell(o.name) + "".join(status_cell(parts.status(o, ctl.id), ctl.id, key=ctl.id) for ctl in c.controls)
        for o in c.organisations
    ]
    caption = "Organisations × controls (worst status over each organisation's systems)"
    return table(caption, headers, rows, stack=True)


def _spread(c: Comparison) -> str:
    rows = []
    for principle, title in c.principles:
        s = c.spreads[principle]
        rows.append(
            f"{name_cell(f'{principle} {title}')}{score_cell(s.q1)}{score_cell(s.median)}"
            f'{score_cell(s.q3)}<td class="num" data-v="{s.count}">{s.count}</td>'
        )
    return table("Quartiles of principle scores", ["Principle", "Q1", "Median", "Q3", "Organisations"], rows)


def _rate_cell(rate: Rate) -> str:
    """The heat-map cell of the rate's percentage, labelled with the counts too."""
    cell = score_cell(rate.value)
    if rate.value is None:
        return cell
    return cell.replace(f">{format_score(rate.value)}</td>", f">{format_rate(rate)}</td>")


def _adoption(c: Comparison) -> str:
    headers = ["Control", "Title", "Severity", "All", *(sections.cohort_header(c, k) for k in c.cohorts)]
    rows = [
        f'<th scope="row" data-v="{esc(ctl.id)}"><a href="#c-{esc(ctl.id)}">{esc(ctl.id)}</a></th>'
        f'<td data-v="{esc(ctl.title)}">{esc(ctl.title)}</td><td data-v="{esc(ctl.severity)}">{esc(ctl.severity)}</td>'
        + _rate_cell(c.adoption[ctl.id])
        + "".join(sections.WITHHELD_CELL if k.withheld else _rate_cell(k.adoption[ctl.id]) for k in c.cohorts)
        for ctl in c.controls
    ]
    return table(
        f"Adoption: met over applicable organisations, overall and per cohort ({esc(c.cohort_by)})", headers, rows
    )


def _missed(c: Comparison) -> str:
    if not c.most_missed:
        return "<p>No control is missed by any organisation.</p>"
    items = "".join(f'<li><a href="#c-{esc(ctl)}">{esc(ctl)}</a>: {n} organisation(s)</li>' for ctl, n in c.most_missed)
    return f"<ol>{items}</ol>"


def _report(org: OrgResult) -> str:
    link = safe_link(org.report_url)
    last = f'<a href="{esc(link)}">{esc(org.last_report)}</a>' if link else esc(org.last_report)
    text = progress_report(org, _WORDS, cadence=esc(org.cadence), last=last)
    if org.overdue_days is None:
        return f'<td data-v="-1">{text}</td>'
    rank = org.overdue_days if org.last_report else 100000  # none published sorts as the latest
    return f'<td class="s-gap" data-v="{rank}">{text}</td>'


def _organisations(c: Comparison) -> str:
    rows = []
    for org in c.organisations:
        gaps = ", ".join(f'<a href="#c-{esc(g)}">{esc(g)}</a>' for g in org.critical_gaps) or "none"
        gaps = parts.WITHHELD if "detail" in org.withheld else gaps
        rows.append(
            name_cell(org.name)
            + f'<td data-v="{esc(display_path(org.file))}">{esc(display_path(org.file))}</td>'
            + f'<td data-v="{esc(parts.roles(org))}">{esc(parts.roles(org))}</td>'
            + f'<td data-v="{len(org.critical_gaps)}">{gaps}</td>{_report(org)}'
            + f'<td data-v="{esc(org.contact)}">{esc(org.contact)}</td>'
        )
    headers = ["Organisation", "Manifest", "Roles", "Critical gaps", "Progress report", "Contact"]
    return table("Critical gaps and progress reports per organisation", headers, rows)


def _invalid(c: Comparison) -> str:
    if not c.invalid:
        return ""
    items = "".join(
        f"<li>{esc(display_path(p.file))}:{p.line}:{p.column}: {esc(p.message)} (at {esc(p.path)})</li>"
        for p in c.invalid
    )
    return f'<h2 id="invalid">Invalid manifests (left out of every aggregate)</h2><ul>{items}</ul>'
