"""Dates as public records give them: a day, a month, a year, or nothing at all.

A partial date stands for the period it names (`2025-06` is 1–30 June 2025), so a check on it
can be decided only when the whole period falls on one side of the line: evidence from
`2025` is fresh on 2026-06-30 for an 18-month window only if all of 2025 is within it.

Plain Python, on the path of every `check`; the typed fields of the manifest models are in
`date_types` (pydantic), which only the models import.
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

#: YYYY, YYYY-MM or YYYY-MM-DD (the day is checked against the calendar by `period`).
PARTIAL_DATE_PATTERN = r"^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"


def period(value: Any) -> tuple[dt.date, dt.date] | None:
    """The first and last day `value` may stand for, or None when it is not a date."""
    if not isinstance(value, str):
        return None
    parts = value.split("-")
    try:
        numbers = [int(p) for p in parts]
        if len(numbers) == 1:
            return dt.date(numbers[0], 1, 1), dt.date(numbers[0], 12, 31)
        if len(numbers) == 2:
            year, month = numbers
            return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
        if len(numbers) == 3:
            day = dt.date(*numbers)
            return day, day
    except ValueError:
        return None
    return None


def latest_day(value: Any) -> dt.date | None:
    """The last day a (partial) date may stand for; None when it is not one."""
    found = period(value)
    return found[1] if found else None
