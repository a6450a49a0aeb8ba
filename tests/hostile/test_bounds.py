"""Bounded work on bounded input: what a report or a parse costs grows with the input, never
with a product of two counts in it (systems times the length of a waiver's reason, children
times the length of their key)."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from pledgecheck.registry import REPORT_FORMATS
from pledgecheck.source import parse_yaml
from pledgecheck.waivers import SHOWN_CHARS
from tests.support.cli import run_cli
from tests.support.hostile import fanout_manifest, yaml_text

pytestmark = pytest.mark.timeout(120)
MiB = 1024 * 1024


def test_a_long_reason_of_a_waiver_without_system_is_not_repeated_per_system(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """100 systems and a 280 KB justification on a waiver that covers them all: no report
    repeats the whole reason (before the cap it was written once per system, 28 MB in each
    format), and every report stays a few MiB."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "m.yaml").write_text(yaml_text(fanout_manifest(systems=100)), encoding="utf-8")
    formats = [f for f in REPORT_FORMATS["check"] if f != "text"]
    outputs = [a for f in formats for a in ("--output", f"{f}:out.{f}")]
    result = run_cli(["check", "m.yaml", "--as-of", "2026-12-01", "--fail-on", "none", *outputs])
    assert result.exit_code == 0, result.stderr
    assert len(result.stdout) < 4 * MiB
    for fmt in formats:
        report = (tmp_path / f"out.{fmt}").read_text(encoding="utf-8")
        assert len(report) < 4 * MiB, (fmt, len(report))
        assert "r" * (SHOWN_CHARS + 1) not in report, fmt


def test_the_cap_keeps_short_reasons_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    data = fanout_manifest(systems=2, reason_chars=SHOWN_CHARS)
    (tmp_path / "m.yaml").write_text(yaml_text(data), encoding="utf-8")
    result = run_cli(["check", "m.yaml", "--format", "json", "--as-of", "2026-12-01", "--fail-on", "none"])
    assert "r" * SHOWN_CHARS in result.stdout and "shortened" not in result.stdout


def test_a_long_key_over_many_children_records_a_bounded_position_map() -> None:
    """A 40 KB key over 100,000 children used to record a 40 KB pointer per child (4 GB).
    Positions are now a tree beside the data, with no pointer strings, and a budget in
    proportion to the text bounds how many are recorded: the nodes past it are located at
    their nearest recorded parent, here the key."""
    key = "k" * 40_000
    text = "manifest_version: 1\n? " + key + "\n: [" + "0," * 100_000 + "0]\n"
    tracemalloc.start()
    try:
        doc = parse_yaml(text, file="m.yaml")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 64 * len(text)
    assert doc.locate(f"/{key}/0") == (3, 4)
    assert doc.locate(f"/{key}/99999") == (2, 3)
    assert len(doc.data[key]) == 100_001


def test_an_ordinary_manifest_keeps_every_position() -> None:
    """The budget never bites a real manifest: every node is located as without a budget."""
    from ruamel.yaml import YAML

    from pledgecheck.yaml_builder import Builder
    from tests.support.paths import EXAMPLES

    for path in sorted(EXAMPLES.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        unbounded = Builder(max_depth=64, alias_budget=10_000)
        unbounded.run(YAML(typ="safe").parse(text))
        assert parse_yaml(text, file=path.name).positions == unbounded.positions, path.name
        assert len(unbounded.positions) > 200


def test_a_wide_table_alone_goes_through_rich_and_the_report_is_the_same(tmp_path: Path) -> None:
    """1,200 systems make the score table's counts wider than 100 columns; rich then draws
    that table only (drawing the whole 14,000-finding report took 250 s), and the text is
    what rich draws for the whole report."""
    from functools import partial

    from pledgecheck.pipeline import Pipeline, Settings
    from pledgecheck.reporters import text
    from pledgecheck.reporters.base import ReportOptions
    from pledgecheck.reporters.text_layout import Grid, _grid, plain_layout
    from pledgecheck.reporters.text_rich import rich_layout
    from tests.support.hostile import _many_systems, valid_manifest

    path = tmp_path / "m.yaml"
    path.write_text(yaml_text(_many_systems(valid_manifest(), 1200)), encoding="utf-8")
    assessment = Pipeline.open(Settings(as_of="2026-12-01")).assess_file(str(path))
    options = ReportOptions(width=100)
    blocks = text._assessment(assessment, options)
    wide = [b for b in blocks if isinstance(b, Grid) and _grid(b, 100) is None]
    assert len(wide) == 1  # the score table
    assert plain_layout(blocks, 100) is None
    sample = [*blocks[:12], *blocks[-30:]]  # the table among findings: rich over all of it is slow
    assert wide[0] in sample
    mixed = plain_layout(sample, 100, shrink=partial(rich_layout, options=options))
    assert mixed == rich_layout(sample, options)
