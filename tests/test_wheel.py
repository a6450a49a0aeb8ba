"""The built wheel, installed into a fresh virtual environment, works outside the source tree.

This is what a user gets from `pip install pledgecheck`: the console script, `python -m`,
and the schemas and policy pack shipped inside the package (not read from the checkout).
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import venv
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]

REPO = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Installed:
    bin: Path
    workdir: Path
    env: dict[str, str]

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            args,
            cwd=self.workdir,
            env=self.env,
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            check=False,
        )


def _check(command: list[str], **kwargs: object) -> None:
    done = subprocess.run(command, capture_output=True, text=True, check=False, **kwargs)  # type: ignore[call-overload]
    assert done.returncode == 0, f"{' '.join(command)}\n{done.stdout}\n{done.stderr}"


def _build_wheel(outdir: Path) -> Path:
    command = [sys.executable, "-m", "build", "--wheel", "--outdir", str(outdir)]
    if importlib.util.find_spec("hatchling") is not None:
        command.append("--no-isolation")  # the backend is here already: no download needed
    _check([*command, str(REPO)])
    (wheel,) = outdir.glob("pledgecheck-*.whl")
    return wheel


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    root = tmp_path_factory.mktemp("wheel")
    wheel = _build_wheel(root / "dist")
    venv.EnvBuilder(with_pip=True, clear=True).create(root / "venv")
    bin_dir = root / "venv" / "bin"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env.update(
        VIRTUAL_ENV=str(root / "venv"),
        PATH=f"{bin_dir}{os.pathsep}{env.get('PATH', '')}",
        PIP_DISABLE_PIP_VERSION_CHECK="1",
        PYTHONDONTWRITEBYTECODE="1",
    )
    _check([str(bin_dir / "python"), "-m", "pip", "install", "--quiet", str(wheel)], env=env)
    workdir = root / "elsewhere"
    workdir.mkdir()
    return Installed(bin=bin_dir, workdir=workdir, env=env)


def test_the_console_script_validates_a_manifest_outside_the_tree(installed: Installed, valid_manifest: str) -> None:
    (installed.workdir / "manifest.yaml").write_text(valid_manifest, encoding="utf-8")
    done = installed.run(str(installed.bin / "pledgecheck"), "validate", "manifest.yaml")
    assert (done.returncode, done.stdout, done.stderr) == (0, "manifest.yaml: valid\n", "")


def test_the_bundled_examples_validate_from_the_installed_wheel(installed: Installed) -> None:
    examples = sorted((REPO / "examples").glob("*.yaml"))
    if not examples:
        pytest.fail("examples/ holds no manifest; the README quick start runs one")
    names = []
    for example in examples:
        shutil.copy(example, installed.workdir / example.name)
        names.append(example.name)
    # the evidence files the examples cite must be beside them
    shutil.copytree(REPO / "examples" / "evidence", installed.workdir / "evidence", dirs_exist_ok=True)
    done = installed.run(str(installed.bin / "pledgecheck"), "validate", *names)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines() == [f"{name}: valid" for name in names]


def test_a_bad_manifest_gives_exit_2_and_a_located_message(installed: Installed) -> None:
    (installed.workdir / "bad.yaml").write_text("manifest_version: 1\nfoo: [\n", encoding="utf-8")
    done = installed.run(str(installed.bin / "pledgecheck"), "validate", "bad.yaml")
    assert done.returncode == 2
    assert done.stdout.startswith("bad.yaml:3:1: invalid YAML")
    assert "Traceback" not in done.stdout + done.stderr


def test_schema_prints_the_manifest_schema_shipped_in_the_wheel(installed: Installed) -> None:
    done = installed.run(str(installed.bin / "pledgecheck"), "schema")
    assert done.returncode == 0, done.stderr
    checked_in = json.loads((REPO / "schemas" / "manifest.schema.json").read_text("utf-8"))
    assert json.loads(done.stdout) == checked_in


def test_the_data_folders_are_inside_the_installed_package(installed: Installed) -> None:
    where = installed.run(
        str(installed.bin / "python"),
        "-c",
        "import pathlib, pledgecheck; print(pathlib.Path(pledgecheck.__file__).parent)",
    )
    package = Path(where.stdout.strip())
    assert package.is_relative_to(installed.bin.parent), package  # not the checkout
    assert (package / "_data" / "schemas" / "manifest.schema.json").is_file()
    assert (package / "_data" / "policies").is_dir()
    shipped = {p.name for p in (package / "_data" / "policies").iterdir()}
    in_repo = {p.name for p in (REPO / "policies").iterdir() if p.is_file()}
    assert in_repo <= shipped


def test_python_dash_m_reports_the_version(installed: Installed) -> None:
    done = installed.run(str(installed.bin / "python"), "-m", "pledgecheck", "--version")
    assert (done.returncode, done.stdout.strip()) == (0, f"pledgecheck {version('pledgecheck')}")
