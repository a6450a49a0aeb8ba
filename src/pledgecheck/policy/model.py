"""A loaded policy pack, as immutable values."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

_SENTENCE = re.compile(r"(.+?[.!?])(\s|$)", re.S)


@dataclass(frozen=True, slots=True)
class Check:
    title: str
    fail: str
    test: dict[str, Any]
    decisive: bool = False  # when it fails, the finding is a gap whatever else passes


@dataclass(frozen=True, slots=True)
class Control:
    id: str
    principle: str
    pillar: str
    title: str
    severity: str
    scope: str
    applies: dict[str, Any]
    kinds: tuple[str, ...]  # safeguard kinds any of which the control judges; () for checks only
    checks: tuple[Check, ...]
    rationale: str
    remediation: str
    references: tuple[str, ...]
    #: framework id -> the provisions the control maps to, derived from frameworks.yaml
    frameworks: dict[str, str]
    examples: tuple[dict[str, Any], ...]
    file: str
    line: int
    why: str = ""  # the first sentence of the rationale: why the control matters
    equivalent: tuple[tuple[str, ...], ...] = ()  # sets of kinds that together meet the control

    @property
    def safeguard(self) -> str:
        """The main safeguard kind of the control ("" for a control of checks only)."""
        return self.kinds[0] if self.kinds else ""


def first_sentence(text: str) -> str:
    text = " ".join(text.split())
    match = _SENTENCE.match(text)
    return match.group(1) if match else text


@dataclass(frozen=True, slots=True)
class Principle:
    id: str
    pillar: str
    title: str
    description: str
    file: str


@dataclass(frozen=True, slots=True)
class Mapping:
    """One control behind an obligation, and how far it goes (OSCAL control-mapping vocabulary)."""

    control: str
    relationship: str  # equivalent | subset | superset | intersects


@dataclass(frozen=True, slots=True)
class Obligation:
    """A dated duty (or, for voluntary guidance, a practice) of a framework."""

    id: str
    framework: str
    provision: str
    statement: str
    applies_from: str | None  # ISO date; None: not confirmed, so never treated as in force
    applies_until: str | None
    source: str
    evidence: tuple[str, ...]
    confirmed: bool
    note: str
    controls: tuple[Mapping, ...]


@dataclass(frozen=True, slots=True)
class Framework:
    """A law, code or standard of the pack's crosswalk (policies/frameworks.yaml)."""

    id: str
    title: str
    jurisdictions: tuple[str, ...]
    binding: bool  # False: voluntary guidance, never reported as a legal gap
    url: str
    obligations: tuple[Obligation, ...]


@dataclass(frozen=True)
class Pack:
    id: str
    version: str
    title: str
    description: str
    directory: str
    sources: tuple[dict[str, str], ...]
    frameworks: dict[str, Framework]  # in the order of frameworks.yaml
    principles: tuple[Principle, ...]
    controls: tuple[Control, ...]
    examples_as_of: str
    examples_base: dict[str, Any] = field(default_factory=dict)
    #: named freshness windows in days (`max_age_days: {days: evidence}`), facts of the pack
    windows: dict[str, int] = field(default_factory=dict)
    #: reporting cadence -> days a progress report stays current
    cadences: dict[str, int] = field(default_factory=dict)
    #: region code -> member codes, so an organisation in DE is in the EU (frameworks.yaml `regions`)
    regions: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def control(self, control_id: str) -> Control | None:
        return self._controls.get(control_id)

    def principle(self, principle_id: str) -> Principle | None:
        return next((p for p in self.principles if p.id == principle_id), None)

    @cached_property
    def _controls(self) -> dict[str, Control]:
        return {control.id: control for control in self.controls}
