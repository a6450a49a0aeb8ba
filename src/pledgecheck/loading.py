"""Load a manifest: parse, validate against the schema, check cross-references."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from pledgecheck.dates import period
from pledgecheck.errors import InputError, Problem, did_you_mean
from pledgecheck.evidence import evidence_base, evidence_problems
from pledgecheck.pointer import join_pointer
from pledgecheck.resources import load_schema
from pledgecheck.schema import limit_problems, schema_report
from pledgecheck.source import DEFAULT_MAX_BYTES, Document, load_yaml


@dataclass(frozen=True, slots=True)
class Limits:
    max_bytes: int = DEFAULT_MAX_BYTES


def load_manifest(path: str, *, limits: Limits = Limits()) -> Document:
    """A valid manifest as a Document, or InputError listing every problem found (local
    evidence files included: they must exist beside the manifest)."""
    return validated(load_yaml(path, max_bytes=limits.max_bytes), evidence_from=evidence_base(path))


def validated(doc: Document, *, evidence_from: Path | None = None) -> Document:
    """`doc` when it is a valid manifest (schema and cross-references), else InputError with
    every problem, capped as for a file; documents not read from a file come through here too.
    With `evidence_from`, every local evidence path must name a regular file in that folder."""
    problems, more = schema_report(doc)
    problems += reference_problems(doc)
    if evidence_from is not None:
        problems += evidence_problems(doc, evidence_from)
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
    """Partial dates the schema's pattern lets through but the calendar does not (2025-02-30).

    Every node is visited, but a pointer is built only for a date that is wrong: the walk runs
    for every manifest, and most nodes are not dates. (A module-level walk, not a closure that
    calls itself: that closure would be a reference cycle holding the whole document until the
    garbage collector ran, so memory would grow with the number of manifests checked.)"""
    found: list[tuple[tuple[str | int, ...], str]] = []
    _walk_dates(node, [], found)
    return [
        doc.problem(join_pointer(pointer, *trail), f"'{value}' is not a date in the calendar") for trail, value in found
    ]


def _walk_dates(value: Any, trail: list[str | int], found: list[tuple[tuple[str | int, ...], str]]) -> None:
    if isinstance(value, dict):
        for key, child in value.items():
            if key in _DATE_KEYS and isinstance(child, str):
                if period(child) is None:
                    found.append(((*trail, key), child))
            elif isinstance(child, (dict, list)):
                trail.append(key)
                _walk_dates(child, trail, found)
                trail.pop()
    elif isinstance(value, list):
        for index, child in enumerate(value):
            if isinstance(child, (dict, list)):
                trail.append(index)
                _walk_dates(child, trail, found)
                trail.pop()


def _also_covers_problems(doc: Document, index: int, safeguard: Any) -> list[Problem]:
    """Further kinds of one safeguard must read the same details as its main kind."""
    if not isinstance(safeguard, dict) or not isinstance(safeguard.get("also_covers"), list):
        return []
    kind = safeguard.get("kind")
    families = details_families()
    family = families.get(str(kind), "")
    problems = []
    for position, other in enumerate(safeguard["also_covers"]):
        if isinstance(other, str) and other != kind and families.get(other, "") != family:
            message = f"'{other}' has other details than '{kind}'; describe it as a safeguard of its own"
            problems.append(doc.problem(f"/safeguards/{index}/also_covers/{position}", message))
    return problems


@cache
def details_families() -> dict[str, str]:
    """Safeguard kind -> the name of the details it reads ("" for the plain details), from the
    published schema's `if kind ... then details` rules: the same table as the models'
    `DETAILS_FOR_KIND`, without importing pydantic on the path of every check."""
    rules = load_schema("manifest")["$defs"]["Safeguard"].get("allOf", [])
    families: dict[str, str] = {}
    for rule in rules:
        kinds = rule.get("if", {}).get("properties", {}).get("kind", {}).get("enum", [])
        target = rule.get("then", {}).get("properties", {}).get("details", {}).get("$ref", "")
        for kind in kinds if target else ():
            families[kind] = target.rsplit("/", 1)[-1].removesuffix("Details")
    return families
