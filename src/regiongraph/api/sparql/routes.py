"""``/sparql`` (SPARQL 1.1 Protocol, read-only) and ``/sparql/update`` (admin token).

Handlers only translate HTTP into a :class:`~regiongraph.sparql.QueryRequest`; limits,
evaluation and serialisation live in :mod:`regiongraph.sparql`.
"""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import APIRouter, Header, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from ...sparql import Answer, UpdateDatasetError, prepare_update, problem
from .._cache import respond_cached
from .._problem import respond
from ..page import wants_html
from ._protocol import (
    declared_too_large,
    endpoint_iri,
    get_request,
    post_request,
    too_large,
    update_request,
)

router = APIRouter(tags=["SPARQL"])


async def _body(request: Request) -> bytes | Answer:
    """The request body, or a 413 answer when it is larger than the instance allows."""
    limit = request.app.state.settings.max_request_bytes
    if declared_too_large(request.headers.get("content-length"), limit):
        return too_large(limit)
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            return too_large(limit)
    return body


def _param(name: str, description: str, *, many: bool = False) -> dict:
    schema = {"type": "array", "items": {"type": "string"}} if many else {"type": "string"}
    return {"name": name, "in": "query", "required": False, "description": description, "schema": schema}


#: The GET parameters, documented for OpenAPI but read straight from the request: FastAPI's
#: per-parameter validation costs more than evaluating a lookup, and this route carries them all.
_GET_PARAMETERS = [
    _param("query", "SPARQL 1.1 query"),
    _param("default-graph-uri", "graph(s) forming the default graph (SPARQL protocol)", many=True),
    _param("named-graph-uri", "graph(s) available to GRAPH (SPARQL protocol)", many=True),
    _param("format", "json, xml, csv, tsv, turtle, ntriples, rdfxml, jsonld (instead of Accept)", many=True),
]


@router.get("/sparql", summary="SPARQL 1.1 query (GET)", response_class=Response,
            openapi_extra={"parameters": _GET_PARAMETERS})
async def sparql_get(request: Request) -> Response:
    """Documented here; :class:`._fast.SparqlFastPath` answers queries before this route is reached."""
    accept = request.headers.get("accept")
    outcome = get_request(request.url.query, accept, request.app.state.settings.max_request_bytes,
                          base_iri=_base(request))
    if outcome is None:
        formats = request.query_params.getlist("format")
        fmt = ",".join(formats) if formats else None
        if "query" not in request.query_params:
            return await _describe(request, accept, fmt)
        return await _page(request)
    if isinstance(outcome, Answer):
        return respond(outcome)
    return respond(await request.app.state.queries.answer(outcome))


@router.post("/sparql", summary="SPARQL 1.1 query (POST form or application/sparql-query)", response_class=Response)
async def sparql_post(request: Request, accept: Annotated[str | None, Header()] = None) -> Response:
    """Documented here; :class:`._fast.SparqlFastPath` answers before this route is reached."""
    body = await _body(request)
    if isinstance(body, Answer):
        return respond(body)
    outcome = post_request(request.url.query, request.headers.get("content-type"), body, accept,
                           base_iri=_base(request))
    if isinstance(outcome, Answer):
        return respond(outcome)
    return respond(await request.app.state.queries.answer(outcome))


#: The dataset parameters of a direct POST update (a form carries them in its body).
_UPDATE_PARAMETERS = [
    _param("using-graph-uri", "graph(s) forming the default graph of the update's WHERE (as USING)", many=True),
    _param("using-named-graph-uri", "graph(s) the update's WHERE sees with GRAPH (as USING NAMED)", many=True),
]


@router.post("/sparql/update", summary="SPARQL 1.1 Update (admin token required)", status_code=204,
             response_class=Response, openapi_extra={"parameters": _UPDATE_PARAMETERS})
async def sparql_update(request: Request, authorization: Annotated[str | None, Header()] = None) -> Response:
    denied = _check_token(request, authorization)
    if denied is not None:
        return respond(denied)
    body = await _body(request)
    if isinstance(body, Answer):
        return respond(body)
    outcome = update_request(request.url.query, request.headers.get("content-type"), body, base_iri=_base(request))
    if isinstance(outcome, Answer):
        return respond(outcome)
    try:
        prepared = prepare_update(outcome)
    except UpdateDatasetError as exc:
        return respond(problem(400, "dataset-conflict", "Update dataset given twice", str(exc)))
    except ValueError as exc:  # a using-graph-uri that is no IRI
        return respond(problem(400, "invalid-dataset", "Invalid update dataset", str(exc)))
    refused = await request.app.state.queries.update(prepared, request.app.state.write)
    if refused is not None:
        return respond(refused)
    return Response(status_code=204)


def _base(request: Request) -> str | None:
    """The IRI of the route ``request`` reached: the base IRI of its query or update."""
    return endpoint_iri(request.url.scheme, request.headers.get("host"), request.scope.get("root_path", "")
                        + request.url.path)


def _check_token(request: Request, authorization: str | None) -> Answer | None:
    token = request.app.state.settings.admin_token
    if not token:
        return problem(403, "updates-disabled", "Updates disabled", "no admin token is configured on this server")
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), token.encode()):
        return problem(401, "unauthorized", "Unauthorized", "send 'Authorization: Bearer <admin token>'",
                       {"WWW-Authenticate": 'Bearer realm="regiongraph"'})
    return None


async def _describe(request: Request, accept: str | None, fmt: str | None) -> Response:
    """No query: the query page for browsers, the service description for RDF clients."""
    if wants_html(accept) and fmt is None:
        return await _page(request)
    hook = getattr(request.app.state, "describe", None)
    if hook is None:
        return respond(problem(400, "missing-query", "Missing query", "pass a SPARQL query in the 'query' parameter"))
    return await respond_cached(request, hook, request, accept, fmt, key=(accept, fmt))


async def _page(request: Request) -> Response:
    hook = getattr(request.app.state, "page", None)
    if hook is None:
        return respond(problem(406, "not-acceptable", "No HTML here", "ask for SPARQL results instead"))
    return await run_in_threadpool(hook, request)
