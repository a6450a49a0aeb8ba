"""`pledgecheck check MANIFEST...`: load the pack, assess each manifest, write the reports,
decide the exit code from the gates (never from the output format)."""

from __future__ import annotations

import datetime as dt
import itertools
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from pledgecheck.assessment import SEVERITIES, Assessment
from pledgecheck.baseline import Baseline, fixed, load_baseline, new_failures
from pledgecheck.errors import (
    EXIT_BAD_INPUT,
    EXIT_GATE_FAILED,
    EXIT_OK,
    InputError,
    UsageError,
)
from pledgecheck.loading import Limits, load_manifest
from pledgecheck.registry import REPORTERS
from pledgecheck.reporters.base import ReportOptions
from pledgecheck.waivers import load_waivers


@dataclass(frozen=True, slots=True)
class CheckOptions:
    files: list[str]
    pack: str | None = None
    output_format: str = "text"
    outputs: list[str] = field(default_factory=list)
    as_of: str | None = None
    fail_on: str = "high"
    min_score: float | None = None
    verbose: bool = False
    color: bool = False
    max_size: int = 5 * 1024 * 1024
    waivers: str | None = None
    waiver_warning_days: int = 30
    baseline: str | None = None


@dataclass(frozen=True, slots=True)
class Output:
    format: str
    path: str | None  # None: standard output


def parse_as_of(value: str | None) -> dt.date:
    """The assessment date: --as-of, else today."""
    if not value:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--as-of '{value}' is not a date (expected YYYY-MM-DD)") from None


def parse_outputs(main_format: str, outputs: Sequence[str]) -> list[Output]:
    """`--output FILE` redirects the main report; `--output FORMAT:FILE` adds one."""
    if main_format not in REPORTERS:
        raise UsageError(f"unknown format '{main_format}'; expected one of {', '.join(REPORTERS)}")
    main = Output(main_format, None)
    extra: list[Output] = []
    for value in outputs:
        prefix, sep, rest = value.partition(":")
        if sep and prefix in REPORTERS and rest:
            extra.append(Output(prefix, rest))
        elif sep and prefix.isalpha() and len(prefix) > 1 and rest:
            known = ", ".join(REPORTERS)
            raise UsageError(f"--output '{value}': unknown format '{prefix}'; expected one of {known}")
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


def run_check(options: CheckOptions) -> int:
    from pledgecheck.engine import evaluate
    from pledgecheck.policy.loader import load_pack

    if options.fail_on not in (*SEVERITIES, "none"):
        raise UsageError(f"--fail-on '{options.fail_on}': expected {', '.join(SEVERITIES)} or none")
    as_of = parse_as_of(options.as_of)
    outputs = parse_outputs(options.output_format, options.outputs)
    if options.waiver_warning_days < 0:
        raise UsageError("--waiver-warning-days must be 0 or more")
    baseline = load_baseline(options.baseline) if options.baseline else None
    extra_waivers = load_waivers(options.waivers) if options.waivers else ()
    pack = load_pack(options.pack)
    run = _Run(options, baseline)

    def assessments() -> Iterator[Assessment]:
        for file in options.files:
            try:
                doc = load_manifest(file, limits=Limits(max_bytes=options.max_size))
                warn_days = options.waiver_warning_days
                assessment = evaluate(doc, pack, as_of=as_of, extra_waivers=extra_waivers, warn_days=warn_days)
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
    for line in run.fixed:
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
        self.fixed: list[str] = []
        self.failures: list[str] = []

    def observe(self, assessment: Assessment) -> None:
        options = self.options
        self.warnings.extend(assessment.warnings)
        if self.baseline is not None:
            self.fixed.extend(fixed([assessment], self.baseline))
        self.failures.extend(
            gate_failures([assessment], fail_on=options.fail_on, min_score=options.min_score, baseline=self.baseline)
        )


def write_reports(assessments: Iterable[Assessment], outputs: list[Output], *, verbose: bool, color: bool) -> None:
    """Stream every report: one assessment is rendered into each output before the next is
    loaded, so memory stays flat however many manifests there are. Files appear only when
    complete (temporary file, then rename); nothing is written when no manifest was valid."""
    from pledgecheck.output import Sink, ensure_folder
    from pledgecheck.registry import reporter_parts

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
            reporter_parts(output.format)(copy, ReportOptions(verbose=verbose, color=color and output.path is None))
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
