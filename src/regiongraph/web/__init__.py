"""The web front for people: German-first pages over the same services as the API (Jinja2, progressive enhancement).

:func:`install` adds the pages (``/``, ``/search``, the faceted lists, ``/map``, ``/network``,
``/quality``, ``/sources``, the research views, the accessibility statement) and their assets to
an app built by :func:`regiongraph.api.create_api` (:func:`regiongraph.app.create_app` does so);
:func:`fact_sheet` renders the HTML representation of an entity IRI for the Linked Data route.
"""

from __future__ import annotations

import pyoxigraph as ox
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse

from . import _assets, _routes
from ._facts import sheet
from ._front import PageFront
from ._render import error_page, fill, frame, language, respond
from ._run import UnavailableError, blocking
from ._state import WebState

__all__ = ["WebState", "fact_sheet", "install"]

_FORMATS = {
    ".ttl": ("Turtle", "text/turtle"),
    ".jsonld": ("JSON-LD", "application/ld+json"),
    ".rdf": ("RDF/XML", "application/rdf+xml"),
    ".nt": ("N-Triples", "application/n-triples"),
}


def install(app: FastAPI) -> None:
    """Register the pages and their assets on ``app`` (after the REST service exists: the pages read through it)."""
    app.state.web = WebState(app.state.settings, app.state.rest)
    front = getattr(app, "front", None)
    if front is not None:  # kept pages are sent ahead of the API's front, as its kept answers are
        app.front = PageFront(front, app)  # type: ignore[attr-defined]
    app.state.fact_sheet = fact_sheet  # the Linked-Data route answers text/html with it
    app.include_router(_assets.router)
    app.include_router(_routes.router)


async def fact_sheet(
    request: Request,
    iri: str,
    triples: list[ox.Triple],
    local: str,
    *,
    alternates: list[tuple[str, str, str]] | None = None,
) -> HTMLResponse:
    """The fact sheet of ``iri`` from its description ``triples``; ``local`` is its path (``/id/…``).

    Args:
        alternates: (URL, name, media type) of its RDF representations; by default ``local`` with each suffix.
    """
    web: WebState = request.app.state.web
    lang = language(request)
    if alternates is None:
        alternates = [(local + suffix, label, media) for suffix, (label, media) in _FORMATS.items()]
    # A sheet reads no query parameter but lang: one frame serves every URL of the entity (see _render.frame).
    key = ("sheet", iri, local, tuple(alternates), request.url.path, str(request.base_url), lang.code, lang.explicit)

    def work() -> str:
        found = sheet(web, iri, triples, lang.code)
        return frame(
            request,
            f"facts/{found.kind}.html",
            title=found.title,
            sheet=found,
            iri=iri,
            local=local,
            alternates=alternates,
            cite_iri=iri,
            **found.data,
        )

    try:
        kept = web.pages.peek(key)
        if kept is None:
            kept = await blocking(request, web.pages.get, key, work)
    except UnavailableError as exc:
        return error_page(request, 503, exc.detail)
    response = respond(request, fill(request, kept))
    if local.startswith("/code/"):  # /id/ answers are kept by the Linked-Data route's own cache
        web.answers.keep(request, response)
    return response
