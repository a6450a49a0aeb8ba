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
    "sarif": "pledgecheck.reporters.sarif:render",
    "junit": "pledgecheck.reporters.junit:render",
    "github": "pledgecheck.reporters.github:render",
    "codequality": "pledgecheck.reporters.codequality:render",
    "html": "pledgecheck.reporters.html:render",
}

#: report formats of `compare` (they render a Comparison, not assessments).
COMPARE_REPORTERS: dict[str, str] = {
    "text": "pledgecheck.reporters.compare_text:render",
    "markdown": "pledgecheck.reporters.compare_markdown:render",
    "csv": "pledgecheck.reporters.compare_csv:render",
    "json": "pledgecheck.reporters.compare_json:render",
    "html": "pledgecheck.reporters.compare_html:render",
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


def reporter_parts(name: str) -> Any:
    """The streaming form of a reporter: (assessments iterable, options) -> iterator of text.

    Reporters that can write one assessment at a time define `render_parts`, so checking
    thousands of manifests keeps one assessment in memory at a time; others are rendered
    whole from the list.
    """
    render = reporter(name)
    module = importlib.import_module(REPORTERS[name].partition(":")[0])
    parts = getattr(module, "render_parts", None)
    if parts is not None:
        return parts
    return lambda assessments, options: iter([render(list(assessments), options)])


def compare_reporter(name: str) -> Any:
    if name not in COMPARE_REPORTERS:
        from pledgecheck.errors import UsageError

        known = ", ".join(COMPARE_REPORTERS)
        raise UsageError(f"unknown format '{name}'; expected one of {known}")
    return resolve(COMPARE_REPORTERS[name])
