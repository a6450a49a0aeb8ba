"""Who a control applies to: roles, organisation facts, and the systems' modalities, release
types and audiences. A control that does not apply always says why."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_FLAGS = {
    "hosts_third_party_models": "host third-party models",
    "hosts_user_content": "host user content",
    "operates_search": "operate search",
}
_SYSTEM_KEYS: dict[str, tuple[str, Callable[[dict[str, Any]], list[str]]]] = {
    "output_modalities": ("with {} output", lambda s: s.get("modalities", {}).get("output", [])),
    "input_modalities": ("with {} input", lambda s: s.get("modalities", {}).get("input", [])),
    "release_types": ("released as {}", lambda s: [s.get("release_type", "")]),
    "audiences": ("for an audience that is {}", lambda s: [s.get("audience", "general")]),
}


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
    alternatives = applies.get("any")
    if alternatives:
        reasons = [not_applicable_reason(a, organisation, system, systems) for a in alternatives]
        if all(reasons):
            return "; and ".join(reasons)
    roles = applies.get("roles")
    if roles and not set(roles) & set(organisation.get("roles", [])):
        held = ", ".join(organisation.get("roles", []))
        return f"applies to organisations with role {_either(roles)}; this one is {held}"
    flags = applies.get("organisation")
    if flags and not any(organisation.get(flag) is True for flag in flags):
        activities = " or ".join(_FLAGS[f] for f in flags)
        return f"applies to organisations that {activities}; this one declares that it does not"
    for key, (phrase, values_of) in _SYSTEM_KEYS.items():
        wanted = applies.get(key)
        if not wanted:
            continue
        description = phrase.format(_either(wanted))
        if system is not None and not set(wanted) & set(values_of(system)):
            actual = ", ".join(values_of(system)) or "none"
            return f"applies to systems {description}; '{system['id']}' has {actual}"
        if system is None and not any(set(wanted) & set(values_of(s)) for s in systems):
            return f"applies only if there is a system {description}; there is none"
    return ""


def _either(values: list[str]) -> str:
    return values[0] if len(values) == 1 else ", ".join(values[:-1]) + " or " + values[-1]
