"""The wording every compare format shares for cohorts, reviewer verdicts and history, as plain
text (each format escapes it its own way), so text, Markdown, CSV, JSON and HTML say the same."""

from __future__ import annotations

from collections.abc import Sequence

from pledgecheck.cohorts import Cohort
from pledgecheck.compare import Comparison, OrgResult, ReviewRow
from pledgecheck.history import Attribution, History, Mover, deltas
from pledgecheck.reporters.base import format_rate, format_score

WITHHELD = "withheld"
CAUSE_WORDS = {"manifest": "manifest changed", "pack": "pack changed", "both": "manifest and pack changed"}


def status(org: OrgResult, control: str) -> str:
    """An organisation's status for a control, `withheld` when anonymity needs it."""
    return WITHHELD if "detail" in org.withheld else org.statuses.get(control, "not-applicable")


def score(org: OrgResult, principle: str) -> str:
    return WITHHELD if "detail" in org.withheld else format_score(org.scores.get(principle))


def roles(org: OrgResult) -> str:
    return WITHHELD if "roles" in org.withheld else ", ".join(org.roles)


FRAMEWORKS_HEADING = "Framework coverage per organisation"
FRAMEWORKS_NOTE = (
    "Coverage of the obligations in force on the comparison date, counting only what the crosswalk's "
    "relationships support (docs/frameworks.md); n/a: none of its obligations in force is assessed; "
    "a dash: the framework does not apply to that organisation."
)
FRAMEWORKS_WITHHELD = (
    "Withheld in anonymised output: which frameworks apply follows from an organisation's jurisdictions, a public fact."
)


def framework_ids(c: Comparison) -> list[str]:
    """Every framework that applies to at least one organisation, in the order first met."""
    return list(dict.fromkeys(name for org in c.organisations for name in org.frameworks))


def framework_cell(org: OrgResult, framework: str) -> str:
    """An organisation's coverage of a framework: the figure, `n/a` when none of its
    obligations in force is assessed, `-` when the framework does not apply."""
    if framework not in org.frameworks:
        return "-"
    value = org.frameworks[framework]
    return "n/a" if value is None else format_score(value)


def cohort_heading(c: Comparison) -> str:
    by = "role" if c.cohort_by == "role" else f"attribute '{c.cohort_by}'"
    return f"Adoption by cohort ({by})"


def withheld_cohort(c: Comparison) -> str:
    return f"withheld: fewer than {c.min_cohort} members, or fewer than {c.min_cohort} organisations outside it"


def cohort_summary(c: Comparison, cohort: Cohort) -> str:
    """Members, the share of applicable controls met, and the quartiles of overall scores."""
    if cohort.withheld:
        return withheld_cohort(c)
    s = cohort.overall
    quartiles = f"{format_score(s.q1)} / {format_score(s.median)} / {format_score(s.q3)}"
    met = format_rate(cohort.rate())
    return f"{cohort.members} member(s) · {met} of applicable controls met · overall Q1 / median / Q3 {quartiles}"


def reviewed(c: Comparison) -> list[tuple[OrgResult, ReviewRow]]:
    return [(org, row) for org in c.organisations for row in org.reviews]


def review_line(row: ReviewRow) -> str:
    """`DEV1-02 (system x): tool gap → reviewer met (R, 2026-10-15): reason; contested ...`"""
    scope = f"system {row.system}" if row.system else "organisation"
    line = (
        f"{row.control} ({scope}): tool {row.tool} → reviewer {row.verdict} ({row.reviewer}, {row.date}): {row.reason}"
    )
    if row.contest:
        who = " ".join(
            part for part in (f"by {row.contested_by}" if row.contested_by else "", row.contested_on) if part
        )
        line += f"; contested by the organisation{' (' + who + ')' if who else ''}: {row.contest}"
    return line


def review_scores(org: OrgResult) -> str:
    return (
        f"overall {format_score(org.overall)} with the reviewer's verdicts, "
        f"{format_score(org.overall_without_review)} with the tool's alone"
    )


def series(values: Sequence[float | None]) -> str:
    """`50.0 → 62.5 (+12.5) → 70.0 (+7.5)`; `–` for an edition the organisation is absent from."""
    parts = []
    for value, delta in zip(values, deltas(values), strict=True):
        shown = format_score(value)
        parts.append(shown if delta is None else f"{shown} ({delta:+.1f})")
    return " → ".join(parts)


def mover_line(mover: Mover) -> str:
    before, after = format_score(mover.before), format_score(mover.after)
    return f"{mover.name}: {mover.delta:+.1f} ({before} in {mover.since} → {after} in {mover.until})"


def attribution_line(change: Attribution) -> str:
    again = f" (old manifest under the new pack: {change.rescored})" if change.cause != "manifest" else ""
    return (
        f"{change.since} → {change.until} · {change.organisation} · {change.control} {change.old} → {change.new}: "
        f"{CAUSE_WORDS[change.cause]}{again}"
    )


def cause_counts(history: History) -> list[str]:
    return [
        f"{before} → {after}: {n['manifest']} changed by the manifest, {n['pack']} by the pack, {n['both']} by both"
        for before, after, n in history.counts()
    ]


def history_notes(history: History) -> list[str]:
    """The editions and their packs, each change of pack named, and what was withheld."""
    editions = ", ".join(
        f"{label} (pack {pid} {version})" for label, (pid, version) in zip(history.labels, history.packs, strict=True)
    )
    notes = [f"Editions: {editions}."]
    notes += [f"Pack changed {line}." for line in history.pack_changes()]
    if history.withheld:
        notes.append(
            f"{history.withheld} organisation(s) joined or left in a pattern too rare to show without pointing "
            "at them; "
            "they count in each edition's figures."
        )
    return notes
