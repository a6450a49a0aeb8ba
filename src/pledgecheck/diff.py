"""The semantic difference between two versions of a manifest, both assessed on one date.

Findings are matched by control + system. With `--old-pack`, the old manifest is also
re-scored under the new pack, and each changed finding is attributed: to the pack when the
re-scoring already shows the change, to the manifest when the re-scored old manifest and the
new one differ, to both when both moved. Scores are compared overall, per pillar and per
principle. A regression is a finding that fails now and did
not, or fails worse (met/n-a/waived → partial → gap); an improvement is the reverse. The
manifests themselves are compared for safeguards removed or downgraded, evidence removed or
gone stale, and systems added that no safeguard covers for some applicable control.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from pledgecheck.assessment import SEVERITIES, Assessment, Finding
from pledgecheck.dates import latest_day
from pledgecheck.vocabulary import SAFEGUARD_STATUS_RANK

_FAILING_RANK = {"partial": 1, "gap": 2}  # anything else (met, n/a, waived) ranks 0


@dataclass(frozen=True, slots=True)
class Change:
    control: str
    system: str
    title: str
    severity: str
    old: str  # status before ("absent" when the finding did not exist)
    new: str  # status after ("absent" when it no longer exists)
    messages: tuple[str, ...] = ()
    cause: str = "manifest"  # manifest, pack or both
    rescored: str = ""  # the old manifest's status under the new pack ("" when the pack is the same)


@dataclass(frozen=True, slots=True)
class ScoreDelta:
    """One score before and after: `overall`, a pillar or a principle."""

    kind: str  # overall, pillar or principle
    name: str
    old: float | None
    new: float | None
    rescored: float | None = None  # the old manifest under the new pack, when the pack changed

    @property
    def delta(self) -> float | None:
        return None if self.old is None or self.new is None else round(self.new - self.old, 1)


@dataclass(frozen=True, slots=True)
class ManifestDiff:
    old_file: str
    new_file: str
    as_of: str
    regressions: tuple[Change, ...]
    improvements: tuple[Change, ...]
    safeguards: tuple[str, ...]  # removed or downgraded, one line each
    evidence: tuple[str, ...]  # removed or gone stale, one line each
    uncovered_systems: tuple[str, ...]  # added systems with gaps, one line each
    scores: tuple[ScoreDelta, ...] = ()
    old_pack: tuple[str, str] = ("", "")  # id, version the old manifest was assessed under
    new_pack: tuple[str, str] = ("", "")
    pack_title: str = ""  # of the new pack

    @property
    def pack_changed(self) -> str:
        """The change of pack in words (`pack sbd 1.0 → sbd 1.1`), "" when the same pack."""
        if self.old_pack == self.new_pack:
            return ""
        return f"pack {' '.join(self.old_pack)} → {' '.join(self.new_pack)}"

    def regressions_at(self, fail_on: str) -> list[Change]:
        """Regressions at or above `fail_on` ("none": never)."""
        if fail_on == "none":
            return []
        threshold = SEVERITIES.index(fail_on)
        return [c for c in self.regressions if SEVERITIES.index(c.severity) <= threshold]

    @property
    def empty(self) -> bool:
        return not (self.regressions or self.improvements or self.safeguards or self.evidence or self.uncovered_systems)


def compare(
    old: Assessment,
    new: Assessment,
    old_data: dict[str, Any],
    new_data: dict[str, Any],
    *,
    rescored: Assessment | None = None,
) -> ManifestDiff:
    """What changed between `old` and `new` (assessed on one date). `rescored` is the old
    manifest assessed under the new pack, when `old` was assessed under an earlier one."""
    before = {(f.control, f.system): f for f in old.findings}
    after = {(f.control, f.system): f for f in new.findings}
    again = {(f.control, f.system): f for f in rescored.findings} if rescored else None
    regressions: list[Change] = []
    improvements: list[Change] = []
    for key in sorted(set(before) | set(after), key=lambda k: _order(before.get(k) or after[k])):
        was, now = before.get(key), after.get(key)
        rank_was, rank_now = _rank(was), _rank(now)
        if rank_now == rank_was:
            continue
        change = _change(was, now)
        if again is not None:
            change = _attributed(change, again.get(key), rank_was, rank_now)
        (regressions if rank_now > rank_was else improvements).append(change)
    as_of = dt.date.fromisoformat(new.as_of)
    return ManifestDiff(
        old_file=old.file,
        new_file=new.file,
        as_of=new.as_of,
        regressions=tuple(sorted(regressions, key=lambda c: (SEVERITIES.index(c.severity), c.control, c.system))),
        improvements=tuple(improvements),
        safeguards=tuple(_safeguard_changes(old_data, new_data)),
        evidence=tuple(_evidence_changes(old_data, new_data, as_of, new.pack.windows.get("evidence"))),
        uncovered_systems=tuple(_uncovered(old_data, new_data, new)),
        scores=tuple(score_deltas(old, new, rescored)),
        old_pack=(old.pack.id, old.pack.version),
        new_pack=(new.pack.id, new.pack.version),
        pack_title=new.pack.title,
    )


def _attributed(change: Change, again: Finding | None, rank_was: int, rank_now: int) -> Change:
    """The change with its cause: the pack's when re-scoring the old manifest under the new
    pack already moves it, the manifest's when the re-scored and the new manifest differ."""
    rank_again = _rank(again)
    pack, manifest = rank_again != rank_was, rank_again != rank_now
    cause = "both" if pack and manifest else "pack" if pack else "manifest"
    return replace(change, cause=cause, rescored=again.status if again else "absent")


def score_deltas(old: Assessment, new: Assessment, rescored: Assessment | None = None) -> list[ScoreDelta]:
    """Overall, then each pillar and each principle of the new pack, old score beside new."""
    again = rescored.scores if rescored else None
    out = [ScoreDelta("overall", "overall", old.scores.overall, new.scores.overall, again.overall if again else None)]
    for pillar, value in new.scores.pillars.items():
        out.append(
            ScoreDelta(
                "pillar", pillar, old.scores.pillars.get(pillar), value, again.pillars.get(pillar) if again else None
            )
        )
    for principle, value in new.scores.principles.items():
        old_value = old.scores.principles.get(principle)
        out.append(
            ScoreDelta("principle", principle, old_value, value, again.principles.get(principle) if again else None)
        )
    return out


def _order(finding: Finding) -> tuple[int, str]:
    return (finding.order, finding.system)


def _rank(finding: Finding | None) -> int:
    return _FAILING_RANK.get(finding.status, 0) if finding else 0


def _change(was: Finding | None, now: Finding | None) -> Change:
    ref = now or was
    assert ref is not None
    messages = now.messages if now and now.failing else ()
    return Change(
        ref.control,
        ref.system,
        ref.title,
        ref.severity,
        was.status if was else "absent",
        now.status if now else "absent",
        messages,
    )


def _by_id(data: dict[str, Any], section: str) -> dict[str, dict[str, Any]]:
    return {item["id"]: item for item in data.get(section, []) if isinstance(item, dict) and "id" in item}


def _safeguard_changes(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    before, after = _by_id(old, "safeguards"), _by_id(new, "safeguards")
    lines = []
    for ident, item in before.items():
        if ident not in after:
            lines.append(f"safeguard '{ident}' ({item.get('kind')}) was removed")
        elif SAFEGUARD_STATUS_RANK[after[ident]["status"]] > SAFEGUARD_STATUS_RANK[item["status"]]:
            lines.append(f"safeguard '{ident}' was downgraded from {item['status']} to {after[ident]['status']}")
    return lines


def _evidence_changes(old: dict[str, Any], new: dict[str, Any], as_of: dt.date, window: int | None) -> list[str]:
    """Evidence removed, and evidence that went stale under the pack's `evidence` window."""
    before, after = _by_id(old, "safeguards"), _by_id(new, "safeguards")
    lines = []
    for ident, item in before.items():
        if ident not in after:
            continue
        kept = {_evidence_id(e) for e in after[ident].get("evidence", [])}
        for evidence in item.get("evidence", []):
            if _evidence_id(evidence) not in kept:
                lines.append(f"evidence {_evidence_id(evidence)} of safeguard '{ident}' was removed")
        remaining = [e for e in after[ident].get("evidence", []) if "date" in e]
        if window and remaining and _fresh(item, as_of, window) and not _fresh(after[ident], as_of, window):
            lines.append(f"the evidence of safeguard '{ident}' is now older than {window} days")
    return lines


def _evidence_id(evidence: dict[str, Any]) -> str:
    return str(evidence.get("url") or evidence.get("path") or "")


def _fresh(safeguard: dict[str, Any], as_of: dt.date, window: int) -> bool:
    dates = [day for e in safeguard.get("evidence", []) if (day := latest_day(e.get("date"))) is not None]
    return bool(dates) and (as_of - max(dates)).days <= window


def _uncovered(old: dict[str, Any], new: dict[str, Any], assessment: Assessment) -> list[str]:
    added = [ident for ident in _by_id(new, "systems") if ident not in _by_id(old, "systems")]
    lines = []
    for system in added:
        gaps = sorted({f.control for f in assessment.findings if f.system == system and f.status == "gap"})
        if gaps:
            lines.append(f"system '{system}' was added with gaps in {', '.join(gaps)}")
    return lines
