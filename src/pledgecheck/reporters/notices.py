"""What every human `check` format says beside the findings, worded once: when the next
progress report is due, the warnings (waivers about to expire, a report due soon or late) and,
for an audience below internal, what its view leaves out and what that does to the scores."""

from __future__ import annotations

from dataclasses import dataclass

from pledgecheck.assessment import Assessment
from pledgecheck.reporting import reporting_warning


@dataclass(frozen=True, slots=True)
class Notice:
    label: str  # "Progress reporting", "Warning", "Withheld"
    text: str
    warns: bool


def notices(assessment: Assessment) -> list[Notice]:
    """The notices of one assessment, in the order every format shows them."""
    found: list[Notice] = []
    due = assessment.reporting
    reporting_line = reporting_warning(assessment.file, due) if due is not None else ""
    if due is not None:
        found.append(Notice("Progress reporting", due.sentence(), due.warns))
    found += [Notice("Warning", w, True) for w in assessment.warnings if w != reporting_line]
    redactions = assessment.redactions
    if redactions is not None:
        scores = (
            f"Scores count only what a {redactions.audience} audience may read."
            if redactions.total
            else "Scores count everything in the manifest."
        )
        found.append(Notice("Withheld", f"{redactions.sentence()} {scores}", False))
    from pledgecheck.reporters.base import review_summary  # a review file's verdicts (review.py)

    found += [Notice("Review", line, False) for line in review_summary(assessment)]
    return found


def comparison_disclosure(audience: str, withheld: int) -> str:
    """What a comparison read at `audience` leaves out, in words: a total, never per part."""
    if audience == "internal":
        return "Read at the internal tier: every part of each manifest is counted."
    stricter = "coalition or internal" if audience == "public" else "internal"
    parts = "1 part" if withheld == 1 else f"{withheld} parts"
    return (
        f"Read at the {audience} tier: parts of the manifests marked {stricter} are left out of every figure "
        f"({parts} in all)."
    )
