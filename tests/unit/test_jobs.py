"""`--jobs N` for `check` and `validate`: the same bytes as one process, in input order, and
an interrupted run leaves no report behind."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pledgecheck.commands import check as check_command
from pledgecheck.commands.jobs import PARALLEL_THRESHOLD, in_order, job_count
from tests.support.compare_manifests import AS_OF, generate

COUNT = PARALLEL_THRESHOLD + 12  # enough files for a pool to start


@pytest.fixture(scope="module")
def manifests(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    folder = tmp_path_factory.mktemp("signatories")
    files = [str(p) for p in generate(folder, COUNT)]
    broken = folder / "zz-broken.yaml"
    broken.write_text("manifest_version: 1\norganisation: {name: Broken}\n", encoding="utf-8")
    files.insert(COUNT // 2, str(broken))  # an invalid file in the middle keeps its place
    return files


@pytest.mark.parametrize("output_format", ["json", "text", "sarif"])  # workers render text and JSON
def test_check_output_is_byte_identical_with_two_jobs(run_cli, manifests, output_format: str) -> None:
    args = ["check", *manifests, "--as-of", AS_OF, "--fail-on", "none", "--format", output_format]
    one, two = run_cli([*args, "--jobs", "1"]), run_cli([*args, "--jobs", "2"])
    assert one.exit_code == two.exit_code == 2  # the broken manifest could not be assessed
    assert one.stdout and one.stdout == two.stdout
    assert one.stderr == two.stderr


def test_gates_and_every_output_are_the_same_when_workers_render(run_cli, manifests, tmp_path: Path) -> None:
    """Text on stdout and JSON to a file, both rendered by the workers; the gate decides the
    exit code from what they send back."""
    runs = []
    for jobs in ("1", "2"):
        report = tmp_path / f"report-{jobs}.json"
        args = ["check", *manifests[: COUNT // 2], "--as-of", AS_OF, "--output", f"json:{report}", "--jobs", jobs]
        result = run_cli([*args, "--fail-on", "high"])
        runs.append((result.exit_code, result.stdout, result.stderr, report.read_text(encoding="utf-8")))
    assert runs[0] == runs[1]
    assert runs[0][0] == 1 and "gate failed:" in runs[0][2]
    assert runs[0][3].count('"organisation"') == COUNT // 2


def test_validate_output_is_identical_and_in_input_order(run_cli, manifests) -> None:
    one = run_cli(["validate", *manifests, "--format", "json", "--jobs", "1"])
    two = run_cli(["validate", *manifests, "--format", "json", "--jobs", "2"])
    assert one.exit_code == two.exit_code == 2
    assert one.stdout == two.stdout
    lines = run_cli(["validate", *manifests, "--jobs", "2"]).stdout.splitlines()
    assert [line.split(":")[0] for line in lines if line.endswith(": valid")] == [
        f for f in manifests if "broken" not in f
    ]


def test_in_order_keeps_the_order_and_can_stop_early() -> None:
    items = list(range(-300, 300))
    assert list(in_order(abs, items, jobs=2)) == [abs(i) for i in items]
    stream = in_order(abs, items, jobs=2)
    assert [next(stream) for _ in range(3)] == [300, 299, 298]
    stream.close()  # cancels what has not started, without hanging


def test_job_count() -> None:
    assert job_count(4, ["a.yaml"]) == 1
    assert job_count(4, ["a.yaml", "-"]) == 1  # standard input is read here
    assert job_count(3, ["a.yaml", "b.yaml"]) == 3
    assert job_count(0, ["a.yaml", "b.yaml"]) == (os.cpu_count() or 1)


@pytest.mark.parametrize(("stage", "output_format"), [("render_in_order", "json"), ("assess_in_order", "sarif")])
def test_ctrl_c_leaves_no_partial_report(run_cli, manifests, tmp_path: Path, monkeypatch, stage, output_format) -> None:
    real = getattr(check_command, stage)

    def interrupted(*args, **kwargs):
        stream = real(*args, **kwargs)
        yield next(stream)
        raise KeyboardInterrupt

    monkeypatch.setattr(check_command, stage, interrupted)
    report = tmp_path / "out" / f"report.{output_format}"
    report.parent.mkdir()
    result = run_cli(["check", *manifests, "--as-of", AS_OF, "--output", f"{output_format}:{report}", "--jobs", "2"])
    assert result.exit_code == 130
    assert "interrupted" in result.stderr
    assert list(report.parent.iterdir()) == []


def _large(item: int) -> str:
    return "x" * (1 << 20) + str(item)  # a result larger than a pipe holds


def test_stopping_early_ends_workers_blocked_on_large_results() -> None:
    """Workers sending results nobody reads any more are ended, not left blocked: a forked
    worker inherited the parent's SIGTERM handler, and the pool caught the SystemExit it
    raised and sent again, so one such worker kept the run from ever exiting."""
    import subprocess
    import sys

    script = (
        "from pledgecheck.commands.jobs import in_order\n"
        "from tests.unit.test_jobs import _large\n"
        "from pledgecheck.output import terminate_by_exception\n"
        "with terminate_by_exception():\n"
        "    stream = in_order(_large, list(range(400)), jobs=2)\n"
        "    next(stream)\n"
        "    stream.close()\n"
        "print('stopped')\n"
    )
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(root / "src"), str(root)])}
    for _ in range(3):
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, env=env)
        assert done.returncode == 0 and done.stdout.strip() == "stopped", done.stderr[-500:]
