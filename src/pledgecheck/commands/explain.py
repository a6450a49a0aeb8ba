"""`pledgecheck explain CONTROL_ID` and `pledgecheck rules`."""

from __future__ import annotations

import sys
from typing import Any

from pledgecheck.errors import EXIT_OK, UsageError, did_you_mean
from pledgecheck.policy.model import Control, Pack
from pledgecheck.policy.operators import describe


def describe_test(test: dict[str, Any]) -> str:
    """A check's test in words, for people reading `explain`: the phrases of the operator table."""
    return describe(test)


def explain_text(pack: Pack, control: Control) -> str:
    principle = pack.principle(control.principle)
    lines = [
        f"{control.id}  {control.title}",
        f"principle {control.principle} ({principle.title if principle else ''}), pillar {control.pillar}",
        f"severity {control.severity}; one finding per {'system' if control.scope == 'system' else 'organisation'}",
        "",
        control.rationale,
        "",
        "Applies to: " + (_applies(control.applies) or "every organisation"),
        "",
        "Checks:",
    ]
    if control.safeguard:
        lines.append(f"  - a '{control.safeguard}' safeguard covers the scope and is implemented")
    for check in control.checks:
        lines.append(f"  - {check.title}  [{describe_test(check.test)}]")
    lines += ["", "Remediation:", f"  {control.remediation}", "", "References:"]
    lines += [f"  - {ref}" for ref in control.references]
    if control.frameworks:
        lines += ["", "Mapped to:"]
        for name, provision in sorted(control.frameworks.items()):
            title = pack.frameworks.get(name, {}).get("title", name)
            lines.append(f"  - {title}: {provision}")
    return "\n".join(lines) + "\n"


def _applies(applies: dict[str, Any]) -> str:
    parts = []
    for key, values in applies.items():
        if key == "any":
            parts.append("any of (" + " | ".join(_applies(a) for a in values) + ")")
        else:
            parts.append(f"{key.replace('_', ' ')}: {', '.join(values)}")
    return "; ".join(parts)


def run_explain(*, control_id: str, pack_dir: str | None) -> int:
    from pledgecheck.policy.loader import load_pack

    pack = load_pack(pack_dir)
    control = pack.control(control_id.upper())
    if control is None:
        ids = [c.id for c in pack.controls]
        hint = did_you_mean(control_id.upper(), ids, cutoff=0.5) or " (see `pledgecheck rules`)"
        raise UsageError(f"no control '{control_id}' in pack {pack.id}{hint}")
    sys.stdout.write(explain_text(pack, control))
    return EXIT_OK


def run_rules(*, pack_dir: str | None, principle: str | None, framework: str | None) -> int:
    from pledgecheck.policy.loader import load_pack

    pack = load_pack(pack_dir)
    if framework and framework not in pack.frameworks:
        raise UsageError(f"unknown framework '{framework}'; expected one of {', '.join(sorted(pack.frameworks))}")
    if principle and pack.principle(principle.upper()) is None:
        raise UsageError(f"unknown principle '{principle}'; expected one of {', '.join(p.id for p in pack.principles)}")
    selected = [
        c
        for c in pack.controls
        if (not principle or c.principle == principle.upper()) and (not framework or framework in c.frameworks)
    ]
    for control in selected:
        sys.stdout.write(f"{control.id:<8} {control.severity:<8} {control.scope:<12} {control.title}\n")
    sys.stdout.write(f"{len(selected)} of {len(pack.controls)} controls in {pack.id} {pack.version}\n")
    return EXIT_OK
