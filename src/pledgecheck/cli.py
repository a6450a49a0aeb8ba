"""The command line: parse options, call a function that returns an exit code, exit.

Only this module exits. Imports are lazy so that `--help`, `--version` and `validate` never
pay for the engine, markdown-it or rich. Annotations here are objects, not postponed strings
(no `from __future__ import annotations`): typer reads every command's signature on every
run, and evaluating 250 annotation strings cost about 20 ms of a 250 ms `check`.
"""

import sys
from pathlib import Path
from typing import Annotated, Any, NoReturn, Optional

import typer

from pledgecheck import __version__
from pledgecheck.cli_options import (
    AUDIENCE_HELP,
    MAX_SIZE,
    AsOfOption,
    AudienceOption,
    Command,
    DeclaredOption,
    FilesFromOption,
    JobsOption,
    MaxSizeOption,
    PackOption,
    ReportWarningDaysOption,
    ReviewOption,
    UnverifiedOption,
    WaiversOption,
    WarningDaysOption,
    manifest_paths,
    settings_from,
)
from pledgecheck.errors import EXIT_BAD_INPUT, EXIT_OK, PledgecheckError, inert
from pledgecheck.registry import format_help, formats

EXIT_CODES_HELP = (
    "Exit codes: 0 nothing fails the gates; 1 a gate failed (a gap or partial at or above "
    "--fail-on, a score under --min-score, a regression in diff, a failing pack example); "
    "2 usage error or input that could not be assessed; 3 a broken policy pack; 130 interrupted "
    "(nothing is left half-written)."
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


def _fail(exc: PledgecheckError) -> NoReturn:
    for problem in exc.problems:
        typer.echo(str(problem), err=True)
    raise typer.Exit(exc.exit_code)


def _manifests(files: list[str] | None, files_from: str | None) -> list[str]:
    try:
        return manifest_paths(files, files_from)
    except PledgecheckError as exc:
        _fail(exc)


def _run(function: object, *args: object, **kwargs: object) -> None:
    """Call a command body; map pledgecheck errors to messages and exit codes."""
    try:
        code = function(*args, **kwargs)  # type: ignore[operator]
    except PledgecheckError as exc:
        _fail(exc)
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        code = 130
    raise typer.Exit(int(code))


@app.command(cls=Command, short_help="Validate manifests against the schema.")
def validate(
    ctx: typer.Context,
    files: Annotated[
        Optional[list[str]],  # noqa: UP045 - optional: --files-from may name them all
        typer.Argument(
            help="Manifest files to validate; - reads standard input.", metavar="MANIFEST", show_default=False
        ),
    ] = None,
    output_format: Annotated[
        str, typer.Option("--format", "-f", help=format_help("validate"), metavar="FORMAT")
    ] = "text",
    max_size: Annotated[
        int, typer.Option("--max-size", min=1, help="Largest file accepted, in bytes.", metavar="BYTES")
    ] = 5 * 1024 * 1024,
    jobs: JobsOption = 0,
    files_from: FilesFromOption = None,
) -> None:
    """Validate manifests against the schema. Exit 0 when all are valid, 2 otherwise."""
    from pledgecheck.commands.validate import run_validate

    p = _configured(ctx, "validate")
    paths = _manifests(files, files_from)
    _run(run_validate, files=paths, output_format=p["output_format"], max_size=p["max_size"], jobs=jobs)


@app.command(cls=Command, short_help="Print a published JSON Schema.")
def schema(
    name: Annotated[
        str, typer.Argument(help="Which schema: manifest, policy, report or review.", metavar="NAME")
    ] = "manifest",
    path_only: Annotated[
        bool, typer.Option("--path", help="Print the installed file's path instead (for an editor's $schema).")
    ] = False,
) -> None:
    """Print a published JSON Schema (the manifest's by default), or with --path where it is installed."""
    from pledgecheck.resources import schema_path

    path = schema_path(name)
    if not path.is_file():
        shown = inert(name)  # the name is user text: shown, never obeyed by the terminal
        typer.echo(f"pledgecheck: unknown schema '{shown}'; expected manifest, policy, report or review", err=True)
        raise typer.Exit(EXIT_BAD_INPUT)
    sys.stdout.write(f"{path.resolve()}\n" if path_only else path.read_text(encoding="utf-8"))


@app.command(cls=Command, short_help="Write a commented starter manifest.")
def init(
    ctx: typer.Context,
    output: Annotated[Path, typer.Argument(help="Where to write the manifest.", metavar="FILE")] = Path(
        "manifest.yaml"
    ),
    name: Annotated[str, typer.Option(help="Organisation name.", metavar="NAME")] = "Example Organisation",
    role: Annotated[
        Optional[list[str]],  # noqa: UP045 - typer needs Optional for list options
        typer.Option("--role", help="A role of the organisation (repeatable).", show_default=False, metavar="ROLE"),
    ] = None,
    modality: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Option(
            "--modality",
            help="An output modality of the first system (repeatable).",
            show_default=False,
            metavar="MODALITY",
        ),
    ] = None,
    audience: Annotated[
        str,
        typer.Option("--audience", help="Audience of the first system: general or adults-only.", metavar="AUDIENCE"),
    ] = "general",
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
    pack: PackOption = None,
) -> None:
    """Write a commented starter manifest (the safeguards the pack asks of you); never overwrites without --force."""
    from pledgecheck.commands.init import run_init

    p = _configured(ctx)
    _run(
        run_init,
        output=str(output),
        name=name,
        roles=role or [],
        modalities=modality or [],
        force=force,
        audience=audience,
        pack_dir=p["pack"],
    )


def _configured(ctx: typer.Context, family: str | None = None, *, pack: str = "pack") -> dict[str, Any]:
    """The command's option values, the project configuration filling in those not given on the
    command line (`pack` names the parameter the configured pack goes to). A configured format
    applies to the commands that have it."""
    from pledgecheck.config import project_config

    try:
        config = project_config()
    except PledgecheckError as exc:
        _fail(exc)
    params = dict(ctx.params)
    for name, value in config.values.items():
        name = pack if name == "pack" else name
        source = ctx.get_parameter_source(name)
        if name not in params or (source is not None and source.name != "DEFAULT"):
            continue
        if name == "output_format" and (family is None or value not in formats(family)):  # type: ignore[arg-type]
            continue
        params[name] = value
    return params


@app.command(cls=Command, short_help="Assess manifests: the gap analysis.")
def check(
    ctx: typer.Context,
    files: Annotated[
        Optional[list[str]],  # noqa: UP045 - optional: --files-from may name them all
        typer.Argument(
            help="Manifest files to assess; - reads standard input.", metavar="MANIFEST", show_default=False
        ),
    ] = None,
    pack: PackOption = None,
    output_format: Annotated[str, typer.Option("--format", "-f", help=format_help("check"), metavar="FORMAT")] = "text",
    output: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Option(
            "--output",
            "-o",
            help="FILE writes the report there instead of stdout; FORMAT:FILE adds a report (repeatable).",
            show_default=False,
            metavar="[FORMAT:]FILE",
        ),
    ] = None,
    as_of: AsOfOption = None,
    fail_on: Annotated[
        str,
        typer.Option(
            "--fail-on",
            help="Exit 1 on a gap or partial at or above: critical, high, medium, low or none.",
            metavar="SEVERITY",
        ),
    ] = "high",
    min_score: Annotated[
        Optional[float],  # noqa: UP045
        typer.Option(
            "--min-score",
            help="Exit 1 when the overall score is under this (0-100).",
            show_default=False,
            metavar="SCORE",
        ),
    ] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Also list met, n/a and waived controls.")] = False,
    max_size: MaxSizeOption = MAX_SIZE,
    waivers: WaiversOption = None,
    review: ReviewOption = None,
    waiver_warning_days: WarningDaysOption = 30,
    report_warning_days: ReportWarningDaysOption = 30,
    audience: AudienceOption = "internal",
    unverified_fails: UnverifiedOption = False,
    declared_na_as_gap: DeclaredOption = False,
    baseline: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--baseline",
            help="A file written by `pledgecheck baseline`: only failing findings not in it fail the gate.",
            show_default=False,
            metavar="FILE",
        ),
    ] = None,
    jobs: JobsOption = 0,
    files_from: FilesFromOption = None,
    framework: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Option(
            "--framework",
            help="Coverage of this framework of the pack's crosswalk, obligation by obligation (repeatable; "
            "default: a summary of every framework that applies to the organisation's jurisdictions).",
            show_default=False,
            metavar="ID",
        ),
    ] = None,
) -> None:
    """Assess manifests against the policy pack and print the gap analysis."""
    from pledgecheck.commands.check import CheckOptions, run_check

    p = _configured(ctx, "check")
    settings = settings_from(p)
    options = CheckOptions(
        files=_manifests(files, files_from),
        settings=settings,
        output_format=p["output_format"],
        outputs=output or [],
        fail_on=p["fail_on"],
        min_score=min_score,
        verbose=verbose,
        color=_color(),
        jobs=jobs,
        frameworks=tuple(framework or ()),
    )
    _run(run_check, options)


@app.command("baseline", cls=Command, short_help="Record today's gaps for check --baseline.")
def baseline_command(
    ctx: typer.Context,
    files: Annotated[
        list[str], typer.Argument(help="Manifest files to record.", metavar="MANIFEST", show_default=False)
    ],
    output: Annotated[str, typer.Option("--output", "-o", help="Where to write the baseline (JSON).", metavar="FILE")],
    pack: PackOption = None,
    as_of: AsOfOption = None,
    max_size: MaxSizeOption = MAX_SIZE,
    waivers: WaiversOption = None,
    review: ReviewOption = None,
    waiver_warning_days: WarningDaysOption = 30,
    unverified_fails: UnverifiedOption = False,
    declared_na_as_gap: DeclaredOption = False,
) -> None:
    """Record today's gaps and partials, keyed by manifest, control and system, for `check --baseline`."""
    from pledgecheck.commands.baseline import run_baseline

    p = _configured(ctx)
    settings = settings_from(p)
    _run(run_baseline, files=[str(f) for f in files], output=output, settings=settings)


@app.command(cls=Command, short_help="Show what changed between two versions.")
def diff(
    ctx: typer.Context,
    files: Annotated[
        list[str], typer.Argument(help="OLD NEW, or one MANIFEST with --base.", metavar="FILE", show_default=False)
    ],
    base: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--base", help="Compare MANIFEST with its version at this git revision.", show_default=False, metavar="REV"
        ),
    ] = None,
    old_pack: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--old-pack",
            help="The pack OLD was assessed under: OLD is re-scored under --pack, and each changed finding is "
            "attributed to the manifest, the pack or both.",
            show_default=False,
            metavar="DIR",
        ),
    ] = None,
    pack: PackOption = None,
    as_of: AsOfOption = None,
    output_format: Annotated[str, typer.Option("--format", "-f", help=format_help("diff"), metavar="FORMAT")] = "text",
    output: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--output", "-o", help="Write the report to this file.", show_default=False, metavar="FILE"),
    ] = None,
    fail_on: Annotated[
        str,
        typer.Option(
            "--fail-on",
            help="Exit 1 on a regression at or above: critical, high, medium, low or none.",
            metavar="SEVERITY",
        ),
    ] = "high",
    max_size: MaxSizeOption = MAX_SIZE,
    waivers: WaiversOption = None,
    review: ReviewOption = None,
    waiver_warning_days: WarningDaysOption = 30,
    unverified_fails: UnverifiedOption = False,
    declared_na_as_gap: DeclaredOption = False,
) -> None:
    """Show what changed between two versions of a manifest: regressions, improvements,
    safeguards and evidence removed, systems added without coverage."""
    from pledgecheck.commands.diff import DiffOptions, run_diff

    p = _configured(ctx, "diff")
    settings = settings_from(p)
    options = DiffOptions(
        files=[str(f) for f in files],
        base=base,
        old_pack=old_pack,
        settings=settings,
        output_format=p["output_format"],
        output=output,
        fail_on=p["fail_on"],
    )
    _run(run_diff, options)


@app.command(cls=Command, short_help="Write a progress report for publication.")
def report(
    ctx: typer.Context,
    file: Annotated[str, typer.Argument(help="The manifest to report on.", metavar="MANIFEST", show_default=False)],
    audience: Annotated[str, typer.Option("--audience", help=AUDIENCE_HELP, metavar="TIER")] = "public",
    since: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--since",
            help="An earlier version to say what changed: a manifest file, or a git revision of MANIFEST.",
            show_default=False,
            metavar="FILE|REV",
        ),
    ] = None,
    output_format: Annotated[
        str, typer.Option("--format", "-f", help=format_help("report"), metavar="FORMAT")
    ] = "text",
    output: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--output", "-o", help="Write the report to this file.", show_default=False, metavar="FILE"),
    ] = None,
    pack: PackOption = None,
    as_of: AsOfOption = None,
    max_size: MaxSizeOption = MAX_SIZE,
    report_warning_days: ReportWarningDaysOption = 30,
    unverified_fails: UnverifiedOption = False,
    declared_na_as_gap: DeclaredOption = False,
) -> None:
    """Write the progress report an organisation publishes: per pillar and principle what it does, with evidence
    and dates, what is planned and when, and what changed --since an earlier version. Nothing marked stricter than
    --audience appears; what is left out is counted in the report. Exit 0 when it is written, 2 on bad input."""
    from pledgecheck.commands.report import ReportCommand, run_report

    p = _configured(ctx, "report")
    settings = settings_from({**p, "waivers": None, "waiver_warning_days": 30})
    options = ReportCommand(file=file, settings=settings, output_format=p["output_format"], output=output, since=since)
    _run(run_report, options)


@app.command(cls=Command, short_help="Explain a control, or list a principle's.")
def explain(
    ctx: typer.Context,
    control_id: Annotated[
        str,
        typer.Argument(
            help="Control id, e.g. DEP1-02, or a principle id (DEV1) to list its controls.",
            metavar="ID",
            show_default=False,
        ),
    ],
    pack: PackOption = None,
) -> None:
    """Explain one control: rationale, checks, remediation, references, mappings."""
    from pledgecheck.commands.explain import run_explain

    _run(run_explain, control_id=control_id, pack_dir=_configured(ctx)["pack"])


@app.command(cls=Command, short_help="List the controls of the pack.")
def rules(
    ctx: typer.Context,
    pack: PackOption = None,
    principle: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--principle", help="Only this principle, e.g. DEV1.", show_default=False, metavar="ID"),
    ] = None,
    framework: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--framework",
            help="Only controls mapped to this framework, e.g. eu-ai-act, then its obligations with their dates.",
            show_default=False,
            metavar="ID",
        ),
    ] = None,
    output_format: Annotated[
        str, typer.Option("--format", "-f", help="Output format: text or json.", metavar="FORMAT")
    ] = "text",
) -> None:
    """List the controls of the pack."""
    from pledgecheck.commands.explain import run_rules

    _run(
        run_rules,
        pack_dir=_configured(ctx)["pack"],
        principle=principle,
        framework=framework,
        output_format=output_format,
    )


@app.command(cls=Command, short_help="Export the pack as OSCAL (catalog, crosswalk mapping).")
def export(
    ctx: typer.Context,
    kind: Annotated[
        str,
        typer.Argument(help="oscal-catalog or oscal-mapping.", metavar="KIND", show_default=False),
    ],
    pack: PackOption = None,
    as_of: AsOfOption = None,
    output: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--output", "-o", help="Write to FILE instead of stdout.", show_default=False, metavar="FILE"),
    ] = None,
) -> None:
    """Export the pack as an OSCAL 1.2.1 catalog (oscal-catalog) or its framework crosswalk as an OSCAL
    mapping-collection (oscal-mapping); the same pack and --as-of give the same bytes. Assessments are
    `check --format oscal-ar`."""
    from pledgecheck.commands.export import run_export

    _run(run_export, kind=kind, pack_dir=_configured(ctx)["pack"], as_of=as_of, output=output)


@app.command("test-pack", cls=Command, short_help="Run the examples of every control.")
def test_pack(
    ctx: typer.Context,
    directory: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Argument(help="Pack folder (default: the bundled pack).", metavar="DIR", show_default=False),
    ] = None,
) -> None:
    """Run every control's examples; exit 1 when one does not behave as declared, 3 when the pack is broken."""
    from pledgecheck.commands.test_pack import run_test_pack

    directory = _configured(ctx, pack="directory")["directory"]
    _run(run_test_pack, pack_dir=str(directory) if directory else None)


@app.command(cls=Command, short_help="Compare many organisations.")
def compare(
    ctx: typer.Context,
    paths: Annotated[
        Optional[list[Path]],  # noqa: UP045
        typer.Argument(
            help="Manifest files, or folders (their *.yaml and *.yml files are read); or --edition instead.",
            metavar="PATH",
            show_default=False,
        ),
    ] = None,
    edition: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Option(
            "--edition",
            help="DATE=PATH (repeatable): the manifests of one dated edition, a folder or file, or REV:FOLDER "
            "at a git revision; with two or more, the report adds the history. Each is assessed as of its date.",
            show_default=False,
            metavar="DATE=PATH",
        ),
    ] = None,
    edition_pack: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Option(
            "--edition-pack",
            help="DATE=DIR (repeatable): the pack an edition was first assessed under (default: --old-pack, "
            "else --pack); changed findings are then attributed to the manifest, the pack or both.",
            show_default=False,
            metavar="DATE=DIR",
        ),
    ] = None,
    old_pack: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--old-pack",
            help="The pack every edition before the latest was assessed under.",
            show_default=False,
            metavar="DIR",
        ),
    ] = None,
    cohort_by: Annotated[
        str,
        typer.Option(
            "--cohort-by",
            help="Group organisations by 'role' or by a key of organisation.attributes (e.g. region).",
            metavar="ATTRIBUTE",
        ),
    ] = "role",
    min_cohort: Annotated[
        int,
        typer.Option(
            "--min-cohort",
            min=2,
            help="With --anonymize: withhold every cohort, and any combination of public facts, shared by fewer "
            "organisations than this.",
            metavar="N",
        ),
    ] = 3,
    pack: PackOption = None,
    as_of: AsOfOption = None,
    output_format: Annotated[
        str, typer.Option("--format", "-f", help=format_help("compare"), metavar="FORMAT")
    ] = "text",
    anonymize: Annotated[
        bool, typer.Option("--anonymize", help="Replace organisation names by pseudonyms; drop contacts, links, paths.")
    ] = False,
    anonymize_key: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--anonymize-key",
            help="Secret giving stable pseudonyms (HMAC-SHA256); default: random per run.",
            show_default=False,
            metavar="KEY",
        ),
    ] = None,
    output: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--output",
            "-o",
            help="Write the report to this file instead of stdout.",
            show_default=False,
            metavar="FILE",
        ),
    ] = None,
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", min=0, help="Worker processes (0: one per core).", metavar="N")
    ] = 0,
    audience: Annotated[str, typer.Option("--audience", help=AUDIENCE_HELP, metavar="TIER")] = "coalition",
    max_size: MaxSizeOption = MAX_SIZE,
    waivers: WaiversOption = None,
    review: ReviewOption = None,
    waiver_warning_days: WarningDaysOption = 30,
    unverified_fails: UnverifiedOption = False,
    declared_na_as_gap: DeclaredOption = False,
) -> None:
    """Compare many organisations: matrix, adoption rates, quartiles, cohorts, overdue reports; with
    --edition DATE=PATH (two or more), their history. Exit 2 when a manifest could not be assessed
    (the report of the others is still written)."""
    from pledgecheck.commands.compare import CompareOptions, run_compare

    p = _configured(ctx, "compare")
    settings = settings_from(p)
    options = CompareOptions(
        paths=[str(p) for p in paths or []],
        settings=settings,
        output_format=p["output_format"],
        output=output,
        anonymize=anonymize,
        anonymize_key=anonymize_key,
        jobs=jobs,
        editions=edition or [],
        edition_packs=edition_pack or [],
        old_pack=old_pack,
        cohort_by=cohort_by,
        min_cohort=min_cohort,
    )
    _run(run_compare, options)


def _color() -> bool:
    import os

    return sys.stdout.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


def main() -> None:
    """Console-script entry point."""
    app()
