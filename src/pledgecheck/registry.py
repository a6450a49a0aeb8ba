"""Explicit registries: a name maps to a "module:attr" string, imported only when used."""

from __future__ import annotations

import importlib
from functools import cache
from typing import Any

#: report formats of `check`, `--output FORMAT:FILE` included.
REPORTERS: dict[str, str] = {
    "text": "pledgecheck.reporters.text:render",
    "json": "pledgecheck.reporters.json_report:render",
    "markdown": "pledgecheck.reporters.markdown:render",
}


@cache
def resolve(target: str) -> Any:
    """Import `module:attr` and return the attribute."""
    module, _, attr = target.partition(":")
    return getattr(importlib.import_module(module), attr)


def reporter(name: str) -> Any:
    if name not in REPORTERS:
        from pledgecheck.errors import UsageError

        known = ", ".join(REPORTERS)
        raise UsageError(f"unknown format '{name}'; expected one of {known}")
    return resolve(REPORTERS[name])
