"""A coalition over time (`compare --edition DATE=PATH ...`): scores per edition and their
deltas, the largest movers, a change of pack attributed as such, the trend chart; and `diff`
with score deltas and `--old-pack` attribution in every diff format."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from pledgecheck.compare import OrgResult
from pledgecheck.history import Edition, build_history, parse_edition
from tests.coalition.conftest import LUMEN, MODELHUB, OPEN_CANVAS
from tests.support.cli import run_cli
from tests.support.compare_manifests import with_evidence

LABELS = ["2025-12-31", "2026-06-30", "2026-11-01"]


def edition_args(editions: dict[str, Path]) -> list[str]:
    return [arg for label, folder in editions.items() for arg in ("--edition", f"{label}={folder}")]


def history_json(editions: dict[str, Path], *extra: object) -> dict[str, Any]:
    result = run_cli(["compare", *edition_args(editions), "-f", "json", "--jobs", "1", *extra])
    assert result.exit_code == 0, result.output
    report: dict[str, Any] = json.loads(result.stdout)
    return report


def check_scores(folder: Path, as_of: str, pack: Path | None = None) -> dict[str, dict[str, Any]]:
    """Organisation -> the `check` JSON scores of each manifest of an edition: the history must
    agree with what `check` says of each edition on its own date."""
    files = sorted(str(p) for p in folder.glob("*.yaml"))
    args = ["check", *files, "-f", "json", "--as-of", as_of, "--fail-on", "none", "--jobs", "1"]
    result = run_cli([*args, *(["--pack", str(pack)] if pack else [])])
    assert result.exit_code == 0, result.output
    return {a["organisation"]: a["scores"] for a in json.loads(result.stdout)["assessments"]}


def test_history_of_three_editions_has_the_scores_check_gives_and_their_deltas(editions: dict[str, Path]) -> None:
    history = history_json(editions)["history"]
    assert [e["label"] for e in history["editions"]] == LABELS
    expected = [check_scores(folder, label) for label, folder in editions.items()]
    rows = {row["name"]: row for row in history["organisations"]}
    assert set(rows) == {LUMEN, MODELHUB, OPEN_CANVAS}
    for name, row in rows.items():
        assert row["present"] == [True, True, True]
        assert row["overall"] == [edition[name]["overall"] for edition in expected]
        for principle, values in row["principles"].items():
            assert values == [edition[name]["principles"][principle] for edition in expected]
    # the edits behind the editions show where they should: red teaming is DEV2, a usage policy DEP1
    lumen, modelhub = rows[LUMEN]["principles"], rows[MODELHUB]["principles"]
    assert lumen["DEV2"][0] < lumen["DEV2"][1]
    assert modelhub["DEP1"][1] < modelhub["DEP1"][2]
    movers = {m["name"]: m for m in history["movers"]}
    assert movers[LUMEN]["delta"] == round(rows[LUMEN]["overall"][2] - rows[LUMEN]["overall"][0], 1)
    assert movers[LUMEN]["delta"] > 0
    assert history["movers"] == sorted(history["movers"], key=lambda m: -abs(m["delta"]))


def test_text_history_shows_each_delta(editions: dict[str, Path]) -> None:
    result = run_cli(["compare", *edition_args(editions), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    rows = {row["name"]: row for row in history_json(editions)["history"]["organisations"]}
    first, second, third = rows[LUMEN]["overall"]
    line = f"  {LUMEN}: {first:.1f} → {second:.1f} ({second - first:+.1f}) → {third:.1f} ({third - second:+.1f})"
    assert line in result.stdout.splitlines()
    assert "History over 3 editions: 2025-12-31 → 2026-06-30 → 2026-11-01" in result.stdout


def test_a_pack_change_is_attributed_to_the_pack_and_named(editions: dict[str, Path], old_pack: Path) -> None:
    report = history_json(editions, "--old-pack", old_pack)
    history = report["history"]
    assert [e["pack"]["version"] for e in history["editions"]] == ["2025.06.0", "2025.06.0", "2026.11.0"]
    assert history["pack_changes"] == [
        "2026-06-30 → 2026-11-01: pack safety-by-design 2025.06.0 → safety-by-design 2026.11.0"
    ]
    changes = {(c["organisation"], c["control"], c["since"]): c for c in history["changes"]}
    # Open Canvas last reported on 2025-06-30, quarterly: current for 366 days under the old
    # pack, overdue under the new one; its manifest did not change
    canvas = changes[(OPEN_CANVAS, "TRN1-01", "2026-06-30")]
    assert (canvas["old"], canvas["new"], canvas["old_under_new_pack"], canvas["cause"]) == (
        "met",
        "gap",
        "gap",
        "pack",
    )
    # adding red teaming changed Lumen's manifest, under one and the same pack
    red_team = [c for key, c in changes.items() if key[0] == LUMEN and key[2] == "2025-12-31"]
    assert red_team and {c["cause"] for c in red_team} == {"manifest"}
    counts = {(c["since"], c["until"]): c for c in history["causes"]}
    assert counts[("2026-06-30", "2026-11-01")]["pack"] == 1
    assert counts[("2025-12-31", "2026-06-30")]["pack"] == 0
    # the latest edition's envelope names the pack it was assessed under
    assert (report["pack"]["id"], report["pack"]["version"]) == ("safety-by-design", "2026.11.0")


def test_an_edition_pack_can_be_named_per_date(editions: dict[str, Path], old_pack: Path) -> None:
    history = history_json(editions, "--edition-pack", f"2025-12-31={old_pack}")["history"]
    assert [e["pack"]["version"] for e in history["editions"]] == ["2025.06.0", "2026.11.0", "2026.11.0"]
    assert history["pack_changes"] == [
        "2025-12-31 → 2026-06-30: pack safety-by-design 2025.06.0 → safety-by-design 2026.11.0"
    ]


def _org(name: str, statuses: dict[str, str], overall: float) -> OrgResult:
    return OrgResult(name, name, ("model-developer",), overall, {"DEV1": overall}, statuses, (), "yearly", "", None)


def test_attribution_names_the_manifest_the_pack_or_both() -> None:
    old = _org("A", {"C-1": "met", "C-2": "met", "C-3": "met", "C-4": "gap"}, 50.0)
    # re-scored under the new pack: C-2 and C-3 fall to partial, C-4 to n/a
    rescored = _org("A", {"C-1": "met", "C-2": "partial", "C-3": "partial", "C-4": "not-applicable"}, 40.0)
    # the new manifest: C-1 lost its safeguard, C-3 lost it too, C-2 as re-scored, C-4 back as it was
    new = _org("A", {"C-1": "gap", "C-2": "partial", "C-3": "gap", "C-4": "gap"}, 20.0)
    history = build_history(
        [Edition("2025", ("p", "1"), (old,)), Edition("2026", ("p", "2"), (new,))], {0: [rescored]}, ["DEV1"]
    )
    causes = {c.control: c.cause for c in history.changes}
    assert causes == {"C-1": "manifest", "C-2": "pack", "C-3": "both"}  # C-4 ends where it began
    assert history.trends[0].overall == (50.0, 20.0)
    assert history.movers[0].delta == -30.0


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2025-06", None),
        ("2025", None),
        ("June=folder", "expected DATE=PATH"),
        ("2025-13=folder", "expected DATE=PATH"),
        ("2025-06-01", "expected DATE=PATH"),
    ],
)
def test_edition_labels_are_dates(value: str, message: str | None) -> None:
    if message is None:
        spec = parse_edition(value + "=folder")
        assert spec.path == "folder" and spec.as_of.isoformat() in ("2025-06-30", "2025-12-31")
        return
    with pytest.raises(Exception, match=message):
        parse_edition(value)


def test_usage_errors_of_editions(editions: dict[str, Path], old_pack: Path) -> None:
    folder = str(next(iter(editions.values())))
    both = run_cli(["compare", folder, "--edition", f"2025-12-31={folder}"])
    assert both.exit_code == 2 and "not both" in both.stderr
    dated = run_cli(["compare", *edition_args(editions), "--as-of", "2026-01-01"])
    assert dated.exit_code == 2 and "its own date" in dated.stderr
    alone = run_cli(["compare", folder, "--old-pack", str(old_pack)])
    assert alone.exit_code == 2 and "--old-pack" in alone.stderr
    unknown = run_cli(["compare", *edition_args(editions), "--edition-pack", f"2025-12-30={old_pack}"])
    assert unknown.exit_code == 2 and "did you mean '2025-12-31'" in unknown.stderr
    same = run_cli(["compare", "--edition", f"2025-12={folder}", "--edition", f"2025-12-31={folder}"])
    assert same.exit_code == 2 and "same date" in same.stderr


def test_history_in_every_compare_format(editions: dict[str, Path], old_pack: Path) -> None:
    args = ["compare", *edition_args(editions), "--old-pack", str(old_pack), "--jobs", "1", "-f"]
    text = run_cli([*args, "text"]).stdout
    assert "Largest movers" in text and "TRN1-01 met → gap: pack changed" in text
    markdown = run_cli([*args, "markdown"]).stdout
    assert "## History" in markdown and "| Organisation | 2025-12-31 | 2026-06-30 | 2026-11-01 |" in markdown
    assert "pack changed" in markdown
    rows = list(csv.reader(io.StringIO(run_cli([*args, "csv"]).stdout)))
    header = rows[0]
    history = [r for r in rows if r[0] == "history" and r[1] == LUMEN]
    assert [r[header.index("detail")].split(" (")[0] for r in history] == [f"edition {label}" for label in LABELS]
    assert any(r[0] == "change" and "pack changed" in r[-1] for r in rows)
    page = run_cli([*args, "html"]).stdout
    chart = re.search(r'<svg[^>]*aria-labelledby="trend-chart-t trend-chart-d".*?</svg>', page, re.S)
    assert chart is not None
    desc = re.search(r'<desc id="trend-chart-d">(.*?)</desc>', chart.group(0), re.S)
    assert desc is not None and "Lumen Labs, Inc.:" in desc.group(1)  # the text alternative
    assert chart.group(0).count("<polyline") >= 4  # the median and one per organisation
    assert page == run_cli([*args, "html"]).stdout  # deterministic
    assert "pack changed" in page and 'id="history"' in page


def test_an_edition_at_a_git_revision(tmp_path: Path, editions: dict[str, Path]) -> None:
    repo = tmp_path / "repo"
    folder = repo / "coalition"
    folder.mkdir(parents=True)

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, timeout=60)

    git("init", "-q")
    git("config", "user.email", "t@example.com")
    git("config", "user.name", "Test")
    old = editions["2025-12-31"]
    for file in old.glob("*.yaml"):
        (folder / file.name).write_text(file.read_text(encoding="utf-8"), encoding="utf-8")
    git("add", ".")
    git("commit", "-q", "-m", "2025 edition")
    git("tag", "v2025")
    latest = editions["2026-11-01"]
    result = run_cli(
        ["compare", "--edition", f"2025-12-31=v2025:{folder}", "--edition", f"2026-11-01={latest}", "-f", "json"]
    )
    assert result.exit_code == 0, result.output
    rows = {r["name"]: r for r in json.loads(result.stdout)["history"]["organisations"]}
    assert rows[LUMEN]["overall"][0] == check_scores(old, "2025-12-31")[LUMEN]["overall"]
    missing = run_cli(["compare", "--edition", f"2025-12-31=nope:{folder}", "--edition", f"2026-11-01={latest}"])
    assert missing.exit_code == 2 and "unknown git ref 'nope'" in missing.stderr


def test_diff_reports_score_deltas_in_every_format(editions: dict[str, Path]) -> None:
    old, new = editions["2025-12-31"] / "lumen-labs.yaml", editions["2026-06-30"] / "lumen-labs.yaml"
    before = check_scores(editions["2025-12-31"], "2026-06-30")[LUMEN]
    after = check_scores(editions["2026-06-30"], "2026-06-30")[LUMEN]
    args = ["diff", str(old), str(new), "--as-of", "2026-06-30", "-f"]
    report = json.loads(run_cli([*args, "json"]).stdout)
    scores = {(s["kind"], s["name"]): s for s in report["scores"]}
    assert scores[("overall", "overall")]["delta"] == round(after["overall"] - before["overall"], 1)
    assert scores[("pillar", "develop")]["old"] == before["pillars"]["develop"]
    dev2 = scores[("principle", "DEV2")]
    assert (dev2["old"], dev2["new"]) == (before["principles"]["DEV2"], after["principles"]["DEV2"])
    assert dev2["delta"] > 0
    assert (report["kind"], report["schema_version"], report["pack"]["version"]) == ("diff", 2, "2026.11.0")
    assert report["pack_changed"] is None
    delta = f"({dev2['delta']:+.1f})"
    text = run_cli([*args, "text"]).stdout
    assert f"principle DEV2: {dev2['old']:.1f} → {dev2['new']:.1f} {delta}" in text
    markdown = run_cli([*args, "markdown"]).stdout
    assert f"| principle DEV2 | {dev2['old']:.1f} | {dev2['new']:.1f} | {dev2['delta']:+.1f} |" in markdown


def test_diff_with_an_old_pack_attributes_each_change(editions: dict[str, Path], old_pack: Path) -> None:
    old, new = editions["2026-06-30"] / "open-canvas.yaml", editions["2026-11-01"] / "open-canvas.yaml"
    args = ["diff", str(old), str(new), "--as-of", "2026-06-30", "--old-pack", str(old_pack), "--fail-on", "none"]
    report = json.loads(run_cli([*args, "-f", "json"]).stdout)
    assert report["old_pack"] == {"id": "safety-by-design", "version": "2025.06.0"}
    assert report["pack_changed"] == "pack safety-by-design 2025.06.0 → safety-by-design 2026.11.0"
    (change,) = [c for c in report["regressions"] if c["control"] == "TRN1-01"]
    assert (change["old"], change["new"], change["cause"], change["rescored"]) == ("met", "gap", "pack", "gap")
    overall = next(s for s in report["scores"] if s["kind"] == "overall")
    assert overall["old_under_new_pack"] == overall["new"]  # the manifest is the same: only the pack moved it
    text = run_cli([*args, "-f", "text"]).stdout
    assert "[pack changed (old manifest under the new pack: gap)]" in text
    assert "The pack changed: pack safety-by-design 2025.06.0 → safety-by-design 2026.11.0" in text
    markdown = run_cli([*args, "-f", "markdown"]).stdout
    assert "| pack changed (old manifest under the new pack: gap) |" in markdown
    assert "Old under new pack" in markdown


def test_an_invalid_manifest_in_an_older_edition_is_listed_and_the_history_still_written(
    tmp_path: Path, editions: dict[str, Path]
) -> None:
    older = tmp_path / "older"
    older.mkdir()
    with_evidence(older)
    for file in editions["2025-12-31"].glob("*.yaml"):
        (older / file.name).write_text(file.read_text(encoding="utf-8"), encoding="utf-8")
    (older / "broken.yaml").write_text("manifest_version: 2\norganisation: {name: Broken}\n", encoding="utf-8")
    out = tmp_path / "history.json"
    latest = editions["2026-11-01"]
    result = run_cli(
        ["compare", "--edition", f"2025-12-31={older}", "--edition", f"2026-11-01={latest}", "-f", "json", "-o", out]
    )
    assert result.exit_code == 2
    assert f"2025-12-31: {older / 'broken.yaml'}:2:1: missing required key 'roles'" in result.stderr
    history = json.loads(out.read_text(encoding="utf-8"))["history"]
    assert len(history["organisations"]) == 3
