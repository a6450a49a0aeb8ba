"""JSON pointers into a manifest, and their `$.json.path` form for people.

A leaf module: every layer (loader, schema, engine, reporters) addresses nodes this way.
"""

from __future__ import annotations


def pointer_to_path(pointer: str) -> str:
    """`/systems/0/modalities` -> `$.systems[0].modalities`."""
    path = "$"
    for part in split_pointer(pointer):
        path += f"[{part}]" if part.isdigit() else f".{part}"
    return path


def split_pointer(pointer: str) -> list[str]:
    if not pointer:
        return []
    if "~" not in pointer:  # nothing escaped: most pointers, split for every finding
        return pointer[1:].split("/")
    return [p.replace("~1", "/").replace("~0", "~") for p in pointer[1:].split("/")]


def join_pointer(pointer: str, *parts: str | int) -> str:
    for part in parts:
        text = str(part)
        if "~" in text or "/" in text:
            text = text.replace("~", "~0").replace("/", "~1")
        pointer += "/" + text
    return pointer
