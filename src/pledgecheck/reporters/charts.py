"""Inline SVG charts for the HTML reports: self-contained, deterministic, no script needed.

Written by hand rather than with a charting library: the reports need three simple shapes
(labelled horizontal bars, one stacked bar, a strip of dots per row), and the libraries that
draw them either add script and random element ids (pygal) or are general drawing kits
(drawsvg) that would save a few f-strings at the price of a runtime dependency. Here the
same input gives the same bytes, and nothing is loaded from anywhere.

Every chart is `role="img"` with a `<title>` and a `<desc>` that states its data in words (the
text alternative), and the same figures stand in a table beside it. Colours are the
Okabe–Ito palette, chosen to stay distinct under the common colour-vision deficiencies
(tests/reports simulate deuteranopia and protanopia); colour is never the only cue: bars carry
their value as text and a status mark, and the low band is hatched.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

from pledgecheck.reporters.base import plain

#: Okabe & Ito (2008), "Color Universal Design": the series colours of every chart.
PALETTE = {
    "met": "#009E73",  # bluish green
    "partial": "#E69F00",  # orange
    "gap": "#D55E00",  # vermillion
    "waived": "#56B4E9",  # sky blue
    "not-applicable": "#BBBBBB",  # grey, never a series that must be told apart
}
MARK = {"met": "✓", "partial": "◐", "gap": "✗", "waived": "≈", "not-applicable": "–"}
INK = "#1a1a1a"
_ROW, _LABEL_W, _BAR_W, _VALUE_W = 22, 330, 360, 110


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: float | None  # 0-100; None: nothing to measure
    text: str = ""  # what is written beside the bar (default: the value)
    indent: bool = False  # a row under the one before (a principle under its pillar)
    heading: bool | None = None  # bold label; default: rows that are not indented


def band(value: float | None) -> str:
    """The status a score's colour borrows: 80+ met, 50-79 partial, under 50 gap."""
    if value is None:
        return "not-applicable"
    return "met" if value >= 80 else "partial" if value >= 50 else "gap"


def _esc(text: object) -> str:
    return html.escape(plain(str(text)), quote=True)


def _defs(ident: str) -> str:
    """A hatch for the low band, so a gap reads as a gap without colour."""
    return (
        f'<defs><pattern id="{ident}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)">'
        f'<rect width="6" height="6" fill="{PALETTE["gap"]}"/><line x1="0" y1="0" x2="0" y2="6" '
        'stroke="#fff" stroke-width="2"/></pattern></defs>'
    )


def _fill(ident: str, status: str) -> str:
    return f"url(#{ident}-hatch)" if status == "gap" else PALETTE[status]


def _frame(ident: str, title: str, desc: str, width: int, height: int, inner: str) -> str:
    return (
        f'<figure class="chart"><svg xmlns="http://www.w3.org/2000/svg" role="img" '
        f'aria-labelledby="{ident}-t {ident}-d" viewBox="0 0 {width} {height}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet">'
        f'<title id="{ident}-t">{_esc(title)}</title><desc id="{ident}-d">{_esc(desc)}</desc>'
        f"{_defs(ident)}{inner}</svg></figure>"
    )


def bar_chart(ident: str, title: str, bars: Sequence[Bar]) -> str:
    """Horizontal bars 0-100, one row each, labelled on the left, value and mark on the right."""
    width = _LABEL_W + _BAR_W + _VALUE_W
    top = 20
    height = top + _ROW * len(bars) + 6
    parts = [_axis(top, height)]
    for row, bar in enumerate(bars):
        y = top + row * _ROW
        status = band(bar.value)
        label = ("   " if bar.indent else "") + bar.label
        heading = not bar.indent if bar.heading is None else bar.heading
        weight = ' font-weight="600"' if heading else ""
        parts.append(
            f'<text x="{_LABEL_W - 8}" y="{y + 15}" text-anchor="end" font-size="12" fill="{INK}"{weight}>'
            f"{_esc(_short(label, 40 if heading else 46))}</text>"
        )
        shown = bar.text or ("n/a" if bar.value is None else f"{bar.value:.1f}")
        length = 0.0 if bar.value is None else round(_BAR_W * max(0.0, min(100.0, bar.value)) / 100, 1)
        if length:
            parts.append(
                f'<rect x="{_LABEL_W}" y="{y + 4}" width="{length}" height="{_ROW - 8}" '
                f'fill="{_fill(ident, status)}" stroke="{INK}" stroke-width="0.75"/>'
            )
        parts.append(
            f'<text x="{_LABEL_W + length + 6}" y="{y + 15}" font-size="12" fill="{INK}">'
            f"{MARK[status]} {_esc(shown)}</text>"
        )
    desc = "; ".join(f"{b.label.strip()}: {b.text or ('n/a' if b.value is None else f'{b.value:.1f}')}" for b in bars)
    return _frame(ident, title, desc + ".", width, height, "".join(parts))


def _axis(top: int, height: int) -> str:
    ticks = []
    for value in (0, 50, 80, 100):
        x = _LABEL_W + _BAR_W * value / 100
        ticks.append(
            f'<line x1="{x:g}" y1="{top - 2}" x2="{x:g}" y2="{height - 4}" stroke="#767676" '
            f'stroke-width="0.5" stroke-dasharray="2 3"/>'
            f'<text x="{x:g}" y="{top - 6}" text-anchor="middle" font-size="10" fill="#444">{value}</text>'
        )
    return "".join(ticks)


def status_bar(ident: str, title: str, counts: Sequence[tuple[str, int]]) -> str:
    """One stacked bar of finding counts per status, each segment named in the legend below."""
    total = sum(n for _, n in counts) or 1
    width, x = 800, 0.0
    parts = []
    for status, number in counts:
        if not number:
            continue
        length = round(width * number / total, 1)
        parts.append(
            f'<rect x="{x:g}" y="0" width="{length:g}" height="26" fill="{_fill(ident, status)}" '
            f'stroke="{INK}" stroke-width="0.75"/>'
        )
        x = round(x + length, 1)
    legend_x = 0
    for status, number in counts:
        text = f"{MARK[status]} {status} {number}"
        parts.append(
            f'<rect x="{legend_x}" y="36" width="12" height="12" fill="{_fill(ident, status)}" stroke="{INK}" '
            f'stroke-width="0.75"/><text x="{legend_x + 16}" y="46" font-size="12" fill="{INK}">{_esc(text)}</text>'
        )
        legend_x += 24 + 8 * len(text)
    desc = ", ".join(f"{number} {status}" for status, number in counts) + "."
    return _frame(ident, title, desc, width, 56, "".join(parts))


def strip_chart(ident: str, title: str, rows: Sequence[tuple[str, Sequence[float]]]) -> str:
    """Per row, a dot for each value 0-100 and a bar at the median: the spread of scores."""
    width = _LABEL_W + _BAR_W + _VALUE_W
    top = 20
    height = top + _ROW * len(rows) + 6
    parts = [_axis(top, height)]
    words = []
    for row, (label, values) in enumerate(rows):
        y = top + row * _ROW
        parts.append(
            f'<text x="{_LABEL_W - 8}" y="{y + 15}" text-anchor="end" font-size="12" fill="{INK}">'
            f"{_esc(_short(label, 46))}</text>"
        )
        known = sorted(values)
        for value in known:
            cx = round(_LABEL_W + _BAR_W * value / 100, 1)
            parts.append(
                f'<circle cx="{cx:g}" cy="{y + 11}" r="4.5" fill="{PALETTE[band(value)]}" stroke="{INK}" '
                'stroke-width="0.75" fill-opacity="0.85"/>'
            )
        if known:
            median = _median(known)
            mx = round(_LABEL_W + _BAR_W * median / 100, 1)
            parts.append(f'<line x1="{mx:g}" y1="{y + 2}" x2="{mx:g}" y2="{y + 20}" stroke="{INK}" stroke-width="2"/>')
            parts.append(
                f'<text x="{_LABEL_W + _BAR_W + 14}" y="{y + 15}" font-size="12" fill="{INK}">'
                f"median {median:.1f}</text>"
            )
            words.append(f"{label}: {', '.join(f'{v:.1f}' for v in known)} (median {median:.1f})")
        else:
            words.append(f"{label}: no score")
    return _frame(ident, title, "; ".join(words) + ".", width, height, "".join(parts))


def _median(values: Sequence[float]) -> float:
    middle = len(values) // 2
    return values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
