"""Fixtures for Liaison's browser tests: a headless Chromium (Selenium) and an axe accessibility check.

Run them with scripts/browser-test.sh, which starts a server with the demo data and sets LIAISON_BASE_URL.
"""

import importlib.util
import os
import re
import shutil
from pathlib import Path

import pytest
from axe_selenium_python import Axe
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"

# axe impacts that fail a test; "moderate" and "minor" ones are printed only.
BLOCKING_IMPACTS = ("serious", "critical")


def _axe_script():
    """The newest axe-core script installed.

    axe-selenium-python 2.1.6 (the last release for Python < 3.12) bundles axe-core 3.1 (2018), whose rules have
    since been corrected (e.g. it flags autocomplete="username" on an email input, which the HTML standard allows).
    axe-core-python ships axe-core 4.4 as a plain file: use it with axe-selenium-python's Axe when it is installed.
    LIAISON_AXE_SCRIPT names another axe.min.js.
    """
    override = os.environ.get("LIAISON_AXE_SCRIPT")
    if override:
        return override
    spec = importlib.util.find_spec("axe_core_python")
    if spec and spec.origin:
        candidate = Path(spec.origin).parent / "axe.min.js"
        if candidate.is_file():
            return str(candidate)
    return None  # axe-selenium-python's own copy


AXE_SCRIPT = _axe_script()


def _first_existing(*candidates):
    for candidate in candidates:
        if candidate and (os.path.isabs(candidate) and os.path.exists(candidate)):
            return candidate
        found = candidate and shutil.which(candidate)
        if found:
            return found
    return None


@pytest.fixture(scope="session")
def base_url():
    url = os.environ.get("LIAISON_BASE_URL")
    if not url:
        pytest.exit("LIAISON_BASE_URL is not set: run the browser tests with scripts/browser-test.sh", returncode=2)
    return url.rstrip("/")


@pytest.fixture(scope="session")
def driver():
    options = webdriver.ChromeOptions()
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1280,900",
    ):
        options.add_argument(flag)
    binary = _first_existing(os.environ.get("CHROME_BIN"), "chromium", "chromium-browser", "google-chrome")
    if binary:
        options.binary_location = binary
    # Name the driver explicitly so Selenium Manager never tries to download one (no network here).
    chromedriver = _first_existing(os.environ.get("CHROMEDRIVER"), "chromedriver")
    service = Service(executable_path=chromedriver) if chromedriver else Service()
    browser = webdriver.Chrome(options=options, service=service)
    browser.set_page_load_timeout(30)
    yield browser
    browser.quit()


def _describe(violation):
    lines = [f"- {violation['id']} ({violation.get('impact')}): {violation['help']} <{violation.get('helpUrl', '')}>"]
    for node in violation.get("nodes", []):
        lines.append(f"    target {node.get('target')}: {node.get('failureSummary', '').strip()}".replace("\n", " "))
    return "\n".join(lines)


def check_accessibility(driver):
    """Runs axe on the current page; fails on "serious" or "critical" violations and prints the others."""
    axe = Axe(driver, script_url=AXE_SCRIPT) if AXE_SCRIPT else Axe(driver)
    axe.inject()
    results = axe.run()
    violations = results.get("violations", [])
    blocking = [v for v in violations if v.get("impact") in BLOCKING_IMPACTS]
    others = [v for v in violations if v.get("impact") not in BLOCKING_IMPACTS]
    page = driver.current_url
    version = (results.get("testEngine") or {}).get("version", "?")
    if others:
        print(f"axe {version} (non-blocking) on {page}:\n" + "\n".join(_describe(v) for v in others))
    assert not blocking, f"axe {version} found {len(blocking)} serious/critical violation(s) on {page}:\n" + "\n".join(
        _describe(v) for v in blocking
    )
    return results


@pytest.fixture
def check_a11y():
    return check_accessibility


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when != "call" or not report.failed:
        return
    browser = item.funcargs.get("driver")
    if browser is None:
        return
    try:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", item.nodeid)
        browser.save_screenshot(str(ARTIFACTS / f"{stem}.png"))
        (ARTIFACTS / f"{stem}.html").write_text(browser.page_source, encoding="utf-8")
        report.sections.append(("browser", f"URL {browser.current_url}; screenshot and HTML in {ARTIFACTS}"))
    except Exception as error:  # a failed screenshot must not hide the test's own failure
        report.sections.append(("browser", f"could not save a screenshot: {error!r}"))
