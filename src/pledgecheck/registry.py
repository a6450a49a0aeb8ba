"""The one registry of report formats: for each command that writes a report, a format name
maps to a "module:attr" string, imported only when that format is used (so `--format json`
never imports the HTML stack). The CLI's `--format` choices and help text come from here."""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any, Literal, Protocol, TypeVar, cast, overload

from pledgecheck.errors import PledgecheckError, UsageError, did_you_mean

if TYPE_CHECKING:
    from pledgecheck.assessment import Assessment
    from pledgecheck.compare import Comparison
    from pledgecheck.diff import ManifestDiff
    from pledgecheck.policy.model import Pack
    from pledgecheck.progress import ProgressReport
    from pledgecheck.reporters.base import ReportOptions
    from pledgecheck.reporters.validate_report import FileResult

Family = Literal["check", "compare", "diff", "validate", "report"]

#: command family -> format -> "module:attr"; the first format of a family is its default.
#: A `check` entry names either a streaming `render_parts` or a whole-list `render`.
REPORT_FORMATS: dict[str, dict[str, str]] = {
    "check": {
        "text": "pledgecheck.reporters.text:render_parts",
        "json": "pledgecheck.reporters.json_report:render_parts",
        "markdown": "pledgecheck.reporters.markdown:render_parts",
        "sarif": "pledgecheck.reporters.sarif:render",
        "junit": "pledgecheck.reporters.junit:render",
        "github": "pledgecheck.reporters.github:render_parts",
        "codequality": "pledgecheck.reporters.codequality:render",
        "html": "pledgecheck.reporters.html:render",
        "oscal-ar": "pledgecheck.oscal.results:render",
    },
    "compare": {
        "text": "pledgecheck.reporters.compare_text:render",
        "markdown": "pledgecheck.reporters.compare_markdown:render",
        "csv": "pledgecheck.reporters.compare_csv:render",
        "json": "pledgecheck.reporters.compare_json:render",
        "html": "pledgecheck.reporters.compare_html:render",
    },
    "diff": {
        "text": "pledgecheck.reporters.diff_report:render_text",
        "markdown": "pledgecheck.reporters.diff_report:render_markdown",
        "json": "pledgecheck.reporters.diff_report:render_json",
    },
    "validate": {
        "text": "pledgecheck.reporters.validate_report:render_text",
        "json": "pledgecheck.reporters.validate_report:render_json",
    },
    "report": {
        "text": "pledgecheck.reporters.progress_markdown:render_text",
        "markdown": "pledgecheck.reporters.progress_markdown:render",
        "html": "pledgecheck.reporters.progress_html:render",
    },
}
#: views of the table above (not copies), by the names tests and older callers use.
REPORTERS = REPORT_FORMATS["check"]
COMPARE_REPORTERS = REPORT_FORMATS["compare"]

_STREAMING = "render_parts"
_Value = TypeVar("_Value", contravariant=True)


class Renderer(Protocol[_Value]):
    """A whole report at once: a comparison, a diff or validation results to text."""

    def __call__(self, value: _Value, options: ReportOptions, /) -> str: ...


class PartsRenderer(Protocol):
    """A `check` report piece by piece, so memory stays flat however many manifests there are."""

    def __call__(self, assessments: Iterable[Assessment], options: ReportOptions, /) -> Iterator[str]: ...


def formats(family: Family) -> tuple[str, ...]:
    """The format names of a command, default first."""
    return tuple(REPORT_FORMATS[family])


def format_help(family: Family) -> str:
    """The help text of a command's `--format` option, listing exactly its formats."""
    *rest, last = formats(family)
    choices = f"{', '.join(rest)} or {last}" if rest else last
    return f"Report format: {choices}."


def known_format(family: Family, name: str, *, context: str = "") -> str:
    """`name` when the command has that format; else a UsageError naming it and the choices."""
    table = REPORT_FORMATS[family]
    if name in table:
        return name
    lead = f"{context}: " if context else ""
    raise UsageError(
        f"{lead}unknown format '{name}' for {family}; expected one of {', '.join(table)}{did_you_mean(name, table)}"
    )


@overload
def reporter(family: Literal["check"], name: str) -> PartsRenderer: ...
@overload
def reporter(family: Literal["compare"], name: str) -> Renderer[Comparison]: ...
@overload
def reporter(family: Literal["diff"], name: str) -> Renderer[ManifestDiff]: ...
@overload
def reporter(family: Literal["validate"], name: str) -> Renderer[Sequence[FileResult]]: ...
@overload
def reporter(family: Literal["report"], name: str) -> Renderer[ProgressReport]: ...
def reporter(family: Family, name: str) -> PartsRenderer | Renderer[Any]:
    """The renderer of format `name` of a command, imported now; `check` renderers stream."""
    target = REPORT_FORMATS[family][known_format(family, name)]
    function = resolve(target)
    if family != "check" or target.endswith(f":{_STREAMING}"):
        return cast("PartsRenderer | Renderer[Any]", function)
    return _whole_list(function)


class PieceRenderer(Protocol):
    """One manifest's part of a `check` report, rendered alone (by a worker process)."""

    def __call__(self, assessment: Assessment, options: ReportOptions, /) -> str: ...


class PieceJoiner(Protocol):
    """A `check` report around its manifests' pieces, in their order."""

    def __call__(
        self, pieces: Iterable[str], options: ReportOptions, /, *, pack: Pack, as_of: str
    ) -> Iterator[str]: ...


@cache  # asked once per manifest and report
def piece_reporter(name: str) -> tuple[PieceRenderer, PieceJoiner] | None:
    """`render_piece` and `join_pieces` of a `check` format whose report is its manifests'
    parts in order (text, JSON), so workers can render them; None for the others."""
    target = REPORT_FORMATS["check"][known_format("check", name)]
    module = importlib.import_module(target.partition(":")[0])
    render, join = getattr(module, "render_piece", None), getattr(module, "join_pieces", None)
    return (render, join) if render is not None and join is not None else None


def _whole_list(render: Renderer[Sequence[Assessment]]) -> PartsRenderer:
    """A reporter that needs every assessment at once (SARIF, JUnit, HTML) as one part."""

    def parts(assessments: Iterable[Assessment], options: ReportOptions) -> Iterator[str]:
        yield render(list(assessments), options)

    return parts


@cache
def resolve(target: str) -> Any:
    """Import `module:attr` and return the attribute. A broken entry (a module that does not
    import, a missing attribute) is a located error, not a traceback."""
    module, _, attr = target.partition(":")
    try:
        found = getattr(importlib.import_module(module), attr)
    except (ImportError, AttributeError) as exc:
        raise PledgecheckError(f"registry entry '{target}' cannot be loaded: {exc}") from None
    if not callable(found):
        raise PledgecheckError(f"registry entry '{target}' is not a function")
    return found
