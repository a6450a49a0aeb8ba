"""Manifests the tests write: the smallest valid one, and a writer for any text or bytes."""

from __future__ import annotations

from pathlib import Path

#: The smallest manifest a user could write that validates: one system, one safeguard.
VALID_MANIFEST = """\
manifest_version: 1
organisation:
  name: Example Labs
  roles: [model-developer]
systems:
  - id: atlas-image
    name: Atlas Image
    modalities:
      input: [text]
      output: [image]
    release_type: hosted-api
safeguards:
  - id: sg-input
    kind: input-detection
    status: implemented
    systems: [atlas-image]
    evidence:
      - url: https://example.org/report
        date: 2025-09-30
"""


def write_manifest(directory: Path, text: str | bytes, *, name: str = "manifest.yaml") -> Path:
    """Write `text` (bytes are written as they are) to `directory/name` and return the path."""
    path = directory / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path
