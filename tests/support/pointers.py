"""Every JSON pointer of a value, in document order: what a parsed file must locate."""

from __future__ import annotations

from typing import Any

from pledgecheck.pointer import join_pointer


def all_pointers(value: Any, pointer: str = "") -> list[str]:
    found = [pointer]
    if isinstance(value, dict):
        for key, item in value.items():
            found += all_pointers(item, join_pointer(pointer, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += all_pointers(item, join_pointer(pointer, index))
    return found
