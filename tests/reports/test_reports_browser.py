"""The HTML of `check`, `report` and `compare` in headless Chromium: axe-core's audit at a
desktop and a mobile width, and the page printed to PDF keeps every column and repeats
table headers (text read back with pypdf)."""

from __future__ import annotations

import base64
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.browser import axe_violations, chromium
from tests.support.cli import run_cli
from tests.support.compare_manifests import AS_OF
from tests.support.paths import ROOT

selenium = pytest.importorskip("selenium")
pypdf = pytest.importorskip("pypdf")
from selenium import webdriver  # noqa: E402
from selenium.webdriver.common.print_page_options import PrintOptions  # noqa: E402

pytestmark = pytest.mark.slow
WIDTHS = {"desktop": (1400, 1000), "mobile": (390, 844)}


@pytest.fixture(scope="module")
def browser() -> Iterator[webdriver.Chrome]:
    with chromium() as driver:
        yield driver


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("pages")
    examples = ROOT / "examples"
    runs = {
        "check": ["check", examples / "open-canvas.yaml", "--fail-on", "none", "-f", "html", "-v"],
        "report": ["report", examples / "lumen-labs.yaml", "--audience", "public", "-f", "html"],
        "compare": ["compare", examples, "-f", "html"],
    }
    paths = {}
    for name, args in runs.items():
        paths[name] = out / f"{name}.html"
        result = run_cli([*args, "--as-of", AS_OF, "--output", paths[name]])
        assert result.exit_code == 0, result.output
    return paths


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("name", ["check", "report", "compare"])
def test_axe_finds_no_violation(browser: webdriver.Chrome, pages: dict[str, Path], name: str, width: str) -> None:
    browser.set_window_size(*WIDTHS[width])
    browser.get(pages[name].as_uri())
    violations = [(v["id"], v["impact"], len(v["nodes"])) for v in axe_violations(browser)]
    assert violations == []


def _pdf_pages(browser: webdriver.Chrome, page: Path) -> list[str]:
    browser.set_window_size(*WIDTHS["desktop"])
    browser.get(page.as_uri())
    options = PrintOptions()
    options.page_width, options.page_height = 21.0, 29.7  # A4 portrait, the narrow case
    pdf = base64.b64decode(browser.print_page(options))
    return [p.extract_text() or "" for p in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def test_the_printed_comparison_keeps_every_column_of_the_matrix(
    browser: webdriver.Chrome, pages: dict[str, Path]
) -> None:
    controls = sorted(set(re.findall(r'id="c-([A-Z]{3}[0-9]?-[0-9]{2})"', pages["compare"].read_text("utf-8"))))
    assert len(controls) > 30
    text = "\n".join(_pdf_pages(browser, pages["compare"]))
    matrix = text[text.index("Organisations × controls") : text.index("Spread of principle scores")]
    missing = [c for c in controls if c not in matrix]
    assert missing == []
    for organisation in ("Lumen Labs, Inc.", "Modelhub Commons Ltd", "Open Canvas Collective"):
        assert organisation in matrix


def test_a_table_that_runs_over_pages_repeats_its_header_on_each(
    browser: webdriver.Chrome, pages: dict[str, Path]
) -> None:
    printed = _pdf_pages(browser, pages["check"])
    # a page holds rows of the findings table when it shows a finding's location
    rows = [number for number, text in enumerate(printed) if re.search(r"open-\s*canvas\.\s*yaml:\d+", text)]
    assert len(rows) >= 3, "the findings table should run over several pages"
    for number in rows:
        words = set(printed[number].split())
        assert {"Control", "Title", "Scope", "Severity", "Status", "Found", "Where"} <= words, number
