"""Browser tests: Playwright driving Debian's chromium against the portal served for real.

- The browser is /usr/bin/chromium (`apt-get install chromium`; `.ci/run` installs it),
  never one Playwright downloads; Playwright launches it with a new, empty profile, and
  each page gets a new context. axe-core comes from npm (`npm ci`, package.json).
- Without chromium or axe-core the tests are skipped on a developer's machine and fail
  when CI is set: CI must run them.
- They run once per `scripts/test`: the live servers use their own SQLite files whatever
  the suite's database, so the PostgreSQL pass (ASSEMBLY_TEST_DATABASE_URL=postgresql://…)
  skips them rather than repeat them.
- The servers run in this process: `clock_at` pins their clock. The browser and servers
  live as long as this package's tests (package scope), not the whole run.
- The pages keep their CSP: anything it blocks shows as a console error, which fails the
  test (axe is injected without an inline script: see axe.py).
- Screenshots of each step go to screenshots/ (git-ignored) as <scenario>-<nn>-<step>.png.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Response,
    sync_playwright,
)

from assembly import clock
from assembly.demo import run_demo
from tests.browser.axe import AXE_SCRIPT, ROOT
from tests.browser.journey import Journey
from tests.browser.liveserver import LiveServer
from tests.conftest import at

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
SCREENSHOTS = ROOT / "screenshots"
# A phone's CSS pixels; screenshots at scale 1 take about a third of the time of scale 2.
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 1,
         "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
TIMEOUT_MS = 10_000
FAILED_LOAD = "Failed to load resource: the server responded with a status of"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "browser: drives chromium through Playwright against a live server"
    )


def _unavailable(reason: str) -> None:
    """Skip on a developer's machine; fail in CI, which must run the browser tests."""
    if os.environ.get("CI", "").lower() not in ("", "0", "false"):
        pytest.fail(f"{reason} (CI is set: the browser tests must run)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    """Debian's chromium, headless, with a fresh temporary profile."""
    if os.environ.get("ASSEMBLY_TEST_DATABASE_URL", "").startswith("postgres"):
        pytest.skip("browser tests run once, in the SQLite pass (their server has its own "
                    "SQLite file)")
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is missing: apt-get install chromium")
    if not AXE_SCRIPT.exists():
        _unavailable(f"{AXE_SCRIPT.relative_to(ROOT)} is missing: npm ci")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def live_server(browser: Browser, tmp_path_factory: pytest.TempPathFactory
                ) -> Iterator[LiveServer]:
    """The portal on an empty database (accounts are added by each test), one a test
    module: the bookings one module's tests make never meet another module's."""
    server = LiveServer(tmp_path_factory.mktemp("browser-live")).start()
    yield server
    server.stop()


@pytest.fixture(scope="package")
def demo_server(browser: Browser, tmp_path_factory: pytest.TempPathFactory
                ) -> Iterator[LiveServer]:
    """The portal on a database holding the 2021 demo (its citizen, officer, manager)."""
    server = LiveServer(tmp_path_factory.mktemp("browser-demo"))
    try:
        run_demo(server.sessions, 2021, progress=False)
    finally:
        clock.set_now(None)
    yield server.start()
    server.stop()


@pytest.fixture
def clock_at() -> Iterator[Callable[[str], None]]:
    """Pin the server's clock: clock_at("2021-05-10T10:00:00+06:00"); unpinned afterwards."""
    yield lambda text: clock.set_now(at(text))
    clock.set_now(None)


@pytest.fixture
def new_page(browser: Browser) -> Iterator[Callable[..., Page]]:
    """Factory: a page in a new, empty context; new_page(phone=True, locale="ru-RU").

    Every console error (a script or style the CSP blocked), uncaught script error,
    server error and failed load of a stylesheet, script or image fails the test.
    """
    contexts: list[BrowserContext] = []
    problems: list[str] = []

    def make(*, phone: bool = False, locale: str = "en-GB", **options: Any) -> Page:
        context = browser.new_context(locale=locale, **{**(PHONE if phone else DESKTOP), **options})
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()

        def on_console(message: ConsoleMessage) -> None:
            # Statuses are judged by on_response: a 422 form page is an expected answer.
            if message.type == "error" and not message.text.startswith(FAILED_LOAD):
                problems.append(f"console error on {page.url}: {message.text}")

        def on_response(response: Response) -> None:
            document = response.request.resource_type == "document"
            if response.status >= 500 or (response.status >= 400 and not document):
                problems.append(f"{response.status} for {response.url}")

        page.on("console", on_console)
        page.on("response", on_response)
        page.on("pageerror", lambda error: problems.append(f"script error on {page.url}: "
                                                           f"{error}"))
        return page

    yield make
    for context in contexts:
        context.close()
    if problems:
        pytest.fail("the browser reported errors:\n" + "\n".join(problems), pytrace=False)


@pytest.fixture
def journey() -> Callable[[str], Journey]:
    """Factory: the steps of one scenario, screenshot and axe-checked: journey("citizen")."""
    SCREENSHOTS.mkdir(exist_ok=True)

    def make(scenario: str) -> Journey:
        for old in SCREENSHOTS.glob(f"{scenario}-[0-9][0-9]-*.png"):
            old.unlink()
        return Journey(scenario, SCREENSHOTS)

    return make

