"""The pages' routes: each parses its URL, runs its view model on a query thread, renders a template."""

from __future__ import annotations

import copy
import re
from collections.abc import Awaitable, Callable, Hashable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from jinja2.filters import do_urlencode

from ..api.rest import RESOURCES, UnavailableError
from ..errors import QueryError, SearchError, UnknownSourceError
from ..namespaces import CODE
from ..search import KINDS
from ..transfer import UnknownRecordError
from . import _graphs, _lists, _quality, _research
from ._render import error_page, fill, frame, language, render_fragment, respond, url_for
from ._run import blocking
from ._sources import sources

router = APIRouter(include_in_schema=False)
_CODE_PATH = re.compile(r"[a-z0-9-]+/[A-Za-z0-9._-]+")
Handler = Callable[..., Awaitable[Response]]


def page(handler: Handler) -> Handler:
    """Turn the errors a page can meet into pages that say so: 400, 404, 503 — never a trace."""

    @wraps(handler)
    async def guarded(request: Request, *args: Any, **kwargs: Any) -> Response:
        try:
            return await handler(request, *args, **kwargs)
        except UnavailableError as exc:
            return error_page(request, 503, exc.detail)
        except (UnknownSourceError, UnknownRecordError) as exc:
            return error_page(request, 404, str(exc))
        except (QueryError, _lists.ParameterError, ValueError) as exc:
            return error_page(request, 400, str(exc))
        except SearchError as exc:
            return error_page(request, 503, str(exc))

    return guarded


def _web(request: Request):
    return request.app.state.web


def _query(request: Request) -> list[tuple[str, str]]:
    return [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]


async def _show(
    request: Request,
    template: str,
    title: str,
    make: Callable[..., dict[str, Any]] | None = None,
    *args: Any,
    view: Hashable = None,
    holes: dict[str, str] | None = None,
    **extra: Any,
) -> Response:
    """Build the page's view model and render it on a query thread; the HTML is kept per snapshot (a snapshot
    never changes, and a page is a function of its URL, its language and the snapshot).

    Args:
        view: what of the URL the page shows, when not all of it is (``None``: the whole query): then one frame
            serves every URL of that view, and each request fills in its own language switch and ``holes``.
        holes: context values that are each request's own (links that carry the query along).
    """
    web, lang = _web(request), language(request)
    holes = holes or {}
    shown = view if view is not None else tuple(sorted(request.query_params.multi_items()))
    key = ("page", template, request.url.path, shown, str(request.base_url), lang.code, lang.explicit)

    def work() -> str:
        data = make(web, *args) if make is not None else {}
        incomplete = data.pop("incomplete", False)
        body = frame(request, template, holes=tuple(holes), title=title, **extra, **data)
        if incomplete:
            raise _Uncached(body)
        return body

    try:
        kept = web.pages.peek(key)
        if kept is None:
            kept = await blocking(request, web.pages.get, key, work)
    except _Uncached as exc:  # part of the page is still being computed: show it, keep nothing
        return respond(request, fill(request, exc.body, **holes))
    response = respond(request, fill(request, kept, **holes))
    web.answers.keep(request, response)
    return response


class _Uncached(Exception):  # noqa: N818 - not an error: a page that must not be kept
    def __init__(self, body: str) -> None:
        self.body = body


def _home(web) -> dict[str, Any]:
    counts = {name: web.rest.count(web.rest.plan(RESOURCES[name], {})) for name in _lists.LISTS}
    return {"counts": counts, "sources": web.kept("sources", lambda: sources(web.store)), "as_of": web.data_date()}


@router.get("/", response_class=HTMLResponse)
@page
async def home(request: Request) -> Response:
    return await _show(request, "home.html", language(request).t("home.title"), _home)


def _search(web, q: str, kind: str | None) -> dict[str, Any]:
    if not q:
        return {"hits": [], "counts": {}}
    return {"hits": web.rest.index.search(q, kind=kind, limit=50), "counts": web.rest.index.kind_counts(q)}


@router.get("/search", response_class=HTMLResponse)
@page
async def search(request: Request) -> Response:
    q = request.query_params.get("q", "").strip()[:200]
    kind = request.query_params.get("kind") or None
    if kind is not None and kind not in KINDS:
        raise _lists.ParameterError(f"kind: one of {', '.join(KINDS)}")
    lang = language(request)
    title = lang.t("search.results", q=q) if q else lang.t("search.title")
    template = "search_results.html" if request.headers.get("hx-request") else "search.html"
    return await _show(request, template, title, _search, q, kind, view=(q, kind), q=q, kind=kind, kinds=KINDS)


def _list_route(name: str) -> Handler:
    async def listing(request: Request) -> Response:
        query = _query(request)
        params = _lists.parse(RESOURCES[name], query)
        lang = language(request)

        def make(web) -> dict[str, Any]:
            view = _lists.build(web, name, params)
            _lists.link(view, query, lambda pairs: url_for(lang, f"/{name}", pairs))
            return {"view": view, "incomplete": view.pending}

        return await _show(
            request,
            "list.html",
            lang.t(f"list.{name}"),
            make,
            name=name,
            query=query,
            columns=_lists.COLUMNS[name],
            sizes=_lists.PAGE_SIZES,
            q=params.get("q", ""),
        )

    listing.__name__ = f"list_{name.replace('-', '_')}"
    return page(listing)


for _name in _lists.LISTS:
    router.add_api_route(f"/{_name}", _list_route(_name), methods=["GET"], response_class=HTMLResponse)


def _options(web) -> dict[str, list[tuple[str, str]]]:
    return {
        name: _graphs.code_options(web, scheme)
        for name, scheme in (
            ("field", "field"),
            ("dimension", "smart-city-dimension"),
            ("legal_form", "legal-form"),
            ("status", "status"),
        )
    }


def _network_page(web, filters, request: Request) -> dict[str, Any]:
    graph = web.kept(("network-view", filters), lambda: _graphs.network_view(web, filters))
    drawing = web.kept(
        ("network-drawing", filters, language(request).code),
        lambda: render_fragment(request, "_network_drawing.html", graph=graph),
    )
    return {"graph": graph, "drawing": drawing, "options": _options(web)}


def _map_page(web, filters, request: Request) -> dict[str, Any]:
    view = web.kept(("map-view", filters), lambda: _graphs.map_view(web, filters))
    drawing = web.kept(
        ("map-drawing", filters, language(request).code),
        lambda: render_fragment(request, "_map_drawing.html", map=view),
    )
    return {"map": view, "drawing": drawing, "options": _options(web)}


async def _drawing(request: Request, template: str, title: str, make: Callable[..., dict[str, Any]]) -> Response:
    """The network and the map: network filters from the URL, the drawing and its filter options."""
    query = _query(request)
    filters = _graphs.filters_from(query)
    # the page shows its filters; only the links to the network's data carry the query as it was written
    holes = {
        f"api_{fmt or 'json'}": do_urlencode(query + ([("format", fmt)] if fmt else []))
        for fmt in ("", "graphml", "gexf", "csv")
    }
    return await _show(
        request,
        template,
        language(request).t(title),
        make,
        filters,
        request,
        view=filters,
        holes=holes,
        filters=filters,
        query=query,
    )


@router.get("/network", response_class=HTMLResponse)
@page
async def network(request: Request) -> Response:
    return await _drawing(request, "network.html", "network.title", _network_page)


@router.get("/map", response_class=HTMLResponse)
@page
async def region(request: Request) -> Response:
    return await _drawing(request, "map.html", "map.title", _map_page)


@router.get("/quality", response_class=HTMLResponse)
@page
async def quality(request: Request) -> Response:
    return await _show(
        request,
        "quality.html",
        language(request).t("quality.title"),
        lambda web: {"items": _quality.overview(web)},
        total=_quality.TOTAL,
    )


def _source_quality(web, name: str) -> dict[str, Any]:
    report = _quality.report(web, name)
    return {"q": report, "bands": _quality.distribution(report), "dims": _quality.dimensions(report)}


@router.get("/quality/{source}", response_class=HTMLResponse)
@page
async def source_quality(request: Request, source: str) -> Response:
    if len(source) > 100:
        raise _lists.ParameterError("source: at most 100 characters")
    return await _show(
        request,
        "quality_source.html",
        language(request).t("quality.of", source=source),
        _source_quality,
        source,
        source=source,
        total=_quality.TOTAL,
    )


@router.get("/sources", response_class=HTMLResponse)
@page
async def harvest_sources(request: Request) -> Response:
    return await _show(
        request,
        "sources.html",
        language(request).t("sources.title"),
        lambda web: {"items": web.kept("sources", lambda: sources(web.store))},
    )


@router.get("/barrierefreiheit", response_class=HTMLResponse)
@page
async def accessibility(request: Request) -> Response:
    return await _show(request, "accessibility.html", language(request).t("a11y.title"))


@router.get("/comparison", response_class=HTMLResponse)
@page
async def comparison(request: Request) -> Response:
    city, concept = request.query_params.get("city"), request.query_params.get("concept")

    def make(web) -> dict[str, Any]:
        matrix = _research.matrix(web)
        return {"matrix": matrix, "cell": matrix.cells.get((city or "", concept or "")) if city and concept else None}

    return await _show(
        request, "comparison.html", language(request).t("comparison.title"), make, city=city, concept=concept
    )


def _transfer_page(web, solution, field_, dimension, radius, lang: str) -> dict[str, Any]:
    answer = _research.transfer(web, solution=solution, field_=field_, dimension=dimension, radius_km=radius)
    if answer is not None:
        answer = copy.deepcopy(answer)  # the cached answer stays as the finder gave it
        labels = {n: label for _, (n, label) in web.rest.codes.rows.items() if label}
        _research.explain(answer, lang, labels)
    return {"answer": answer, "solutions": _research.solutions(web), "options": _options(web)}


@router.get("/transfer", response_class=HTMLResponse)
@page
async def transfer(request: Request) -> Response:
    p = request.query_params
    solution = (p.get("solution") or "").strip()[:300] or None
    field_ = None if solution else (p.get("field") or None)
    dimension = None if solution or field_ else (p.get("dimension") or None)
    radius = float(p.get("radius_km") or 50)
    if not 1 <= radius <= 500:
        raise _lists.ParameterError("radius_km: between 1 and 500")
    return await _show(
        request,
        "transfer.html",
        language(request).t("transfer.title"),
        _transfer_page,
        solution,
        field_,
        dimension,
        radius,
        language(request).code,
        solution=solution,
        field=field_,
        dimension=dimension,
        radius=radius,
    )


@router.get("/programmes", response_class=HTMLResponse)
@page
async def programmes(request: Request) -> Response:
    return await _show(
        request,
        "programmes.html",
        language(request).t("programmes.title"),
        lambda web: {"items": _research.programmes(web)},
    )


@router.get("/timeline", response_class=HTMLResponse)
@page
async def over_time(request: Request) -> Response:
    query = _query(request)
    filters = _graphs.filters_from(query if any(k == "kind" for k, _ in query) else [("kind", "cooperations"), *query])
    return await _show(
        request,
        "timeline.html",
        language(request).t("timeline.title"),
        lambda web: {"chart": _research.over_time(web, filters)},
        filters=filters,
        query=query,
    )


_RDF = (
    ("turtle", "Turtle", "text/turtle"),
    ("jsonld", "JSON-LD", "application/ld+json"),
    ("rdfxml", "RDF/XML", "application/rdf+xml"),
    ("ntriples", "N-Triples", "application/n-triples"),
)


@router.get("/code/{path:path}", response_class=HTMLResponse)
@page
async def concept(request: Request, path: str) -> Response:
    """A code-list concept (legal form, field, status, …): its IRIs live in the ontology's namespace, not under
    the base IRI, so its sheet is here and its RDF comes from the SPARQL endpoint (DESCRIBE)."""
    from ..api.linked_data import describe
    from . import fact_sheet

    iri = str(CODE) + path
    if len(path) > 200 or not _CODE_PATH.fullmatch(path):
        return error_page(request, 404, f"no concept {path[:80]!r}")
    triples = await blocking(request, describe, _web(request).store, iri)
    if not triples:
        return error_page(request, 404, f"no concept {iri}")
    query = urlencode({"query": f"DESCRIBE <{iri}>"})
    alternates = [(f"/sparql?{query}&format={fmt}", label, media) for fmt, label, media in _RDF]
    return await fact_sheet(request, iri, triples, f"/code/{path}", alternates=alternates)
