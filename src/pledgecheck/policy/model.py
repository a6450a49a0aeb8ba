"""A loaded policy pack, as immutable values."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

_SENTENCE = re.compile(r"(.+?[.!?])(\s|$)", re.S)


@dataclass(frozen=True, slots=True)
class Check:
    title: str
    fail: str
    test: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Control:
    id: str
    principle: str
    pillar: str
    title: str
    severity: str
    scope: str
    applies: dict[str, Any]
    safeguard: str
    checks: tuple[Check, ...]
    rationale: str
    remediation: str
    references: tuple[str, ...]
    frameworks: dict[str, str]
    examples: tuple[dict[str, Any], ...]
    file: str
    line: int
    why: str = ""  # the first sentence of the rationale: why the control matters


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
class Pack:
    id: str
    version: str
    title: str
    description: str
    directory: str
    sources: tuple[dict[str, str], ...]
    frameworks: dict[str, dict[str, str]]
    principles: tuple[Principle, ...]
    controls: tuple[Control, ...]
    examples_as_of: str
    examples_base: dict[str, Any] = field(default_factory=dict)

    def control(self, control_id: str) -> Control | None:
        for control in self.controls:
            if control.id == control_id:
                return control
        return None

    def principle(self, principle_id: str) -> Principle | None:
        for principle in self.principles:
            if principle.id == principle_id:
                return principle
        return None
