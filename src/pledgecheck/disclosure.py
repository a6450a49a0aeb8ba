"""Disclosure tiers: who may read each part of a manifest, and the one function that cuts a
manifest down to what an audience may read before anything is evaluated or rendered.

Tiers, least to most restricted: `public` (anyone), `coalition` (the signatories' coalition
and its analysts), `internal` (the organisation itself). The organisation states a default
(`organisation.disclosure`, itself `public` when not stated: a manifest describes what an
organisation has published, and files written before tiers existed keep meaning that).
Systems, safeguards and waivers inherit the default; a safeguard's `details`, their `notes`
and each evidence item inherit from their safeguard. A part may be marked stricter than its
parent, never looser: the stricter of the two always wins, so marking one evidence item
`public` cannot publish an internal safeguard.

`audience_view` is the only place a manifest is redacted. Every command that honours an
audience (`report`, `check --audience`, `compare`) evaluates and renders the view it returns,
so no reporter can show what the view does not hold; scores are computed from the view too.
What was withheld is counted (never named) in `Redactions`, so every report can say it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from pledgecheck.source import Document

Tier = Literal["public", "coalition", "internal"]
TIERS: tuple[Tier, ...] = ("public", "coalition", "internal")
DEFAULT_TIER: Tier = "public"
TIER_HELP = (
    "Who may read this: public (anyone), coalition (the coalition of signatories and its analysts) or "
    "internal (the organisation only). Inherited when omitted; a part can be stricter than what holds it, "
    "never looser (the stricter tier wins)."
)


@dataclass(frozen=True, slots=True)
class Redactions:
    """How many parts of each kind an audience's view leaves out; counts only, never names."""

    audience: Tier = "internal"
    systems: int = 0
    safeguards: int = 0
    details: int = 0  # safeguards whose details are withheld
    notes: int = 0  # safeguards whose details' notes alone are withheld
    evidence: int = 0
    waivers: int = 0

    @property
    def total(self) -> int:
        return self.systems + self.safeguards + self.details + self.notes + self.evidence + self.waivers

    def sentence(self) -> str:
        """What was left out, in words: "Not shown to a public audience: 2 safeguards, ..."."""
        if not self.total:
            return f"Nothing in the manifest is withheld from a {self.audience} audience."
        parts = [
            _count(self.systems, "system"),
            _count(self.safeguards, "safeguard"),
            _count(self.details, "safeguard's details", "safeguards' details"),
            _count(self.notes, "safeguard's notes", "safeguards' notes"),
            _count(self.evidence, "evidence item"),
            _count(self.waivers, "waiver"),
        ]
        stricter = "coalition or internal" if self.audience == "public" else "internal"
        shown = ", ".join(p for p in parts if p)
        return f"Not shown to a {self.audience} audience ({stricter} tier): {shown}."


@dataclass(frozen=True, slots=True)
class AudienceView:
    doc: Document
    redactions: Redactions


def check_audience(value: str) -> Tier:
    """`value` as a tier, or UsageError naming the choices."""
    from pledgecheck.errors import UsageError, did_you_mean

    for tier in TIERS:
        if value == tier:
            return tier
    raise UsageError(f"--audience '{value}': expected public, coalition or internal{did_you_mean(value, TIERS)}")


def visible(tier: str, audience: str) -> bool:
    return TIERS.index(tier) <= TIERS.index(audience)


def stricter(parent: str, own: Any) -> str:
    """The tier of a part: its own when stated and stricter than its parent's, else the parent's."""
    if isinstance(own, str) and own in TIERS and TIERS.index(own) > TIERS.index(parent):
        return own
    return parent


def audience_view(doc: Document, audience: Tier) -> AudienceView:
    """The manifest as `audience` may read it, positions remapped to the parts kept. An
    `internal` audience sees everything (the document itself is returned)."""
    if audience == "internal":
        return AudienceView(doc, Redactions())
    cutter = _Cutter(doc.data, audience)
    data = cutter.data()
    return AudienceView(Document(doc.file, data, cutter.positions(doc.positions, data)), cutter.counts())


class _Cutter:
    """Builds the view of one manifest, remembering which list items moved where."""

    def __init__(self, data: dict[str, Any], audience: Tier) -> None:
        self.source, self.audience = data, audience
        organisation = data.get("organisation") or {}
        self.default = stricter(DEFAULT_TIER, organisation.get("disclosure"))
        self.moves: dict[str, dict[int, int]] = {}  # list pointer -> old index -> new index
        self.counted = {"systems": 0, "safeguards": 0, "details": 0, "notes": 0, "evidence": 0, "waivers": 0}

    def data(self) -> dict[str, Any]:
        data = dict(self.source)
        systems = self._keep("/systems", data.get("systems", []), lambda s: self._shown(self.default, s))
        self.counted["systems"] = len(data.get("systems", [])) - len(systems)
        hidden = {s.get("id") for s in data.get("systems", [])} - {s.get("id") for s in systems}
        if "systems" in data:
            data["systems"] = systems
        if "safeguards" in data:
            data["safeguards"] = self._safeguards(data["safeguards"], hidden)
        if "waivers" in data:
            kept = self._keep(
                "/waivers",
                data["waivers"],
                lambda w: self._shown(self.default, w) and w.get("system", "") not in hidden,
            )
            self.counted["waivers"] = len(data["waivers"]) - len(kept)
            data["waivers"] = kept
        return data

    def _shown(self, parent: str, item: Any) -> bool:
        return visible(stricter(parent, item.get("disclosure") if isinstance(item, dict) else None), self.audience)

    def _keep(self, pointer: str, items: list[Any], keep: Any) -> list[Any]:
        moves = self.moves.setdefault(pointer, {})
        kept: list[Any] = []
        for index, item in enumerate(items):
            if keep(item):
                moves[index] = len(kept)
                kept.append(item)
        return kept

    def _safeguards(self, safeguards: list[Any], hidden: set[Any]) -> list[Any]:
        def keep(safeguard: Any) -> bool:
            covered = safeguard.get("systems") or []
            # a safeguard for hidden systems only would read as organisation-wide once they are cut
            return self._shown(self.default, safeguard) and not (covered and all(s in hidden for s in covered))

        kept = self._keep("/safeguards", safeguards, keep)
        self.counted["safeguards"] = len(safeguards) - len(kept)
        old = {new: old for old, new in self.moves["/safeguards"].items()}
        return [self._safeguard(old[new], safeguard, hidden) for new, safeguard in enumerate(kept)]

    def _safeguard(self, index: int, safeguard: dict[str, Any], hidden: set[Any]) -> dict[str, Any]:
        tier = stricter(self.default, safeguard.get("disclosure"))
        out = dict(safeguard)
        base = f"/safeguards/{index}"
        if "systems" in out:
            out["systems"] = self._keep(f"{base}/systems", out["systems"], lambda s: s not in hidden)
        details = out.get("details")
        if isinstance(details, dict) and details:
            details_tier = stricter(tier, details.get("disclosure"))
            if not visible(details_tier, self.audience):
                out["details"] = {}
                self.counted["details"] += 1
            elif "notes" in details and not visible(
                stricter(details_tier, details.get("notes_disclosure")), self.audience
            ):
                out["details"] = {k: v for k, v in details.items() if k != "notes"}
                self.counted["notes"] += 1
        if "evidence" in out:
            kept = self._keep(f"{base}/evidence", out["evidence"], lambda e: self._shown(tier, e))
            self.counted["evidence"] += len(out["evidence"]) - len(kept)
            out["evidence"] = kept
        return out

    def counts(self) -> Redactions:
        return Redactions(self.audience, **self.counted)

    def positions(self, positions: Mapping[str, tuple[int, int]], data: Any) -> dict[str, tuple[int, int]]:
        """The positions of the nodes the view keeps, under their new pointers."""
        kept: dict[str, tuple[int, int]] = {}
        for pointer, position in positions.items():
            moved = self._moved(pointer)
            if moved is not None and _exists(data, moved):
                kept[moved] = position
        return kept

    def _moved(self, pointer: str) -> str | None:
        old, new = "", ""
        for segment in pointer.split("/")[1:] if pointer else []:
            moves = self.moves.get(old)
            if moves is not None and segment.isdigit():
                target = moves.get(int(segment))
                if target is None:
                    return None
                new_segment = str(target)
            else:
                new_segment = segment
            old, new = f"{old}/{segment}", f"{new}/{new_segment}"
        return new


def _exists(data: Any, pointer: str) -> bool:
    node = data
    for segment in pointer.split("/")[1:] if pointer else []:
        key = segment.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and key in node:
            node = node[key]
        elif isinstance(node, list) and key.isdigit() and int(key) < len(node):
            node = node[int(key)]
        else:
            return False
    return True


def _count(number: int, one: str, many: str = "") -> str:
    if not number:
        return ""
    return f"1 {one}" if number == 1 else f"{number} {many or one + 's'}"
