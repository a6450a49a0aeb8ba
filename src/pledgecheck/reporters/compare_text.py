"""The terminal report of `compare`: plain columns, every manifest string made inert."""

from __future__ import annotations

from dataclasses import replace

from pledgecheck.compare import Comparison, OrgResult, Rate
from pledgecheck.reporters.base import ProgressWords, ReportOptions, display_path, format_score, plain, progress_report

# capitals, so an overdue report stands out in a plain terminal
_WORDS = ProgressWords("report on time", "OVERDUE", "no progress report published", "day(s)")
SHORT = {"met": "met", "partial": "part", "gap": "GAP", "not-applicable": "n/a", "waived": "waiv"}


def render(comparison: Comparison, options: ReportOptions) -> str:
    c = comparison
    pack_id, version, _ = c.pack
    out = [
        f"Coalition comparison: {len(c.organisations)} organisation(s), "
        f"{len(c.invalid_files)} invalid manifest(s) · pack {pack_id} {version} · as of {c.as_of}",
        "",
        "Scores per principle",
    ]
    names = {id(o): plain(o.name)[:32] for o in c.organisations}
    width = max([len(n) for n in names.values()] + [12])
    principles = [p for p, _ in c.principles]
    out.append(f"  {'organisation':<{width}} {'overall':>7} " + " ".join(f"{p:>6}" for p in principles))
    for org in c.organisations:
        cells = " ".join(f"{format_score(org.scores.get(p)):>6}" for p in principles)
        out.append(f"  {names[id(org)]:<{width}} {format_score(org.overall):>7} {cells}")
    out += ["", "Principle spread (quartile 1 / median / quartile 3)"]
    for principle, name in c.principles:
        s = c.spreads[principle]
        out.append(
            f"  {principle:<5} {format_score(s.q1):>6} {format_score(s.median):>6} {format_score(s.q3):>6}  {name}"
        )
    out += ["", "Controls (status per organisation; n/a is never a miss)"]
    for org in c.organisations:
        cells = " ".join(f"{ctl.id}:{SHORT[org.statuses.get(ctl.id, 'not-applicable')]}" for ctl in c.controls)
        out.append(f"  {names[id(org)]}: {cells}")
    out += ["", "Adoption (met / applicable organisations)"]
    for ctl in c.controls:
        out.append(f"  {ctl.id:<8} {_rate(c.adoption[ctl.id]):>16}  {ctl.title}")
    out += ["", "Most often missed (gap or partial)"]
    out += [f"  {control:<8} {count} organisation(s)" for control, count in c.most_missed] or ["  none"]
    out += ["", "Adoption by cohort (role)"]
    for role, (members, rates) in c.cohorts.items():
        applicable = [r for r in rates.values() if r.applicable]
        met = sum(r.met for r in applicable)
        total = sum(r.applicable for r in applicable)
        out.append(f"  {role:<22} {members:>4} member(s)  {_rate(Rate(met, total))} of applicable controls met")
    out += ["", "Critical gaps and progress reports per organisation"]
    out += [_org_line(org, names[id(org)]) for org in c.organisations]
    if c.invalid:
        out += ["", "Invalid manifests (left out of every aggregate)"]
        out += [f"  {plain(str(replace(p, file=display_path(p.file))))}" for p in c.invalid]
    return "\n".join(out) + "\n"


def _org_line(org: OrgResult, name: str) -> str:
    gaps = ", ".join(org.critical_gaps) or "none"
    report = progress_report(org, _WORDS, cadence=org.cadence, last=org.last_report)
    return f"  {name}: critical gaps {gaps}; {report}"


def _rate(rate: Rate) -> str:
    # unlike the shared wording, the counts stay when no organisation is in scope: `n/a (0/0)`
    shown = format_score(rate.value) + ("" if rate.value is None else "%")
    return f"{shown} ({rate.met}/{rate.applicable})"
