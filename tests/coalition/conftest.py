"""Fixtures of the coalition tests: three dated editions of the examples (the earlier ones
edited copies), an earlier pack, a generated coalition with attributes, and a review file."""

from __future__ import annotations

import copy
import random
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.support.compare_manifests import example_data, variation, write_data
from tests.support.paths import ROOT

#: the three editions, oldest first: label (the date each is assessed as of) -> folder name
EDITIONS = {"2025-12-31": "2025-12", "2026-06-30": "2026-06", "2026-11-01": "2026-11"}
LUMEN, MODELHUB, OPEN_CANVAS = "Lumen Labs, Inc.", "Modelhub Commons Ltd", "Open Canvas Collective"


def _by_name(name: str) -> dict[str, Any]:
    return copy.deepcopy(next(d for d in example_data() if d["organisation"]["name"] == name))


def _without_kind(data: dict[str, Any], kind: str) -> dict[str, Any]:
    data["safeguards"] = [s for s in data["safeguards"] if s["kind"] != kind]
    return data


def _partial(data: dict[str, Any], kind: str) -> dict[str, Any]:
    for safeguard in data["safeguards"]:
        if safeguard["kind"] == kind:
            safeguard["status"] = "partial"
    return data


def edition_data(label: str) -> dict[str, dict[str, Any]]:
    """File name -> manifest of one edition. 2025-12: Lumen has no child-safety red teaming yet
    and Modelhub's usage policy is partial; 2026-06: Lumen has added it, Modelhub not yet;
    2026-11: the examples as they are."""
    lumen, modelhub, canvas = _by_name(LUMEN), _by_name(MODELHUB), _by_name(OPEN_CANVAS)
    if label == "2025-12-31":
        lumen = _without_kind(lumen, "child-safety-red-teaming")
    if label in ("2025-12-31", "2026-06-30"):
        modelhub = _partial(modelhub, "usage-policy")
    return {"lumen-labs.yaml": lumen, "modelhub.yaml": modelhub, "open-canvas.yaml": canvas}


@pytest.fixture(scope="session")
def editions(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Label -> folder of each edition."""
    root = tmp_path_factory.mktemp("editions")
    folders = {}
    for label, name in EDITIONS.items():
        folder = root / name
        folder.mkdir()
        for file, data in edition_data(label).items():
            write_data(folder / file, data)
        folders[label] = folder
    return folders


@pytest.fixture(scope="session")
def old_pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default pack as it was in 2025: version 2025.06.0, and a quarterly progress report
    counted current for 366 days (the pack now says 92)."""
    folder = tmp_path_factory.mktemp("old-pack") / "pack"
    shutil.copytree(ROOT / "policies", folder)
    text = (folder / "pack.yaml").read_text(encoding="utf-8")
    assert "version: 2026.11.0" in text and "  quarterly: 92" in text
    text = text.replace("version: 2026.11.0", "version: 2025.06.0").replace("  quarterly: 92", "  quarterly: 366")
    (folder / "pack.yaml").write_text(text, encoding="utf-8")
    return folder


#: regions and sizes of the generated coalition: ASIA has two members, a cohort too small to show
REGIONS = ("EU",) * 5 + ("US",) * 5 + ("ASIA",) * 2
SIZES = ("large", "small", "medium")


@pytest.fixture(scope="session")
def coalition(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Twelve generated manifests (variations of the examples: random cadences, report dates
    and dropped safeguards), each with a region, a size and (some) another code of practice."""
    folder = tmp_path_factory.mktemp("coalition")
    rng = random.Random(13)
    bases = example_data()
    for index in range(12):
        data = variation(bases[index % len(bases)], index, rng)
        attributes: dict[str, Any] = {"region": REGIONS[index], "size": SIZES[index % 3]}
        if index % 2:
            attributes["codes"] = ["eu-code-of-practice", "tech-coalition"]
        data["organisation"]["attributes"] = attributes
        write_data(folder / f"org-{index:02d}.yaml", data)
    return folder
