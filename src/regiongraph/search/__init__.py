"""German-aware full-text search over every entity of the graph, kept in step with the store.

One SQLite FTS5 file (``<data_dir>/search.sqlite``) over pre-normalised tokens: case, umlauts
and ß folded, Snowball German stems, BM25 ranking with title boosts, snippets from the
original text. The instance's writer syncs it when a write ends (see :func:`after_write`).
"""

from __future__ import annotations

import logging
import sqlite3

from ..errors import SearchError, StoreError
from ..store import GraphStore
from ._index import KINDS, Document, Hit, SearchIndex
from ._sync import SyncReport, index_for, sync_index
from ._text import Query, fold, snippet, token, tokens

__all__ = [
    "KINDS",
    "Document",
    "Hit",
    "Query",
    "SearchIndex",
    "SyncReport",
    "after_write",
    "fold",
    "index_for",
    "snippet",
    "sync_index",
    "token",
    "tokens",
]

log = logging.getLogger(__name__)


def after_write(store: GraphStore, index: SearchIndex) -> SyncReport | None:
    """Sync ``index`` with ``store`` after a write; a failure is logged, never undoes the write (rebuild to repair)."""
    try:
        return sync_index(store, index)
    except (SearchError, StoreError, sqlite3.Error, OSError) as exc:
        log.warning("search index not updated (%s); run 'regiongraph search --rebuild'", exc)
        return None
