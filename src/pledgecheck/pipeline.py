"""One assessment pipeline for every command: the pack loaded once, then each manifest read,
validated and evaluated with the same limits, waivers, baseline and date.

`check`, `baseline`, `diff`, `compare` and `test-pack` all assess through a `Pipeline`, so an
option means the same thing in each of them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pledgecheck.assessment import Assessment
from pledgecheck.baseline import Baseline, load_baseline
from pledgecheck.errors import UsageError
from pledgecheck.policy.model import Pack
from pledgecheck.rules import DEFAULT_RULES, Rules
from pledgecheck.source import DEFAULT_MAX_BYTES, Document
from pledgecheck.waivers import WAIVER_WARNING_DAYS, WaiverEntry, load_waivers


@dataclass(frozen=True, slots=True)
class Settings:
    """What every command that assesses a manifest accepts, with the same defaults."""

    pack: str | None = None
    as_of: str | None = None
    max_size: int = DEFAULT_MAX_BYTES
    waivers: str | None = None
    waiver_warning_days: int = WAIVER_WARNING_DAYS
    baseline: str | None = None
    unverified_fails: bool = False  # --unverified-fails
    declared_na_as_gap: bool = False  # --declared-na-as-gap


def parse_as_of(value: str | None) -> dt.date:
    """The assessment date: --as-of, else today."""
    if not value:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--as-of '{value}' is not a date (expected YYYY-MM-DD)") from None


class Pipeline:
    """Assesses manifests against one pack on one date."""

    def __init__(
        self,
        pack: Pack,
        *,
        as_of: dt.date,
        max_size: int = DEFAULT_MAX_BYTES,
        waivers: tuple[WaiverEntry, ...] = (),
        warn_days: int = WAIVER_WARNING_DAYS,
        baseline: Baseline | None = None,
        rules: Rules = DEFAULT_RULES,
    ) -> None:
        self.pack, self.as_of, self.max_size = pack, as_of, max_size
        self.waivers, self.warn_days, self.baseline = waivers, warn_days, baseline
        self.rules = rules

    @classmethod
    def open(cls, settings: Settings) -> Pipeline:
        """Check the settings, then load the pack, the waivers file and the baseline once."""
        from pledgecheck.policy.loader import load_pack

        if settings.waiver_warning_days < 0:
            raise UsageError("--waiver-warning-days must be 0 or more")
        if settings.max_size < 1:
            raise UsageError("--max-size must be 1 or more")
        as_of = parse_as_of(settings.as_of)
        baseline = load_baseline(settings.baseline) if settings.baseline else None
        waivers = load_waivers(settings.waivers) if settings.waivers else ()
        return cls(
            load_pack(settings.pack),
            as_of=as_of,
            max_size=settings.max_size,
            waivers=waivers,
            warn_days=settings.waiver_warning_days,
            baseline=baseline,
            rules=Rules(unverified_fails=settings.unverified_fails, declared_na_as_gap=settings.declared_na_as_gap),
        )

    def load(self, file: str) -> Document:
        """A valid manifest from `file`, or InputError listing every problem."""
        from pledgecheck.loading import Limits, load_manifest

        return load_manifest(file, limits=Limits(max_bytes=self.max_size))

    def validate(self, doc: Document) -> Document:
        """`doc` when it is a valid manifest (for documents not read from a file)."""
        from pledgecheck.loading import validated

        return validated(doc)

    def assess(self, doc: Document) -> Assessment:
        """Evaluate the pack for one validated manifest."""
        from pledgecheck.engine import evaluate

        return evaluate(
            doc, self.pack, as_of=self.as_of, extra_waivers=self.waivers, warn_days=self.warn_days, rules=self.rules
        )

    def assess_file(self, file: str) -> Assessment:
        return self.assess(self.load(file))
