"""The report-format registry: every entry resolves to a renderer of its family's shape, an
unknown name is a usage error that suggests the closest one, a broken entry is a message
rather than a traceback, and each command's `--help` lists exactly its registered formats."""

from __future__ import annotations

import inspect
import re
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from pledgecheck import registry
from pledgecheck.cli import app
from pledgecheck.errors import PledgecheckError, UsageError
from pledgecheck.registry import REPORT_FORMATS, format_help, formats, reporter, resolve

ENTRIES = [(family, name) for family, table in REPORT_FORMATS.items() for name in table]


@pytest.mark.parametrize(("family", "name"), ENTRIES, ids=[f"{f}-{n}" for f, n in ENTRIES])
def test_every_registered_format_resolves_to_a_renderer_of_value_and_options(family: str, name: str) -> None:
    target = resolve(REPORT_FORMATS[family][name])
    parameters = list(inspect.signature(target).parameters.values())
    assert len(parameters) == 2, f"{family}:{name} should take (value, options)"
    assert all(p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) for p in parameters)
    assert parameters[1].name == "options"
    assert callable(reporter(family, name))


def test_check_renderers_stream_even_when_the_reporter_needs_the_whole_list() -> None:
    whole = REPORT_FORMATS["check"]["sarif"]
    assert not whole.endswith(":render_parts")
    parts = reporter("check", "sarif")
    assert inspect.isgeneratorfunction(parts)
    assert reporter("check", "text") is resolve(REPORT_FORMATS["check"]["text"])


def test_the_default_format_of_every_command_is_text() -> None:
    assert {formats(family)[0] for family in REPORT_FORMATS} == {"text"}


def test_an_unknown_format_is_a_usage_error_naming_it_with_the_choices_and_a_suggestion() -> None:
    with pytest.raises(UsageError) as caught:
        reporter("check", "htm")
    message = str(caught.value)
    assert "unknown format 'htm' for check" in message
    assert "expected one of text, json, markdown, sarif, junit, github, codequality, html" in message
    assert message.endswith("did you mean 'html'?")


def test_a_format_of_another_command_is_unknown_here() -> None:
    with pytest.raises(UsageError, match=r"unknown format 'csv' for diff; expected one of text, markdown, json$"):
        reporter("diff", "csv")


def test_a_broken_entry_is_a_message_naming_it_not_a_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    tables = {**REPORT_FORMATS, "diff": {"text": "pledgecheck.reporters.no_such_module:render"}}
    monkeypatch.setattr(registry, "REPORT_FORMATS", tables)
    with pytest.raises(PledgecheckError, match=r"registry entry 'pledgecheck\.reporters\.no_such_module:render'"):
        reporter("diff", "text")
    with pytest.raises(PledgecheckError, match=r"entry 'pledgecheck\.reporters\.text:nothing' cannot be loaded"):
        resolve("pledgecheck.reporters.text:nothing")
    with pytest.raises(PledgecheckError, match="is not a function"):
        resolve("pledgecheck.reporters.diff_report:SCHEMA_VERSION")


def test_format_help_lists_every_format_in_order() -> None:
    assert format_help("validate") == "Report format: text or json."
    assert format_help("diff") == "Report format: text, markdown or json."


@pytest.mark.parametrize("command", list(REPORT_FORMATS))
def test_help_of_each_command_lists_exactly_its_registered_formats(command: str) -> None:
    result = CliRunner().invoke(app, [command, "--help"], catch_exceptions=False)
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())  # the help is wrapped to the terminal's width
    (listed,) = re.findall(r"Report format: (.*?)\. \[default: text\]", text)
    assert re.split(r", | or ", listed) == list(REPORT_FORMATS[command])


def test_choosing_json_never_imports_the_html_stack() -> None:
    code = (
        "import sys; from pledgecheck.registry import reporter; reporter('check', 'json'); "
        "reporter('compare', 'json'); reporter('diff', 'json'); reporter('validate', 'json'); "
        "print(sorted(m for m in sys.modules if m.startswith(('markdown_it', 'pledgecheck.reporters.html'))))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert done.stdout.strip() == "[]"
