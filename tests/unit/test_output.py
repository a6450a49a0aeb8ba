"""Writing reports (src/pledgecheck/output.py): a reader sees the old file or the whole new
one, never half of it; nothing is left behind when writing fails or is abandoned."""

from __future__ import annotations

import errno
import io
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from pledgecheck.errors import InputError
from pledgecheck.output import Sink, ensure_folder, write_atomic
from tests.support.cli import CliResult, run_cli


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".pledgecheck-"))


@pytest.fixture
def umask_022() -> Iterator[None]:
    previous = os.umask(0o022)
    yield
    os.umask(previous)


# -- write_atomic -----------------------------------------------------------------------------


def test_write_atomic_writes_the_text_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    write_atomic(str(target), "# Report\nnon-ASCII: é ✓\r\n")
    assert target.read_bytes() == "# Report\nnon-ASCII: é ✓\r\n".encode()  # newlines kept as written
    assert leftovers(tmp_path) == []


def test_write_atomic_replaces_a_report_whole(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_text("old report, long enough to be seen if it were only overwritten in part\n")
    with target.open(encoding="utf-8") as reader:  # a reader that opened the old report
        write_atomic(str(target), "{}\n")
        assert reader.read() == "old report, long enough to be seen if it were only overwritten in part\n"
    assert target.read_text(encoding="utf-8") == "{}\n"
    assert leftovers(tmp_path) == []


@pytest.mark.usefixtures("umask_022")
def test_a_report_gets_the_mode_of_any_new_file(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    write_atomic(str(target), "<p>x</p>")
    assert target.stat().st_mode & 0o777 == 0o644  # not mkstemp's 0600


def test_a_failed_write_keeps_the_old_report_and_removes_the_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.sarif"
    target.write_text("old", encoding="utf-8")

    def refuse(source: str, destination: str) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(InputError) as caught:
        write_atomic(str(target), "new")
    (problem,) = caught.value.problems
    assert (problem.file, problem.message) == (str(target), "cannot write: No space left on device")
    assert target.read_text(encoding="utf-8") == "old"
    assert leftovers(tmp_path) == []


# -- Sink: a report written in parts ----------------------------------------------------------


def test_a_sink_shows_the_report_only_once_it_is_complete(tmp_path: Path) -> None:
    target = tmp_path / "report.txt"
    sink = Sink(str(target), io.StringIO())
    sink.write("first manifest\n")
    sink.write("second manifest\n")
    assert not target.exists()
    sink.commit()
    assert target.read_text(encoding="utf-8") == "first manifest\nsecond manifest\n"
    assert leftovers(tmp_path) == []


def test_an_aborted_sink_leaves_nothing_and_keeps_the_old_report(tmp_path: Path) -> None:
    fresh = Sink(str(tmp_path / "new.txt"), io.StringIO())
    fresh.write("half a report")
    fresh.abort()
    target = tmp_path / "report.txt"
    target.write_text("old", encoding="utf-8")
    replacing = Sink(str(target), io.StringIO())
    replacing.write("half a report")
    replacing.abort()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.txt"]
    assert target.read_text(encoding="utf-8") == "old"


def test_a_sink_without_a_path_writes_to_the_stream(tmp_path: Path) -> None:
    stream = io.StringIO()
    sink = Sink(None, stream)
    sink.write("to stdout")
    sink.commit()
    sink.abort()  # nothing to remove: what went to standard output stays there
    assert stream.getvalue() == "to stdout"
    assert list(tmp_path.iterdir()) == []


def test_a_sink_into_a_missing_folder_fails_before_writing_anything(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        Sink(str(tmp_path / "nowhere" / "report.txt"), io.StringIO())
    assert "cannot write: the folder" in caught.value.problems[0].message
    assert list(tmp_path.iterdir()) == []


# -- ensure_folder ----------------------------------------------------------------------------


def test_a_missing_folder_is_named_as_the_user_typed_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError) as caught:
        ensure_folder("nowhere/report.sarif")
    (problem,) = caught.value.problems
    assert (problem.file, problem.message) == (
        "nowhere/report.sarif",
        "cannot write: the folder 'nowhere' does not exist",
    )


def test_a_directory_is_not_a_report_file(tmp_path: Path) -> None:
    (tmp_path / "reports").mkdir()
    with pytest.raises(InputError) as caught:
        ensure_folder(str(tmp_path / "reports"))
    assert caught.value.problems[0].message == "cannot write: it is a directory"


def test_a_bare_file_name_is_written_in_the_working_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert ensure_folder("report.json") == str(tmp_path)


# -- hostile targets, a full disk and SIGTERM under `check --output` -----------------------------

EXAMPLE = Path(__file__).parents[2] / "examples" / "lumen-labs.yaml"


def check(tmp_path: Path, *outputs: str) -> CliResult:
    args = ["check", str(EXAMPLE), "--as-of", "2026-11-01", "--fail-on", "none"]
    return run_cli([*args, *(a for o in outputs for a in ("--output", o))])


def test_a_full_disk_is_one_clear_error_and_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_fdopen = os.fdopen

    class Full(io.TextIOWrapper):
        def write(self, text: str) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

    def full_disk(fd: int, *args: object, **kwargs: object) -> io.TextIOWrapper:
        real_fdopen(fd).close()
        return Full(io.BytesIO(), encoding="utf-8")

    monkeypatch.setattr("pledgecheck.output.os.fdopen", full_disk)
    result = check(tmp_path, str(tmp_path / "report.txt"), f"json:{tmp_path / 'report.json'}")
    assert result.exit_code == 2
    assert "report.txt: cannot write: No space left on device" in result.stderr
    assert "Traceback" not in result.output
    assert leftovers(tmp_path) == [] and not (tmp_path / "report.txt").exists()


def test_sigterm_while_writing_leaves_no_temporary_file_and_exits_143(tmp_path: Path) -> None:
    script = (
        "import os, signal, sys\n"
        "from pledgecheck.output import Sink\n"
        "real = Sink.write\n"
        "def write(self, text):\n"
        "    real(self, text)\n"
        "    os.kill(os.getpid(), signal.SIGTERM)\n"
        "Sink.write = write\n"
        "from pledgecheck.cli import main\n"
        f"sys.argv = ['pledgecheck', 'check', {str(EXAMPLE)!r}, '--as-of', '2026-11-01', '-o', 'out.txt']\n"
        "main()\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    result = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=env, capture_output=True, timeout=120)
    assert result.returncode == 143, result.stderr
    assert b"Traceback" not in result.stderr
    assert leftovers(tmp_path) == [] and not (tmp_path / "out.txt").exists()


def test_output_refuses_a_fifo_a_symlink_and_a_device(tmp_path: Path) -> None:
    fifo, link, target = tmp_path / "fifo", tmp_path / "link", tmp_path / "target.txt"
    os.mkfifo(fifo)
    target.write_text("kept", encoding="utf-8")
    link.symlink_to(target)
    for path, why in ((fifo, "not a regular file"), (link, "symbolic link"), (Path("/dev/null"), "not a regular")):
        with pytest.raises(InputError, match=why):
            ensure_folder(str(path))
        result = check(tmp_path, str(path))
        assert result.exit_code == 2 and why in result.stderr, result.stderr
    assert fifo.is_fifo() and link.is_symlink() and target.read_text(encoding="utf-8") == "kept"


def test_output_refuses_to_replace_an_input_manifest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    manifest = tmp_path / "m.yaml"
    manifest.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sub").mkdir()
    for given in ("m.yaml", "sub/../m.yaml", "json:./m.yaml"):
        result = run_cli(["check", "m.yaml", "--as-of", "2026-11-01", "--output", given])
        assert result.exit_code == 2 and "it is the input 'm.yaml'" in result.stderr, result.stderr
    assert manifest.read_text(encoding="utf-8") == EXAMPLE.read_text(encoding="utf-8")
    assert leftovers(tmp_path) == []


def test_fan_out_gives_every_copy_every_item_and_keeps_none_that_all_have_taken() -> None:
    """Reports written round-robin share one stream of manifests: an item all of them have
    taken is no longer held (itertools.tee held up to 57, megabytes of report pieces)."""
    import weakref

    from pledgecheck.output import fan_out

    class Item:
        pass

    made: list[weakref.ref[Item]] = []

    def items():
        for _ in range(200):
            item = Item()
            made.append(weakref.ref(item))
            yield item
            del item

    first, second = fan_out(items(), 2)
    seen = 0
    for one, two in zip(first, second, strict=True):
        assert one is two
        del one, two
        seen += 1
        assert sum(ref() is not None for ref in made) <= 1
    assert seen == 200
    assert list(fan_out(iter([1, 2, 3]), 1)[0]) == [1, 2, 3]
