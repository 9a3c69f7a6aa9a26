"""RegionGraph: an open-data catalogue and knowledge graph of regional cooperations and projects.

The curated surface: the settings, the instance, the store, the pipeline, the app factory and the
whole error tree. Only the settings and the errors load with ``import regiongraph``; the rest load
when first asked for, so that importing a part (``regiongraph.api``, say) does not load the others.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

from .config import Settings
from .errors import (
    ConfigError,
    QueryError,
    RecordError,
    RegionGraphError,
    ResolutionError,
    SearchError,
    StoreError,
    StoreLockedError,
    SyncError,
    TokenRejectedError,
    UnknownQueryError,
    UnknownSourceError,
)

if TYPE_CHECKING:
    from .app import create_app
    from .instance import Instance
    from .pipeline import Pipeline
    from .store import GraphStore

__all__ = [
    "ConfigError",
    "GraphStore",
    "Instance",
    "Pipeline",
    "QueryError",
    "RecordError",
    "RegionGraphError",
    "ResolutionError",
    "SearchError",
    "Settings",
    "StoreError",
    "StoreLockedError",
    "SyncError",
    "TokenRejectedError",
    "UnknownQueryError",
    "UnknownSourceError",
    "__version__",
    "create_app",
]


def __getattr__(name: str) -> Any:
    # Late on purpose: the app pulls in FastAPI, the pipeline pyshacl; a caller who wants neither
    # (the CLI's --help, a test of the store) does not pay for them.
    if name == "create_app":
        from .app import create_app

        return create_app
    if name == "GraphStore":
        from .store import GraphStore

        return GraphStore
    if name == "Pipeline":
        from .pipeline import Pipeline

        return Pipeline
    if name == "Instance":
        from .instance import Instance

        return Instance
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
