"""What `check` and `validate` import: judging a manifest reads the published schema, never the
pydantic models (which are for the Python API and the schema generator). pydantic costs about
120 ms of CPU and 9 MiB per run, which is most of a cold `check`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.paths import EXAMPLES

_PROBE = """
import sys
from pledgecheck.cli import main
sys.argv = ["pledgecheck", *sys.argv[1:]]
try:
    main()
except SystemExit as exit:
    code = exit.code
heavy = sorted(name for name in ("pydantic", "pydantic_core", "rich") if name in sys.modules)
print("imported:", ",".join(heavy) or "-", file=sys.stderr)
"""


@pytest.mark.parametrize(
    "args",
    [
        ["check", str(EXAMPLES / "lumen-labs.yaml"), "--as-of", "2026-12-01", "--fail-on", "none"],
        ["check", str(EXAMPLES / "lumen-labs.yaml"), "--as-of", "2026-12-01", "--format", "json", "--fail-on", "none"],
        ["validate", str(EXAMPLES / "modelhub.yaml")],
        ["--version"],
    ],
    ids=["check-text", "check-json", "validate", "version"],
)
def test_the_everyday_commands_do_not_import_pydantic(args: list[str], tmp_path: Path) -> None:
    env = {"NO_COLOR": "1", "PATH": "", "HOME": str(tmp_path), "PLEDGECHECK_CACHE_DIR": str(tmp_path / "cache")}
    for _ in range(2):  # the first run compiles the pack into the cache, the second reads it
        run = subprocess.run(
            [sys.executable, "-c", _PROBE, *args], capture_output=True, text=True, timeout=120, env=env, check=False
        )
        assert run.returncode == 0, run.stderr
        assert run.stdout  # the command ran and reported
        imported = run.stderr.rsplit("imported: ", 1)[1].strip().split(",")
        assert "pydantic" not in imported and "pydantic_core" not in imported, run.stderr
