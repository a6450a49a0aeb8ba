"""Load a manifest: parse, validate against the schema, check cross-references."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pledgecheck.dates import period
from pledgecheck.details import DETAILS_FOR_KIND
from pledgecheck.errors import InputError, Problem, did_you_mean
from pledgecheck.pointer import join_pointer
from pledgecheck.schema import limit_problems, schema_report
from pledgecheck.source import DEFAULT_MAX_BYTES, Document, load_yaml


@dataclass(frozen=True, slots=True)
class Limits:
    max_bytes: int = DEFAULT_MAX_BYTES


def load_manifest(path: str, *, limits: Limits = Limits()) -> Document:
    """A valid manifest as a Document, or InputError listing every problem found."""
    return validated(load_yaml(path, max_bytes=limits.max_bytes))


def validated(doc: Document) -> Document:
    """`doc` when it is a valid manifest (schema and cross-references), else InputError with
    every problem, capped as for a file; documents not read from a file come through here too."""
    problems, more = schema_report(doc)
    problems += reference_problems(doc)
    if problems:
        raise InputError(limit_problems(problems, more=more))
    return doc


def reference_problems(doc: Document) -> list[Problem]:
    """Duplicate ids and references to systems that are not declared."""
    data = doc.data
    problems: list[Problem] = []
    system_ids = _unique_ids(doc, "systems", problems)
    _unique_ids(doc, "safeguards", problems)
    for index, safeguard in _items(data, "safeguards"):
        for position, system in _items(safeguard, "systems"):
            if isinstance(system, str) and system not in system_ids:
                pointer = f"/safeguards/{index}/systems/{position}"
                problems.append(doc.problem(pointer, _undeclared(system, system_ids)))
    for index, safeguard in _items(data, "safeguards"):
        problems.extend(_also_covers_problems(doc, index, safeguard))
    problems.extend(_calendar_problems(doc, data, ""))
    for index, waiver in _items(data, "waivers"):
        system = waiver.get("system") if isinstance(waiver, dict) else None
        if isinstance(system, str) and system and system not in system_ids:
            problems.append(doc.problem(f"/waivers/{index}/system", _undeclared(system, system_ids)))
    return problems


def _unique_ids(doc: Document, section: str, problems: list[Problem]) -> set[str]:
    seen: dict[str, int] = {}
    for index, item in _items(doc.data, section):
        ident = item.get("id") if isinstance(item, dict) else None
        if not isinstance(ident, str):
            continue
        if ident in seen:
            first = doc.locate(f"/{section}/{seen[ident]}/id")[0]
            message = f"duplicate {section[:-1]} id '{ident}' (first used on line {first})"
            problems.append(doc.problem(f"/{section}/{index}/id", message))
        else:
            seen[ident] = index
    return set(seen)


def _items(container: Any, key: str) -> Iterable[tuple[int, Any]]:
    value = container.get(key) if isinstance(container, dict) else None
    return enumerate(value) if isinstance(value, list) else ()


def _undeclared(system: str, declared: set[str]) -> str:
    return f"system '{system}' is not declared under 'systems'{did_you_mean(system, declared)}"


_DATE_KEYS = frozenset({"date", "last_review", "last_reviewed"})


def _calendar_problems(doc: Document, node: Any, pointer: str) -> list[Problem]:
    """Partial dates the schema's pattern lets through but the calendar does not (2025-02-30)."""
    found: list[Problem] = []
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, value in items:
        where = join_pointer(pointer, key)
        if key in _DATE_KEYS and isinstance(value, str) and period(value) is None:
            found.append(doc.problem(where, f"'{value}' is not a date in the calendar"))
        elif isinstance(value, (dict, list)):
            found.extend(_calendar_problems(doc, value, where))
    return found


def _also_covers_problems(doc: Document, index: int, safeguard: Any) -> list[Problem]:
    """Further kinds of one safeguard must read the same details as its main kind."""
    if not isinstance(safeguard, dict) or not isinstance(safeguard.get("also_covers"), list):
        return []
    kind = safeguard.get("kind")
    family = DETAILS_FOR_KIND.get(str(kind))
    problems = []
    for position, other in enumerate(safeguard["also_covers"]):
        if isinstance(other, str) and other != kind and DETAILS_FOR_KIND.get(other) is not family:
            message = f"'{other}' has other details than '{kind}'; describe it as a safeguard of its own"
            problems.append(doc.problem(f"/safeguards/{index}/also_covers/{position}", message))
    return problems
