"""``/api/v1/search``: German-aware full-text search over every entity, ranked, with snippets."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from ...search import KINDS, sync_index
from .. import _admin
from .._runner import run
from ._render import json_response, negotiate
from .resources import ERRORS

if TYPE_CHECKING:
    _Kind = str  # a Literal made from KINDS is no static type; FastAPI, which checks the value, sees the Literal
else:
    _Kind = Literal[KINDS]

router = APIRouter(prefix="/api/v1", tags=["Search"])


class SearchHit(BaseModel):
    id: str = Field(description="IRI of the entity")
    kinds: list[str] = Field(description="cooperation, project, organisation, dataset, field, legal-form")
    title: str
    score: float = Field(description="relevance (BM25 with title boost; higher is better)")
    snippet: str = Field(description="HTML: the matching passage, hits in <mark>, everything else escaped")


class SearchResults(BaseModel):
    query: str
    items: list[SearchHit]

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "query": "Lunen",
                "items": [
                    {
                        "id": "http://127.0.0.1:8000/id/ags/05978024",
                        "kinds": ["organisation"],
                        "title": "Lünen",
                        "score": 17.0,
                        "snippet": "<mark>Lünen</mark>",
                    }
                ],
            }
        }
    )


@router.get(
    "/search",
    summary="Search every entity (German-aware: case, umlauts, ß, word forms)",
    response_model=SearchResults,
    response_class=JSONResponse,
    responses={200: {"content": {"application/ld+json": {}}}, **ERRORS},
    operation_id="search",
)
async def search(
    request: Request,
    q: Annotated[str, Query(min_length=1, max_length=200, description="search words", examples=["Fröndenberg"])],
    type: Annotated[_Kind | None, Query(description="only entities of this kind")] = None,
    limit: Annotated[int, Query(ge=1, le=100, description="hits at most")] = 20,
) -> Response:
    media = negotiate(request, None, csv_ok=False)
    index = request.app.state.rest.index
    hits = await run(request, lambda: index.search(q, kind=type, limit=limit))
    items = [
        {"id": h.iri, "kinds": list(h.kinds), "title": h.title, "score": h.score, "snippet": h.snippet} for h in hits
    ]
    return json_response(request, {"query": q, "items": items}, media)


class RebuildReport(BaseModel):
    indexed: int = Field(description="graphs indexed")
    dropped: int = Field(description="graphs dropped")
    entities: int = Field(description="entities written")


@router.post(
    "/admin/search/rebuild",
    summary="Rebuild the search index from the store (admin token)",
    response_model=RebuildReport,
    response_class=JSONResponse,
    operation_id="rebuild_search",
    responses={
        **ERRORS,
        401: ERRORS[400] | {"description": "no or wrong admin token"},
        403: ERRORS[400] | {"description": "no admin token configured"},
    },
)
async def rebuild(request: Request, authorization: Annotated[str | None, Header()] = None) -> Response:
    denied = _admin.refusal(request, authorization)
    if denied is not None:
        return denied
    service = request.app.state.rest
    # Not on the query threads: a rebuild may take longer than a query may, and must not retire the worker.
    report = await run_in_threadpool(sync_index, service.store, service.index, rebuild=True)
    return json_response(
        request, {"indexed": report.indexed, "dropped": report.dropped, "entities": report.entities}, "application/json"
    )
