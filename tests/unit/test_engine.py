"""The engine on a tiny pack of our own (tests/data/pack): applicability, scopes, safeguard
statuses, scores and determinism, as a compliance lead would see them (waivers:
tests/unit/test_waivers.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pledgecheck.assessment import Assessment, Finding
from pledgecheck.engine import evaluate
from pledgecheck.loading import load_manifest
from pledgecheck.policy.loader import load_pack

PACK_DIR = Path(__file__).parents[1] / "data" / "pack"
AS_OF = dt.date(2026, 6, 30)

HEADER = """\
manifest_version: 1
organisation:
  name: Tiny Labs
  roles: [model-developer, model-host]
  hosts_third_party_models: true
  reporting:
    progress_reports:
      - {date: 2026-03-01, url: "https://example.org/progress"}
"""

IMAGE_SYSTEM = """\
  - id: atlas-image
    name: Atlas Image
    modalities: {input: [text], output: [image]}
    release_type: open-weights
    audience: adults-only
"""


def assess(tmp_path: Path, text: str, *, as_of: dt.date = AS_OF) -> Assessment:
    path = tmp_path / "manifest.yaml"
    path.write_text(text, encoding="utf-8")
    return evaluate(load_manifest(str(path)), load_pack(PACK_DIR), as_of=as_of)


def finding(assessment: Assessment, control: str, system: str = "") -> Finding:
    found = [f for f in assessment.findings if f.control == control and f.system == system]
    assert len(found) == 1, [(f.control, f.system) for f in assessment.findings]
    return found[0]


def statuses(assessment: Assessment) -> dict[str, str]:
    return {f.control + (f"@{f.system}" if f.system else ""): f.status for f in assessment.findings}


# -- applicability ----------------------------------------------------------------------------


def test_a_host_that_trains_nothing_is_not_asked_for_training_data_controls(
    tmp_path: Path,
) -> None:
    text = HEADER.replace("[model-developer, model-host]", "[model-host]")
    result = assess(tmp_path, text + "systems:\n" + IMAGE_SYSTEM)
    dev1 = finding(result, "DEV1-01")
    assert dev1.status == "not-applicable"
    assert dev1.messages == ("applies to organisations with role model-developer; this one is model-host",)


def test_a_text_only_system_is_not_asked_for_image_controls_and_the_reason_names_it(
    tmp_path: Path,
) -> None:
    text = HEADER + (
        "systems:\n"
        "  - id: atlas-chat\n"
        "    name: Atlas Chat\n"
        "    modalities: {input: [text], output: [text]}\n"
        "    release_type: hosted-api\n"
    )
    result = assess(tmp_path, text)
    separation = finding(result, "DEV1-02", "atlas-chat")
    assert separation.status == "not-applicable"
    assert separation.messages == ("applies to systems with image, video or audio output; 'atlas-chat' has text",)


def test_release_type_audience_and_organisation_flags_decide_applicability(
    tmp_path: Path,
) -> None:
    text = HEADER.replace("  hosts_third_party_models: true\n", "") + (
        "systems:\n"
        "  - id: atlas-image\n"
        "    name: Atlas Image\n"
        "    modalities: {output: [image]}\n"
        "    release_type: hosted-api\n"
    )
    result = assess(tmp_path, text)
    assert finding(result, "DEV1-03").messages == (
        "applies only if there is a system released as open-weights; there is none",
    )
    assert finding(result, "DEP1-02", "atlas-image").messages == (
        "applies to systems for an audience that is adults-only; 'atlas-image' has general",
    )
    assert finding(result, "DEP1-03").messages == (
        "applies to organisations that host third-party models; this one declares that it does not",
    )
    assert {finding(result, c).status for c in ("DEV1-03", "DEP1-03")} == {"not-applicable"}


def test_system_controls_are_not_applicable_when_no_system_is_declared(tmp_path: Path) -> None:
    result = assess(tmp_path, HEADER)
    dep1 = finding(result, "DEP1-01")
    assert dep1.status == "not-applicable"
    assert dep1.messages == ("the organisation declares no assessed system",)


# -- scopes -----------------------------------------------------------------------------------

TWO_SYSTEMS = (
    HEADER
    + (
        "systems:\n" + IMAGE_SYSTEM + "  - id: atlas-voice\n"  # line 15
        "    name: Atlas Voice\n"
        "    modalities: {output: [audio]}\n"
        "    release_type: hosted-api\n"
        "  - id: old-model\n"
        "    name: Old Model\n"
        "    modalities: {output: [image]}\n"
        "    release_type: hosted-api\n"
        "    lifecycle: retired\n"
        "safeguards:\n"
        "  - id: sg-input\n"
        "    kind: input-detection\n"
        "    status: implemented\n"
        "    systems: [atlas-image]\n"
        "    details: {hash_lists: [ncmec]}\n"
    )
)


def test_system_controls_give_one_finding_per_system_naming_it(tmp_path: Path) -> None:
    result = assess(tmp_path, TWO_SYSTEMS)
    assert finding(result, "DEP1-01", "atlas-image").status == "met"
    voice = finding(result, "DEP1-01", "atlas-voice")
    assert voice.status == "gap"
    assert voice.messages == (
        "not documented in this manifest: no 'input-detection' safeguard covering system 'atlas-voice'",
    )
    assert (voice.line, voice.column) == (15, 5)


def test_retired_systems_are_never_assessed(tmp_path: Path) -> None:
    result = assess(tmp_path, TWO_SYSTEMS)
    assert not [f for f in result.findings if f.system == "old-model"]
    assert {f.system for f in result.findings} == {"", "atlas-image", "atlas-voice"}


def test_an_organisation_wide_safeguard_covers_every_system(tmp_path: Path) -> None:
    text = TWO_SYSTEMS.replace("    systems: [atlas-image]\n", "")
    result = assess(tmp_path, text)
    assert finding(result, "DEP1-01", "atlas-voice").status == "met"
    assert finding(result, "DEP1-01", "atlas-voice").safeguard == "sg-input"


# -- the safeguard's own status ---------------------------------------------------------------

PLANNED = (
    HEADER
    + "systems:\n"
    + IMAGE_SYSTEM
    + """\
safeguards:
  - id: sg-hash
    kind: training-data-hash-matching
    status: planned
    due: 2026-09-30
"""
)


def test_a_planned_safeguard_not_yet_due_is_a_gap_that_gives_the_due_date(
    tmp_path: Path,
) -> None:
    result = assess(tmp_path, PLANNED)
    planned = finding(result, "DEV1-01")
    assert planned.status == "gap"
    assert planned.messages == ("'sg-hash' is only planned (due 2026-09-30)",)
    assert (planned.pointer, planned.line) == ("/safeguards/0/status", 18)


def test_an_overdue_planned_safeguard_says_it_is_overdue(tmp_path: Path) -> None:
    result = assess(tmp_path, PLANNED, as_of=dt.date(2026, 10, 1))
    assert finding(result, "DEV1-01").messages == ("'sg-hash' is only planned and overdue: it was due on 2026-09-30",)


def test_a_partial_safeguard_makes_the_control_partial_even_when_its_checks_pass(
    tmp_path: Path,
) -> None:
    text = PLANNED.replace("status: planned\n    due: 2026-09-30\n", "status: partial\n") + (
        "    details: {hash_lists: [ncmec]}\n    evidence: [{url: 'https://example.org/e', date: 2026-05-01}]\n"
    )
    result = assess(tmp_path, text)
    partial = finding(result, "DEV1-01")
    assert partial.status == "partial"
    assert partial.messages == ("'sg-hash' is declared partial",)
    assert [c.passed for c in partial.checks] == [False, True, True]


def test_a_not_applicable_safeguard_carries_the_organisations_justification(
    tmp_path: Path,
) -> None:
    text = PLANNED.replace(
        "status: planned\n    due: 2026-09-30\n",
        "status: not-applicable\n    justification: We train on licensed text only.\n",
    )
    result = assess(tmp_path, text)
    na = finding(result, "DEV1-01")
    assert na.status == "not-applicable"
    assert na.messages == ("declared not applicable by the organisation in 'sg-hash': We train on licensed text only.",)


def test_the_best_safeguard_of_a_kind_is_judged(tmp_path: Path) -> None:
    text = PLANNED + (
        "  - id: sg-hash-live\n"
        "    kind: training-data-hash-matching\n"
        "    status: implemented\n"
        "    details: {hash_lists: [iwf]}\n"
        "    evidence: [{url: 'https://example.org/e', date: 2026-05-01}]\n"
    )
    result = assess(tmp_path, text)
    assert finding(result, "DEV1-01").status == "met"
    assert finding(result, "DEV1-01").safeguard == "sg-hash-live"


# -- scores -----------------------------------------------------------------------------------

SCORED = (
    HEADER.replace("date: 2026-03-01", "date: 2024-01-01")
    + "systems:\n"
    + IMAGE_SYSTEM.replace("adults-only", "general")
    + """\
safeguards:
  - id: sg-hash
    kind: training-data-hash-matching
    status: implemented
    details: {hash_lists: [ncmec]}
    evidence: [{url: "https://example.org/e", date: 2026-05-01}]
  - id: sg-separation
    kind: child-adult-content-separation
    status: implemented
    evidence: [{url: "https://example.org/e", date: 2026-05-01}]
  - id: sg-3p
    kind: third-party-model-policy
    status: implemented
waivers:
  - control: DEP1-01
    justification: Ships next quarter.
    approver: CTO
    expires: 2026-12-31
"""
)


def test_scores_weigh_severity_and_status_and_leave_out_n_a_and_waived(tmp_path: Path) -> None:
    result = assess(tmp_path, SCORED)
    assert statuses(result) == {
        "DEV1-01": "met",  # critical 4 x 1
        "DEV1-02@atlas-image": "partial",  # high 3 x 0.5 (self-attested evidence only)
        "DEV1-03": "gap",  # low 1 x 0 (no training-data policy)
        "DEP1-01@atlas-image": "waived",  # critical 4, evaluated gap
        "DEP1-02@atlas-image": "not-applicable",  # general audience: left out
        "DEP1-03": "met",  # medium 2 x 1
        "DEP1-04": "partial",  # medium 2 x 0.5 (report older than 400 days)
    }
    dev1 = (4 * 1 + 3 * 0.5 + 1 * 0) / (4 + 3 + 1)
    dep1 = (2 * 1 + 2 * 0.5) / (2 + 2)
    dep1_unwaived = (4 * 0 + 2 * 1 + 2 * 0.5) / (4 + 2 + 2)
    overall = (4 + 1.5 + 0 + 2 + 1) / (4 + 3 + 1 + 2 + 2)
    overall_unwaived = (4 + 1.5 + 0 + 0 + 2 + 1) / (4 + 3 + 1 + 4 + 2 + 2)
    assert result.scores.principles == {"DEV1": 68.8, "DEP1": 75.0}
    assert result.scores.principles["DEV1"] == round(100 * dev1, 1)
    assert result.scores.principles["DEP1"] == round(100 * dep1, 1)
    assert result.scores.pillars == {"develop": 68.8, "deploy": 75.0}
    assert result.scores.overall == round(100 * overall, 1) == 70.8
    assert result.scores_without_waivers.principles["DEP1"] == round(100 * dep1_unwaived, 1)
    assert result.scores_without_waivers.overall == round(100 * overall_unwaived, 1) == 53.1


def test_nothing_applicable_scores_none(tmp_path: Path) -> None:
    text = HEADER.replace("[model-developer, model-host]", "[search-engine]").replace(
        "  hosts_third_party_models: true\n", ""
    )
    result = assess(tmp_path, text)
    assert result.scores.principles["DEV1"] is None
    assert result.scores.principles["DEP1"] == 100.0


# -- determinism ------------------------------------------------------------------------------


def test_same_input_and_date_give_byte_identical_json(tmp_path: Path, run_cli) -> None:
    path = tmp_path / "manifest.yaml"
    path.write_text(SCORED, encoding="utf-8")
    args = ["check", path, "--pack", PACK_DIR, "--as-of", "2026-06-30", "--format", "json"]
    first, second = run_cli(args), run_cli(args)
    assert first.stdout == second.stdout
    assert first.stdout.encode() == second.stdout.encode()
    later = run_cli([*args[:-4], "--as-of", "2027-06-30", "--format", "json"])
    assert later.stdout != first.stdout
