"""`pledgecheck compare` end to end: every format, 200 manifests, several processes, invalid
manifests listed with exit 2, and the XSS corpus inert in every format of compare and check."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from pledgecheck.cli import app
from pledgecheck.registry import COMPARE_REPORTERS, REPORTERS
from tests.support.compare_manifests import AS_OF
from tests.support.paths import ROOT

FORMULA = ("=", "+", "-", "@", "\t", "\r")
HTML_TAGS = {
    "html", "head", "meta", "title", "style", "body", "main", "h1", "h2", "h3", "h4", "p", "ul",
    "ol", "li", "a", "div", "table", "caption", "thead", "tbody", "tr", "th", "td", "button",
    "span", "strong", "em", "code", "section", "script", "br", "pre", "blockquote", "hr",
    # the inline SVG charts (reporters/charts.py)
    "figure", "svg", "desc", "defs", "pattern", "rect", "line", "text", "circle",
}  # fmt: skip


def cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.bad: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if name.startswith("on") or name in ("src", "srcdoc", "style", "formaction"):
                self.bad.append(f"{tag} {name}={value}")
            scheme = ":" in (value or "").split("/", 1)[0]
            if name == "href" and value and scheme and not value.startswith(("http://", "https://")):
                self.bad.append(f"{tag} href={value}")


def assert_inert_html(text: str) -> None:
    parser = _Tags()
    parser.feed(text)
    assert not parser.bad, parser.bad
    assert set(parser.tags) <= HTML_TAGS, set(parser.tags) - HTML_TAGS
    assert parser.tags.count("script") == 1 and text.count("<script") == 1
    assert "default-src 'none'" in text and "script-src 'sha256-" in text


def assert_inert(fmt: str, text: str) -> None:
    assert "\x1b" not in text and "\x07" not in text
    if fmt == "html":
        assert_inert_html(text)
    elif fmt == "markdown":  # as a lenient viewer that allows raw HTML would show it
        rendered = MarkdownIt("commonmark", {"html": True}).render(text)
        assert "<script" not in rendered and "<img" not in rendered and "<svg" not in rendered
        assert 'href="javascript:' not in rendered and "<iframe" not in rendered
    elif fmt == "csv":
        for row in csv.reader(io.StringIO(text)):
            for cell in row:
                assert not cell.startswith(FORMULA), cell
    elif fmt in ("json", "sarif"):
        json.loads(text)
    elif fmt == "junit":
        assert "<script" not in text and "<img" not in text


def test_examples_in_every_format(tmp_path: Path) -> None:
    for fmt in COMPARE_REPORTERS:
        code, out, err = cli("compare", str(ROOT / "examples"), "--as-of", AS_OF, "-f", fmt)
        assert code == 0, err
        assert "Lumen Labs" in out and "Open Canvas Collective" in out
        assert_inert(fmt, out)


def test_invalid_manifests_listed_exit_2_and_others_still_reported(poisoned_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    code, _, err = cli("compare", str(poisoned_dir), "--as-of", AS_OF, "-f", "json", "-o", str(target))
    assert code == 2
    assert "broken.yaml:" in err and "(at $.organisation.roles[0])" in err
    report = json.loads(target.read_text(encoding="utf-8"))
    assert len(report["organisations"]) == 4
    assert {p["file"].rsplit("/", 1)[-1] for p in report["invalid"]} == {"broken.yaml"}
    assert all(p["line"] > 0 for p in report["invalid"])


def test_unknown_format_is_a_usage_error() -> None:
    code, _, err = cli("compare", str(ROOT / "examples"), "-f", "pdf")
    assert code == 2 and "unknown format 'pdf'" in err


@pytest.mark.parametrize("fmt", list(COMPARE_REPORTERS))
def test_xss_corpus_inert_in_compare(poisoned_dir: Path, fmt: str) -> None:
    code, out, _ = cli("compare", str(poisoned_dir), "--as-of", AS_OF, "-f", fmt)
    assert code == 2
    assert_inert(fmt, out)


@pytest.mark.parametrize("fmt", list(REPORTERS))
def test_xss_corpus_inert_in_check(poisoned_dir: Path, fmt: str) -> None:
    module = REPORTERS[fmt].partition(":")[0]
    try:
        __import__(module)
    except ModuleNotFoundError:
        pytest.skip(f"{module} is not written yet")
    code, out, err = cli("check", str(poisoned_dir / "poisoned.yaml"), "--as-of", AS_OF, "-f", fmt,
                         "-v", "--fail-on", "none")  # fmt: skip
    assert code == 0, err
    assert_inert(fmt, out)


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "pledgecheck", "compare", *args, "--as-of", AS_OF]
    return subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)


@pytest.mark.slow
def test_200_manifests_every_format_one_and_two_processes(many_dir: Path, tmp_path: Path) -> None:
    for fmt in COMPARE_REPORTERS:
        one = _run(str(many_dir), "-f", fmt, "--jobs", "1")
        assert one.returncode == 0, one.stderr
        if fmt == "json":
            report = json.loads(one.stdout)
            assert len(report["organisations"]) == 200
            assert all(c["adoption"]["applicable"] <= 200 for c in report["controls"])
        assert_inert(fmt, one.stdout)
    two = _run(str(many_dir), "-f", "json", "--jobs", "2")
    assert two.returncode == 0, two.stderr
    assert two.stdout == _run(str(many_dir), "-f", "json", "--jobs", "1").stdout


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_csv_cells_that_would_start_a_formula_are_quoted(value: str) -> None:
    from pledgecheck.reporters.compare_csv import cell

    assert cell(value).startswith("'")
    assert cell("Lumen Labs") == "Lumen Labs"
