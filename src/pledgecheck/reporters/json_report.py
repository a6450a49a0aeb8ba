"""The versioned JSON report (`schemas/report.schema.json`): every control result, in a
deterministic order, identical for identical input and date."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from pledgecheck.assessment import STATUSES, WEIGHTING, Assessment, Finding, ReviewNote, Scores
from pledgecheck.pointer import pointer_to_path
from pledgecheck.policy.model import Pack
from pledgecheck.reporters.base import ReportOptions, display_path, envelope
from pledgecheck.reporters.safe import json_inert

SCHEMA_VERSION = 3  # 2: checks have a state (unverified), findings and scores their coverage; 3: frameworks
COMPACT_DEPTH = 4  # report > assessments > assessment > findings > one finding per line


def render(assessments: Sequence[Assessment], options: ReportOptions) -> str:
    return "".join(render_parts(assessments, options))


def render_parts(assessments: Iterable[Assessment], options: ReportOptions) -> Iterator[str]:
    """The report of `dump(report(...))`, one assessment at a time."""
    stream = iter(assessments)
    first = next(stream)
    pieces = (render_piece(a, options) for a in itertools.chain([first], stream))
    yield from join_pieces(pieces, options, pack=first.pack, as_of=first.as_of)


def render_piece(assessment: Assessment, options: ReportOptions) -> str:
    """One manifest's part of the report, as a worker process can render it alone."""
    return dump(assessment_dict(assessment, options), 2)


def join_pieces(pieces: Iterable[str], options: ReportOptions, *, pack: Pack, as_of: str) -> Iterator[str]:
    """The report around the manifests' pieces, in their order."""
    yield dump(_head(pack, as_of))[:-2] + ',\n  "assessments": [\n'
    for index, piece in enumerate(pieces):
        yield (",\n    " if index else "    ") + piece
    yield "\n  ]\n}\n"


def dump(value: Any, depth: int = 0) -> str:
    """Indented JSON down to the findings; each finding (and anything deeper) on one line.

    Readable and diff-friendly, and encoded by the C encoder: `json.dumps(indent=2)` falls
    back to the pure-Python encoder, which took most of the time of a 1,000-manifest run.
    Made inert once over the whole text (the characters it escapes occur only inside strings).
    """
    return json_inert(_dump(value, depth))


#: one encoder for every leaf (json.dumps with arguments builds a new one per call)
_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode


def _dump(value: Any, depth: int) -> str:
    if depth >= COMPACT_DEPTH or not isinstance(value, (dict, list)) or not value:
        return _ENCODE(value)
    inner, outer = "  " * (depth + 1), "  " * depth
    if isinstance(value, dict):
        items = [f"{inner}{json.dumps(k)}: {_dump(v, depth + 1)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + outer + "}"
    items = [f"{inner}{_dump(item, depth + 1)}" for item in value]
    return "[\n" + ",\n".join(items) + "\n" + outer + "]"


def report(assessments: Sequence[Assessment], options: ReportOptions | None = None) -> dict[str, Any]:
    first = assessments[0]
    return {**_head(first.pack, first.as_of), "assessments": [assessment_dict(a, options) for a in assessments]}


def _head(pack: Pack, as_of: str) -> dict[str, Any]:
    """The report's keys before `assessments`: they depend on the run, not on a manifest."""
    named = (pack.id, pack.version, pack.title)
    return {**envelope(schema_version=SCHEMA_VERSION, as_of=as_of, pack=named), "weighting": WEIGHTING}


def assessment_dict(assessment: Assessment, options: ReportOptions | None = None) -> dict[str, Any]:
    from pledgecheck.reporters.framework_sections import json_value

    file = display_path(assessment.file)
    return {
        "file": file,
        "organisation": assessment.organisation,
        "scores": scores_dict(assessment.scores),
        "scores_without_waivers": scores_dict(assessment.scores_without_waivers),
        # with a review file only: the tool's own scores, before the reviewer's verdicts replaced some
        **(
            {"scores_without_review": scores_dict(assessment.scores_without_review)}
            if assessment.scores_without_review is not None
            else {}
        ),
        "summary": {status: assessment.count(status) for status in STATUSES},
        "warnings": list(assessment.warnings),
        **_progress_fields(assessment),
        "evidence_files": [{"path": e.path, "sha256": e.sha256, "bytes": e.size} for e in assessment.evidence],
        "findings": [finding_dict(assessment, f, file) for f in assessment.findings],
        "frameworks": json_value(assessment, options or ReportOptions()),
    }


def scores_dict(scores: Scores) -> dict[str, Any]:
    coverage = {name: {"verified": c.verified, "total": c.total} for name, c in sorted(scores.coverage.items())}
    return {"overall": scores.overall, "pillars": scores.pillars, "principles": scores.principles, "coverage": coverage}


def finding_dict(assessment: Assessment, finding: Finding, file: str) -> dict[str, Any]:
    control = assessment.pack.control(finding.control)
    waiver = finding.waiver
    return {
        "control": finding.control,
        "system": finding.system or None,
        "principle": finding.principle,
        "pillar": finding.pillar,
        "title": finding.title,
        "severity": finding.severity,
        "status": finding.status,
        "evaluated_status": finding.evaluated_status,
        "messages": list(finding.messages),
        "location": {
            "file": file,
            "line": finding.line,
            "column": finding.column,
            "path": pointer_to_path(finding.pointer),
        },
        "safeguard": finding.safeguard or None,
        "evidence_assurance": finding.assurance or None,
        "checks": [
            {"title": c.title, "state": c.state, "passed": c.passed, "message": c.message} for c in finding.checks
        ],
        "verified": finding.verified,
        "checks_total": len(finding.checks),
        "candidates": list(finding.candidates),
        "equivalent": list(finding.equivalent),
        "declared": finding.declared or None,
        "review": finding.review or None,
        **({"reviewed": reviewed_dict(finding.reviewed)} if finding.reviewed is not None else {}),
        "waiver": None
        if waiver is None
        else {
            "justification": waiver.justification,
            "approver": waiver.approver,
            "expires": waiver.expires,
            "expired": waiver.expired,
        },
        "why": control.why if control else "",
        "remediation": control.remediation if control and finding.status != "met" else "",
    }


def _progress_fields(assessment: Assessment) -> dict[str, Any]:
    """`reporting`, `fix_first` and (for an audience below internal) `disclosure`."""
    from pledgecheck.assessment import priorities

    fields: dict[str, Any] = {}
    due = assessment.reporting
    if due is not None:
        fields["reporting"] = {
            "cadence": due.cadence,
            "last_report": due.last or None,
            "last_report_url": due.last_url or None,
            "due": due.due or None,
            "state": due.state,
            "days": due.days,
            "message": due.sentence(),
        }
    ranked = priorities(assessment)
    fields["fix_first"] = [{"control": f.control, "system": f.system or None, "gain": g} for f, g in ranked]
    withheld = assessment.redactions
    if withheld is not None:
        counts = {k: getattr(withheld, k) for k in ("systems", "safeguards", "details", "notes", "evidence", "waivers")}
        fields["disclosure"] = {"audience": withheld.audience, "withheld": counts, "message": withheld.sentence()}
    return fields


def reviewed_dict(note: ReviewNote) -> dict[str, Any]:
    """A reviewer's verdict (review.py): the tool's status, the reviewer's, and any contest."""
    contest = {"reason": note.contest, "by": note.contested_by or None, "date": note.contested_on or None}
    return {
        "tool_status": note.tool_status,
        "verdict": note.verdict,
        "reason": note.reason,
        "reviewer": note.reviewer,
        "date": note.date,
        "contest": contest if note.contest else None,
    }
