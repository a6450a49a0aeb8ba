"""The difference between two versions of a manifest (src/pledgecheck/diff.py), both assessed
with the test pack on one date: regressions and improvements, safeguards removed or
downgraded, evidence removed or gone stale, and new systems left uncovered."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pledgecheck.diff import ManifestDiff, compare
from pledgecheck.engine import evaluate
from pledgecheck.loading import load_manifest
from pledgecheck.policy.loader import load_pack
from tests.support.paths import TEST_PACK

AS_OF = dt.date(2026, 6, 30)

#: Every applicable control of the test pack is met on AS_OF: DEV1-01 (critical), DEV1-02
#: for atlas-image (high), DEP1-01 for atlas-image (critical), DEP1-04 (medium).
BASE = """\
manifest_version: 1
organisation:
  name: Tiny Labs
  roles: [model-developer]
  reporting:
    progress_reports:
      - {date: 2026-03-01, url: "https://example.org/progress"}
systems:
  - id: atlas-image
    name: Atlas Image
    modalities: {output: [image]}
    release_type: hosted-api
safeguards:
  - id: sg-hash
    kind: training-data-hash-matching
    status: implemented
    details: {hash_lists: [ncmec]}
    evidence:
      - {url: "https://example.org/hash-2026", date: 2026-05-01}
  - id: sg-input
    kind: input-detection
    status: implemented
    details: {hash_lists: [iwf]}
  - id: sg-separation
    kind: child-adult-content-separation
    status: implemented
    systems: [atlas-image]
    evidence:
      - {url: "https://example.org/separation", date: 2026-01-10, assurance: publicly-documented}
"""

NO_INPUT_DETECTION = BASE.replace(
    "  - id: sg-input\n    kind: input-detection\n    status: implemented\n    details: {hash_lists: [iwf]}\n", ""
)
SELF_ATTESTED_SEPARATION = BASE.replace(", assurance: publicly-documented}", "}")
VOICE_SYSTEM = """\
  - id: atlas-voice
    name: Atlas Voice
    modalities: {output: [audio]}
    release_type: hosted-api
"""
CHAT_SYSTEM = """\
  - id: atlas-chat
    name: Atlas Chat
    modalities: {output: [text]}
    release_type: hosted-api
"""


def with_systems(text: str, *systems: str) -> str:
    return text.replace("safeguards:\n", "".join(systems) + "safeguards:\n")


def diff(tmp_path: Path, old: str, new: str, *, pack_folder: Path | None = TEST_PACK) -> ManifestDiff:
    pack = load_pack(pack_folder)
    docs = []
    for name, text in (("old.yaml", old), ("new.yaml", new)):
        (tmp_path / name).write_text(text, encoding="utf-8")
        docs.append(load_manifest(str(tmp_path / name)))
    before, after = (evaluate(doc, pack, as_of=AS_OF) for doc in docs)
    return compare(before, after, docs[0].data, docs[1].data)


def changes(found: ManifestDiff, kind: str) -> list[tuple[str, str, str, str]]:
    return [(c.control, c.system, c.old, c.new) for c in getattr(found, kind)]


# -- regressions and improvements -------------------------------------------------------------


def test_the_same_manifest_has_no_difference(tmp_path: Path) -> None:
    assert diff(tmp_path, BASE, BASE).empty


def test_a_finding_that_fails_now_is_a_regression_most_severe_first(tmp_path: Path) -> None:
    new = NO_INPUT_DETECTION.replace("date: 2026-05-01", "date: 2024-01-01").replace(
        ", assurance: publicly-documented}", "}"
    )
    found = diff(tmp_path, BASE, new)
    assert changes(found, "regressions") == [
        ("DEP1-01", "atlas-image", "met", "gap"),  # critical
        ("DEV1-01", "", "met", "partial"),  # critical: hash-matching evidence now 911 days old
        ("DEV1-02", "atlas-image", "met", "partial"),  # high: the separation is only self-attested
    ]
    assert found.improvements == ()
    assert all(c.messages for c in found.regressions), "a regression says what fails now"


def test_failing_worse_is_a_regression_and_failing_less_an_improvement(tmp_path: Path) -> None:
    gone = SELF_ATTESTED_SEPARATION.split("  - id: sg-separation\n")[0]
    worse = diff(tmp_path, SELF_ATTESTED_SEPARATION, gone)
    assert changes(worse, "regressions") == [("DEV1-02", "atlas-image", "partial", "gap")]
    better = diff(tmp_path, gone, SELF_ATTESTED_SEPARATION)
    assert changes(better, "improvements") == [("DEV1-02", "atlas-image", "gap", "partial")]
    assert better.regressions == ()


def test_a_gap_that_is_met_or_waived_now_is_an_improvement(tmp_path: Path) -> None:
    waived = NO_INPUT_DETECTION + (
        "waivers:\n  - {control: DEP1-01, justification: Ships in Q3., approver: CTO, expires: 2026-12-31}\n"
    )
    assert changes(diff(tmp_path, NO_INPUT_DETECTION, waived), "improvements") == [
        ("DEP1-01", "atlas-image", "gap", "waived")
    ]
    fixed = diff(tmp_path, NO_INPUT_DETECTION, BASE)
    assert changes(fixed, "improvements") == [("DEP1-01", "atlas-image", "gap", "met")]
    assert fixed.improvements[0].messages == (), "a control that passes now has nothing to explain"


def test_a_control_that_stops_applying_is_no_change(tmp_path: Path) -> None:
    # met -> not-applicable: the image output is gone, so is the separation control
    text_only = BASE.replace("modalities: {output: [image]}", "modalities: {output: [text]}")
    assert diff(tmp_path, BASE, text_only).regressions == ()
    assert diff(tmp_path, BASE, text_only).improvements == ()


def test_regressions_gate_by_severity(tmp_path: Path) -> None:
    found = diff(tmp_path, BASE, NO_INPUT_DETECTION.replace(", assurance: publicly-documented}", "}"))
    assert [c.control for c in found.regressions_at("low")] == ["DEP1-01", "DEV1-02"]
    assert [c.control for c in found.regressions_at("high")] == ["DEP1-01", "DEV1-02"]
    assert [c.control for c in found.regressions_at("critical")] == ["DEP1-01"]
    assert found.regressions_at("none") == []


# -- systems added and removed ----------------------------------------------------------------


def test_a_new_system_with_gaps_is_uncovered_and_its_failures_are_regressions_from_absent(
    tmp_path: Path,
) -> None:
    found = diff(tmp_path, BASE, with_systems(BASE, VOICE_SYSTEM))
    # sg-separation covers atlas-image only; input detection is organisation-wide
    assert changes(found, "regressions") == [("DEV1-02", "atlas-voice", "absent", "gap")]
    assert found.uncovered_systems == ("system 'atlas-voice' was added with gaps in DEV1-02",)


def test_a_new_system_with_every_control_covered_is_not_reported(tmp_path: Path) -> None:
    found = diff(tmp_path, BASE, with_systems(BASE, CHAT_SYSTEM))  # text only: DEV1-02 does not apply
    assert found.empty


def test_a_new_system_lists_every_control_with_a_gap(tmp_path: Path) -> None:
    found = diff(tmp_path, NO_INPUT_DETECTION, with_systems(NO_INPUT_DETECTION, VOICE_SYSTEM))
    assert found.uncovered_systems == ("system 'atlas-voice' was added with gaps in DEP1-01, DEV1-02",)


def test_removing_a_failing_system_is_an_improvement_to_absent(tmp_path: Path) -> None:
    found = diff(tmp_path, with_systems(BASE, VOICE_SYSTEM), BASE)
    assert changes(found, "improvements") == [("DEV1-02", "atlas-voice", "gap", "absent")]
    assert found.regressions == () and found.uncovered_systems == ()


# -- safeguards and evidence ------------------------------------------------------------------


def test_removed_and_downgraded_safeguards_are_listed_and_upgrades_are_not(tmp_path: Path) -> None:
    new = NO_INPUT_DETECTION.replace(
        "kind: training-data-hash-matching\n    status: implemented",
        "kind: training-data-hash-matching\n    status: partial",
    ).replace(
        "kind: child-adult-content-separation\n    status: implemented",
        "kind: child-adult-content-separation\n    status: planned\n    due: 2026-12-31",
    )
    assert diff(tmp_path, BASE, new).safeguards == (
        "safeguard 'sg-hash' was downgraded from implemented to partial",
        "safeguard 'sg-input' (input-detection) was removed",
        "safeguard 'sg-separation' was downgraded from implemented to planned",
    )
    assert diff(tmp_path, new, BASE).safeguards == ()


def test_removed_evidence_is_listed(tmp_path: Path) -> None:
    new = BASE.split('    evidence:\n      - {url: "https://example.org/separation"')[0]
    assert diff(tmp_path, BASE, new).evidence == (
        "evidence https://example.org/separation of safeguard 'sg-separation' was removed",
    )


def test_evidence_that_is_stale_now_is_listed(tmp_path: Path) -> None:
    older = '      - {url: "https://example.org/hash-2024", date: 2024-01-01}\n'
    old = BASE.replace("date: 2026-05-01}\n", "date: 2026-05-01}\n" + older)
    new = BASE.replace('      - {url: "https://example.org/hash-2026", date: 2026-05-01}\n', older)
    # how long evidence stays current is a fact of the default pack (18 months); the test pack has none
    assert diff(tmp_path, old, new, pack_folder=None).evidence == (
        "evidence https://example.org/hash-2026 of safeguard 'sg-hash' was removed",
        "the evidence of safeguard 'sg-hash' is now older than 548 days",  # 2024-01-01 is 911 days old
    )


def test_the_evidence_of_a_removed_safeguard_is_not_listed_twice(tmp_path: Path) -> None:
    found = diff(tmp_path, BASE, BASE.split("  - id: sg-separation\n")[0])
    assert found.safeguards == ("safeguard 'sg-separation' (child-adult-content-separation) was removed",)
    assert found.evidence == ()
