"""A separate waivers file (`check --waivers FILE`): `waivers: [...]`, each entry checked
against the manifest schema's Waiver definition and located at the file's own lines."""

from __future__ import annotations

from typing import Any

from pledgecheck.engine import WaiverEntry
from pledgecheck.errors import InputError, Problem
from pledgecheck.schema import schema_problems
from pledgecheck.source import Document, load_yaml, pointer_to_path

_EXAMPLE = "waivers: [{control: DEV1-01, justification: ..., approver: ..., expires: 2026-12-31}]"


def load_waivers(path: str) -> tuple[WaiverEntry, ...]:
    """Every waiver of the file, validated; InputError listing all problems otherwise."""
    doc = load_yaml(path)
    data = doc.data
    if not isinstance(data, dict) or not isinstance(data.get("waivers"), list):
        raise InputError([doc.problem("", f"expected a mapping with a list under 'waivers', e.g. {_EXAMPLE}")])
    problems: list[Problem] = [
        doc.problem(f"/{key}", f"unknown key '{key}'; a waivers file holds only 'waivers'")
        for key in sorted(set(data) - {"waivers"})
    ]
    entries: list[WaiverEntry] = []
    for index, item in enumerate(data["waivers"]):
        pointer = f"/waivers/{index}"
        found = schema_problems(_subdocument(doc, pointer, item), "manifest#Waiver")
        problems.extend(_relocate(problem, pointer) for problem in found)
        if not found:
            entries.append(WaiverEntry(item, doc, pointer))
    if problems:
        raise InputError(problems)
    return tuple(entries)


def _subdocument(doc: Document, pointer: str, data: Any) -> Document:
    """The node at `pointer` as a document of its own, keeping the file's positions."""
    positions = {
        key[len(pointer) :]: position
        for key, position in doc.positions.items()
        if key == pointer or key.startswith(pointer + "/")
    }
    return Document(file=doc.file, data=data, positions=positions)


def _relocate(problem: Problem, pointer: str) -> Problem:
    path = pointer_to_path(pointer) + problem.path[1:]
    return Problem(problem.file, problem.line, problem.column, problem.message, path)
