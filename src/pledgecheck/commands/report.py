"""`pledgecheck report MANIFEST --audience TIER [--since FILE-OR-REF]`: the progress report an
organisation publishes, written from the audience's view of its manifest (nothing above the
audience's tier in any form), with what changed since an earlier version."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field

from pledgecheck.errors import EXIT_OK
from pledgecheck.pipeline import Pipeline, Settings
from pledgecheck.source import Document


@dataclass(frozen=True, slots=True)
class ReportCommand:
    file: str
    settings: Settings = field(default_factory=lambda: Settings(audience="public"))
    output_format: str = "text"
    output: str | None = None
    since: str | None = None


def run_report(options: ReportCommand) -> int:
    from pledgecheck.output import ensure_folder, refuse_inputs, write_atomic
    from pledgecheck.progress import build_report
    from pledgecheck.registry import reporter
    from pledgecheck.reporters.base import ReportOptions

    render = reporter("report", options.output_format)
    if options.output:
        ensure_folder(options.output)
        refuse_inputs(options.output, [options.file, *([options.since] if options.since else [])])
    pipeline = Pipeline.open(options.settings)
    view = pipeline.view(pipeline.load(options.file))
    previous = None
    label = ""
    if options.since:
        old_doc, label = _earlier(options.since, options.file, pipeline)
        old_view = pipeline.view(old_doc)
        previous = (old_view, pipeline.assess_view(old_view))
    report = build_report(view, pipeline.assess_view(view), previous=previous, since=label)
    text = render(report, ReportOptions())
    if options.output:
        write_atomic(options.output, text)
    else:
        sys.stdout.write(text)
    return EXIT_OK


def _earlier(since: str, file: str, pipeline: Pipeline) -> tuple[Document, str]:
    """The earlier version: a file when `since` names one, else `file` at git revision `since`.
    The label names the version by its latest progress report, not by a path of this machine."""
    from pledgecheck.commands.diff import load_at_ref
    from pledgecheck.dates import latest_day

    if os.path.isfile(since):
        doc, what = pipeline.load(since), "the previous version of the manifest"
    else:
        doc, what = load_at_ref(since, file, pipeline), f"the manifest at revision {since}"
    reports = (doc.data["organisation"].get("reporting") or {}).get("progress_reports") or []
    dated = sorted((latest_day(r.get("date")), str(r.get("date"))) for r in reports if latest_day(r.get("date")))
    if dated:
        return doc, f"{what} (latest progress report then: {dated[-1][1]})"
    return doc, what
