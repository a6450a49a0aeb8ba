"""Waivers: accepted gaps with an approver and an expiry, from the manifest or a separate
waivers file (`check --waivers FILE`, `waivers: [...]`, each entry checked against the
manifest schema's Waiver definition and located at the file's own lines)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from pledgecheck.assessment import AppliedWaiver, Finding
from pledgecheck.errors import InputError, Problem, did_you_mean
from pledgecheck.pointer import pointer_to_path
from pledgecheck.policy.model import Pack
from pledgecheck.schema import MAX_PROBLEMS, count_problems, limit_problems, schema_report
from pledgecheck.source import Document, load_yaml

WAIVER_WARNING_DAYS = 30
_EXAMPLE = "waivers: [{control: DEV1-01, justification: ..., approver: ..., expires: 2026-12-31}]"


@dataclass(frozen=True, slots=True)
class WaiverEntry:
    """A waiver and where it was declared (the manifest or a separate waivers file)."""

    data: dict[str, Any]
    doc: Document
    pointer: str


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
    positions = _positions_by_waiver(doc)
    worded = more = 0
    for index, item in enumerate(data["waivers"]):
        pointer = f"/waivers/{index}"
        if worded > MAX_PROBLEMS:  # later entries are not shown: count their problems, fast
            more += count_problems(item, "manifest#Waiver")
            continue
        entry = Document(file=doc.file, data=item, positions=positions.get(str(index), {}))
        found, left = schema_report(entry, "manifest#Waiver")
        problems.extend(_relocate(problem, pointer) for problem in found)
        worded, more = worded + len(found), more + left
        if not found:
            entries.append(WaiverEntry(item, doc, pointer))
    if problems:
        raise InputError(limit_problems(problems, more=more))
    return tuple(entries)


def _positions_by_waiver(doc: Document) -> dict[str, dict[str, tuple[int, int]]]:
    """The positions of each entry under `/waivers`, keyed relative to it, in one pass."""
    grouped: dict[str, dict[str, tuple[int, int]]] = {}
    for key, position in doc.positions.items():
        if key.startswith("/waivers/"):
            index, _, rest = key[len("/waivers/") :].partition("/")
            grouped.setdefault(index, {})["/" + rest if rest else ""] = position
    return grouped


def _relocate(problem: Problem, pointer: str) -> Problem:
    path = pointer_to_path(pointer) + problem.path[1:]
    return Problem(problem.file, problem.line, problem.column, problem.message, path)


def check_waivers(waivers: tuple[WaiverEntry, ...], pack: Pack, data: dict[str, Any]) -> None:
    """Every waiver must name a control of the pack, and a system only for per-system controls."""
    controls = {c.id: c for c in pack.controls}
    systems = {s.get("id") for s in data.get("systems", [])}
    problems = []
    for entry in waivers:
        control_id, system = entry.data.get("control", ""), entry.data.get("system", "")
        control = controls.get(control_id)
        if control is None:
            hint = did_you_mean(control_id, controls)
            message = f"waiver names control '{control_id}', which is not in pack {pack.id}{hint}"
            problems.append(entry.doc.problem(entry.pointer + "/control", message))
        elif system and control.scope != "system":
            message = f"{control_id} is assessed for the whole organisation, not per system: remove 'system'"
            problems.append(entry.doc.problem(entry.pointer + "/system", message))
        if system and system not in systems:
            message = f"waiver names system '{system}', which the manifest does not declare"
            problems.append(entry.doc.problem(entry.pointer + "/system", message))
    if problems:
        raise InputError(problems)


#: the longest justification (and approver) a finding carries: a waiver without `system`
#: covers every system, so its text is repeated once per system in every report
SHOWN_CHARS = 500
WaiverIndex = Mapping[str, Sequence[dict[str, Any]]]


def index_waivers(waivers: tuple[WaiverEntry, ...]) -> WaiverIndex:
    """The waivers by control, built once per manifest, so matching a finding does not scan
    every waiver (20,000 waivers over 2,000 systems would be 500 million comparisons)."""
    index: dict[str, list[dict[str, Any]]] = {}
    for entry in waivers:
        index.setdefault(str(entry.data.get("control", "")), []).append(entry.data)
    return index


def shown(text: str) -> str:
    """`text` as findings carry it: at most SHOWN_CHARS characters, a longer one cut with a
    note (the whole text stays in the file), so reports grow with the number of findings,
    never with findings times the length of a justification."""
    if len(text) <= SHOWN_CHARS:
        return text
    return f"{text[:SHOWN_CHARS]}… (shortened from {len(text):,} characters)"


def apply_waivers(finding: Finding, waivers: tuple[WaiverEntry, ...] | WaiverIndex, as_of: dt.date) -> Finding:
    """A failing finding is waived by the matching waiver that lasts longest; when every match
    has expired, it stays failing and says when the latest one expired."""
    if not finding.failing:
        return finding
    index = index_waivers(waivers) if isinstance(waivers, tuple) else waivers
    matching = [w for w in index.get(finding.control, ()) if w.get("system", "") in ("", finding.system)]
    if not matching:
        return finding
    waiver = max(matching, key=lambda w: str(w["expires"]))
    expired = dt.date.fromisoformat(waiver["expires"]) < as_of
    applied = AppliedWaiver(shown(waiver["justification"]), shown(waiver["approver"]), waiver["expires"], expired)
    if expired:
        note = f"a waiver expired on {waiver['expires']} (approved by {applied.approver})"
        return replace(finding, waiver=applied, messages=(*finding.messages, note))
    return replace(finding, status="waived", waiver=applied)


def expiry_warnings(waivers: tuple[WaiverEntry, ...], as_of: dt.date, days: int) -> list[str]:
    warnings = []
    for entry in waivers:
        expires = dt.date.fromisoformat(entry.data["expires"])
        left = (expires - as_of).days
        if 0 <= left <= days:
            where = f" for system '{entry.data['system']}'" if entry.data.get("system") else ""
            line, _ = entry.doc.locate(entry.pointer)
            warnings.append(
                f"{entry.doc.file}:{line}: the waiver of {entry.data['control']}{where} expires on "
                f"{entry.data['expires']}, in {left} day{'s' if left != 1 else ''}"
            )
    return sorted(warnings)
