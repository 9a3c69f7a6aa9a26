"""The HTTP interface: one FastAPI app built from one :class:`~regiongraph.config.Settings`.

:func:`create_api` composes the HTTP semantics (routes, limits, caches, problems); how the app is
served — worker processes, CPUs, the transport — lives apart, in :mod:`regiongraph.api.server`,
which sits above this face. The web pages come on top in :func:`regiongraph.app.create_app`.
"""

from __future__ import annotations

from ._app import create_api
from ._conditional import conditional
from ._problem import problem

__all__ = ["conditional", "create_api", "problem"]
