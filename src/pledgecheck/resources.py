"""Data shipped with the package: schemas and the default policy pack.

The wheel carries them under `pledgecheck/_data/` (hatchling force-include); an editable
install or a source checkout does not, so lookup falls back to the repository folders.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any


@cache
def data_dir(name: str) -> Path:
    """The folder `schemas` or `policies`, packaged copy first."""
    packaged = Path(__file__).parent / "_data" / name
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / name


def schema_path(name: str) -> Path:
    return data_dir("schemas") / f"{name}.schema.json"


@cache
def load_schema(name: str) -> dict[str, Any]:
    """A published JSON Schema by short name: `manifest`, `policy`, `report`."""
    with schema_path(name).open(encoding="utf-8") as handle:
        schema: dict[str, Any] = json.load(handle)
    return schema


def default_pack_dir() -> Path:
    return data_dir("policies")
