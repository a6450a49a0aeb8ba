"""The charts of the comparison page: how principle scores spread across organisations, and
how widely each control is adopted. Drawn by reporters.charts; the tables beside them hold the
same figures."""

from __future__ import annotations

from pledgecheck.compare import Comparison
from pledgecheck.reporters.base import format_rate
from pledgecheck.reporters.charts import Bar, bar_chart, strip_chart


def spread_chart(c: Comparison) -> str:
    """One row per principle, one dot per organisation's score, a bar at the median."""
    rows = [
        (f"{principle} {title}", [v for o in c.organisations if (v := o.scores.get(principle)) is not None])
        for principle, title in c.principles
    ]
    return strip_chart("spread-chart", "Distribution of principle scores across organisations (0–100)", rows)


def adoption_chart(c: Comparison) -> str:
    """One bar per control: the share of organisations it applies to that meet it."""
    bars = [
        Bar(f"{ctl.id} {ctl.title}", c.adoption[ctl.id].value, format_rate(c.adoption[ctl.id]), heading=False)
        for ctl in c.controls
    ]
    return bar_chart("adoption-chart", "Adoption per control: met over applicable organisations (%)", bars)
