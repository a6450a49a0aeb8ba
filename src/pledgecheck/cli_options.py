"""The option types and command class every `pledgecheck` command shares, declared once so that
an option means the same (name, metavar, help, default) wherever it appears."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer
from typer.core import TyperArgument, TyperCommand

if TYPE_CHECKING:
    from pledgecheck.pipeline import Settings


class Command(TyperCommand):
    """A command whose arguments that take several values say so (`MANIFEST...`): typer drops
    the `...` from an argument given an explicit metavar."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:
            if isinstance(param, TyperArgument) and param.metavar and param.nargs != 1:
                param.metavar = param.metavar.removesuffix("...") + "..."


PackOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--pack",
        help="Policy pack folder (default: the bundled Safety by Design pack).",
        show_default=False,
        metavar="DIR",
    ),
]


AsOfOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option("--as-of", help="Assessment date YYYY-MM-DD (default: today).", show_default=False, metavar="DATE"),
]
MaxSizeOption = Annotated[
    int, typer.Option("--max-size", min=1, help="Largest manifest accepted, in bytes.", metavar="BYTES")
]
WaiversOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--waivers", help="A YAML file of further waivers (`waivers: [...]`).", show_default=False, metavar="FILE"
    ),
]
WarningDaysOption = Annotated[
    int,
    typer.Option(
        "--waiver-warning-days", min=0, help="Warn about waivers that expire within this many days.", metavar="DAYS"
    ),
]
ReportWarningDaysOption = Annotated[
    int,
    typer.Option(
        "--report-warning-days",
        min=0,
        help="Warn when the next progress report is due within this many days (and when it is overdue).",
        metavar="DAYS",
    ),
]
AUDIENCE_HELP = (
    "Disclosure tier the report is for: public, coalition or internal. Parts of the manifest marked stricter "
    "are left out (and counted), and scores count only what is shown."
)
AudienceOption = Annotated[str, typer.Option("--audience", help=AUDIENCE_HELP, metavar="TIER")]
ReviewOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--review",
        help="A YAML file of reviewers' verdicts (`reviews: [...]`): they replace the tool's, which stay shown "
        "beside them with the organisation's contest; scores are given with and without them.",
        show_default=False,
        metavar="FILE",
    ),
]
UnverifiedOption = Annotated[
    bool,
    typer.Option(
        "--unverified-fails",
        help="Count a check whose input the manifest does not state as failed (auditors; teams assessing themselves).",
    ),
]
DeclaredOption = Annotated[
    bool,
    typer.Option(
        "--declared-na-as-gap",
        help="Count a control the organisation declares not applicable, though the pack says it applies, as a gap.",
    ),
]
JobsOption = Annotated[
    int,
    typer.Option(
        "--jobs",
        "-j",
        min=0,
        help="Worker processes (0: one per core; one for a single file). Output is the same, in input order.",
        metavar="N",
    ),
]
MAX_SIZE = 5 * 1024 * 1024

FilesFromOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--files-from",
        help="A file listing more manifests, one path per line (blank lines ignored); - reads the list "
        "from standard input. For thousands of files: each command-line argument costs the Python "
        "interpreter about 2 KB, and a shell caps their total.",
        show_default=False,
        metavar="FILE",
    ),
]
#: the largest list --files-from reads (about a million paths)
FILE_LIST_MAX_BYTES = 64 * 1024 * 1024


def manifest_paths(files: list[str] | None, files_from: str | None) -> list[str]:
    """The manifests a command was given: its arguments, then the lines of --files-from."""
    from pledgecheck.errors import InputError, UsageError, inert
    from pledgecheck.source import STDIN, read_text

    paths = [str(f) for f in files or []]
    if files_from is not None:
        if files_from == STDIN and STDIN in paths:
            raise UsageError("--files-from -: standard input cannot hold both the list and a manifest")
        try:
            listed = read_text(files_from, max_bytes=FILE_LIST_MAX_BYTES)
        except InputError as exc:
            said = "; ".join(problem.message for problem in exc.problems)
            raise UsageError(f"--files-from '{inert(files_from)}': {said}") from None
        paths += [line for line in listed.splitlines() if line.strip()]
    if not paths:
        raise UsageError("no manifest given: name one or more MANIFEST files, or a list with --files-from")
    return paths


def settings_from(params: dict[str, Any]) -> Settings:
    """The options every assessing command shares, as one value for the pipeline."""
    from pledgecheck.pipeline import Settings

    return Settings(
        pack=params["pack"],
        as_of=params["as_of"],
        max_size=params["max_size"],
        waivers=params["waivers"],
        waiver_warning_days=params["waiver_warning_days"],
        baseline=params.get("baseline"),
        unverified_fails=params["unverified_fails"],
        declared_na_as_gap=params["declared_na_as_gap"],
        audience=params.get("audience", "internal"),
        report_warning_days=params.get("report_warning_days", 30),
        review=params.get("review"),
    )
