"""Reports of a manifest diff: text for a terminal, Markdown for a pull-request comment, JSON."""

from __future__ import annotations

import json
from typing import Any

from pledgecheck.diff import Change, ManifestDiff
from pledgecheck.reporters.base import display_path, markdown_text, plain

SCHEMA_VERSION = 1
FORMATS = ("text", "markdown", "json")
_SECTIONS = (
    ("safeguards", "Safeguards removed or downgraded"),
    ("evidence", "Evidence removed or gone stale"),
    ("uncovered_systems", "Systems added without coverage"),
)


def render(diff: ManifestDiff, output_format: str) -> str:
    if output_format == "json":
        return json.dumps(as_dict(diff), indent=2, ensure_ascii=False) + "\n"
    if output_format == "markdown":
        return _markdown(diff)
    return _text(diff)


def as_dict(diff: ManifestDiff) -> dict[str, Any]:
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
    return {
        "control": change.control,
        "system": change.system or None,
        "title": change.title,
        "severity": change.severity,
        "old": change.old,
        "new": change.new,
        "messages": list(change.messages),
    }


def _scope(change: Change) -> str:
    return f"system {change.system}" if change.system else "organisation"


def _text(diff: ManifestDiff) -> str:
    lines = [f"pledgecheck diff {display_path(diff.old_file)} → {display_path(diff.new_file)} · as of {diff.as_of}"]
    if diff.empty:
        return "\n".join([*lines, "No change in the assessment."]) + "\n"
    for title, changes in (("Regressions", diff.regressions), ("Improvements", diff.improvements)):
        if changes:
            lines += ["", f"{title} ({len(changes)})"]
            for c in changes:
                lines.append(f"  {c.severity.upper():<8} {c.control} ({_scope(c)}) {c.old} → {c.new}: {plain(c.title)}")
                lines += [f"           {plain(m)}" for m in c.messages]
    for key, title in _SECTIONS:
        items = getattr(diff, key)
        if items:
            lines += ["", f"{title} ({len(items)})"] + [f"  - {plain(item)}" for item in items]
    return "\n".join(lines) + "\n"


def _markdown(diff: ManifestDiff) -> str:
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
                f"| {c.severity} | **{c.control}** {markdown_text(c.title)} | {markdown_text(_scope(c))} "
                f"| {c.old} | {c.new} | {why} |"
            )
    for key, title in _SECTIONS:
        items = getattr(diff, key)
        if items:
            lines += ["", f"### {title}", ""] + [f"- {markdown_text(item)}" for item in items]
    return "\n".join(lines) + "\n"
