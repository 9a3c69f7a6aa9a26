"""The 34 approved W3C SPARQL 1.1 Protocol tests, request by request, against every backend.

``/sparql/`` in the manifest is mapped to the query route (``/sparql``) or the update route
(``/sparql/update``, with the admin token) by what the request carries: a query or an update,
by its content type, its form fields or its URL; a request that says neither (a wrong media type)
goes where its test's name says (``update_…``, ``bad_update_…``).
"""

from __future__ import annotations

from urllib.parse import parse_qs

import httpx
import pyoxigraph as ox
import pytest

from conformance.conftest import BACKENDS, suite_endpoint
from support.conformance.endpoint import TOKEN, Endpoint
from support.conformance.known import known_failures
from support.conformance.manifest import ProtocolTest, Request, protocol_tests

TABULAR = {"application/sparql-results+xml", "application/sparql-results+json", "text/csv", "text/tab-separated-values"}
BOOLEAN = {"application/sparql-results+xml", "application/sparql-results+json"}
RDF = {"application/rdf+xml", "text/turtle", "application/n-triples"}


def _cases() -> list:
    known = known_failures()
    cases = []
    for backend in BACKENDS:
        for test in protocol_tests():
            reason = known.get((test.id, backend))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            cases.append(pytest.param(backend, test, marks=marks, id=f"{backend}:{test.name}"))
    return cases


def _fields(request: Request) -> dict[str, list[str]]:
    """The parameters a request carries in its URL and, when it is form-like, in its body."""
    query_string = request.path.partition("?")[2]
    fields = parse_qs(query_string, keep_blank_values=True)
    kind = dict(request.headers).get("content-type", "").split(";")[0].strip()
    if request.body is not None and kind in ("", "application/x-www-form-urlencoded"):
        try:
            for name, values in parse_qs(request.body.decode("utf-8"), keep_blank_values=True).items():
                fields.setdefault(name, []).extend(values)
        except UnicodeDecodeError:
            pass
    return fields


def _is_update(test: ProtocolTest, request: Request) -> bool:
    kind = dict(request.headers).get("content-type", "").split(";")[0].strip()
    fields = _fields(request)
    if kind == "application/sparql-update" or "update" in fields:
        return True
    if kind == "application/sparql-query" or "query" in fields:
        return False
    return test.name.startswith(("update_", "bad_update_"))


def _send(endpoint: Endpoint, test: ProtocolTest, request: Request) -> httpx.Response:
    path, _, query_string = request.path.partition("?")
    assert path == "/sparql/", f"unexpected path {request.path}"
    update = _is_update(test, request)
    target = ("/sparql/update" if update else "/sparql") + (f"?{query_string}" if query_string else "")
    headers = dict(request.headers)
    if update:
        headers["authorization"] = f"Bearer {TOKEN}"
    return endpoint.client.request(request.method, target, content=request.body, headers=headers)


def _check_form(request: Request, response: httpx.Response) -> None:
    media = response.headers.get("content-type", "").split(";")[0].strip()
    if request.form == "boolean":
        assert media in BOOLEAN, f"an ASK answer as {media}"
        answer = ox.parse_query_results(response.content, format=ox.QueryResultsFormat.from_media_type(media))
        assert isinstance(answer, ox.QueryBoolean)
        if request.boolean is not None:
            assert bool(answer) is request.boolean
    elif request.form == "tabular":
        assert media in TABULAR, f"a SELECT answer as {media}"
        answer = ox.parse_query_results(response.content, format=ox.QueryResultsFormat.from_media_type(media))
        assert isinstance(answer, ox.QuerySolutions)
        list(answer)
    elif request.form == "RDF":
        assert media in RDF, f"a graph answer as {media}"
        list(ox.parse(response.content, format=ox.RdfFormat.from_media_type(media)))


@pytest.mark.parametrize(("backend", "test"), _cases())
def test_w3c_protocol(request: pytest.FixtureRequest, backend: str, test: ProtocolTest) -> None:
    endpoint = suite_endpoint(request, backend)
    endpoint.load((), test.graph_data)
    try:
        for number, step in enumerate(test.requests, 1):
            response = _send(endpoint, test, step)
            where = f"{test.name}, request {number} ({step.method} {step.path[:60]})"
            assert response.status_code // 100 in step.statuses, (
                f"{where}: {response.status_code} {response.text[:300]}"
            )
            _check_form(step, response)
    finally:
        endpoint.forget()  # its updates changed the store
