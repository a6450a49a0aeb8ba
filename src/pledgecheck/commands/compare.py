"""`pledgecheck compare FILES-OR-DIRS...` and `pledgecheck compare --edition DATE=PATH ...`:
assess many manifests (over several processes when there are many), aggregate them, write one
report; with two or more editions, the report adds each organisation's history. Invalid
manifests are listed with their located errors and left out of the aggregates; the report of
the others is still written and the exit code is 2."""

from __future__ import annotations

import dataclasses
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from pledgecheck.commands.jobs import in_order, open_worker_pipeline, worker_pipeline
from pledgecheck.compare import Comparison, OrgResult, build_comparison, summarise
from pledgecheck.errors import EXIT_BAD_INPUT, EXIT_OK, InputError, Problem, UsageError, inert
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
    editions: list[str] = field(default_factory=list)  # DATE=PATH
    edition_packs: list[str] = field(default_factory=list)  # DATE=DIR
    old_pack: str | None = None
    cohort_by: str = "role"
    min_cohort: int = 3


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
    result = summarise(assessment, doc.data["organisation"], as_of=pipeline.as_of)
    withheld = assessment.redactions.total if assessment.redactions else 0
    return dataclasses.replace(result, withheld_parts=withheld) if withheld else result


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


@dataclass(slots=True)
class Assessed:
    """One set of manifests assessed on one date under one pack."""

    pipeline: Pipeline
    organisations: list[OrgResult]
    problems: list[Problem]


def assess_set(settings: Settings, source: str | list[str], *, jobs: int) -> Assessed:
    """Every manifest of `source` (files, or `REV:FOLDER` of a git revision) summarised."""
    pipeline = Pipeline.open(settings)  # a broken pack stops here, before any worker starts
    organisations: list[OrgResult] = []
    problems: list[Problem] = []
    if isinstance(source, str):
        outcomes = list(_at_revision(pipeline, source))
    else:
        if not source:
            raise UsageError("no manifests found: give files, or folders holding *.yaml or *.yml files")
        advance, stop = _progress(len(source))
        try:
            found = in_order(
                partial(summarise_file, pipeline),
                source,
                jobs=jobs,
                remote=_summarise_in_worker,
                initializer=open_worker_pipeline,
                initargs=(settings,),
            )
            outcomes = []
            for outcome in found:
                outcomes.append(outcome)
                advance()
        finally:
            stop()
    for outcome in outcomes:
        if isinstance(outcome, OrgResult):
            organisations.append(outcome)
        else:
            problems.extend(outcome)
    return Assessed(pipeline, organisations, problems)


def _at_revision(pipeline: Pipeline, spec: str) -> list[Outcome]:
    """The manifests of a folder as committed at a git revision (`REV:FOLDER`)."""
    from pledgecheck.commands.diff import git_files, load_at_ref

    revision, _, folder = spec.partition(":")
    outcomes: list[Outcome] = []
    for path in git_files(revision, folder or "."):
        try:
            doc = load_at_ref(revision, path, pipeline)
            outcomes.append(summarise(pipeline.assess(doc), doc.data["organisation"], as_of=pipeline.as_of))
        except InputError as exc:
            outcomes.append(list(exc.problems))
    return outcomes


def _source(path: str) -> str | list[str]:
    """An edition's manifests: a folder or file, else `REV:FOLDER` at a git revision."""
    if os.path.exists(path) or ":" not in path:
        return expand([path])
    return path


def run_compare(options: CompareOptions) -> int:
    from pledgecheck.output import ensure_folder, write_atomic
    from pledgecheck.registry import reporter
    from pledgecheck.reporters.base import ReportOptions

    render = reporter("compare", options.output_format)
    if options.anonymize_key and not options.anonymize:
        raise UsageError("--anonymize-key needs --anonymize")
    if options.output:
        ensure_folder(options.output, inputs=options.paths)  # a report never replaces a manifest
    jobs = options.jobs or os.cpu_count() or 1
    if options.editions:
        comparison, problems = _history_run(options, jobs)
    else:
        if options.old_pack or options.edition_packs:
            raise UsageError("--old-pack and --edition-pack need --edition DATE=PATH (two or more)")
        # the date is fixed once, so every worker assesses on the same day
        settings = dataclasses.replace(options.settings, as_of=parse_as_of(options.settings.as_of).isoformat())
        latest = assess_set(settings, expand(options.paths), jobs=jobs)
        comparison, problems = _comparison(options, latest), latest.problems
    comparison = dataclasses.replace(comparison, audience=options.settings.audience)
    text = render(comparison, ReportOptions())
    if options.output:
        write_atomic(options.output, text)
    else:
        sys.stdout.write(text)
    return EXIT_BAD_INPUT if problems else EXIT_OK


def _comparison(options: CompareOptions, latest: Assessed, names: dict[str, str] | None = None) -> Comparison:
    """The comparison of the latest (or only) set: problems and warnings on stderr, reviews
    checked against the organisations, pseudonyms and withholding when anonymised."""
    from pledgecheck.cohorts import check_cohort_by

    organisations, problems = latest.organisations, latest.problems
    for problem in sorted(problems):
        sys.stderr.write(f"{problem}\n")
    for warning in same_organisation(organisations, names=not options.anonymize):
        sys.stderr.write(f"warning: {inert(warning)}\n")  # file and organisation names are user text
    check_cohort_by(options.cohort_by, organisations)
    if latest.pipeline.reviews:
        from pledgecheck.review import unknown_organisations

        unknown = unknown_organisations(latest.pipeline.reviews, [o.name for o in organisations])
        if unknown:
            raise InputError(unknown)
    shown_problems: list[Problem] = problems
    k = options.min_cohort if options.anonymize else 0
    if options.anonymize:
        from pledgecheck.anonymize import anonymize, anonymize_problems

        organisations = anonymize(organisations, key=options.anonymize_key, names=names)
        shown_problems = anonymize_problems(problems)
    comparison = build_comparison(
        latest.pipeline.pack,
        organisations,
        shown_problems,
        as_of=latest.pipeline.as_of,
        anonymized=options.anonymize,
        cohort_by=options.cohort_by,
        min_cohort=k,
        reviewed=bool(latest.pipeline.reviews),
    )
    if options.anonymize:  # aggregates over every organisation; rows with only what is safe to show
        from pledgecheck.anonymize import protect

        comparison = dataclasses.replace(comparison, organisations=tuple(protect(organisations, k)))
    return comparison


def _history_run(options: CompareOptions, jobs: int) -> tuple[Comparison, list[Problem]]:
    """Every edition assessed as of its date under its pack; the latest is the comparison, the
    others its history. An older edition is re-scored under the next one's pack when the two
    differ, to tell a change of the pack from a change of the manifest."""
    from pledgecheck.history import Edition, build_history, parse_editions, protect_history

    if options.paths:
        raise UsageError("give manifests as PATH or as --edition DATE=PATH, not both")
    if options.settings.as_of:
        raise UsageError("--as-of does not go with --edition: each edition is assessed as of its own date")
    specs = parse_editions(options.editions)
    packs = _edition_packs(options, [s.label for s in specs])
    base = dataclasses.replace(options.settings, review=None)  # a review is of the latest edition
    sets: list[Assessed] = []
    for index, spec in enumerate(specs):
        latest = index == len(specs) - 1
        settings = dataclasses.replace(
            options.settings if latest else base, as_of=spec.as_of.isoformat(), pack=packs[index]
        )
        sets.append(assess_set(settings, _source(spec.path), jobs=jobs))
    rescored = {}
    for index in range(len(specs) - 1):
        if packs[index] != packs[index + 1]:
            settings = dataclasses.replace(base, as_of=specs[index].as_of.isoformat(), pack=packs[index + 1])
            rescored[index] = assess_set(settings, _source(specs[index].path), jobs=jobs).organisations
    for spec, earlier in zip(specs[:-1], sets[:-1], strict=True):
        for problem in sorted(earlier.problems):
            sys.stderr.write(f"{spec.label}: {problem}\n")
    editions = [
        Edition(
            spec.label,
            (s.pipeline.pack.id, s.pipeline.pack.version),
            tuple(s.organisations),
            len({p.file for p in s.problems}),
        )
        for spec, s in zip(specs, sets, strict=True)
    ]
    principles = [p.id for p in sets[-1].pipeline.pack.principles]
    names = None
    if options.anonymize:
        from pledgecheck.anonymize import pseudonyms

        everyone = sorted({o.name for e in editions for o in e.organisations})
        names = pseudonyms(everyone, key=options.anonymize_key)
        editions = [dataclasses.replace(e, organisations=tuple(_renamed(e.organisations, names))) for e in editions]
        rescored = {i: _renamed(orgs, names) for i, orgs in rescored.items()}
    history = build_history(editions, rescored, principles)
    comparison = _comparison(options, sets[-1], names)
    if options.anonymize:
        hidden = {o.name for o in comparison.organisations if "detail" in o.withheld}
        history = protect_history(history, options.min_cohort, detail_withheld=hidden)
    problems = [p for s in sets for p in s.problems]
    return dataclasses.replace(comparison, history=history), problems


def _renamed(organisations: tuple[OrgResult, ...] | list[OrgResult], names: dict[str, str]) -> list[OrgResult]:
    return [dataclasses.replace(o, name=names[o.name]) for o in organisations]


def _edition_packs(options: CompareOptions, labels: list[str]) -> list[str | None]:
    """The pack of each edition: `--edition-pack`, else `--old-pack` before the latest, else `--pack`."""
    given: dict[str, str] = {}
    for value in options.edition_packs:
        label, sep, folder = value.partition("=")
        if not sep or not folder:
            raise UsageError(f"--edition-pack '{value}': expected DATE=DIR")
        if label.strip() not in labels:
            from pledgecheck.errors import did_you_mean

            raise UsageError(f"--edition-pack '{value}': no --edition is dated '{label}'{did_you_mean(label, labels)}")
        given[label.strip()] = folder
    last = len(labels) - 1
    return [
        given.get(label) or (options.old_pack if i < last else None) or options.settings.pack
        for i, label in enumerate(labels)
    ]
