"""A cache of compiled packs: JSON files keyed by a content hash, written atomically.

JSON, never pickle: reading a cache entry cannot execute anything. Any failure to read or
write the cache is silent; the pack is then compiled again.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any


def cache_dir() -> Path:
    configured = os.environ.get("PLEDGECHECK_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "pledgecheck"


def read(key: str) -> dict[str, Any] | None:
    try:
        with (cache_dir() / f"pack-{key}.json").open(encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def write(key: str, compiled: dict[str, Any]) -> None:
    folder = cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(compiled, stream)
        os.replace(temporary, folder / f"pack-{key}.json")
    except OSError:
        return
