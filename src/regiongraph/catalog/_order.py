"""Sorted record lists, one per store snapshot and selection: the catalogue is sorted once, every page is a slice.

Paging with ``ORDER BY … LIMIT … OFFSET`` sorts the whole selection in the store again for
every page (and counts it once more), so serving a catalogue of N items page by page costs
N / page size full sorts. A store whose content cannot change under its reader — a published
snapshot, a read-only store — is instead sorted once per (snapshot, selection, order): the
total is the list's length and a page is a slice of record IRIs, looked up by IRI (index
lookups, no scan). Writable and remote stores have no such generation and page in the store.

Only record IRIs are kept (about 100 bytes an item), at most :data:`MAX_RECORDS` per store. A list
asked for as ``shared`` is also kept in a file beside a published snapshot, so that one process
sorts it for all workers (see ``_shared``).
"""

from __future__ import annotations

import hashlib
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Sequence

from ..store import GraphStore
from ._shared import shared_list, sidecar

#: Record IRIs kept per store over all its cached lists; the least recently used lists go first.
MAX_RECORDS = 500_000
#: Totals kept per store (one per selection asked for).
MAX_COUNTS = 1024
#: A key: (generation, hash of the selection's pattern).
Key = tuple[str, str]


class _Lists:
    """The cached sorted lists of one store: (key, order) → record IRIs, and key → count; one generation only."""

    def __init__(self) -> None:
        self.orders: OrderedDict[tuple[Key, str], tuple[str, ...]] = OrderedDict()
        self.counts: dict[Key, int] = {}

    def _keep_generation(self, gen: str) -> None:
        """Drop what older snapshots held: a reader never goes back to one."""
        if any(k[0] != gen for k in self.counts) or any(k[0] != gen for k, _ in self.orders):
            self.orders = OrderedDict((e, r) for e, r in self.orders.items() if e[0][0] == gen)
            self.counts = {k: n for k, n in self.counts.items() if k[0] == gen}

    def count(self, key: Key, total: int) -> None:
        self._keep_generation(key[0])
        self.counts[key] = total
        if len(self.counts) > MAX_COUNTS:
            del self.counts[next(iter(self.counts))]

    def put(self, key: Key, order: str, records: tuple[str, ...]) -> None:
        self.count(key, len(records))
        self.orders[(key, order)] = records
        while sum(len(r) for r in self.orders.values()) > MAX_RECORDS and len(self.orders) > 1:
            self.orders.popitem(last=False)


_LOCK = threading.Lock()
_STORES: weakref.WeakKeyDictionary[object, _Lists] = weakref.WeakKeyDictionary()


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _key(store: GraphStore, pattern: str) -> Key | None:
    gen = store.generation()
    return None if gen is None else (gen, _digest(pattern))


def cached_count(store: GraphStore, pattern: str, compute: Callable[[], int]) -> int:
    """The number of items of ``pattern``: a cached list's length, else ``compute()`` (cached per generation)."""
    key = _key(store, pattern)
    if key is None:
        return compute()
    with _LOCK:
        known = _STORES.get(store)
        if known is not None and key in known.counts:
            return known.counts[key]
    total = compute()
    if _key(store, pattern) == key:  # not published over meanwhile
        with _LOCK:
            _STORES.setdefault(store, _Lists()).count(key, total)
    return total


def sorted_records(
    store: GraphStore, pattern: str, order: str, compute: Callable[[], Sequence[str]], *, shared: bool = False
) -> tuple[str, ...] | None:
    """All record IRIs of ``pattern`` in ``order``, sorted once per generation; ``None`` if the store has none.

    Args:
        shared: keep the list in a file beside the snapshot too, for the other workers (a bounded set
            of lists only: one file each).
    """
    key = _key(store, pattern)
    if key is None:
        return None
    with _LOCK:
        known = _STORES.get(store)
        records = known.orders.get((key, order)) if known is not None else None
        if known is not None and records is not None:
            known.orders.move_to_end((key, order))
            return records
    path = sidecar(store, key[0], f"order-{_digest(key[1] + order)}") if shared else None
    if path is not None:
        records = shared_list(path, compute, current=lambda: _key(store, pattern) == key)
    else:
        records = tuple(dict.fromkeys(compute()))  # a record of two kinds comes twice, next to itself
    if _key(store, pattern) == key:
        with _LOCK:
            _STORES.setdefault(store, _Lists()).put(key, order, records)
    return records
