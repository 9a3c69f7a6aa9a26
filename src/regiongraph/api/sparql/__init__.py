"""``/sparql`` and ``/sparql/update``: the SPARQL 1.1 Protocol over HTTP (reading requests, answering them)."""

from __future__ import annotations

from ._fast import SparqlFastPath
from .routes import router

__all__ = ["SparqlFastPath", "router"]
