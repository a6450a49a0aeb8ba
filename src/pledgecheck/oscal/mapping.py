"""The framework crosswalk (policies/frameworks.yaml) as an OSCAL 1.2 mapping-collection: one
mapping per framework, from the pack's catalog (source) to the framework's obligations (target),
each map with the relationship of the control to the obligation."""

from __future__ import annotations

from typing import Any

from pledgecheck.oscal import content_uuid, metadata, oneline, prop
from pledgecheck.oscal.catalog import catalog_uuid
from pledgecheck.policy.model import Framework, Pack
from pledgecheck.reporters.base import json_text

#: pledgecheck's relationship -> OSCAL's set-theory relationship token (NIST IR 8477)
RELATIONSHIP_TOKENS = {
    "equivalent": "equivalent-to",
    "subset": "subset-of",
    "superset": "superset-of",
    "intersects": "intersects-with",
}


def mapping_collection(pack: Pack, *, as_of: str) -> dict[str, Any]:
    """The OSCAL mapping-collection of the pack's crosswalk."""
    source = content_uuid("resource", "catalog", pack.id, pack.version)
    resources = [
        {
            "uuid": source,
            "title": oneline(f"{pack.title} (OSCAL catalog, pledgecheck export oscal-catalog)"),
            "document-ids": [{"scheme": "http://www.ietf.org/rfc/rfc4122", "identifier": catalog_uuid(pack)}],
        }
    ]
    mappings = []
    for framework in pack.frameworks.values():
        target = content_uuid("resource", "framework", pack.id, framework.id)
        resources.append(
            {
                "uuid": target,
                "title": oneline(framework.title),
                "props": [prop("framework", framework.id), prop("binding", str(framework.binding).lower())],
                "rlinks": [{"href": framework.url}],
            }
        )
        mappings.append(_mapping(pack, framework, source, target))
    body = {
        "uuid": content_uuid("mapping-collection", pack.id, pack.version),
        "metadata": metadata(f"Framework crosswalk of {oneline(pack.title)}", as_of=as_of, version=pack.version),
        "provenance": {
            "method": "human",
            "matching-rationale": "semantic",
            "status": "draft",
            "mapping-description": "Researched by hand from the instruments and secondary sources; the "
            "relationship is the control's (source) to the obligation (target). Obligations whose provision or "
            "date could not be confirmed carry confirmed=false.",
        },
        "mappings": mappings,
        "back-matter": {"resources": resources},
    }
    return {"mapping-collection": body}


def _mapping(pack: Pack, framework: Framework, source: str, target: str) -> dict[str, Any]:
    maps = []
    for obligation in framework.obligations:
        for mapping in obligation.controls:
            dated = obligation.applies_from or "date not confirmed"
            maps.append(
                {
                    "uuid": content_uuid("map", pack.id, obligation.id, mapping.control),
                    "relationship": RELATIONSHIP_TOKENS[mapping.relationship],
                    "sources": [{"type": "control", "id-ref": mapping.control}],
                    "targets": [
                        {
                            "type": "control",
                            "id-ref": obligation.id,
                            "props": [
                                prop("provision", obligation.provision),
                                prop("applies-from", dated),
                                prop("confirmed", str(obligation.confirmed).lower()),
                            ],
                            "links": [{"href": obligation.source, "rel": "reference"}],
                            "remarks": obligation.statement,
                        }
                    ],
                }
            )
    return {
        "uuid": content_uuid("mapping", pack.id, framework.id),
        "source-resource": {"type": "catalog", "href": f"#{source}"},
        "target-resource": {"type": "catalog", "href": f"#{target}"},
        "maps": maps,
    }


def render_mapping(pack: Pack, *, as_of: str) -> str:
    return json_text(mapping_collection(pack, as_of=as_of))
