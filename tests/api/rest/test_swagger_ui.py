"""``/docs`` in a real headless Chromium: Swagger UI 5 reads FastAPI's OpenAPI 3.1 and lists every operation, offline.

The vendored files are checked against their manifest (version, licence, SHA-256) by the same code
``scripts/vendor_assets.py --check`` runs.
"""

from __future__ import annotations

import importlib.util
import json

import httpx
import pytest

from regiongraph.api.rest.docs import FOLDER, manifest
from support.browser import Browser
from support.shared import ROOT

METHODS = {"get", "put", "post", "delete", "patch", "head", "options"}


def _vendor_script():
    spec = importlib.util.spec_from_file_location("vendor_assets", ROOT / "scripts" / "vendor_assets.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_vendored_swagger_ui_matches_its_manifest():
    pinned = manifest()
    assert pinned["package"] == "swagger-ui-dist" and int(pinned["version"].split(".")[0]) >= 5
    assert {"LICENSE", "NOTICE", "swagger-ui-bundle.js", "swagger-ui.css"} <= set(pinned["files"])
    assert "Apache License" in (FOLDER / "LICENSE").read_text(encoding="utf-8")
    assert _vendor_script().check(FOLDER) == []


def test_assets_are_versioned_and_cached(api):
    page = httpx.get(f"{api.url}/docs")
    version = manifest()["version"]
    assert f"/docs/assets/swagger-ui-bundle.js?v={version}" in page.text
    asset = httpx.get(f"{api.url}/docs/assets/swagger-ui-bundle.js", params={"v": version})
    assert asset.status_code == 200 and asset.headers["cache-control"].endswith("immutable")
    assert asset.headers["content-type"].startswith("text/javascript")
    again = httpx.get(f"{api.url}/docs/assets/swagger-ui-bundle.js", headers={"If-None-Match": asset.headers["etag"]})
    assert again.status_code == 304
    assert httpx.get(f"{api.url}/docs/assets/MANIFEST.json").status_code == 404
    assert httpx.get(f"{api.url}/docs/assets/..%2Fpage.py").status_code == 404


@pytest.fixture(scope="module")
def docs_page(api):
    with Browser() as browser:
        page = browser.open(f"{api.url}/docs", wait_for=".opblock")
        yield browser, page


def test_the_browser_lists_every_operation(docs_page, api):
    _, page = docs_page
    spec = httpx.get(f"{api.url}/openapi.json").json()
    assert spec["openapi"].startswith("3.1")
    expected = {(method.upper(), path) for path, ops in spec["paths"].items() for method in ops if method in METHODS}
    shown = set(
        zip(
            (m.strip() for m in page.texts(".opblock-summary-method")),
            page.attributes(".opblock-summary-path", "data-path"),
            strict=True,
        )
    )
    assert shown == expected
    assert len(expected) > 20
    assert page.texts(".errors-wrapper") == [] and "Unable to render" not in page.driver.page_source
    assert any("OAS 3.1" in t for t in page.texts(".version-stamp"))
    assert page.console_errors() == []


def test_the_page_requests_nothing_from_another_host(docs_page, api):
    browser, page = docs_page
    browser.collect(page)
    assert f"{api.url}/openapi.json" in page.requests
    assert any("/docs/assets/swagger-ui-bundle.js" in u for u in page.requests)
    assert page.foreign_requests() == []


def test_an_operation_runs_from_the_page(docs_page, api):
    """Try it out on the status action: the UI sends the request and shows the server's JSON answer."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    browser, page = docs_page
    driver = page.driver
    block = driver.find_element(By.CSS_SELECTOR, ".opblock[id$='healthz_get'], .opblock[id*='health']")
    block.find_element(By.CSS_SELECTOR, ".opblock-summary").click()
    WebDriverWait(driver, 10).until(lambda d: block.find_elements(By.CSS_SELECTOR, ".try-out__btn"))
    block.find_element(By.CSS_SELECTOR, ".try-out__btn").click()
    block.find_element(By.CSS_SELECTOR, ".execute").click()
    body = WebDriverWait(driver, 20).until(
        expected_conditions.visibility_of_element_located(
            (By.CSS_SELECTOR, ".responses-wrapper .live-responses-table .response-col_description pre")
        )
    )
    path = block.find_element(By.CSS_SELECTOR, ".opblock-summary-path").get_attribute("data-path")
    assert json.loads(body.text) == httpx.get(f"{api.url}{path}").json()
    assert browser.collect(page).foreign_requests() == []
