"""The web console in a real headless Chromium (Playwright, driving the system's browser: ``make chromium``) against
one local platform started as the integration tests start it (free ports, reference workers per test)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, expect, sync_playwright

# the platform, its accounts and the reference workers, exactly as the integration tests have them
from tests.integration.conftest import admin, admin_email, platform  # noqa: F401
from tests.integration.tasks_support import workers  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "build" / "screenshots"
# a loaded machine (2 shared cores) can take long: every wait is on a condition, with room to spare
WAIT_MS = 90_000
expect.set_options(timeout=WAIT_MS)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if Path(str(item.fspath)).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.browser)


def chromium_path() -> str:
    """The Chromium to drive: $CHROMIUM, else the system's. Missing, the tests FAIL (never skip) and say how."""
    chosen = os.environ.get("CHROMIUM")
    if chosen and not os.access(chosen, os.X_OK):
        pytest.fail(f"CHROMIUM={chosen} is not an executable Chromium", pytrace=False)
    candidates = [chosen, "/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser"),
                  shutil.which("google-chrome")]
    for candidate in candidates:
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    pytest.fail("No Chromium for the browser tests: run `make chromium` (apt-get install chromium on Debian-like "
                "machines), or set CHROMIUM=/path/to/chromium", pytrace=False)


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright_driver: Playwright) -> Iterator[Browser]:
    # --no-sandbox: Chromium's sandbox refuses to run as root (CI containers)
    launched = playwright_driver.chromium.launch(executable_path=chromium_path(), headless=True,
                                                 args=["--no-sandbox", "--disable-dev-shm-usage"])
    yield launched
    launched.close()


@pytest.fixture
def new_page(browser: Browser) -> Iterator[object]:
    """Pages in contexts of their own (separate sessionStorage: separate users), closed after the test."""
    contexts: list[BrowserContext] = []

    def open_page(locale: str = "en-US") -> Page:
        context = browser.new_context(locale=locale, accept_downloads=True, viewport={"width": 1200, "height": 900})
        context.set_default_timeout(WAIT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def screenshot(page: Page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
