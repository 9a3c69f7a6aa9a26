"""The approved query-evaluation and syntax tests of eleven W3C SPARQL 1.1 folders, over HTTP, on every backend.

Each test's data is loaded through the update route; its query is sent as a SPARQL protocol
request whose base IRI is the query file's (a ``BASE`` line before the text, as the suite parses
it). The dataset is the manifest's: a query that names its own (``FROM``) gets none from the
protocol; a test with named graphs gets its default and named graphs as ``default-graph-uri`` /
``named-graph-uri``; a test with default data only reads the endpoint's default graph.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.plugins.sparql.parser import parseQuery

from conformance.conftest import BACKENDS, suite_endpoint
from support.conformance.compare import describe_rows, rows_of, same_graph, same_solutions
from support.conformance.endpoint import Endpoint
from support.conformance.known import known_failures
from support.conformance.manifest import FOLDERS, EvaluationTest, evaluation_tests


def _cases() -> list:
    known = known_failures()
    cases = []
    for backend in BACKENDS:
        for test in (t for folder in FOLDERS for t in evaluation_tests(folder)):
            reason = known.get((test.id, backend))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            cases.append(pytest.param(backend, test, marks=marks, id=f"{backend}:{test.id}"))
    return cases


def _parsed(text: str):
    try:
        return parseQuery(text)[1]
    except Exception:  # rdflib does not read every SPARQL 1.1 query; then nothing is known about it
        return None


def _request(test: EvaluationTest) -> tuple[str, list[tuple[str, str]]]:
    """The text to send (with the query file as base IRI) and the protocol's dataset parameters."""
    text = test.query.read_text(encoding="utf-8")
    parsed = _parsed(text)
    params: list[tuple[str, str]] = []
    if test.graph_data and not (parsed is not None and "datasetClause" in parsed):
        params = [("default-graph-uri", _data_graph(test, p)) for p in test.data]
        params += [("named-graph-uri", g) for g, _ in test.graph_data]
    return f"BASE <{test.query_iri}>\n{text}", params


def _data_graph(test: EvaluationTest, path) -> str:
    return f"http://www.w3.org/2009/sparql/docs/tests/data-sparql11/{test.folder}/{path.name}"


def _load(endpoint: Endpoint, test: EvaluationTest) -> None:
    """Default data in the default graph; with named graphs around, in a graph of its own (named by the protocol)."""
    data = tuple((_data_graph(test, p), p) for p in test.data)
    if test.graph_data:
        endpoint.load((), tuple(sorted({*data, *test.graph_data})))
    else:
        endpoint.load(data, ())


@pytest.mark.parametrize(("backend", "test"), _cases())
def test_w3c_query(request: pytest.FixtureRequest, backend: str, test: EvaluationTest) -> None:
    endpoint = suite_endpoint(request, backend)
    if test.kind != "evaluation":
        response = endpoint.query(test.query.read_text(encoding="utf-8"))
        expected = 400 if test.kind == "negative-syntax" else 200
        assert response.status_code == expected, f"{test.id}: {response.status_code} {response.text[:300]}"
        return
    _load(endpoint, test)
    text, params = _request(test)
    response = endpoint.query(text, params)
    assert response.status_code == 200, f"{test.id}: {response.status_code} {response.text[:500]}"
    assert test.result is not None
    media = response.headers["content-type"].split(";")[0]
    if test.result.suffix == ".ttl":
        actual = rdflib.Graph().parse(data=response.text, format="nt")
        expected_graph = rdflib.Graph().parse(test.result, format="turtle", publicID=_data_graph(test, test.result))
        assert same_graph(actual, expected_graph), (
            f"{test.id}: graphs differ\nanswer:\n{response.text}\nexpected:\n{expected_graph.serialize(format='nt')}"
        )
        return
    answer = ox.parse_query_results(response.content, format=ox.QueryResultsFormat.from_media_type(media))
    expected = ox.parse_query_results(
        path=test.result, format=ox.QueryResultsFormat.from_extension(test.result.suffix.lstrip("."))
    )
    if isinstance(expected, ox.QueryBoolean):
        assert isinstance(answer, ox.QueryBoolean) and bool(answer) == bool(expected), f"{test.id}: {answer}"
        return
    assert isinstance(answer, ox.QuerySolutions), f"{test.id}: not a result set: {media}"
    parsed = _parsed(test.query.read_text(encoding="utf-8"))
    ordered = parsed is not None and "orderby" in parsed
    names, got = rows_of(answer)
    want_names, want = rows_of(expected)
    assert set(names) == set(want_names), f"{test.id}: variables {names} != {want_names}"
    assert same_solutions(got, want, ordered=ordered), (
        f"{test.id}: solutions differ{' (ordered)' if ordered else ''}\nanswer:{describe_rows(got)}\n"
        f"expected:{describe_rows(want)}"
    )
