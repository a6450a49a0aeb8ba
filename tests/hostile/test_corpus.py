"""Every generated hostile case through every command that takes that kind of input, and every
report format of each (a deterministic rotation on stdout, and all of `check`'s at once as
`--output FORMAT:FILE`). Each run must exit 0-3, print no traceback, locate its errors, print
no raw control character and no `::` line from user text, write well-formed reports, leave no
temporary file, replace no input or special file, and stay under the time and memory guards.

The commands come from the typer app and the formats from the registry, so a new format is
run at once; a new command is run over the manifest cases with its family's formats.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
import typer

from pledgecheck.cli import app
from pledgecheck.registry import REPORT_FORMATS
from tests.hostile.conftest import Tally
from tests.hostile.observe import Outcome, inspect_run, run_in_process
from tests.support.hostile import Case, Special, _published_schema, cases, clear, wrong_type_cases
from tests.support.manifests import VALID_MANIFEST

pytestmark = pytest.mark.timeout(300)

CASES = cases()
COMMANDS = tuple(sorted(typer.main.get_command(app).commands))  # type: ignore[attr-defined]
#: the commands the plans below know the arguments of; any other is run as `COMMAND MANIFEST`
PLANNED = {"validate", "check", "baseline", "diff", "compare", "explain", "rules", "test-pack", "init", "schema"}
EXTENSIONS = {"text": "txt", "markdown": "md", "codequality": "cq.json", "github": "log"}
VALID = "valid.yaml"


@dataclass(frozen=True)
class Run:
    args: tuple[str, ...]
    stdout_format: str | None = None
    reports: tuple[tuple[str, str], ...] = ()  # (path, format) written by the run


def _formats(family: str) -> tuple[str, ...]:
    return tuple(REPORT_FORMATS.get(family, {}))


def rotated(family: str, index: int, count: int = 1) -> list[str]:
    """`count` formats of a command, a different choice for each case index (deterministic)."""
    names = _formats(family)
    return [names[(index + step * 3) % len(names)] for step in range(min(count, len(names)))]


def all_check_outputs(args: tuple[str, ...]) -> Run:
    """One `check` run writing every check format at once, text on stdout."""
    reports = tuple((f"out/report.{EXTENSIONS.get(f, f)}", f) for f in _formats("check") if f != "text")
    extra = tuple(a for path, f in reports for a in ("--output", f"{f}:{path}"))
    return Run(("check", *args, "--format", "text", *extra), "text", reports)


def plan(case: Case, index: int) -> Iterator[Run]:
    """The runs of one case."""
    m = case.main
    if case.role == "manifest" and case.large:  # seconds each: the default report and one more
        yield Run(("check", m), "text")
        if index % 2 or case.name == "systems-2000":  # its every format runs at 100 systems (test_bounds)
            yield Run(("validate", m, "--format", "json"), "json")
        else:
            yield from (Run(("check", m, "--format", f), f) for f in rotated("check", index) if f != "text")
    elif case.role == "manifest":
        yield from (Run(("validate", m, "--format", f), f) for f in _formats("validate"))
        yield from (Run(("check", m, "--format", f), f) for f in rotated("check", index))
        yield all_check_outputs((m,))
        yield Run(("baseline", m, "--output", "out/baseline.json"), None, (("out/baseline.json", "baseline"),))
        yield from (Run(("diff", VALID, m, "--format", f), f) for f in rotated("diff", index))
        yield from (Run(("compare", m, VALID, "--format", f), f) for f in rotated("compare", index))
        for command in sorted(set(COMMANDS) - PLANNED):  # another helper's command: its formats in turn
            formats = rotated(command, index)
            yield Run((command, m, *(("--format", formats[0]) if formats else ())), formats[0] if formats else None)
    elif case.role in ("pack", "waivers", "baseline"):
        option = {"pack": "--pack", "waivers": "--waivers", "baseline": "--baseline"}[case.role]
        given = (option, m)
        yield from (Run(("check", VALID, *given, "--format", f), f) for f in rotated("check", index))
        if case.large:
            return
        yield all_check_outputs((VALID, *given))
        if case.role == "baseline":
            return
        yield Run(
            ("baseline", VALID, *given, "--output", "out/baseline.json"), None, (("out/baseline.json", "baseline"),)
        )
        yield from (Run(("diff", VALID, VALID, *given, "--format", f), f) for f in rotated("diff", index))
        yield from (Run(("compare", VALID, *given, "--format", f), f) for f in rotated("compare", index))
        if case.role == "pack":
            yield from (Run(("explain", i, *given)) for i in ("MNT2-01", "MNT2", "DEV1-01"))
            yield from (Run(("rules", *given, "--format", f), f if f == "json" else None) for f in ("text", "json"))
            yield Run(("test-pack", m))
            yield Run(("init", "out/new.yaml", *given))
    elif case.role == "output":
        target = VALID if case.name == "output-is-input" else m
        yield Run(("check", VALID, "--output", target))
        yield Run(("check", VALID, "--output", f"json:{target}"))
        yield Run(("compare", VALID, "--output", target))
        yield Run(("diff", VALID, VALID, "--output", target))
        yield Run(("baseline", VALID, "--output", target))
        yield Run(("init", target))
    elif case.role == "init-name":
        yield Run(("init", "out/new.yaml", "--name", m))
    elif case.role == "explain-id":
        yield Run(("explain", m))
        yield Run(("rules", "--principle", m))
        yield Run(("rules", "--framework", m, "--format", "json"), "json")
    elif case.role == "schema-name":
        yield Run(("schema", m))
        yield Run(("schema", m, "--path"))


def test_the_plans_cover_every_command_and_format() -> None:
    """Each command of the app is run by some case, and each report format of each family."""
    runs = [run for index, case in enumerate(CASES) for run in plan(case, index)]
    assert {run.args[0] for run in runs} == set(COMMANDS)
    written = {(run.args[0], run.stdout_format) for run in runs} | {
        ("check", f) for run in runs for _, f in run.reports
    }
    for family in REPORT_FORMATS:
        assert {(family, f) for f in _formats(family)} <= written, family


def _snapshot(folder: Path) -> dict[bytes, tuple[int, bytes]]:
    """Kind and content (or link target) of each entry, to tell what a run replaced."""
    seen: dict[bytes, tuple[int, bytes]] = {}
    for root, dirs, files in os.walk(os.fsencode(folder)):
        for name in [*dirs, *files]:
            path = os.path.join(root, name)
            info = os.lstat(path)
            if stat.S_ISLNK(info.st_mode):
                seen[path] = (stat.S_IFLNK, os.readlink(path))
            elif stat.S_ISREG(info.st_mode) and not name.startswith(b"out"):
                with open(path, "rb") as handle:
                    seen[path] = (stat.S_IFREG, handle.read(64 * 1024))
            else:
                seen[path] = (stat.S_IFMT(info.st_mode), b"")
    return seen


def _materialized(case: Case) -> Case:
    files = tuple((n, c() if callable(c) else c) for n, c in case.files)
    return replace(case, files=files)


def _prepare(case: Case, folder: Path) -> int:
    clear(folder)
    written = case.write(folder)
    (folder / VALID).write_text(VALID_MANIFEST, encoding="utf-8")
    (folder / "out").mkdir(exist_ok=True)
    return written + 1


def _read_reports(run: Run, folder: Path) -> dict[str, tuple[str, str]]:
    found = {}
    for path, kind in run.reports:
        full = folder / path
        if full.is_file():
            found[path] = (kind, full.read_text(encoding="utf-8", errors="surrogateescape"))
    return found


def run_case(case: Case, index: int, folder: Path, tally: Tally) -> list[Outcome]:
    """Every run of the case, each in a fresh copy of its files; the failing outcomes."""
    case = _materialized(case)
    failing: list[Outcome] = []
    tally.files += len(case.files) + 1
    for run in plan(case, index):
        _prepare(case, folder)
        before = {k: v for k, v in _snapshot(folder).items() if b"/out/" not in k or case.role == "output"}
        outcome = run_in_process(case.name, run.args, stdout_format=run.stdout_format)
        outcome.reports = _read_reports(run, folder)
        inspect_run(outcome, folder=folder)
        after = _snapshot(folder)
        for path, state in before.items():
            if after.get(path) != state and state[0] != stat.S_IFDIR:
                outcome.fail("clobbered", f"{os.fsdecode(path)} was replaced or changed")
        if case.role == "init-name" and outcome.exit_code == 0:
            check = run_in_process(case.name, ("validate", "out/new.yaml"), stdout_format="text")
            inspect_run(check, folder=folder)
            if check.exit_code != 0:
                outcome.fail("self-rejected", f"the starter written with --name is rejected: {check.stderr[:300]!r}")
            tally.add(check)
        tally.add(outcome)
        if outcome.failures:
            failing.append(outcome)
    return failing


@pytest.mark.parametrize(("index", "case"), list(enumerate(CASES)), ids=[c.name for c in CASES])
def test_a_hostile_case(
    index: int, case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tally: Tally, pack_cache: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PLEDGECHECK_CACHE_DIR", str(pack_cache))
    monkeypatch.setenv("NO_COLOR", "1")
    failing = run_case(case, index, tmp_path, tally)
    assert not failing, "\n".join(o.describe() for o in failing)


def test_wrong_types_at_every_field(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tally: Tally, pack_cache: Path
) -> None:
    """Each field of each example set to values of other types, validated and checked in
    batches: every file gets its own located error, and the runs show no failure class."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PLEDGECHECK_CACHE_DIR", str(pack_cache))
    mutations = list(wrong_type_cases())
    names = []
    for number, case in enumerate(mutations):
        name = f"m{number:04d}.yaml"
        (tmp_path / name).write_bytes(dict(case.files)["manifest.yaml"])  # type: ignore[arg-type]
        names.append(name)
    tally.files += len(names)
    failing = []
    unlocated = []
    for start in range(0, len(names), 100):
        batch = names[start : start + 100]
        runs = [(("validate", *batch), "text")]
        if start == 0:  # check reads them the same way: one batch shows it
            runs.append((("check", *batch, "--format", "json"), "json"))
        for args, fmt in runs:
            outcome = inspect_run(run_in_process("wrong-types", args, stdout_format=fmt), folder=tmp_path)
            if args[0] == "validate":
                said: dict[str, str] = {}
                for line in (outcome.stdout + outcome.stderr).splitlines():
                    if re.match(r"m\d{4}\.yaml:\d+:\d+: ", line):
                        said[line[:10]] = said.get(line[:10], "") + line
                for name in batch:
                    case = mutations[names.index(name)]
                    field = case.name.rsplit("-", 1)[-1] if case.name.startswith("schema-") else ""
                    if name not in said or (field and field not in said[name]):  # the field itself is named
                        unlocated.append(name)
            tally.add(outcome)
            if outcome.failures:
                failing.append(outcome)
    defined = {c.name.split("-")[1] for c in mutations if c.name.startswith("schema-")}
    assert defined == {"Manifest", *_published_schema()["$defs"]}  # every definition of the schema
    assert not failing, "\n".join(o.describe() for o in failing[:5])
    shown = [(n, mutations[names.index(n)].name) for n in unlocated[:10]]
    assert not unlocated, f"{len(unlocated)} mutated manifests validate: {shown}"


def test_special_files_are_written_as_the_cases_say(tmp_path: Path) -> None:
    """The generator's FIFOs and links are real (a case that silently wrote a regular file
    would test nothing)."""
    fifo = next(c for c in CASES if c.name == "fifo-manifest")
    link = next(c for c in CASES if c.name == "symlink-to-fifo")
    fifo.write(tmp_path / "a")
    link.write(tmp_path / "b")
    assert stat.S_ISFIFO(os.lstat(tmp_path / "a" / "manifest.yaml").st_mode)
    assert os.path.islink(tmp_path / "b" / "manifest.yaml")
    assert stat.S_ISFIFO(os.stat(tmp_path / "b" / "manifest.yaml").st_mode)
    assert any(isinstance(content, Special) for case in CASES for _, content in case.files)
