"""The query page and its static assets over HTTP; one headless-browser run when chromium is installed."""

from __future__ import annotations

import http.client
import json
import re
import shutil
import subprocess
from html import escape, unescape
from html.parser import HTMLParser
from urllib.parse import urlencode

import httpx
import pytest

from regiongraph.api.page import wants_html
from regiongraph.queries import load_queries
from support.helpers import select

BROWSER = {"accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
ATTACK = "</script><script>alert(1)</script><img src=x onerror=alert(2)>"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


class Scan(HTMLParser):
    """Collects tags with their attributes, the textarea's text and the page's JSON data."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.textarea, self.data, self._in = "", "", ""
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in = "data" if dict(attrs).get("id") == "rg-data" else tag

    def handle_endtag(self, tag):
        self._in = ""

    def handle_data(self, data):
        if self._in == "textarea":
            self.textarea += data
        elif self._in == "data":
            self.data += data


def get_page(site, **params) -> tuple[httpx.Response, Scan]:
    r = httpx.get(f"{site.url}/sparql", params=params, headers=BROWSER, timeout=30)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    return r, Scan(r.text)


def test_page_lists_the_named_queries_and_prefixes(site, settings):
    r, scan = get_page(site)
    assert "script-src 'self'" in r.headers["content-security-policy"]
    for query in load_queries(settings.resource("queries")).values():
        assert escape(query.title) in r.text
    prefixes = {a.get("data-prefix") for tag, a in scan.tags if tag == "button" and "prefix" in (a.get("class") or "")}
    assert {"rg", "dcterms", "org", "skos"} <= prefixes
    data = json.loads(scan.data)
    assert data["endpoint"] == "/sparql" and data["autorun"] is False
    assert "VALUES ?town { <http://127.0.0.1:8000/id/ags/05978020> }" in data["examples"]["cooperations-of-town"]


def test_page_links_only_to_local_assets(site):
    _, scan = get_page(site)
    refs = [(tag, a.get(key)) for tag, a in scan.tags for key in ("href", "src", "action") if a.get(key)]
    assert {tag for tag, _ in refs} >= {"link", "script", "form", "a"}
    for tag, ref in refs:
        assert ref.startswith("/") and not ref.startswith("//"), (tag, ref)
    for tag, ref in refs:
        if tag in ("link", "script"):
            assert httpx.get(site.url + ref).status_code == 200
    # Nor do the assets reach out: the only absolute IRI in the script is a datatype it compares with.
    script, style = httpx.get(f"{site.url}/static/query.js").text, httpx.get(f"{site.url}/static/query.css").text
    assert set(re.findall(r"https?://[^\s\"'`)]+", script)) == {"http://www.w3.org/2001/XMLSchema#string"}
    assert "url(" not in style and "@import" not in style and "http" not in style


def test_injected_query_text_is_inert(site):
    r, scan = get_page(site, query=f"SELECT * WHERE {{ ?s ?p ?o }} # {ATTACK}")
    assert ATTACK not in r.text and "<script>alert" not in r.text and "<img" not in r.text
    assert [tag for tag, _ in scan.tags].count("script") == 2
    assert ATTACK in unescape(scan.textarea)
    assert json.loads(scan.data)["autorun"] is True


def test_injected_parameter_value_is_inert(site):
    r, scan = get_page(site, **{"example": "cooperations-of-town", "param.town": ATTACK})
    assert ATTACK not in r.text and "<script>alert" not in r.text
    assert [tag for tag, _ in scan.tags].count("script") == 2
    assert 'role="alert"' in r.text and json.loads(scan.data)["autorun"] is False
    values = [a["value"] for tag, a in scan.tags if tag == "input" and a.get("name") == "param.town"]
    assert values.count(ATTACK) == 1


def test_named_query_is_bound_on_the_server_and_runs(site, store):
    _, scan = get_page(site, **{"example": "cooperations-of-town", "param.town": "Unna"})
    text = unescape(scan.textarea)
    assert "VALUES ?town { <http://127.0.0.1:8000/id/ags/05978036> }" in text
    assert json.loads(scan.data)["autorun"] is True
    rows = select(store, text)
    assert rows and all(row["id"] for row in rows)


def test_static_assets_are_served_with_cache_headers(site):
    _, scan = get_page(site)
    script = next(a["src"] for tag, a in scan.tags if tag == "script" and a.get("src"))
    r = httpx.get(site.url + script)
    assert r.headers["content-type"].startswith("text/javascript")
    assert "immutable" in r.headers["cache-control"] and r.headers["x-content-type-options"] == "nosniff"
    assert httpx.get(f"{site.url}/static/query.js", headers={"if-none-match": r.headers["etag"]}).status_code == 304
    r = httpx.get(f"{site.url}/static/query.css")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/css")
    assert r.headers["cache-control"] == "no-cache"
    for name in ("nope.js", "query.html", "..%2Fpage.py", "..%2F..%2Fconfig.py", "%2e%2e%2fdescribe.py"):
        r = httpx.get(f"{site.url}/static/{name}")
        assert r.status_code == 404 and "import" not in r.text, name


def test_raw_traversal_paths_are_refused(site):
    # http.client sends the path as written; httpx would normalise the dot segments away.
    host, port = site.url.removeprefix("http://").split(":")
    for path in ("/static/../page.py", "/static/../../config.py", "/static/./query.js/../../page.py"):
        conn = http.client.HTTPConnection(host, int(port), timeout=10)
        conn.request("GET", path)
        response = conn.getresponse()
        body = response.read().decode(errors="replace")
        conn.close()
        assert response.status == 404 and "def " not in body, path


@pytest.mark.parametrize(
    ("accept", "html"),
    [
        (BROWSER["accept"], True),
        ("text/html", True),
        (None, False),
        ("*/*", False),
        ("application/sparql-results+json", False),
        ("text/turtle, text/html;q=0.5", False),
        ("text/html;q=0", False),
    ],
)
def test_wants_html(accept, html):
    assert wants_html(accept) is html


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (Debian: apt-get install -y chromium)")
def test_browser_runs_a_query_and_shows_a_table(site, store, tmp_path):
    query = (
        "PREFIX rg: <https://w3id.org/regiongraph/ontology#> PREFIX dcterms: <http://purl.org/dc/terms/> "
        "SELECT ?id ?title WHERE { ?c a rg:Cooperation ; dcterms:identifier ?id ; dcterms:title ?title } "
        "ORDER BY ?id LIMIT 3"
    )
    first = select(store, query)[0]["id"]
    url = f"{site.url}/sparql?{urlencode({'query': query})}"
    args = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-extensions",
        "--disable-background-networking",
        f"--user-data-dir={tmp_path}",
        "--virtual-time-budget=10000",
        "--dump-dom",
        url,
    ]
    try:
        done = subprocess.run(args, capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail("chromium did not finish within 60 s")
    if done.returncode != 0 and not done.stdout:
        pytest.skip(f"chromium is installed but could not start here: {done.stderr[-500:]}")
    dom = done.stdout
    assert '<table class="results">' in dom, done.stderr[-2000:]
    assert f">{first}<" in dom and "?title" in dom
    assert "3 rows in" in dom
    assert "regiongraph-results.csv" in dom
