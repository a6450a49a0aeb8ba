"""Pseudonyms for a comparison that must not name its signatories.

A pseudonym never derives from a plain hash of the name (anyone holding the list of
signatories could hash it and match): letters are handed out in a random order drawn from
the operating system per run, or, when the user gives a secret key, in the order of
HMAC-SHA256(key, name), which is stable across runs yet unlinkable without the key.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import secrets
from collections.abc import Callable, Hashable, Mapping, Sequence

from pledgecheck.compare import OrgResult, ReviewRow
from pledgecheck.errors import Problem

WITHHELD = "withheld"


def letters(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA, like spreadsheet columns."""
    text = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        text = chr(ord("A") + rest) + text
    return text


def pseudonym_order(names: Sequence[str], key: str | None) -> list[int]:
    """Positions of `names` in the order pseudonyms are handed out."""
    positions = list(range(len(names)))
    if key:
        secret = key.encode("utf-8")

        def keyed(i: int) -> tuple[str, int]:
            digest = hmac.new(secret, names[i].encode("utf-8"), hashlib.sha256).hexdigest()
            return digest, i

        return sorted(positions, key=keyed)
    secrets.SystemRandom().shuffle(positions)
    return positions


def anonymize(
    organisations: Sequence[OrgResult],
    *,
    key: str | None = None,
    min_group: int = 0,
    names: Mapping[str, str] | None = None,
) -> list[OrgResult]:
    """Organisations renamed "Signatory A", "Signatory B"... (or by `names`, a history's
    pseudonyms), stripped of file, contact and report link, listed by pseudonym (the input
    order would betray the file names), with the report date coarsened to its quarter and the
    days overdue to a band. With `min_group`, the public facts shown beside a pseudonym are
    k-anonymous for k = min_group (see `protect`)."""
    if names is None:
        order = pseudonym_order([o.name for o in organisations], key)
        given = [(f"Signatory {letters(rank)}", organisations[position]) for rank, position in enumerate(order)]
    else:
        given = sorted(((names[o.name], o) for o in organisations), key=lambda pair: (len(pair[0]), pair[0]))
    renamed = [
        dataclasses.replace(
            org,
            name=pseudonym,
            file=WITHHELD,
            contact="",
            report_url="",
            last_report=quarter(org.last_report),
            overdue_band=overdue_band(org),
            overdue_days=None if org.overdue_days is None else 0,
            reviews=tuple(_coarse_review(r) for r in org.reviews),
            frameworks={},  # which frameworks apply follows from the jurisdictions, a public fact
        )
        for pseudonym, org in given
    ]
    return protect(renamed, min_group) if min_group else renamed


def pseudonyms(names: Sequence[str], *, key: str | None = None) -> dict[str, str]:
    """Name -> pseudonym, as `anonymize` hands them out (for a history: one per organisation
    over every edition)."""
    order = pseudonym_order(list(names), key)
    return {names[position]: f"Signatory {letters(rank)}" for rank, position in enumerate(order)}


def quarter(date: str) -> str:
    """`2025-06-30` -> `2025-Q2`; a year alone stays a year; "" stays ""."""
    if len(date) >= 7 and date[4] == "-" and date[5:7].isdigit():
        return f"{date[:4]}-Q{(int(date[5:7]) - 1) // 3 + 1}"
    return date[:4]


#: upper bounds (days) of the overdue bands; beyond the last, "over a year"
BANDS = ((90, "1-90 days"), (180, "91-180 days"), (365, "181-365 days"))


def overdue_band(org: OrgResult) -> str:
    """The band of an organisation's days overdue, "" when on time or unknown."""
    if org.overdue_days is None:
        return ""
    if not org.last_report:
        return "none published"
    return next((label for bound, label in BANDS if org.overdue_days <= bound), "over a year")


def _coarse_review(row: ReviewRow) -> ReviewRow:
    """A verdict without the words (a reason or a contest may name the organisation), dated by quarter."""
    return dataclasses.replace(
        row,
        reason=WITHHELD if row.reason else "",
        contest=WITHHELD if row.contest else "",
        contested_by="",
        date=quarter(row.date),
        contested_on=quarter(row.contested_on),
    )


#: what a reader who knows the signatories' public facts can match a pseudonym on, coarsest
#: last: withheld in this order, for every row at once, until each combination is shared.
PUBLIC_FACTS: tuple[tuple[str, Callable[[OrgResult], object]], ...] = (
    ("reporting", lambda o: (o.cadence, o.last_report, o.overdue_band, o.overdue_days is None)),
    ("roles", lambda o: o.roles),
)


def protect(organisations: list[OrgResult], k: int) -> list[OrgResult]:
    """Withhold public facts until no pseudonym can be told apart by them from fewer than k-1
    others. Facts are dropped for every row at once (a gap in one row would itself point at
    it): first the reporting facts (cadence, report quarter, overdue band), then the roles.
    Then the rows whose pattern of not-applicable verdicts (which follows from the roles and
    the systems, both public) is shared by fewer than k have their per-control detail
    withheld, topped up to at least k such rows so the withheld ones are not a clue either."""
    shown = [name for name, _ in PUBLIC_FACTS]
    while shown and not _k_anonymous(organisations, [f for n, f in PUBLIC_FACTS if n in shown], k):
        shown.pop(0)
    dropped = frozenset(n for n, _ in PUBLIC_FACTS if n not in shown)
    detail = small_groups([_applicability(o) for o in organisations], k)
    out = []
    for index, org in enumerate(organisations):
        withheld = dropped | ({"detail"} if index in detail else set())
        out.append(_withhold(org, withheld))
    return out


def _k_anonymous(organisations: Sequence[OrgResult], facts: list[Callable[[OrgResult], object]], k: int) -> bool:
    return not small_groups([tuple(f(o) for f in facts) for o in organisations], k)


def small_groups(signatures: Sequence[Hashable], k: int) -> set[int]:
    """Positions whose signature fewer than k positions share, topped up with the next
    smallest groups until there are none or at least k of them (all when fewer than k exist)."""
    groups: dict[Hashable, list[int]] = {}
    for index, signature in enumerate(signatures):
        groups.setdefault(signature, []).append(index)
    chosen = {i for members in groups.values() if len(members) < k for i in members}
    if not chosen:
        return chosen
    for members in sorted(groups.values(), key=len):
        if len(chosen) >= k:
            break
        chosen.update(members)
    return chosen


def _applicability(org: OrgResult) -> tuple[object, ...]:
    not_applicable = tuple(sorted(c for c, s in org.statuses.items() if s == "not-applicable"))
    unscored = tuple(sorted(p for p, v in org.scores.items() if v is None))
    return not_applicable, unscored


def _withhold(org: OrgResult, withheld: frozenset[str]) -> OrgResult:
    changes: dict[str, object] = {"withheld": withheld}
    if "roles" in withheld:
        changes["roles"] = ()
    if "reporting" in withheld:
        changes |= {"cadence": WITHHELD, "last_report": "", "overdue_band": "", "overdue_days": None}
    if "detail" in withheld:
        changes |= {
            "statuses": {},
            "scores": dict.fromkeys(org.scores),
            "scores_without_review": None,
            "critical_gaps": (),
            "reviews": (),
        }
    return dataclasses.replace(org, **changes)  # type: ignore[arg-type]


def anonymize_problems(problems: Sequence[Problem]) -> list[Problem]:
    """Located errors of invalid manifests with the file and message withheld: messages may
    quote the manifest (a name, a URL); the line, column and path stay."""
    files = sorted({p.file for p in problems})
    label = {file: f"invalid manifest {i}" for i, file in enumerate(files, 1)}
    return [Problem(label[p.file], p.line, p.column, "invalid value (message withheld)", p.path) for p in problems]
