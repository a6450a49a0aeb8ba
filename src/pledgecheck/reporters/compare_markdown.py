"""The Markdown report of `compare`: tables to paste into a document or an issue."""

from __future__ import annotations

from pledgecheck.compare import Comparison
from pledgecheck.reporters.base import (
    ProgressWords,
    ReportOptions,
    display_path,
    format_rate,
    format_score,
    markdown_text,
    progress_report,
)

_WORDS = ProgressWords(overdue="**overdue**")


def render(comparison: Comparison, options: ReportOptions) -> str:
    c = comparison
    pack_id, version, _ = c.pack
    principles = [p for p, _ in c.principles]
    out = [
        "# Coalition comparison",
        "",
        f"{len(c.organisations)} organisation(s) · {len(c.invalid_files)} invalid manifest(s) · "
        f"pack {markdown_text(pack_id)} {markdown_text(version)} · as of {c.as_of}",
        "",
        "## Scores per principle",
        "",
        _row(["Organisation", "Overall", *principles]),
        _row(["---"] * (len(principles) + 2)),
    ]
    for org in c.organisations:
        scores = [format_score(org.overall), *(format_score(org.scores.get(p)) for p in principles)]
        out.append(_row([markdown_text(org.name), *scores]))
    out += [
        "",
        "## Principle spread",
        "",
        _row(["Principle", "Q1", "Median", "Q3", "Organisations"]),
        _row(["---"] * 5),
    ]
    for principle, title in c.principles:
        s = c.spreads[principle]
        label = f"{principle} {markdown_text(title)}"
        out.append(_row([label, format_score(s.q1), format_score(s.median), format_score(s.q3), str(s.count)]))
    controls = [ctl.id for ctl in c.controls]
    out += [
        "",
        "## Controls per organisation",
        "",
        _row(["Organisation", *controls]),
        _row(["---"] * (len(controls) + 1)),
    ]
    for org in c.organisations:
        out.append(_row([markdown_text(org.name), *(org.statuses.get(ctl, "not-applicable") for ctl in controls)]))
    out += ["", "## Adoption", "", "Met over applicable organisations; not-applicable is never a miss.", ""]
    out += [_row(["Control", "Title", "Severity", "Adoption", *c.cohorts]), _row(["---"] * (4 + len(c.cohorts)))]
    for ctl in c.controls:
        cohorts = [format_rate(rates[ctl.id]) for _, rates in c.cohorts.values()]
        out.append(_row([ctl.id, markdown_text(ctl.title), ctl.severity, format_rate(c.adoption[ctl.id]), *cohorts]))
    out += ["", "## Most often missed", ""]
    out += [f"- {ctl}: {n} organisation(s)" for ctl, n in c.most_missed] or ["None."]
    out += [
        "",
        "## Critical gaps and progress reports",
        "",
        _row(["Organisation", "Critical gaps", "Progress report"]),
        _row(["---"] * 3),
    ]
    for org in c.organisations:
        report = progress_report(org, _WORDS, cadence=org.cadence, last=org.last_report)
        out.append(_row([markdown_text(org.name), ", ".join(org.critical_gaps) or "none", report]))
    if c.invalid:
        out += ["", "## Invalid manifests", "", "Left out of every aggregate.", ""]
        for p in c.invalid:
            where = f"{markdown_text(display_path(p.file))}:{p.line}:{p.column}"
            out.append(f"- {where}: {markdown_text(p.message)} (at {markdown_text(p.path)})")
    return "\n".join(out) + "\n"


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"
