"""The whole app: the HTTP interface of :mod:`regiongraph.api` with the web front of :mod:`regiongraph.web` on top.

The two are composed here, above both, because each needs the other's work: the pages read through the
REST services the API builds, and the API's Linked-Data route answers ``text/html`` with the web's fact
sheet. Neither package imports the other's direction: the API finds the renderer in ``app.state``.
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import FastAPI

from . import web
from .api import create_api
from .config import Settings
from .instance import Instance
from .sparql import PreparedUpdate
from .store import GraphStore

__all__ = ["create_app"]


def create_app(
    settings: Settings,
    store: GraphStore | None = None,
    *,
    instance: Instance | None = None,
    on_timeout: Callable[[], None] | None = None,
    write: Callable[[PreparedUpdate], None] | None = None,
    guard: bool = True,
) -> FastAPI:
    """The RegionGraph app: SPARQL, REST, CKAN, catalogue, dumps, Linked Data and the web pages.

    Arguments as in :func:`regiongraph.api.create_api`.
    """
    app = create_api(settings, store, instance=instance, on_timeout=on_timeout, write=write, guard=guard)
    web.install(app)
    return app
