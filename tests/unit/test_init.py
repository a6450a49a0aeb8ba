"""`pledgecheck init`: the starter manifest a new user gets."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, get_args

import pytest
from typer.testing import CliRunner

from pledgecheck.cli import app
from pledgecheck.commands.init import run_init
from pledgecheck.loading import load_manifest
from pledgecheck.manifest import SCHEMA_ID
from pledgecheck.policy.loader import load_pack
from pledgecheck.resources import schema_path
from pledgecheck.vocabulary import SAFEGUARD_KINDS, Modality, Role

PROVENANCE = {"content-provenance", "invisible-watermarking", "synthetic-media-detection"}
EXAMPLES = Path(__file__).parents[2] / "examples"
THIRD_PARTY = {"third-party-model-policy", "third-party-model-review", "model-takedown"}


def _init(path: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["init", str(path), *args])
    return result.exit_code, result.output


def _starter(tmp_path: Path, *, roles: list[str], modalities: list[str]) -> dict[str, Any]:
    path = tmp_path / "manifest.yaml"
    run_init(output=str(path), name="Acme AI", roles=roles, modalities=modalities, force=False)
    return load_manifest(str(path)).data


def _kinds(data: dict[str, Any]) -> set[str]:
    return {safeguard["kind"] for safeguard in data["safeguards"]}


@pytest.mark.parametrize(
    ("roles", "modalities"),
    [
        ([], []),
        (["model-developer"], ["text"]),
        (["model-developer"], ["image", "video"]),
        (["model-developer", "model-host", "application-provider"], ["text", "image"]),
        (["model-host"], ["audio"]),
        (["content-platform", "search-engine"], ["image"]),
        (["application-provider"], ["code", "3d"]),
        (list(get_args(Role)), list(get_args(Modality))),
    ],
)
def test_starter_is_a_valid_manifest(tmp_path: Path, roles: list[str], modalities: list[str]) -> None:
    data = _starter(tmp_path, roles=roles, modalities=modalities)

    assert data["organisation"]["roles"] == (roles or ["model-developer"])
    assert data["systems"][0]["modalities"]["output"] == (modalities or ["text"])
    assert data["safeguards"], "a starter with no safeguards is of no help"


def test_every_catalogue_kind_is_offered_when_everything_applies(tmp_path: Path) -> None:
    path = tmp_path / "manifest.yaml"
    roles, modalities = list(get_args(Role)), ["image", "video", "audio"]
    run_init(output=str(path), name="Acme", roles=roles, modalities=modalities, force=False, audience="adults-only")
    data = load_manifest(str(path)).data

    asked = {kind for control in load_pack().controls for kind in control.kinds}
    assert _kinds(data) == asked
    assert asked <= set(SAFEGUARD_KINDS)


def test_untouched_starter_claims_nothing_is_in_place(tmp_path: Path) -> None:
    data = _starter(tmp_path, roles=["model-developer", "model-host"], modalities=["image"])

    assert {safeguard["status"] for safeguard in data["safeguards"]} == {"planned"}
    assert all(safeguard["due"] for safeguard in data["safeguards"])


def test_text_only_developer_gets_no_image_or_hosting_sections(tmp_path: Path) -> None:
    data = _starter(tmp_path, roles=["model-developer"], modalities=["text"])
    kinds = _kinds(data)

    assert not kinds & PROVENANCE
    assert "child-adult-content-separation" not in kinds
    assert not kinds & THIRD_PARTY
    assert "search-deterrence" not in kinds
    assert "hosts_third_party_models" not in data["organisation"]
    assert "operates_search" not in data["organisation"]
    assert {"training-data-source-vetting", "child-safety-red-teaming"} <= kinds


def test_sections_appear_when_they_apply(tmp_path: Path) -> None:
    data = _starter(tmp_path, roles=["model-developer", "model-host", "search-engine"], modalities=["image"])
    kinds = _kinds(data)

    assert kinds >= PROVENANCE | THIRD_PARTY | {"search-deterrence", "training-data-hash-matching"}
    assert data["organisation"]["hosts_third_party_models"] is True
    assert data["organisation"]["operates_search"] is True


def test_open_weights_developer_gets_no_run_time_filters(tmp_path: Path) -> None:
    data = _starter(tmp_path, roles=["model-developer"], modalities=["image"])

    assert data["systems"][0]["release_type"] == "open-weights"
    assert not _kinds(data) & {"input-detection", "output-detection", "age-assurance"}


def test_age_assurance_is_offered_for_an_adults_only_product_only(tmp_path: Path) -> None:
    adults = tmp_path / "adults.yaml"
    run_init(
        output=str(adults),
        name="A",
        roles=["application-provider"],
        modalities=["text"],
        force=False,
        audience="adults-only",
    )
    general = _starter(tmp_path, roles=["application-provider"], modalities=["text"])

    assert "age-assurance" in _kinds(load_manifest(str(adults)).data)
    assert "age-assurance" not in _kinds(general)


def test_the_starter_follows_the_pack_given(tmp_path: Path) -> None:
    pack = Path(__file__).parents[1] / "data" / "pack"
    path = tmp_path / "manifest.yaml"
    run_init(
        output=str(path), name="A", roles=["model-developer"], modalities=["image"], force=False, pack_dir=str(pack)
    )
    from pledgecheck.policy.loader import load_pack

    asked = {c.safeguard for c in load_pack(str(pack)).controls if c.safeguard}
    assert _kinds(load_manifest(str(path)).data) <= asked


def test_starter_points_editors_at_a_schema_written_beside_it(tmp_path: Path) -> None:
    path = tmp_path / "manifest.yaml"
    code, output = _init(path)

    assert code == 0
    first_line = path.read_text(encoding="utf-8").splitlines()[0]
    assert first_line == "# yaml-language-server: $schema=./manifest.schema.json"
    schema = tmp_path / "manifest.schema.json"
    assert schema.read_text(encoding="utf-8") == schema_path("manifest").read_text(encoding="utf-8")
    assert json.loads(schema.read_text(encoding="utf-8"))["$id"] == SCHEMA_ID
    assert f"pledgecheck validate {path}" in output


def test_the_same_schema_beside_it_is_kept_and_a_different_one_needs_force(tmp_path: Path) -> None:
    schema = tmp_path / "manifest.schema.json"
    assert _init(tmp_path / "one.yaml")[0] == 0
    assert _init(tmp_path / "two.yaml")[0] == 0  # same schema: nothing to overwrite
    schema.write_text("{}\n", encoding="utf-8")

    code, output = _init(tmp_path / "three.yaml")
    assert code == 2
    assert "manifest.schema.json already exists" in output and "--force" in output
    assert schema.read_text(encoding="utf-8") == "{}\n"
    assert not (tmp_path / "three.yaml").exists()

    assert _init(tmp_path / "three.yaml", "--force")[0] == 0
    assert schema.read_text(encoding="utf-8") == schema_path("manifest").read_text(encoding="utf-8")


def test_schema_path_prints_the_installed_file() -> None:
    result = CliRunner().invoke(app, ["schema", "--path"])
    assert result.exit_code == 0
    printed = Path(result.stdout.strip())
    assert printed.is_absolute() and printed.name == "manifest.schema.json"
    assert json.loads(printed.read_text(encoding="utf-8"))["$id"] == SCHEMA_ID


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_example_modelines_resolve_in_the_repository(example: Path) -> None:
    first_line = example.read_text(encoding="utf-8").splitlines()[0]
    prefix = "# yaml-language-server: $schema="
    assert first_line.startswith(prefix)
    target = first_line[len(prefix) :]
    assert not target.startswith(("http:", "https:")), "editors must not need the internet"
    assert (example.parent / target).resolve() == (EXAMPLES.parent / "schemas" / "manifest.schema.json").resolve()


def test_organisation_name_survives_quotes_and_odd_characters(tmp_path: Path) -> None:
    path = tmp_path / "manifest.yaml"
    name = 'Société "Ünïcode" AI: #1 \u2028 \x85 (Ltd)'
    run_init(output=str(path), name=name, roles=[], modalities=[], force=False)

    assert load_manifest(str(path)).data["organisation"]["name"] == name


def test_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    path = tmp_path / "manifest.yaml"
    path.write_text("my own work\n", encoding="utf-8")

    code, output = _init(path)

    assert code == 2
    assert str(path) in output and "--force" in output
    assert path.read_text(encoding="utf-8") == "my own work\n"


def test_force_overwrites(tmp_path: Path) -> None:
    path = tmp_path / "manifest.yaml"
    path.write_text("my own work\n", encoding="utf-8")

    code, _ = _init(path, "--force", "--name", "Acme AI")

    assert code == 0
    assert load_manifest(str(path)).data["organisation"]["name"] == "Acme AI"


def test_unknown_role_suggests_the_closest(tmp_path: Path) -> None:
    path = tmp_path / "manifest.yaml"
    code, output = _init(path, "--role", "modle-host")

    assert code == 2
    assert "unknown role 'modle-host'" in output
    assert "did you mean 'model-host'?" in output
    assert not path.exists()


def test_unknown_modality_lists_the_choices(tmp_path: Path) -> None:
    code, output = _init(tmp_path / "manifest.yaml", "--modality", "images")

    assert code == 2
    assert "did you mean 'image'?" in output
    assert "text, image, video, audio, code, 3d" in output


def test_a_folder_is_not_a_file_name(tmp_path: Path) -> None:
    code, output = _init(tmp_path)

    assert code == 2
    assert "is a folder" in output
