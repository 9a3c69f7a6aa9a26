"""Answers serialised inside Oxigraph and cut at the row cap: exact rows, every format, awkward literals."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from regiongraph.sparql._results import Cap, write_solutions, write_triples

EX = "http://example.org/"
#: Literals that would break naive line counting: newlines, tabs, quotes, a language tag, a datatype.
AWKWARD = [ox.Literal("zwei\nZeilen"), ox.Literal("Tab\there"), ox.Literal('"quoted"'),
           ox.Literal("Zürich", language="de"),
           ox.Literal("42", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")), ox.BlankNode("b1")]


@pytest.fixture(scope="module")
def store() -> ox.Store:
    s = ox.Store()
    for i, value in enumerate(AWKWARD * 5):
        s.add(ox.Quad(ox.NamedNode(f"{EX}s{i:02d}"), ox.NamedNode(f"{EX}p"), value))
    return s


SELECT = "SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?s"


@pytest.mark.parametrize("fmt", [ox.QueryResultsFormat.JSON, ox.QueryResultsFormat.XML,
                                 ox.QueryResultsFormat.CSV, ox.QueryResultsFormat.TSV])
@pytest.mark.parametrize("limit", [1, 7, 30, 31, 100])
def test_solutions_are_exactly_the_first_rows_up_to_the_cap(store, fmt, limit):
    cap = Cap(limit)
    body = write_solutions(store.query(SELECT), fmt, cap)
    expected = list(store.query(SELECT))[:limit]
    if fmt in (ox.QueryResultsFormat.JSON, ox.QueryResultsFormat.XML, ox.QueryResultsFormat.TSV):
        got = list(ox.parse_query_results(body, format=fmt))
        assert [(r["s"], r["o"]) for r in got] == [(r["s"], r["o"]) for r in expected]
    else:  # CSV keeps values only
        assert body.count(b"http://example.org/s") == len(expected)
    assert cap.rows == len(expected) and cap.truncated == (limit < 30)


@pytest.mark.parametrize("fmt", [ox.RdfFormat.N_TRIPLES, ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML,
                                 ox.RdfFormat.JSON_LD])
@pytest.mark.parametrize("limit", [1, 29, 30, 31])
def test_triples_are_cut_at_the_cap_in_every_format(store, fmt, limit):
    cap = Cap(limit)
    body = write_triples(store.query("CONSTRUCT WHERE { ?s ?p ?o }"), fmt, cap)
    triples = list(ox.parse(body, format=fmt))
    assert len(triples) == min(limit, 30) == cap.rows and cap.truncated == (limit < 30)
    literals = {q.object for q in triples if isinstance(q.object, ox.Literal)}
    assert literals <= {v for v in AWKWARD if isinstance(v, ox.Literal)}


def test_an_empty_result_keeps_its_variables(store):
    body = write_solutions(store.query("SELECT ?x ?y WHERE { ?x <http://nothing/> ?y }"),
                           ox.QueryResultsFormat.JSON, Cap(10))
    assert body.startswith(b'{"head":{"vars":["x","y"]}') and b'"bindings":[]' in body
