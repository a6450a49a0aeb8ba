"""A manifest with a canary in every part marked stricter than public: internal parts carry
`zqxinternal`, coalition parts `zqxcoalition`, in names, ids, descriptions, details, notes,
evidence urls, paths and titles, and unique dates no other part uses."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from tests.support.compare_manifests import example_data, write_data

INTERNAL = "zqxinternal"
COALITION = "zqxcoalition"
#: dates that only internal parts hold (as written, and as a report would print them)
INTERNAL_DATES = ("2019-03-17", "2031-07-19", "2030-11-23", "2018-05-29")


def _evidence(token: str, date: str, tier: str | None = None) -> dict[str, Any]:
    item: dict[str, Any] = {
        "url": f"https://{token}.example.org/{token}-evidence",
        "date": date,
        "kind": "audit",
        "assurance": "independently-audited",
        "title": f"Audit {token} title",
    }
    if tier:
        item["disclosure"] = tier
    return item


def canary_manifest(directory: Path) -> Path:
    """Lumen Labs' example with stricter parts added everywhere a tier can be set."""
    data = copy.deepcopy(example_data()[0])
    assert data["organisation"]["name"].startswith("Lumen")
    data["systems"].append(
        {
            "id": f"{INTERNAL}-system",
            "name": f"Project {INTERNAL} name",
            "description": f"Unreleased {INTERNAL} model",
            "modalities": {"input": ["text"], "output": ["video"]},
            "release_type": "internal",
            "lifecycle": "in-development",
            "disclosure": "internal",
        }
    )
    data["safeguards"] += [
        {  # internal, organisation-wide, with every kind of field
            "id": f"{INTERNAL}-policy",
            "kind": "research-investment",
            "status": "implemented",
            "description": f"Research {INTERNAL} description",
            "details": {"partners": [f"{INTERNAL} partner"], "topics": [f"{INTERNAL} topic"], "notes": f"{INTERNAL} n"},
            "evidence": [_evidence(INTERNAL, INTERNAL_DATES[0]), {"path": f"evidence/{INTERNAL}-memo.md"}],
            "disclosure": "internal",
        },
        {  # covers the internal system only: must vanish with it
            "id": f"{INTERNAL}-provenance",
            "kind": "content-provenance",
            "status": "implemented",
            "systems": [f"{INTERNAL}-system"],
            "description": f"Provenance of {INTERNAL}",
            "details": {"methods": ["c2pa"], "on_by_default": True},
        },
        {  # planned internal, with a unique due date
            "id": f"{INTERNAL}-planned",
            "kind": "threat-intelligence",
            "status": "planned",
            "due": INTERNAL_DATES[1],
            "description": f"Planned {INTERNAL} work",
            "disclosure": "internal",
        },
        {  # public safeguard with internal details, internal evidence and coalition evidence
            "id": "public-red-team",
            "kind": "child-safety-red-teaming",
            "status": "implemented",
            "description": "Red teaming of every release.",
            "details": {
                "cadence": "per-release",
                "exercises": [
                    {"date": INTERNAL_DATES[3], "scope": f"{INTERNAL} scope", "external_participants": [INTERNAL]}
                ],
                "notes": f"{INTERNAL} details notes",
                "disclosure": "internal",
            },
            "evidence": [
                _evidence(INTERNAL, INTERNAL_DATES[0], "internal"),
                _evidence(COALITION, "2026-01-05", "coalition"),
                {"url": "https://lumen.example.com/public-red-team", "date": "2026-02-02", "title": "Public summary"},
            ],
        },
        {  # public details, internal notes
            "id": "public-feedback",
            "kind": "red-team-feedback-loop",
            "status": "implemented",
            "details": {"cadence": "quarterly", "notes": f"{INTERNAL} notes only", "notes_disclosure": "internal"},
        },
        {  # coalition safeguard: hidden from the public, shown to the coalition
            "id": f"{COALITION}-intel",
            "kind": "threat-intelligence",
            "status": "implemented",
            "description": f"Monitoring {COALITION} description",
            "details": {"partners": [f"{COALITION} vendor"]},
            "evidence": [_evidence(COALITION, "2026-03-03")],
            "disclosure": "coalition",
        },
        {  # marked public under nothing stricter, but its evidence claims public under an internal safeguard
            "id": f"{INTERNAL}-loosened",
            "kind": "mitigation-maintenance",
            "status": "implemented",
            "description": f"Loosened {INTERNAL}",
            "evidence": [{**_evidence(INTERNAL, INTERNAL_DATES[0]), "disclosure": "public"}],
            "disclosure": "internal",
        },
    ]
    data["waivers"] = [
        *data.get("waivers", []),
        {
            "control": "MNT2-01",
            "justification": f"Waived {INTERNAL} reason",
            "approver": f"{INTERNAL} approver",
            "expires": INTERNAL_DATES[2],
            "disclosure": "internal",
        },
        {
            "control": "DEV3-01",
            "system": f"{INTERNAL}-system",
            "justification": "Waiver of a hidden system",
            "approver": "CTO",
            "expires": "2027-01-31",
        },
    ]
    path = write_data(directory / "lumen.yaml", data)  # copies the examples' evidence folder
    (directory / "evidence" / f"{INTERNAL}-memo.md").write_text("internal memo\n", encoding="utf-8")
    return path


def leaks(text: str, *, audience: str) -> list[str]:
    """Every canary or internal-only date found in `text` that `audience` may not read."""
    tokens = [INTERNAL, *INTERNAL_DATES] + ([COALITION] if audience == "public" else [])
    lowered = text.lower()
    return [token for token in tokens if token in lowered]
