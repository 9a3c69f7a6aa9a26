"""Store backends behind one interface: the embedded Oxigraph store (default) or a remote SPARQL 1.1 store.

Readers call :func:`open_store`; writers use :func:`writing`, which on the embedded store
holds the write lock and publishes a snapshot for the readers when it ends. Backends only: what
derives from a write (the search index) is kept in step by :class:`regiongraph.instance.Instance`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from ..config import Settings
from . import snapshots
from ._base import GraphStore, QueryOptions, QueryResult, UpdateStep
from ._binding import inject_values
from ._lock import LockHolder
from .embedded import EmbeddedStore
from .remote import RemoteStore
from .snapshots import SnapshotStore, current_snapshot, publish

__all__ = [
    "EmbeddedStore",
    "GraphStore",
    "LockHolder",
    "QueryOptions",
    "QueryResult",
    "RemoteStore",
    "SnapshotStore",
    "UpdateStep",
    "apply_update",
    "current_snapshot",
    "inject_values",
    "open_store",
    "publish",
    "writing",
]


def open_store(settings: Settings) -> SnapshotStore | RemoteStore:
    """A store to read: the remote store when ``store_url`` is set, else the newest embedded snapshot."""
    if settings.store_url:
        return RemoteStore.from_settings(settings)
    return SnapshotStore(settings)


@contextmanager
def writing(
    settings: Settings, *, wait: bool = True, on_wait: Callable[[LockHolder], None] | None = None
) -> Iterator[EmbeddedStore | RemoteStore]:
    """The store to write, as the single writer (embedded) or directly (remote).

    ``wait`` and ``on_wait`` as in :func:`snapshots.writing` (a remote store has no lock of ours).
    """
    if settings.store_url:
        remote = RemoteStore.from_settings(settings)
        try:
            yield remote
        finally:
            remote.close()
        return
    with snapshots.writing(settings, wait=wait, on_wait=on_wait) as store:
        yield store


def apply_update(
    settings: Settings, text: str, *, base_iri: str | None = None, steps: Sequence[UpdateStep] = ()
) -> None:
    """Run one SPARQL update as the single writer; embedded readers see it in the next snapshot.

    ``base_iri`` and ``steps`` as in :meth:`GraphStore.update`. The search index does not follow:
    :meth:`regiongraph.instance.Instance.apply_update` is the one that keeps it in step.
    """
    with writing(settings) as store:
        store.update(text, base_iri=base_iri, steps=steps)
