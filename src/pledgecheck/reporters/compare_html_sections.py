"""Sections of the comparison page for cohorts, reviewer verdicts and history (with its trend
chart); every manifest string HTML-escaped, as in the rest of the page."""

from __future__ import annotations

from pledgecheck.cohorts import Cohort
from pledgecheck.compare import Comparison, OrgResult
from pledgecheck.history import deltas
from pledgecheck.reporters import compare_parts as parts
from pledgecheck.reporters.base import format_score
from pledgecheck.reporters.html_page import esc, name_cell, score_cell, status_cell, table
from pledgecheck.reporters.trend_chart import trend_chart

WITHHELD_CELL = '<td class="s-na" data-v="-2">withheld</td>'


def score(org: OrgResult, principle: str) -> str:
    return WITHHELD_CELL if "detail" in org.withheld else score_cell(org.scores.get(principle))


def cohort_header(c: Comparison, cohort: Cohort) -> str:
    size = "withheld" if cohort.withheld else str(cohort.members)
    return f"{esc(cohort.name)} ({size})"


def frameworks(c: Comparison) -> str:
    """Each organisation's coverage of every framework that applies to it."""
    heading = f'<h2 id="frameworks">{esc(parts.FRAMEWORKS_HEADING)}</h2>'
    ids = parts.framework_ids(c)
    if c.anonymized or not ids:
        return heading + f"<p>{esc(parts.FRAMEWORKS_WITHHELD if c.anonymized else 'No framework applies.')}</p>"
    rows = []
    for org in c.organisations:
        cells = []
        for framework in ids:
            value = org.frameworks.get(framework)
            if framework in org.frameworks and value is not None:
                cells.append(score_cell(value))
            else:
                label = parts.framework_cell(org, framework)
                cells.append(f'<td class="s-na" data-v="-1">{esc(label)}</td>')
        rows.append(name_cell(org.name) + "".join(cells))
    return (
        heading
        + f"<p>{esc(parts.FRAMEWORKS_NOTE)}</p>"
        + table("Coverage of each framework per organisation", ["Organisation", *ids], rows)
    )


def cohorts(c: Comparison) -> str:
    """Per cohort: members, the share of applicable controls met, quartiles of the overall score."""
    rows = []
    for k in c.cohorts:
        if k.withheld:
            rows.append(name_cell(k.name) + f'<td colspan="5" data-v="-1">{esc(parts.withheld_cohort(c))}</td>')
            continue
        s = k.overall
        rows.append(
            name_cell(k.name)
            + f'<td class="num" data-v="{k.members}">{k.members}</td>'
            + score_cell(k.rate().value)
            + score_cell(s.q1)
            + score_cell(s.median)
            + score_cell(s.q3)
        )
    headers = ["Cohort", "Members", "Controls met %", "Overall Q1", "Median", "Q3"]
    return f'<h2 id="cohorts">{esc(parts.cohort_heading(c))}</h2>' + table(
        "Members, adoption and quartiles of the overall score per cohort", headers, rows
    )


def reviews(c: Comparison) -> str:
    """The reviewer's verdicts beside the tool's, each contest, and both scores per organisation."""
    if not c.reviewed:
        return ""
    rows = []
    for org, row in parts.reviewed(c):
        contest = row.contest
        if contest and (row.contested_by or row.contested_on):
            contest += f" ({' '.join(p for p in (row.contested_by, row.contested_on) if p)})"
        rows.append(
            name_cell(org.name)
            + f'<td data-v="{esc(row.control)}"><a href="#c-{esc(row.control)}">{esc(row.control)}</a></td>'
            + f'<td data-v="{esc(row.system)}">{esc(row.system or "organisation")}</td>'
            + status_cell(row.tool)
            + status_cell(row.verdict)
            + f'<td data-v="{esc(row.reviewer)}">{esc(row.reviewer)}, {esc(row.date)}: {esc(row.reason)}</td>'
            + f'<td data-v="{esc(contest)}">{esc(contest) or "not contested"}</td>'
        )
    headers = ["Organisation", "Control", "Scope", "Tool's verdict", "Reviewer's verdict", "Reviewer", "Contest"]
    scores = [
        name_cell(org.name) + score_cell(org.overall) + score_cell(org.overall_without_review)
        for org in c.organisations
        if org.reviews
    ]
    return (
        "<h2 id=\"reviews\">Reviewer verdicts</h2><p>A reviewer's verdict replaces the tool's; both stay "
        "shown, with the organisation's contest.</p>"
        + table("Reviewer verdicts and contests", headers, rows)
        + table("Overall score with and without the reviewer's verdicts", ["Organisation", "With", "Without"], scores)
    )


def history(c: Comparison) -> str:
    """Trend chart, the overall score per edition with its change, per principle, movers, causes."""
    h = c.history
    if h is None:
        return ""
    notes = "".join(f"<li>{esc(note)}</li>" for note in parts.history_notes(h))
    headers = ["Organisation", *(esc(label) for label in h.labels)]
    rows = []
    for trend in h.trends:
        cells = []
        for value, delta in zip(trend.overall, deltas(trend.overall), strict=True):
            change = "" if delta is None else f" ({delta:+.1f})"
            band = score_cell(value)
            cells.append(band.replace(f">{format_score(value)}</td>", f">{format_score(value)}{change}</td>"))
        rows.append(name_cell(trend.name) + "".join(cells))
    principle_rows = [
        name_cell(f"{trend.name} · {principle}") + "".join(score_cell(v) for v in values)
        for trend in h.trends
        for principle, values in trend.principles.items()
    ]
    movers = "".join(f"<li>{esc(parts.mover_line(m))}</li>" for m in h.movers) or "<li>none</li>"
    causes = "".join(f"<li>{esc(line)}</li>" for line in parts.cause_counts(h))
    if not c.anonymized:
        causes += "".join(f"<li>{esc(parts.attribution_line(a))}</li>" for a in h.changes)
    return "\n".join(
        [
            '<h2 id="history">History</h2>',
            f"<ul>{notes}</ul>",
            trend_chart(h),
            table("Overall score per edition (change from the edition before)", headers, rows),
            table("Principle scores per edition", ["Organisation · principle", *headers[1:]], principle_rows),
            '<h3 id="movers">Largest movers</h3>',
            f"<ol>{movers}</ol>",
            '<h3 id="causes">Changed statuses and their cause</h3>',
            f"<ul>{causes}</ul>",
        ]
    )
