"""`pledgecheck check MANIFEST...`: load the pack, assess each manifest, write the reports,
decide the exit code from the gates (never from the output format)."""

from __future__ import annotations

import dataclasses
import itertools
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

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
    run = _Run(options, pipeline.baseline)
    # the date is fixed once, so every worker assesses on the same day
    settings = dataclasses.replace(options.settings, as_of=pipeline.as_of.isoformat())
    jobs = job_count(options.jobs, options.files)
    names: set[str] = set()  # organisations assessed, kept only to check a review file's names

    def assessments() -> Iterator[Assessment]:
        for outcome in assess_in_order(pipeline, settings, options.files, jobs=jobs):
            if isinstance(outcome, list):
                sys.stderr.writelines(f"{problem}\n" for problem in outcome)
                run.problems += len(outcome)
                continue
            run.observe(outcome)
            if pipeline.reviews:
                names.add(outcome.organisation)
            yield outcome

    write_reports(
        assessments(),
        outputs,
        verbose=options.verbose,
        color=options.color,
        baseline=pipeline.baseline,
        inputs=options.files,
        frameworks=frameworks,
    )
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


class _Run:
    """What the exit code and the closing messages need, gathered while reports stream by."""

    def __init__(self, options: CheckOptions, baseline: Baseline | None) -> None:
        self.options, self.baseline = options, baseline
        self.problems = 0
        self.failures: list[str] = []
        self.assessed: set[str] = set()
        self.failing: set[Key] = set()

    def observe(self, assessment: Assessment) -> None:
        options = self.options
        self.warn(assessment.warnings)
        if self.baseline is not None:  # kept only to tell what a baseline lists is fixed
            self.assessed.add(assessment.file)
            self.failing |= failing_keys(assessment)
        self.failures.extend(
            gate_failures([assessment], fail_on=options.fail_on, min_score=options.min_score, baseline=self.baseline)
        )

    def warn(self, warnings: Iterable[str]) -> None:
        """Written as each manifest is assessed, not kept to the end: memory stays flat."""
        for warning in warnings:
            sys.stderr.write(f"warning: {inert(warning)}\n")

    def fixed(self) -> list[str]:
        """Baseline entries no longer failing, once the whole run is known."""
        if self.baseline is None:
            return []
        return fixed(self.baseline, assessed=self.assessed, failing=self.failing)


def write_reports(
    assessments: Iterable[Assessment],
    outputs: list[Output],
    *,
    verbose: bool,
    color: bool,
    baseline: Baseline | None = None,
    inputs: Sequence[str] = (),
    frameworks: tuple[str, ...] = (),
) -> None:
    """Stream every report, one assessment into each output before the next is loaded. Files
    appear only when complete, never over an input, and none is left half-written on an error
    or SIGTERM (exit 143). Text on a terminal follows its width; with the github format and
    `$GITHUB_STEP_SUMMARY` set, the whole Markdown report is appended to the job summary."""
    import os
    import shutil

    from pledgecheck import output as out
    from pledgecheck.registry import reporter

    targets = [output.path for output in outputs if output.path is not None]
    for path in targets:  # a bad path fails before anything is written
        out.ensure_folder(path)
        out.refuse_inputs(path, inputs)
    summary = os.environ.get("GITHUB_STEP_SUMMARY", "") if any(o.format == "github" for o in outputs) else ""

    def checked(stream: Iterable[Assessment]) -> Iterator[Assessment]:
        for assessment in stream:  # also when the caller did not name its inputs
            for path in targets:
                out.refuse_inputs(path, [assessment.file])
            yield assessment

    def options(output: Output) -> ReportOptions:  # 100 columns in a pipe, as the snapshots
        tty = output.path is None and sys.stdout.isatty()
        width = max(40, shutil.get_terminal_size((100, 24)).columns) if tty else 100
        return ReportOptions(
            verbose=verbose, color=color and output.path is None, width=width, baseline=baseline, frameworks=frameworks
        )

    stream = checked(assessments)
    first = next(stream, None)
    if first is None:
        return
    jobs = [*outputs, *([Output("markdown", summary)] if summary else [])]
    copies = itertools.tee(itertools.chain([first], stream), len(jobs))
    sinks: list[out.Writable] = []
    with out.terminate_by_exception():
        try:
            sinks.extend(out.Sink(output.path, sys.stdout) for output in outputs)
            sinks.extend(out.SummarySink(summary) for _ in jobs[len(outputs) :])
            parts = [reporter("check", job.format)(copy, options(job)) for job, copy in zip(jobs, copies, strict=True)]
        except BaseException:
            for sink in sinks:
                sink.abort()
            raise
        out.write_all(sinks, parts)
