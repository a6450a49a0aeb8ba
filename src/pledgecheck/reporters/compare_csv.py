"""The CSV report of `compare`: one row per organisation (the matrix), one adoption row, one
row per problem of an invalid manifest. Cells that a spreadsheet would read as a formula are
prefixed with a single quote."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from pledgecheck.compare import Comparison
from pledgecheck.history import deltas
from pledgecheck.reporters import compare_parts as parts
from pledgecheck.reporters.base import ReportOptions, display_path
from pledgecheck.reporters.safe import csv_cell

cell = csv_cell  # a cell that cannot start a formula (see reporters/safe.py)


def render(comparison: Comparison, options: ReportOptions) -> str:
    c = comparison
    principles = [p for p, _ in c.principles]
    controls = [ctl.id for ctl in c.controls]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    header = [
        "record", "organisation", "file", "roles", "overall", *principles, *controls,
        "critical_gaps", "report_cadence", "last_report", "report_overdue_days", "error",
        "overall_without_review", "detail",
    ]  # fmt: skip
    writer.writerow(header)
    for org in c.organisations:
        detail = "detail" in org.withheld
        reporting = "reporting" in org.withheld
        writer.writerow(
            [cell(v) for v in (
                "organisation", org.name, display_path(org.file), parts.roles(org).replace(", ", " "), org.overall,
                *(parts.score(org, p) if detail else org.scores.get(p) for p in principles),
                *(parts.status(org, ctl) for ctl in controls),
                parts.WITHHELD if detail else " ".join(org.critical_gaps),
                parts.WITHHELD if reporting else org.cadence,
                parts.WITHHELD if reporting else org.last_report,
                parts.WITHHELD if reporting else org.overdue_band or org.overdue_days, "",
                org.overall_without_review, "",
            )]
        )  # fmt: skip
    writer.writerow(
        [cell(v) for v in (
            "adoption", "", "", "", "", *(c.spreads[p].median for p in principles),
            *(c.adoption[ctl].value for ctl in controls), "", "", "", "", "", "", "",
        )]
    )  # fmt: skip
    width = len(header)
    for k in c.cohorts:
        spreads = [None if k.withheld else k.spreads[p].median for p in principles]
        rates = [parts.WITHHELD if k.withheld else k.adoption[ctl].value for ctl in controls]
        row = ["cohort", k.name, "", c.cohort_by, None if k.withheld else k.overall.median, *spreads, *rates]
        writer.writerow([cell(v) for v in _pad(row, width, parts.cohort_summary(c, k))])
    for org, review in parts.reviewed(c):
        writer.writerow([cell(v) for v in _pad(["review", org.name], width, parts.review_line(review))])
    if c.history is not None:
        _history(writer, c, width)
    blanks = [""] * (len(header) - 6)
    for problem in c.invalid:
        where = f"{problem.line}:{problem.column} {problem.path}: {problem.message}"
        writer.writerow([cell(v) for v in ("invalid", "", display_path(problem.file), *blanks, where, "", "")])
    return buffer.getvalue()


def _pad(row: Sequence[object], width: int, detail: str) -> list[object]:
    """A record with `detail` in the last column and blanks between."""
    return [*row, *([""] * (width - len(row) - 1)), detail]


def _history(writer: Any, c: Comparison, width: int) -> None:
    """One `history` row per organisation and edition (scores of that edition, the change of the
    overall score in `detail`), then the movers, the counts per cause and each attributed change."""
    h = c.history
    assert h is not None
    for trend in h.trends:
        changes = deltas(trend.overall)
        for index, label in enumerate(h.labels):
            if not trend.present[index]:
                continue
            principles = [trend.principles[p][index] if trend.principles else parts.WITHHELD for p, _ in c.principles]
            moved = changes[index]
            detail = f"edition {label}" + ("" if moved is None else f" ({moved:+.1f})")
            writer.writerow(
                [
                    cell(v)
                    for v in _pad(["history", trend.name, "", "", trend.overall[index], *principles], width, detail)
                ]
            )
    for mover in h.movers:
        writer.writerow([cell(v) for v in _pad(["mover", mover.name], width, parts.mover_line(mover))])
    for line in [*parts.history_notes(h), *parts.cause_counts(h)]:
        writer.writerow([cell(v) for v in _pad(["history-note"], width, line)])
    if not c.anonymized:
        for change in h.changes:
            writer.writerow(
                [cell(v) for v in _pad(["change", change.organisation], width, parts.attribution_line(change))]
            )
