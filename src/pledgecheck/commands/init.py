"""`pledgecheck init`: write a commented starter manifest that already validates.

The starter lists only the safeguards that the policy pack's own controls ask of the roles,
output modalities and audience given (no provenance for a text-only organisation, no
third-party hosting rules unless a model host), each `planned`, so that a gap analysis of the
untouched file never claims anything is met.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shlex
import sys
from dataclasses import dataclass
from typing import Any, get_args

from pledgecheck import vocabulary as vocab
from pledgecheck.errors import EXIT_OK, UsageError, did_you_mean, inert
from pledgecheck.output import write_atomic
from pledgecheck.policy.applicability import not_applicable_reason
from pledgecheck.policy.model import Pack

_PLANNING_HORIZON = dt.timedelta(days=182)
#: the manifest schema is written beside the manifest, so editors complete and check it offline.
SCHEMA_FILE = "manifest.schema.json"


@dataclass(frozen=True, slots=True)
class Profile:
    """What the organisation is, as far as deciding which safeguards apply."""

    roles: tuple[str, ...]
    modalities: tuple[str, ...]
    audience: str = "general"

    def has(self, *roles: str) -> bool:
        return bool(set(roles) & set(self.roles))

    @property
    def release_type(self) -> str:
        if self.has("model-host"):
            return "hosted-api"
        if self.has("application-provider", "content-platform", "search-engine"):
            return "consumer-product"
        return "open-weights"

    @property
    def flags(self) -> dict[str, bool]:
        """The organisation facts implied by the roles (the starter writes them out)."""
        return {flag: True for role, (flag, _) in _ORGANISATION_FLAGS.items() if self.has(role)}

    def organisation(self) -> dict[str, Any]:
        return {"name": "starter", "roles": list(self.roles), **self.flags}

    def system(self) -> dict[str, Any]:
        return {
            "id": "flagship",
            "modalities": {"input": ["text"], "output": list(self.modalities)},
            "release_type": self.release_type,
            "audience": self.audience,
        }


def applicable_kinds(pack: Pack, profile: Profile) -> set[str]:
    """The safeguard kinds that the pack's controls ask of an organisation like `profile`:
    the starter follows the pack's own applicability, so it can never drift from it."""
    organisation, system = profile.organisation(), profile.system()
    return {
        kind
        for control in pack.controls
        if not not_applicable_reason(
            control.applies, organisation, system if control.scope == "system" else None, [system]
        )
        for kind in control.kinds
    }


#: role -> (the organisation flag it implies, the line the starter writes for it)
_ORGANISATION_FLAGS = {
    "model-host": ("hosts_third_party_models", "false if you serve only your own models"),
    "content-platform": ("hosts_user_content", "people upload or share content"),
    "search-engine": ("operates_search", "results are checked for harmful tools"),
}

_CHOICES = [
    ("role", vocab.Role), ("cadence", vocab.Cadence), ("modality", vocab.Modality),
    ("release", vocab.ReleaseType), ("lifecycle", vocab.Lifecycle),
    ("audience", vocab.Audience), ("assurance", vocab.Assurance),
]  # fmt: skip

_TEMPLATE = """\
# yaml-language-server: $schema=./{schema_file}
#
# A pledgecheck manifest: your child-safety safeguards for generative AI, described against
# the Safety by Design principles (Thorn and All Tech Is Human, 2024). Written by
# `pledgecheck init` on {today}. Edit every value, then run `pledgecheck validate` on
# this file. Dates are YYYY-MM-DD; lists of choices in comments are the allowed values.
manifest_version: 1

# Who you are. `roles` decide which controls apply to you.
organisation:
  name: {name}
  roles: [{roles}]  # {role_choices}
  jurisdictions: []  # where you operate: ISO 3166 codes or EU, e.g. [US, GB, EU]
  contact: ""  # a safety contact, e.g. safety@example.org
  # Who may read each part: public, coalition (the signatories' coalition) or internal. Systems,
  # safeguards and waivers inherit this; a safeguard, its details, their notes (notes_disclosure)
  # or one evidence item may say `disclosure: internal`, stricter, never looser. `pledgecheck
  # report --audience public` leaves out what is stricter, says how much, and scores the rest.
  disclosure: public
{flags}  # Your public progress reports, and how often you promised to publish one.
  reporting:
    cadence: yearly  # {cadence_choices}
    progress_reports: []
    # progress_reports:
    #   - date: 2026-03-31
    #     url: https://example.org/child-safety-progress
    #     title: Child-safety progress report 2026

# What you build or host. Each system is assessed on its own: controls about image output,
# open weights or adults-only products read these fields.
systems:
  - id: flagship  # stable and unique; safeguards and waivers refer to it
    name: Flagship system  # the product or model name
    description: ""
    modalities:
      input: [text]
      output: [{modalities}]  # {modality_choices}
    release_type: {release_type}  # {release_choices}
    lifecycle: generally-available  # {lifecycle_choices} (not assessed)
    audience: {audience}  # {audience_choices}

# What is in place, one entry per mitigation. `kind` comes from the shared catalogue; `id`
# is yours and should stay stable. Each entry starts as planned: set `status` to implemented
# or partial when it is, or to not-applicable with a `justification`. Omit `systems` to
# cover every system, or list the ids covered. Back each claim, for example:
#   details: {{hash_lists: [ncmec, iwf], classifiers: [novel CSAM image classifier]}}
#   evidence:
#     - url: https://example.org/child-safety
#       date: 2026-06-30
#       assurance: publicly-documented  # {assurance_choices}
safeguards:
{safeguards}
# Gaps you accept for now, each approved and with an expiry date.
waivers: []
# waivers:
#   - control: DEV3-01  # a control id from the policy pack
#     system: flagship  # omit to waive for every system
#     justification: Provenance ships with the public release in Q1.
#     approver: Chief Trust Officer
#     expires: 2027-03-31
"""


def run_init(
    *,
    output: str,
    name: str,
    roles: list[str],
    modalities: list[str],
    force: bool,
    audience: str = "general",
    pack_dir: str | None = None,
) -> int:
    """Write the starter manifest to `output`; refuse to overwrite unless `force`."""
    from pledgecheck.policy.loader import load_pack

    if not name.strip():
        raise UsageError("--name must not be empty")
    _check_text(name)
    profile = Profile(
        roles=_checked("role", roles or ["model-developer"], get_args(vocab.Role)),
        modalities=_checked("modality", modalities or ["text"], get_args(vocab.Modality)),
        audience=_checked("audience", [audience], get_args(vocab.Audience))[0],
    )
    pack = load_pack(pack_dir)
    if os.path.isdir(output):
        raise UsageError(f"{output} is a folder; give a file name, e.g. {output}/manifest.yaml")
    if os.path.lexists(output) and not force:
        raise UsageError(f"{output} already exists; use --force to overwrite it")
    schema_file, schema_text = _schema_beside(output, force=force)
    if schema_text is not None:
        write_atomic(schema_file, schema_text)
    write_atomic(output, render_starter(name=name, profile=profile, pack=pack, today=dt.date.today()))
    command = f"pledgecheck validate {shlex.quote(output)}"
    shown, schema_shown = inert(output), inert(schema_file)  # a file name is user text
    sys.stdout.write(f"Wrote a starter manifest to {shown} (editors read its schema from {schema_shown})")
    sys.stdout.write(f"; next, edit it and run: {inert(command)}\n")
    return EXIT_OK


def _check_text(name: str) -> None:
    """UsageError when `name` holds bytes that are not UTF-8 (an argument the shell passed
    undecoded): YAML cannot carry them, so the starter would fail its own validation."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError as exc:
        code = ord(name[exc.start])  # an undecodable byte b arrives as the lone surrogate U+DC00 + b
        shown = f"the byte 0x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"U+{code:04X}"
        raise UsageError(f"--name is not valid UTF-8 text ({shown}); give the name in UTF-8") from None


def _schema_beside(output: str, *, force: bool) -> tuple[str, str | None]:
    """Where the schema goes beside `output`, and the text to write there (None when the same
    schema is already there). A different file is kept unless `force`: it may be someone's."""
    from pledgecheck.resources import schema_path

    target = os.path.join(os.path.dirname(output), SCHEMA_FILE)
    text = schema_path("manifest").read_text(encoding="utf-8")
    if not os.path.lexists(target):
        return target, text
    try:
        with open(target, encoding="utf-8") as handle:
            if handle.read() == text:
                return target, None
    except (OSError, UnicodeDecodeError):
        pass
    if not force:
        raise UsageError(
            f"{target} already exists and is not the installed manifest schema; use --force to overwrite it"
        )
    return target, text


def _checked(what: str, values: list[str], allowed: tuple[Any, ...]) -> tuple[str, ...]:
    """`values` without duplicates, or UsageError naming the unknown one and the closest."""
    for value in values:
        if value not in allowed:
            hint = did_you_mean(value.lower(), allowed, cutoff=0.5)
            raise UsageError(f"unknown {what} '{value}'{hint} (expected one of: {', '.join(allowed)})")
    return tuple(dict.fromkeys(values))


def render_starter(*, name: str, profile: Profile, pack: Pack, today: dt.date) -> str:
    """The starter manifest as YAML text; planned items fall due six months after `today`."""
    flags = "".join(
        f"  {flag}: true  # {comment}\n" for role, (flag, comment) in _ORGANISATION_FLAGS.items() if profile.has(role)
    )
    return _TEMPLATE.format(
        schema_file=SCHEMA_FILE,
        today=today.isoformat(),
        name=_yaml_string(name),
        roles=", ".join(profile.roles),
        flags=flags,
        modalities=", ".join(profile.modalities),
        release_type=profile.release_type,
        audience=profile.audience,
        safeguards=_safeguards(applicable_kinds(pack, profile), due=today + _PLANNING_HORIZON),
        **{f"{field}_choices": " | ".join(get_args(literal)) for field, literal in _CHOICES},
    )


def _safeguards(kinds: set[str], *, due: dt.date) -> str:
    lines, heading = [], ""
    for kind, (principle, meaning) in vocab.SAFEGUARD_KINDS.items():
        if kind not in kinds:
            continue
        if principle != heading:
            heading = principle
            lines.append(f"  # -- {principle}: {vocab.PRINCIPLES[principle][1]}")
        lines += [
            f"  - id: {kind}  # {meaning}",
            f"    kind: {kind}",
            "    status: planned",
            f"    due: {due.isoformat()}",
        ]
    return "".join(f"{line}\n" for line in lines)


def _yaml_string(text: str) -> str:
    """A double-quoted YAML scalar: JSON's escapes, plus escapes for what YAML forbids raw."""
    quoted = json.dumps(text, ensure_ascii=False)
    return "".join(c if c.isprintable() else f"\\U{ord(c):08x}" for c in quoted)
