"""The composition of the HTTP interface: :func:`create_api` builds the app, its front and its state.

The web pages are added on top of it by :func:`regiongraph.app.create_app` (the web front reads through
the REST services built here, so it sits above this package).
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import FastAPI
from starlette.types import ASGIApp

from .. import __version__
from ..config import Settings
from ..instance import Instance
from ..sparql import INLINE_SLICE, PreparedUpdate, QueryService
from ..store import GraphStore
from . import _problem, describe, dumps, health, linked_data, page, rest, sparql
from . import catalog as catalog_routes
from . import ckan as ckan_routes
from ._bounds import EdgeLimits
from ._cache import CachedFront, SnapshotCache
from ._front import FrontedFastAPI
from .sparql import SparqlFastPath


def create_api(
    settings: Settings,
    store: GraphStore | None = None,
    *,
    instance: Instance | None = None,
    on_timeout: Callable[[], None] | None = None,
    write: Callable[[PreparedUpdate], None] | None = None,
    guard: bool = True,
) -> FastAPI:
    """The RegionGraph HTTP interface over an opened ``store`` (default: the one the instance opens), no web pages.

    Args:
        settings: the instance's settings.
        store: the store to read (already filled; see :func:`regiongraph.pipeline.build`); default the instance's.
        instance: the instance the routes take their services from; default one built from ``settings``
            over ``store`` (``app.state.instance`` either way).
        on_timeout: called when a query overran its limit; a server process retires itself here.
        write: runs a SPARQL update for the admin route (default: the instance's writer, under the store's
            write lock, the search index kept in step).
        guard: the lexical SERVICE/LOAD guard; off only to show that the second layer holds alone (tests).
    """
    instance = instance or Instance(settings, store=store)
    app = FrontedFastAPI(
        title="RegionGraph",
        version=__version__,
        description="Knowledge graph of regional cooperations and smart-city projects — SPARQL 1.1 and REST.",
        docs_url=None,
        redoc_url=None,  # /docs is served from local assets by api.rest (no CDN)
    )
    app.state.settings = settings
    _state(
        app, instance, store if store is not None else instance.store, on_timeout=on_timeout, write=write, guard=guard
    )
    _problem.install(app)
    app.front = _front(app, settings)
    for router in (sparql.router, describe.router, page.router, health.router):
        app.include_router(router)
    rest.install(app, instance)
    for router in (linked_data.router, catalog_routes.router, ckan_routes.router, dumps.router):
        app.include_router(router)
    return app


def _state(
    app: FastAPI,
    instance: Instance,
    store: GraphStore,
    *,
    on_timeout: Callable[[], None] | None,
    write: Callable[[PreparedUpdate], None] | None,
    guard: bool,
) -> None:
    """What the routes read from ``app.state``: instance, settings, store, query runner, cache and writer."""
    settings = app.state.settings
    app.state.instance = instance
    app.state.store = store
    app.state.queries = _query_service(settings, store, on_timeout, guard=guard)
    app.state.cache = SnapshotCache(settings.cache_bytes)
    app.state.write = write or (
        lambda update: instance.apply_update(update.text, base_iri=update.base_iri, steps=update.steps)
    )


def _query_service(
    settings: Settings, store: GraphStore, on_timeout: Callable[[], None] | None, *, guard: bool
) -> QueryService:
    """The runner every route shares; a store in this process is read on confined threads (the second layer)."""
    return QueryService(
        store,
        timeout=settings.query_timeout,
        max_rows=settings.max_result_rows,
        threads=settings.query_threads,
        queue=settings.queue_depth,
        wait=settings.queue_wait,
        allow_federation=settings.allow_federation,
        on_timeout=on_timeout,
        inline_slice=INLINE_SLICE if store.in_process else 0.0,
        guard=guard,
        confine=store.in_process,
    )


def _front(app: FrontedFastAPI, settings: Settings) -> ASGIApp:
    """What answers first: edge limits, cached answers and queries skip FastAPI's stack; CORS wraps it all."""
    fast = SparqlFastPath(app.behind, max_request_bytes=settings.max_request_bytes, queries=app.state.queries)
    cached = CachedFront(fast, cache=app.state.cache, store=app.state.store)
    front: ASGIApp = EdgeLimits(cached, max_body=settings.max_request_bytes)
    if not settings.cors_origins:
        return front
    from fastapi.middleware.cors import CORSMiddleware

    origins = [o.strip() for o in settings.cors_origins.split(",") if o.strip()]
    return CORSMiddleware(
        front,
        allow_origins=origins,
        allow_methods=["GET", "POST"],
        allow_headers=["Accept", "Content-Type", "Authorization"],
        expose_headers=["RegionGraph-Result-Truncated", "RegionGraph-Result-Limit"],
    )


__all__ = ["create_api"]
