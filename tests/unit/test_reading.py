"""Reading input: every manifest block the docs show validates; only regular files and `-`
(standard input) are read, within the size limit."""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from pledgecheck.baseline import load_baseline
from pledgecheck.errors import InputError
from pledgecheck.loading import load_manifest
from pledgecheck.source import load_yaml, read_text
from pledgecheck.waivers import load_waivers
from tests.support.manifests import VALID_MANIFEST
from tests.support.paths import ROOT

pytestmark = pytest.mark.timeout(60)


def _manifest_blocks() -> list[tuple[str, str]]:
    """(`file:line`, text) of every ```yaml fence whose first line of content, after comments,
    starts with `manifest_version`."""
    blocks = []
    for path in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        for token in MarkdownIt("commonmark").parse(path.read_text(encoding="utf-8")):
            if token.type != "fence" or token.info.strip() != "yaml" or token.map is None:
                continue
            lines = [line for line in token.content.splitlines() if line.strip() and not line.startswith("#")]
            if lines and lines[0].startswith("manifest_version"):
                blocks.append((f"{path.relative_to(ROOT)}:{token.map[0] + 1}", token.content))
    return blocks


def test_the_readme_shows_a_manifest() -> None:
    assert any(name.startswith("README.md:") for name, _ in _manifest_blocks())


@pytest.mark.parametrize(("name", "text"), _manifest_blocks(), ids=[name for name, _ in _manifest_blocks()])
def test_every_manifest_block_in_the_docs_validates(name: str, text: str, tmp_path: Path) -> None:
    path = tmp_path / "manifest.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        load_manifest(str(path))
    except InputError as exc:
        pytest.fail(f"the block at {name} does not validate:\n{exc}")


# -- what is not a regular file -------------------------------------------------------------

Loader = Callable[[str], object]
LOADERS: dict[str, Loader] = {
    "manifest": load_manifest,
    "waivers": load_waivers,
    "baseline": load_baseline,
    "text": read_text,
}


@pytest.mark.parametrize("loader", LOADERS.values(), ids=list(LOADERS))
def test_a_fifo_is_refused_without_blocking(loader: Loader, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    with pytest.raises(InputError) as caught:
        loader(str(fifo))
    (problem,) = caught.value.problems
    assert (problem.file, problem.line) == (str(fifo), 0)
    assert problem.message == "is a named pipe (FIFO), not a regular file"


@pytest.mark.parametrize(
    ("path", "message"),
    [("/dev/null", "is a character device, not a regular file"), (".", "is a directory, not a file")],
)
def test_devices_and_directories_are_refused(path: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        read_text(path)
    assert str(caught.value) == f"{path}: {message}"


def test_a_file_swapped_for_a_fifo_after_the_check_is_refused_when_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    real_stat = os.stat
    monkeypatch.setattr(os, "stat", lambda p, *a, **k: real_stat(__file__) if str(p) == str(fifo) else real_stat(p))
    with pytest.raises(InputError) as caught:
        read_text(str(fifo))
    assert "named pipe" in str(caught.value)


# -- standard input -------------------------------------------------------------------------


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_dash_reads_standard_input_shown_as_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    _stdin(monkeypatch, VALID_MANIFEST.encode())
    doc = load_manifest("-")
    assert doc.file == "<stdin>"
    assert doc.data["manifest_version"] >= 1


def test_standard_input_problems_are_located_at_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    _stdin(monkeypatch, b"a: [1\n")
    with pytest.raises(InputError) as caught:
        load_yaml("-")
    assert str(caught.value).startswith("<stdin>:2:1: invalid YAML")


def test_standard_input_is_read_under_the_size_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    _stdin(monkeypatch, b"a: " + b"x" * 2000 + b"\n")
    with pytest.raises(InputError) as caught:
        read_text("-", max_bytes=1024)
    assert str(caught.value) == "<stdin>: file is larger than the 1 KiB limit (--max-size)"


# -- baselines: JSON within bounds ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"schema_version": 2, "findings": ' + "[" * 200_000 + "]" * 200_000 + "}", "JSON nested too deeply"),
        ('{"schema_version": 2, "findings": [' + "1" * 5000 + "]}", "a number of 5000 digits is too long"),
        ('{"schema_version": 2, "findings": [-' + "1" * 5000 + "]}", "a number of 5000 digits is too long"),
    ],
    ids=["deep", "long-number", "long-negative-number"],
)
def test_a_hostile_baseline_is_a_file_level_error(text: str, message: str, tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_baseline(str(path))
    assert str(caught.value) == f"{path}: not a baseline: {message}"


def test_a_baseline_with_ordinary_numbers_still_loads(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    path.write_text('{"schema_version": 2, "n": -12, "findings": []}', encoding="utf-8")
    assert load_baseline(str(path)).entries == {}


# -- waivers files: a flood of problems ----------------------------------------------------


def test_a_flood_of_bad_waivers_shows_the_first_hundred_and_counts_the_rest(tmp_path: Path) -> None:
    entry = "  - {{control: DEV1-01, justification: j, approver: a, expires: 2027-01-01, bad{}: 1}}\n"
    path = tmp_path / "waivers.yaml"
    path.write_text("waivers:\n" + "".join(entry.format(i) for i in range(1000)), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_waivers(str(path))
    problems = caught.value.problems
    assert len(problems) == 101
    assert [p.line for p in problems[:100]] == list(range(2, 102))
    assert problems[0].message == "unknown key 'bad0'"
    assert problems[-1].message == "900 more problem(s) from here on omitted; the first 100 are shown"
    assert problems[-1].line == 102
