"""A bounded hostile-input campaign over every route: no 5xx, no stack trace, no internal query text in any body.

Two parts, both against the real server over the session's register store:

* schemathesis, over every operation ``/openapi.json`` describes, with valid and invalid data;
* generated requests the description cannot express: raw SPARQL texts to ``/sparql`` (GET and
  POST), paths below ``/id/``, every parameter of ``/catalog.*``, and every CKAN action with
  parameters in the query string, a JSON body (objects, lists, deep nesting, numbers of any size)
  or a form (urlencoded and multipart).
"""

from __future__ import annotations

import json
from urllib.parse import quote

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable

from regiongraph.api.ckan import ACTIONS

#: Texts that only RegionGraph's own queries hold; a body showing one leaked an internal query.
INTERNAL = ("PREFIX rg:", "?fv", "GRAPH ?g", "SELECT DISTINCT ?r", "foaf:primaryTopic ?d", "sparql_prologue")
BUDGET = settings(
    max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None
)
NASTY = [
    "",
    " ",
    "'",
    '"',
    "\\",
    "<",
    ">",
    "{",
    "}",
    "#",
    "%",
    "%00",
    "\x00",
    "*:*",
    "a:b",
    "-x:y",
    '"open',
    "[x TO y]",
    "metadata_modified:[* TO NOW]",
    "9" * 40,
    "-1",
    "1e309",
    "NaN",
    "true",
    "null",
    "ü" * 50,
    "x" * 5000,
    "name:a OR",
    " OR ",
    "SELECT * WHERE { ?s ?p ?o }",
    "\U0001f600",
    "\ud800".encode("utf-8", "surrogatepass").decode("utf-8", "replace"),
    "a b " * 40,
]
TEXT = st.one_of(st.sampled_from(NASTY), st.text(max_size=60))
JSON_VALUE = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), TEXT),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(TEXT, inner, max_size=3)),
    max_leaves=8,
)
CKAN_KEYS = st.sampled_from(
    [
        "q",
        "fq",
        "fq_list",
        "rows",
        "start",
        "sort",
        "facet",
        "facet.field",
        "facet.limit",
        "id",
        "name_or_id",
        "limit",
        "offset",
        "all_fields",
        "query",
        "include_datasets",
        "type",
        "x",
    ]
)


def clean(response: httpx.Response, sent: str = "") -> None:
    assert response.status_code < 500, (response.status_code, response.request.url, response.text[:400])
    body = response.text
    assert "Traceback" not in body and 'File "' not in body, body[:400]
    for marker in INTERNAL:
        assert marker not in body or marker in sent, (marker, body[:400])


@pytest.fixture(scope="module")
def client(site):
    with httpx.Client(base_url=site.url, timeout=60) as c:
        yield c


def test_every_described_operation_with_valid_and_invalid_data(site):
    import schemathesis
    from schemathesis import GenerationMode

    schema = schemathesis.openapi.from_url(site.url + "/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 40
    failures: list[str] = []
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(
                max_examples=6, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None
            )
            def check(case):
                response = case.call(base_url=site.url, timeout=60)
                # downloads (a zip of CSV tables) are bytes: read them leniently, a stack trace is still text
                text = response.content.decode("utf-8", "replace")
                assert response.status_code < 500, (response.status_code, text[:300])
                assert "Traceback" not in text
                assert not any(m in text for m in INTERNAL), text[:300]

            try:
                check()
            except Unsatisfiable:  # nothing about this operation can be invalid (no parameters to break)
                assert mode == GenerationMode.NEGATIVE
            except (Exception, BaseExceptionGroup) as exc:  # every operation's failure, not only the first
                failures.append(f"{operation.label} ({mode.value}): {str(exc)[:500]}")
    assert not failures, "\n\n".join(failures)


@BUDGET
@given(
    text=st.one_of(
        TEXT,
        st.sampled_from(
            [
                "SELECT * WHERE { ?s ?p ?o } LIMIT 99999999999999999999999",
                "ASK { FILTER(<http://x/\\uD800>) }",
                "SELECT (1/0 AS ?x) {}",
                "SELECT * { SERVICE ?x {} }",
                "CONSTRUCT { ?s ?p ?o } WHERE {",
            ]
        ),
    ),
    how=st.sampled_from(["get", "form", "body"]),
    fmt=st.sampled_from([None, "xml", "csv", "nonsense"]),
)
def test_sparql(client, text, how, fmt):
    params = {"format": fmt} if fmt else {}
    if how == "get":
        response = client.get("/sparql", params={"query": text, **params})
    elif how == "form":
        response = client.post("/sparql", data={"query": text, **params})
    else:
        response = client.post(
            "/sparql",
            params=params,
            content=text.encode("utf-8", "replace"),
            headers={"content-type": "application/sparql-query"},
        )
    clean(response, text)


@BUDGET
@given(
    path=st.one_of(TEXT, st.lists(TEXT, max_size=3).map("/".join)),
    suffix=st.sampled_from(["", ".ttl", ".html", ".jsonld", ".nt", ".rdf", ".xlsx"]),
    accept=st.sampled_from([None, "text/html", "text/turtle", "application/x-nonsense", "*/*;q=x", ""]),
)
def test_linked_data_paths(client, path, suffix, accept):
    headers = {"accept": accept} if accept is not None else {}
    clean(client.get("/id/" + quote(path, safe="/") + suffix, headers=headers), path)


@BUDGET
@given(
    name=st.sampled_from(["catalog", "catalog.ttl", "catalog.rdf", "catalog.jsonld", "catalog.nt", "catalog.x"]),
    params=st.dictionaries(st.sampled_from(["page", "q", "modified_since", "format", "x"]), TEXT, max_size=3),
    accept=st.sampled_from([None, "text/turtle", "image/png", "application/ld+json;q=0.5,*/*;q=0.1"]),
)
def test_catalogue(client, name, params, accept):
    headers = {"accept": accept} if accept else {}
    clean(client.get(f"/{name}", params=params, headers=headers), json.dumps(params))


@BUDGET
@given(
    action=st.sampled_from([*ACTIONS, "nope", "package_create"]),
    params=st.dictionaries(CKAN_KEYS, JSON_VALUE, max_size=4),
    how=st.sampled_from(["get", "json", "form", "multipart", "raw"]),
)
def test_ckan_actions(client, action, params, how):
    path = f"/api/3/action/{action}"
    flat = {k: v if isinstance(v, str) else json.dumps(v) for k, v in params.items()}
    if how == "get":
        response = client.get(path, params=flat)
    elif how == "json":
        response = client.post(path, content=json.dumps(params).encode(), headers={"content-type": "application/json"})
    elif how == "form":
        response = client.post(path, data=flat)
    elif how == "multipart":
        response = client.post(path, data=flat, files={"upload": ("x.txt", b"x")})
    else:
        response = client.post(path, content=b"[" * 5000 + b'{"q": 1', headers={"content-type": "application/json"})
    clean(response, json.dumps(params))
    if response.status_code in (413, 414) and response.headers["content-type"] == "application/problem+json":
        return  # refused at the edge, before any route: every route answers these alike
    assert response.headers["content-type"].startswith("application/json")
    assert response.json().get("success") is (response.status_code == 200), (how, response.text[:300])
