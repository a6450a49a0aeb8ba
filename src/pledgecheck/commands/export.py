"""`pledgecheck export KIND`: documents of the pack itself, for GRC tools (OSCAL 1.2.1).

The assessment of a manifest is a `check` report (`check --format oscal-ar`); what does not
depend on a manifest, the pack's catalog and its framework crosswalk, is exported here.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from pledgecheck.errors import EXIT_OK, UsageError, did_you_mean
from pledgecheck.policy.model import Pack

#: kind -> what it writes
EXPORTS: dict[str, str] = {
    "oscal-catalog": "the pack as an OSCAL catalog (a group per principle, a control per control)",
    "oscal-mapping": "the framework crosswalk as an OSCAL mapping-collection (control -> obligation)",
}


def run_export(*, kind: str, pack_dir: str | None, as_of: str | None, output: str | None) -> int:
    from pledgecheck.output import write_atomic
    from pledgecheck.pipeline import parse_as_of
    from pledgecheck.policy.loader import load_pack

    if kind not in EXPORTS:
        raise UsageError(f"unknown export '{kind}'; expected one of {', '.join(EXPORTS)}{did_you_mean(kind, EXPORTS)}")
    date = parse_as_of(as_of).isoformat()
    pack = load_pack(pack_dir)
    text = _renderer(kind)(pack, as_of=date)
    if output:
        write_atomic(output, text)
    else:
        sys.stdout.write(text)
    return EXIT_OK


def _renderer(kind: str) -> Callable[..., str]:
    if kind == "oscal-catalog":
        from pledgecheck.oscal.catalog import render_catalog

        return render_catalog
    from pledgecheck.oscal.mapping import render_mapping

    return render_mapping


def export_help() -> str:
    return "What to export: " + "; ".join(f"{name}: {what}" for name, what in EXPORTS.items()) + "."


__all__ = ["EXPORTS", "Pack", "export_help", "run_export"]
