"""Anonymity that holds. The attacker knows which organisations are in the set and their
public facts (roles, report dates, cadence, systems, attributes), not which pseudonym is
which. Over a generated coalition of twelve manifests, in every compare format: no exact date
or exact count of overdue days is shown, no organisation is left with fewer than three
pseudonyms its public facts fit, and cohorts under the threshold are withheld."""

from __future__ import annotations

import csv
import functools
import io
import json
import re
from collections.abc import Hashable
from pathlib import Path
from typing import Any

import pytest

from pledgecheck.anonymize import anonymize, quarter, small_groups
from pledgecheck.compare import OrgResult
from pledgecheck.registry import COMPARE_REPORTERS
from tests.coalition.conftest import REGIONS
from tests.support.cli import run_cli

AS_OF = "2026-11-01"
K = 3
ISO_DATE = re.compile(r"\b20\d\d-\d\d-\d\d\b")


def compare(folder: Path, fmt: str, *extra: str) -> str:
    result = run_cli(["compare", str(folder), "--as-of", AS_OF, "-f", fmt, "--jobs", "1", *extra])
    assert result.exit_code == 0, result.output
    return result.stdout


@functools.cache
def truth(folder: Path) -> list[dict[str, Any]]:
    """What the attacker knows of each organisation, from the named comparison: its public
    facts (roles, cadence, report date, whether and how late its report is) and its pattern
    of not-applicable controls, which follows from its roles and systems (public too)."""
    report = json.loads(compare(folder, "json"))
    return report["organisations"]  # type: ignore[no-any-return]


def _fits(shown: dict[str, Any], known: dict[str, Any]) -> bool:
    """Whether an anonymised row is consistent with an organisation's public facts (a withheld
    fact fits anything)."""
    if shown["roles"] is not None and shown["roles"] != known["roles"]:
        return False
    if shown["reporting"] is not None:
        mine, theirs = shown["reporting"], known["reporting"]
        if mine["cadence"] != theirs["cadence"] or mine["overdue"] != theirs["overdue"]:
            return False
        if (mine["last_report"] or "") != quarter(theirs["last_report"] or ""):
            return False
    if shown["statuses"] is not None:
        mine_na = {c for c, s in shown["statuses"].items() if s == "not-applicable"}
        theirs_na = {c for c, s in known["statuses"].items() if s == "not-applicable"}
        if mine_na != theirs_na:
            return False
    return True


def test_no_pseudonym_can_be_tied_to_one_organisation(coalition: Path) -> None:
    known = truth(coalition)
    assert len(known) == 12
    # the coalition is worth protecting: named, its public facts tell most organisations apart
    facts = [(tuple(o["roles"]), o["reporting"]["cadence"], o["reporting"]["last_report"]) for o in known]
    assert len(small_groups(facts, K)) >= 6
    report = json.loads(compare(coalition, "json", "--anonymize"))
    rows = report["organisations"]
    assert len(rows) == 12
    for organisation in known:
        candidates = [row["name"] for row in rows if _fits(row, organisation)]
        assert len(candidates) >= K, (organisation["name"], candidates)
    # and the shown facts form groups of at least K rows: no row stands alone
    shown: list[Hashable] = [
        (json.dumps(r["roles"]), json.dumps(r["reporting"], sort_keys=True), json.dumps(r["statuses"] is None))
        for r in rows
    ]
    assert not small_groups(shown, K)


@pytest.mark.parametrize("fmt", list(COMPARE_REPORTERS))
def test_no_exact_date_overdue_days_name_or_contact_in_any_format(coalition: Path, fmt: str) -> None:
    known = truth(coalition)
    text = compare(coalition, fmt, "--anonymize", "--cohort-by", "region")
    dates = {o["reporting"]["last_report"] for o in known if o["reporting"]["last_report"]}
    assert dates and not any(date in text for date in dates)
    # the only full dates left are the assessment date itself (and none in the prose)
    assert set(ISO_DATE.findall(text)) <= {AS_OF}
    late = {o["reporting"]["overdue_days"] for o in known if o["reporting"]["overdue_days"]}
    assert late
    for days in late:
        assert not re.search(rf"\b{days} day", text), days
        assert f'"overdue_days": {days}' not in text
    for organisation in known:
        assert organisation["name"] not in text
        assert organisation["contact"] not in text
        assert organisation["file"] not in text


def test_overdue_days_become_bands_and_dates_quarters() -> None:
    def org(name: str, last: str, late: int | None) -> OrgResult:
        return OrgResult(f"{name}.yaml", name, ("model-host",), 50.0, {}, {}, (), "quarterly", last, late)

    rows = anonymize([org("a", "2025-06-30", 397), org("b", "2026-02-01", None), org("c", "", 0), org("d", "2025", 40)])
    shown = sorted((o.last_report, o.overdue_band, o.overdue_days) for o in rows)
    assert shown == [
        ("", "none published", 0),
        ("2025", "1-90 days", 0),
        ("2025-Q2", "over a year", 0),
        ("2026-Q1", "", None),
    ]
    assert [quarter(d) for d in ("2025-01-31", "2025-04-01", "2025-09-30", "2025-12")] == [
        "2025-Q1",
        "2025-Q2",
        "2025-Q3",
        "2025-Q4",
    ]
    # the words every format prints: a band, never the days
    from pledgecheck.reporters.base import ProgressWords, progress_report

    late = next(o for o in rows if o.overdue_band == "over a year")
    assert progress_report(late, ProgressWords(), cadence="quarterly", last=late.last_report) == (
        "overdue by over a year (quarterly, last 2025-Q2)"
    )


def _region_cells(fmt: str, text: str) -> dict[str, str]:
    """What a format says of each region's cohort, as text."""
    if fmt == "json":
        cohorts = json.loads(text)["cohorts"]
        return {c["name"]: "withheld" if c["withheld"] else json.dumps(c["overall"]) for c in cohorts}
    if fmt == "html":
        rows = re.findall(r'<tr><th scope="row" data-v="(\w+)">\1</th>(.*?)</tr>', text)
        return {region: cells for region, cells in rows if region in REGIONS}
    if fmt == "csv":
        return {row[1]: ",".join(row) for row in csv.reader(io.StringIO(text)) if row and row[0] == "cohort"}
    found = {}
    for region in set(REGIONS):
        lines = [line for line in text.splitlines() if re.search(rf"(^|[ >*]){region}(\W|$)", line)]
        found[region] = "\n".join(lines)
    return found


@pytest.mark.parametrize("fmt", list(COMPARE_REPORTERS))
def test_a_cohort_smaller_than_the_threshold_is_withheld_in_every_format(coalition: Path, fmt: str) -> None:
    text = compare(coalition, fmt, "--anonymize", "--cohort-by", "region")
    cells = _region_cells(fmt, text)
    assert "withheld" in cells["ASIA"]  # two members
    assert "withheld" not in cells["EU"] and "withheld" not in cells["US"]  # five each
    if fmt == "json":
        cohorts = {c["name"]: c for c in json.loads(text)["cohorts"]}
        assert cohorts["ASIA"]["members"] is None and cohorts["ASIA"]["rate"] is None
        assert cohorts["EU"]["members"] == 5 and cohorts["EU"]["overall"]["count"] == 5
        assert all(c["cohorts"]["ASIA"] is None for c in json.loads(text)["controls"])


def test_a_cohort_with_too_few_outside_it_is_withheld_and_the_threshold_is_an_option(coalition: Path) -> None:
    # EU and US have five members each; ten organisations are outside ASIA
    by_size = {
        c["name"]: c for c in json.loads(compare(coalition, "json", "--anonymize", "--cohort-by", "region"))["cohorts"]
    }
    assert not by_size["EU"]["withheld"]
    lower = json.loads(compare(coalition, "json", "--anonymize", "--cohort-by", "region", "--min-cohort", "2"))
    assert {c["name"]: c["members"] for c in lower["cohorts"]} == {"ASIA": 2, "EU": 5, "US": 5}
    # the members of `codes` lists: six organisations name both codes, six none ("not stated")
    codes = json.loads(compare(coalition, "json", "--anonymize", "--cohort-by", "codes", "--min-cohort", "7"))
    assert all(c["withheld"] for c in codes["cohorts"])  # 6 members < 7, and 6 outside < 7
    named = json.loads(compare(coalition, "json", "--cohort-by", "codes"))  # named output withholds nothing
    assert {c["name"]: c["members"] for c in named["cohorts"]} == {
        "eu-code-of-practice": 6,
        "tech-coalition": 6,
        "not stated": 6,
    }


def test_cohorts_by_attribute_have_adoption_and_quartiles(coalition: Path) -> None:
    report = json.loads(compare(coalition, "json", "--cohort-by", "size"))
    cohorts = {c["name"]: c for c in report["cohorts"]}
    assert set(cohorts) == {"large", "medium", "small"}
    rows = report["organisations"]
    for name, cohort in cohorts.items():
        members = [r for r in rows if r["attributes"]["size"] == [name]]
        assert cohort["members"] == len(members) == 4
        overall = sorted(r["overall"] for r in members)
        assert cohort["overall"]["q1"] <= cohort["overall"]["median"] <= cohort["overall"]["q3"]
        assert overall[0] <= cohort["overall"]["median"] <= overall[-1]
        control = report["controls"][0]
        applicable = [r for r in members if r["statuses"].get(control["id"], "not-applicable") != "not-applicable"]
        met = [r for r in applicable if r["statuses"][control["id"]] == "met"]
        assert control["cohorts"][name]["met"] == len(met)
        assert control["cohorts"][name]["applicable"] == len(applicable)


def test_cohort_by_an_unknown_attribute_is_a_usage_error(coalition: Path) -> None:
    result = run_cli(["compare", str(coalition), "--as-of", AS_OF, "--cohort-by", "regoin"])
    assert result.exit_code == 2
    assert "did you mean 'region'" in result.stderr


def test_anonymised_history_keeps_one_pseudonym_per_organisation(editions: dict[str, Path]) -> None:
    args = [arg for label, folder in editions.items() for arg in ("--edition", f"{label}={folder}")]
    result = run_cli(["compare", *args, "--anonymize", "--anonymize-key", "secret", "-f", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    names = {r["name"] for r in report["organisations"]}
    assert {t["name"] for t in report["history"]["organisations"]} <= names
    assert report["history"]["changes"] == []  # per-organisation changes would name statuses by pseudonym
    assert "Lumen" not in result.stdout and "2026-09-14" not in result.stdout


def test_rare_rows_are_withheld_in_a_group_of_at_least_k() -> None:
    # one row stands alone: withholding it alone would point at it, so the next rarest join it
    assert small_groups(["a", "a", "a", "b", "c", "c", "c", "c"], 3) == {0, 1, 2, 3}
    assert small_groups(["a", "a", "a", "c", "c", "c"], 3) == set()
    assert small_groups(["a", "b"], 3) == {0, 1}  # fewer than k in all: everything withheld


def test_every_format_shows_the_same_protected_roles(coalition: Path) -> None:
    """CSV and HTML list roles per pseudonym: the very rows the JSON says are safe to show."""
    key = ("--anonymize", "--anonymize-key", "k")
    rows = {r["name"]: r["roles"] for r in json.loads(compare(coalition, "json", *key))["organisations"]}
    table = list(csv.DictReader(io.StringIO(compare(coalition, "csv", *key))))
    shown = {r["organisation"]: r["roles"] for r in table if r["record"] == "organisation"}
    assert shown == {name: "withheld" if roles is None else " ".join(roles) for name, roles in rows.items()}
    page = compare(coalition, "html", *key)
    for name, roles in rows.items():
        cell = "withheld" if roles is None else ", ".join(roles)
        assert (
            f'<th scope="row" data-v="{name}">{name}</th><td data-v="withheld">withheld</td><td data-v="{cell}">'
            in page
        )
