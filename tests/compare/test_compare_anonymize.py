"""Pseudonyms that hashing the known signatory names cannot reverse."""

from __future__ import annotations

import hashlib
import hmac
import json
from pathlib import Path

from typer.testing import CliRunner

from pledgecheck.anonymize import anonymize, letters, pseudonym_order
from pledgecheck.cli import app
from pledgecheck.compare import OrgResult

NAMES = [f"Signatory company {n}" for n in range(26)]


def orgs() -> list[OrgResult]:
    return [
        OrgResult(
            f"/data/{n}.yaml",
            n,
            ("model-host",),
            50.0,
            {},
            {},
            (),
            "yearly",
            "2026-01-01",
            None,
            contact=f"{n}@example.org",
            report_url="https://example.org/r",
        )
        for n in NAMES
    ]


def test_letters_like_spreadsheet_columns() -> None:
    assert [letters(i) for i in (0, 1, 25, 26, 27, 51, 52)] == ["A", "B", "Z", "AA", "AB", "AZ", "BA"]


def test_pseudonyms_replace_names_contacts_links_and_paths() -> None:
    renamed = anonymize(orgs())
    assert [o.name for o in renamed] == [f"Signatory {letters(i)}" for i in range(26)]
    for org in renamed:
        assert org.file == "withheld" and not org.contact and not org.report_url


def test_random_order_differs_between_runs_and_from_any_plain_hash() -> None:
    runs = {tuple(pseudonym_order(NAMES, None)) for _ in range(5)}
    assert len(runs) > 1  # 26! orders: equal runs would be a broken random source
    by_sha = sorted(range(len(NAMES)), key=lambda i: hashlib.sha256(NAMES[i].encode()).hexdigest())
    by_md5 = sorted(range(len(NAMES)), key=lambda i: hashlib.md5(NAMES[i].encode()).hexdigest())
    assert not runs & {tuple(by_sha), tuple(by_md5), tuple(range(len(NAMES)))}


def test_keyed_order_is_hmac_of_the_secret_stable_and_not_a_plain_hash() -> None:
    key = "coalition secret 2026"
    order = pseudonym_order(NAMES, key)
    assert order == pseudonym_order(NAMES, key)
    expected = sorted(
        range(len(NAMES)), key=lambda i: hmac.new(key.encode(), NAMES[i].encode(), hashlib.sha256).hexdigest()
    )
    assert order == expected
    by_sha = sorted(range(len(NAMES)), key=lambda i: hashlib.sha256(NAMES[i].encode()).hexdigest())
    assert order != by_sha
    assert order != pseudonym_order(NAMES, "another secret")


def test_anonymized_report_names_nobody(tmp_path: Path) -> None:
    examples = Path(__file__).resolve().parents[2] / "examples"
    target = tmp_path / "out.json"
    args = ["compare", str(examples), "--as-of", "2026-11-01", "-f", "json", "-o", str(target), "--anonymize"]
    result = CliRunner().invoke(app, [*args, "--anonymize-key", "k"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    for needle in ("Lumen", "Modelhub", "Canvas", "@", "example.com", "https://", "examples/", ".yaml"):
        assert needle not in text, needle
    report = json.loads(text)
    names = [o["name"] for o in report["organisations"]]
    assert names == ["Signatory A", "Signatory B", "Signatory C"] and report["anonymized"] is True
    again = CliRunner().invoke(app, [*args, "--anonymize-key", "k"], catch_exceptions=False)
    assert again.exit_code == 0 and target.read_text(encoding="utf-8") == text
