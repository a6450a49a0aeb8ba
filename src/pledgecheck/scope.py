"""The view of a manifest that a control judged for one scope sees, built once per scope.

A scope is the organisation or one assessed system. Its view knows which safeguards cover it,
kind by kind (organisation-wide ones included, `also_covers` honoured), and resolves the paths
of checks: `/organisation/...`, `/system/...`, `/systems/...`, `/safeguard/...` (the safeguard
being judged) and `/safeguards/KIND/...` (the strongest safeguard of another kind).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache, cached_property
from typing import Any

from pledgecheck.dates import latest_day
from pledgecheck.pointer import join_pointer, split_pointer
from pledgecheck.policy.applicability import not_applicable_reason
from pledgecheck.policy.model import Pack
from pledgecheck.policy.operators import Lookup
from pledgecheck.source import Document
from pledgecheck.vocabulary import ASSURANCE_RANK, SAFEGUARD_STATUS_RANK

Indexed = tuple[int, dict[str, Any]]


def index_by_kind(safeguards: list[dict[str, Any]]) -> dict[str, list[Indexed]]:
    """Safeguards by every kind they are (`kind` and `also_covers`), in file order."""
    by_kind: dict[str, list[Indexed]] = {}
    for index, safeguard in enumerate(safeguards):
        for kind in dict.fromkeys([safeguard["kind"], *safeguard.get("also_covers", [])]):
            by_kind.setdefault(kind, []).append((index, safeguard))
    return by_kind


@dataclass(frozen=True, slots=True)
class SafeguardRef:
    """A safeguard as the engine judges it."""

    index: int
    data: dict[str, Any]
    specific: bool  # lists the systems it covers (not organisation-wide)

    @property
    def id(self) -> str:
        return str(self.data["id"])

    @property
    def status(self) -> str:
        return str(self.data["status"])

    @property
    def justification(self) -> str:
        return " ".join(str(self.data.get("justification", "")).split())

    @property
    def pointer(self) -> str:
        return f"/safeguards/{self.index}"

    @property
    def assurance(self) -> str:
        levels = [e.get("assurance", "self-attested") for e in self.data.get("evidence", [])]
        return max(levels, key=ASSURANCE_RANK.__getitem__) if levels else ""


class Scope:
    """The organisation (system None) or one system, with what covers it."""

    def __init__(
        self,
        doc: Document,
        system: Indexed | None,
        systems: list[Indexed],
        by_kind: dict[str, list[Indexed]],
        as_of: dt.date,
        pack: Pack,
    ) -> None:
        self.doc, self.as_of, self._by_kind = doc, as_of, by_kind
        self.windows, self.cadences = pack.windows, pack.cadences
        self.data: dict[str, Any] = doc.data
        self.organisation: dict[str, Any] = doc.data["organisation"]
        self.system = system[1] if system else None
        self.system_id = str(self.system["id"]) if self.system else ""
        self.anchor = f"/systems/{system[0]}" if system else "/organisation"
        self.system_values = [s for _, s in systems]
        self.name = f"system '{self.system_id}'" if self.system else "the organisation"
        self._covering: dict[tuple[str, ...], tuple[SafeguardRef, ...]] = {}

    def not_applicable(self, applies: dict[str, Any]) -> str:
        """Why a control with this applicability does not apply to the scope ("" if it does)."""
        return not_applicable_reason(applies, self.organisation, self.system, self.system_values)

    @cached_property
    def missing_anchor(self) -> str:
        """Where to point when something is not documented at all."""
        if self.system is not None:
            return self.anchor
        return "/safeguards" if "safeguards" in self.data else "/organisation"

    def covering(self, kinds: tuple[str, ...]) -> tuple[SafeguardRef, ...]:
        """Every safeguard of any of `kinds` that covers this scope, each once, file order."""
        found = self._covering.get(kinds)
        if found is None:
            seen: dict[int, SafeguardRef] = {}
            for kind in kinds:
                for index, safeguard in self._by_kind.get(kind, ()):
                    covered = safeguard.get("systems") or []
                    if self.system is None or not covered or self.system_id in covered:
                        seen.setdefault(index, SafeguardRef(index, safeguard, bool(covered)))
            found = self._covering[kinds] = tuple(seen[i] for i in sorted(seen))
        return found

    def strongest(self, kind: str) -> SafeguardRef | None:
        """The safeguard of `kind` a check about that kind reads: the most advanced status,
        then the one made for the system, then the first."""
        candidates = self.covering((kind,))
        if not candidates:
            return None
        return min(candidates, key=lambda c: (SAFEGUARD_STATUS_RANK[c.status], not c.specific, c.index))

    def implemented(self, kind: str) -> SafeguardRef | None:
        best = self.strongest(kind)
        return best if best is not None and best.status == "implemented" else None

    def planned_message(self, safeguard: SafeguardRef) -> str:
        due = safeguard.data.get("due", "")
        last = latest_day(due)
        if last is not None and last < self.as_of:
            return f"'{safeguard.id}' is only planned and overdue: it was due on {due}"
        return f"'{safeguard.id}' is only planned (due {due})"

    def context(self, safeguard: SafeguardRef | None) -> CheckContext:
        return CheckContext(self, safeguard)


class CheckContext:
    """What one check's paths resolve against: a scope, with `/safeguard` bound."""

    def __init__(self, scope: Scope, safeguard: SafeguardRef | None) -> None:
        self.scope, self.safeguard, self.as_of = scope, safeguard, scope.as_of
        self.windows, self.cadences = scope.windows, scope.cadences

    def lookup(self, path: str) -> Lookup:
        scope = self.scope
        parts = _parts(path)
        root, rest = (parts[0], list(parts[1:])) if parts else ("", [])
        nodes: list[tuple[Any, str]] = []
        undocumented = False
        if root == "organisation":
            nodes = [(scope.organisation, "/organisation")]
        elif root == "systems":
            nodes = [(scope.data.get("systems", []), "/systems")]
        elif root == "system" and scope.system is not None:
            nodes = [(scope.system, scope.anchor)]
        elif root == "safeguard" and self.safeguard is not None:
            nodes = [(self.safeguard.data, self.safeguard.pointer)]
        elif root == "safeguards" and rest:
            found = scope.strongest(rest.pop(0))
            nodes = [(found.data, found.pointer)] if found else []
            undocumented = found is None
        nearest = nodes[0][1] if nodes else scope.missing_anchor
        for part in rest:
            nodes, nearest = _step(nodes, part, nearest)
        return Lookup([v for v, _ in nodes], [p for _, p in nodes], nearest, undocumented)


@cache
def _parts(path: str) -> tuple[str, ...]:
    """A check path split once: paths are the pack's constants, looked up for every scope."""
    return tuple(split_pointer(path))


def _step(nodes: list[tuple[Any, str]], part: str, nearest: str) -> tuple[list[tuple[Any, str]], str]:
    following: list[tuple[Any, str]] = []
    for value, pointer in nodes:
        if part == "*" and isinstance(value, list):
            following.extend((item, f"{pointer}/{i}") for i, item in enumerate(value))
        elif part == "*" and isinstance(value, dict):
            following.extend((item, join_pointer(pointer, k)) for k, item in value.items())
        elif isinstance(value, dict) and part in value:
            following.append((value[part], join_pointer(pointer, part)))
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
            following.append((value[int(part)], f"{pointer}/{part}"))
    if following:
        nearest = following[0][1]
    elif nodes:
        nearest = nodes[0][1]
    return following, nearest
