"""A sample of the corpus through the installed `pledgecheck` executable (real argv bytes, no
standard input, a timeout, its own peak memory), and the signal cases: SIGTERM and SIGINT at
several moments leave no worker process, no temporary file and no half-written report."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.hostile.conftest import Tally
from tests.hostile.observe import executable, inspect_run, run_executable
from tests.support.hostile import HOSTILE_TEXT, cases, yaml_text
from tests.support.manifests import VALID_MANIFEST

pytestmark = pytest.mark.timeout(240)

BY_NAME = {case.name: case for case in cases()}


def _write(case_name: str, folder: Path) -> str:
    case = BY_NAME[case_name]
    case.write(folder)
    (folder / "valid.yaml").write_text(VALID_MANIFEST, encoding="utf-8")
    (folder / "out").mkdir(exist_ok=True)
    return case.main


SAMPLE = [
    ("name-not-utf8", ["check", "{m}", "--output", "json:out/r.json", "--output", "codequality:out/r.cq.json"], None),
    ("name-not-utf8", ["compare", "{m}", "valid.yaml", "--format", "csv"], "csv"),
    ("name-not-utf8", ["check", "{m}", "--format", "junit"], "junit"),
    ("name-newline", ["check", "{m}", "--format", "github"], "github"),
    ("fifo-manifest", ["check", "{m}"], None),
    ("fifo-manifest", ["validate", "{m}"], None),
    ("unknown-key-osc52", ["validate", "{m}"], None),
    ("organisation-name-osc52", ["check", "{m}", "--format", "github"], "github"),
    ("organisation-name-c1", ["check", "{m}", "--format", "html"], "html"),
    ("bomb-billion-laughs", ["check", "{m}"], None),
    ("deep-flow-200000", ["validate", "{m}"], None),
    ("long-explicit-key", ["check", "{m}", "--format", "json"], "json"),
    ("systems-2000", ["validate", "{m}", "--format", "json"], "json"),
    ("baseline-deep-200k", ["check", "valid.yaml", "--baseline", "{m}"], None),
    ("baseline-int-5000-digits", ["check", "valid.yaml", "--baseline", "{m}"], None),
    ("fifo-waivers", ["check", "valid.yaml", "--waivers", "{m}"], None),
    ("pack-fifo-principle", ["check", "valid.yaml", "--pack", "{m}"], None),
    ("pack-hostile-title", ["explain", "MNT2-01", "--pack", "{m}"], None),
    ("output-fifo", ["check", "valid.yaml", "--output", "{m}"], None),
]


@pytest.mark.parametrize(("case_name", "template", "fmt"), SAMPLE, ids=[f"{c}-{t[0]}" for c, t, _ in SAMPLE])
def test_a_sample_through_the_executable(
    case_name: str, template: list[str], fmt: str | None, tmp_path: Path, tally: Tally, pack_cache: Path
) -> None:
    main = _write(case_name, tmp_path)
    args = [os.fsencode(main) if part == "{m}" else part.encode() for part in template]
    os.environ["PLEDGECHECK_CACHE_DIR"] = str(pack_cache)
    outcome = run_executable(case_name, args, cwd=tmp_path, stdout_format=fmt)
    inspect_run(outcome, folder=tmp_path)
    tally.add(outcome)
    assert not outcome.failures, outcome.describe()
    if "fifo" in case_name:  # refused at once, with what it is (a broken pack exits 3)
        assert outcome.exit_code in (2, 3) and "FIFO" in outcome.stdout + outcome.stderr, outcome.describe()


def test_init_with_a_name_that_is_not_utf8(tmp_path: Path, tally: Tally) -> None:
    """The shell passes the bytes undecoded: init refuses them, and never writes a starter its
    own validate rejects."""
    outcome = run_executable(
        "init-not-utf8", [b"init", b"m.yaml", b"--name", b"Org \xff"], cwd=tmp_path, stdout_format=None
    )
    inspect_run(outcome, folder=tmp_path)
    tally.add(outcome)
    assert not outcome.failures, outcome.describe()
    assert outcome.exit_code == 2 and "--name is not valid UTF-8 text (the byte 0xff)" in outcome.stderr
    assert not (tmp_path / "m.yaml").exists()


# -- signals ---------------------------------------------------------------------------------


def _start(args: list[str], cwd: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.Popen(
        [executable(), *args],
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group: the workers can be found afterwards
    )


def _group_gone(group: int, seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    os.killpg(group, signal.SIGKILL)
    return False


def _group_members(group: int) -> int:
    """How many processes are in process group `group` (Linux: /proc/PID/stat field 5)."""
    count = 0
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            count += int(fields[2]) == group
    return count


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if p.name.startswith(".pledgecheck-") or p.suffix == ".tmp")


def _many(folder: Path, count: int, systems: int) -> list[str]:
    from tests.support.hostile import _many_systems, valid_manifest

    text = yaml_text(_many_systems(valid_manifest(), systems))
    names = []
    for number in range(count):
        name = f"m{number:03d}.yaml"
        (folder / name).write_text(text.replace("Example Labs", f"Org {number}"), encoding="utf-8")
        names.append(name)
    return names


def test_sigterm_to_compare_stops_its_workers(tmp_path: Path, tally: Tally) -> None:
    """`compare` over 60 files runs two workers; SIGTERM to it ends them too, and the report
    it was about to write is neither there nor left as a temporary file."""
    files = _many(tmp_path, 60, 150)
    process = _start(["compare", *files, "--jobs", "2", "--output", "out.html", "--format", "html"], tmp_path)
    deadline = time.monotonic() + 30
    while _group_members(process.pid) < 3 and time.monotonic() < deadline:  # the two workers started
        time.sleep(0.02)
    assert process.poll() is None, "compare ended before its workers could be seen"
    time.sleep(0.3)
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode in (143, -15), stderr
    assert _group_gone(process.pid), "a worker of compare outlived it"
    assert b"Traceback" not in stderr, stderr.decode()
    assert _leftovers(tmp_path) == []
    assert not (tmp_path / "out.html").exists()


@pytest.mark.parametrize("delay", [0.3, 1.0])
def test_sigterm_to_check_with_outputs(delay: float, tmp_path: Path) -> None:
    """SIGTERM while `check` writes several reports: exit 143, no temporary file, no report."""
    files = _many(tmp_path, 8, 300)
    outputs = ["--output", "out/a.json", "--output", "sarif:out/a.sarif", "--output", "html:out/a.html"]
    (tmp_path / "out").mkdir()
    process = _start(["check", *files, "--jobs", "1", *outputs], tmp_path)
    time.sleep(delay)
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode in (143, -15), stderr.decode()
    assert b"Traceback" not in stderr, stderr.decode()
    assert _leftovers(tmp_path) == []
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == []


@pytest.fixture(scope="module")
def interpreter_start() -> float:
    """How long this machine takes to start a bare interpreter now (it is slower under load)."""
    import sys

    began = time.monotonic()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    return time.monotonic() - began


@pytest.mark.parametrize("delay", [0.05, 0.2, 0.5])
def test_ctrl_c_at_any_moment(delay: float, interpreter_start: float, tmp_path: Path) -> None:
    """SIGINT while the CLI is imported, or while it works: exit 130 (or finished), one line,
    never a traceback. The delay counts from when a bare interpreter would have started:
    before that, no package can catch an interrupt."""
    files = _many(tmp_path, 4, 200)
    process = _start(["check", *files, "--jobs", "1", "--output", "json:r.json"], tmp_path)
    time.sleep(interpreter_start + delay)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode in (0, 1, 130), stderr.decode()
    assert b"Traceback" not in stderr, stderr.decode()
    assert _leftovers(tmp_path) == []


def test_hostile_text_is_one_line_in_the_executables_error(tmp_path: Path) -> None:
    """The issue's key through a real terminal pipe: the escape and the forged annotation are
    shown as text on the message's own line."""
    (tmp_path / "m.yaml").write_text(
        VALID_MANIFEST.replace(
            "manifest_version: 1", f"manifest_version: 1\n{yaml_text(HOSTILE_TEXT['osc52']).strip()}: 1"
        ),
        encoding="utf-8",
    )
    outcome = run_executable("osc52-key", [b"validate", b"m.yaml"], cwd=tmp_path, stdout_format=None)
    shown = "x\\x1b]52;c;cHduZWQ=\\x07\\x1b[2J\\x0a::error file=x.yaml,line=1::injected\\x0a::add-mask::secret"
    assert f"m.yaml:2:1: unknown key '{shown}'" in outcome.stdout.splitlines(), outcome.stdout
    assert not any(line.startswith("::") for line in outcome.stdout.splitlines())
