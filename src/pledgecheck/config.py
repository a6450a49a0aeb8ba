"""Project configuration: the options a project would otherwise repeat in every invocation,
the pre-commit hook and the Action, kept in `.pledgecheck.yaml` or in `[tool.pledgecheck]` of
`pyproject.toml`.

The file is found upwards from the working directory; the search stops at a folder holding
`.git` (the top of the project) or at the filesystem root. Keys are the long option names
without dashes in front (`fail-on: medium`); options given on the command line win. Paths are
relative to the file's folder. `as-of` is deliberately not configurable: a date written into a
file would silently freeze every assessment. Python 3.10 has no `tomllib`, so there only
`.pledgecheck.yaml` is read.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pledgecheck.errors import InputError, Problem, did_you_mean

CONFIG_FILE = ".pledgecheck.yaml"
PYPROJECT = "pyproject.toml"
SECTION = "tool.pledgecheck"

#: configuration key -> the parameter name of the option it presets.
KEYS: dict[str, str] = {
    "pack": "pack",
    "fail-on": "fail_on",
    "waivers": "waivers",
    "baseline": "baseline",
    "max-size": "max_size",
    "waiver-warning-days": "waiver_warning_days",
    "unverified-fails": "unverified_fails",
    "declared-na-as-gap": "declared_na_as_gap",
    "format": "output_format",
    "audience": "audience",
    "report-warning-days": "report_warning_days",
    "review": "review",
}
_PATHS = {"pack", "waivers", "baseline", "review"}
_REFUSED = {"as-of": "the assessment date is not configurable; give --as-of on the command line"}


@dataclass(frozen=True, slots=True)
class Config:
    """The values a configuration file sets, by parameter name; empty when there is none."""

    file: str | None = None
    values: dict[str, Any] = field(default_factory=dict)


def find_config(start: Path) -> Path | None:
    """The nearest configuration file from `start` upwards, or None."""
    for folder in (start, *start.parents):
        candidate = folder / CONFIG_FILE
        if candidate.is_file():
            return candidate
        pyproject = folder / PYPROJECT
        if sys.version_info >= (3, 11) and pyproject.is_file() and _mentions_section(pyproject):
            return pyproject
        if (folder / ".git").exists():
            return None
    return None


def project_config(cwd: str | None = None) -> Config:
    """The configuration of the project the working directory (or `cwd`) is in."""
    path = find_config(Path(cwd or os.getcwd()).resolve())
    return load_config(path) if path else Config()


def load_config(path: Path) -> Config:
    """Read and check a configuration file; InputError with file:line:col for each problem."""
    shown = _shown(path)
    if path.name == PYPROJECT:
        table, locate = _read_toml(path, shown)
    else:
        table, locate = _read_yaml(path, shown)
    problems: list[Problem] = []
    values: dict[str, Any] = {}
    for key, value in table.items():
        line, column = locate(key)
        message = _refusal(key) or _check(key, value)
        if message:
            problems.append(Problem(shown, line, column, message, f"$.{key}"))
        elif value is not None:
            values[KEYS[key]] = _relative(path, value) if key in _PATHS else value
    if problems:
        raise InputError(problems)
    return Config(shown, values)


def _refusal(key: object) -> str:
    if not isinstance(key, str) or (key not in KEYS and key not in _REFUSED):
        return f"unknown key '{key}'{did_you_mean(key, [*KEYS, *_REFUSED])} (expected one of: {', '.join(KEYS)})"
    return _REFUSED.get(key, "")


def _check(key: str, value: Any) -> str:
    """What is wrong with `value` for `key`, or ""."""
    from pledgecheck.registry import REPORT_FORMATS

    if value is None:
        return ""
    if key in _PATHS:
        return "" if isinstance(value, str) and value.strip() else "expected a path (text)"
    if key == "fail-on":
        allowed = ("critical", "high", "medium", "low", "none")
        return "" if value in allowed else f"expected one of {', '.join(allowed)}{did_you_mean(value, allowed)}"
    if key == "audience":
        tiers = ("public", "coalition", "internal")
        return "" if value in tiers else f"expected one of {', '.join(tiers)}{did_you_mean(value, tiers)}"
    if key in ("max-size", "waiver-warning-days", "report-warning-days"):
        least = 1 if key == "max-size" else 0
        ok = isinstance(value, int) and not isinstance(value, bool) and value >= least
        return "" if ok else f"expected a whole number, {least} or more"
    if key == "format":
        known = sorted({name for table in REPORT_FORMATS.values() for name in table})
        return "" if value in known else f"expected one of {', '.join(known)}{did_you_mean(value, known)}"
    return "" if isinstance(value, bool) else "expected true or false"


def _read_yaml(path: Path, shown: str) -> tuple[dict[Any, Any], Callable[[str], tuple[int, int]]]:
    from pledgecheck.source import parse_yaml, read_text

    doc = parse_yaml(read_text(str(path), max_bytes=1024 * 1024), file=shown)
    if doc.data is None:
        return {}, lambda key: (1, 1)
    if not isinstance(doc.data, dict):
        raise InputError([doc.problem("", "expected a mapping of option names to values")])
    return doc.data, lambda key: doc.locate(f"/{key}")


def _read_toml(path: Path, shown: str) -> tuple[dict[Any, Any], Callable[[str], tuple[int, int]]]:
    import importlib

    tomllib: Any = importlib.import_module("tomllib")  # 3.11+, where find_config offers pyproject.toml

    text = path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        line, column = (int(found[1]), int(found[2])) if found else (0, 0)
        raise InputError([Problem(shown, line, column, f"invalid TOML: {str(exc).split(' (at ')[0]}")]) from None
    table = data.get("tool", {}).get("pledgecheck", {})
    if not isinstance(table, dict):
        raise InputError([Problem(shown, 0, 0, f"[{SECTION}] must be a table of option names to values")])
    return table, lambda key: _toml_position(text, key)


def _toml_position(text: str, key: str) -> tuple[int, int]:
    """Line and column of `key = ...` in the [tool.pledgecheck] table (tomllib keeps no marks)."""
    lines = text.splitlines()
    start = next((n for n, line in enumerate(lines) if line.strip() == f"[{SECTION}]"), 0)
    pattern = re.compile(rf"^(\s*)[\"']?{re.escape(key)}[\"']?\s*=")
    for number in range(start, len(lines)):
        found = pattern.match(lines[number])
        if found:
            return number + 1, len(found[1]) + 1
    return start + 1, 1


def _mentions_section(pyproject: Path) -> bool:
    try:
        return f"[{SECTION}]" in pyproject.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False


def _relative(config: Path, value: str) -> str:
    """A path from the configuration, made relative to the working directory when it can be."""
    target = (config.parent / value).resolve()
    try:
        return os.path.relpath(target)
    except ValueError:  # another drive on Windows
        return str(target)


def _shown(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)
