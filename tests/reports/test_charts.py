"""The charts' palette stays distinguishable under simulated colour-vision deficiencies, and
every chart is deterministic, self-contained and has a text alternative."""

from __future__ import annotations

import itertools
import math
import re

import pytest

from pledgecheck.reporters.charts import PALETTE, Bar, bar_chart, status_bar, strip_chart

#: Machado, Oliveira & Fernandes (2009), "A Physiologically-based Model for Simulation of
#: Color Vision Deficiency", IEEE TVCG 15(6): the severity-1.0 matrices, applied to linear RGB.
MACHADO = {
    "normal": ((1.0, 0.0, 0.0), (0.0, 1.0, 0.0), (0.0, 0.0, 1.0)),
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602), (0.004733, 0.691367, 0.303900)),
}
#: CIE76 distance two series must keep; 2.3 is a just-noticeable difference, 15 reads at a glance
THRESHOLD = 15.0
SERIES = ("met", "partial", "gap", "waived")


def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _lab(rgb: tuple[float, float, float]) -> tuple[float, float, float]:
    r, g, b = rgb
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def simulate(colour: str, deficiency: str) -> tuple[float, float, float]:
    """The CIELAB colour a viewer with `deficiency` sees for sRGB `#RRGGBB`."""
    rgb = [_linear(int(colour[i : i + 2], 16)) for i in (1, 3, 5)]
    matrix = MACHADO[deficiency]
    seen = [min(1.0, max(0.0, sum(row[k] * rgb[k] for k in range(3)))) for row in matrix]
    return _lab((seen[0], seen[1], seen[2]))


@pytest.mark.parametrize("deficiency", list(MACHADO))
def test_series_colours_stay_distinct_under_colour_vision_deficiency(deficiency: str) -> None:
    distances = {
        (a, b): math.dist(simulate(PALETTE[a], deficiency), simulate(PALETTE[b], deficiency))
        for a, b in itertools.combinations(SERIES, 2)
    }
    closest = min(distances, key=distances.__getitem__)
    assert distances[closest] >= THRESHOLD, (deficiency, closest, round(distances[closest], 1))


def test_the_simulation_can_fail() -> None:
    """Red and green, the classic confusion, fall under the threshold for a deuteranope."""
    assert math.dist(simulate("#CC3333", "deuteranopia"), simulate("#669933", "deuteranopia")) < THRESHOLD
    assert math.dist(simulate("#CC3333", "normal"), simulate("#669933", "normal")) > THRESHOLD


def test_charts_are_deterministic_self_contained_and_described() -> None:
    bars = [Bar("Develop", 82.5), Bar("DEV1 Data", 40.0, indent=True), Bar("Nothing", None)]
    first = bar_chart("x", "Scores", bars)
    assert first == bar_chart("x", "Scores", bars)
    assert 'role="img"' in first and 'aria-labelledby="x-t x-d"' in first
    (desc,) = re.findall(r'<desc id="x-d">(.*?)</desc>', first)
    assert desc == "Develop: 82.5; DEV1 Data: 40.0; Nothing: n/a."
    assert "href" not in first.replace("url(#x-hatch)", "") and "<script" not in first
    assert "✓ 82.5" in first and "✗ 40.0" in first  # a mark as well as the colour
    assert 'fill="url(#x-hatch)"' in first  # the low band is hatched, not only red


def test_untrusted_labels_are_escaped() -> None:
    chart = strip_chart("s", "<b>t</b>", [("<script>alert(1)</script>", [10.0, 90.0])])
    assert "<script>" not in chart and "&lt;script&gt;" in chart
    bar = status_bar("b", "Findings", [("met", 2), ("gap", 1)])
    assert '<desc id="b-d">2 met, 1 gap.</desc>' in bar
