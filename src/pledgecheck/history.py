"""A coalition over time: the same signatories compared edition after edition (one folder, or
one git revision, per date), each edition assessed as of its own date under the pack it was
published with.

Organisations are matched across editions by name (without case, runs of whitespace as one).
Between two editions, each control whose status changed for an organisation is attributed by
re-scoring the older manifest under the newer pack: a change the re-scoring already shows is
the pack's; a change between the re-scored old manifest and the new one is the manifest's
(which includes the time that passed: evidence ages); both when both moved.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pledgecheck.compare import OrgResult
from pledgecheck.dates import latest_day
from pledgecheck.errors import UsageError
from pledgecheck.review import same_name

CAUSES = ("manifest", "pack", "both")
ABSENT = "absent"  # the control is not in that edition's pack


@dataclass(frozen=True, slots=True)
class EditionSpec:
    """`--edition DATE=PATH`: the label, the date it is assessed as of, and where its manifests are."""

    label: str
    as_of: dt.date
    path: str


@dataclass(frozen=True, slots=True)
class Edition:
    label: str
    pack: tuple[str, str]  # id, version
    organisations: tuple[OrgResult, ...]
    invalid: int = 0  # manifests of this edition that could not be assessed


@dataclass(frozen=True, slots=True)
class Trend:
    """One organisation's scores, one value per edition (None: absent, or nothing applicable)."""

    name: str
    present: tuple[bool, ...]
    overall: tuple[float | None, ...]
    principles: dict[str, tuple[float | None, ...]]


@dataclass(frozen=True, slots=True)
class Mover:
    name: str
    since: str  # the first edition it was scored in
    until: str  # the last
    before: float
    after: float

    @property
    def delta(self) -> float:
        return round(self.after - self.before, 1)


@dataclass(frozen=True, slots=True)
class Attribution:
    """One control whose status changed for one organisation between two editions."""

    organisation: str
    control: str
    since: str
    until: str
    old: str
    new: str
    rescored: str  # the old manifest's status under the newer pack
    cause: str  # manifest, pack or both


@dataclass(frozen=True, slots=True)
class History:
    labels: tuple[str, ...]
    packs: tuple[tuple[str, str], ...]  # per edition: id, version
    principles: tuple[str, ...]
    trends: tuple[Trend, ...]
    movers: tuple[Mover, ...]
    changes: tuple[Attribution, ...]
    withheld: int = 0  # organisations left out of the trends (anonymised: a rare pattern of presence)

    def pack_changes(self) -> list[str]:
        """Each change of pack between editions, named: `2025-12 → 2026-06: pack sbd 1.0 → sbd 1.1`."""
        lines = []
        pairs = zip(itertools.pairwise(self.labels), itertools.pairwise(self.packs), strict=True)
        for (before, after), ((old_id, old_version), (new_id, new_version)) in pairs:
            if (old_id, old_version) != (new_id, new_version):
                lines.append(f"{before} → {after}: pack {old_id} {old_version} → {new_id} {new_version}")
        return lines

    def counts(self) -> list[tuple[str, str, dict[str, int]]]:
        """Per pair of editions: how many changed statuses each cause explains."""
        out = []
        for before, after in itertools.pairwise(self.labels):
            found = [c.cause for c in self.changes if c.since == before]
            out.append((before, after, {cause: found.count(cause) for cause in CAUSES}))
        return out


def parse_edition(value: str) -> EditionSpec:
    """`DATE=PATH`, DATE being YYYY-MM-DD, YYYY-MM or YYYY (assessed as of its last day)."""
    label, sep, path = value.partition("=")
    label = label.strip()
    day = latest_day(label) if sep and path else None
    if day is None or not label[:4].isdigit():
        raise UsageError(
            f"--edition '{value}': expected DATE=PATH, e.g. 2025-06=editions/2025-06 or 2026=v2026:coalition"
        )
    return EditionSpec(label, day, path)


def parse_editions(values: Sequence[str]) -> list[EditionSpec]:
    """The editions in date order; the same date twice is a usage error."""
    specs = sorted((parse_edition(v) for v in values), key=lambda e: e.as_of)
    for earlier, later in itertools.pairwise(specs):
        if earlier.as_of == later.as_of:
            raise UsageError(f"--edition: editions '{earlier.label}' and '{later.label}' fall on the same date")
    return specs


def build_history(
    editions: Sequence[Edition],
    rescored: Mapping[int, Sequence[OrgResult]],
    principles: Sequence[str],
    *,
    limit: int = 5,
) -> History:
    """Trends, the largest movers and the attributed changes. `rescored[i]` holds edition i's
    manifests assessed under edition i+1's pack (absent when the two packs are the same)."""
    by_edition = [{same_name(o.name): o for o in e.organisations} for e in editions]
    names: dict[str, str] = {}
    for edition in editions:
        for org in edition.organisations:
            names.setdefault(same_name(org.name), org.name)
    trends = []
    for key in sorted(names, key=lambda k: names[k].casefold()):
        found = [e.get(key) for e in by_edition]
        trends.append(
            Trend(
                names[key],
                tuple(o is not None for o in found),
                tuple(o.overall if o else None for o in found),
                {p: tuple(o.scores.get(p) if o else None for o in found) for p in principles},
            )
        )
    changes: list[Attribution] = []
    for index in range(len(editions) - 1):
        again = {same_name(o.name): o for o in rescored.get(index, editions[index].organisations)}
        for key, old in by_edition[index].items():
            new = by_edition[index + 1].get(key)
            if new is not None:
                changes.extend(
                    _attribute(old, again.get(key, old), new, editions[index].label, editions[index + 1].label)
                )
    labels = tuple(e.label for e in editions)
    return History(
        labels=labels,
        packs=tuple(e.pack for e in editions),
        principles=tuple(principles),
        trends=tuple(trends),
        movers=movers(trends, labels, limit=limit),
        changes=tuple(changes),
    )


def _attribute(old: OrgResult, rescored: OrgResult, new: OrgResult, since: str, until: str) -> list[Attribution]:
    out = []
    for control in sorted(set(old.statuses) | set(new.statuses) | set(rescored.statuses)):
        was, again, now = (o.statuses.get(control, ABSENT) for o in (old, rescored, new))
        if was == now:  # also when the pack moved it one way and the manifest back
            continue
        pack, manifest = was != again, again != now
        cause = "both" if pack and manifest else "pack" if pack else "manifest"
        out.append(Attribution(new.name, control, since, until, was, now, again, cause))
    return out


def movers(trends: Sequence[Trend], labels: Sequence[str], *, limit: int = 5) -> tuple[Mover, ...]:
    """The organisations whose overall score moved most between the first and the last
    edition each was scored in, largest first (up or down); unmoved ones are left out."""
    found = []
    for trend in trends:
        scored = [(labels[i], v) for i, v in enumerate(trend.overall) if v is not None]
        if len(scored) >= 2 and scored[0][1] != scored[-1][1]:
            found.append(Mover(trend.name, scored[0][0], scored[-1][0], scored[0][1], scored[-1][1]))
    found.sort(key=lambda m: (-abs(m.delta), m.name.casefold()))
    return tuple(found[:limit])


def deltas(values: Sequence[float | None]) -> list[float | None]:
    """Each edition's change from the one before (None where either is missing)."""
    out: list[float | None] = [None]
    for before, after in itertools.pairwise(values):
        out.append(None if before is None or after is None else round(after - before, 1))
    return out


def protect_history(history: History, k: int, *, detail_withheld: set[str]) -> History:
    """A pseudonymous history safe to publish: an organisation that joined or left in a pattern
    fewer than k share would be recognised by it, so its trend is left out (counted in
    `withheld`); the per-principle trends of rows whose detail is withheld in the comparison are
    emptied; per-organisation attributions are dropped (their counts per cause stay)."""
    from pledgecheck.anonymize import small_groups

    rare = small_groups([t.present for t in history.trends], k)
    trends = tuple(
        Trend(t.name, t.present, t.overall, {} if t.name in detail_withheld else t.principles)
        for i, t in enumerate(history.trends)
        if i not in rare
    )
    counted = tuple(Attribution("", "", c.since, c.until, "", "", "", c.cause) for c in history.changes)
    return History(
        labels=history.labels,
        packs=history.packs,
        principles=history.principles,
        trends=trends,
        movers=movers(trends, history.labels),
        changes=counted,
        withheld=len(rare),
    )
