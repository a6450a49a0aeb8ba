"""Reports of a manifest diff, one function per format (registered in `registry.py`): text
for a terminal, Markdown for a pull-request comment, JSON for machines."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from pledgecheck.diff import Change, ManifestDiff, ScoreDelta
from pledgecheck.reporters.base import (
    ReportOptions,
    display_path,
    envelope,
    format_score,
    json_text,
    markdown_text,
    plain,
    scope_label,
)

SCHEMA_VERSION = 2  # 2: the envelope (tool, kind, pack), both packs, score deltas, the cause of each change
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
    pack_id, version = diff.new_pack
    return {
        **envelope(
            schema_version=SCHEMA_VERSION, as_of=diff.as_of, pack=(pack_id, version, diff.pack_title), kind="diff"
        ),
        "old_pack": {"id": diff.old_pack[0], "version": diff.old_pack[1]},
        "pack_changed": diff.pack_changed or None,
        "old": display_path(diff.old_file),
        "new": display_path(diff.new_file),
        "scores": [_score_dict(d) for d in diff.scores],
        "regressions": [_change_dict(c) for c in diff.regressions],
        "improvements": [_change_dict(c) for c in diff.improvements],
        **{key: list(getattr(diff, key)) for key, _ in _SECTIONS},
    }


def _change_dict(change: Change) -> dict[str, Any]:
    # the fields in their declared order; JSON says null for the organisation, not ""
    return asdict(change) | {
        "system": change.system or None,
        "messages": list(change.messages),
        "rescored": change.rescored or None,
    }


def _score_dict(delta: ScoreDelta) -> dict[str, Any]:
    return {
        "kind": delta.kind,
        "name": delta.name,
        "old": delta.old,
        "new": delta.new,
        "delta": delta.delta,
        "old_under_new_pack": delta.rescored,
    }


def _signed(value: float | None) -> str:
    return "n/a" if value is None else f"{value:+.1f}"


def _cause(change: Change) -> str:
    """Why a finding changed, in words: the manifest, the pack (with the re-scored status), or both."""
    if change.cause == "manifest":
        return "manifest changed"
    again = f" (old manifest under the new pack: {change.rescored})" if change.rescored else ""
    return ("pack changed" if change.cause == "pack" else "manifest and pack changed") + again


def _score_table(diff: ManifestDiff) -> list[str]:
    """The Markdown table of scores, old beside new, with the re-scored old under a changed pack."""
    if not diff.scores:
        return []
    again = bool(diff.pack_changed)
    lines = [
        "",
        "| Score | Old | New | Change |" + (" Old under new pack |" if again else ""),
        "|---|---:|---:|---:|" + ("---:|" if again else ""),
    ]
    for d in diff.scores:
        label = "**overall**" if d.kind == "overall" else f"{d.kind} {markdown_text(d.name)}"
        rescored = f" {format_score(d.rescored)} |" if again else ""
        lines.append(f"| {label} | {format_score(d.old)} | {format_score(d.new)} | {_signed(d.delta)} |{rescored}")
    return lines


def _score_lines(diff: ManifestDiff) -> list[str]:
    """One line per score: old → new (delta), and under a changed pack the re-scored old value."""
    lines = []
    for d in diff.scores:
        label = "overall" if d.kind == "overall" else f"{d.kind} {d.name}"
        again = f"; old manifest under the new pack {format_score(d.rescored)}" if diff.pack_changed else ""
        lines.append(f"{label}: {format_score(d.old)} → {format_score(d.new)} ({_signed(d.delta)}{again})")
    return lines


def render_text(diff: ManifestDiff, options: ReportOptions) -> str:
    """The terminal report: regressions and improvements, then what was removed or added."""
    old, new = plain(display_path(diff.old_file)), plain(display_path(diff.new_file))
    lines = [f"pledgecheck diff {old} → {new} · as of {diff.as_of}"]
    if diff.pack_changed:
        lines.append(
            plain(
                f"The pack changed: {diff.pack_changed}; each change says whether the manifest, "
                "the pack or both caused it"
            )
        )
    if diff.scores:
        lines += ["", "Scores (old → new)"] + [f"  {plain(line)}" for line in _score_lines(diff)]
    if diff.empty:
        return "\n".join([*lines, "", "No change in the assessment."]) + "\n"
    for title, changes in (("Regressions", diff.regressions), ("Improvements", diff.improvements)):
        if changes:
            lines += ["", f"{title} ({len(changes)})"]
            for c in changes:
                lines.append(
                    f"  {c.severity.upper():<8} {c.control} ({scope_label(c)}) {c.old} → {c.new}: {plain(c.title)}"
                    + (f" [{_cause(c)}]" if diff.pack_changed else "")
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
    if diff.pack_changed:
        lines += ["", f"The pack changed: {markdown_text(diff.pack_changed)}; each change names its cause."]
    lines += _score_table(diff)
    if diff.empty:
        return "\n".join([*lines, "", "No change in the assessment."]) + "\n"
    for title, changes, mark in (
        ("Regressions", diff.regressions, "🔴"),
        ("Improvements", diff.improvements, "🟢"),
    ):
        if not changes:
            continue
        cause = " Cause |" if diff.pack_changed else ""
        lines += ["", f"### {mark} {title}", "", f"| Severity | Control | Scope | Was | Now |{cause} Why |"]
        lines.append("|---|---|---|---|---|" + ("---|" if cause else "") + "---|")
        for c in changes:
            why = markdown_text("; ".join(c.messages)) or "—"
            lines.append(
                f"| {c.severity} | **{c.control}** {markdown_text(c.title)} | {markdown_text(scope_label(c))} "
                f"| {c.old} | {c.new} |" + (f" {_cause(c)} |" if cause else "") + f" {why} |"
            )
    for key, title in _SECTIONS:
        items = getattr(diff, key)
        if items:
            lines += ["", f"### {title}", ""] + [f"- {markdown_text(item)}" for item in items]
    return "\n".join(lines) + "\n"
