"""`pledgecheck check MANIFEST...`: load the pack, assess each manifest, write the reports,
decide the exit code from the gates (never from the output format)."""

from __future__ import annotations

import dataclasses
import itertools
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pledgecheck.assessment import SEVERITIES, Assessment
from pledgecheck.baseline import Baseline, Key, failing_keys, fixed, new_failures
from pledgecheck.commands.jobs import assess_in_order, job_count
from pledgecheck.errors import (
    EXIT_BAD_INPUT,
    EXIT_GATE_FAILED,
    EXIT_OK,
    UsageError,
    inert,
)
from pledgecheck.frameworks import check_selection
from pledgecheck.pipeline import Pipeline, Settings
from pledgecheck.registry import formats, known_format
from pledgecheck.reporters.base import ReportOptions

if TYPE_CHECKING:
    from pledgecheck.errors import Problem
    from pledgecheck.policy.model import Pack


@dataclass(frozen=True, slots=True)
class CheckOptions:
    files: list[str]
    settings: Settings = field(default_factory=Settings)
    output_format: str = "text"
    outputs: list[str] = field(default_factory=list)
    fail_on: str = "high"
    min_score: float | None = None
    verbose: bool = False
    color: bool = False
    jobs: int = 0  # 0: one per core (one for a single file)
    frameworks: tuple[str, ...] = ()  # --framework: () reports every framework that applies


@dataclass(frozen=True, slots=True)
class Output:
    format: str
    path: str | None  # None: standard output


def parse_outputs(main_format: str, outputs: Sequence[str]) -> list[Output]:
    """`--output FILE` redirects the main report; `--output FORMAT:FILE` adds one."""
    main = Output(known_format("check", main_format), None)
    extra: list[Output] = []
    for value in outputs:
        prefix, sep, rest = value.partition(":")
        if sep and prefix in formats("check") and rest:
            extra.append(Output(prefix, rest))
        elif sep and prefix.isalpha() and len(prefix) > 1 and rest:
            known_format("check", prefix, context=f"--output '{value}'")
        else:
            main = Output(main_format, value)
    return [main, *extra]


def gate_failures(
    assessments: Sequence[Assessment],
    *,
    fail_on: str,
    min_score: float | None,
    baseline: Baseline | None = None,
) -> list[str]:
    """Why the gates fail, one line each; [] when they pass. With a baseline, only failing
    findings it does not list count against --fail-on."""
    reasons: list[str] = []
    if fail_on != "none":
        threshold = SEVERITIES.index(fail_on)
        new = "new " if baseline else ""
        for assessment in assessments:
            failing = [f for f in new_failures(assessment, baseline) if SEVERITIES.index(f.severity) <= threshold]
            if failing:
                reasons.append(
                    f"{assessment.file}: {len(failing)} {new}gap(s) or partial(s) at severity {fail_on} or above"
                )
    if min_score is not None:
        for assessment in assessments:
            overall = assessment.scores.overall
            if overall is not None and overall < min_score:
                reasons.append(f"{assessment.file}: score {overall} is under --min-score {min_score}")
    return reasons


def check_fail_on(value: str) -> None:
    if value not in (*SEVERITIES, "none"):
        raise UsageError(f"--fail-on '{value}': expected {', '.join(SEVERITIES)} or none")


def run_check(options: CheckOptions) -> int:
    check_fail_on(options.fail_on)
    outputs = parse_outputs(options.output_format, options.outputs)
    pipeline = Pipeline.open(options.settings)
    frameworks = check_selection(pipeline.pack, options.frameworks)
    run = _Run(pipeline.baseline)
    # the date is fixed once, so every worker assesses on the same day
    settings = dataclasses.replace(options.settings, as_of=pipeline.as_of.isoformat())
    jobs = job_count(options.jobs, options.files)
    names: set[str] = set()  # organisations assessed, kept only to check a review file's names
    gate = _Gate(options.fail_on, options.min_score)

    def seen(observed: Observed) -> None:
        run.observe(observed)
        if pipeline.reviews:
            names.add(observed.organisation)

    def problems(outcome: list[Problem]) -> None:
        sys.stderr.writelines(f"{problem}\n" for problem in outcome)
        run.problems += len(outcome)

    render = ReportSettings(options.verbose, options.color, pipeline.baseline, frameworks)
    pieces = _piecewise(outputs, render)
    if pieces is not None:  # every report is its manifests' parts in order: workers render them
        rendered = render_in_order(pipeline, settings, options.files, gate, pieces, jobs=jobs)
        write_pieces(_observed(rendered, seen, problems), outputs, pieces, pack=pipeline.pack, inputs=options.files)
    else:

        def assessments() -> Iterator[Assessment]:
            for outcome in assess_in_order(pipeline, settings, options.files, jobs=jobs):
                if isinstance(outcome, list):
                    problems(outcome)
                    continue
                seen(gate.observe(outcome, pipeline.baseline))
                yield outcome

        write_reports(assessments(), outputs, render, inputs=options.files)
    if pipeline.reviews:  # verdicts on other organisations are normal; a near miss is a typo
        from pledgecheck.review import near_misses

        run.warn(near_misses(pipeline.reviews, names))
    if run.problems:
        return EXIT_BAD_INPUT
    for line in run.fixed():
        sys.stderr.write(f"fixed: {inert(line)}\n")
    for reason in run.failures:
        sys.stderr.write(f"gate failed: {inert(reason)}\n")
    return EXIT_GATE_FAILED if run.failures else EXIT_OK


@dataclass(frozen=True, slots=True)
class Observed:
    """What the exit code and the closing messages need of one assessment: small, so a worker
    can send it instead of the assessment."""

    file: str
    organisation: str
    warnings: tuple[str, ...]
    failures: tuple[str, ...]
    failing: frozenset[Key]  # the failing findings' keys, only when a baseline is used


@dataclass(frozen=True, slots=True)
class _Gate:
    fail_on: str
    min_score: float | None

    def observe(self, assessment: Assessment, baseline: Baseline | None) -> Observed:
        failures = gate_failures([assessment], fail_on=self.fail_on, min_score=self.min_score, baseline=baseline)
        failing = frozenset(failing_keys(assessment)) if baseline is not None else frozenset()
        return Observed(assessment.file, assessment.organisation, assessment.warnings, tuple(failures), failing)


class _Run:
    """What the exit code and the closing messages need, gathered while reports stream by."""

    def __init__(self, baseline: Baseline | None) -> None:
        self.baseline = baseline
        self.problems = 0
        self.failures: list[str] = []
        self.assessed: set[str] = set()
        self.failing: set[Key] = set()

    def observe(self, observed: Observed) -> None:
        self.warn(observed.warnings)
        if self.baseline is not None:  # kept only to tell what a baseline lists is fixed
            self.assessed.add(observed.file)
            self.failing |= observed.failing
        self.failures.extend(observed.failures)

    def warn(self, warnings: Iterable[str]) -> None:
        """Written as each manifest is assessed, not kept to the end: memory stays flat."""
        for warning in warnings:
            sys.stderr.write(f"warning: {inert(warning)}\n")

    def fixed(self) -> list[str]:
        """Baseline entries no longer failing, once the whole run is known."""
        if self.baseline is None:
            return []
        return fixed(self.baseline, assessed=self.assessed, failing=self.failing)


@dataclass(frozen=True, slots=True)
class ReportSettings:
    """What every report of a run is rendered with, beside its output's own width and colour."""

    verbose: bool
    color: bool
    baseline: Baseline | None
    frameworks: tuple[str, ...]

    def options(self, output: Output) -> ReportOptions:  # 100 columns in a pipe, as the snapshots
        import shutil

        tty = output.path is None and sys.stdout.isatty()
        width = max(40, shutil.get_terminal_size((100, 24)).columns) if tty else 100
        return ReportOptions(
            verbose=self.verbose,
            color=self.color and output.path is None,
            width=width,
            baseline=self.baseline,
            frameworks=self.frameworks,
        )


#: (format, its options) for each output, when every one is rendered piece by piece
Pieces = tuple[tuple[str, ReportOptions], ...]


def _piecewise(outputs: list[Output], render: ReportSettings) -> Pieces | None:
    """The outputs as pieces to render, or None when one of them needs every assessment at
    once (SARIF, HTML, ...) or the whole Markdown report goes to a GitHub job summary."""
    from pledgecheck.registry import piece_reporter

    if any(o.format == "github" for o in outputs) or not all(piece_reporter(o.format) for o in outputs):
        return None
    return tuple((output.format, render.options(output)) for output in outputs)


def _observed(
    rendered: Iterable[Rendered | list[Problem]],
    seen: Callable[[Observed], None],
    problems: Callable[[list[Problem]], None],
) -> Iterator[Rendered]:
    for outcome in rendered:
        if isinstance(outcome, list):
            problems(outcome)
            continue
        seen(outcome.observed)
        yield outcome


@dataclass(frozen=True, slots=True)
class Rendered:
    """One manifest's pieces of every report, and what the run needs of its assessment."""

    observed: Observed
    as_of: str
    pieces: tuple[str, ...]  # one per output, in order


def render_in_order(
    pipeline: Pipeline, settings: Settings, files: Sequence[str], gate: _Gate, pieces: Pieces, *, jobs: int
) -> Iterator[Rendered | list[Problem]]:
    """Each file rendered into every report's piece (or its located problems), in input order.
    Workers assess and render and send back text and a small summary, never the assessment:
    with both cores busy, pickling assessments cost this process more than rendering them."""
    from functools import partial

    from pledgecheck.commands.jobs import in_order

    local = partial(_render, pipeline, gate, pieces)
    return in_order(
        local, files, jobs=jobs, remote=_render_in_worker, initializer=_open_worker, initargs=(settings, gate, pieces)
    )


def _render(pipeline: Pipeline, gate: _Gate, pieces: Pieces, file: str) -> Rendered | list[Problem]:
    from pledgecheck.commands.jobs import assessment_or_problems
    from pledgecheck.registry import piece_reporter

    outcome = assessment_or_problems(pipeline, file)
    if isinstance(outcome, list):
        return outcome
    texts = tuple(piece_reporter(name)[0](outcome, options) for name, options in pieces)  # type: ignore[index]
    return Rendered(gate.observe(outcome, pipeline.baseline), outcome.as_of, texts)


_worker: tuple[_Gate, Pieces] | None = None


def _open_worker(settings: Settings, gate: _Gate, pieces: Pieces) -> None:
    from pledgecheck.commands.jobs import open_worker_pipeline

    global _worker
    open_worker_pipeline(settings)
    _worker = (gate, pieces)


def _render_in_worker(file: str) -> Rendered | list[Problem]:
    from pledgecheck.commands.jobs import worker_pipeline

    assert _worker is not None, "_open_worker() was not run in this process"
    return _render(worker_pipeline(), *_worker, file)


def write_pieces(
    rendered: Iterable[Rendered], outputs: list[Output], pieces: Pieces, *, pack: Pack, inputs: Sequence[str]
) -> None:
    """Stream every report from its pieces, as `write_reports` streams it from assessments
    (the same files, written only when complete, never over an input)."""
    from pledgecheck import output as out
    from pledgecheck.registry import piece_reporter

    targets = _prepare_targets(outputs, inputs)

    def checked(stream: Iterable[Rendered]) -> Iterator[Rendered]:
        for item in stream:
            for path in targets:
                out.refuse_inputs(path, [item.observed.file])
            yield item

    stream = checked(rendered)
    first = next(stream, None)
    if first is None:
        return
    copies = out.fan_out(itertools.chain([first], stream), len(outputs))
    sinks: list[out.Writable] = []
    with out.terminate_by_exception():
        try:
            sinks.extend(out.Sink(output.path, sys.stdout) for output in outputs)
            parts = []
            for index, ((name, options), copy) in enumerate(zip(pieces, copies, strict=True)):
                join = piece_reporter(name)[1]  # type: ignore[index]  # _piecewise checked it
                texts = (item.pieces[index] for item in copy)
                parts.append(join(texts, options, pack=pack, as_of=first.as_of))
        except BaseException:
            for sink in sinks:
                sink.abort()
            raise
        out.write_all(sinks, parts)


def _prepare_targets(outputs: list[Output], inputs: Sequence[str]) -> list[str]:
    """The output files, each checked before anything is written: its folder can be made, it
    is none of the inputs."""
    from pledgecheck import output as out

    targets = [output.path for output in outputs if output.path is not None]
    for path in targets:
        out.ensure_folder(path)
        out.refuse_inputs(path, inputs)
    return targets


def write_reports(
    assessments: Iterable[Assessment], outputs: list[Output], render: ReportSettings, *, inputs: Sequence[str] = ()
) -> None:
    """Stream every report, one assessment into each output before the next is loaded. Files
    appear only when complete, never over an input, and none is left half-written on an error
    or SIGTERM (exit 143). Text on a terminal follows its width; with the github format and
    `$GITHUB_STEP_SUMMARY` set, the whole Markdown report is appended to the job summary."""
    import os

    from pledgecheck import output as out
    from pledgecheck.registry import reporter

    targets = _prepare_targets(outputs, inputs)
    summary = os.environ.get("GITHUB_STEP_SUMMARY", "") if any(o.format == "github" for o in outputs) else ""

    def checked(stream: Iterable[Assessment]) -> Iterator[Assessment]:
        for assessment in stream:  # also when the caller did not name its inputs
            for path in targets:
                out.refuse_inputs(path, [assessment.file])
            yield assessment

    stream = checked(assessments)
    first = next(stream, None)
    if first is None:
        return
    jobs = [*outputs, *([Output("markdown", summary)] if summary else [])]
    copies = out.fan_out(itertools.chain([first], stream), len(jobs))
    sinks: list[out.Writable] = []
    with out.terminate_by_exception():
        try:
            sinks.extend(out.Sink(output.path, sys.stdout) for output in outputs)
            sinks.extend(out.SummarySink(summary) for _ in jobs[len(outputs) :])
            parts = [
                reporter("check", job.format)(copy, render.options(job)) for job, copy in zip(jobs, copies, strict=True)
            ]
        except BaseException:
            for sink in sinks:
                sink.abort()
            raise
        out.write_all(sinks, parts)
