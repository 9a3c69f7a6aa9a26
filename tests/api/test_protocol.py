"""The SPARQL 1.1 Protocol with real clients (SPARQLWrapper, rdflib's SPARQLStore) over HTTP."""

from __future__ import annotations

import csv
import io
import json

import httpx
import pytest
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, N3, TSV, TURTLE, XML, SPARQLWrapper

RG = "PREFIX rg: <https://w3id.org/regiongraph/ontology#> PREFIX dcterms: <http://purl.org/dc/terms/> "
SELECT = RG + 'SELECT ?c ?t WHERE { ?c rg:table "b" ; rg:number "14" ; dcterms:title ?t }'
ASK = RG + 'ASK WHERE { ?c rg:table "a" ; rg:number "48" }'
CONSTRUCT = RG + 'CONSTRUCT { ?c dcterms:title ?t } WHERE { ?c rg:table "b" ; dcterms:title ?t }'
TITLE_14 = "Automatisierte Datenverarbeitung"


def client(live, method: str, fmt) -> SPARQLWrapper:
    sparql = SPARQLWrapper(f"{live.url}/sparql")
    sparql.setMethod(method)
    sparql.setReturnFormat(fmt)
    return sparql


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_sparqlwrapper_select_json_and_xml(live, method):
    sparql = client(live, method, JSON)
    sparql.setQuery(SELECT)
    rows = sparql.query().convert()["results"]["bindings"]
    assert [r["t"]["value"] for r in rows] == [TITLE_14]
    assert rows[0]["t"]["xml:lang"] == "de"
    sparql.setReturnFormat(XML)
    doc = sparql.query().convert()
    assert TITLE_14 in doc.toxml()


@pytest.mark.parametrize("fmt", [CSV, TSV])
def test_sparqlwrapper_select_csv_tsv(live, fmt):
    sparql = client(live, "GET", fmt)
    sparql.setQuery(SELECT)
    text = sparql.query().convert().decode()
    if fmt == CSV:
        assert list(csv.reader(io.StringIO(text)))[1][1] == TITLE_14
    else:
        assert f'"{TITLE_14}"@de' in text.splitlines()[1]


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_sparqlwrapper_ask(live, method):
    for fmt in (JSON, XML):
        sparql = client(live, method, fmt)
        sparql.setQuery(ASK)
        result = sparql.query().convert()
        value = result["boolean"] if fmt == JSON else "true" in result.toxml()
        assert value is True


@pytest.mark.parametrize("fmt", [TURTLE, N3, XML, "json-ld"])
def test_sparqlwrapper_construct(live, fmt):
    sparql = client(live, "GET", fmt)
    sparql.setQuery(CONSTRUCT)
    result = sparql.query().convert()
    graph = (
        result
        if isinstance(result, rdflib.Graph)
        else rdflib.Graph().parse(
            data=result, format={TURTLE: "turtle", N3: "turtle", "json-ld": "json-ld"}.get(fmt, "xml")
        )
    )
    assert len(graph) == 55


def test_rdflib_sparqlstore(live):
    graph = rdflib.Graph(store=SPARQLStore(f"{live.url}/sparql"))
    rows = list(graph.query(SELECT))
    assert [str(r.t) for r in rows] == [TITLE_14]
    assert len(list(graph.query(CONSTRUCT))) == 55


def test_post_sparql_query_body_and_format_parameter(live):
    r = httpx.post(
        f"{live.url}/sparql",
        params={"format": "tsv"},
        content=SELECT.encode(),
        headers={"content-type": "application/sparql-query"},
    )
    assert r.headers["content-type"].startswith("text/tab-separated-values")
    r = httpx.post(f"{live.url}/sparql", data={"query": CONSTRUCT, "format": "turtle"})
    assert len(rdflib.Graph().parse(data=r.text, format="turtle")) == 55


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        ("text/turtle;q=0.4, application/ld+json;q=0.9", "application/ld+json"),
        ("application/rdf+xml", "application/rdf+xml"),
        ("*/*", "text/turtle"),
    ],
)
def test_graph_negotiation_with_q_values(live, accept, media):
    r = httpx.get(f"{live.url}/sparql", params={"query": CONSTRUCT}, headers={"accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].startswith(media)


def test_dataset_parameters(live, store):
    record = "http://127.0.0.1:8000/id/graph/register/ku2016-b-14"
    q = "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }"
    r = httpx.get(f"{live.url}/sparql", params={"query": q, "default-graph-uri": record})
    n_record = int(r.json()["results"]["bindings"][0]["n"]["value"])
    assert 3 < n_record < 40
    q = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    r = httpx.post(f"{live.url}/sparql", data={"query": q, "named-graph-uri": [record]})
    assert [b["g"]["value"] for b in r.json()["results"]["bindings"]] == [record]


def long_get_status(live, size: int) -> int:
    """Status of a GET whose query string is ``size`` bytes (httpx refuses to send such URLs)."""
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", live.port, timeout=10)
    conn.request("GET", "/sparql?query=" + "%23" * (size // 3))
    status = conn.getresponse().status
    conn.close()
    return status


def test_errors_have_status_and_problem_details(live):
    r = httpx.get(f"{live.url}/sparql", params={"query": "SELECT * WHERE { ?s ?p }"})
    assert r.status_code == 400 and "error" in r.json()["detail"].lower()
    r = httpx.post(f"{live.url}/sparql", content=b"x", headers={"content-type": "text/plain"})
    assert r.status_code == 415
    r = httpx.post(f"{live.url}/sparql", content=b"#" * 1_100_000, headers={"content-type": "application/sparql-query"})
    assert r.status_code == 413
    assert long_get_status(live, 40_000) == 414
    r = httpx.get(f"{live.url}/sparql", params={"query": SELECT, "format": "image/png"})
    assert r.status_code == 406 and r.headers["content-type"] == "application/problem+json"
    r = httpx.get(f"{live.url}/sparql", params={"query": SELECT, "default-graph-uri": "not an iri"})
    assert r.status_code == 400


def test_problem_json_is_valid_json(live):
    r = httpx.get(f"{live.url}/sparql", params={"query": "SELEC"})
    body = json.loads(r.text)
    assert body["status"] == 400 and body["type"].endswith("malformed-query")


FORM = "application/x-www-form-urlencoded"
RECORD = "http://127.0.0.1:8000/id/graph/register/ku2016-b-14"
OTHER = "http://127.0.0.1:8000/id/graph/register/ku2016-b-15"
SUBJECTS = "SELECT (COUNT(DISTINCT ?s) AS ?n) {frm} WHERE {{ ?s ?p ?o }}"


def ask(live, query: str, params: list[tuple[str, str]] | None = None) -> bool:
    r = httpx.post(
        f"{live.url}/sparql",
        params=params,
        content=query.encode(),
        headers={"content-type": "application/sparql-query", "accept": "application/sparql-results+json"},
    )
    assert r.status_code == 200, r.text
    return r.json()["boolean"]


def count(live, query: str, params: list[tuple[str, str]] | None = None) -> int:
    r = httpx.get(f"{live.url}/sparql", params=[("query", query), *(params or [])])
    assert r.status_code == 200, r.text
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


def test_from_and_from_named_are_the_querys_dataset(live):
    one = count(live, SUBJECTS.format(frm=""), [("default-graph-uri", RECORD)])
    assert count(live, SUBJECTS.format(frm=f"FROM <{RECORD}>")) == one < 40
    assert count(live, SUBJECTS.format(frm="")) > 10_000, "without a dataset: the union of all graphs"
    assert not ask(live, f"ASK FROM NAMED <{RECORD}> {{ ?s ?p ?o }}"), "FROM NAMED alone: empty default graph"
    assert ask(live, f"ASK FROM NAMED <{RECORD}> {{ GRAPH <{RECORD}> {{ ?s ?p ?o }} }}")
    assert not ask(live, f"ASK FROM NAMED <{RECORD}> {{ GRAPH <{OTHER}> {{ ?s ?p ?o }} }}")
    assert not ask(live, f"ASK FROM <{RECORD}> {{ GRAPH ?g {{ ?s ?p ?o }} }}"), "FROM alone: no named graphs"


def test_the_protocols_dataset_is_exactly_what_it_lists_and_replaces_the_querys(live):
    assert not ask(live, "ASK { ?s ?p ?o }", [("named-graph-uri", RECORD)]), "only named graphs: empty default"
    assert ask(live, "ASK { GRAPH ?g { ?s ?p ?o } }", [("named-graph-uri", RECORD)])
    assert not ask(live, "ASK { GRAPH ?g { ?s ?p ?o } }", [("default-graph-uri", RECORD)]), "no named graphs"
    both = count(live, SUBJECTS.format(frm=""), [("default-graph-uri", RECORD), ("default-graph-uri", OTHER)])
    replaced = count(live, SUBJECTS.format(frm=f"FROM <{RECORD}>"), [("default-graph-uri", OTHER)])
    assert both > replaced == count(live, SUBJECTS.format(frm=""), [("default-graph-uri", OTHER)])


def test_relative_iris_resolve_against_the_endpoint(live):
    r = httpx.post(
        f"{live.url}/sparql",
        content=b"CONSTRUCT { <s> <p> 1 } WHERE {}",
        headers={"content-type": "application/sparql-query", "accept": "application/n-triples"},
    )
    assert r.status_code == 200
    assert r.text.strip() == f'<{live.url}/s> <{live.url}/p> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .'
    r = httpx.get(f"{live.url}/sparql", params={"query": 'SELECT (IRI("x") AS ?i) {}'})
    assert r.json()["results"]["bindings"][0]["i"]["value"] == f"{live.url}/x"


@pytest.mark.parametrize(
    ("method", "url", "body", "headers", "status"),
    [
        ("GET", "/sparql?query=ASK%20%7B%7D&query=SELECT%20*%20%7B%7D", None, {}, 400),
        ("POST", "/sparql", b"query=ASK%20%7B%7D&query=ASK%20%7B%7D", {"content-type": FORM}, 400),
        ("POST", "/sparql?query=ASK%20%7B%7D", b"ASK {}", {"content-type": "application/sparql-query"}, 400),
        ("POST", "/sparql", b"query=ASK%20%7B%7D", {}, 400),
        (
            "POST",
            "/sparql",
            "ASK {}".encode("utf-16"),
            {"content-type": "application/sparql-query; charset=UTF-16"},
            415,
        ),
        ("POST", "/sparql", b"ASK { ?s ?p '\xff' }", {"content-type": "application/sparql-query"}, 400),
        ("GET", "/sparql?update=CLEAR%20ALL", None, {"accept": "text/turtle"}, 400),
        ("GET", "/sparql?update=CLEAR%20ALL", None, {"accept": "text/html"}, 400),
    ],
)
def test_the_protocol_refuses_what_it_must(live, method, url, body, headers, status):
    r = httpx.request(method, f"{live.url}{url}", content=body, headers=headers)
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/problem+json"


def test_an_update_where_reads_the_default_graph_queries_read(tmp_path):
    from support.conformance.endpoint import embedded_endpoint

    with embedded_endpoint(tmp_path) as endpoint:
        data = 'INSERT DATA { GRAPH <urn:g1> { <urn:a> <urn:p> "1" } GRAPH <urn:g2> { <urn:b> <urn:p> "2" } }'
        assert endpoint.update(data).status_code == 204
        copy = "INSERT { GRAPH <urn:copy> { ?s <urn:q> ?o } } WHERE { ?s <urn:p> ?o }"
        assert endpoint.update(copy).status_code == 204
        r = endpoint.query("SELECT ?o WHERE { GRAPH <urn:copy> { ?s ?q ?o } } ORDER BY ?o")
        assert [b["o"]["value"] for b in r.json()["results"]["bindings"]] == ["1", "2"]
        r = endpoint.update(copy.replace("WHERE", "USING <urn:g1> WHERE"), [("using-graph-uri", "urn:g2")])
        assert r.status_code == 400 and r.json()["type"].endswith("dataset-conflict")
        r = endpoint.update("INSERT DATA { GRAPH <urn:g3> { <s> <p> <o> } }")
        assert r.status_code == 204
        resolved = f"{endpoint.url}/sparql/s"  # against the update route's IRI, /sparql/update
        assert endpoint.query(f"ASK {{ GRAPH <urn:g3> {{ <{resolved}> ?p ?o }} }}").json()["boolean"]
