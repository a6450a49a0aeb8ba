"""The history page (trend chart, reviewer verdicts, cohorts) in headless Chromium: the chart
is drawn and named, and axe-core finds no serious or critical violation."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.coalition.test_review import REVIEW
from tests.support.browser import axe_violations
from tests.support.cli import run_cli

pytest.importorskip("selenium")
from selenium import webdriver
from selenium.webdriver.common.by import By

from tests.compare import test_compare_browser as shared

browser = shared.browser  # the same headless Chromium fixture

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory, editions: dict[str, Path], old_pack: Path) -> Path:
    out = tmp_path_factory.mktemp("history-html")
    review = out / "review.yaml"
    review.write_text(REVIEW, encoding="utf-8")
    target = out / "history.html"
    args = [arg for label, folder in editions.items() for arg in ("--edition", f"{label}={folder}")]
    result = run_cli(["compare", *args, "--old-pack", old_pack, "--review", review, "-f", "html", "-o", target])
    assert result.exit_code == 0, result.output
    return target


def test_the_trend_chart_is_drawn_and_the_page_passes_axe(browser: webdriver.Chrome, page: Path) -> None:
    browser.get(page.as_uri())
    chart = browser.find_element(By.CSS_SELECTOR, "svg[aria-labelledby='trend-chart-t trend-chart-d']")
    assert chart.size["width"] > 300 and chart.size["height"] > 100
    assert "Overall score per edition" in browser.find_element(By.ID, "trend-chart-t").get_attribute("textContent")
    shared.ARTIFACTS.mkdir(exist_ok=True)
    chart.screenshot(str(shared.ARTIFACTS / "history-trend-chart.png"))
    bad = [
        (v["id"], v["impact"], len(v["nodes"]))
        for v in axe_violations(browser, timeout=60)
        if v["impact"] in ("serious", "critical")
    ]
    assert not bad, bad
