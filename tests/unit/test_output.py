"""Writing reports (src/pledgecheck/output.py): a reader sees the old file or the whole new
one, never half of it; nothing is left behind when writing fails or is abandoned."""

from __future__ import annotations

import errno
import io
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from pledgecheck.errors import InputError
from pledgecheck.output import Sink, ensure_folder, write_atomic


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
