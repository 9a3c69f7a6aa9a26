"""The lean ``/sparql`` path: the same answers as FastAPI's documented routes, CORS on both, exact URL decoding."""

from __future__ import annotations

import asyncio
from urllib.parse import parse_qs as urllib_parse_qs
from urllib.parse import quote

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from regiongraph.api.sparql._protocol import get_request, parse_qs, unquote
from regiongraph.app import create_app
from regiongraph.sparql import Answer, QueryRequest
from support.helpers import LiveServer

RG = "PREFIX rg: <https://w3id.org/regiongraph/ontology#> PREFIX dcterms: <http://purl.org/dc/terms/> "
SELECT = RG + 'SELECT ?t WHERE { ?c rg:table "b" ; rg:number "14" ; dcterms:title ?t }'
CONSTRUCT = RG + 'CONSTRUCT { ?c dcterms:title ?t } WHERE { ?c rg:table "b" ; rg:number "14" ; dcterms:title ?t }'
ORIGIN = "https://daten.kreis-unna.de"

#: Requests answered by the lean path, by kind: GET/POST, result and graph formats, refusals.
REQUESTS = [
    ("GET", {"query": SELECT}, {"accept": "application/sparql-results+json"}, None),
    ("GET", {"query": SELECT, "format": "csv"}, {}, None),
    ("GET", {"query": CONSTRUCT}, {"accept": "text/turtle;q=0.9, application/rdf+xml;q=0.5"}, None),
    ("GET", {"query": "SELECT * WHERE { ?s ?p }"}, {}, None),
    ("GET", {"query": SELECT}, {"accept": "image/png"}, None),
    ("GET", {"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"}, {}, None),
    ("POST", {}, {"content-type": "application/sparql-query", "accept": "text/tab-separated-values"}, SELECT),
    ("POST", {}, {"content-type": "application/x-www-form-urlencoded"}, "query=" + quote(SELECT)),
    ("POST", {}, {"content-type": "application/x-www-form-urlencoded"}, "update=" + quote("CLEAR ALL")),
    ("POST", {}, {"content-type": "text/plain"}, SELECT),
    ("GET", {"query": [SELECT, SELECT]}, {}, None),
    ("GET", {"update": "CLEAR ALL"}, {"accept": "text/turtle"}, None),
    ("POST", {}, {}, "query=" + quote(SELECT)),
    ("POST", {}, {"content-type": "application/sparql-query; charset=UTF-16"}, SELECT),
    ("POST", {}, {"content-type": "application/sparql-query"}, "CONSTRUCT { <s> <p> 1 } WHERE {}"),
]


async def _ask(app, method: str, params: dict, headers: dict, body: str | None) -> httpx.Response:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        return await client.request(method, "/sparql", params=params, headers=headers, content=body)


@pytest.mark.parametrize(("method", "params", "headers", "body"), REQUESTS)
def test_lean_path_answers_as_the_fastapi_routes_do(settings, store, method, params, headers, body):
    app = create_app(settings, store)
    lean = asyncio.run(_ask(app, method, params, headers, body))
    routed = asyncio.run(_ask(app.behind, method, params, headers, body))
    assert (lean.status_code, lean.content) == (routed.status_code, routed.content)
    assert sorted(lean.headers.multi_items()) == sorted(routed.headers.multi_items())


def test_get_without_query_goes_on_to_the_service_description_and_the_page(live):
    r = httpx.get(f"{live.url}/sparql", headers={"accept": "text/turtle"})
    assert r.status_code == 200 and "http://www.w3.org/ns/sparql-service-description#" in r.text
    r = httpx.get(f"{live.url}/sparql", params={"query": SELECT}, headers={"accept": "text/html"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")


@pytest.fixture(scope="module")
def cors_live(settings, store):
    with LiveServer(create_app(settings.with_(cors_origins=ORIGIN), store)) as server:
        yield server


def test_cors_covers_lean_answers_and_routed_pages_once(cors_live):
    r = httpx.get(f"{cors_live.url}/sparql", params={"query": SELECT}, headers={"origin": ORIGIN})
    assert r.status_code == 200 and r.headers.get_list("access-control-allow-origin") == [ORIGIN]
    assert "regiongraph-result-limit" in r.headers["access-control-expose-headers"].lower()
    r = httpx.get(f"{cors_live.url}/sparql", headers={"origin": ORIGIN, "accept": "text/html"})
    assert r.status_code == 200 and r.headers.get_list("access-control-allow-origin") == [ORIGIN]
    r = httpx.options(f"{cors_live.url}/sparql", headers={"origin": ORIGIN, "access-control-request-method": "POST"})
    assert r.status_code == 200 and r.headers["access-control-allow-origin"] == ORIGIN
    r = httpx.get(f"{cors_live.url}/sparql", params={"query": SELECT}, headers={"origin": "https://evil.example"})
    assert r.status_code == 200 and "access-control-allow-origin" not in r.headers


def test_get_request_reads_the_protocol_parameters():
    query_string = "query=" + quote("ASK {}") + "&default-graph-uri=urn:a&default-graph-uri=urn:b&format=json"
    assert get_request(query_string, None, 1_000_000) == QueryRequest("ASK {}", ("urn:a", "urn:b"), (), None, "json")
    assert get_request("format=json", None, 1_000_000) is None
    assert get_request("query=ASK%7B%7D", "TEXT/HTML", 1_000_000) is None
    refused = get_request("query=" + "x" * 40_000, None, 1_000_000)
    assert isinstance(refused, Answer) and refused.status == 414


def test_unquote_matches_urllib_on_edge_cases():
    for text in ["%C3%A4rger", "a%2", "%zz%41", "50%", "\\x41%5Cx41", "Ärger%20", "%F0%9F%98%80", "%C3x%A4", "+"]:
        assert parse_qs("q=" + text) == urllib_parse_qs("q=" + text, keep_blank_values=True), text
    assert unquote("%7B%20%3Fs%20%7D") == "{ ?s }"


@given(st.text(alphabet="ab=&%+;\\äx0123456789ACFz€", max_size=40))
def test_parse_qs_is_urllibs(text):
    assert parse_qs(text) == urllib_parse_qs(text, keep_blank_values=True)


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/healthz", {}),
        ("/sparql", {"query": SELECT}),
        ("/sparql", {}),
        ("/api/v1/cooperations", {"performer": "Kamen"}),
        ("/catalog.ttl", {}),
    ],
)
def test_head_answers_with_the_headers_of_get_and_no_body(live, path, params):
    got, head = httpx.get(live.url + path, params=params), httpx.head(live.url + path, params=params)
    assert head.status_code == got.status_code == 200 and got.content and head.content == b""
    for name in ("content-type", "content-length", "vary"):
        assert head.headers.get(name) == got.headers.get(name), name
