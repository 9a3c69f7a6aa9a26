"""The HTTP interface: one FastAPI app built from one :class:`~regiongraph.config.Settings`."""

from __future__ import annotations

from fastapi import FastAPI

from .. import __version__
from ..config import Settings
from ..store import GraphStore
from . import health, sparql


def create_app(settings: Settings, store: GraphStore) -> FastAPI:
    """The RegionGraph app over an opened ``store``.

    Args:
        settings: the instance's settings.
        store: the store to serve (already filled; see :func:`regiongraph.bootstrap.build`).
    """
    app = FastAPI(
        title="RegionGraph",
        version=__version__,
        description="Knowledge graph of regional cooperations and smart-city projects — SPARQL 1.1 and REST.",
    )
    app.state.settings = settings
    app.state.store = store
    app.include_router(sparql.router)
    app.include_router(health.router)
    return app


__all__ = ["create_app"]
