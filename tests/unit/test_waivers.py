"""Waivers (src/pledgecheck/waivers.py) on the test pack: which waiver applies, when it stops
applying, which waivers are refused and where, the expiry warnings, and waivers files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pledgecheck.assessment import Assessment, Finding
from pledgecheck.engine import evaluate
from pledgecheck.errors import InputError
from pledgecheck.loading import load_manifest
from pledgecheck.policy.loader import load_pack
from pledgecheck.waivers import WaiverEntry, load_waivers
from tests.support.paths import TEST_PACK

AS_OF = dt.date(2026, 6, 30)

#: No input detection for atlas-image: DEP1-01 (critical, per system) is a gap, waived until
#: the end of 2026 by the waiver on line 16.
WAIVED = """\
manifest_version: 1
organisation:
  name: Tiny Labs
  roles: [model-developer, model-host]
  hosts_third_party_models: true
  reporting:
    progress_reports:
      - {date: 2026-03-01, url: "https://example.org/progress"}
systems:
  - id: atlas-image
    name: Atlas Image
    modalities: {input: [text], output: [image]}
    release_type: open-weights
    audience: adults-only
waivers:
  - control: DEP1-01
    system: atlas-image
    justification: Input detection ships with the next release.
    approver: Chief Trust Officer
    expires: 2026-12-31
"""

SECOND_SYSTEM = """\
  - id: atlas-voice
    name: Atlas Voice
    modalities: {output: [audio]}
    release_type: hosted-api
"""


def assess(
    tmp_path: Path,
    text: str,
    *,
    as_of: dt.date = AS_OF,
    extra: tuple[WaiverEntry, ...] = (),
    warn_days: int = 30,
) -> Assessment:
    path = tmp_path / "manifest.yaml"
    path.write_text(text, encoding="utf-8")
    return evaluate(
        load_manifest(str(path)), load_pack(TEST_PACK), as_of=as_of, extra_waivers=extra, warn_days=warn_days
    )


def finding(assessment: Assessment, control: str, system: str = "") -> Finding:
    (found,) = [f for f in assessment.findings if f.control == control and f.system == system]
    return found


def another_waiver(expires: str, approver: str) -> str:
    return (
        "  - control: DEP1-01\n"
        "    system: atlas-image\n"
        f"    justification: Waived by {approver}.\n"
        f"    approver: {approver}\n"
        f"    expires: {expires}\n"
    )


# -- which waiver applies ---------------------------------------------------------------------


def test_an_active_waiver_waives_the_gap_and_keeps_what_was_evaluated(tmp_path: Path) -> None:
    waived = finding(assess(tmp_path, WAIVED), "DEP1-01", "atlas-image")
    assert waived.status == "waived"
    assert waived.evaluated_status == "gap"
    assert waived.waiver is not None and waived.waiver.approver == "Chief Trust Officer"
    assert not waived.waiver.expired


def test_a_waiver_does_not_touch_a_control_that_is_met(tmp_path: Path) -> None:
    text = WAIVED + (
        "safeguards:\n  - {id: sg-input, kind: input-detection, status: implemented, details: {hash_lists: [iwf]}}\n"
    )
    met = finding(assess(tmp_path, text), "DEP1-01", "atlas-image")
    assert (met.status, met.waiver) == ("met", None)


def test_a_waiver_without_a_system_covers_the_control_for_every_system(tmp_path: Path) -> None:
    text = WAIVED.replace("    system: atlas-image\n", "").replace("waivers:\n", SECOND_SYSTEM + "waivers:\n")
    result = assess(tmp_path, text)
    assert {finding(result, "DEP1-01", s).status for s in ("atlas-image", "atlas-voice")} == {"waived"}


def test_a_system_waiver_leaves_the_other_systems_failing(tmp_path: Path) -> None:
    result = assess(tmp_path, WAIVED.replace("waivers:\n", SECOND_SYSTEM + "waivers:\n"))
    assert finding(result, "DEP1-01", "atlas-image").status == "waived"
    assert finding(result, "DEP1-01", "atlas-voice").status == "gap"


def test_a_renewed_waiver_applies_even_when_the_expired_one_is_listed_first(tmp_path: Path) -> None:
    renewed = WAIVED.replace("expires: 2026-12-31", "expires: 2026-01-31") + another_waiver("2027-06-30", "CTO")
    waived = finding(assess(tmp_path, renewed), "DEP1-01", "atlas-image")
    assert waived.status == "waived"
    assert waived.waiver is not None and (waived.waiver.expires, waived.waiver.approver) == ("2027-06-30", "CTO")


@pytest.mark.parametrize("longest_first", [True, False])
def test_of_two_active_waivers_the_longest_lasting_applies_whatever_their_order(
    tmp_path: Path, longest_first: bool
) -> None:
    head = WAIVED.split("  - control: DEP1-01\n")[0]
    short, long = another_waiver("2026-09-30", "Head of Safety"), another_waiver("2027-03-31", "CTO")
    text = head + (long + short if longest_first else short + long)
    waived = finding(assess(tmp_path, text), "DEP1-01", "atlas-image")
    assert waived.status == "waived"
    assert waived.waiver is not None and (waived.waiver.expires, waived.waiver.approver) == ("2027-03-31", "CTO")


# -- when it stops applying -------------------------------------------------------------------


def test_a_waiver_still_applies_on_its_expiry_date(tmp_path: Path) -> None:
    assert finding(assess(tmp_path, WAIVED, as_of=dt.date(2026, 12, 31)), "DEP1-01", "atlas-image").status == "waived"


def test_an_expired_waiver_is_evaluated_normally_and_says_it_expired(tmp_path: Path) -> None:
    expired = finding(assess(tmp_path, WAIVED, as_of=dt.date(2027, 1, 1)), "DEP1-01", "atlas-image")
    assert expired.status == "gap"
    assert expired.messages[-1] == "a waiver expired on 2026-12-31 (approved by Chief Trust Officer)"
    assert expired.waiver is not None and expired.waiver.expired


def test_an_expired_waiver_counts_against_the_score(tmp_path: Path) -> None:
    # DEP1: DEP1-01 critical (4) waived, DEP1-02 high (3) gap, DEP1-03 medium (2) gap, DEP1-04 medium (2) met
    active = assess(tmp_path, WAIVED)
    assert active.scores.principles["DEP1"] == round(100 * 2 / (3 + 2 + 2), 1) == 28.6
    assert active.scores_without_waivers.principles["DEP1"] == round(100 * 2 / (4 + 3 + 2 + 2), 1) == 18.2
    expired = assess(tmp_path, WAIVED, as_of=dt.date(2027, 1, 1))
    assert expired.scores.principles["DEP1"] == expired.scores_without_waivers.principles["DEP1"] == 18.2


# -- waivers that are refused, located at their line ------------------------------------------


def test_a_system_waiver_of_an_organisation_control_is_rejected_at_its_line(tmp_path: Path) -> None:
    with pytest.raises(InputError) as raised:
        assess(tmp_path, WAIVED.replace("control: DEP1-01", "control: DEV1-01"))
    (problem,) = raised.value.problems
    assert problem.message == "DEV1-01 is assessed for the whole organisation, not per system: remove 'system'"
    assert (problem.line, problem.column, problem.path) == (17, 5, "$.waivers[0].system")


def test_a_waiver_for_an_unknown_control_is_bad_input_located_at_the_waiver(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        assess(tmp_path, WAIVED.replace("control: DEP1-01", "control: DEP1-09"))
    (problem,) = caught.value.problems
    assert (problem.line, problem.column) == (16, 5)
    assert problem.path == "$.waivers[0].control"
    assert "waiver names control 'DEP1-09', which is not in pack tiny-test-pack" in problem.message


# -- expiry warnings --------------------------------------------------------------------------


def test_a_waiver_close_to_expiry_warns(tmp_path: Path) -> None:
    result = assess(tmp_path, WAIVED, as_of=dt.date(2026, 12, 21))
    assert result.warnings == (
        f"{tmp_path / 'manifest.yaml'}:16: the waiver of DEP1-01 for system 'atlas-image' "
        "expires on 2026-12-31, in 10 days",
    )


@pytest.mark.parametrize(
    ("as_of", "warning"),
    [
        ("2026-12-20", None),  # 11 days left: outside the 10-day window
        ("2026-12-21", "in 10 days"),  # exactly the window
        ("2026-12-30", "in 1 day"),
        ("2026-12-31", "in 0 days"),  # the last day it applies
        ("2027-01-01", None),  # expired: the finding says so instead
    ],
)
def test_expiry_warnings_cover_the_last_n_days(tmp_path: Path, as_of: str, warning: str | None) -> None:
    warnings = assess(tmp_path, WAIVED, as_of=dt.date.fromisoformat(as_of), warn_days=10).warnings
    assert warnings == ((f"{tmp_path / 'manifest.yaml'}:16: the waiver of DEP1-01 for system 'atlas-image' "
                         f"expires on 2026-12-31, {warning}",) if warning else ())  # fmt: skip


def test_no_warning_days_warn_only_on_the_expiry_date(tmp_path: Path) -> None:
    assert assess(tmp_path, WAIVED, as_of=dt.date(2026, 12, 30), warn_days=0).warnings == ()
    assert len(assess(tmp_path, WAIVED, as_of=dt.date(2026, 12, 31), warn_days=0).warnings) == 1


# -- waivers files ----------------------------------------------------------------------------

WAIVERS_FILE = """\
waivers:
  - control: DEP1-01
    system: atlas-image
    justification: Input detection ships in January.
    approver: Head of Trust
    expires: 2027-01-15
"""


def test_a_waivers_file_applies_like_manifest_waivers_and_warns_at_its_own_lines(tmp_path: Path) -> None:
    path = tmp_path / "waivers.yaml"
    path.write_text(WAIVERS_FILE, encoding="utf-8")
    without_own = WAIVED.split("waivers:\n")[0]
    result = assess(tmp_path, without_own, extra=load_waivers(str(path)), as_of=dt.date(2027, 1, 5))
    waived = finding(result, "DEP1-01", "atlas-image")
    assert waived.status == "waived"
    assert waived.waiver is not None and waived.waiver.approver == "Head of Trust"
    assert result.warnings == (
        f"{path}:2: the waiver of DEP1-01 for system 'atlas-image' expires on 2027-01-15, in 10 days",
    )


def test_every_problem_of_a_waivers_file_is_located_in_that_file(tmp_path: Path) -> None:
    path = tmp_path / "waivers.yaml"
    second = "  - control: DEV1-01\n    justification: Q1.\n    approvr: CTO\n    expires: 2027-03-31\n"
    path.write_text(WAIVERS_FILE + second + "owner: trust team\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_waivers(str(path))
    located = sorted((p.line, p.column, p.path, p.message.split(";")[0]) for p in caught.value.problems)
    assert [where[:3] for where in located] == [
        (7, 5, "$.waivers[1]"),
        (9, 5, "$.waivers[1]"),  # the key is named in the message
        (11, 1, "$.owner"),
    ]
    assert located[0][3] == "missing required key 'approver'"
    assert located[1][3].startswith("unknown key 'approvr'")
    assert located[2][3] == "unknown key 'owner'"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("waivers: none\n", "expected a mapping with a list under 'waivers', e.g. waivers: [{control: DEV1-01"),
        ("{}\n", "expected a mapping with a list under 'waivers', e.g. waivers: [{control: DEV1-01"),
        ("- control: DEP1-01\n", "the top level must be a mapping of keys, not a list"),
    ],
)
def test_a_waivers_file_without_a_list_of_waivers_is_refused(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "waivers.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_waivers(str(path))
    (problem,) = caught.value.problems
    assert (problem.line, problem.column) == (1, 1)
    assert problem.message.startswith(expected)
