"""The command line: parse options, call a function that returns an exit code, exit.

Only this module exits. Imports are lazy so that `--help`, `--version` and `validate` never
pay for the engine, markdown-it or rich.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from pledgecheck import __version__
from pledgecheck.errors import EXIT_BAD_INPUT, EXIT_OK, PledgecheckError

if TYPE_CHECKING:
    from pledgecheck.pipeline import Settings
from pledgecheck.registry import format_help

EXIT_CODES_HELP = (
    "Exit codes: 0 nothing fails the gates; 1 a gate failed (a gap or partial at or above "
    "--fail-on, a score under --min-score, a regression in diff, a failing pack example); "
    "2 usage error or input that could not be assessed; 3 a broken policy pack."
)

app = typer.Typer(
    name="pledgecheck",
    help="Check generative-AI organisations against the Safety by Design child-safety commitments. " + EXIT_CODES_HELP,
    rich_markup_mode=None,
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"pledgecheck {__version__}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Check generative-AI organisations against the Safety by Design commitments."""


def _run(function: object, *args: object, **kwargs: object) -> None:
    """Call a command body; map pledgecheck errors to messages and exit codes."""
    try:
        code = function(*args, **kwargs)  # type: ignore[operator]
    except PledgecheckError as exc:
        for problem in exc.problems:
            typer.echo(str(problem), err=True)
        code = exc.exit_code
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        code = 130
    raise typer.Exit(int(code))


@app.command()
def validate(
    files: Annotated[
        list[str], typer.Argument(help="Manifest files to validate.", metavar="MANIFEST", show_default=False)
    ],
    output_format: Annotated[str, typer.Option("--format", "-f", help=format_help("validate"))] = "text",
    max_size: Annotated[int, typer.Option("--max-size", min=1, help="Largest file accepted, in bytes.")] = 5
    * 1024
    * 1024,
) -> None:
    """Validate manifests against the schema. Exit 0 when all are valid, 2 otherwise."""
    from pledgecheck.commands.validate import run_validate

    _run(run_validate, files=[str(f) for f in files], output_format=output_format, max_size=max_size)


@app.command()
def schema(
    name: Annotated[str, typer.Argument(help="Which schema: manifest, policy or report.", metavar="NAME")] = "manifest",
) -> None:
    """Print a published JSON Schema (the manifest's by default)."""
    from pledgecheck.resources import schema_path

    path = schema_path(name)
    if not path.is_file():
        typer.echo(f"pledgecheck: unknown schema '{name}'; expected manifest, policy or report", err=True)
        raise typer.Exit(EXIT_BAD_INPUT)
    sys.stdout.write(path.read_text(encoding="utf-8"))


PackOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option("--pack", help="Policy pack folder (default: the bundled Safety by Design pack).", show_default=False),
]


@app.command()
def init(
    output: Annotated[Path, typer.Argument(help="Where to write the manifest.", metavar="FILE")] = Path(
        "manifest.yaml"
    ),
    name: Annotated[str, typer.Option(help="Organisation name.")] = "Example Organisation",
    role: Annotated[
        Optional[list[str]],  # noqa: UP045 - typer needs Optional for list options
        typer.Option("--role", help="A role of the organisation (repeatable).", show_default=False),
    ] = None,
    modality: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Option("--modality", help="An output modality of the first system (repeatable).", show_default=False),
    ] = None,
    audience: Annotated[
        str, typer.Option("--audience", help="Audience of the first system: general or adults-only.")
    ] = "general",
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
    pack: PackOption = None,
) -> None:
    """Write a commented starter manifest (the safeguards the pack asks of you); never overwrites without --force."""
    from pledgecheck.commands.init import run_init

    _run(
        run_init,
        output=str(output),
        name=name,
        roles=role or [],
        modalities=modality or [],
        force=force,
        audience=audience,
        pack_dir=pack,
    )


AsOfOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option("--as-of", help="Assessment date YYYY-MM-DD (default: today).", show_default=False),
]
MaxSizeOption = Annotated[int, typer.Option("--max-size", min=1, help="Largest manifest accepted, in bytes.")]
WaiversOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option("--waivers", help="A YAML file of further waivers (`waivers: [...]`).", show_default=False),
]
WarningDaysOption = Annotated[
    int, typer.Option("--waiver-warning-days", min=0, help="Warn about waivers that expire within this many days.")
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
_MAX_SIZE = 5 * 1024 * 1024


def _settings(
    *,
    pack: str | None,
    as_of: str | None,
    max_size: int,
    waivers: str | None,
    waiver_warning_days: int,
    baseline: str | None = None,
    unverified_fails: bool = False,
    declared_na_as_gap: bool = False,
) -> Settings:
    """The options every assessing command shares, as one value for the pipeline."""
    from pledgecheck.pipeline import Settings

    return Settings(
        pack=pack,
        as_of=as_of,
        max_size=max_size,
        waivers=waivers,
        waiver_warning_days=waiver_warning_days,
        baseline=baseline,
        unverified_fails=unverified_fails,
        declared_na_as_gap=declared_na_as_gap,
    )


@app.command()
def check(
    files: Annotated[
        list[str], typer.Argument(help="Manifest files to assess.", metavar="MANIFEST", show_default=False)
    ],
    pack: PackOption = None,
    output_format: Annotated[str, typer.Option("--format", "-f", help=format_help("check"))] = "text",
    output: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Option(
            "--output",
            "-o",
            help="FILE writes the report there instead of stdout; FORMAT:FILE adds a report (repeatable).",
            show_default=False,
        ),
    ] = None,
    as_of: AsOfOption = None,
    fail_on: Annotated[
        str,
        typer.Option("--fail-on", help="Exit 1 on a gap or partial at or above: critical, high, medium, low or none."),
    ] = "high",
    min_score: Annotated[
        Optional[float],  # noqa: UP045
        typer.Option("--min-score", help="Exit 1 when the overall score is under this (0-100).", show_default=False),
    ] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Also list met, n/a and waived controls.")] = False,
    max_size: MaxSizeOption = _MAX_SIZE,
    waivers: WaiversOption = None,
    waiver_warning_days: WarningDaysOption = 30,
    unverified_fails: UnverifiedOption = False,
    declared_na_as_gap: DeclaredOption = False,
    baseline: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--baseline",
            help="A file written by `pledgecheck baseline`: only failing findings not in it fail the gate.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Assess manifests against the policy pack and print the gap analysis."""
    from pledgecheck.commands.check import CheckOptions, run_check

    settings = _settings(
        pack=pack,
        as_of=as_of,
        max_size=max_size,
        waivers=waivers,
        waiver_warning_days=waiver_warning_days,
        baseline=baseline,
        unverified_fails=unverified_fails,
        declared_na_as_gap=declared_na_as_gap,
    )
    options = CheckOptions(
        files=[str(f) for f in files],
        settings=settings,
        output_format=output_format,
        outputs=output or [],
        fail_on=fail_on,
        min_score=min_score,
        verbose=verbose,
        color=_color(),
    )
    _run(run_check, options)


@app.command("baseline")
def baseline_command(
    files: Annotated[
        list[str], typer.Argument(help="Manifest files to record.", metavar="MANIFEST", show_default=False)
    ],
    output: Annotated[str, typer.Option("--output", "-o", help="Where to write the baseline (JSON).")],
    pack: PackOption = None,
    as_of: AsOfOption = None,
    max_size: MaxSizeOption = _MAX_SIZE,
    waivers: WaiversOption = None,
    waiver_warning_days: WarningDaysOption = 30,
    unverified_fails: UnverifiedOption = False,
    declared_na_as_gap: DeclaredOption = False,
) -> None:
    """Record today's gaps and partials, keyed by manifest, control and system, for `check --baseline`."""
    from pledgecheck.commands.baseline import run_baseline

    settings = _settings(
        pack=pack,
        as_of=as_of,
        max_size=max_size,
        waivers=waivers,
        waiver_warning_days=waiver_warning_days,
        unverified_fails=unverified_fails,
        declared_na_as_gap=declared_na_as_gap,
    )
    _run(run_baseline, files=[str(f) for f in files], output=output, settings=settings)


@app.command()
def diff(
    files: Annotated[
        list[str], typer.Argument(help="OLD NEW, or one MANIFEST with --base.", metavar="FILE", show_default=False)
    ],
    base: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--base", help="Compare MANIFEST with its version at this git revision.", show_default=False),
    ] = None,
    pack: PackOption = None,
    as_of: AsOfOption = None,
    output_format: Annotated[str, typer.Option("--format", "-f", help=format_help("diff"))] = "text",
    output: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--output", "-o", help="Write the report to this file.", show_default=False),
    ] = None,
    fail_on: Annotated[
        str, typer.Option("--fail-on", help="Exit 1 on a regression at or above: critical, high, medium, low or none.")
    ] = "high",
    max_size: MaxSizeOption = _MAX_SIZE,
    waivers: WaiversOption = None,
    waiver_warning_days: WarningDaysOption = 30,
    unverified_fails: UnverifiedOption = False,
    declared_na_as_gap: DeclaredOption = False,
) -> None:
    """Show what changed between two versions of a manifest: regressions, improvements,
    safeguards and evidence removed, systems added without coverage."""
    from pledgecheck.commands.diff import DiffOptions, run_diff

    settings = _settings(
        pack=pack,
        as_of=as_of,
        max_size=max_size,
        waivers=waivers,
        waiver_warning_days=waiver_warning_days,
        unverified_fails=unverified_fails,
        declared_na_as_gap=declared_na_as_gap,
    )
    options = DiffOptions(
        files=[str(f) for f in files],
        base=base,
        settings=settings,
        output_format=output_format,
        output=output,
        fail_on=fail_on,
    )
    _run(run_diff, options)


@app.command()
def explain(
    control_id: Annotated[
        str, typer.Argument(help="Control id, e.g. DEP1-02.", metavar="CONTROL_ID", show_default=False)
    ],
    pack: PackOption = None,
) -> None:
    """Explain one control: rationale, checks, remediation, references, mappings."""
    from pledgecheck.commands.explain import run_explain

    _run(run_explain, control_id=control_id, pack_dir=pack)


@app.command()
def rules(
    pack: PackOption = None,
    principle: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--principle", help="Only this principle, e.g. DEV1.", show_default=False),
    ] = None,
    framework: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--framework", help="Only controls mapped to this framework, e.g. eu-ai-act.", show_default=False),
    ] = None,
) -> None:
    """List the controls of the pack."""
    from pledgecheck.commands.explain import run_rules

    _run(run_rules, pack_dir=pack, principle=principle, framework=framework)


@app.command("test-pack")
def test_pack(
    directory: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Argument(help="Pack folder (default: the bundled pack).", metavar="DIR", show_default=False),
    ] = None,
) -> None:
    """Run every control's examples; exit 1 when one does not behave as declared, 3 when the pack is broken."""
    from pledgecheck.commands.test_pack import run_test_pack

    _run(run_test_pack, pack_dir=str(directory) if directory else None)


@app.command()
def compare(
    paths: Annotated[
        list[Path],
        typer.Argument(help="Manifest files, or folders of *.yaml files.", metavar="PATH", show_default=False),
    ],
    pack: PackOption = None,
    as_of: AsOfOption = None,
    output_format: Annotated[str, typer.Option("--format", "-f", help=format_help("compare"))] = "text",
    anonymize: Annotated[
        bool, typer.Option("--anonymize", help="Replace organisation names by pseudonyms; drop contacts, links, paths.")
    ] = False,
    anonymize_key: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--anonymize-key",
            help="Secret giving stable pseudonyms (HMAC-SHA256); default: random per run.",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--output", "-o", help="Write the report to this file instead of stdout.", show_default=False),
    ] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=0, help="Worker processes (0: one per core).")] = 0,
    max_size: MaxSizeOption = _MAX_SIZE,
    waivers: WaiversOption = None,
    waiver_warning_days: WarningDaysOption = 30,
    unverified_fails: UnverifiedOption = False,
    declared_na_as_gap: DeclaredOption = False,
) -> None:
    """Compare many organisations: matrix, adoption rates, quartiles, cohorts, overdue reports.
    Exit 2 when a manifest could not be assessed (the report of the others is still written)."""
    from pledgecheck.commands.compare import CompareOptions, run_compare

    settings = _settings(
        pack=pack,
        as_of=as_of,
        max_size=max_size,
        waivers=waivers,
        waiver_warning_days=waiver_warning_days,
        unverified_fails=unverified_fails,
        declared_na_as_gap=declared_na_as_gap,
    )
    options = CompareOptions(
        paths=[str(p) for p in paths],
        settings=settings,
        output_format=output_format,
        output=output,
        anonymize=anonymize,
        anonymize_key=anonymize_key,
        jobs=jobs,
    )
    _run(run_compare, options)


def _color() -> bool:
    import os

    return sys.stdout.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


def main() -> None:
    """Console-script entry point."""
    app()
