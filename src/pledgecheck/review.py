"""Review and contest: a reviewer's verdicts on named organisations' controls, read from a
review file (`--review FILE`, `reviews: [...]`, each entry checked against
`schemas/review.schema.json` and located at the file's own lines), applied after the pack has
judged a manifest.

A reviewer's verdict replaces the tool's status (waivers included: the reviewer has the last
word); the tool's status, the reviewer's and the organisation's contest stay on the finding
(`Finding.reviewed`), and the tool's own scores stay beside the reviewed ones
(`Assessment.scores_without_review`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from pledgecheck.assessment import Assessment, Finding, ReviewNote, compute_scores
from pledgecheck.errors import InputError, Problem, did_you_mean
from pledgecheck.pointer import pointer_to_path
from pledgecheck.policy.model import Pack
from pledgecheck.schema import MAX_PROBLEMS, count_problems, limit_problems, schema_report
from pledgecheck.source import Document, load_yaml

_EXAMPLE = (
    "reviews: [{organisation: Acme AI Ltd, control: DEV1-01, verdict: gap, reason: ..., reviewer: ..., "
    "date: 2026-10-15}]"
)


@dataclass(frozen=True, slots=True)
class ReviewEntry:
    """One reviewer's verdict and where the review file declares it."""

    data: dict[str, Any]
    doc: Document
    pointer: str

    @property
    def organisation(self) -> str:
        return same_name(str(self.data["organisation"]))

    def problem(self, key: str, message: str) -> Problem:
        return self.doc.problem(f"{self.pointer}/{key}" if key else self.pointer, message)


def same_name(name: str) -> str:
    """An organisation's name as names are matched: without case, runs of whitespace as one."""
    return " ".join(name.split()).casefold()


def load_reviews(path: str) -> tuple[ReviewEntry, ...]:
    """Every verdict of the review file, validated; InputError listing all problems otherwise."""
    doc = load_yaml(path)
    data = doc.data
    if not isinstance(data, dict) or not isinstance(data.get("reviews"), list):
        raise InputError([doc.problem("", f"expected a mapping with a list under 'reviews', e.g. {_EXAMPLE}")])
    problems: list[Problem] = [
        doc.problem(
            f"/{key}", f"unknown key '{key}'{did_you_mean(key, ['reviews'])}; a review file holds only 'reviews'"
        )
        for key in sorted(set(data) - {"reviews"}, key=str)
    ]
    entries: list[ReviewEntry] = []
    positions = _positions_by_entry(doc)
    worded = more = 0
    for index, item in enumerate(data["reviews"]):
        pointer = f"/reviews/{index}"
        if worded > MAX_PROBLEMS:
            more += count_problems(item, "review#Review")
            continue
        entry = Document(file=doc.file, data=item, positions=positions.get(str(index), {}))
        found, left = schema_report(entry, "review#Review")
        problems.extend(_relocate(problem, pointer) for problem in found)
        worded, more = worded + len(found), more + left
        if not found:
            entries.append(ReviewEntry(item, doc, pointer))
    problems.extend(_duplicates(entries))
    if problems:
        raise InputError(limit_problems(problems, more=more))
    return tuple(entries)


def _positions_by_entry(doc: Document) -> dict[str, dict[str, tuple[int, int]]]:
    grouped: dict[str, dict[str, tuple[int, int]]] = {}
    for key, position in doc.positions.items():
        if key.startswith("/reviews/"):
            index, _, rest = key[len("/reviews/") :].partition("/")
            grouped.setdefault(index, {})["/" + rest if rest else ""] = position
    return grouped


def _relocate(problem: Problem, pointer: str) -> Problem:
    return Problem(
        problem.file, problem.line, problem.column, problem.message, pointer_to_path(pointer) + problem.path[1:]
    )


def _duplicates(entries: list[ReviewEntry]) -> list[Problem]:
    """Two verdicts on one organisation, control and system would leave the result to chance."""
    seen: dict[tuple[str, str, str], ReviewEntry] = {}
    problems = []
    for entry in entries:
        key = (entry.organisation, entry.data["control"], entry.data.get("system", ""))
        if key in seen:
            line, _ = seen[key].doc.locate(seen[key].pointer)
            problems.append(
                entry.problem("", f"a second verdict on {key[1]} for this organisation (the first is at line {line})")
            )
        seen.setdefault(key, entry)
    return problems


def check_reviews(entries: Iterable[ReviewEntry], pack: Pack) -> None:
    """Every verdict must name a control of the pack, and a system only for per-system controls."""
    controls = {c.id: c for c in pack.controls}
    problems = []
    for entry in entries:
        control = controls.get(entry.data["control"])
        if control is None:
            hint = did_you_mean(entry.data["control"], controls)
            message = f"review names control '{entry.data['control']}', which is not in pack {pack.id}{hint}"
            problems.append(entry.problem("control", message))
        elif entry.data.get("system") and control.scope != "system":
            message = f"{control.id} is assessed for the whole organisation, not per system: remove 'system'"
            problems.append(entry.problem("system", message))
    if problems:
        raise InputError(problems)


def unknown_organisations(entries: Iterable[ReviewEntry], names: Iterable[str]) -> list[Problem]:
    """A located problem for each verdict naming an organisation that none of `names` is,
    with the closest name as a hint."""
    known = {same_name(name): name for name in names}
    return [
        entry.problem(
            "organisation",
            f"review names organisation '{entry.data['organisation']}', which no assessed manifest names"
            + did_you_mean(entry.data["organisation"], known.values()),
        )
        for entry in entries
        if entry.organisation not in known
    ]


def near_misses(entries: Iterable[ReviewEntry], names: Iterable[str]) -> list[str]:
    """Warnings for verdicts naming no assessed organisation but close to one (a typo): `check`
    is often run on one manifest of a coalition, so other organisations' verdicts are normal."""
    return [f"{problem}" for problem in unknown_organisations(entries, names) if "did you mean" in problem.message]


def apply_reviews(assessment: Assessment, entries: tuple[ReviewEntry, ...], data: dict[str, Any]) -> Assessment:
    """`assessment` with the verdicts on its organisation applied; unchanged when there are none."""
    mine = [e for e in entries if e.organisation == same_name(assessment.organisation)]
    if not mine:
        return assessment
    systems = {s.get("id") for s in data.get("systems", [])}
    problems = [
        e.problem("system", f"review names system '{e.data['system']}', which {assessment.file} does not declare")
        for e in mine
        if e.data.get("system") and e.data["system"] not in systems
    ]
    if problems:
        raise InputError(problems)
    findings = tuple(_reviewed(finding, mine) for finding in assessment.findings)
    if all(f.reviewed is None for f in findings):
        return assessment
    return replace(
        assessment,
        findings=findings,
        scores=compute_scores(assessment.pack, findings, waivers=True),
        scores_without_waivers=compute_scores(assessment.pack, findings, waivers=False),
        scores_without_review=assessment.scores,
    )


def _reviewed(finding: Finding, entries: list[ReviewEntry]) -> Finding:
    """The finding under the most specific verdict that names it (its system before all systems)."""
    matching = [
        e.data
        for e in entries
        if e.data["control"] == finding.control and e.data.get("system", "") in ("", finding.system)
    ]
    if not matching:
        return finding
    verdict = max(matching, key=lambda d: bool(d.get("system")))
    contest = verdict.get("contest") or {}
    note = ReviewNote(
        tool_status=finding.status,
        verdict=verdict["verdict"],
        reason=verdict["reason"],
        reviewer=verdict["reviewer"],
        date=verdict["date"],
        contest=contest.get("reason", ""),
        contested_by=contest.get("by", ""),
        contested_on=contest.get("date", ""),
    )
    return replace(finding, status=note.verdict, evaluated_status=note.verdict, reviewed=note)
