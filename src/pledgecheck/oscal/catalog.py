"""The policy pack as an OSCAL catalog: a group per principle, a control per control, its
rationale as the statement, its remediation as guidance, its references as links."""

from __future__ import annotations

from typing import Any

from pledgecheck.oscal import content_uuid, metadata, oneline, prop
from pledgecheck.policy.model import Control, Pack
from pledgecheck.reporters.base import json_text, safe_link


def catalog_uuid(pack: Pack) -> str:
    return content_uuid("catalog", pack.id, pack.version)


def catalog(pack: Pack, *, as_of: str) -> dict[str, Any]:
    """The OSCAL catalog document of `pack`."""
    groups = []
    for principle in pack.principles:
        controls = [_control(c) for c in pack.controls if c.principle == principle.id]
        group: dict[str, Any] = {
            "id": principle.id,
            "class": "principle",
            "title": oneline(principle.title),
            "props": [{"name": "label", "value": principle.id}, prop("pillar", principle.pillar)],
        }
        if principle.description.strip():
            group["parts"] = [{"id": f"{principle.id}_ovw", "name": "overview", "prose": principle.description}]
        if controls:
            group["controls"] = controls
        groups.append(group)
    body = {
        "uuid": catalog_uuid(pack),
        "metadata": metadata(oneline(pack.title), as_of=as_of, version=pack.version, remarks=pack.description),
        "groups": groups,
    }
    return {"catalog": body}


def _control(control: Control) -> dict[str, Any]:
    links = [{"href": link, "rel": "reference"} for link in (safe_link(r) for r in control.references) if link]
    entry: dict[str, Any] = {
        "id": control.id,
        "class": "child-safety",
        "title": oneline(control.title),
        "props": [
            {"name": "label", "value": control.id},
            prop("severity", control.severity),
            prop("scope", control.scope),
            *([prop("safeguard-kind", kind) for kind in control.kinds]),
        ],
        "parts": [
            {"id": f"{control.id}_smt", "name": "statement", "prose": control.rationale or control.title},
            {"id": f"{control.id}_gdn", "name": "guidance", "prose": control.remediation},
        ],
    }
    if links:
        entry["links"] = links
    return entry


def render_catalog(pack: Pack, *, as_of: str) -> str:
    return json_text(catalog(pack, as_of=as_of))
