"""One run of pledgecheck over a hostile case, and everything a user would notice about it.

`run_in_process` invokes the CLI through typer's runner under a time guard (SIGALRM, so a
blocking read is interrupted too) and tracemalloc; `run_executable` runs the installed
`pledgecheck` with a timeout and reads its peak memory from wait4. `inspect_run` turns the
outcome into failure classes, named after the classes of the hostile-input issue.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import io
import json
import os
import re
import signal
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import click
from click.testing import CliRunner

from tests.support.hostile import FORGED_LINE_STARTS, RAW_CONTROL

#: a run slower than this is "slow"; one still running after HANG_SECONDS is stopped: "hang"
SLOW_SECONDS = 15.0  # generous: a guard against regressions by a factor, not a benchmark
HANG_SECONDS = 30.0
#: growth of the peak resident size in one in-process run, and the max RSS of one process
MAX_GROWTH_BYTES = 256 * 1024 * 1024
MAX_RSS_BYTES = 512 * 1024 * 1024

FAILURE_CLASSES = (
    "exit-code",  # not 0-3 (130/143 only where a signal was sent)
    "traceback",  # an exception escaped, or a traceback was printed
    "unlocated",  # exit 2 or 3 without a file:line:col or file-level message
    "raw-control",  # a raw control character on stdout or stderr (or in a report file)
    "workflow-command",  # a line starting `::` that came from user text
    "malformed-output",  # JSON, SARIF, Code Quality, JUnit, HTML or CSV that does not parse
    "leftover-temp",  # a temporary file left in the working folder
    "hang",  # still running after HANG_SECONDS
    "slow",  # over SLOW_SECONDS
    "memory",  # over the memory guard
    "clobbered",  # an input, a FIFO, a link or a device replaced by a report
    "self-rejected",  # a file pledgecheck wrote that its own `validate` rejects
)


class _Hang(BaseException):
    pass


@dataclass
class Outcome:
    """What one run did: its arguments, streams, reports, time and peak memory."""

    case: str
    args: list[str]
    exit_code: int = 0
    stdout: str = ""
    stderr: str = ""
    seconds: float = 0.0
    peak_bytes: int = 0
    exception: str = ""
    reports: dict[str, tuple[str, str]] = field(default_factory=dict)  # path -> (format, text)
    stdout_format: str | None = None
    process: bool = False  # run as a process: peak_bytes is its max RSS, not traced memory
    failures: list[tuple[str, str]] = field(default_factory=list)  # (class, detail)

    def fail(self, kind: str, detail: str) -> None:
        assert kind in FAILURE_CLASSES, kind
        self.failures.append((kind, detail))

    def describe(self) -> str:
        shown = " ".join(repr(a) if not a.isprintable() or " " in a else a for a in self.args)
        details = "; ".join(f"{k}: {d}" for k, d in self.failures)
        return f"[{self.case}] pledgecheck {shown} -> exit {self.exit_code}: {details}\n{self.stderr[-1500:]}"


@contextlib.contextmanager
def _time_guard(seconds: float) -> Iterator[None]:
    """Raise _Hang in the main thread after `seconds` (interrupting a blocking read); the
    timer pytest-timeout may have set is put back afterwards."""

    def expired(signum: int, frame: object) -> None:
        raise _Hang

    previous_handler = signal.signal(signal.SIGALRM, expired)
    previous_delay, _ = signal.setitimer(signal.ITIMER_REAL, seconds)
    started = time.monotonic()
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous_handler)
        if previous_delay:
            signal.setitimer(signal.ITIMER_REAL, max(0.001, previous_delay - (time.monotonic() - started)))


@functools.cache
def _command() -> click.Command:
    """The click command `app()` builds at start-up, built once: typer rebuilds it on every
    `CliRunner.invoke`, which costs more than most runs."""
    import typer

    from pledgecheck.cli import app

    return typer.main.get_command(app)


def run_in_process(case: str, args: Sequence[str], *, stdout_format: str | None) -> Outcome:
    """`pledgecheck ARGS` through the test runner, timed, with its peak memory."""
    outcome = Outcome(case, list(args), stdout_format=stdout_format)
    resident = _reset_peak_rss()
    if resident is None:
        tracemalloc.start()
    started = time.perf_counter()
    try:
        with _time_guard(HANG_SECONDS):
            result = CliRunner().invoke(_command(), list(args), catch_exceptions=False)
        outcome.exit_code = result.exit_code
        outcome.stdout = result.stdout_bytes.decode("utf-8", "surrogateescape")
        outcome.stderr = result.stderr_bytes.decode("utf-8", "surrogateescape")
    except _Hang:
        outcome.fail("hang", f"still running after {HANG_SECONDS:.0f} s")
        outcome.exit_code = -1
    except BaseException as exc:  # anything escaping the CLI is a traceback for a user
        outcome.exception = f"{type(exc).__name__}: {exc}"[:300]
        outcome.exit_code = -1
    finally:
        outcome.seconds = time.perf_counter() - started
        if resident is None:
            outcome.peak_bytes = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
        else:
            outcome.peak_bytes = max(0, _status_bytes("VmHWM") - resident)
    return outcome


def _status_bytes(name: str) -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        found = re.search(rf"^{name}:\s+(\d+) kB", status.read(), re.MULTILINE)
    return int(found.group(1)) * 1024 if found else 0


def _reset_peak_rss() -> int | None:
    """Reset this process's peak resident size (Linux: `5` to /proc/self/clear_refs) and
    return the current one, so the peak after a run is that run's; None where unsupported
    (then tracemalloc measures, at about four times the run time)."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as refs:
            refs.write("5")
        return _status_bytes("VmRSS") or None
    except OSError:
        return None


def executable() -> str:
    """The installed `pledgecheck` script beside this interpreter."""
    return str(Path(sys.executable).with_name("pledgecheck"))


def run_executable(
    case: str, args: Sequence[str | bytes], *, cwd: Path, stdout_format: str | None, timeout: float = 60.0
) -> Outcome:
    """The installed executable as a process with no standard input; its own peak RSS."""
    shown = [os.fsdecode(a) for a in args]
    outcome = Outcome(case, shown, stdout_format=stdout_format, process=True)
    env = {**os.environ, "NO_COLOR": "1"}
    with open(cwd / ".stdout", "w+b") as out, open(cwd / ".stderr", "w+b") as err:
        started = time.perf_counter()
        process = subprocess.Popen(
            [executable(), *args], cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err
        )
        status, usage = _wait(process, timeout)
        outcome.seconds = time.perf_counter() - started
        if status is None:
            outcome.fail("hang", f"still running after {timeout:.0f} s")
            status = -1
        outcome.exit_code = status
        outcome.peak_bytes = usage * 1024
        out.seek(0)
        err.seek(0)
        outcome.stdout = out.read().decode("utf-8", "surrogateescape")
        outcome.stderr = err.read().decode("utf-8", "surrogateescape")
    os.unlink(cwd / ".stdout")
    os.unlink(cwd / ".stderr")
    return outcome


def _wait(process: subprocess.Popen[bytes], timeout: float) -> tuple[int | None, int]:
    """(exit code, max RSS in KiB) of the process; (None, 0) when it had to be killed."""
    deadline = time.monotonic() + timeout
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            process.returncode = os.waitstatus_to_exitcode(status)
            code = process.returncode
            return (128 - code if code < 0 else code), usage.ru_maxrss
        if time.monotonic() > deadline:
            process.kill()
            process.wait()
            return None, 0
        time.sleep(0.005)


# -- what a user would notice ----------------------------------------------------------------

_LOCATED = re.compile(r"^.*?\S.*?:(\d+:\d+: | )\S", re.MULTILINE)  # file:line:col: msg, or file: msg
_OWN_COMMAND = re.compile(r"^::(error|warning|notice|debug|group|endgroup)( [^:]*)?::")


def inspect_run(
    outcome: Outcome,
    *,
    folder: Path,
    allowed_exits: Sequence[int] = (0, 1, 2, 3),
    max_growth: int = MAX_GROWTH_BYTES,
) -> Outcome:
    """Record every failure class the run shows (none for a good run)."""
    if outcome.exception:
        outcome.fail("traceback", outcome.exception)
    if outcome.exit_code not in allowed_exits and outcome.exit_code != -1:
        outcome.fail("exit-code", f"exit {outcome.exit_code}")
    streams = {"stdout": outcome.stdout, "stderr": outcome.stderr}
    for name, text in streams.items():
        if "Traceback (most recent call last)" in text or re.search(r'^  File "', text, re.MULTILINE):
            outcome.fail("traceback", f"a traceback on {name}")
    messages = outcome.stderr + (outcome.stdout if outcome.stdout_format in (None, "text") else "")
    if outcome.exit_code in (2, 3) and not _LOCATED.search(messages) and not _reported(outcome):
        outcome.fail("unlocated", "an error exit without a located or file-level message")
    for name, text in streams.items():
        _inert(outcome, name, text, outcome.stdout_format if name == "stdout" else None)
    if outcome.stdout_format:
        _well_formed(outcome, "stdout", outcome.stdout_format, outcome.stdout)
    for path, (kind, text) in outcome.reports.items():
        _well_formed(outcome, path, kind, text)
        _inert(outcome, path, text, kind)
    for leftover in _temporary_files(folder):
        outcome.fail("leftover-temp", f"left behind: {leftover!r}")
    if outcome.seconds > SLOW_SECONDS and not any(k == "hang" for k, _ in outcome.failures):
        outcome.fail("slow", f"{outcome.seconds:.1f} s")
    limit = MAX_RSS_BYTES if outcome.process else max_growth
    if outcome.peak_bytes > limit:
        outcome.fail("memory", f"peak {outcome.peak_bytes / 2**20:.0f} MiB")
    return outcome


def _reported(outcome: Outcome) -> bool:
    """An error reported inside a machine-readable report on stdout (validate --format json)."""
    if outcome.stdout_format != "json":
        return False
    with contextlib.suppress(ValueError):
        return "line" in outcome.stdout and bool(json.loads(outcome.stdout))
    return False


def _inert(outcome: Outcome, where: str, text: str, kind: str | None) -> None:
    raw = RAW_CONTROL.search(text)
    if raw:
        start = max(0, raw.start() - 30)
        outcome.fail("raw-control", f"U+{ord(raw.group()):04X} raw in {where}: {text[start : raw.end() + 10]!r}")
    for line in text.splitlines():
        stripped = line.lstrip()
        if stripped.startswith(FORGED_LINE_STARTS) or (
            stripped.startswith("::") and not (kind == "github" and _OWN_COMMAND.match(line))
        ):
            outcome.fail("workflow-command", f"{where}: {line[:120]!r}")


def _well_formed(outcome: Outcome, where: str, kind: str, text: str) -> None:
    if not text and outcome.exit_code >= 2:
        return  # nothing written: the run stopped before the report
    try:
        if kind in ("json", "sarif", "codequality", "baseline"):
            json.loads(text)
        elif kind == "junit":
            ElementTree.fromstring(text)
        elif kind == "html":
            _check_html(text)
        elif kind == "csv":
            rows = list(csv.reader(io.StringIO(text, newline="")))
            if rows and len({len(r) for r in rows if r}) > 1:
                raise ValueError("rows of different lengths")
        elif kind == "github":
            for line in text.splitlines():
                if line.startswith("::") and not _OWN_COMMAND.match(line):
                    raise ValueError(f"not a workflow command: {line[:80]!r}")
    except (ValueError, ElementTree.ParseError) as exc:
        outcome.fail("malformed-output", f"{where} ({kind}): {exc}"[:300])


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_OPTIONAL_END = {"p", "li", "td", "th", "tr", "thead", "tbody", "tfoot", "option", "dt", "dd", "colgroup"}


class _Balance(HTMLParser):
    """Every element closed in order (optional end tags may be left out), one html root."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pass

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        if tag not in self.stack:
            raise ValueError(f"</{tag}> closes nothing")
        while self.stack and self.stack[-1] != tag:
            left = self.stack.pop()
            if left not in _OPTIONAL_END:
                raise ValueError(f"<{left}> is not closed before </{tag}>")
        self.stack.pop()


def _check_html(text: str) -> None:
    if "<html" not in text.lower():
        raise ValueError("no <html> element")
    parser = _Balance()
    parser.feed(text)
    parser.close()
    unclosed = [tag for tag in parser.stack if tag not in _OPTIONAL_END]
    if unclosed:
        raise ValueError(f"unclosed elements: {unclosed[:5]}")


def _temporary_files(folder: Path) -> list[str]:
    found = []
    for root, _dirs, files in os.walk(os.fsencode(folder)):
        for name in files:
            text = os.fsdecode(name)
            if text.startswith(".pledgecheck-") or text.endswith(".tmp"):
                found.append(os.fsdecode(os.path.join(root, name)))
    return found
