"""Built networks kept per store snapshot: a snapshot never changes, so neither does its network."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

from ..store import GraphStore

T = TypeVar("T")


class SnapshotCache:
    """The last ``size`` answers, keyed by the store's generation and the caller's key.

    A store whose generation is ``None`` (a remote store that may change at any time) is never cached.
    """

    def __init__(self, store: GraphStore, size: int = 16) -> None:
        self.store, self.size = store, size
        self._items: OrderedDict[tuple, object] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, make: Callable[[], T]) -> T:
        generation = self.store.generation()
        if generation is None:
            return make()
        full = (generation, key)
        with self._lock:
            if full in self._items:
                self._items.move_to_end(full)
                return self._items[full]  # type: ignore[return-value]
        value = make()
        with self._lock:
            self._items[full] = value
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value
