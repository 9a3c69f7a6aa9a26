"""/sparql and /healthz over HTTP, against the real app under uvicorn on loopback."""

from __future__ import annotations

import csv
import io

import httpx
import pytest

COUNT = (
    "PREFIX rg: <https://w3id.org/regiongraph/ontology#> "
    "SELECT (COUNT(?c) AS ?n) WHERE { ?c a rg:Cooperation ; rg:table ?t }"
)


def count_of(payload: dict) -> int:
    return int(payload["results"]["bindings"][0]["n"]["value"])


def test_get_returns_sparql_json(live):
    r = httpx.get(f"{live.url}/sparql", params={"query": COUNT})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/sparql-results+json")
    assert count_of(r.json()) == 103


def test_post_form_and_post_sparql_query(live):
    r = httpx.post(f"{live.url}/sparql", data={"query": COUNT})
    assert count_of(r.json()) == 103
    r = httpx.post(f"{live.url}/sparql", content=COUNT.encode(), headers={"content-type": "application/sparql-query"})
    assert count_of(r.json()) == 103


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        ("text/csv", "text/csv"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/tab-separated-values;q=0.9, text/csv;q=0.5", "text/tab-separated-values"),
    ],
)
def test_content_negotiation(live, accept, media):
    r = httpx.get(f"{live.url}/sparql", params={"query": COUNT}, headers={"accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].startswith(media)
    if media == "text/csv":
        assert list(csv.reader(io.StringIO(r.text)))[1] == ["103"]


def test_construct_as_turtle(live):
    q = (
        "PREFIX rg: <https://w3id.org/regiongraph/ontology#> "
        'CONSTRUCT { ?c a rg:Cooperation } WHERE { ?c a rg:Cooperation ; rg:table "b" }'
    )
    r = httpx.get(f"{live.url}/sparql", params={"query": q, "format": "ntriples"})
    assert r.status_code == 200
    assert len([line for line in r.text.splitlines() if line.strip()]) == 55


def test_syntax_error_is_a_400_with_the_parser_message(live):
    r = httpx.get(f"{live.url}/sparql", params={"query": "SELEC ?x WHERE {}"})
    assert r.status_code == 400
    assert r.headers["content-type"].startswith("application/problem+json")
    assert "syntax" in r.json()["detail"].lower()


def test_updates_are_refused_on_the_public_endpoint(live, store):
    before = store.count_quads()
    r = httpx.post(f"{live.url}/sparql", data={"update": "DROP ALL"})
    assert r.status_code == 403
    r = httpx.post(f"{live.url}/sparql", data={"query": "DROP ALL"})
    assert r.status_code == 400
    assert store.count_quads() == before


def test_unacceptable_format_is_406(live):
    r = httpx.get(f"{live.url}/sparql", params={"query": COUNT}, headers={"accept": "image/png"})
    assert r.status_code == 406


def test_healthz(live, store):
    r = httpx.get(f"{live.url}/healthz")
    assert r.status_code == 200 and r.json()["status"] == "ok"
    assert r.json()["quads"] == store.count_quads() > 100_000
