"""`pledgecheck check MANIFEST...`: load the pack, assess each manifest, write the reports,
decide the exit code from the gates (never from the output format)."""

from __future__ import annotations

import itertools
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from pledgecheck.assessment import SEVERITIES, Assessment
from pledgecheck.baseline import Baseline, Key, failing_keys, fixed, new_failures
from pledgecheck.errors import (
    EXIT_BAD_INPUT,
    EXIT_GATE_FAILED,
    EXIT_OK,
    InputError,
    UsageError,
)
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
    run = _Run(options, pipeline.baseline)

    def assessments() -> Iterator[Assessment]:
        for file in options.files:
            try:
                assessment = pipeline.assess_file(file)
            except InputError as exc:
                for problem in exc.problems:
                    sys.stderr.write(f"{problem}\n")
                run.problems += len(exc.problems)
                continue
            run.observe(assessment)
            yield assessment

    write_reports(assessments(), outputs, verbose=options.verbose, color=options.color)
    for warning in run.warnings:
        sys.stderr.write(f"warning: {warning}\n")
    if run.problems:
        return EXIT_BAD_INPUT
    for line in run.fixed():
        sys.stderr.write(f"fixed: {line}\n")
    for reason in run.failures:
        sys.stderr.write(f"gate failed: {reason}\n")
    return EXIT_GATE_FAILED if run.failures else EXIT_OK


class _Run:
    """What the exit code and the closing messages need, gathered while reports stream by."""

    def __init__(self, options: CheckOptions, baseline: Baseline | None) -> None:
        self.options, self.baseline = options, baseline
        self.problems = 0
        self.warnings: list[str] = []
        self.failures: list[str] = []
        self.assessed: set[str] = set()
        self.failing: set[Key] = set()

    def observe(self, assessment: Assessment) -> None:
        options = self.options
        self.warnings.extend(assessment.warnings)
        self.assessed.add(assessment.file)
        self.failing |= failing_keys(assessment)
        self.failures.extend(
            gate_failures([assessment], fail_on=options.fail_on, min_score=options.min_score, baseline=self.baseline)
        )

    def fixed(self) -> list[str]:
        """Baseline entries no longer failing, once the whole run is known."""
        if self.baseline is None:
            return []
        return fixed(self.baseline, assessed=self.assessed, failing=self.failing)


def write_reports(assessments: Iterable[Assessment], outputs: list[Output], *, verbose: bool, color: bool) -> None:
    """Stream every report: one assessment is rendered into each output before the next is
    loaded, so memory stays flat however many manifests there are. Files appear only when
    complete (temporary file, then rename); nothing is written when no manifest was valid."""
    from pledgecheck.output import Sink, ensure_folder
    from pledgecheck.registry import reporter

    for output in outputs:  # a bad path fails before anything is written
        if output.path is not None:
            ensure_folder(output.path)
    stream = iter(assessments)
    first = next(stream, None)
    if first is None:
        return
    copies = itertools.tee(itertools.chain([first], stream), len(outputs))
    sinks: list[Sink] = []
    try:
        sinks.extend(Sink(output.path, sys.stdout) for output in outputs)
        parts = [
            reporter("check", output.format)(copy, ReportOptions(verbose=verbose, color=color and output.path is None))
            for output, copy in zip(outputs, copies, strict=True)
        ]
        pending = list(zip(sinks, parts, strict=True))
        while pending:  # round-robin, so tee() never buffers more than a few assessments
            for entry in list(pending):
                sink, chunks = entry
                chunk = next(chunks, None)
                if chunk is None:
                    pending.remove(entry)
                else:
                    sink.write(chunk)
    except BaseException:
        for sink in sinks:
            sink.abort()
        raise
    for sink in sinks:
        sink.commit()
