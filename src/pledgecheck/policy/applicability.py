"""Who a control applies to: roles, organisation facts, and the systems' modalities, release
types and audiences. A control that does not apply always says why.

`keys()` is the one declaration of the applicability keys of `applies`: the policy schema and
the docs' table are generated from it. The organisation flags are the boolean fields of the
manifest's `Organisation` model, read from its generated schema (the pydantic models are not
imported on the `check` path), each worded by its `x-verb-phrase`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any, get_args

from pledgecheck.resources import load_schema
from pledgecheck.vocabulary import Audience, Modality, ReleaseType, Role

Words = Callable[[list[str]], str]
Reader = Callable[[dict[str, Any]], list[str]]


@dataclass(frozen=True, slots=True)
class ApplicabilityKey:
    """One key of `applies`: the values it allows, what it reads, and how a reason words it."""

    name: str
    holds_when: str  # the docs' "holds when" column
    values: tuple[str, ...] = ()  # the allowed values
    read: Reader = lambda _: []  # what the organisation (or, `of_systems`, a system) has
    condition: Words = lambda _: ""  # the wanted values in words: "with image or video output"
    held: Words = lambda _: ""  # what the organisation has, in words: "is model-host"
    of_systems: bool = False
    alternatives: bool = False  # `any`: its items are condition sets made of the other keys

    def reason(
        self, wanted: list[Any], organisation: dict[str, Any], system: dict[str, Any] | None, systems: list[Any]
    ) -> str:
        """Why `wanted` does not hold for this scope, or "" when it holds."""
        if self.alternatives:
            reasons = [not_applicable_reason(a, organisation, system, systems) for a in wanted]
            return "; and ".join(reasons) if all(reasons) else ""
        if not self.of_systems:
            if set(wanted) & set(self.read(organisation)):
                return ""
            return f"applies to organisations {self.condition(wanted)}; this one {self.held(self.read(organisation))}"
        if system is not None and not set(wanted) & set(self.read(system)):
            actual = ", ".join(self.read(system)) or "none"
            return f"applies to systems {self.condition(wanted)}; '{system['id']}' has {actual}"
        if system is None and not any(set(wanted) & set(self.read(s)) for s in systems):
            return f"applies only if there is a system {self.condition(wanted)}; there is none"
        return ""


def organisation_flags(manifest_schema: dict[str, Any]) -> dict[str, str]:
    """The organisation flags (boolean fields of `Organisation`) -> their verb phrase."""
    fields = manifest_schema["$defs"]["Organisation"]["properties"]
    return {
        name: field.get("x-verb-phrase") or field["description"].rstrip(".")
        for name, field in fields.items()
        if field.get("type") == "boolean"
    }


def applicability_keys(flags: dict[str, str]) -> tuple[ApplicabilityKey, ...]:
    """The table of applicability keys, in the order reasons are looked for."""

    def system_key(name: str, words: str, read: Reader, values: tuple[str, ...]) -> ApplicabilityKey:
        holds = "the system (organisation scope: any assessed system) has any of these"
        return ApplicabilityKey(name, holds, values, read, lambda w: words.format(_either(w)), of_systems=True)

    modalities: tuple[str, ...] = get_args(Modality)
    return (
        ApplicabilityKey(
            "any",
            "a list of alternative condition sets (each made of the other keys): at least one must hold, "
            "e.g. `any: [{roles: [search-engine]}, {organisation: [operates_search]}]`",
            alternatives=True,
        ),
        ApplicabilityKey(
            "roles",
            "the organisation has any of these roles",
            get_args(Role),
            read=lambda organisation: list(organisation.get("roles", [])),
            condition=lambda wanted: f"with role {_either(wanted)}",
            held=lambda roles: "is " + ", ".join(roles),
        ),
        ApplicabilityKey(
            "organisation",
            "any of the listed organisation flags is true",
            tuple(flags),
            read=lambda organisation: [flag for flag in flags if organisation.get(flag) is True],
            condition=lambda wanted: "that " + " or ".join(flags[flag] for flag in wanted),
            held=lambda _: "declares that it does not",
        ),
        system_key(
            "output_modalities", "with {} output", lambda s: s.get("modalities", {}).get("output", []), modalities
        ),
        system_key("input_modalities", "with {} input", lambda s: s.get("modalities", {}).get("input", []), modalities),
        system_key("release_types", "released as {}", lambda s: [s.get("release_type", "")], get_args(ReleaseType)),
        system_key(
            "audiences", "for an audience that is {}", lambda s: [s.get("audience", "general")], get_args(Audience)
        ),
        system_key("training_modalities", "trained on {}", trained_on, modalities),
        ApplicabilityKey(
            "system_flags",
            "any of the listed system flags is true (organisation scope: for any assessed system)",
            tuple(SYSTEM_FLAGS),
            read=lambda s: [flag for flag in SYSTEM_FLAGS if s.get(flag) is True],
            condition=lambda wanted: "that " + " or ".join(SYSTEM_FLAGS[flag] for flag in wanted),
            of_systems=True,
        ),
    )


#: boolean facts of a system that `applies.system_flags` can ask for, with their verb phrase
SYSTEM_FLAGS = {"serves_third_party_models": "serves third-party models"}


def trained_on(system: dict[str, Any]) -> list[str]:
    """What a system's model was trained on: as stated, else what it reads and generates (a
    model that takes or makes images was trained on images)."""
    modalities = system.get("modalities", {})
    stated = modalities.get("training")
    if stated:
        return list(stated)
    return list(dict.fromkeys([*modalities.get("input", []), *modalities.get("output", [])]))


@cache
def keys() -> tuple[ApplicabilityKey, ...]:
    """The table over the published manifest schema (the one `check` validates manifests with)."""
    return applicability_keys(organisation_flags(load_schema("manifest")))


def not_applicable_reason(
    applies: dict[str, Any],
    organisation: dict[str, Any],
    system: dict[str, Any] | None,
    systems: list[dict[str, Any]],
) -> str:
    """Why the control does not apply to this scope, or "" when it applies.

    `system` is the system judged (system scope) or None (organisation scope, where the
    system conditions hold when any assessed system meets them).
    """
    for key, wanted in _stated(applies):
        reason = key.reason(wanted, organisation, system, systems)
        if reason:
            return reason
    return ""


_STATED: dict[int, tuple[dict[str, Any], tuple[tuple[ApplicabilityKey, Any], ...]]] = {}


def _stated(applies: dict[str, Any]) -> tuple[tuple[ApplicabilityKey, Any], ...]:
    """The keys `applies` states, in the order reasons are looked for: worked out once per
    condition of the pack (most state one or two of the nine keys), not once per scope."""
    known = _STATED.get(id(applies))
    if known is None or known[0] is not applies:
        stated = tuple((key, applies[key.name]) for key in keys() if applies.get(key.name))
        known = _STATED[id(applies)] = (applies, stated)
    return known[1]


def _either(values: list[str]) -> str:
    return values[0] if len(values) == 1 else ", ".join(values[:-1]) + " or " + values[-1]
