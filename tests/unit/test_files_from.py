"""`--files-from FILE`: check and validate read their manifests from a list, for runs over
thousands of files (each command-line argument costs the interpreter about 2 KB, and the
shell caps their total)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.cli import run_cli
from tests.support.paths import EXAMPLES

AS_OF = "2026-12-01"


@pytest.fixture
def listed(tmp_path: Path) -> tuple[list[str], Path]:
    files = sorted(str(p) for p in EXAMPLES.glob("*.yaml"))
    listing = tmp_path / "manifests.txt"
    listing.write_text("\n".join(files[1:]) + "\n\n", encoding="utf-8")  # a blank line is ignored
    return files, listing


@pytest.mark.parametrize("output_format", ["json", "text"])
def test_check_reads_the_list_after_its_arguments(listed: tuple[list[str], Path], output_format: str) -> None:
    files, listing = listed
    common = ["--as-of", AS_OF, "--fail-on", "none", "--format", output_format]
    by_arguments = run_cli(["check", *files, *common])
    by_list = run_cli(["check", files[0], "--files-from", listing, *common])
    assert by_list.exit_code == by_arguments.exit_code == 0
    assert by_list.stdout == by_arguments.stdout
    assert by_list.stdout.count("Open Canvas") >= 1 and by_list.stdout.count("Lumen") >= 1


def test_validate_reads_the_list_alone(listed: tuple[list[str], Path]) -> None:
    files, listing = listed
    result = run_cli(["validate", "--files-from", listing])
    assert result.exit_code == 0
    assert [line.split(":")[0] for line in result.stdout.splitlines()] == files[1:]


def test_a_missing_list_and_no_manifest_at_all_are_usage_errors(tmp_path: Path) -> None:
    missing = run_cli(["check", "--files-from", tmp_path / "nope.txt"])
    assert missing.exit_code == 2
    assert f"--files-from '{tmp_path / 'nope.txt'}': no such file" in missing.stderr
    nothing = run_cli(["validate"])
    assert nothing.exit_code == 2
    assert "no manifest given" in nothing.stderr
    assert "Traceback" not in missing.stderr + nothing.stderr
