"""The date fields of the manifest models (pydantic): a full ISO date and a partial date.

Kept apart from `dates`, whose plain functions every `check` uses, so that judging a manifest
does not import pydantic (the models are for the Python API and the schema generator).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field

from pledgecheck.dates import PARTIAL_DATE_PATTERN, period


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
