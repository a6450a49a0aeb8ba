"""Loading a manifest file: schema errors and cross-references, all at once, each located."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from pledgecheck.errors import InputError
from pledgecheck.loading import Limits, load_manifest

Writer = Callable[..., Path]

MISSPELT_ON_LINE_12 = """\
manifest_version: 1
organisation:
  name: Example Labs
  roles: [model-developer]
  jurisdictions: [US, GB]
  contact: safety@example.org
systems:
  - id: atlas-image
    name: Atlas Image
    description: Text-to-image API
    release_type: hosted-api
    modalites:
      input: [text]
      output: [image]
"""

TWO_SYSTEMS = """\
manifest_version: 1
organisation:
  name: Example Labs
  roles: [model-developer, model-host]
systems:
  - id: atlas-image
    name: Atlas Image
    modalities: {output: [image]}
    release_type: hosted-api
  - id: atlas-text
    name: Atlas Text
    modalities: {output: [text]}
    release_type: consumer-product
"""


def messages(path: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_manifest(str(path))
    return [str(p) for p in caught.value.problems]


def test_a_valid_manifest_loads_with_its_positions(tmp_path: Path, write_manifest: Writer, valid_manifest: str) -> None:
    doc = load_manifest(str(write_manifest(tmp_path, valid_manifest)))
    assert doc.data["systems"][0]["id"] == "atlas-image"
    assert doc.data["safeguards"][0]["evidence"][0]["date"] == "2025-09-30"
    assert doc.positions["/safeguards/0/kind"] == (14, 5)


def test_a_misspelt_key_on_line_12_names_line_12_and_the_right_key(tmp_path: Path, write_manifest: Writer) -> None:
    path = write_manifest(tmp_path, MISSPELT_ON_LINE_12)
    assert f"{path}:12:5: unknown key 'modalites' — did you mean 'modalities'? (at $.systems[0])" in messages(path)


def test_duplicate_system_and_safeguard_ids(tmp_path: Path, write_manifest: Writer) -> None:
    text = TWO_SYSTEMS.replace("id: atlas-text", "id: atlas-image") + (
        "safeguards:\n"
        "  - {id: sg-1, kind: enforcement, status: implemented}\n"
        "  - {id: sg-2, kind: enforcement, status: implemented}\n"
        "  - {id: sg-1, kind: user-reporting, status: implemented}\n"
    )
    path = write_manifest(tmp_path, text)
    assert messages(path) == [
        f"{path}:10:5: duplicate system id 'atlas-image' (first used on line 6) (at $.systems[1].id)",
        f"{path}:17:6: duplicate safeguard id 'sg-1' (first used on line 15) (at $.safeguards[2].id)",
    ]


def test_a_safeguard_naming_an_undeclared_system(tmp_path: Path, write_manifest: Writer) -> None:
    text = TWO_SYSTEMS + (
        "safeguards:\n"
        "  - id: sg-1\n"
        "    kind: enforcement\n"
        "    status: implemented\n"
        "    systems: [atlas-text, atlas-imgae, nowhere]\n"
    )
    path = write_manifest(tmp_path, text)
    assert messages(path) == [
        f"{path}:18:27: system 'atlas-imgae' is not declared under 'systems'"
        " — did you mean 'atlas-image'? (at $.safeguards[0].systems[1])",
        f"{path}:18:40: system 'nowhere' is not declared under 'systems' (at $.safeguards[0].systems[2])",
    ]


def test_a_waiver_naming_an_undeclared_system(tmp_path: Path, write_manifest: Writer) -> None:
    text = TWO_SYSTEMS + (
        "waivers:\n"
        "  - control: DEV3-01\n"
        "    system: atlas-txt\n"
        "    justification: Text only, no provenance needed yet.\n"
        "    approver: Chief Trust Officer\n"
        "    expires: 2026-12-31\n"
        "  - control: DEV2-01\n"
        "    justification: Organisation-wide waiver names no system.\n"
        "    approver: Chief Trust Officer\n"
        "    expires: 2026-12-31\n"
    )
    path = write_manifest(tmp_path, text)
    assert messages(path) == [
        f"{path}:16:5: system 'atlas-txt' is not declared under 'systems'"
        " — did you mean 'atlas-text'? (at $.waivers[0].system)"
    ]


def test_schema_and_reference_errors_are_reported_together(tmp_path: Path, write_manifest: Writer) -> None:
    text = TWO_SYSTEMS.replace("release_type: consumer-product", "release_type: consumer") + (
        "safeguards:\n"
        "  - {id: sg-1, kind: enforcement, status: implemented, systems: [atlas]}\n"
        "  - {id: sg-1, kind: enforcment, status: implemented}\n"
    )
    path = write_manifest(tmp_path, text)
    found = messages(path)
    assert len(found) == 4
    assert [m.split(": ", 1)[0] for m in found] == [
        f"{path}:13:5",  # release_type not allowed
        f"{path}:15:66",  # undeclared system
        f"{path}:16:6",  # duplicate safeguard id
        f"{path}:16:16",  # kind not allowed (a member is located at its key)
    ]


def test_the_size_limit_is_configurable(tmp_path: Path, write_manifest: Writer, valid_manifest: str) -> None:
    path = write_manifest(tmp_path, valid_manifest)
    with pytest.raises(InputError) as caught:
        load_manifest(str(path), limits=Limits(max_bytes=100))
    (problem,) = caught.value.problems
    assert problem.file == str(path)
    assert "larger than" in problem.message
    assert load_manifest(str(path), limits=Limits(max_bytes=len(valid_manifest))).data


# -- a flood of problems ------------------------------------------------------------------


def test_a_flood_of_unknown_keys_shows_the_first_hundred_and_counts_the_rest(
    tmp_path: Path, write_manifest: Writer, valid_manifest: str
) -> None:
    keys = "".join(f"unknown_{i:05}: 1\n" for i in range(5000))
    path = write_manifest(tmp_path, valid_manifest + keys)
    with pytest.raises(InputError) as caught:
        load_manifest(str(path))
    shown = [str(p) for p in caught.value.problems]
    assert len(shown) == 101
    first_line = len(valid_manifest.splitlines()) + 1
    assert shown[0] == f"{path}:{first_line}:1: unknown key 'unknown_00000'"
    assert shown[99] == f"{path}:{first_line + 99}:1: unknown key 'unknown_00099'"
    notice = "4900 more problem(s) from here on omitted; the first 100 are shown"
    assert shown[-1] == f"{path}:{first_line + 100}:1: {notice}"


def test_problems_of_every_kind_count_towards_the_limit(
    tmp_path: Path, write_manifest: Writer, valid_manifest: str
) -> None:
    systems = "".join(f"  - {{id: Bad_{i}, name: x, modalities: {{output: [image]}}, bogus: 1}}\n" for i in range(80))
    path = write_manifest(tmp_path, valid_manifest.replace("systems:\n", "systems:\n" + systems, 1))
    with pytest.raises(InputError) as caught:
        load_manifest(str(path))
    problems = caught.value.problems
    assert len(problems) == 101
    assert problems[-1].message.endswith("more problem(s) from here on omitted; the first 100 are shown")
    assert int(problems[-1].message.split()[0]) == 3 * 80 - 100  # id, unknown key, release_type
    assert str(caught.value).splitlines()[-1].endswith("the first 100 are shown (at $.systems[33].id)")


def test_a_hundred_problems_are_all_shown_without_a_notice(
    tmp_path: Path, write_manifest: Writer, valid_manifest: str
) -> None:
    path = write_manifest(tmp_path, valid_manifest + "".join(f"unknown_{i:03}: 1\n" for i in range(100)))
    with pytest.raises(InputError) as caught:
        load_manifest(str(path))
    assert len(caught.value.problems) == 100
    assert "omitted" not in str(caught.value)
