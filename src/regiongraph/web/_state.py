"""What the pages share in one process: the REST service they read through, and answers kept per snapshot."""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

from ..api.rest import RestService
from ..config import Settings
from ..namespaces import sparql_prologue
from ..network import Filters, Network, SnapshotCache, build_network
from ..store import GraphStore
from ._front import Answers

T = TypeVar("T")
log = logging.getLogger(__name__)
_LAST_RUN = (
    sparql_prologue()
    + """SELECT (MAX(?end) AS ?last) WHERE {
  ?run a rg:HarvestRun ; prov:endedAtTime ?end }"""
)


class _Background:
    """Answers too slow for a request (facets over tens of thousands of datasets), computed once per snapshot on a
    daemon thread of their own, without the request time limit; until one is ready the page shows without it."""

    def __init__(self, store: GraphStore, *, size: int = 64, running: int = 2) -> None:
        self.store, self.size, self.running = store, size, running
        self._done: OrderedDict[tuple, object] = OrderedDict()
        self._pending: set[tuple] = set()
        self._lock = threading.Lock()

    def get(self, key: Hashable, make: Callable[[], T]) -> T | None:
        """The answer if ready (``None`` if not, and then it is started, unless enough are running already)."""
        generation = self.store.generation()
        if generation is None:  # a store that may change at any time: nothing is kept
            return make()
        full = (generation, key)
        with self._lock:
            if full in self._done:
                self._done.move_to_end(full)
                return self._done[full]  # type: ignore[return-value]
            if full in self._pending or len(self._pending) >= self.running:
                return None
            self._pending.add(full)
        threading.Thread(target=self._run, args=(full, make), daemon=True, name="rg-web-background").start()
        return None

    def _run(self, full: tuple, make: Callable[[], object]) -> None:
        try:
            value = make()
        except Exception:
            log.warning("background computation %r failed", full[1], exc_info=True)
            value = None
        with self._lock:
            self._pending.discard(full)
            if value is not None:
                self._done[full] = value
                while len(self._done) > self.size:
                    self._done.popitem(last=False)


class Pages:
    """Rendered pages (or frames) of the current snapshot, the last ``size`` of them.

    Unlike :class:`SnapshotCache` it can be asked without computing (:meth:`peek`), so that a kept page is
    answered on the event loop, without the hop to a query thread that computing one needs.
    """

    def __init__(self, store: GraphStore, *, size: int = 256) -> None:
        self.store, self.size = store, size
        self._items: OrderedDict[tuple, str] = OrderedDict()
        self._lock = threading.Lock()

    def peek(self, key: Hashable) -> str | None:
        generation = self.store.generation()
        if generation is None:
            return None
        with self._lock:
            found = self._items.get((generation, key))
            if found is not None:
                self._items.move_to_end((generation, key))
            return found

    def get(self, key: Hashable, make: Callable[[], str]) -> str:
        """``make()``'s page, kept for this snapshot (blocking: call it on a query thread)."""
        found = self.peek(key)
        if found is not None:
            return found
        generation = self.store.generation()
        value = make()
        if generation is not None and generation == self.store.generation():
            with self._lock:
                self._items[(generation, key)] = value
                while len(self._items) > self.size:
                    self._items.popitem(last=False)
        return value


class WebState:
    """The web front's share of the app: ``rest`` (lists, facets, details), a per-snapshot cache.

    Args:
        settings: the instance's settings.
        rest: the REST layer's service; the pages use its plans and queries, so lists and facets agree.
        inline_facets: see :attr:`INLINE_FACETS`.
    """

    #: Lists up to this many members count their facets while the page waits; longer ones in the background.
    INLINE_FACETS = 5_000

    def __init__(self, settings: Settings, rest: RestService, *, inline_facets: int = INLINE_FACETS) -> None:
        self.settings, self.rest, self.inline_facets = settings, rest, inline_facets
        self.store: GraphStore = rest.store
        self.cache = SnapshotCache(rest.store, size=64)
        self.pages = Pages(rest.store, size=256)  # rendered pages (at most a few hundred kB each)
        self.answers = Answers(rest.store)  # the same, as sent, by URL and the headers pages read
        self.background = _Background(rest.store)

    def kept(self, key: Hashable, make: Callable[[], T]) -> T:
        """``make()``, computed once per store snapshot (blocking: call it on a query thread)."""
        return self.cache.get(key, make)

    def network(self, filters: Filters | None = None) -> Network:
        """The organisation network under ``filters``, with measures and positions, once per snapshot."""
        filters = filters or Filters()
        return self.kept(("network", filters), lambda: build_network(self.store, filters))

    def data_date(self) -> str | None:
        """The day of the newest finished harvest run: the state of the data a page shows (for "cite as")."""

        def make() -> str | None:
            rows = list(self.store.select(_LAST_RUN))
            value = rows[0]["last"] if rows else None
            return value.value[:10] if value is not None else None

        return self.kept("data-date", make)
