"""``/api/v1/<resource>`` lists and ``/api/v1/<resource>/{id}`` details, generated from the resource specs.

Handlers are thin: parameters are typed and validated by FastAPI (their signatures are built
from the specs, so OpenAPI lists every filter with an example), the work runs on a query
thread (:mod:`regiongraph.api._runner`), the answer is serialised from plain dicts (:mod:`._render`).
"""

from __future__ import annotations

import inspect
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import JSONResponse, Response

from .._bounds import check_list
from .._cache import cached
from .._runner import run
from ._models import Problem, detail_model, page_model
from ._render import CSV, csv_response, json_response, negotiate, next_link
from ._spec import RESOURCES, Filter, Resource

router = APIRouter(prefix="/api/v1", tags=["REST"])
_Format = Literal["json", "jsonld", "csv"]
ERRORS: dict[int | str, dict[str, Any]] = {
    code: {
        "model": Problem,
        "description": text,
        "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }
    for code, text in (
        (400, "a parameter value cannot be used"),
        (404, "no such entity"),
        (406, "no acceptable format"),
        (422, "a parameter has the wrong type or range"),
        (503, "busy or past the time limit"),
    )
}
PAGE_MEDIA = {"application/ld+json": {}, "text/csv": {"schema": {"type": "string"}}}


def _list_parameters(resource: Resource) -> list[inspect.Parameter]:
    sorts = tuple(s for name, key in resource.sorts.items() for s in ((name, f"-{name}") if key else (name,)))
    params: dict[str, Any] = {
        "limit": (Annotated[int, Query(ge=1, le=500, description="members per page")], 20),
        "offset": (Annotated[int, Query(ge=0, le=1_000_000, description="members to skip")], 0),
        "sort": (Annotated[_one_of(sorts), Query(description="sort key; '-' for descending")], sorts[0]),
        "q": (
            Annotated[
                str | None,
                Query(max_length=200, description="free text (German-aware search)", examples=["Datenverarbeitung"]),
            ],
            None,
        ),
        "format": (Annotated[_Format | None, Query(description="json, jsonld or csv (else by Accept)")], None),
    }
    if resource.facets:
        names: Any = _one_of(tuple(f.name for f in resource.facets))
        params["facet"] = (Annotated[list[names] | None, Query(description="facets to count")], None)
    if resource.relevant:
        params["all"] = (Annotated[bool, Query(description="every organisation, not only those taking part")], False)
    for flt in resource.filters:
        params[flt.name] = (_filter_type(flt), None)
    return [
        inspect.Parameter(n, inspect.Parameter.KEYWORD_ONLY, annotation=a, default=d) for n, (a, d) in params.items()
    ]


def _one_of(values: tuple[str, ...]) -> Any:
    """``Literal[values]`` for values known at run time only (a static ``Literal`` takes constants)."""
    return Literal.__getitem__(values)


def _filter_type(flt: Filter) -> Any:
    """The parameter type of a filter: a year is one integer, any other filter a repeatable string."""
    if flt.parse == "year":
        examples = [int(flt.example)] if flt.example is not None else []
        return Annotated[int | None, Query(ge=1000, le=2999, description=flt.description, examples=examples)]
    return Annotated[list[str] | None, Query(description=flt.description, examples=[[flt.example]])]


def _list_endpoint(resource: Resource):
    async def endpoint(request: Request, **params: Any) -> Response:
        media = negotiate(request, params.pop("format", None))
        for name, value in params.items():
            if isinstance(value, list):
                check_list(name, value)  # each value is one more pattern in the query
        return await cached(request, lambda: _list_page(request, resource, params, media), key=media)

    endpoint.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [
            inspect.Parameter("request", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=Request),
            *_list_parameters(resource),
        ]
    )
    return endpoint


async def _list_page(request: Request, resource: Resource, params: dict[str, Any], media: str) -> Response:
    service = request.app.state.rest
    page = await run(request, lambda: service.page(service.plan(resource, params), params.get("facet") or []))
    limit, offset = params["limit"], params["offset"]
    headers = {}
    body: dict[str, Any] = {"items": page.items, "limit": limit, "offset": offset}
    if page.more:
        body["next"] = next_link(request, offset + limit)
        headers["Link"] = f'<{body["next"]}>; rel="next"'
    if media == CSV:
        return csv_response(page.items, ["id", *(f.name for f in resource.fields)], headers)
    body["facets"] = page.facets
    return json_response(request, body, media, headers)


def _detail_endpoint(resource: Resource):
    async def endpoint(
        request: Request,
        id: Annotated[str, Path(max_length=300, description="id of the member (register id, key, notation)")],
        format: Annotated[Literal["json", "jsonld"] | None, Query(description="json or jsonld")] = None,
    ) -> Response:
        media = negotiate(request, format, csv_ok=False)
        service = request.app.state.rest

        async def build() -> Response:
            return json_response(request, await run(request, service.detail, resource, id), media)

        return await cached(request, build, key=media)

    return endpoint


_DETAIL_EXAMPLES = {
    "cooperations": "ku2016-b-14",
    "projects": "luft-hub",
    "organisations": "05978020",
    "datasets": "kamen-verkehrszaehlung",
    "fields": "verkehr",
    "dimensions": "smart-mobility",
    "legal-forms": "oerv",
}

for _res in RESOURCES.values():
    router.add_api_route(
        f"/{_res.name}",
        _list_endpoint(_res),
        methods=["GET"],
        summary=f"List: {_res.title}",
        response_model=page_model(_res),
        responses={200: {"content": PAGE_MEDIA}, **ERRORS},
        operation_id=f"list_{_res.name.replace('-', '_')}",
        response_class=JSONResponse,
    )
    router.add_api_route(
        f"/{_res.name}/{{id}}",
        _detail_endpoint(_res),
        methods=["GET"],
        summary=f"One of: {_res.title} (e.g. {_DETAIL_EXAMPLES[_res.name]})",
        response_model=detail_model(_res),
        responses={200: {"content": {"application/ld+json": {}}}, **ERRORS},
        operation_id=f"get_{_res.name.replace('-', '_')}",
        response_class=JSONResponse,
    )
