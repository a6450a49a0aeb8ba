"""The Markdown report of `compare`: tables to paste into a document or an issue."""

from __future__ import annotations

from pledgecheck.compare import Comparison
from pledgecheck.reporters import compare_parts as parts
from pledgecheck.reporters.base import (
    ProgressWords,
    ReportOptions,
    display_path,
    format_rate,
    format_score,
    markdown_text,
    progress_report,
)
from pledgecheck.reporters.notices import comparison_disclosure

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
        comparison_disclosure(c.audience, sum(o.withheld_parts for o in c.organisations)),
        "",
        "## Scores per principle",
        "",
        _row(["Organisation", "Overall", *principles]),
        _row(["---"] * (len(principles) + 2)),
    ]
    for org in c.organisations:
        scores = [format_score(org.overall), *(parts.score(org, p) for p in principles)]
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
        out.append(_row([markdown_text(org.name), *(parts.status(org, ctl) for ctl in controls)]))
    out += ["", "## Adoption", "", "Met over applicable organisations; not-applicable is never a miss.", ""]
    names = [markdown_text(cohort.name) for cohort in c.cohorts]
    out += [_row(["Control", "Title", "Severity", "Adoption", *names]), _row(["---"] * (4 + len(names)))]
    for ctl in c.controls:
        cohorts = [parts.WITHHELD if k.withheld else format_rate(k.adoption[ctl.id]) for k in c.cohorts]
        out.append(_row([ctl.id, markdown_text(ctl.title), ctl.severity, format_rate(c.adoption[ctl.id]), *cohorts]))
    out += _frameworks(c)
    out += ["", f"## {parts.cohort_heading(c)}", ""]
    out += [f"- **{markdown_text(k.name)}**: {markdown_text(parts.cohort_summary(c, k))}" for k in c.cohorts] or [
        "None."
    ]
    if c.reviewed:
        out += [
            "",
            "## Reviewer verdicts",
            "",
            "A reviewer's verdict replaces the tool's; both stay shown, with any contest.",
            "",
        ]
        out += [
            f"- {markdown_text(org.name)}: {markdown_text(parts.review_line(row))}" for org, row in parts.reviewed(c)
        ]
        out += [f"- {markdown_text(org.name)}: {parts.review_scores(org)}" for org in c.organisations if org.reviews]
    if c.history is not None:
        out += _history(c)
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
        gaps = parts.WITHHELD if "detail" in org.withheld else ", ".join(org.critical_gaps) or "none"
        out.append(_row([markdown_text(org.name), gaps, report]))
    if c.invalid:
        out += ["", "## Invalid manifests", "", "Left out of every aggregate.", ""]
        for p in c.invalid:
            where = f"{markdown_text(display_path(p.file))}:{p.line}:{p.column}"
            out.append(f"- {where}: {markdown_text(p.message)} (at {markdown_text(p.path)})")
    return "\n".join(out) + "\n"


def _frameworks(c: Comparison) -> list[str]:
    out = ["", f"## {parts.FRAMEWORKS_HEADING}", ""]
    ids = parts.framework_ids(c)
    if c.anonymized or not ids:
        return [*out, parts.FRAMEWORKS_WITHHELD if c.anonymized else "None: no framework applies."]
    out += [parts.FRAMEWORKS_NOTE, "", _row(["Organisation", *ids]), _row(["---"] * (len(ids) + 1))]
    out += [_row([markdown_text(org.name), *(parts.framework_cell(org, f) for f in ids)]) for org in c.organisations]
    return out


def _history(c: Comparison) -> list[str]:
    h = c.history
    assert h is not None
    out = ["", "## History", ""] + [markdown_text(note) for note in parts.history_notes(h)]
    out += ["", "### Overall score per edition", ""]
    out += [_row(["Organisation", *(markdown_text(label) for label in h.labels)]), _row(["---"] * (len(h.labels) + 1))]
    for trend in h.trends:
        cells = parts.series(trend.overall).split(" → ")
        out.append(_row([markdown_text(trend.name), *cells]))
    out += ["", "### Per principle", ""]
    for trend in h.trends:
        for principle, values in trend.principles.items():
            out.append(f"- {markdown_text(trend.name)} · {principle}: {parts.series(values)}")
    out += ["", "### Largest movers", ""]
    out += [f"- {markdown_text(parts.mover_line(m))}" for m in h.movers] or ["None."]
    out += ["", "### Changed statuses and their cause", ""]
    out += [f"- {line}" for line in parts.cause_counts(h)]
    if not c.anonymized:
        out += [f"- {markdown_text(parts.attribution_line(a))}" for a in h.changes]
    return out


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"
