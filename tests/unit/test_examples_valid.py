"""Every manifest in examples/ is valid: a new user's first command must succeed."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from pledgecheck.cli import app

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.yaml"))


def test_examples_exist() -> None:
    assert len(EXAMPLES) >= 3


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda path: path.name)
def test_example_validates(example: Path) -> None:
    result = CliRunner().invoke(app, ["validate", str(example)])

    assert result.exit_code == 0, result.output
    assert result.stdout == f"{example}: valid\n"  # stderr may note that waivers meet the pack in `check`
