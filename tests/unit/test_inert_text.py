"""Untrusted text is shown, never obeyed (errors.inert and reporters/safe.py): no control
character reaches a terminal raw, no user text starts a line a CI runner reads as a `::`
workflow command, in every format and on standard error."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from pledgecheck.errors import Problem, inert
from pledgecheck.reporters.safe import (
    csv_cell,
    github_data,
    markdown_code,
    markdown_text,
    safe_link,
    terminal_lines,
    xml_text,
)
from tests.support.cli import run_cli

HOSTILE = "x\x1b]52;c;cHduZWQ=\x07\x1b[2J\n::error file=x.yaml,line=1::injected\n::add-mask::secret\u202e\u2028\x85"
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def assert_inert(text: str) -> None:
    assert not RAW.search(text), repr(text)
    assert not [line for line in text.splitlines() if line.lstrip().startswith("::")], text


def test_inert_shows_every_control_character_and_defuses_a_workflow_command() -> None:
    shown = inert(HOSTILE)
    assert shown.startswith("x\\x1b]52;c;cHduZWQ=\\x07\\x1b[2J\\x0a::error file=x.yaml")  # one line
    assert "\\u202e\\u2028\\x85" in shown
    assert inert("::error::x") == "\\x3a:error::x"
    assert inert("a ::b") == "a \\x3a:b"  # a line could begin there once wrapped
    assert inert("std::vector") == "std::vector"  # mid-word `::` cannot start a line
    assert inert("\udcff.yaml") == "\\udcff.yaml"  # an undecodable file name stays encodable


def test_a_problem_line_is_inert_in_file_message_and_path() -> None:
    line = str(Problem("::a\n.yaml", 3, 4, f"unknown key '{HOSTILE}'", f"$.{HOSTILE}"))
    assert_inert(line)
    assert "\n" not in line
    assert line.startswith("\\x3a:a\\x0a.yaml:3:4: unknown key 'x\\x1b]52")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ('https://example.org/a b"c', "https://example.org/a%20b%22c"),
        ("/\\evil.example/x", ""),
        ("\\\\evil.example/x", ""),
        ("//evil.example", ""),
        ("javascript:alert(1)", ""),
        ("java\nscript:alert(1)", ""),
        ("docs/policy.md#s", "docs/policy.md#s"),
    ],
)
def test_safe_link_allows_only_http_https_and_relative_links(url: str, expected: str) -> None:
    assert safe_link(url) == expected


@pytest.mark.parametrize("value", ["=1+1", " =1+1", "\uff1d1+1", "\n=1+1", "\t=1", "+1", "-1", "@SUM(A1)", "\r=1"])
def test_a_csv_cell_never_starts_a_formula(value: str) -> None:
    cell = csv_cell(value)
    assert cell.startswith("'")
    assert_inert(cell)


def test_terminal_lines_keep_newlines_and_nothing_else() -> None:
    shown = terminal_lines("Rationale line one\n::warning::pack text \x1b[2J\r\n  - ref")
    assert shown == "Rationale line one\n\\x3a:warning::pack text \\x1b[2J\\x0d\n  - ref"
    assert_inert(shown)


def test_markdown_and_xml_and_github_helpers_are_inert() -> None:
    assert_inert(markdown_text(HOSTILE))
    assert "\r" not in markdown_code("a\rb.yaml") and "`" not in markdown_code("a`b")
    ET.fromstring(f"<a b={json.dumps(xml_text(HOSTILE + chr(1)))}>{xml_text(HOSTILE, multiline=True)}</a>")
    data = github_data(HOSTILE)
    assert "\n" not in data and "\x1b" not in data


MANIFEST = """\
manifest_version: 1
organisation:
  name: "Evil \\e[2J Labs\\n::error::org \\u202e\\x85\\u2028\\x9b"
  roles: [model-developer]
safeguards: []
"""


@pytest.mark.parametrize("fmt", ["text", "markdown", "github", "junit", "html", "sarif", "json", "codequality"])
def test_no_format_passes_manifest_text_or_a_file_name_raw(tmp_path: Path, monkeypatch, fmt: str) -> None:
    monkeypatch.chdir(tmp_path)
    name = "::warning \x1b[31m\r.yaml"
    (tmp_path / name).write_text(MANIFEST, encoding="utf-8")
    result = run_cli(["check", name, "--as-of", "2026-06-30", "--fail-on", "none", "--format", fmt])
    assert result.exit_code == 0, result.stderr
    if fmt == "github":  # every line is the reporter's own command, never one from the manifest
        assert all(re.match(r"::(error|warning|notice) [a-z]+=", line) for line in result.stdout.splitlines())
        assert not RAW.search(result.stdout)
    else:
        assert_inert(result.stdout)
    assert_inert(result.stderr)
    if fmt == "junit":
        ET.fromstring(result.stdout.encode())


def test_an_unknown_key_is_inert_on_standard_error(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    key = json.dumps(HOSTILE)
    (tmp_path / "m.yaml").write_text(MANIFEST + f"{key}: 1\n", encoding="utf-8")
    for command in ("validate", "check"):
        result = run_cli([command, "m.yaml", "--as-of", "2026-06-30"] if command == "check" else [command, "m.yaml"])
        assert result.exit_code == 2
        assert "\\x1b]52" in result.output
        assert_inert(result.stdout)
        assert_inert(result.stderr)
