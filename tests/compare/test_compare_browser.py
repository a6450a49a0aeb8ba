"""Both HTML reports opened in headless Chromium: what a person sees, that no payload runs,
and axe-core's accessibility audit."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.browser import axe_violations, chromium
from tests.support.compare_manifests import AS_OF
from tests.support.paths import ROOT

selenium = pytest.importorskip("selenium")
from selenium import webdriver  # noqa: E402
from selenium.common.exceptions import NoAlertPresentException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402

pytestmark = pytest.mark.slow
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="module")
def browser() -> Iterator[webdriver.Chrome]:
    with chromium("--window-size=1400,1000") as driver:
        yield driver


def pledgecheck(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pledgecheck", *args], capture_output=True, text=True, timeout=300, check=False
    )


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory, poisoned_dir: Path, many_dir: Path) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("html")
    paths = {
        "compare": out / "compare.html",
        "check": out / "check.html",
        "poisoned-compare": out / "poisoned-compare.html",
        "poisoned-check": out / "poisoned-check.html",
    }
    examples = str(ROOT / "examples")
    assert pledgecheck("compare", examples, "--as-of", AS_OF, "-f", "html", "-o", str(paths["compare"])).returncode == 0
    check = pledgecheck("check", str(ROOT / "examples" / "modelhub.yaml"), "--as-of", AS_OF,
                        "-f", "html", "-o", str(paths["check"]), "--fail-on", "none")  # fmt: skip
    assert check.returncode == 0, check.stderr
    target = str(paths["poisoned-compare"])
    run = pledgecheck("compare", str(poisoned_dir), "--as-of", AS_OF, "-f", "html", "-o", target)
    assert run.returncode == 2  # broken.yaml is listed, the others are reported
    run = pledgecheck("check", str(poisoned_dir / "poisoned.yaml"), "--as-of", AS_OF, "-f", "html",
                      "-v", "-o", str(paths["poisoned-check"]), "--fail-on", "none")  # fmt: skip
    assert run.returncode == 0, run.stderr
    return paths


def _open(browser: webdriver.Chrome, path: Path) -> None:
    browser.get(path.as_uri())
    browser.execute_script("window.__pwned = undefined;")


def _first_column(browser: webdriver.Chrome, table: object) -> list[str]:
    rows = table.find_elements(By.CSS_SELECTOR, "tbody tr")  # type: ignore[attr-defined]
    return [r.find_element(By.CSS_SELECTOR, "th, td").text for r in rows]


def test_compare_matrix_one_row_per_organisation_and_sorts(browser: webdriver.Chrome, reports: dict[str, Path]) -> None:
    _open(browser, reports["compare"])
    ARTIFACTS.mkdir(exist_ok=True)
    table = browser.find_elements(By.CSS_SELECTOR, "table.sortable")[0]
    names = _first_column(browser, table)
    assert names == ["Lumen Labs, Inc.", "Modelhub Commons Ltd", "Open Canvas Collective"]
    overall = table.find_elements(By.CSS_SELECTOR, "thead th")[1]
    overall.find_element(By.TAG_NAME, "button").click()
    assert overall.get_attribute("aria-sort") == "ascending"
    assert _first_column(browser, table)[0] == "Open Canvas Collective"
    overall.find_element(By.TAG_NAME, "button").click()
    assert overall.get_attribute("aria-sort") == "descending"
    assert _first_column(browser, table)[0] == "Lumen Labs, Inc."
    matrix = browser.find_elements(By.CSS_SELECTOR, "table.sortable")[1]
    assert len(matrix.find_elements(By.CSS_SELECTOR, "tbody tr")) == 3
    labels = {cell.text for cell in matrix.find_elements(By.CSS_SELECTOR, "tbody td")}
    assert labels <= {"✓ met", "◐ partial", "✗ gap", "– n/a", "≈ waived"} and "✗ gap" in labels
    gap = matrix.find_element(By.LINK_TEXT, "✗ gap")
    target = gap.get_attribute("href").split("#", 1)[1]
    assert browser.find_element(By.ID, target).tag_name == "section"
    browser.save_screenshot(str(ARTIFACTS / "compare.png"))


def test_check_report_heat_map_and_links(browser: webdriver.Chrome, reports: dict[str, Path]) -> None:
    _open(browser, reports["check"])
    assert browser.find_element(By.TAG_NAME, "h2").text == "Modelhub Commons Ltd"
    cells = browser.find_elements(By.CSS_SELECTOR, "td.s-gap, td.s-partial")
    assert cells and all(c.text.strip() for c in cells)
    browser.save_screenshot(str(ARTIFACTS / "check.png"))


@pytest.mark.parametrize("name", ["poisoned-compare", "poisoned-check"])
def test_no_payload_runs(browser: webdriver.Chrome, reports: dict[str, Path], name: str) -> None:
    browser.get(reports[name].as_uri())
    title = browser.title
    for link in browser.find_elements(By.CSS_SELECTOR, "a[href]"):
        href = link.get_attribute("href")
        assert href.split(":", 1)[0] in ("http", "https", "file"), href
    assert browser.execute_script("return window.__pwned === undefined")
    # the report's own charts are inline SVG figures; nothing else may draw
    injected = "iframe, svg:not(figure.chart > svg), img, object, embed, style ~ style"
    assert not browser.find_elements(By.CSS_SELECTOR, injected)
    assert title != "pwned" and title.startswith(("Gap analysis", "Coalition comparison"))
    try:
        alert = browser.switch_to.alert
        pytest.fail(f"an alert is open: {alert.text}")
    except NoAlertPresentException:
        pass
    assert "<script>document.title" in browser.find_element(By.TAG_NAME, "body").text  # shown as text


@pytest.mark.parametrize("name", ["compare", "check", "poisoned-compare"])
def test_axe_no_serious_violations(browser: webdriver.Chrome, reports: dict[str, Path], name: str) -> None:
    browser.get(reports[name].as_uri())
    violations = axe_violations(browser, timeout=60)
    bad = [(v["id"], v["impact"], len(v["nodes"])) for v in violations if v["impact"] in ("serious", "critical")]
    assert not bad, bad
