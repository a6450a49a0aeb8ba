"""Regenerate schemas/manifest.schema.json from the pydantic models (the single source).

Run from the repository root after changing src/pledgecheck/manifest.py or details.py:

    python scripts/generate-schemas.py
"""

from __future__ import annotations

import json
from pathlib import Path

from pledgecheck.manifest import build_manifest_schema

TARGET = Path(__file__).resolve().parents[1] / "schemas" / "manifest.schema.json"


def main() -> None:
    text = json.dumps(build_manifest_schema(), indent=2, ensure_ascii=False) + "\n"
    TARGET.write_text(text, encoding="utf-8")
    print("wrote schemas/manifest.schema.json")


if __name__ == "__main__":
    main()
