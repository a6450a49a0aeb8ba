"""`pledgecheck diff OLD NEW` and `pledgecheck diff --base REF MANIFEST`: assess both versions
on one date and report what changed; exit 1 on a regression at or above --fail-on."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass, field

from pledgecheck.errors import EXIT_GATE_FAILED, EXIT_OK, InputError, Problem, UsageError
from pledgecheck.pipeline import Pipeline, Settings
from pledgecheck.source import Document


@dataclass(frozen=True, slots=True)
class DiffOptions:
    files: list[str]
    base: str | None = None
    settings: Settings = field(default_factory=Settings)
    output_format: str = "text"
    output: str | None = None
    fail_on: str = "high"
    old_pack: str | None = None  # the pack OLD was assessed under; OLD is re-scored under the new one


def run_diff(options: DiffOptions) -> int:
    from pledgecheck.commands.check import check_fail_on
    from pledgecheck.diff import compare
    from pledgecheck.output import ensure_folder, write_atomic
    from pledgecheck.pipeline import Pipeline
    from pledgecheck.registry import reporter
    from pledgecheck.reporters.base import ReportOptions

    render = reporter("diff", options.output_format)
    check_fail_on(options.fail_on)
    expected = 1 if options.base else 2
    if len(options.files) != expected:
        usage = "diff --base REF MANIFEST" if options.base else "diff OLD NEW (or diff --base REF MANIFEST)"
        raise UsageError(f"expected {expected} manifest{'s' if expected > 1 else ''}: pledgecheck {usage}")
    if options.output:
        ensure_folder(options.output, inputs=options.files)  # a report never replaces a manifest
    pipeline = Pipeline.open(options.settings)
    if options.base:
        old_doc = load_at_ref(options.base, options.files[0], pipeline)
        new_doc = pipeline.load(options.files[0])
    else:
        old_doc, new_doc = pipeline.load(options.files[0]), pipeline.load(options.files[1])
    new = pipeline.assess(new_doc)
    if options.old_pack:
        import dataclasses

        earlier = Pipeline.open(
            dataclasses.replace(options.settings, pack=options.old_pack, as_of=pipeline.as_of.isoformat())
        )
        old, rescored = earlier.assess(old_doc), pipeline.assess(old_doc)
        diff = compare(old, new, old_doc.data, new_doc.data, rescored=rescored)
    else:
        diff = compare(pipeline.assess(old_doc), new, old_doc.data, new_doc.data)
    text = render(diff, ReportOptions())
    if options.output:
        write_atomic(options.output, text, inputs=options.files)
    else:
        sys.stdout.write(text)
    blocking = diff.regressions_at(options.fail_on)
    if blocking:
        sys.stderr.write(f"gate failed: {len(blocking)} regression(s) at severity {options.fail_on} or above\n")
    return EXIT_GATE_FAILED if blocking else EXIT_OK


def load_at_ref(ref: str, path: str, pipeline: Pipeline) -> Document:
    """The manifest at `path` as committed in git revision `ref`, validated under the same
    size limit as a manifest read from a file."""
    from pledgecheck.source import check_size, parse_yaml

    folder = os.path.dirname(os.path.abspath(path))
    shown = f"{ref}:{path}"
    if ref.startswith("-"):
        raise UsageError(f"--base '{ref}' is not a git revision")
    if not os.path.isdir(folder):
        raise InputError([Problem(path, 0, 0, f"the folder '{os.path.dirname(path)}' does not exist")])
    _git(folder, shown, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", missing=f"unknown git ref '{ref}'")
    text = _git(
        folder, shown, "show", f"{ref}:./{os.path.basename(path)}", missing=f"{path} does not exist at git ref '{ref}'"
    )
    check_size(shown, len(text.encode("utf-8")), pipeline.max_size)
    return pipeline.validate(parse_yaml(text.lstrip("\ufeff"), file=shown))


def git_files(ref: str, folder: str) -> list[str]:
    """The *.yaml and *.yml files of `folder` as committed at git revision `ref`, sorted; each
    named by its path in the working tree (read it with `load_at_ref`)."""
    shown = f"{ref}:{folder}"
    if ref.startswith("-") or not ref:
        raise UsageError(f"'{shown}' does not name a git revision")
    if not os.path.isdir(folder):
        raise InputError([Problem(shown, 0, 0, f"the folder '{folder}' does not exist in the working tree")])
    _git(folder, shown, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", missing=f"unknown git ref '{ref}'")
    listing = _git(
        folder, shown, "ls-tree", "--name-only", ref, "--", "./", missing=f"{folder} does not exist at git ref '{ref}'"
    )
    names = sorted(n for n in listing.splitlines() if n.endswith((".yaml", ".yml")))
    if not names:
        raise InputError([Problem(shown, 0, 0, "no *.yaml or *.yml files in that folder at that revision")])
    return [os.path.join(folder, name) for name in names]


def _git(folder: str, shown: str, *args: str, missing: str) -> str:
    try:
        done = subprocess.run(
            ["git", *args], cwd=folder, capture_output=True, check=False, timeout=60, stdin=subprocess.DEVNULL
        )
    except FileNotFoundError:
        raise InputError([Problem(shown, 0, 0, "git is not installed; --base needs it")]) from None
    except subprocess.TimeoutExpired:
        raise InputError([Problem(shown, 0, 0, "git did not answer within 60 seconds")]) from None
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        if detail and "not a git repository" in detail[-1]:
            raise InputError([Problem(shown, 0, 0, f"'{folder}' is not inside a git repository")])
        raise InputError([Problem(shown, 0, 0, missing)])
    try:
        return done.stdout.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError([Problem(shown, 0, 0, "file is not valid UTF-8 at that revision")]) from None
