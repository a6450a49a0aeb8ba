"""The trend chart of a coalition's history: overall score (0–100) per edition, one line per
organisation (the largest movers first, at most ten) and a dashed line for the median of all.

Inline SVG in the style of reporters/charts.py (same palette, marks and text alternative):
deterministic, no script, `role="img"` with a `<title>` and a `<desc>` stating every value in
words; each line is labelled with its name and last value at its end, so no colour needs
telling apart, and the table beside the chart holds the same figures.
"""

from __future__ import annotations

import html
import statistics
from collections.abc import Sequence

from pledgecheck.history import History, Trend
from pledgecheck.reporters.base import format_score, plain
from pledgecheck.reporters.charts import INK

#: colour-blind-safe series colours (Okabe & Ito), cycled; the labels carry the meaning
SERIES = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442")
SHAPES = ("circle", "square", "diamond", "triangle")
_LEFT, _TOP, _PLOT_W, _PLOT_H, _RIGHT = 40, 16, 520, 220, 260
LIMIT = 10


def _esc(text: object) -> str:
    return html.escape(plain(str(text)), quote=True)


def chosen(history: History, limit: int = LIMIT) -> list[Trend]:
    """The organisations drawn: the largest movers, then the others by name, at most `limit`."""
    by_name = {t.name: t for t in history.trends}
    first = [by_name[m.name] for m in history.movers if m.name in by_name]
    rest = [t for t in history.trends if t not in first]
    return (first + rest)[:limit]


def _median(history: History) -> list[float | None]:
    out: list[float | None] = []
    for index in range(len(history.labels)):
        values = [v for t in history.trends if (v := t.overall[index]) is not None]
        out.append(round(statistics.median(values), 1) if values else None)
    return out


def _x(index: int, count: int) -> float:
    return round(_LEFT + (_PLOT_W * index / (count - 1) if count > 1 else _PLOT_W / 2), 1)


def _y(value: float) -> float:
    return round(_TOP + _PLOT_H * (1 - max(0.0, min(100.0, value)) / 100), 1)


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    if shape == "circle":
        return f'<circle cx="{x:g}" cy="{y:g}" r="4" fill="{colour}" stroke="{INK}" stroke-width="0.75"/>'
    if shape == "square":
        return (
            f'<rect x="{x - 4:g}" y="{y - 4:g}" width="8" height="8" fill="{colour}" '
            f'stroke="{INK}" stroke-width="0.75"/>'
        )
    if shape == "diamond":
        points = f"{x:g},{y - 5:g} {x + 5:g},{y:g} {x:g},{y + 5:g} {x - 5:g},{y:g}"
    else:
        points = f"{x:g},{y - 5:g} {x + 5:g},{y + 4:g} {x - 5:g},{y + 4:g}"
    return f'<polygon points="{points}" fill="{colour}" stroke="{INK}" stroke-width="0.75"/>'


def _line(values: Sequence[float | None], count: int, colour: str, dash: str = "") -> str:
    """A polyline through the known values; an absent edition breaks the line."""
    segments: list[list[str]] = [[]]
    for index, value in enumerate(values):
        if value is None:
            segments.append([])
        else:
            segments[-1].append(f"{_x(index, count):g},{_y(value):g}")
    style = f' stroke-dasharray="{dash}"' if dash else ""
    return "".join(
        f'<polyline points="{" ".join(points)}" fill="none" stroke="{colour}" stroke-width="2"{style}/>'
        for points in segments
        if len(points) > 1
    )


def trend_chart(history: History, ident: str = "trend-chart") -> str:
    """The chart, in a `<figure>`; "" when there are fewer than two editions."""
    count = len(history.labels)
    if count < 2:
        return ""
    parts = []
    for tick in (0, 50, 80, 100):
        y = _y(tick)
        parts.append(
            f'<line x1="{_LEFT}" y1="{y:g}" x2="{_LEFT + _PLOT_W}" y2="{y:g}" stroke="#767676" stroke-width="0.5" '
            f'stroke-dasharray="2 3"/><text x="{_LEFT - 6}" y="{y + 4:g}" text-anchor="end" font-size="10" '
            f'fill="#444">{tick}</text>'
        )
    for index, label in enumerate(history.labels):
        parts.append(
            f'<text x="{_x(index, count):g}" y="{_TOP + _PLOT_H + 16}" text-anchor="middle" font-size="11" '
            f'fill="{INK}">{_esc(label)}</text>'
        )
    words = []
    labels: list[tuple[float, str]] = []
    median = _median(history)
    parts.append(_line(median, count, "#444444", "6 4"))
    words.append(f"median of all organisations: {', '.join(format_score(v) for v in median)}")
    if median[-1] is not None:
        labels.append((_y(median[-1]), f"median {format_score(median[-1])}"))
    for number, trend in enumerate(chosen(history)):
        colour, shape = SERIES[number % len(SERIES)], SHAPES[number % len(SHAPES)]
        parts.append(_line(trend.overall, count, colour))
        for index, value in enumerate(trend.overall):
            if value is not None:
                parts.append(_marker(shape, _x(index, count), _y(value), colour))
        last = next((v for v in reversed(trend.overall) if v is not None), None)
        if last is not None:
            labels.append((_y(last), f"{trend.name} {format_score(last)}"))
        words.append(f"{trend.name}: {', '.join(format_score(v) for v in trend.overall)}")
    parts += _end_labels(labels)
    height = _TOP + _PLOT_H + 28
    width = _LEFT + _PLOT_W + _RIGHT
    title = f"Overall score per edition ({', '.join(history.labels)}), 0–100"
    desc = "Editions " + ", ".join(history.labels) + ". " + "; ".join(words) + "."
    return (
        f'<figure class="chart"><svg xmlns="http://www.w3.org/2000/svg" role="img" '
        f'aria-labelledby="{ident}-t {ident}-d" viewBox="0 0 {width} {height}" width="100%" '
        'preserveAspectRatio="xMinYMin meet">'
        f'<title id="{ident}-t">{_esc(title)}</title><desc id="{ident}-d">{_esc(desc)}</desc>'
        f"{''.join(parts)}</svg></figure>"
    )


def _end_labels(labels: list[tuple[float, str]]) -> list[str]:
    """Labels at the right end of the lines, pushed apart so none overlaps the one above."""
    out, floor = [], 0.0
    for y, text in sorted(labels):
        y = max(y + 4, floor + 13)
        floor = y
        out.append(f'<text x="{_LEFT + _PLOT_W + 8}" y="{y:g}" font-size="11" fill="{INK}">{_esc(text[:40])}</text>')
    return out
