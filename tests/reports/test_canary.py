"""Nothing above the audience's tier appears in any output: every format of `report`,
`check --audience` and `compare` is searched, byte by byte (standard error too), for the
canaries of tests/reports/canary.py. The same canaries do appear for an internal audience, so
a search that finds nothing is a search that could have found something."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pledgecheck.registry import formats
from tests.reports.canary import COALITION, INTERNAL, canary_manifest, leaks
from tests.support.cli import run_cli
from tests.support.compare_manifests import AS_OF

AUDIENCES = ("public", "coalition")


@pytest.fixture(scope="module")
def manifest(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return canary_manifest(tmp_path_factory.mktemp("canary"))


def _everything(args: list[str], tmp_path: Path, *, output: bool = True) -> str:
    """stdout, stderr and the file the command wrote, as one text."""
    target = tmp_path / "out.bin"
    result = run_cli([*args, *(["--output", str(target)] if output else [])])
    assert result.exit_code in (0, 1), result.output
    written = target.read_bytes().decode("utf-8") if output and target.exists() else ""
    return result.stdout + result.stderr + written


@pytest.mark.parametrize("audience", AUDIENCES)
@pytest.mark.parametrize("fmt", formats("report"))
def test_report_shows_nothing_above_its_audience(manifest: Path, tmp_path: Path, fmt: str, audience: str) -> None:
    text = _everything(["report", manifest, "--audience", audience, "-f", fmt, "--as-of", AS_OF], tmp_path)
    assert not leaks(text, audience=audience)
    assert "not shown to a" in text.lower()  # the redaction is said
    if audience == "coalition":
        assert COALITION in text  # the coalition reads its own tier


@pytest.mark.parametrize("audience", AUDIENCES)
def test_report_since_an_earlier_version_shows_nothing_above_its_audience(
    manifest: Path, tmp_path: Path, audience: str
) -> None:
    earlier = manifest.with_name("earlier.yaml")
    earlier.write_text(manifest.read_text(encoding="utf-8").replace('"public-feedback"', '"public-loop"'), "utf-8")
    args = ["report", manifest, "--since", earlier, "--audience", audience, "-f", "markdown", "--as-of", AS_OF]
    text = _everything(args, tmp_path)
    assert "What changed since" in text
    assert not leaks(text, audience=audience)


@pytest.mark.parametrize("audience", AUDIENCES)
@pytest.mark.parametrize("fmt", formats("check"))
def test_check_shows_nothing_above_its_audience(manifest: Path, tmp_path: Path, fmt: str, audience: str) -> None:
    args = ["check", manifest, "--audience", audience, "-f", fmt, "--as-of", AS_OF, "--fail-on", "none", "-v"]
    assert not leaks(_everything(args, tmp_path), audience=audience)


@pytest.mark.parametrize("fmt", formats("compare"))
@pytest.mark.parametrize("audience", [None, *AUDIENCES])
def test_compare_shows_nothing_above_its_audience(
    manifest: Path, tmp_path: Path, fmt: str, audience: str | None
) -> None:
    chosen = ["--audience", audience] if audience else []  # compare reads coalition-tier data by default
    text = _everything(["compare", manifest.parent, *chosen, "-f", fmt, "--as-of", AS_OF], tmp_path)
    assert not leaks(text, audience=audience or "coalition")
    if fmt != "csv":  # the redaction is said (a total over the coalition, never per part)
        tier = audience or "coalition"
        assert re.search(rf"Read at the {tier} tier: .* left out of every figure \([1-9][0-9]* parts in all\)", text)


@pytest.mark.parametrize("command", ["report", "check"])
def test_an_internal_audience_sees_every_canary(manifest: Path, tmp_path: Path, command: str) -> None:
    """The canaries are reachable: the same run for the organisation itself shows them."""
    extra = ["--fail-on", "none", "-f", "json"] if command == "check" else ["-f", "markdown"]
    text = _everything([command, manifest, "--audience", "internal", "--as-of", AS_OF, *extra], tmp_path)
    found = leaks(text, audience="public")
    assert INTERNAL in found and COALITION in found
    if command == "report":
        assert set(found) >= {INTERNAL, COALITION, "2019-03-17", "2031-07-19"}


def test_the_redaction_is_counted_not_named(manifest: Path, tmp_path: Path) -> None:
    text = _everything(["report", manifest, "--audience", "public", "-f", "markdown", "--as-of", AS_OF], tmp_path)
    # 1 system; 6 safeguards (3 internal, the one for the hidden system, the canary's coalition one and
    # the example's own coalition 'osint'); details of 1; notes of 1; 3 evidence items (2 under the
    # public red-team safeguard, the example's coalition red-team summary); 2 waivers
    expected = (
        "Not shown to a public audience (coalition or internal tier): 1 system, 6 safeguards, "
        "1 safeguard's details, 1 safeguard's notes, 3 evidence items, 2 waivers."
    )
    assert expected in text
    assert "The scores count only what this edition shows" in text
