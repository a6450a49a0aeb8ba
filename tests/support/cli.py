"""Running pledgecheck as a user does: in-process through typer's runner, or as a real
process (`python -m pledgecheck`) with no standard input, as CI runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from typer.testing import CliRunner

from pledgecheck.cli import app


@dataclass(frozen=True)
class CliResult:
    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def run_cli(args: Sequence[object]) -> CliResult:
    """Run `pledgecheck ARGS` in-process; an exception that escapes the CLI fails the test."""
    result = CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)
    return CliResult(exit_code=result.exit_code, stdout=result.stdout, stderr=result.stderr)


Run = Callable[..., "subprocess.CompletedProcess[str]"]


def process_runner(workdir: Path) -> Run:
    """A function running `pledgecheck ARGS...` as a process in `workdir` (or `cwd=`), with
    its cache there and colour off."""
    env = {**os.environ, "PLEDGECHECK_CACHE_DIR": str(workdir / ".cache"), "NO_COLOR": "1"}

    def invoke(*args: str, cwd: Path = workdir) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "pledgecheck", *args],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            timeout=120,
            check=False,
        )

    return invoke
