"""`compare` shows each organisation's coverage of every framework that applies to it: the same
figure `check` gives, a dash where a framework does not apply, and nothing when anonymised
(which frameworks apply follows from an organisation's jurisdictions, a public fact)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.frameworks.test_coverage import TEXT_ONLY_GB
from tests.support.paths import EXAMPLES

AS_OF = "2026-12-02"


@pytest.fixture
def coalition(tmp_path: Path) -> Path:
    """The three examples and a text-only developer that operates in Great Britain only."""
    folder = tmp_path / "coalition"
    shutil.copytree(EXAMPLES, folder)
    (folder / "quill.yaml").write_text(TEXT_ONLY_GB, encoding="utf-8")
    return folder


def _coverage_from_check(run_cli, manifest: Path) -> dict[str, float | None]:
    result = run_cli(["check", manifest, "--as-of", AS_OF, "--format", "json", "--fail-on", "none"])
    assert result.exit_code == 0, result.output
    return {f["id"]: f["coverage"] for f in json.loads(result.stdout)["assessments"][0]["frameworks"]}


def test_compare_json_gives_the_coverage_check_gives(run_cli, coalition: Path) -> None:
    result = run_cli(["compare", coalition, "--as-of", AS_OF, "--format", "json"])
    assert result.exit_code == 0, result.output
    organisations = {o["name"]: o for o in json.loads(result.stdout)["organisations"]}
    # only the UK framework applies, and nothing of it is met: no safeguard is documented
    assert organisations["Quill Language Models"]["frameworks"] == {"uk-osa-ofcom": 0.0}
    for manifest in sorted(coalition.glob("*.yaml")):
        expected = _coverage_from_check(run_cli, manifest)
        name = next(o for o in organisations.values() if Path(o["file"]).name == manifest.name)["name"]
        assert organisations[name]["frameworks"] == expected
    lumen = organisations["Lumen Labs, Inc."]["frameworks"]
    assert list(lumen)[:2] == ["eu-ai-act", "uk-osa-ofcom"]  # the pack's order


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_the_human_formats_show_a_dash_where_a_framework_does_not_apply(run_cli, coalition: Path, fmt: str) -> None:
    result = run_cli(["compare", coalition, "--as-of", AS_OF, "--format", fmt])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Framework coverage per organisation" in out
    start = out.index("Framework coverage per organisation")
    section = out[start : start + 6000]
    assert "eu-ai-act" in section and "au-esafety" in section
    if fmt == "text":
        quill = next(line for line in section.splitlines() if "Quill Language Models" in line)
        assert "uk-osa-ofcom 0.0" in quill and "eu-ai-act -" in quill
    elif fmt == "markdown":
        quill = next(line for line in section.splitlines() if "Quill Language Models" in line)
        assert quill.count("| - ") == 6 and "| 0.0 " in quill  # only the UK framework applies


def test_anonymised_output_withholds_framework_coverage(run_cli, coalition: Path) -> None:
    result = run_cli(["compare", coalition, "--as-of", AS_OF, "--format", "json", "--anonymize"])
    assert result.exit_code == 0, result.output
    assert all(o["frameworks"] is None for o in json.loads(result.stdout)["organisations"])
    text = run_cli(["compare", coalition, "--as-of", AS_OF, "--anonymize"]).stdout
    section = text[text.index("Framework coverage per organisation") :].splitlines()[1]
    assert "Withheld in anonymised output" in section
    assert "eu-ai-act" not in text.split("Framework coverage per organisation")[1].split("\n\n")[0]
