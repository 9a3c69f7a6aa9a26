"""``/sparql`` (SPARQL 1.1 Protocol, read-only) and ``/sparql/update`` (admin token), as FastAPI routes.

They describe the endpoint in OpenAPI and answer what the lean front (:mod:`._fast`) passes on:
``GET /sparql`` without a query (the query page, the service description) and updates. A query
that does reach them (an app called without its front) is read by the same reader (:mod:`._reader`)
and answered by the same service; limits, evaluation and serialisation live in :mod:`regiongraph.sparql`.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect

from ...sparql import Answer, UpdateDatasetError, prepare_update, problem
from .. import _admin, describe, page
from .._cache import respond_cached
from .._problem import respond
from ._reader import Elsewhere, read_query, read_update

router = APIRouter(tags=["SPARQL"])


def _param(name: str, description: str, *, many: bool = False) -> dict[str, Any]:
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
#: The dataset parameters of a direct POST update (a form carries them in its body).
_UPDATE_PARAMETERS = [
    _param("using-graph-uri", "graph(s) forming the default graph of the update's WHERE (as USING)", many=True),
    _param("using-named-graph-uri", "graph(s) the update's WHERE sees with GRAPH (as USING NAMED)", many=True),
]


@router.get(
    "/sparql", summary="SPARQL 1.1 query (GET)", response_class=Response, openapi_extra={"parameters": _GET_PARAMETERS}
)
async def sparql_get(request: Request) -> Response:
    """A query's results; without a query, the query page for browsers, the service description for RDF clients."""
    return await _query(request)


@router.post("/sparql", summary="SPARQL 1.1 query (POST form or application/sparql-query)", response_class=Response)
async def sparql_post(request: Request, accept: Annotated[str | None, Header()] = None) -> Response:
    """A query's results, for a query in the body (``application/sparql-query``) or in a form."""
    return await _query(request)


async def _query(request: Request) -> Response:
    """Read with the front's reader; what the front passed on (no query) is the page or the description."""
    outcome = await read_query(request.scope, request.receive, request.app.state.settings.max_request_bytes)
    if outcome is Elsewhere.PAGE:
        return await _describe(request)
    if outcome is Elsewhere.GONE:
        raise ClientDisconnect
    return respond(outcome if isinstance(outcome, Answer) else await request.app.state.queries.answer(outcome))


@router.post(
    "/sparql/update",
    summary="SPARQL 1.1 Update (admin token required)",
    status_code=204,
    response_class=Response,
    openapi_extra={"parameters": _UPDATE_PARAMETERS},
)
async def sparql_update(request: Request, authorization: Annotated[str | None, Header()] = None) -> Response:
    denied = _admin.refusal(request, authorization)
    if denied is not None:
        return denied
    outcome = await read_update(request.scope, request.receive, request.app.state.settings.max_request_bytes)
    if outcome is Elsewhere.GONE:
        raise ClientDisconnect
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


async def _describe(request: Request) -> Response:
    """No query: the query page for browsers, the service description for RDF clients."""
    accept = request.headers.get("accept")
    formats = request.query_params.getlist("format")
    fmt = ",".join(formats) if formats else None
    if "query" in request.query_params or (page.wants_html(accept) and fmt is None):
        return await run_in_threadpool(page.render_query_page, request, request.app.state.instance)
    return await respond_cached(request, describe.service_description_response, request, accept, fmt, key=(accept, fmt))
