"""One assessment pipeline for every command: the pack loaded once, then each manifest read,
validated and evaluated with the same limits, waivers, baseline and date.

`check`, `baseline`, `diff`, `compare` and `test-pack` all assess through a `Pipeline`, so an
option means the same thing in each of them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from pledgecheck.assessment import Assessment
from pledgecheck.baseline import Baseline, load_baseline
from pledgecheck.disclosure import AudienceView, Tier, audience_view, check_audience
from pledgecheck.errors import UsageError
from pledgecheck.policy.model import Pack
from pledgecheck.rules import DEFAULT_RULES, Rules
from pledgecheck.source import DEFAULT_MAX_BYTES, Document
from pledgecheck.waivers import WAIVER_WARNING_DAYS, WaiverEntry, load_waivers

if TYPE_CHECKING:
    from pledgecheck.review import ReviewEntry


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
    audience: str = "internal"  # --audience: the disclosure tier a report is for (internal: everything)
    report_warning_days: int = 30  # --report-warning-days
    review: str | None = None  # --review: a reviewer's verdicts (review.py)


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

    reviews: tuple[ReviewEntry, ...] = ()  # a reviewer's verdicts, applied after the pack (review.py)

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
        audience: Tier = "internal",
        report_warn_days: int = 30,
    ) -> None:
        self.pack, self.as_of, self.max_size = pack, as_of, max_size
        self.waivers, self.warn_days, self.baseline = waivers, warn_days, baseline
        self.rules, self.audience, self.report_warn_days = rules, audience, report_warn_days

    @classmethod
    def open(cls, settings: Settings) -> Pipeline:
        """Check the settings, then load the pack, the waivers file and the baseline once."""
        from pledgecheck.policy.loader import load_pack

        if settings.waiver_warning_days < 0:
            raise UsageError("--waiver-warning-days must be 0 or more")
        if settings.max_size < 1:
            raise UsageError("--max-size must be 1 or more")
        if settings.report_warning_days < 0:
            raise UsageError("--report-warning-days must be 0 or more")
        audience = check_audience(settings.audience)
        if settings.baseline and audience != "internal":  # it lists the internal assessment's gaps
            raise UsageError(f"--baseline records the internal assessment; it does not go with --audience {audience}")
        as_of = parse_as_of(settings.as_of)
        baseline = load_baseline(settings.baseline) if settings.baseline else None
        waivers = load_waivers(settings.waivers) if settings.waivers else ()
        pipeline = cls(
            load_pack(settings.pack),
            as_of=as_of,
            max_size=settings.max_size,
            waivers=waivers,
            warn_days=settings.waiver_warning_days,
            baseline=baseline,
            rules=Rules(unverified_fails=settings.unverified_fails, declared_na_as_gap=settings.declared_na_as_gap),
            audience=audience,
            report_warn_days=settings.report_warning_days,
        )
        if settings.review:
            from pledgecheck.review import check_reviews, load_reviews

            pipeline.reviews = load_reviews(settings.review)
            check_reviews(pipeline.reviews, pipeline.pack)
        return pipeline

    def load(self, file: str) -> Document:
        """A valid manifest from `file`, or InputError listing every problem."""
        from pledgecheck.loading import Limits, load_manifest

        return load_manifest(file, limits=Limits(max_bytes=self.max_size))

    def validate(self, doc: Document) -> Document:
        """`doc` when it is a valid manifest (for documents not read from a file)."""
        from pledgecheck.loading import validated

        return validated(doc)

    def view(self, doc: Document) -> AudienceView:
        """What the audience of this run may read of `doc` (disclosure.audience_view)."""
        return audience_view(doc, self.audience)

    def assess(self, doc: Document) -> Assessment:
        """Evaluate the pack for what the audience may read of one validated manifest."""
        return self.assess_view(self.view(doc))

    def assess_view(self, view: AudienceView) -> Assessment:
        """Evaluate the pack for an audience's view: its scores count only what the view holds.
        Waivers from a waivers file are internal: only an internal audience gets them."""
        from pledgecheck.engine import evaluate
        from pledgecheck.reporting import reporting_due, reporting_warning

        extra = self.waivers if self.audience == "internal" else ()
        assessment = evaluate(
            view.doc, self.pack, as_of=self.as_of, extra_waivers=extra, warn_days=self.warn_days, rules=self.rules
        )
        due = reporting_due(
            view.doc.data["organisation"], self.pack.cadences, self.as_of, warn_days=self.report_warn_days
        )
        warnings = assessment.warnings + ((reporting_warning(view.doc.file, due),) if due.warns else ())
        redactions = None
        if self.audience != "internal":  # waivers from a file are withheld too, and counted
            redactions = replace(view.redactions, waivers=view.redactions.waivers + len(self.waivers))
        assessment = replace(assessment, warnings=warnings, reporting=due, redactions=redactions)
        if self.reviews:
            from pledgecheck.review import apply_reviews

            assessment = apply_reviews(assessment, self.reviews, view.doc.data)
        return assessment

    def assess_file(self, file: str) -> Assessment:
        """Load, validate and evaluate `file`, recording the digest of each local evidence file."""
        from pledgecheck.evidence import evidence_base, evidence_files

        view = self.view(self.load(file))
        return replace(self.assess_view(view), evidence=evidence_files(view.doc, evidence_base(file)))
