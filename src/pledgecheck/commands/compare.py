"""`pledgecheck compare FILES-OR-DIRS...`: assess many manifests (over several processes when
there are many), aggregate them, write one report. Invalid manifests are listed with their
located errors and left out of the aggregates; the report of the others is still written
and the exit code is 2."""

from __future__ import annotations

import dataclasses
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from pledgecheck.commands.jobs import in_order, open_worker_pipeline, worker_pipeline
from pledgecheck.compare import OrgResult, build_comparison, summarise
from pledgecheck.errors import EXIT_BAD_INPUT, EXIT_OK, InputError, Problem, UsageError
from pledgecheck.pipeline import Pipeline, Settings, parse_as_of

Outcome = OrgResult | list[Problem]


@dataclass(frozen=True, slots=True)
class CompareOptions:
    paths: list[str]
    settings: Settings = field(default_factory=Settings)
    output_format: str = "text"
    output: str | None = None
    anonymize: bool = False
    anonymize_key: str | None = None
    jobs: int = 0  # 0: one per core


def expand(paths: list[str]) -> list[str]:
    """Files as given; folders become their *.yaml and *.yml files, sorted."""
    files: list[str] = []
    for path in paths:
        if os.path.isdir(path):
            found = [p for p in Path(path).iterdir() if p.suffix in (".yaml", ".yml") and p.is_file()]
            files.extend(str(p) for p in sorted(found))
        else:
            files.append(path)
    return files


def summarise_file(pipeline: Pipeline, file: str) -> Outcome:
    """One manifest to an OrgResult, or its located problems; plain values, picklable."""
    try:
        doc = pipeline.load(file)
        assessment = pipeline.assess(doc)
    except InputError as exc:
        return list(exc.problems)
    return summarise(assessment, doc.data["organisation"], as_of=pipeline.as_of)


def _summarise_in_worker(file: str) -> Outcome:
    return summarise_file(worker_pipeline(), file)


def _progress(total: int) -> tuple[Callable[[], None], Callable[[], None]]:
    """(advance, stop) for a rich progress bar on stderr; no-ops unless stderr is a terminal."""
    if not sys.stderr.isatty() or total < 2:
        return (lambda: None), (lambda: None)
    from rich.console import Console
    from rich.progress import Progress

    progress = Progress(console=Console(stderr=True), transient=True)
    task = progress.add_task("Assessing manifests", total=total)
    progress.start()
    return (lambda: progress.advance(task)), progress.stop


def same_organisation(organisations: list[OrgResult], *, names: bool = True) -> list[str]:
    """A warning for each organisation named by more than one file (names compared without
    case and with runs of whitespace as one space): counted twice, it skews every rate."""
    files: dict[str, list[OrgResult]] = {}
    for organisation in organisations:
        files.setdefault(" ".join(organisation.name.split()).casefold(), []).append(organisation)
    warnings = []
    for group in files.values():
        if len(group) > 1:
            who = f"the same organisation '{group[0].name}'" if names else "the same organisation"
            warnings.append(f"{', '.join(o.file for o in group)} describe {who}; it is counted {len(group)} times")
    return warnings


def run_compare(options: CompareOptions) -> int:
    from pledgecheck.output import ensure_folder, write_atomic
    from pledgecheck.registry import reporter
    from pledgecheck.reporters.base import ReportOptions

    render = reporter("compare", options.output_format)
    if options.anonymize_key and not options.anonymize:
        raise UsageError("--anonymize-key needs --anonymize")
    # the date is fixed once, so every worker assesses on the same day
    settings = dataclasses.replace(options.settings, as_of=parse_as_of(options.settings.as_of).isoformat())
    files = expand(options.paths)
    if not files:
        raise UsageError("no manifests found: give files, or folders holding *.yaml or *.yml files")
    if options.output:
        ensure_folder(options.output)
    pipeline = Pipeline.open(settings)  # a broken pack stops here, before any worker starts
    jobs = options.jobs or os.cpu_count() or 1
    organisations: list[OrgResult] = []
    problems: list[Problem] = []
    advance, stop = _progress(len(files))
    try:
        outcomes = in_order(
            partial(summarise_file, pipeline),
            files,
            jobs=jobs,
            remote=_summarise_in_worker,
            initializer=open_worker_pipeline,
            initargs=(settings,),
        )
        for outcome in outcomes:
            if isinstance(outcome, OrgResult):
                organisations.append(outcome)
            else:
                problems.extend(outcome)
            advance()
    finally:
        stop()
    for problem in sorted(problems):
        sys.stderr.write(f"{problem}\n")
    for warning in same_organisation(organisations, names=not options.anonymize):
        sys.stderr.write(f"warning: {warning}\n")
    shown_problems: list[Problem] = problems
    if options.anonymize:
        from pledgecheck.anonymize import anonymize, anonymize_problems

        organisations = anonymize(organisations, key=options.anonymize_key)
        shown_problems = anonymize_problems(problems)
    comparison = build_comparison(
        pipeline.pack, organisations, shown_problems, as_of=pipeline.as_of, anonymized=options.anonymize
    )
    text = render(comparison, ReportOptions())
    if options.output:
        write_atomic(options.output, text)
    else:
        sys.stdout.write(text)
    return EXIT_BAD_INPUT if problems else EXIT_OK
