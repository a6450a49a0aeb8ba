"""The terminal report of `compare`: plain columns, every manifest string made inert."""

from __future__ import annotations

from dataclasses import replace

from pledgecheck.compare import Comparison, OrgResult, Rate
from pledgecheck.reporters import compare_parts as parts
from pledgecheck.reporters.base import ProgressWords, ReportOptions, display_path, format_score, plain, progress_report
from pledgecheck.reporters.notices import comparison_disclosure

# capitals, so an overdue report stands out in a plain terminal
_WORDS = ProgressWords("report on time", "OVERDUE", "no progress report published", "day(s)")
SHORT = {"met": "met", "partial": "part", "gap": "GAP", "not-applicable": "n/a", "waived": "waiv", "withheld": "—"}


def render(comparison: Comparison, options: ReportOptions) -> str:
    c = comparison
    pack_id, version, _ = c.pack
    out = [
        f"Coalition comparison: {len(c.organisations)} organisation(s), "
        f"{len(c.invalid_files)} invalid manifest(s) · pack {pack_id} {version} · as of {c.as_of}",
        comparison_disclosure(c.audience, sum(o.withheld_parts for o in c.organisations)),
        "",
        "Scores per principle",
    ]
    names = {id(o): plain(o.name)[:32] for o in c.organisations}
    width = max([len(n) for n in names.values()] + [12])
    principles = [p for p, _ in c.principles]
    out.append(f"  {'organisation':<{width}} {'overall':>7} " + " ".join(f"{p:>6}" for p in principles))
    for org in c.organisations:
        cells = " ".join(f"{parts.score(org, p):>6}" for p in principles)
        out.append(f"  {names[id(org)]:<{width}} {format_score(org.overall):>7} {cells}")
    out += ["", "Principle spread (quartile 1 / median / quartile 3)"]
    for principle, name in c.principles:
        s = c.spreads[principle]
        out.append(
            f"  {principle:<5} {format_score(s.q1):>6} {format_score(s.median):>6} {format_score(s.q3):>6}  {name}"
        )
    out += ["", "Controls (status per organisation; n/a is never a miss)"]
    for org in c.organisations:
        cells = " ".join(f"{ctl.id}:{SHORT[parts.status(org, ctl.id)]}" for ctl in c.controls)
        out.append(f"  {names[id(org)]}: {cells}")
    out += ["", "Adoption (met / applicable organisations)"]
    for ctl in c.controls:
        out.append(f"  {ctl.id:<8} {_rate(c.adoption[ctl.id]):>16}  {ctl.title}")
    out += ["", "Most often missed (gap or partial)"]
    out += [f"  {control:<8} {count} organisation(s)" for control, count in c.most_missed] or ["  none"]
    out += _frameworks(c, names)
    out += ["", parts.cohort_heading(c)]
    for cohort in c.cohorts:
        out.append(f"  {plain(cohort.name):<22} {plain(parts.cohort_summary(c, cohort))}")
    if c.reviewed:
        out += ["", "Reviewer verdicts (they replace the tool's; the tool's verdict and any contest stay shown)"]
        out += [f"  {plain(org.name)}: {plain(parts.review_line(row))}" for org, row in parts.reviewed(c)] or ["  none"]
        out += [f"  {plain(org.name)}: {parts.review_scores(org)}" for org in c.organisations if org.reviews]
    if c.history is not None:
        out += _history(c)
    out += ["", "Critical gaps and progress reports per organisation"]
    out += [_org_line(org, names[id(org)]) for org in c.organisations]
    if c.invalid:
        out += ["", "Invalid manifests (left out of every aggregate)"]
        out += [f"  {plain(str(replace(p, file=display_path(p.file))))}" for p in c.invalid]
    return "\n".join(out) + "\n"


def _frameworks(c: Comparison, names: dict[int, str]) -> list[str]:
    out = ["", parts.FRAMEWORKS_HEADING]
    if c.anonymized:
        return [*out, f"  {parts.FRAMEWORKS_WITHHELD}"]
    ids = parts.framework_ids(c)
    if not ids:
        return [*out, "  none: the pack has no crosswalk, or no framework applies"]
    for org in c.organisations:
        out.append(f"  {names[id(org)]}: " + " · ".join(f"{f} {parts.framework_cell(org, f)}" for f in ids))
    return [*out, f"  ({parts.FRAMEWORKS_NOTE})"]


def _history(c: Comparison) -> list[str]:
    h = c.history
    assert h is not None
    out = ["", f"History over {len(h.labels)} editions: {' → '.join(h.labels)}"]
    out += [f"  {plain(note)}" for note in parts.history_notes(h)]
    out += ["", "Overall score per edition (change from the edition before)"]
    for trend in h.trends:
        out.append(f"  {plain(trend.name)}: {parts.series(trend.overall)}")
        out += [f"    {p:<5} {parts.series(values)}" for p, values in trend.principles.items()]
    out += ["", "Largest movers (first to last edition scored)"]
    out += [f"  {plain(parts.mover_line(m))}" for m in h.movers] or ["  none"]
    out += ["", "Changed statuses and their cause"]
    out += [f"  {line}" for line in parts.cause_counts(h)]
    if not c.anonymized:
        out += [f"  {plain(parts.attribution_line(a))}" for a in h.changes]
    return out


def _org_line(org: OrgResult, name: str) -> str:
    gaps = parts.WITHHELD if "detail" in org.withheld else ", ".join(org.critical_gaps) or "none"
    report = progress_report(org, _WORDS, cadence=org.cadence, last=org.last_report)
    return f"  {name}: critical gaps {gaps}; {report}"


def _rate(rate: Rate) -> str:
    # unlike the shared wording, the counts stay when no organisation is in scope: `n/a (0/0)`
    shown = format_score(rate.value) + ("" if rate.value is None else "%")
    return f"{shown} ({rate.met}/{rate.applicable})"
