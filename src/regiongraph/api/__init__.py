"""The HTTP interface: one FastAPI app built from one :class:`~regiongraph.config.Settings`.

:func:`create_app` composes the HTTP semantics (routes, limits, caches, problems); how the app is
served — worker processes, CPUs, the transport — lives apart, in :mod:`regiongraph.api.server`,
which sits above this face and imports :func:`create_app` from it.
"""

from __future__ import annotations

from typing import Any

from ._app import create_app

__all__ = ["JoinedWritesProtocol", "create_app"]


def __getattr__(name: str) -> Any:
    # The transport is the server's (api.server imports this face, so importing it here would
    # close a cycle); it is offered here too for the servers tests and benchmarks start themselves.
    if name == "JoinedWritesProtocol":
        from .server import JoinedWritesProtocol

        return JoinedWritesProtocol
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
