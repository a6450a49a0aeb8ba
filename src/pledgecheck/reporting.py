"""When the next progress report is due: the transparency commitment as dates.

The pack's `cadences` say how long a progress report stays current (yearly: 366 days). The
next report is due that many days after the last day the latest report may stand for (a
report dated `2026-04` counts from 30 April). Every format of `check` shows the result, and
a report due within `--report-warning-days` (default 30) is a warning, like a waiver about
to expire.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pledgecheck.dates import latest_day

REPORT_WARNING_DAYS = 30

#: states, in the words of the JSON report
STATES = ("on-time", "due-soon", "overdue", "none-published", "unknown")


@dataclass(frozen=True, slots=True)
class ReportingDue:
    """The organisation's progress reporting on the assessment date."""

    cadence: str
    last: str  # the latest report's date as written, "" when none is published
    last_url: str
    due: str  # ISO date the next report is due, "" when it cannot be told
    state: str  # one of STATES
    days: int | None  # days left (on-time, due-soon) or days late (overdue); None otherwise

    def sentence(self) -> str:
        """The verdict in words, the same in every format."""
        promise = f"{self.cadence} cadence"
        if self.state == "none-published":
            return f"No progress report is published yet ({promise}): the commitment to report is overdue."
        last = f"last report {self.last}"
        if self.state == "unknown":
            return (
                f"When the next progress report is due cannot be told ({promise}, {last}): the report is "
                "undated or the pack has no window for the cadence."
            )
        if self.state == "overdue":
            late = _days(self.days)
            return f"The next progress report is overdue by {late}: it was due on {self.due} ({promise}, {last})."
        return f"The next progress report is due on {self.due}, in {_days(self.days)} ({promise}, {last})."

    @property
    def warns(self) -> bool:
        return self.state in ("due-soon", "overdue", "none-published")


def reporting_due(
    organisation: Mapping[str, Any], cadences: Mapping[str, int], as_of: dt.date, *, warn_days: int
) -> ReportingDue:
    """The next report's due date and state for an organisation block of a manifest."""
    reporting = organisation.get("reporting") or {}
    cadence = str(reporting.get("cadence", "yearly"))
    reports = list(reporting.get("progress_reports") or [])
    if not reports:
        return ReportingDue(cadence, "", "", "", "none-published", None)
    latest = max(reports, key=lambda r: latest_day(r.get("date")) or dt.date.min)
    last, url = str(latest.get("date", "")), str(latest.get("url", ""))
    window, day = cadences.get(cadence), latest_day(latest.get("date"))
    if window is None or day is None:
        return ReportingDue(cadence, last, url, "", "unknown", None)
    due = day + dt.timedelta(days=window)
    left = (due - as_of).days
    if left < 0:
        return ReportingDue(cadence, last, url, due.isoformat(), "overdue", -left)
    state = "due-soon" if left <= warn_days else "on-time"
    return ReportingDue(cadence, last, url, due.isoformat(), state, left)


def reporting_warning(file: str, due: ReportingDue) -> str:
    """The warning line of a report that is overdue or due within the warning window."""
    return f"{file}: {due.sentence()}"


def _days(number: int | None) -> str:
    return f"{number} day{'s' if number != 1 else ''}"
