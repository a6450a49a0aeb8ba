"""The progress report as one self-contained HTML page: a summary with a chart of the pillars
and principles, then per principle what the organisation does, with evidence and dates, what
is planned and what is not yet in place. Built only from the audience's view."""

from __future__ import annotations

from pledgecheck import __version__
from pledgecheck.progress import (
    EvidenceItem,
    PrincipleSection,
    ProgressReport,
    SafeguardItem,
    SystemItem,
    pillar_sections,
    scoring_note,
)
from pledgecheck.reporters.base import ReportOptions, format_score, safe_link
from pledgecheck.reporters.charts import Bar, bar_chart
from pledgecheck.reporters.html_page import esc, page
from pledgecheck.reporters.progress_markdown import AUDIENCE_TITLE, OPEN_WORDS, STATUS_WORDS


def render(report: ProgressReport, options: ReportOptions) -> str:
    pack_id, version, _ = report.pack
    bars: list[Bar] = []
    for pillar, score, sections in pillar_sections(report):
        bars.append(Bar(pillar.capitalize(), score))
        bars += [Bar(f"{s.id} {s.title}", s.score, indent=True) for s in sections]
    glance = [
        f"Overall score <strong>{format_score(report.overall)}</strong> / 100"
        + (f" ({esc(report.coverage)})" if report.coverage else ""),
        esc(report.reporting.sentence()) if report.reporting else "",
        esc(report.redactions.sentence()),
        esc(scoring_note(report)),
    ]
    body = [
        f"<h1>{esc(report.organisation)}: Safety by Design progress report</h1>",
        f"<p>{AUDIENCE_TITLE[report.audience]} · as of {esc(report.as_of)} · assessed against the "
        f"{esc(pack_id)} pack {esc(version)} with pledgecheck {esc(__version__)}</p>",
        '<section class="overview" aria-labelledby="glance"><h2 id="glance">At a glance</h2>',
        "<ul>" + "".join(f"<li>{line}</li>" for line in glance if line) + "</ul>",
        bar_chart("progress-scores", f"Scores of {report.organisation} per pillar and principle (0–100)", bars),
        "</section>",
    ]
    if report.since:
        items = "".join(f"<li>{esc(c.text)}</li>" for c in report.changes)
        body += [
            f'<h2 id="changes">What changed since {esc(report.since)}</h2>',
            f"<ul>{items}</ul>" if items else "<p>Nothing that this edition shows has changed.</p>",
        ]
    for pillar, score, sections in pillar_sections(report):
        body.append(f'<h2 id="p-{esc(pillar)}">{esc(pillar.capitalize())} (score {format_score(score)})</h2>')
        body += [_section(section) for section in sections]
    if report.systems:
        rows = "".join(
            f"<li><strong>{esc(s.name)}</strong> ({esc(', '.join(x for x in _facts(s) if x))})"
            + (f": {esc(s.description)}" if s.description else "")
            + "</li>"
            for s in report.systems
        )
        body += ['<h2 id="systems">Systems covered</h2>', f"<ul>{rows}</ul>"]
    if report.published:
        items = "".join(
            f"<li>{esc(date or 'undated')}: {_link(title or url, url)}</li>" for date, title, url in report.published
        )
        body += ['<h2 id="published">Progress reports published</h2>', f"<ul>{items}</ul>"]
    body += [
        '<h2 id="about">About this report</h2>',
        "<p>Generated from the organisation's safeguards manifest. Each principle's score weighs every applicable "
        "control by severity (critical 4, high 3, medium 2, low 1): met counts fully, partly met half, a gap not at "
        "all. A detail the manifest does not state is counted neither way.</p>",
        f"<p>{esc(scoring_note(report))} {esc(report.redactions.sentence())}</p>",
    ]
    return page(f"{report.organisation}: Safety by Design progress report", "\n".join(body))


def _facts(system: SystemItem) -> tuple[str, ...]:
    return (system.release_type, system.audience, system.lifecycle)


def _section(section: PrincipleSection) -> str:
    summary = (
        f"Score {format_score(section.score)} · {section.met} of {section.applicable} controls met"
        if section.applicable
        else "Not applicable to this organisation"
    )
    parts = [
        f'<section aria-labelledby="s-{esc(section.id)}"><h3 id="s-{esc(section.id)}">{esc(section.id)} '
        f"{esc(section.title)}</h3><p>{summary}</p>"
    ]
    if section.in_place:
        parts.append("<h4>What we do</h4><ul>" + "".join(_item(i) for i in section.in_place) + "</ul>")
    if section.planned:
        parts.append("<h4>Planned</h4><ul>" + "".join(_item(i) for i in section.planned) + "</ul>")
    if section.open:
        items = "".join(
            f"<li>{esc(c)} {esc(t)} ({esc(scope)}: {OPEN_WORDS.get(status, status)})</li>"
            for c, t, scope, status in section.open
        )
        parts.append(f"<h4>Still open</h4><ul>{items}</ul>")
    parts.append("</section>")
    return "".join(parts)


def _item(item: SafeguardItem) -> str:
    where = ", ".join(item.systems) if item.systems else "organisation-wide"
    state = STATUS_WORDS.get(item.status, item.status)
    if item.status == "planned" and item.due:
        state = f"planned, due {item.due}" + (", overdue" if item.overdue else "")
    name = item.meaning[:1].upper() + item.meaning[1:] if item.meaning else item.kind
    out = f"<li><strong>{esc(name)}</strong> ({esc(state)}; {esc(where)})"
    if item.description:
        out += f": {esc(item.description)}"
    facts = "; ".join(f"{label}: {value}" for label, value in item.details)
    if facts:
        out += f" — {esc(facts)}."
    elif not item.description:
        out += "."
    if item.notes:
        out += f" Note: {esc(item.notes)}"
    if item.evidence:
        out += " Evidence: " + "; ".join(_evidence(e) for e in item.evidence) + "."
    return out + "</li>"


def _evidence(e: EvidenceItem) -> str:
    label = e.title or e.kind.replace("-", " ")
    shown = _link(label, e.url) if e.url else f"{esc(label)} ({esc(e.path)})"
    facts = ", ".join(x for x in (e.date or "undated", e.assurance.replace("-", " ")) if x)
    return f"{shown} ({esc(facts)})"


def _link(text: str, url: str) -> str:
    target = safe_link(url)
    return f'<a href="{esc(target)}">{esc(text)}</a>' if target else esc(text)
