"""``/catalog`` and ``/catalog.{ttl,rdf,jsonld,nt}``: the DCAT-AP.de catalogue, paged like ckanext-dcat serves it.

Handlers only check parameters and negotiate the format; the page is built in
:mod:`regiongraph.catalog`. Bad parameters are 400 problems, as ckanext-dcat answers them
with a validation error, and a busy runner a 503: both by the app's one table (:mod:`._problem`).
"""

from __future__ import annotations

import logging
import threading
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, FastAPI, Header, Query, Request
from fastapi.responses import Response

from ..catalog import Selection, filter_text, parse_datetime, render_page
from ..errors import QueryError, SearchError, StoreError
from ..sparql.formats import GRAPH_FORMATS, negotiate
from ..store import GraphStore
from ._bounds import MAX_INT, check_text
from ._cache import cached
from ._conditional import conditional
from ._problem import problem
from ._runner import RETRY_AFTER, run

log = logging.getLogger(__name__)
router = APIRouter(tags=["Catalogue (DCAT-AP.de)"])
#: File extensions of the catalogue, as ckanext-dcat names them, and the format each one is.
EXTENSIONS = {"ttl": "turtle", "n3": "turtle", "rdf": "rdfxml", "xml": "rdfxml", "jsonld": "jsonld", "nt": "ntriples"}
_MEDIA = {f.name: f.media_type for f in GRAPH_FORMATS}
PageParam = Annotated[str | None, Query(description="page number, 1-based (default 1)")]
SinceParam = Annotated[str | None, Query(description="only datasets modified since (ISO 8601 date or date-time)")]
TextParam = Annotated[str | None, Query(description="words every listed dataset holds (title, description, keywords)")]


def _page_number(text: str | None) -> int:
    if text is None or text == "":
        return 1
    if not (text.isascii() and text.isdigit()) or not text.lstrip("0"):
        raise QueryError("page must be a positive integer starting at 1")
    if len(text.lstrip("0")) > 10 or int(text) > MAX_INT:
        raise QueryError(f"page must be at most {MAX_INT}")
    return int(text)


def _selection(request: Request, modified_since: str | None, q: str | None) -> Selection:
    settings = request.app.state.settings
    selection = Selection(settings.base_iri)
    if modified_since:
        selection.modified_since(parse_datetime(modified_since[:64]))
    if q and q.strip():
        check_text("q", q)  # one filter per word: the words are bounded here
        filter_text(selection, request.app.state.instance.index, q)
    return selection


def _page_url(request: Request, number: int) -> str:
    """The request's URL with ``page=number`` and its other parameters kept, as ckanext-dcat builds it."""
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "page"]
    return f"{request.url.replace(query='', fragment='')}?{urlencode([*params, ('page', str(number))])}"


async def _serve(request: Request, fmt: str, page: str | None, modified_since: str | None, q: str | None) -> Response:
    number = _page_number(page)
    selection = _selection(request, modified_since, q)
    return await cached(request, lambda: _render(request, fmt, number, selection), key=fmt)


async def _render(request: Request, fmt: str, number: int, selection: Selection) -> Response:
    root = str(request.base_url)
    settings, store = request.app.state.settings, request.app.state.store
    try:
        body = await run(
            request,
            lambda: render_page(
                store,
                settings,
                selection,
                number,
                fmt=fmt,
                catalog=f"{root}catalog",
                endpoint=f"{root}sparql",
                homepage=root,
                url=lambda n: _page_url(request, n),
            ),
        )
    except (StoreError, SearchError):  # unlike the table's 502, never the store's own text: harvesters retry
        return problem(
            503,
            "store-error",
            "Catalogue unavailable",
            "the store could not answer; retry shortly",
            headers=RETRY_AFTER,
        )
    # Pages are byte-stable for one snapshot, so a harvester polling with If-None-Match gets a 304.
    return conditional(request, body, media_type=_MEDIA[fmt], headers={"Vary": "Accept"})


@router.get("/catalog", summary="The DCAT-AP.de catalogue (format by Accept), paged with Hydra")
async def catalog(
    request: Request,
    page: PageParam = None,
    modified_since: SinceParam = None,
    q: TextParam = None,
    fmt: Annotated[str | None, Query(alias="format")] = None,
    accept: Annotated[str | None, Header()] = None,
) -> Response:
    chosen = negotiate(accept, fmt, GRAPH_FORMATS)
    if chosen is None:
        offered = ", ".join(f.media_type for f in GRAPH_FORMATS)
        return problem(
            406,
            "not-acceptable",
            "Not acceptable",
            f"the catalogue is offered as: {offered}",
            headers={"Vary": "Accept"},
        )
    return await _serve(request, chosen.name, page, modified_since, q)


@router.get("/catalog.{extension}", summary="The DCAT-AP.de catalogue as Turtle, RDF/XML, JSON-LD or N-Triples")
async def catalog_file(
    request: Request, extension: str, page: PageParam = None, modified_since: SinceParam = None, q: TextParam = None
) -> Response:
    fmt = EXTENSIONS.get(extension.lower())
    if fmt is None:
        return problem(
            404,
            "not-found",
            "No such catalogue format",
            f"the catalogue is offered as /catalog.{{{','.join(EXTENSIONS)}}}",
        )
    return await _serve(request, fmt, page, modified_since, q)


def warm(app: FastAPI) -> threading.Thread:
    """Sort the app's catalogue in the background (a server worker at start), so that first requests find it.

    The first catalogue page or CKAN search of a large snapshot otherwise sorts it while requests
    pile up behind it; sorted here, a worker is ready to serve at once and the sort is done (or read
    from the file another worker wrote, see :mod:`regiongraph.catalog`) before most clients ask.
    """
    store, base_iri = app.state.store, app.state.settings.base_iri
    thread = threading.Thread(target=_warm, args=(store, base_iri), name="catalogue-warm", daemon=True)
    thread.start()
    return thread


def _warm(store: GraphStore, base_iri: str) -> None:
    try:
        Selection(base_iri).count(store)  # on a snapshot: sorts the whole catalogue once, the count its length
    except (StoreError, OSError) as exc:  # the requests that need it will meet and report the same
        log.warning("warming the catalogue failed: %s", exc)
