"""``/api/v1/network``, ``/api/v1/timeline``, ``/api/v1/transfer``: the cooperation network for researchers.

Handlers are thin: the filters are typed here, the work (:mod:`regiongraph.network`,
:mod:`regiongraph.transfer`) runs on a query thread under the time limit, and answers built from
one snapshot are kept for that snapshot.
"""

from __future__ import annotations

import dataclasses
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, Response

from ...network import (
    CsvPart,
    Filters,
    GraphKind,
    NetworkFormat,
    SnapshotCache,
    build_network,
    read_register,
    serialize,
    timeline,
    timeline_csv,
)
from ...transfer import RADIUS_KM, TransferError, UnknownRecordError, find_adopters, find_holders
from .._problem import NotFoundError
from .._runner import run
from ._network_models import NetworkAnswer, TimelineAnswer, TransferAnswer
from ._render import json_response
from .resources import ERRORS

router = APIRouter(prefix="/api/v1", tags=["Network and transfer"])
_Notations = Annotated[list[Annotated[str, Query(max_length=80)]] | None, Query()]
_Year = Annotated[int | None, Query(ge=1000, le=2999)]
_DOWNLOADS = {
    "application/graphml+xml": {"schema": {"type": "string"}},
    "application/gexf+xml": {"schema": {"type": "string"}},
    "text/csv": {"schema": {"type": "string"}},
    "application/zip": {"schema": {"type": "string"}},
}


def _filters(
    kind: Annotated[
        Literal["cooperations", "projects", "both"] | None,
        Query(description="cooperations, projects (solutions, portals, offices, …) or both"),
    ] = None,
    table: Annotated[
        list[Literal["a", "b", "other"]] | None,
        Query(description="source table of 2016 (a: Kreis, b: towns); other: every other record"),
    ] = None,
    field: Annotated[
        _Notations, Query(description="RVR field (notation); repeat for either", examples=[["verkehr"]])
    ] = None,
    dimension: Annotated[_Notations, Query(description="smart-city dimension (notation)")] = None,
    legal_form: Annotated[_Notations, Query(description="legal form (notation)", examples=[["oerv"]])] = None,
    status: Annotated[_Notations, Query(description="status (notation): active, planned, ended, not-realised")] = None,
    start_from: Annotated[_Year, Query(description="started in or after this year")] = None,
    start_to: Annotated[_Year, Query(description="started in or before this year")] = None,
    active_from: Annotated[_Year, Query(description="active at some time in or after this year")] = None,
    active_to: Annotated[_Year, Query(description="active at some time in or before this year")] = None,
) -> Filters:
    params = {
        "kind": kind,
        "table": table,
        "field": field,
        "dimension": dimension,
        "legal_form": legal_form,
        "status": status,
        "start_from": start_from,
        "start_to": start_to,
        "active_from": active_from,
        "active_to": active_to,
    }
    return Filters.from_params({k: v for k, v in params.items() if v is not None})


def _cache(request: Request) -> SnapshotCache:
    state = request.app.state
    if getattr(state, "network_cache", None) is None:
        state.network_cache = SnapshotCache(state.rest.store)
    return state.network_cache


def _download(body: bytes, media: str, filename: str) -> Response:
    return Response(body, media_type=media, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@router.get(
    "/network",
    summary="The cooperation network: nodes, edges, measures, positions; GraphML, GEXF, CSV",
    response_model=NetworkAnswer,
    response_class=JSONResponse,
    operation_id="get_network",
    responses={200: {"content": _DOWNLOADS}, **ERRORS},
)
async def network(
    request: Request,
    filters: Annotated[Filters, Depends(_filters)],
    graph: Annotated[
        Literal["organisations", "bipartite"],
        Query(description="organisations joined by shared records, or organisations and records"),
    ] = "organisations",
    format: Annotated[
        Literal["json", "graphml", "gexf", "csv"],
        Query(description="json, or a download: graphml, gexf, csv (a zip of nodes.csv and edges.csv)"),
    ] = "json",
    part: Annotated[Literal["nodes", "edges"] | None, Query(description="csv: only this table, as text/csv")] = None,
) -> Response:
    kind, fmt = GraphKind(graph), NetworkFormat(format)
    chosen = CsvPart(part) if part and fmt is NetworkFormat.CSV else None

    def answer() -> bytes:
        return _cache(request).get(
            ("network", filters, kind, fmt, chosen),
            lambda: serialize(build_network(request.app.state.rest.store, filters, kind=kind), format=fmt, part=chosen),
        )

    body = await run(request, answer)
    name = f"regiongraph-{'network' if kind is GraphKind.ORGANISATIONS else 'bipartite'}"
    if fmt is NetworkFormat.JSON:
        return Response(body, media_type="application/json", headers={"Vary": "Accept"})
    if chosen is not None:
        return _download(body, "text/csv; charset=utf-8", f"{name}-{chosen.value}.csv")
    return _download(body, fmt.media_type, f"{name}.{fmt.extension}")


@router.get(
    "/timeline",
    summary="Cooperations (or projects) started, ended and active per year",
    response_model=TimelineAnswer,
    response_class=JSONResponse,
    operation_id="get_timeline",
    responses={200: {"content": {"text/csv": {"schema": {"type": "string"}}}}, **ERRORS},
)
async def over_time(
    request: Request,
    filters: Annotated[Filters, Depends(_filters)],
    format: Annotated[Literal["json", "csv"], Query(description="json or csv (year,started,ended,active)")] = "json",
) -> Response:
    if "kind" not in request.query_params:  # the question is about cooperations unless asked otherwise
        filters = dataclasses.replace(filters, kind="cooperations")

    def answer() -> dict:
        def make() -> dict:
            register = read_register(request.app.state.rest.store, filters)
            return {"filters": filters.as_dict(), **timeline(register.records.values())}

        return _cache(request).get(("timeline", filters), make)

    body = await run(request, answer)
    if format == "csv":
        return _download(timeline_csv(body), "text/csv; charset=utf-8", "regiongraph-timeline.csv")
    return json_response(request, body, "application/json")


@router.get(
    "/transfer",
    summary="Transfer finder: towns that could take over a solution; who has one in a field",
    response_model=TransferAnswer,
    response_model_exclude_none=True,
    response_class=JSONResponse,
    operation_id="get_transfer",
    responses=ERRORS,
)
async def transfer(
    request: Request,
    solution: Annotated[
        str | None,
        Query(
            max_length=300,
            description="register id or IRI of a solution or project",
            examples=["grafana-wetter-dashboard"],
        ),
    ] = None,
    field: Annotated[
        str | None, Query(max_length=80, description="who already has a solution in this RVR field")
    ] = None,
    dimension: Annotated[str | None, Query(max_length=80, description="… in this smart-city dimension")] = None,
    radius_km: Annotated[
        float, Query(ge=1, le=500, description="candidates near an owner within this radius")
    ] = RADIUS_KM,
    limit: Annotated[int, Query(ge=1, le=500, description="candidates at most")] = 20,
) -> Response:
    store = request.app.state.rest.store
    if (solution is None) == (field is None and dimension is None):
        raise TransferError("give solution=<id>, or field=<notation> or dimension=<notation>")

    def answer() -> dict:
        if solution is None:
            return _cache(request).get(
                ("holders", field, dimension), lambda: find_holders(store, field=field, dimension=dimension)
            )
        return _cache(request).get(
            ("transfer", solution, radius_km, limit),
            lambda: find_adopters(store, solution, radius_km=radius_km, limit=limit),
        )

    try:
        body = await run(request, answer)
    except UnknownRecordError as exc:
        raise NotFoundError(str(exc)) from None
    return json_response(request, body, "application/json")
