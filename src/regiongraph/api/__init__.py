"""The HTTP interface: one FastAPI app built from one :class:`~regiongraph.config.Settings`.

:func:`create_app` composes the HTTP semantics (routes, limits, caches, problems); how the app is
served — worker processes, CPUs, the transport — lives apart, in :mod:`regiongraph.api.server`,
which sits above this face and imports :func:`create_app` from it.
"""

from __future__ import annotations

from ._app import create_app

__all__ = ["create_app"]
