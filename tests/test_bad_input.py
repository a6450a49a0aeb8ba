"""Hostile and broken input through `pledgecheck validate`: one located message, exit 2, no
traceback, nothing executed. Speed is guarded only by the timeout; it is measured elsewhere."""

from __future__ import annotations

import builtins
import errno
import json
import os
import tracemalloc
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

import pledgecheck.source

if TYPE_CHECKING:
    from tests.support.cli import CliResult

pytestmark = pytest.mark.timeout(60)

RunCli = Callable[[Sequence[str]], "CliResult"]
Writer = Callable[..., Path]
MiB = 1024 * 1024


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from the test folder so messages show the relative names a user typed."""
    monkeypatch.chdir(tmp_path)


def assert_one_problem(result: CliResult, file: str) -> str:
    """Exit 2, exactly one message about `file`, naming it first; returns that message."""
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert 'File "' not in result.output
    located = [line for line in result.output.splitlines() if line.startswith(f"{file}:")]
    assert len(located) == 1, result.output
    return located[0]


def position(message: str, file: str) -> tuple[int, int]:
    line, column = message[len(file) + 1 :].split(":")[:2]
    return int(line), int(column)


# -- empty, wrong top level, malformed -------------------------------------------------------


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n", "   \n"])
def test_an_empty_file(text: str, tmp_path: Path, write_manifest: Writer, run_cli: RunCli) -> None:
    write_manifest(tmp_path, text)
    message = assert_one_problem(run_cli(["validate", "manifest.yaml"]), "manifest.yaml")
    assert "empty" in message


@pytest.mark.parametrize(
    ("text", "described"),
    [
        ("- manifest_version: 1\n- organisation: {}\n", "a list"),
        ("just some text\n", "a single value"),
        ("42\n", "a single value"),
    ],
)
def test_a_top_level_that_is_not_a_mapping(
    text: str, described: str, tmp_path: Path, write_manifest: Writer, run_cli: RunCli
) -> None:
    write_manifest(tmp_path, text)
    message = assert_one_problem(run_cli(["validate", "manifest.yaml"]), "manifest.yaml")
    assert message == f"manifest.yaml:1:1: the top level must be a mapping of keys, not {described}"


@pytest.mark.parametrize(
    ("line", "broken", "expected_line"),
    [
        (3, "  name: Example: Labs", 3),  # a second ':' on the line
        (6, "  - id: atlas-image\n\t name: Atlas Image", 7),  # a tab as indentation
        (13, "  - id: sg-input, kind: input-detection]", 13),  # a stray ']'
    ],
)
def test_malformed_yaml_is_reported_at_the_line_of_the_error(
    line: int,
    broken: str,
    expected_line: int,
    tmp_path: Path,
    write_manifest: Writer,
    run_cli: RunCli,
    valid_manifest: str,
) -> None:
    lines = valid_manifest.splitlines()
    lines[line - 1] = broken
    write_manifest(tmp_path, "\n".join(lines) + "\n")
    message = assert_one_problem(run_cli(["validate", "manifest.yaml"]), "manifest.yaml")
    assert position(message, "manifest.yaml")[0] == expected_line
    assert "invalid YAML" in message


def test_an_unclosed_quote_points_at_the_line_where_it_opens(
    tmp_path: Path, write_manifest: Writer, run_cli: RunCli, valid_manifest: str
) -> None:
    # libyaml only notices at the end of the file; the user needs the line the quote opens on.
    text = valid_manifest.replace("name: Example Labs", 'name: "Example Labs')
    write_manifest(tmp_path, text)
    message = assert_one_problem(run_cli(["validate", "manifest.yaml"]), "manifest.yaml")
    assert message.startswith("manifest.yaml:3:") or "line 3" in message, message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "manifest_version: 1\norganisation: {name: A, roles: [model-host]}\nmanifest_version: 1\n",
            "manifest.yaml:3:1: duplicate key 'manifest_version' (first defined on line 1)",
        ),
        (
            "manifest_version: 1\norganisation:\n  name: A\n  roles: [model-host]\n  name: B\n",
            "manifest.yaml:5:3: duplicate key 'name' (first defined on line 3) (at $.organisation)",
        ),
    ],
)
def test_duplicate_keys(text: str, expected: str, tmp_path: Path, write_manifest: Writer, run_cli: RunCli) -> None:
    write_manifest(tmp_path, text)
    assert assert_one_problem(run_cli(["validate", "manifest.yaml"]), "manifest.yaml") == expected


def test_several_documents_in_one_file(
    tmp_path: Path, write_manifest: Writer, run_cli: RunCli, valid_manifest: str
) -> None:
    write_manifest(tmp_path, valid_manifest + "---\n" + valid_manifest)
    message = assert_one_problem(run_cli(["validate", "manifest.yaml"]), "manifest.yaml")
    assert message == "manifest.yaml:20:1: only one YAML document is allowed per file"


# -- nothing in the file is executed -------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        '!!python/object/apply:os.system ["touch PWNED"]',
        "!!python/object/apply:subprocess.call [[touch, PWNED]]",
        "!!python/object:pathlib.Path {}",
        "!!python/object/new:os.system [touch PWNED]",
        "!!python/name:os.system",
        "!!binary aGVsbG8=",
        "!custom-tag value",
    ],
)
def test_tags_are_rejected_and_nothing_is_constructed(
    value: str,
    tmp_path: Path,
    write_manifest: Writer,
    run_cli: RunCli,
    valid_manifest: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[Any] = []
    monkeypatch.setattr(os, "system", lambda *args: calls.append(args) or 0)
    text = valid_manifest.replace("name: Example Labs", f"name: {value}")
    write_manifest(tmp_path, text)

    message = assert_one_problem(run_cli(["validate", "manifest.yaml"]), "manifest.yaml")

    assert message.startswith("manifest.yaml:3:9: the tag '")
    assert "is not allowed" in message
    assert calls == []
    assert not (tmp_path / "PWNED").exists()


def _billion_laughs() -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 9):
        aliases = ", ".join([f"*a{level - 1}"] * 9)
        lines.append(f"a{level}: &a{level} [{aliases}]")
    return "\n".join(lines) + "\n"


def _merge_bomb() -> str:
    lines = ["m0: &m0 {k0: 0, k1: 1, k2: 2, k3: 3, k4: 4, k5: 5, k6: 6, k7: 7, k8: 8}"]
    for level in range(1, 30):
        merged = ", ".join([f"*m{level - 1}"] * 9)
        lines += [f"m{level}: &m{level}", f"  <<: [{merged}]", f"  own{level}: {level}"]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(("bomb", "line"), [(_billion_laughs, 5), (_merge_bomb, 12)])
def test_alias_and_merge_bombs_are_rejected_with_bounded_memory(
    bomb: Callable[[], str], line: int, tmp_path: Path, write_manifest: Writer, run_cli: RunCli
) -> None:
    write_manifest(tmp_path, bomb())
    tracemalloc.start()
    try:
        result = run_cli(["validate", "manifest.yaml"])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    message = assert_one_problem(result, "manifest.yaml")
    assert position(message, "manifest.yaml")[0] == line
    assert "aliases expand to more than 10000 nodes" in message
    assert peak < 50 * MiB, f"peak {peak / MiB:.1f} MiB"


def test_a_self_referencing_alias(tmp_path: Path, write_manifest: Writer, run_cli: RunCli) -> None:
    write_manifest(tmp_path, "manifest_version: 1\nloop: &loop [1, *loop]\n")
    message = assert_one_problem(run_cli(["validate", "manifest.yaml"]), "manifest.yaml")
    assert message.startswith("manifest.yaml:2:")
    assert "refers to itself" in message


# -- limits -------------------------------------------------------------------------------


def _padded(valid_manifest: str, size: int) -> str:
    """A valid manifest made `size` bytes long by a trailing comment."""
    filler = size - len(valid_manifest) - len("# \n")
    return valid_manifest + "# " + "x" * filler + "\n"


def test_a_file_over_the_default_5_mib_limit(
    tmp_path: Path, write_manifest: Writer, run_cli: RunCli, valid_manifest: str
) -> None:
    write_manifest(tmp_path, _padded(valid_manifest, 5 * MiB + 1))
    message = assert_one_problem(run_cli(["validate", "manifest.yaml"]), "manifest.yaml")
    assert message == "manifest.yaml: file is larger than the 5 MiB limit (--max-size)"


def test_a_file_of_exactly_5_mib_is_read(
    tmp_path: Path, write_manifest: Writer, run_cli: RunCli, valid_manifest: str
) -> None:
    write_manifest(tmp_path, _padded(valid_manifest, 5 * MiB))
    result = run_cli(["validate", "manifest.yaml"])
    assert result.exit_code == 0, result.output


def test_the_size_limit_is_configurable_with_max_size(
    tmp_path: Path, write_manifest: Writer, run_cli: RunCli, valid_manifest: str
) -> None:
    write_manifest(tmp_path, _padded(valid_manifest, 6 * MiB))
    assert run_cli(["validate", "manifest.yaml", "--max-size", str(7 * MiB)]).exit_code == 0

    write_manifest(tmp_path, valid_manifest)
    result = run_cli(["validate", "manifest.yaml", "--max-size", "256"])
    message = assert_one_problem(result, "manifest.yaml")
    assert message == "manifest.yaml: file is larger than the 256-byte limit (--max-size)"


def test_control_characters_are_named_not_parser_internals(
    tmp_path: Path, write_manifest: Writer, run_cli: RunCli
) -> None:
    write_manifest(tmp_path, 'manifest_version: 1\nname: "x\x01y"\n')
    message = assert_one_problem(run_cli(["validate", "manifest.yaml"]), "manifest.yaml")
    assert message == "manifest.yaml:2:9: invalid YAML: the control character U+0001 is not allowed in YAML"


def test_a_lone_document_marker_is_an_empty_file(tmp_path: Path, write_manifest: Writer, run_cli: RunCli) -> None:
    write_manifest(tmp_path, "---\n")
    message = assert_one_problem(run_cli(["validate", "manifest.yaml"]), "manifest.yaml")
    assert message == "manifest.yaml:1:1: file is empty: expected a mapping of manifest keys"


@pytest.mark.parametrize(
    "text",
    [
        "a: " + "[" * 100_000,
        "a: " + "{a: " * 100_000,
        "".join(f"{' ' * (2 * depth)}k:\n" for depth in range(200)),
        "".join(f"{' ' * (2 * depth)}- \n" for depth in range(200)),
    ],
    ids=["flow-lists", "flow-mappings", "block-mappings", "block-lists"],
)
def test_nesting_deeper_than_the_limit(text: str, tmp_path: Path, write_manifest: Writer, run_cli: RunCli) -> None:
    write_manifest(tmp_path, text)
    message = assert_one_problem(run_cli(["validate", "manifest.yaml"]), "manifest.yaml")
    assert "nesting is deeper than the limit of 64 levels" in message


def test_invalid_utf8_is_located(tmp_path: Path, write_manifest: Writer, run_cli: RunCli, valid_manifest: str) -> None:
    raw = valid_manifest.encode().replace(b"Example Labs", b"Caf\xe9 Labs")
    write_manifest(tmp_path, raw)
    message = assert_one_problem(run_cli(["validate", "manifest.yaml"]), "manifest.yaml")
    assert message == "manifest.yaml:3:12: file is not valid UTF-8 (byte 0xe9)"


def test_control_characters_are_located(
    tmp_path: Path, write_manifest: Writer, run_cli: RunCli, valid_manifest: str
) -> None:
    write_manifest(tmp_path, valid_manifest.replace("Example Labs", "Example\x00Labs"))
    message = assert_one_problem(run_cli(["validate", "manifest.yaml"]), "manifest.yaml")
    assert message.startswith("manifest.yaml:3:16: invalid YAML")


# -- arguments that are not readable files --------------------------------------------------


def test_a_directory(tmp_path: Path, run_cli: RunCli) -> None:
    (tmp_path / "manifests").mkdir()
    message = assert_one_problem(run_cli(["validate", "manifests"]), "manifests")
    assert message == "manifests: is a directory, not a file"


def test_a_missing_file(run_cli: RunCli) -> None:
    message = assert_one_problem(run_cli(["validate", "missing.yaml"]), "missing.yaml")
    assert message == "missing.yaml: no such file"


def test_a_dangling_symlink(tmp_path: Path, run_cli: RunCli) -> None:
    (tmp_path / "link.yaml").symlink_to(tmp_path / "gone.yaml")
    message = assert_one_problem(run_cli(["validate", "link.yaml"]), "link.yaml")
    assert message == "link.yaml: no such file"


def test_an_unreadable_file(
    tmp_path: Path,
    write_manifest: Writer,
    run_cli: RunCli,
    valid_manifest: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # chmod 000 does not stop root (CI runs as root), so the refusal is simulated in-process.
    write_manifest(tmp_path, valid_manifest, name="secret.yaml")
    real_open = builtins.open

    def refusing_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        if str(file) == "secret.yaml":
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(pledgecheck.source, "open", refusing_open, raising=False)
    message = assert_one_problem(run_cli(["validate", "secret.yaml"]), "secret.yaml")
    assert message == "secret.yaml: cannot read file: Permission denied"


# -- several files, BOM, JSON ---------------------------------------------------------------


def test_several_files_report_the_good_ones_too(
    tmp_path: Path, write_manifest: Writer, run_cli: RunCli, valid_manifest: str
) -> None:
    write_manifest(tmp_path, valid_manifest, name="good.yaml")
    write_manifest(tmp_path, "- not a mapping\n", name="list.yaml")
    write_manifest(tmp_path, valid_manifest, name="also-good.yaml")
    write_manifest(tmp_path, b"\xff\xfe", name="binary.yaml")

    result = run_cli(["validate", "good.yaml", "list.yaml", "missing.yaml", "also-good.yaml", "binary.yaml"])

    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "good.yaml: valid" in result.output.splitlines()
    assert "also-good.yaml: valid" in result.output.splitlines()
    for bad in ("list.yaml", "missing.yaml", "binary.yaml"):
        assert assert_one_problem(result, bad)


def test_a_utf8_bom_is_accepted(tmp_path: Path, write_manifest: Writer, run_cli: RunCli, valid_manifest: str) -> None:
    write_manifest(tmp_path, b"\xef\xbb\xbf" + valid_manifest.encode())
    result = run_cli(["validate", "manifest.yaml"])
    assert result.exit_code == 0, result.output
    assert result.stdout == "manifest.yaml: valid\n"


def test_a_bom_does_not_shift_error_columns(
    tmp_path: Path, write_manifest: Writer, run_cli: RunCli, valid_manifest: str
) -> None:
    text = valid_manifest.replace("manifest_version: 1", "manifest_versio: 1")
    write_manifest(tmp_path, b"\xef\xbb\xbf" + text.encode())
    result = run_cli(["validate", "manifest.yaml"])
    assert "manifest.yaml:1:1: unknown key 'manifest_versio'" in result.output


def test_json_output_lists_every_problem_with_line_column_and_path(
    tmp_path: Path, write_manifest: Writer, run_cli: RunCli, valid_manifest: str
) -> None:
    write_manifest(tmp_path, valid_manifest, name="good.yaml")
    broken = valid_manifest.replace("release_type: hosted-api", "release_typ: hosted-api")
    write_manifest(tmp_path, broken, name="bad.yaml")
    write_manifest(tmp_path, "a: [1\n", name="malformed.yaml")

    result = run_cli(["validate", "--format", "json", "good.yaml", "bad.yaml", "malformed.yaml"])

    assert result.exit_code == 2
    report = json.loads(result.stdout)
    assert report["schema_version"] == 1
    files = {entry["file"]: entry for entry in report["files"]}
    assert list(files) == ["good.yaml", "bad.yaml", "malformed.yaml"]
    assert files["good.yaml"] == {"file": "good.yaml", "valid": True, "problems": []}
    assert files["bad.yaml"]["valid"] is False
    assert {
        "file": "bad.yaml",
        "line": 11,
        "column": 5,
        "path": "$.systems[0]",
        "message": "unknown key 'release_typ' — did you mean 'release_type'?",
    } in files["bad.yaml"]["problems"]
    (problem,) = files["malformed.yaml"]["problems"]
    assert problem["line"] == 2
    assert problem["column"] >= 1
    assert problem["path"] == "$"
    assert problem["message"].startswith("invalid YAML")


# -- what is not a regular file, and standard input -------------------------------------------


@pytest.mark.parametrize("option", [None, "--waivers", "--baseline"])
def test_a_fifo_is_refused_without_hanging(
    option: str | None, tmp_path: Path, write_manifest: Writer, run_cli: RunCli, valid_manifest: str
) -> None:
    os.mkfifo(tmp_path / "pipe")
    write_manifest(tmp_path, valid_manifest)
    args = ["check", "pipe"] if option is None else ["check", option, "pipe", "manifest.yaml"]
    message = assert_one_problem(run_cli(args), "pipe")
    assert message == "pipe: is a named pipe (FIFO), not a regular file"


def test_a_device_is_refused(run_cli: RunCli) -> None:
    message = assert_one_problem(run_cli(["validate", "/dev/zero"]), "/dev/zero")
    assert message == "/dev/zero: is a character device, not a regular file"


@pytest.mark.parametrize("command", ["validate", "check"])
def test_dash_reads_standard_input(command: str, valid_manifest: str) -> None:
    from typer.testing import CliRunner

    from pledgecheck.cli import app

    good = CliRunner().invoke(app, [command, "-"], input=valid_manifest, catch_exceptions=False)
    assert good.exit_code in (0, 1), good.output
    bad = CliRunner().invoke(app, [command, "-"], input="a: [1\n", catch_exceptions=False)
    assert bad.exit_code == 2
    assert "<stdin>:2:1: invalid YAML" in bad.output


def test_standard_input_is_read_under_the_size_limit() -> None:
    from typer.testing import CliRunner

    from pledgecheck.cli import app

    result = CliRunner().invoke(
        app, ["validate", "--max-size", "1024", "-"], input="a: " + "x" * 4000 + "\n", catch_exceptions=False
    )
    assert result.exit_code == 2
    assert "<stdin>: file is larger than the 1 KiB limit (--max-size)" in result.output
