"""`pledgecheck explain CONTROL_ID` and `pledgecheck rules`."""

from __future__ import annotations

import sys
from typing import Any

from pledgecheck.errors import EXIT_OK, UsageError, did_you_mean
from pledgecheck.policy.model import Control, Obligation, Pack
from pledgecheck.policy.operators import describe
from pledgecheck.reporters.safe import terminal_lines


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
    mapped = [
        (framework, obligation, mapping.relationship)
        for framework in pack.frameworks.values()
        for obligation in framework.obligations
        for mapping in obligation.controls
        if mapping.control == control.id
    ]
    if mapped:
        lines += ["", "Mapped to (policies/frameworks.yaml; the relationship is the control's to the obligation):"]
        for framework, obligation, relationship in mapped:
            lines.append(f"  - {framework.title} [{framework.id}]")
            lines += [f"    {line}" for line in obligation_lines(obligation, relationship)]
    return terminal_lines("\n".join(lines)) + "\n"


def obligation_lines(obligation: Obligation, relationship: str = "") -> list[str]:
    """An obligation as `explain` and `rules --framework` show it: provision, dates, statement,
    source, and what could not be confirmed."""
    from pledgecheck.frameworks import dates

    head = f"{obligation.id}: {obligation.provision} · {dates(obligation)}"
    lines = [head + (f" · {relationship}" if relationship else ""), f"  {obligation.statement}"]
    lines.append(f"  source: {obligation.source}")
    if not obligation.confirmed:
        lines.append(f"  not confirmed: {obligation.note}")
    return lines


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
    principle = pack.principle(control_id.upper())
    if control is None and principle is not None:  # a principle id: list its controls
        controls = [c for c in pack.controls if c.principle == principle.id]
        sys.stdout.write(f"{principle.id}  {principle.title}: {len(controls)} controls\n")
        sys.stdout.writelines(_rule_line(c) for c in controls)
        sys.stdout.write(f"Run `pledgecheck explain {controls[0].id if controls else 'ID'}` for one of them.\n")
        return EXIT_OK
    if control is None:
        ids = [c.id for c in pack.controls]
        hint = did_you_mean(control_id.upper(), ids, cutoff=0.5) or " (see `pledgecheck rules`)"
        raise UsageError(f"no control '{control_id}' in pack {pack.id}{hint}")
    sys.stdout.write(explain_text(pack, control))
    return EXIT_OK


#: the formats of `rules`: a table for people, JSON for scripts.
RULES_FORMATS = ("text", "json")


def run_rules(
    *, pack_dir: str | None, principle: str | None, framework: str | None, output_format: str = "text"
) -> int:
    from pledgecheck.policy.loader import load_pack

    if output_format not in RULES_FORMATS:
        hint = did_you_mean(output_format, RULES_FORMATS)
        raise UsageError(f"unknown format '{output_format}' for rules; expected one of text, json{hint}")
    pack = load_pack(pack_dir)
    if framework and framework not in pack.frameworks:
        hint = did_you_mean(framework, pack.frameworks)
        raise UsageError(f"unknown framework '{framework}'; expected one of {', '.join(sorted(pack.frameworks))}{hint}")
    if principle and pack.principle(principle.upper()) is None:
        raise UsageError(f"unknown principle '{principle}'; expected one of {', '.join(p.id for p in pack.principles)}")
    selected = [
        c
        for c in pack.controls
        if (not principle or c.principle == principle.upper()) and (not framework or framework in c.frameworks)
    ]
    if output_format == "json":
        sys.stdout.write(rules_json(pack, selected, framework))
        return EXIT_OK
    sys.stdout.writelines(_rule_line(control) for control in selected)
    sys.stdout.write(f"{len(selected)} of {len(pack.controls)} controls in {pack.id} {pack.version}\n")
    if framework:  # the framework's obligations, their dates and the controls behind each
        chosen = pack.frameworks[framework]
        kind = "binding" if chosen.binding else "voluntary guidance"
        lines = ["", f"{chosen.title} ({kind}; {', '.join(chosen.jurisdictions)}):"]
        for obligation in chosen.obligations:
            lines += [f"  {line}" for line in obligation_lines(obligation)]
            mapped = ", ".join(f"{m.control} ({m.relationship})" for m in obligation.controls)
            lines.append(f"    controls: {mapped}")
        sys.stdout.write(terminal_lines("\n".join(lines)) + "\n")
    return EXIT_OK


def rules_json(pack: Pack, controls: list[Control], framework: str | None = None) -> str:
    """The selected controls as JSON, in pack order, with the pack they come from."""
    import json

    entries = [
        {
            "id": c.id,
            "principle": c.principle,
            "pillar": c.pillar,
            "severity": c.severity,
            "scope": c.scope,
            "title": c.title,
            "frameworks": dict(sorted(c.frameworks.items())),
        }
        for c in controls
    ]
    document: dict[str, Any] = {
        "pack": {"id": pack.id, "version": pack.version},
        "total": len(pack.controls),
        "controls": entries,
    }
    if framework:
        document["obligations"] = [
            {
                "id": o.id,
                "provision": o.provision,
                "statement": o.statement,
                "applies_from": o.applies_from,
                "applies_until": o.applies_until,
                "source": o.source,
                "confirmed": o.confirmed,
                "note": o.note,
                "controls": [{"control": m.control, "relationship": m.relationship} for m in o.controls],
            }
            for o in pack.frameworks[framework].obligations
        ]
    from pledgecheck.reporters.safe import json_inert  # pack text: shown, never obeyed

    return json_inert(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"


def _rule_line(control: Control) -> str:
    return terminal_lines(f"{control.id:<8} {control.severity:<8} {control.scope:<12} {control.title}") + "\n"
