"""A real headless Chromium for page tests: Selenium driving Debian's ``chromium`` through ``chromium-driver``.

    with Browser() as browser:
        page = browser.open(f"{server.url}/docs", wait_for=".opblock")
        page.texts(".opblock-summary-path")        # what a person sees
        page.foreign_requests()                    # every URL the page asked for on another host: must be []

Each browser gets a fresh profile (``--user-data-dir`` in a temporary folder, removed on close) and the
flags that keep Chromium from reaching the network on its own (no QUIC, no background networking, no
component updates, no sync). Every URL the page requested is read from Chrome's performance log
(the DevTools ``Network`` events), console messages from the browser log. A missing ``chromium`` or
``chromedriver`` fails the test with the command that installs them: CI installs both.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--disable-extensions",
)
#: Requests no server answers: the page's own inline data, the browser's blank page and its built-in pages
#: (Chromium 150 loads ``chrome-untrusted://new-tab-page/…`` itself, whatever the page does).
_LOCAL_SCHEMES = ("data", "blob", "about", "chrome", "chrome-untrusted", "devtools")


def require_browser() -> None:
    """Fail the calling test, clearly, when Chromium or its driver is not installed."""
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    if missing:
        pytest.fail(
            f"headless browser missing: {', '.join(missing)} not found. Install Debian's packages: "
            "apt-get install -y chromium chromium-driver (.ci/run does).",
            pytrace=False,
        )


@dataclass
class Page:
    """A loaded page: its URL, the driver to ask it more, and what it requested."""

    url: str
    driver: Any
    requests: list[str] = field(default_factory=list)
    console: list[dict[str, Any]] = field(default_factory=list)

    def texts(self, css: str) -> list[str]:
        """The visible text of every element matching ``css``."""
        from selenium.webdriver.common.by import By

        return [e.text for e in self.driver.find_elements(By.CSS_SELECTOR, css)]

    def attributes(self, css: str, name: str) -> list[str | None]:
        from selenium.webdriver.common.by import By

        return [e.get_attribute(name) for e in self.driver.find_elements(By.CSS_SELECTOR, css)]

    def foreign_requests(self) -> list[str]:
        """Every URL requested from another scheme, host or port than the page's own."""
        own = urlsplit(self.url)
        return [
            u
            for u in self.requests
            if urlsplit(u).scheme not in _LOCAL_SCHEMES
            and (urlsplit(u).scheme, urlsplit(u).netloc) != (own.scheme, own.netloc)
        ]

    def console_errors(self) -> list[str]:
        return [m["message"] for m in self.console if m.get("level") == "SEVERE"]


class Browser:
    """One headless Chromium with a fresh profile; use it as a context manager."""

    def __init__(self, *, width: int = 1280, height: int = 1000) -> None:
        require_browser()
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        self._profile = tempfile.mkdtemp(prefix="regiongraph-chromium-")
        options = webdriver.ChromeOptions()
        options.binary_location = str(CHROMIUM)
        for flag in (*FLAGS, f"--user-data-dir={self._profile}", f"--window-size={width},{height}"):
            options.add_argument(flag)
        options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
        try:
            self.driver = webdriver.Chrome(options=options, service=Service(executable_path=str(CHROMEDRIVER)))
        except Exception:
            shutil.rmtree(self._profile, ignore_errors=True)
            raise
        self.driver.set_page_load_timeout(60)

    def __enter__(self) -> Browser:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        try:
            self.driver.quit()
        finally:
            shutil.rmtree(self._profile, ignore_errors=True)

    def open(self, url: str, *, wait_for: str | None = None, timeout: float = 30) -> Page:
        """Load ``url``; with ``wait_for``, wait until an element matching that CSS selector is shown.

        The page's requests are those since the previous ``open`` (the logs are read and emptied).
        """
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support import expected_conditions
        from selenium.webdriver.support.ui import WebDriverWait

        self._drain()
        self.driver.get(url)
        if wait_for:
            located = expected_conditions.visibility_of_element_located((By.CSS_SELECTOR, wait_for))
            WebDriverWait(self.driver, timeout).until(located, f"no {wait_for!r} on {url} within {timeout} s")
        return self.collect(Page(url, self.driver))

    def collect(self, page: Page) -> Page:
        """Add the requests and console messages logged since the last call to ``page``."""
        for entry in self.driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message.get("method") == "Network.requestWillBeSent":
                page.requests.append(message["params"]["request"]["url"])
        page.console.extend(self.driver.get_log("browser"))
        return page

    def screenshot(self, path: Path) -> Path:
        """A PNG of the window (for a person, or a report)."""
        self.driver.save_screenshot(str(path))
        return path

    def _drain(self) -> None:
        self.driver.get_log("performance")
        self.driver.get_log("browser")


__all__ = ["CHROMEDRIVER", "CHROMIUM", "FLAGS", "Browser", "Page", "require_browser"]
