"""RegionGraph: an open-data catalogue and knowledge graph of regional cooperations and projects.

The curated surface: settings, the store, the pipeline and the app factory.
"""

from __future__ import annotations

__version__ = "0.1.0"

from .config import Settings
from .errors import (
    ConfigError,
    QueryError,
    RecordError,
    RegionGraphError,
    ResolutionError,
    StoreError,
    UnknownQueryError,
)

__all__ = [
    "ConfigError",
    "QueryError",
    "RecordError",
    "RegionGraphError",
    "ResolutionError",
    "Settings",
    "StoreError",
    "UnknownQueryError",
    "__version__",
]
