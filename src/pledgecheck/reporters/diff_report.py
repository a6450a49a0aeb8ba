"""Reports of a manifest diff, one function per format (registered in `registry.py`): text
for a terminal, Markdown for a pull-request comment, JSON for machines."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from pledgecheck.diff import Change, ManifestDiff
from pledgecheck.reporters.base import ReportOptions, display_path, json_text, markdown_text, plain, scope_label

SCHEMA_VERSION = 1
_SECTIONS = (
    ("safeguards", "Safeguards removed or downgraded"),
    ("evidence", "Evidence removed or gone stale"),
    ("uncovered_systems", "Systems added without coverage"),
)


def render_json(diff: ManifestDiff, options: ReportOptions) -> str:
    """The versioned JSON of a diff: both files, the date, every change."""
    return json_text(as_dict(diff))


def as_dict(diff: ManifestDiff) -> dict[str, Any]:
    """The diff as plain JSON data, in a fixed key order."""
    return {
        "schema_version": SCHEMA_VERSION,
        "old": display_path(diff.old_file),
        "new": display_path(diff.new_file),
        "as_of": diff.as_of,
        "regressions": [_change_dict(c) for c in diff.regressions],
        "improvements": [_change_dict(c) for c in diff.improvements],
        **{key: list(getattr(diff, key)) for key, _ in _SECTIONS},
    }


def _change_dict(change: Change) -> dict[str, Any]:
    # the fields in their declared order; JSON says null for the organisation, not ""
    return asdict(change) | {"system": change.system or None, "messages": list(change.messages)}


def render_text(diff: ManifestDiff, options: ReportOptions) -> str:
    """The terminal report: regressions and improvements, then what was removed or added."""
    old, new = plain(display_path(diff.old_file)), plain(display_path(diff.new_file))
    lines = [f"pledgecheck diff {old} → {new} · as of {diff.as_of}"]
    if diff.empty:
        return "\n".join([*lines, "No change in the assessment."]) + "\n"
    for title, changes in (("Regressions", diff.regressions), ("Improvements", diff.improvements)):
        if changes:
            lines += ["", f"{title} ({len(changes)})"]
            for c in changes:
                lines.append(
                    f"  {c.severity.upper():<8} {c.control} ({scope_label(c)}) {c.old} → {c.new}: {plain(c.title)}"
                )
                lines += [f"           {plain(m)}" for m in c.messages]
    for key, title in _SECTIONS:
        items = getattr(diff, key)
        if items:
            lines += ["", f"{title} ({len(items)})"] + [f"  - {plain(item)}" for item in items]
    return "\n".join(lines) + "\n"


def render_markdown(diff: ManifestDiff, options: ReportOptions) -> str:
    """A pull-request comment: a summary line, then a table per kind of change."""
    regressions, improvements = len(diff.regressions), len(diff.improvements)
    lines = [
        "## pledgecheck: changes to the child-safety manifest",
        "",
        f"{markdown_text(display_path(diff.old_file))} → {markdown_text(display_path(diff.new_file))}, "
        f"assessed as of {diff.as_of}: **{regressions} regression{'s' if regressions != 1 else ''}**, "
        f"{improvements} improvement{'s' if improvements != 1 else ''}.",
    ]
    if diff.empty:
        return "\n".join([*lines, "", "No change in the assessment."]) + "\n"
    for title, changes, mark in (
        ("Regressions", diff.regressions, "🔴"),
        ("Improvements", diff.improvements, "🟢"),
    ):
        if not changes:
            continue
        lines += ["", f"### {mark} {title}", "", "| Severity | Control | Scope | Was | Now | Why |"]
        lines.append("|---|---|---|---|---|---|")
        for c in changes:
            why = markdown_text("; ".join(c.messages)) or "—"
            lines.append(
                f"| {c.severity} | **{c.control}** {markdown_text(c.title)} | {markdown_text(scope_label(c))} "
                f"| {c.old} | {c.new} | {why} |"
            )
    for key, title in _SECTIONS:
        items = getattr(diff, key)
        if items:
            lines += ["", f"### {title}", ""] + [f"- {markdown_text(item)}" for item in items]
    return "\n".join(lines) + "\n"
