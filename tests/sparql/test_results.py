"""Answers serialised inside Oxigraph and cut at the row cap: exact rows, every format, awkward literals."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regiongraph.sparql._results import (
    FIRST_COUNT,
    Cap,
    _Counted,
    _FullError,
    _json_rows_at_most,
    json_rows,
    write_solutions,
    write_triples,
    xml_rows,
)

EX = "http://example.org/"
#: Literals that would break naive line counting: newlines, tabs, quotes, a language tag, a datatype.
AWKWARD = [
    ox.Literal("zwei\nZeilen"),
    ox.Literal("Tab\there"),
    ox.Literal('"quoted"'),
    ox.Literal("Zürich", language="de"),
    ox.Literal("42", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
    ox.BlankNode("b1"),
]


@pytest.fixture(scope="module")
def store() -> ox.Store:
    s = ox.Store()
    for i, value in enumerate(AWKWARD * 5):
        s.add(ox.Quad(ox.NamedNode(f"{EX}s{i:02d}"), ox.NamedNode(f"{EX}p"), value))
    return s


SELECT = "SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?s"


@pytest.mark.parametrize(
    "fmt", [ox.QueryResultsFormat.JSON, ox.QueryResultsFormat.XML, ox.QueryResultsFormat.CSV, ox.QueryResultsFormat.TSV]
)
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
    assert cap.truncated == (limit < 30)


@pytest.mark.parametrize(
    "fmt", [ox.RdfFormat.N_TRIPLES, ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML, ox.RdfFormat.JSON_LD]
)
@pytest.mark.parametrize("limit", [1, 29, 30, 31])
def test_triples_are_cut_at_the_cap_in_every_format(store, fmt, limit):
    cap = Cap(limit)
    body = write_triples(store.query("CONSTRUCT WHERE { ?s ?p ?o }"), fmt, cap)
    triples = list(ox.parse(body, format=fmt))
    assert len(triples) == min(limit, 30) and cap.truncated == (limit < 30)
    literals = {q.object for q in triples if isinstance(q.object, ox.Literal)}
    assert literals <= {v for v in AWKWARD if isinstance(v, ox.Literal)}


def test_an_empty_result_keeps_its_variables(store):
    body = write_solutions(
        store.query("SELECT ?x ?y WHERE { ?x <http://nothing/> ?y }"), ox.QueryResultsFormat.JSON, Cap(10)
    )
    assert body.startswith(b'{"head":{"vars":["x","y"]}') and b'"bindings":[]' in body


# Literals built from the characters that could fool a byte-level row count of JSON or XML.
_TRICKY = st.text(alphabet=st.sampled_from('},{[]"\\<>&:result\n\t xé\u2028'), max_size=12)


@settings(max_examples=60, deadline=None)
@given(values=st.lists(st.one_of(st.none(), _TRICKY), min_size=0, max_size=8))
def test_rows_counted_in_written_bytes_match_a_parser(values):
    s = ox.Store()
    for i, value in enumerate(values):
        s.add(
            ox.Quad(
                ox.NamedNode(f"{EX}s{i}"),
                ox.NamedNode(f"{EX}p"),
                ox.Literal(value) if value is not None else ox.BlankNode(),
            )
        )
    query = "SELECT ?s ?o ?unbound WHERE { ?s ?p ?o } ORDER BY ?s"
    body = s.query(query).serialize(format=ox.QueryResultsFormat.JSON)
    assert json_rows(body) == len(json.loads(body)["results"]["bindings"]) == len(values) <= _json_rows_at_most(body)
    assert all(json_rows(body[:end]) <= len(values) for end in range(len(body)))  # a prefix never overcounts
    xml = s.query(query).serialize(format=ox.QueryResultsFormat.XML)
    assert xml_rows(xml) == len(list(ox.parse_query_results(xml, format=ox.QueryResultsFormat.XML)))


def test_empty_rows_are_counted(store):
    body = store.query("SELECT ?x WHERE { ?s ?p ?o }").serialize(format=ox.QueryResultsFormat.JSON)
    assert json_rows(body) == 30


@pytest.mark.parametrize("fmt", [ox.QueryResultsFormat.JSON, ox.QueryResultsFormat.XML])
@pytest.mark.parametrize("limit", [1, 29, 30, 31])
def test_one_pass_answers_equal_the_cut_ones_and_evaluate_again_only_past_the_cap(store, fmt, limit):
    runs = []

    def again() -> ox.QuerySolutions:
        runs.append(1)
        return store.query(SELECT)

    cap, plain = Cap(limit), Cap(limit)
    body = write_solutions(store.query(SELECT), fmt, cap, again=again)
    assert body == write_solutions(store.query(SELECT), fmt, plain)
    assert cap.truncated == plain.truncated == (limit < 30)
    assert len(runs) == (1 if limit < 30 else 0)


def test_a_large_answer_is_stopped_while_it_is_written():
    s = ox.Store()
    s.extend(ox.Quad(ox.NamedNode(f"{EX}s{i}"), ox.NamedNode(f"{EX}p"), ox.Literal("x" * 50)) for i in range(5000))
    sink = _Counted(10, ox.QueryResultsFormat.JSON)
    with pytest.raises(_FullError):
        s.query("SELECT * WHERE { ?s ?p ?o }").serialize(sink, format=ox.QueryResultsFormat.JSON)
    assert len(sink.data()) < 2 * FIRST_COUNT + 65_536  # stopped at the first count, not after all 5,000 rows
