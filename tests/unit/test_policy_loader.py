"""Loading a policy pack: a malformed pack stops with the Markdown file's line:col (exit 3),
examples are run by `test-pack`, and the compiled form is cached by content."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pledgecheck.errors import PackError, Problem
from pledgecheck.policy import loader
from pledgecheck.policy.loader import load_pack

PACK_DIR = Path(__file__).parents[1] / "data" / "pack"
MANIFEST = """\
manifest_version: 1
organisation: {name: Tiny Labs, roles: [model-host]}
"""


def copy_pack(tmp_path: Path) -> Path:
    target = tmp_path / "pack"
    shutil.copytree(PACK_DIR, target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def pack_problems(folder: Path) -> list[Problem]:
    with pytest.raises(PackError) as caught:
        load_pack(folder, use_cache=False)
    return caught.value.problems


def test_the_tiny_pack_loads_with_rationale_and_positions() -> None:
    pack = load_pack(PACK_DIR, use_cache=False)
    assert [c.id for c in pack.controls] == [
        "DEV1-01", "DEV1-02", "DEV1-03", "DEP1-01", "DEP1-02", "DEP1-03", "DEP1-04",
    ]  # fmt: skip
    first = pack.control("DEV1-01")
    assert first is not None
    assert first.why == "Hash matching keeps known material out of training sets."
    assert (Path(first.file).name, first.line) == ("DEV1.md", 10)
    assert first.pillar == "develop"


def test_malformed_yaml_in_a_control_block_names_the_markdown_line(tmp_path: Path) -> None:
    folder = copy_pack(tmp_path)
    edit(folder / "DEV1.md", "severity: high\n", "severity: high: critical\n")
    (problem,) = pack_problems(folder)
    assert problem.file == str(folder / "DEV1.md")
    assert problem.line == 51
    assert problem.message.startswith("invalid YAML:")


def test_an_unknown_operator_is_located_and_gets_a_suggestion(tmp_path: Path) -> None:
    folder = copy_pack(tmp_path)
    edit(folder / "DEV1.md", "{min_assurance: {path", "{min_assurence: {path")
    (problem,) = pack_problems(folder)
    assert (problem.line, problem.column) == (59, 5)
    assert "'min_assurence' is not allowed here" in problem.message
    assert "did you mean 'min_assurance'?" in problem.message


CONTAINS = "test: {contains: {path: /safeguard/details/prohibits, value: csam}}"


@pytest.mark.parametrize(
    ("file", "old", "new", "where", "message"),
    [
        ("DEP1.md", "  audiences: [adults-only]\n", "  audience: [adults-only]\n", (46, 3), "unknown key 'audience'"),
        (
            "DEP1.md",
            "  organisation: [hosts_third_party_models]\n",
            "  any:\n    - {roles: [model-host]}\n    - {organisations: [operates_search]}\n",
            (75, 8),
            "unknown key 'organisations'",
        ),
        (
            "DEP1.md",
            "organisation: [hosts_third_party_models]",
            "organisation: [hosts_3rd_party_models]",
            (73, 18),
            "'hosts_3rd_party_models' is not allowed here",
        ),
        (
            "DEV1.md",
            CONTAINS,
            "test: {not: {all: [{exists: /safeguard/id}, {contain: {path: /safeguard/details/prohibits, value: x}}]}}",
            (98, 49),
            "'contain' is not allowed here",
        ),
    ],
    ids=["applicability-key", "applicability-key-in-any", "organisation-flag", "operator-in-a-combinator"],
)
def test_an_unknown_name_in_a_control_is_located(
    tmp_path: Path, file: str, old: str, new: str, where: tuple[int, int], message: str
) -> None:
    folder = copy_pack(tmp_path)
    edit(folder / file, old, new)
    (problem,) = pack_problems(folder)
    assert (Path(problem.file).name, problem.line, problem.column) == (file, *where)
    assert problem.message.startswith(message)
    assert "did you mean" in problem.message


def test_a_missing_required_field_is_located_at_the_control(tmp_path: Path) -> None:
    folder = copy_pack(tmp_path)
    edit(folder / "DEP1.md", "remediation: Publish rules banning models tuned to produce AIG-CSAM.\n", "")
    (problem,) = pack_problems(folder)
    assert str(problem) == f"{folder / 'DEP1.md'}:67:1: missing required key 'remediation'"


def test_a_control_id_must_match_its_heading(tmp_path: Path) -> None:
    folder = copy_pack(tmp_path)
    edit(folder / "DEP1.md", "## DEP1-03 Ban models", "## DEP1-05 Ban models")
    (problem,) = pack_problems(folder)
    assert problem.line == 67
    assert "control id 'DEP1-03' does not match its heading '## DEP1-05" in problem.message


def test_a_crosswalk_entry_must_name_a_control_of_the_pack(tmp_path: Path) -> None:
    # frameworks.yaml is the one declaration of mappings (tests/frameworks has the rest)
    folder = copy_pack(tmp_path)
    edit(folder / "frameworks.yaml", "{control: DEP1-03,", "{control: DEP1-07,")
    (problem,) = pack_problems(folder)
    assert problem.line == 47
    assert problem.message.startswith("unknown control 'DEP1-07'")


def test_duplicate_control_ids_are_located_at_the_second(tmp_path: Path) -> None:
    folder = copy_pack(tmp_path)
    edit(folder / "DEP1.md", "## DEP1-03 Ban", "## DEP1-02 Ban")
    edit(folder / "DEP1.md", "id: DEP1-03\n", "id: DEP1-02\n")
    (problem,) = pack_problems(folder)
    assert str(problem) == f"{folder / 'DEP1.md'}:67:1: duplicate control id 'DEP1-02'"


def test_every_problem_of_a_pack_is_reported_at_once(tmp_path: Path) -> None:
    folder = copy_pack(tmp_path)
    edit(folder / "DEV1.md", "severity: high\n", "severity: hihg\n")
    edit(
        folder / "DEP1.md",
        "scope: organisation\napplies:\n  roles: [model-host]",
        "scope: world\napplies:\n  roles: [model-host]",
    )
    problems = pack_problems(folder)
    assert [(Path(p.file).name, p.line) for p in problems] == [("DEP1.md", 70), ("DEV1.md", 51)]
    assert "did you mean 'high'?" in problems[1].message


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        ("DEV1.md", "{min_assurance: {path", "{min_assurence: {path", "59:5: 'min_assurence' is not allowed here"),
        ("DEP1.md", "  audiences: [adults-only]\n", "  audience: [adults-only]\n", "46:3: unknown key 'audience'"),
    ],
    ids=["unknown-operator", "unknown-applicability-key"],
)
def test_check_with_a_broken_pack_exits_3_with_the_location(
    tmp_path: Path, run_cli, file: str, old: str, new: str, expected: str
) -> None:
    folder = copy_pack(tmp_path)
    edit(folder / file, old, new)
    manifest = tmp_path / "manifest.yaml"
    manifest.write_text(MANIFEST, encoding="utf-8")
    result = run_cli(["check", manifest, "--pack", folder])
    assert result.exit_code == 3
    assert f"{folder / file}:{expected}" in result.stderr
    assert "did you mean" in result.stderr
    assert result.stdout == ""


def test_a_folder_without_pack_yaml_is_a_broken_pack(tmp_path: Path, run_cli) -> None:
    manifest = tmp_path / "manifest.yaml"
    manifest.write_text(MANIFEST, encoding="utf-8")
    result = run_cli(["check", manifest, "--pack", tmp_path])
    assert result.exit_code == 3
    assert "not a policy pack: pack.yaml is missing" in result.stderr


def test_test_pack_passes_on_a_good_pack(run_cli) -> None:
    result = run_cli(["test-pack", PACK_DIR])
    assert result.exit_code == 0
    assert "ok: 7 controls, 14 examples, 0 failing (tiny-test-pack 0.0.1)" in result.stdout


def test_test_pack_fails_and_names_an_example_that_misbehaves(tmp_path: Path, run_cli) -> None:
    folder = copy_pack(tmp_path)
    edit(folder / "DEP1.md", "  - title: none\n    expect: gap\n", "  - title: none\n    expect: met\n")
    result = run_cli(["test-pack", folder])
    assert result.exit_code == 1
    assert (
        f"{folder / 'DEP1.md'}:67: DEP1-03 example 2 (none): expected met, got gap for the "
        "organisation (not documented in this manifest: no 'third-party-model-policy' safeguard "
        "covering the organisation)"
    ) in result.stdout
    assert "FAILED: 7 controls, 14 examples, 1 failing" in result.stdout


def test_test_pack_reports_an_example_whose_manifest_is_invalid(tmp_path: Path, run_cli) -> None:
    folder = copy_pack(tmp_path)
    edit(folder / "DEP1.md", "{id: sg, kind: age-assurance,", "{id: sg, kind: age-assurence,")
    result = run_cli(["test-pack", folder])
    assert result.exit_code == 1
    assert "DEP1-02 example 1 (age estimation): the merged manifest is invalid" in result.stdout


# -- the compiled cache -----------------------------------------------------------------------


def test_an_unchanged_pack_is_not_parsed_again(tmp_path: Path, monkeypatch) -> None:
    folder = copy_pack(tmp_path)
    first = load_pack(folder)

    def no_parsing(_folder: Path) -> None:
        raise AssertionError("the pack was parsed again")

    monkeypatch.setattr(loader, "compile_pack", no_parsing)
    again = load_pack(folder)
    assert again == first


def test_a_changed_pack_file_invalidates_the_cache(tmp_path: Path, monkeypatch) -> None:
    folder = copy_pack(tmp_path)
    assert load_pack(folder).control("DEP1-02").severity == "high"
    edit(
        folder / "DEP1.md",
        "severity: high\nscope: system\napplies:\n  audiences",
        "severity: low\nscope: system\napplies:\n  audiences",
    )
    assert load_pack(folder).control("DEP1-02").severity == "low"
    edit(folder / "pack.yaml", "version: 0.0.1", "version: 0.0.2")
    compiled = []
    real = loader.compile_pack
    monkeypatch.setattr(loader, "compile_pack", lambda f: compiled.append(f) or real(f))
    assert load_pack(folder).version == "0.0.2"
    assert compiled == [folder]


def test_a_corrupt_cache_entry_is_ignored(tmp_path: Path) -> None:
    folder = copy_pack(tmp_path)
    load_pack(folder)
    cache_dir = loader.cache.cache_dir()
    for entry in cache_dir.glob("pack-*.json"):
        entry.write_text("{not json", encoding="utf-8")
    assert load_pack(folder).id == "tiny-test-pack"


def test_a_cache_entry_that_is_json_but_not_a_pack_is_compiled_again(tmp_path: Path, monkeypatch) -> None:
    from pledgecheck.policy import cache
    from pledgecheck.policy.loader import _content_key, load_pack

    monkeypatch.setenv("PLEDGECHECK_CACHE_DIR", str(tmp_path / "cache"))
    folder = Path(__file__).parents[1] / "data" / "pack"
    cache.write(_content_key(folder), {})
    assert load_pack(folder).id == "tiny-test-pack"


def test_two_folders_with_the_same_files_do_not_share_a_cache_entry(tmp_path: Path, monkeypatch) -> None:
    import shutil

    from pledgecheck.policy.loader import load_pack

    monkeypatch.setenv("PLEDGECHECK_CACHE_DIR", str(tmp_path / "cache"))
    source = Path(__file__).parents[1] / "data" / "pack"
    first, second = tmp_path / "a", tmp_path / "b"
    shutil.copytree(source, first)
    shutil.copytree(source, second)
    load_pack(first)
    controls = load_pack(second).controls
    assert all(control.file.startswith(str(second)) for control in controls)
