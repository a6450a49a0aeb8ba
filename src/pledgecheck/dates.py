"""Dates as public records give them: a day, a month, a year, or nothing at all.

A partial date stands for the period it names (`2025-06` is 1–30 June 2025), so a check on it
can be decided only when the whole period falls on one side of the line: evidence from
`2025` is fresh on 2026-06-30 for an 18-month window only if all of 2025 is within it.
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Annotated, Any

from pydantic import AfterValidator, Field

#: YYYY, YYYY-MM or YYYY-MM-DD (the day is checked against the calendar by `period`).
PARTIAL_DATE_PATTERN = r"^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"


def _calendar(value: str) -> str:
    if period(value) is None:
        raise ValueError(f"'{value}' is not a date in the calendar")
    return value


#: a full ISO date kept as text, as the loader keeps it (JSON Schema `format: date`)
def _full_date(value: str) -> str:
    found = period(value) if len(value) == 10 else None
    if found is None or found[0] != found[1]:
        raise ValueError(f"'{value}' is not a date (expected YYYY-MM-DD)")
    return value


IsoDate = Annotated[str, Field(json_schema_extra={"format": "date"}), AfterValidator(_full_date)]


PartialDate = Annotated[
    str,
    Field(
        pattern=PARTIAL_DATE_PATTERN,
        description="A date as precise as the source gives it: YYYY-MM-DD, YYYY-MM or YYYY (quote a bare year).",
        examples=["2025-09-30", "2025-09", "2025"],
    ),
    AfterValidator(_calendar),
]


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
