"""``/api/v1/queries``: the named queries of ``queries/*.rq`` as an API, with typed parameters.

Each query gets its own route whose parameters come from its header (so OpenAPI shows their
types and defaults); values are turned into terms by :class:`~regiongraph.queries.Binder` and
bound by substitution. Unknown parameters are refused (400), unknown queries are 404.
"""

from __future__ import annotations

import inspect
from collections.abc import Mapping
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from ...queries import NamedQuery, Parameter
from .._cache import cached
from .._problem import NotFoundError
from .._runner import run
from ._bind import BadParameterError
from ._render import CSV, csv_response, json_response, negotiate
from .resources import ERRORS
from .resources import PAGE_MEDIA as _MEDIA

_RESERVED = {"format"}


class QueryParameter(BaseModel):
    name: str
    type: str = Field(description="town, string, integer, year, iri or code:<list>")
    default: str | None = None
    description: str


class QueryInfo(BaseModel):
    name: str
    title: str
    description: str
    parameters: list[QueryParameter]
    url: str = Field(description="where to run it")


class QueryList(BaseModel):
    items: list[QueryInfo]


class QueryResult(BaseModel):
    name: str
    columns: list[str]
    rows: list[dict[str, str | None]] = Field(description="one object per solution; unbound values are null")
    truncated: bool = Field(False, description="cut at the instance's max_result_rows")


def _info(query: NamedQuery, base: str) -> dict:
    params = [
        {"name": p.name, "type": p.type, "default": p.default, "description": p.description} for p in query.parameters
    ]
    return {
        "name": query.name,
        "title": query.title,
        "description": query.description,
        "parameters": params,
        "url": f"{base}/api/v1/queries/{query.name}",
    }


def _annotation(p: Parameter) -> Any:
    if p.type == "year":
        return Annotated[int | None, Query(ge=1000, le=2999, description=p.description, examples=_examples(p))]
    if p.type == "integer":
        return Annotated[int | None, Query(description=p.description, examples=_examples(p))]
    return Annotated[
        str | None, Query(max_length=500, description=f"{p.description} ({p.type})", examples=_examples(p))
    ]


def _examples(p: Parameter) -> list:
    if p.default is None:
        return []
    return [int(p.default)] if p.type in ("integer", "year") and p.default.lstrip("-").isdigit() else [p.default]


def _execute(service, query: NamedQuery, values: dict[str, str], limit: int) -> dict:
    try:
        bindings = service.binder.bind(query, values)  # QueryError: 400, by the route class
    except ValueError as exc:  # a value the Binder let through but Oxigraph refuses as a term
        raise BadParameterError(query.name, f"a value is not a valid RDF term ({exc})") from None
    result = service.store.select(query.text, substitutions=bindings)
    columns = [v.value for v in result.variables]
    rows: list[dict[str, str | None]] = []
    for row in result:
        if len(rows) == limit:
            return {"name": query.name, "columns": columns, "rows": rows, "truncated": True}
        rows.append({c: (row[c].value if row[c] is not None else None) for c in columns})
    return {"name": query.name, "columns": columns, "rows": rows, "truncated": False}


def _endpoint(query: NamedQuery):
    async def endpoint(request: Request, **params: Any) -> Response:
        media = negotiate(request, params.pop("format", None))
        given = {k: v for k, v in request.query_params.items() if k not in _RESERVED}
        service = request.app.state.rest

        async def build() -> Response:
            body = await run(request, _execute, service, query, given, request.app.state.settings.max_result_rows)
            if media == CSV:
                return csv_response(body["rows"], body["columns"])
            return json_response(request, body, media)

        return await cached(request, build, key=media)

    fmt = Annotated[Literal["json", "jsonld", "csv"] | None, Query(description="json, jsonld or csv")]
    params = [
        inspect.Parameter(p.name, inspect.Parameter.KEYWORD_ONLY, annotation=_annotation(p), default=None)
        for p in query.parameters
        if p.name not in _RESERVED
    ]
    params.append(inspect.Parameter("format", inspect.Parameter.KEYWORD_ONLY, annotation=fmt, default=None))
    endpoint.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [inspect.Parameter("request", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=Request), *params]
    )
    return endpoint


def build_router(queries: Mapping[str, NamedQuery]) -> APIRouter:
    """The routes of the named ``queries`` (the instance's, read from ``queries/``)."""
    router = APIRouter(prefix="/api/v1/queries", tags=["Named queries"])

    @router.get(
        "",
        summary="The named queries and their parameters",
        response_model=QueryList,
        response_class=JSONResponse,
        operation_id="list_queries",
    )
    async def list_queries(request: Request) -> Response:
        base = str(request.base_url).rstrip("/")
        return json_response(request, {"items": [_info(q, base) for q in queries.values()]}, "application/json")

    for q in queries.values():
        router.add_api_route(
            f"/{q.name}",
            _endpoint(q),
            methods=["GET"],
            summary=q.title,
            description=q.description,
            response_model=QueryResult,
            response_class=JSONResponse,
            operation_id=f"query_{q.name}",
            responses={200: {"content": _MEDIA}, **ERRORS},
        )

    @router.get("/{name}", include_in_schema=False)
    async def unknown(name: str) -> Response:
        raise NotFoundError(f"no named query {name[:80]!r}; known: {', '.join(sorted(queries))}")

    return router
