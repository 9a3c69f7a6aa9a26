"""Hostile input to every parameter: a 4xx or a correct answer, never a 500, never data outside the request.

Values: SPARQL metacharacters and injection attempts, quotes, ``>`` inside IRIs, very long
values and invalid UTF-8 (percent-encoded bytes), sent raw in the query string or the path.
"""

from __future__ import annotations

from urllib.parse import quote, quote_from_bytes

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from regiongraph.api.rest._spec import RESOURCES
from support.rest_fixtures import BASE

NASTY = [
    '"',
    "'",
    "\\",
    "<",
    ">",
    "}",
    "{",
    "#",
    "?s",
    "$x",
    "*",
    ".",
    ";",
    "%00",
    "\x00",
    '" } ; DROP GRAPH <x> ; #',
    "} UNION { ?s ?p ?o }",
    '") || true || ("',
    "\\u0022",
    f"{BASE}ags/05978020> }} ?s ?p ?o {{ <x",
    "http://example.org/a>b",
    "http://example.org/a b",
    "https://w3id.org/regiongraph/code/legal-form/oerv> . ?s ?p ?o",
    "05978020\n",
    "x" * 5000,
    "Kamen" * 300,
    "%FF%FE",
    "%C3%28",
    "%ED%A0%80",
]
#: Raw query-string values: nasty text percent-encoded, or bytes that are not UTF-8 at all.
VALUES = st.one_of(
    st.sampled_from(NASTY).map(lambda v: v if v.startswith("%") else quote(v, safe="")),
    st.text(max_size=300).map(lambda v: quote(v, safe="")),
    st.binary(min_size=1, max_size=40).map(lambda b: quote_from_bytes(b, safe="")),
)
ALLOWED = {200, 400, 404, 406, 422}
UNIVERSE = {"cooperations": "cooperation", "projects": "project", "datasets": "dataset"}
ENDPOINTS = [
    (f"/api/v1/{r.name}", name)
    for r in RESOURCES.values()
    for name in ("q", "sort", "limit", "offset", "facet", "format", *(f.name for f in r.filters))
]
ENDPOINTS += [
    ("/api/v1/search", "q"),
    ("/api/v1/search", "type"),
    ("/api/v1/queries/cooperations-of-town", "town"),
    ("/api/v1/queries/cooperations-with-legal-form", "form"),
    ("/api/v1/queries/cooperations-started-per-decade", "from"),
]


@pytest.fixture(scope="module")
def universe(client) -> dict[str, set[str]]:
    """Every member of the lists whose membership is small enough to hold: the answers must stay inside."""
    out = {}
    for name in UNIVERSE:
        ids, offset = set(), 0
        while True:
            body = client.get(f"/api/v1/{name}", params={"limit": 500, "offset": offset}).json()
            ids |= {i["id"] for i in body["items"]}
            if "next" not in body:
                break
            offset += 500
        out[name] = ids
    return out


def check(response, path: str, universe: dict[str, set[str]]) -> None:
    assert response.status_code in ALLOWED, (response.status_code, response.url, response.text[:300])
    if response.status_code != 200:
        assert response.headers["content-type"] == "application/problem+json"
        return
    if "json" not in response.headers["content-type"]:
        return
    body = response.json()
    name = path.rsplit("/", 1)[-1]
    if name in universe:
        assert {i["id"] for i in body["items"]} <= universe[name]
    for item in body.get("items", ()):
        assert item["id"].startswith((BASE, "https://w3id.org/regiongraph/code/"))


@pytest.mark.parametrize(("path", "param"), ENDPOINTS)
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None)
@given(value=VALUES)
def test_hostile_query_parameters(client, universe, path, param, value):
    check(client.get(f"{path}?{param}={value}"), path, universe)


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None)
@given(
    value=VALUES.filter(lambda v: v.strip(".") != ""),  # "", "." and ".." are the list itself, by URL rules
    resource=st.sampled_from(sorted(RESOURCES)),
)
def test_hostile_path_ids(client, universe, value, resource):
    response = client.get(f"/api/v1/{resource}/{value}")
    assert response.status_code in {307, 404, 422}, (response.status_code, response.url)
    if response.status_code == 307:  # "%2F" decodes to "/": the router's slash redirect, never off the API
        assert response.headers["location"].split("://", 1)[-1].split("/", 1)[1].startswith(f"api/v1/{resource}")
    ld = client.get(f"/id/{value}")
    assert ld.status_code in {200, 404}, (ld.status_code, ld.url)
    if ld.status_code == 200:
        assert ld.headers["content-type"].startswith("text/turtle")
