"""The ``q`` filter: the full-text search index when the instance has one, else a bound SPARQL filter."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from ..errors import SearchError
from ._select import Selection

if TYPE_CHECKING:
    from ..search import SearchIndex

#: Most hits taken from the search index for one ``q``: the page is chosen among them.
MAX_HITS = 10_000


def filter_text(selection: Selection, index: SearchIndex | None, q: str) -> None:
    """Restrict ``selection`` to items matching ``q``.

    The search ``index`` (the instance's; German stemming, umlaut folding, see :mod:`regiongraph.search`)
    answers when it exists; without one, or when it fails, every word must occur in a title,
    description, keyword or partner list (case-insensitive substring, evaluated in the store).
    """
    if q.strip() in ("", "*", "*:*"):  # everything
        return

    try:
        if index is not None and index.exists():
            selection.entities(index.iris(q, limit=MAX_HITS))
            return
    except (SearchError, sqlite3.Error):
        pass  # a broken index must not break the catalogue: fall back to the store
    selection.text(q)
