"""Debian's headless Chromium, driven by Selenium, for the tests that open the HTML reports.

The flags keep Chromium off the network (this machine's closed network refuses its background
connections) and give each session a fresh profile."""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from selenium import webdriver

CHROME_FLAGS = (
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--no-first-run",
)  # fmt: skip


@contextmanager
def chromium(*extra_flags: str) -> Iterator[webdriver.Chrome]:
    """A headless Chromium session (Debian's chromium and chromedriver), closed afterwards."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="pc-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in (*CHROME_FLAGS, *extra_flags, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path="/usr/bin/chromedriver"), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


AXE = Path(__file__).resolve().parents[2] / "tools" / "node_modules" / "axe-core" / "axe.min.js"


def axe_violations(driver: webdriver.Chrome, *, timeout: int = 90) -> list[dict[str, Any]]:
    """axe-core's violations on the page `driver` has open (axe from tools/node_modules)."""
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `npm ci` in tools/ (scripts/install-test-tools does)")
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    driver.set_script_timeout(timeout)
    result = driver.execute_async_script(
        "var done = arguments[arguments.length - 1];"
        "axe.run(document).then(function (r) { done(JSON.stringify(r.violations)); });"
    )
    violations: list[dict[str, Any]] = json.loads(result)
    return violations
