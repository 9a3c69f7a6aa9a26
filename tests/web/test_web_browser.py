"""The pages in a real headless Chromium: what a person sees and does, nothing fetched from another host, and an
axe-core scan (vendored, injected by the test) with no serious or critical violation on any page type."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from support.browser import Browser

AXE = Path(__file__).with_name("vendor") / "axe-core-4.10.3" / "axe.min.js"
JSON = {"Accept": "application/json"}
#: One page of every type, in German (the parameter travels with every link).
PAGE_TYPES = {
    "home": "/?lang=de",
    "search": "/search?q=Kamen&lang=de",
    "list": "/cooperations?table=b&lang=de",
    "list-datasets": "/datasets?lang=de",
    "cooperation": "/id/cooperation/ku2016-b-14?lang=de",
    "town": "/id/ags/05978020?lang=de",
    "project": "/id/project/luft-hub?lang=de",
    "programme": "/id/project/5g-innovationswettbewerb?lang=de",
    "organisation": "/id/org/gsw?lang=de",
    "concept": "/code/legal-form/oerv?lang=de",
    "entry": "/id/document/003_ad825ee6a0a35707.txt?lang=de",
    "map": "/map?lang=de",
    "network": "/network?lang=de",
    "quality": "/quality?lang=de",
    "quality-source": "/quality/testportal?lang=de",
    "sources": "/sources?lang=de",
    "accessibility": "/barrierefreiheit?lang=de",
    "comparison": "/comparison?lang=de",
    "transfer": "/transfer?solution=grafana-wetter-dashboard&lang=de",
    "programmes": "/programmes?lang=de",
    "timeline": "/timeline?lang=de",
    "error": "/quality/unknown-source?lang=de",
    "english": "/cooperations",
}


@pytest.fixture(scope="module")
def browser():
    with Browser(width=1280, height=1000) as b:
        yield b


def axe(browser: Browser) -> list[dict]:
    """Serious and critical violations of WCAG 2.0/2.1 A and AA rules on the loaded page."""
    browser.driver.execute_script(AXE.read_text(encoding="utf-8"))
    result = browser.driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},"
        " resultTypes: ['violations']}).then(r => done(JSON.stringify(r.violations))).catch(e => done(String(e)));"
    )
    violations = json.loads(result)
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"][:3]]}
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]


def test_every_page_type_has_no_serious_axe_violation_and_asks_only_the_server(browser, web):
    browser.driver.set_script_timeout(120)
    problems, foreign = {}, {}
    for name, path in PAGE_TYPES.items():
        page = browser.open(web.url + path, wait_for="main h1")
        found = axe(browser)
        if found:
            problems[name] = found
        browser.collect(page)
        if page.foreign_requests():
            foreign[name] = page.foreign_requests()
        assert any(u.startswith(web.url + "/assets/web.css") for u in page.requests), name
    assert problems == {}
    assert foreign == {}


def test_the_home_page_starts_with_a_skip_link_that_moves_the_focus_to_the_content(browser, web):
    from selenium.webdriver.common.keys import Keys

    browser.open(web.url + "/?lang=de", wait_for="main h1")
    body = browser.driver.find_element("css selector", "body")
    body.send_keys(Keys.TAB)
    active = browser.driver.switch_to.active_element
    assert active.text == "Zum Inhalt springen" and active.is_displayed()
    active.send_keys(Keys.ENTER)
    assert browser.driver.switch_to.active_element.get_attribute("id") == "inhalt"
    texts = [e.text for e in browser.driver.find_elements("css selector", ".cards .num")]
    assert texts[0] == "114"  # cooperations: 48 + 55 rows of the two tables and 11 more


def test_the_browser_default_english_is_honoured(browser, web):
    page = browser.open(web.url + "/cooperations", wait_for="main h1")
    assert page.texts("main h1") == ["Cooperations"]
    assert browser.driver.find_element("css selector", "html").get_attribute("lang") == "en"


def test_typing_a_search_shows_results_as_you_type_and_keeps_the_url(browser, web):
    from selenium.webdriver.support.ui import WebDriverWait

    browser.open(web.url + "/search?lang=de", wait_for="#search-q")
    box = browser.driver.find_element("css selector", "#search-q")
    box.send_keys("Fröndenberg")
    WebDriverWait(browser.driver, 20).until(
        lambda d: d.find_elements("css selector", "#results ol.hits li a"), "no live results"
    )
    hits = [e.text for e in browser.driver.find_elements("css selector", "#results ol.hits li > a")]
    assert "Fröndenberg/Ruhr" in hits
    WebDriverWait(browser.driver, 10).until(lambda d: "q=Fr" in d.current_url, "the URL keeps the query")


def test_clicking_a_facet_filters_the_list_to_the_rest_facets_count(browser, web, client):
    from selenium.webdriver.support.ui import WebDriverWait

    browser.open(web.url + "/cooperations?table=b&lang=de", wait_for="#facet-legal_form")
    link = browser.driver.find_element("css selector", 'a[data-facet="legal_form"]')
    value, count = link.get_attribute("data-value"), int(link.get_attribute("data-count"))
    rest = client.get(
        "/api/v1/cooperations", params={"table": "b", "facet": "legal_form", "limit": 1}, headers=JSON
    ).json()["facets"]["legal_form"]
    assert count == next(v["count"] for v in rest if v["notation"] == value)
    link.click()
    WebDriverWait(browser.driver, 20).until(lambda d: f"legal_form={value}" in d.current_url)
    WebDriverWait(browser.driver, 20).until(
        lambda d: d.find_element("css selector", "#listing .count").get_attribute("data-total") == str(count)
    )
    rows = browser.driver.find_elements("css selector", "table.list tbody tr")
    assert len(rows) == min(count, 20)
    chips = [e.text for e in browser.driver.find_elements("css selector", ".chips a")]
    assert any(c.startswith("Rechtsform:") for c in chips)


def test_a_cooperation_sheet_shows_partners_with_their_roles(browser, web):
    page = browser.open(web.url + "/id/cooperation/ku2016-b-14?lang=de", wait_for="#partners-h")
    rows = browser.driver.find_elements("css selector", "section[aria-labelledby=partners-h] tbody tr")
    partners = {r.find_element("css selector", "th").text: r.find_elements("css selector", "td")[0].text for r in rows}
    assert partners["Bergkamen"] == "durchführend beteiligt"
    assert {k for k, v in partners.items() if v == "beteiligt"} == {"Bönen", "Fröndenberg/Ruhr", "Holzwickede", "Selm"}
    assert page.texts("h1") == ["Automatisierte Datenverarbeitung"]
    assert len(browser.driver.find_elements("css selector", "figure.mini circle")) == 5


def test_a_town_sheet_lists_its_cooperations(browser, web, client):
    browser.open(web.url + "/id/ags/05978020?lang=de", wait_for="#perf-h")
    shown = {
        a.get_attribute("href").rsplit("/", 1)[-1].split("?")[0]
        for section in ("perf", "part")
        for a in browser.driver.find_elements("css selector", f"section[aria-labelledby={section}-h] li a")
    }
    rest = client.get("/api/v1/cooperations", params={"partner": "05978020", "limit": 500}, headers=JSON).json()
    assert {item["identifier"] for item in rest["items"]} == shown


def test_map_and_network_are_drawn_with_their_elements_and_zoom(browser, web, client):
    net = client.get("/api/v1/network", headers=JSON).json()
    browser.open(web.url + "/network?lang=de", wait_for="#netfig svg")
    assert len(browser.driver.find_elements("css selector", "#netfig a.node circle")) == len(net["nodes"])
    assert len(browser.driver.find_elements("css selector", "#netfig line.edge")) == len(net["edges"])
    node = browser.driver.find_element("css selector", f'#netfig a.node[data-iri="{net["edges"][0]["source"]}"]')
    browser.driver.execute_script("arguments[0].focus()", node)
    assert browser.driver.find_elements("css selector", "#netfig line.hot")  # its links highlighted
    svg = browser.driver.find_element("css selector", "#netfig svg")

    def box() -> str:
        return browser.driver.execute_script("return arguments[0].getAttribute('viewBox')", svg)

    before = box()
    browser.driver.find_element("css selector", '[data-zoom="in"]').click()
    assert box() != before and before == "0 0 900 640"
    browser.open(web.url + "/map?lang=de", wait_for="#regionmap svg")
    placed = len([n for n in net["nodes"] if n.get("lat") is not None])
    assert len(browser.driver.find_elements("css selector", "#regionmap a.node circle")) >= placed
    assert browser.driver.find_elements("css selector", "#regionmap line.coop")
    assert browser.driver.find_element("css selector", ".zoom-controls").is_displayed()


def test_the_quality_page_of_the_harvested_source(browser, web):
    page = browser.open(web.url + "/quality/testportal?lang=de", wait_for="#dims-h")
    assert len(browser.driver.find_elements("css selector", "meter")) == 5
    assert page.texts("#fixes-h") == ["Aufgabenliste: Verbesserungen nach Punktgewinn"]
    assert browser.driver.find_elements("css selector", "ul.quarantine > li")
    assert browser.driver.find_elements("css selector", "#dist-h ~ figure rect.bar")
