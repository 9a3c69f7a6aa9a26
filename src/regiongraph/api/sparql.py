"""``/sparql``: the read-only SPARQL 1.1 query endpoint (GET, POST form, POST sparql-query)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import parse_qs

import pyoxigraph as ox
from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from ..errors import StoreError
from ._formats import GRAPH_FORMATS, RESULT_FORMATS, negotiate

router = APIRouter(tags=["SPARQL"])


def _problem(status: int, title: str, detail: str) -> JSONResponse:
    return JSONResponse({"type": "about:blank", "title": title, "status": status, "detail": detail},
                        status_code=status, media_type="application/problem+json")


def run_query(request: Request, query: str | None, accept: str | None, fmt: str | None) -> Response:
    """Run ``query`` on the store and serialise the answer as negotiated."""
    if not query:
        return _problem(400, "Missing query", "pass a SPARQL query in the 'query' parameter")
    store = request.app.state.store
    try:
        result = store.query(query)
    except StoreError as exc:
        return _problem(400, "Malformed query", str(exc))
    except OSError as exc:
        return _problem(500, "Query failed", str(exc))
    is_graph = isinstance(result, ox.QueryTriples)
    choices = GRAPH_FORMATS if is_graph else RESULT_FORMATS
    chosen = negotiate(accept, fmt, choices)
    if chosen is None:
        offered = ", ".join(f.media_type for f in choices)
        return _problem(406, "Not acceptable", f"this query's results are offered as: {offered}")
    body = result.serialize(format=chosen.rdf if is_graph else chosen.results)
    return Response(body, media_type=chosen.media_type, headers={"Vary": "Accept"})


@router.get("/sparql", summary="SPARQL 1.1 query (GET)")
def sparql_get(
    request: Request,
    query: Annotated[str | None, Query(description="SPARQL 1.1 query")] = None,
    format: Annotated[str | None, Query(description="json, xml, csv, tsv, turtle, ntriples, …")] = None,
    accept: Annotated[str | None, Header()] = None,
) -> Response:
    return run_query(request, query, accept, format)


@router.post("/sparql", summary="SPARQL 1.1 query (POST form or application/sparql-query)")
async def sparql_post(
    request: Request,
    accept: Annotated[str | None, Header()] = None,
    content_type: Annotated[str | None, Header()] = None,
) -> Response:
    media = (content_type or "").split(";")[0].strip().lower()
    body = await request.body()
    if media == "application/sparql-query":
        query, fmt = body.decode("utf-8", errors="replace"), request.query_params.get("format")
    elif media in ("application/x-www-form-urlencoded", ""):
        form = parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True)
        if "update" in form:
            return _problem(403, "Updates not allowed", "the public SPARQL endpoint is read-only")
        query, fmt = _first(form, "query"), _first(form, "format")
    else:
        return _problem(415, "Unsupported media type",
                        "POST application/x-www-form-urlencoded or application/sparql-query")
    return await run_in_threadpool(run_query, request, query, accept, fmt)


def _first(form: dict[str, list[str]], key: str) -> str | None:
    values = form.get(key)
    return values[0] if values else None

