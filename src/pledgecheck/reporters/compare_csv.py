"""The CSV report of `compare`: one row per organisation (the matrix), one adoption row, one
row per problem of an invalid manifest. Cells that a spreadsheet would read as a formula are
prefixed with a single quote."""

from __future__ import annotations

import csv
import io

from pledgecheck.compare import Comparison
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
    ]  # fmt: skip
    writer.writerow(header)
    for org in c.organisations:
        writer.writerow(
            [cell(v) for v in (
                "organisation", org.name, display_path(org.file), " ".join(org.roles), org.overall,
                *(org.scores.get(p) for p in principles),
                *(org.statuses.get(ctl, "not-applicable") for ctl in controls),
                " ".join(org.critical_gaps), org.cadence, org.last_report, org.overdue_days, "",
            )]
        )  # fmt: skip
    writer.writerow(
        [cell(v) for v in (
            "adoption", "", "", "", "", *(c.spreads[p].median for p in principles),
            *(c.adoption[ctl].value for ctl in controls), "", "", "", "", "",
        )]
    )  # fmt: skip
    blanks = [""] * (len(header) - 4)
    for problem in c.invalid:
        where = f"{problem.line}:{problem.column} {problem.path}: {problem.message}"
        writer.writerow([cell(v) for v in ("invalid", "", display_path(problem.file), *blanks, where)])
    return buffer.getvalue()
