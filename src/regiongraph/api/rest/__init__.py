"""The REST facade ``/api/v1``: resources, named queries, search, JSON-LD context, offline ``/docs``.

:func:`install` adds everything to an app built by :func:`regiongraph.api.create_api`.
"""

from __future__ import annotations

from fastapi import FastAPI

from ...instance import Instance
from .._runner import UnavailableError, run
from . import context, docs, network, resources, search
from ._bind import values
from ._query import detail_query, facet_query, page_query, relation_query
from ._service import RestService
from ._spec import PROJECT_KINDS, RESOURCES, Resource
from .named import build_router

__all__ = [
    "PROJECT_KINDS",
    "RESOURCES",
    "Resource",
    "RestService",
    "UnavailableError",
    "detail_query",
    "facet_query",
    "install",
    "page_query",
    "relation_query",
    "run",
    "values",
]


def install(app: FastAPI, instance: Instance) -> None:
    """Register the REST routes and their service (over the instance's store) on ``app``."""
    app.state.rest = RestService(instance, app.state.store)
    app.include_router(resources.router)
    app.include_router(build_router(instance.named_queries))
    app.include_router(search.router)
    app.include_router(network.router)
    app.include_router(context.router)
    app.include_router(docs.router)
