"""Coverage per framework as a user of `check` sees it: which frameworks apply, which
obligations are in force on the assessment date, and how far the mapping lets a met control go."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from tests.support.paths import EXAMPLES, ROOT, TEST_PACK

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))

TEXT_ONLY_GB = """\
manifest_version: 2
organisation:
  name: Quill Language Models
  roles: [model-developer]
  jurisdictions: [GB]
systems:
  - id: scribe
    name: Scribe
    modalities: {input: [text], output: [text]}
    release_type: hosted-api
safeguards: []
"""


def _check(run_cli, *args: object) -> str:
    result = run_cli(["check", *args, "--fail-on", "none"])
    assert result.exit_code == 0, result.output
    return result.stdout


def _sections(text: str) -> list[str]:
    """The lines of every manifest's framework section (other parts of a report, such as the
    days until the next progress report, also move with the date)."""
    lines, inside = [], False
    for line in text.splitlines():
        inside = line.startswith("Frameworks as of") or (inside and line != "")
        if inside and not line.startswith("Frameworks as of"):
            lines.append(line)
    return lines


def test_eu_obligations_start_to_apply_on_2_december_2026(run_cli) -> None:
    args = [*EXAMPLE_FILES, "--framework", "eu-ai-act"]
    before = _sections(_check(run_cli, *args, "--as-of", "2026-12-01"))
    after = _sections(_check(run_cli, *args, "--as-of", "2026-12-02"))
    changed = [(old, new) for old, new in zip(before, after, strict=True) if old != new]
    summaries = [(old, new) for old, new in changed if old.startswith("eu-ai-act  ")]
    moved = [(old, new) for old, new in changed if (old, new) not in summaries]
    # every example: its summary loses "3 upcoming", and exactly the three obligations that apply
    # from 2 December 2026 (the Art. 5 bans and the end of the Art. 50(2) transition) stop being upcoming
    assert len(summaries) == len(EXAMPLE_FILES)
    assert all("3 upcoming (next from 2026-12-02)" in old and "upcoming" not in new for old, new in summaries)
    assert len(moved) == 3 * len(EXAMPLE_FILES)
    assert all(old.endswith("upcoming (from 2026-12-02)") and "upcoming" not in new for old, new in moved)
    document = json.loads(_check(run_cli, *args, "--as-of", "2026-12-02", "--format", "json"))
    for assessment in document["assessments"]:
        (eu,) = assessment["frameworks"]
        started = [o["id"] for o in eu["obligations"] if o["applies_from"] == "2026-12-02"]
        assert started == ["eu-ai-act-art111-4", "eu-ai-act-art5-1-ba", "eu-ai-act-art5-1-bb"]
        assert all(o["state"] != "upcoming" for o in eu["obligations"])


def test_a_text_only_developer_in_one_jurisdiction_sees_only_its_frameworks(
    run_cli, write_manifest, tmp_path: Path
) -> None:
    manifest = write_manifest(tmp_path, TEXT_ONLY_GB)
    text = _check(run_cli, manifest, "--as-of", "2026-12-02", "--verbose")
    section = text[text.index("Frameworks as of") :]
    assert "uk-osa-ofcom" in section
    for other in ("eu-ai-act", "us-2258a", "us-take-it-down", "au-esafety", "nist-ai-100-4", "nist-ai-600-1"):
        assert other not in section
    document = json.loads(_check(run_cli, manifest, "--as-of", "2026-12-02", "--format", "json"))
    assert [f["id"] for f in document["assessments"][0]["frameworks"]] == ["uk-osa-ofcom"]


def test_a_framework_named_that_does_not_apply_says_why(run_cli, write_manifest, tmp_path: Path) -> None:
    manifest = write_manifest(tmp_path, TEXT_ONLY_GB)
    document = json.loads(_check(run_cli, manifest, "--framework", "eu-ai-act", "--format", "json"))
    (framework,) = document["assessments"][0]["frameworks"]
    assert (framework["applies"], framework["obligations"]) == (False, [])
    assert framework["reason"] == "applies in EU; the manifest states GB"


def test_a_member_state_is_in_the_eu_and_a_system_market_narrows_it(run_cli, write_manifest, tmp_path: Path) -> None:
    in_germany = write_manifest(tmp_path, TEXT_ONLY_GB.replace("[GB]", "[DE]"))
    document = json.loads(_check(run_cli, in_germany, "--format", "json"))
    assert [f["id"] for f in document["assessments"][0]["frameworks"]] == ["eu-ai-act"]
    # a system offered only in the US is outside the EU framework: its findings do not count there
    elsewhere = write_manifest(
        tmp_path,
        name="two.yaml",
        text=TEXT_ONLY_GB.replace("[GB]", "[DE, US]").replace(
            "release_type: hosted-api", "release_type: hosted-api\n    markets: [US]"
        ),
    )
    document = json.loads(_check(run_cli, elsewhere, "--framework", "eu-ai-act", "--format", "json"))
    systems = {
        s
        for o in document["assessments"][0]["frameworks"][0]["obligations"]
        for c in o["controls"]
        for s in c["systems"]
    }
    assert "scribe" not in systems


def test_only_equivalent_or_superset_can_cover_an_obligation(run_cli, write_manifest, tmp_path: Path) -> None:
    # the tiny pack maps DEV1-01 (equivalent) and DEP1-01 (intersects) to its UK hash-matching duty
    manifest = ROOT / "tests" / "cases" / "perfect-score" / "manifest.yaml"
    document = json.loads(
        _check(run_cli, manifest, "--pack", TEST_PACK, "--framework", "uk-osa-ofcom", "--framework", "eu-ai-act",
               "--format", "json", "--as-of", "2026-12-01")
    )  # fmt: skip
    uk, eu = document["assessments"][0]["frameworks"]
    states = {o["id"]: o["state"] for o in uk["obligations"] + eu["obligations"]}
    controls = {c["control"]: c["status"] for o in uk["obligations"] for c in o["controls"]}
    assert controls["DEV1-01"] == "met"
    assert states["uk-osa-hash-matching"] == "covered"
    assert states["uk-osa-future"] == "upcoming"  # null date: upcoming, never in force
    eu_controls = {c["control"]: c["status"] for o in eu["obligations"] for c in o["controls"]}
    if eu_controls["DEP1-01"] == "met":  # met, but only intersects: never more than partly covered
        assert states["eu-ai-act-art50"] == "partly-covered"


def test_voluntary_guidance_is_never_a_legal_gap(run_cli, write_manifest, tmp_path: Path) -> None:
    manifest = write_manifest(
        tmp_path, TEXT_ONLY_GB.replace("[GB]", "[US]").replace("output: [text]", "output: [image]")
    )
    document = json.loads(_check(run_cli, manifest, "--format", "json", "--as-of", "2026-12-01"))
    frameworks = {f["id"]: f for f in document["assessments"][0]["frameworks"]}
    nist = frameworks["nist-ai-100-4"]["obligations"]
    assert any(o["state"] == "not-covered" for o in nist)
    assert not any(o["legal_gap"] for o in nist)
    binding = [o for o in frameworks["us-2258a"]["obligations"] if o["state"] == "not-covered"]
    assert binding and all(o["legal_gap"] for o in binding)
    text = _check(run_cli, manifest, "--framework", "nist-ai-100-4", "--as-of", "2026-12-01")
    assert "not covered (voluntary guidance)" in text and "not covered (legal gap)" not in text


def test_an_unknown_framework_gets_did_you_mean(run_cli) -> None:
    result = run_cli(["check", EXAMPLE_FILES[0], "--framework", "eu-ai-akt"])
    assert result.exit_code == 2
    assert "--framework 'eu-ai-akt': unknown framework" in result.stderr
    assert "did you mean 'eu-ai-act'?" in result.stderr


def test_json_report_version_3_validates_with_frameworks(run_cli) -> None:
    document = json.loads(_check(run_cli, *EXAMPLE_FILES, "--format", "json", "--as-of", "2026-12-01"))
    schema = json.loads((ROOT / "schemas" / "report.schema.json").read_text())
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(document)
    assert document["schema_version"] == 3
    lumen = next(a for a in document["assessments"] if a["file"].endswith("lumen-labs.yaml"))
    eu = next(f for f in lumen["frameworks"] if f["id"] == "eu-ai-act")
    assert eu["counts"]["upcoming"] == 3 and eu["coverage"] == 50.0


def test_sarif_tags_name_frameworks_and_obligations(run_cli) -> None:
    log = json.loads(_check(run_cli, EXAMPLES / "open-canvas.yaml", "--format", "sarif", "--as-of", "2026-12-02"))
    rules = {r["id"]: r for r in log["runs"][0]["tool"]["driver"]["rules"]}
    assert {"framework:eu-ai-act", "obligation:eu-ai-act-art50-2"} <= set(rules["DEV3-01"]["properties"]["tags"])
    result = next(r for r in log["runs"][0]["results"] if r["ruleId"] == "DEV3-02")
    assert "obligation:eu-ai-act-art111-4" in result["properties"]["tags"]


def test_markdown_and_html_carry_the_section(run_cli) -> None:
    lumen = EXAMPLES / "lumen-labs.yaml"
    markdown = _check(run_cli, lumen, "--format", "markdown", "--framework", "us-take-it-down")
    assert "## Frameworks as of" in markdown and "| us-take-it-down-sec3-removal |" in markdown
    html = _check(run_cli, lumen, "--format", "html", "--framework", "us-take-it-down")
    assert "us-take-it-down-sec3-removal" in html and "<caption>Obligations</caption>" in html


def test_rules_and_explain_show_obligation_text_and_dates(run_cli) -> None:
    rules = run_cli(["rules", "--framework", "us-take-it-down"])
    assert rules.exit_code == 0
    removal = "us-take-it-down-sec3-removal: TAKE IT DOWN Act § 3 (removal within 48 hours, identical copies)"
    assert f"{removal} · from 2026-05-19" in rules.stdout
    explained = run_cli(["explain", "MNT1-01"])
    assert "eu-ai-act-art5-1-ba" in explained.stdout and "from 2026-12-02" in explained.stdout
    assert "uk-cpa-2026-csa-image-generators" in explained.stdout and "date not confirmed" in explained.stdout
