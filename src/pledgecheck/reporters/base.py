"""What every reporter shares: options, ordering, escaping of untrusted text, the JSON
encoding and envelope of the machine reports, and the wording of scores, rates, waivers and
overdue progress reports, so that every format says the same thing the same way."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from pledgecheck import __version__
from pledgecheck.assessment import AppliedWaiver, Assessment, Coverage, Finding, ReviewNote, fix_order
from pledgecheck.reporters.safe import inert, json_inert
from pledgecheck.reporters.safe import markdown_text as markdown_text  # re-exported
from pledgecheck.reporters.safe import safe_link as safe_link  # re-exported

if TYPE_CHECKING:  # only compare reporters pass these; check reporters need not import compare.py
    from pledgecheck.baseline import Baseline
    from pledgecheck.compare import OrgResult, Rate

UNKNOWN = "n/a"  # a score or rate with nothing applicable to measure


@dataclass(frozen=True, slots=True)
class ReportOptions:
    verbose: bool = False
    color: bool = False
    width: int = 100
    #: the baseline of `check --baseline`: SARIF marks results `new`, `unchanged` or `updated`
    baseline: Baseline | None = None
    #: frameworks named with `check --framework` (pledgecheck.frameworks); () means every one that applies
    frameworks: tuple[str, ...] = ()


def fix_first(findings: tuple[Finding, ...] | list[Finding]) -> list[Finding]:
    """Failing findings in the order every report lists them: by the points fixing each adds,
    then severity, then gaps before partials, then pack order (see assessment.fix_order)."""
    return sorted((f for f in findings if f.failing), key=fix_order)


def declared(findings: tuple[Finding, ...] | list[Finding]) -> list[Finding]:
    """Findings the organisation declared not applicable though the pack says they apply."""
    return [f for f in findings if f.declared]


def coverage_line(coverage: Coverage) -> str:
    """How much of a score rests on stated facts, in words."""
    unstated = coverage.total - coverage.verified
    if not unstated:
        return f"{coverage}: every check rests on stated facts"
    return f"{coverage}: {unstated} rest on details the manifest does not state, counted neither way"


def finding_notes(finding: Finding) -> list[tuple[str, str]]:
    """What every human format says of a finding beyond its messages: how much of it rests on
    stated facts, which safeguard was judged, equivalent practice, the organisation's claim."""
    notes: list[tuple[str, str]] = []
    if len(finding.checks) > 1 or finding.unverified:  # a lone "not documented" check says it all
        notes.append(("verified", f"{finding.verified} of {len(finding.checks)} checks verified"))
    if finding.unverified:
        notes.append(("not stated", "; ".join(finding.unverified)))
    if len(finding.candidates) > 1:
        others = len(finding.candidates) - 1
        notes.append(("judged", f"'{finding.safeguard}', the best evidence of {others + 1} covering safeguards"))
    if finding.equivalent:
        names = ", ".join(f"'{ident}'" for ident in finding.equivalent)
        notes.append(("equivalent", f"met through equivalent practice: {names}"))
    if finding.declared:
        notes.append(("declared", f"by the organisation: {finding.declared}"))
    if finding.review:
        notes.append(("review", finding.review))
    if finding.reviewed is not None:
        notes += reviewed_notes(finding.reviewed)
    return notes


def reviewed_notes(note: ReviewNote) -> list[tuple[str, str]]:
    """A reviewer's verdict beside the tool's, and the organisation's contest of it."""
    said = f"the tool said {note.tool_status}; {note.reviewer} ({note.date}) says {note.verdict}: {note.reason}"
    notes = [("reviewed", said)]
    if note.contest:
        who = ", ".join(part for part in (note.contested_by, note.contested_on) if part)
        notes.append(("contested", f"by the organisation{f' ({who})' if who else ''}: {note.contest}"))
    return notes


def review_summary(assessment: Assessment) -> list[str]:
    """What every check format says when a review file changed verdicts: the scores with and
    without the reviewer's verdicts, then each reviewed finding (tool, reviewer, contest)."""
    if assessment.scores_without_review is None:
        return []
    reviewed = [f for f in assessment.findings if f.reviewed is not None]
    contested = sum(1 for f in reviewed if f.reviewed is not None and f.reviewed.contest)
    lines = [
        f"Reviewer verdicts: {len(reviewed)} ({contested} contested by the organisation); score "
        f"{format_score(assessment.scores.overall)} with them, "
        f"{format_score(assessment.scores_without_review.overall)} with the tool's verdicts alone"
    ]
    for finding in reviewed:
        assert finding.reviewed is not None
        notes = reviewed_notes(finding.reviewed)
        words = "; ".join(text if label == "reviewed" else f"{label} {text}" for label, text in notes)
        lines.append(f"{finding.control} ({scope_label(finding)}): {words}")
    return lines


def display_path(file: str) -> str:
    """Paths relative to the working directory when they lie under it."""
    if os.path.isabs(file):
        relative = os.path.relpath(file)
        return file if relative.startswith("..") else relative
    return file


def plain(text: str) -> str:
    """Text safe for a terminal: control characters and escape sequences shown, not obeyed
    (see reporters/safe.py, the one place that makes text inert per kind of output)."""
    return inert(text)


class Scoped(Protocol):
    """A finding or a change of one: "" is the organisation, else a system id."""

    @property
    def system(self) -> str: ...


def scope_label(item: Scoped) -> str:
    """What a finding or change is about, in words: `system ID` or `organisation`."""
    return f"system {item.system}" if item.system else "organisation"


def json_text(value: object) -> str:
    """A JSON report as every whole-document JSON format writes it: indented, UTF-8 kept,
    except what a terminal could obey or UTF-8 cannot carry (C1 controls, bidi overrides,
    line separators, lone surrogates), written as `\\uXXXX` escapes: the same data, inert."""
    return json_inert(json.dumps(value, indent=2, ensure_ascii=False) + "\n")


def envelope(*, schema_version: int, as_of: str, pack: tuple[str, str, str], kind: str = "") -> dict[str, Any]:
    """The head of the versioned JSON reports: schema version, tool, (kind,) date and pack
    (id, version, title). Consumers key on it, so its fields and order are fixed here."""
    tool = {"name": "pledgecheck", "version": __version__}
    head: dict[str, Any] = {"schema_version": schema_version, "tool": tool}
    if kind:
        head["kind"] = kind
    pack_id, version, title = pack
    return head | {"as_of": as_of, "pack": {"id": pack_id, "version": version, "title": title}}


def format_score(value: float | None, spec: str = ".1f") -> str:
    """A score 0-100 as shown to people; `n/a` when nothing applicable was scored. The
    machine formats (JUnit, GitHub) pass `spec="g"` to drop a trailing `.0`."""
    return UNKNOWN if value is None else format(value, spec)


def format_rate(rate: Rate) -> str:
    """An adoption rate with its counts, `62.5% (5/8)`; `n/a` when no organisation is in scope."""
    if rate.value is None:
        return UNKNOWN
    return f"{format_score(rate.value)}% ({rate.met}/{rate.applicable})"


def waiver_note(waiver: AppliedWaiver) -> str:
    """Why a finding is waived, as every report that lists waived findings shows it."""
    return f"waived until {waiver.expires} by {waiver.approver}: {waiver.justification}"


@dataclass(frozen=True, slots=True)
class ProgressWords:
    """The words one format uses for an organisation's progress reporting: the verdict stays
    the same everywhere, the emphasis (capitals, bold, a mark) belongs to the format."""

    on_time: str = "on time"
    overdue: str = "overdue"
    none_published: str = "none published"
    days: str = "days"


def progress_report(org: OrgResult, words: ProgressWords, *, cadence: str, last: str) -> str:
    """On time, overdue with none published, or overdue by N days; `cadence` and `last` come
    already escaped (or linked) for the format. Anonymised output gives a band of days and a
    quarter, or withholds the reporting facts altogether (see anonymize.protect)."""
    if "reporting" in org.withheld:
        return "withheld"
    if org.overdue_band and org.last_report:
        return f"{words.overdue} by {org.overdue_band} ({cadence}, last {last})"
    if org.overdue_days is None:
        return f"{words.on_time} ({cadence}, last {last})"
    if not org.last_report:
        return f"{words.overdue}: {words.none_published} ({cadence})"
    return f"{words.overdue} by {org.overdue_days} {words.days} ({cadence}, last {last})"
