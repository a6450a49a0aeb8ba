"""Cohorts of a comparison: organisations grouped by role or by an attribute their manifest
carries (`organisation.attributes`, e.g. region, size, other codes of practice), so each is
compared with its peers: adoption per control and the quartiles of scores per cohort.

An organisation joins the cohort of every value it has (every role; every item of a list
attribute); one that does not state the attribute is in the `not stated` cohort.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pledgecheck.compare import ROLES, OrgResult, Rate, Spread, adoption, spread
from pledgecheck.errors import UsageError, did_you_mean

NOT_STATED = "not stated"


@dataclass(frozen=True, slots=True)
class Cohort:
    name: str  # the role or attribute value
    members: int
    adoption: dict[str, Rate]  # control -> rate; empty when withheld
    overall: Spread
    spreads: dict[str, Spread]  # principle -> quartiles; empty when withheld
    withheld: bool = False  # too small to show without pointing at its members

    def rate(self) -> Rate:
        """Met over applicable, summed over every control: one figure for the cohort."""
        applicable = [r for r in self.adoption.values() if r.applicable]
        return Rate(sum(r.met for r in applicable), sum(r.applicable for r in applicable))


def cohort_values(organisation: OrgResult, by: str) -> tuple[str, ...]:
    """The cohorts an organisation belongs to when grouping `by` a role or an attribute."""
    if by == "role":
        return organisation.roles
    return organisation.attributes.get(by) or (NOT_STATED,)


def check_cohort_by(by: str, organisations: Iterable[OrgResult]) -> None:
    """UsageError when no organisation carries the attribute `by` (a typo, most often)."""
    if by == "role":
        return
    known = sorted({key for o in organisations for key in o.attributes})
    if by not in known:
        listed = ", ".join(known) if known else "none: add organisation.attributes to the manifests"
        raise UsageError(
            f"--cohort-by '{by}': no manifest has organisation.attributes.{by}{did_you_mean(by, [*known, 'role'])} "
            f"(attributes found: {listed}; or 'role')"
        )


def build_cohorts(
    organisations: Sequence[OrgResult],
    controls: Sequence[str],
    principles: Sequence[str],
    *,
    by: str,
    min_size: int = 0,
) -> tuple[Cohort, ...]:
    """The cohorts in a fixed order (roles in vocabulary order; attribute values sorted, `not
    stated` last). A cohort is withheld when it has fewer than `min_size` members, or when
    fewer than `min_size` organisations lie outside it: its figures subtracted from the whole
    set's would then describe those few."""
    names = list(ROLES) if by == "role" else sorted({v for o in organisations for v in cohort_values(o, by)})
    if NOT_STATED in names:
        names = [n for n in names if n != NOT_STATED] + [NOT_STATED]
    cohorts = []
    for name in names:
        members = [o for o in organisations if name in cohort_values(o, by)]
        outside = len(organisations) - len(members)
        if min_size and members and (len(members) < min_size or 0 < outside < min_size):
            cohorts.append(Cohort(name, len(members), {}, Spread(0, None, None, None), {}, withheld=True))
            continue
        cohorts.append(
            Cohort(
                name,
                len(members),
                {c: adoption(members, c) for c in controls},
                spread([o.overall for o in members]),
                {p: spread([o.scores.get(p) for o in members]) for p in principles},
            )
        )
    return tuple(cohorts)
