"""One RegionGraph instance: its settings and the services built from them, each built once.

The CLI builds one :class:`Instance` per invocation and :func:`regiongraph.app.create_app` one per
app; everything below them takes what it needs from it instead of rebuilding it from the settings.
The costly services (the gazetteer resolver, ~1 s; the SHACL validator, which loads pyshacl) are
built on first use, so a reader that never needs them never pays for them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Self

from .config import Settings
from .gazetteer import DIRECTORY_FILE, Resolver, load_territories
from .iris import Minter
from .queries import Binder, NamedQuery, load_queries
from .search import SearchIndex, after_write, index_for
from .store import EmbeddedStore, GraphStore, LockHolder, RemoteStore, UpdateStep
from .store import open_store as _open_store
from .store import writing as _store_writing

if TYPE_CHECKING:
    from .validate import Validator

__all__ = ["Instance"]


class Instance:
    """The settings of a deployment and its services: store, writer, minter, resolver, validator, index.

    Args:
        settings: the deployment's settings.
        store: the store to read, when the caller opened it (the instance then does not close it);
            else it is opened on first use and closed by :meth:`close`.
    """

    def __init__(self, settings: Settings, *, store: GraphStore | None = None) -> None:
        self._settings = settings
        self._store = store
        self._owns_store = store is None
        self._minter = Minter(settings.base_iri)
        self._index = index_for(settings)
        self._lock = threading.Lock()  # query threads may ask for the resolver at once: parse it once
        self._resolver: Resolver | None = None
        self._validator: Validator | None = None
        self._binder: Binder | None = None
        self._named: dict[str, NamedQuery] | None = None

    @property
    def settings(self) -> Settings:
        return self._settings

    @property
    def minter(self) -> Minter:
        return self._minter

    @property
    def index(self) -> SearchIndex:
        """The full-text search index (``<data_dir>/search.sqlite``), kept in step by :meth:`writing`."""
        return self._index

    @property
    def store(self) -> GraphStore:
        """The store to read, opened once (the remote store, else the newest embedded snapshot)."""
        with self._lock:
            if self._store is None:
                self._store = _open_store(self._settings)
            return self._store

    @property
    def resolver(self) -> Resolver:
        """The gazetteer resolver; the directory is read on first use."""
        with self._lock:
            if self._resolver is None:
                territories = load_territories(self._settings.resource(*DIRECTORY_FILE))
                self._resolver = Resolver(territories, preferred_land=self._settings.preferred_land)
            return self._resolver

    @property
    def validator(self) -> Validator:
        """The SHACL gate over the instance's shapes; pyshacl is imported only here."""
        with self._lock:
            if self._validator is None:
                from .validate import Validator  # late: pyshacl and rdflib's SHACL stack take ~1 s to import

                self._validator = Validator(self._settings.resource("shapes"))
            return self._validator

    @property
    def binder(self) -> Binder:
        """Typed parameters of the named queries (the resolver is read on first use)."""
        if self._binder is None:
            self._binder = Binder(self.resolver, self._minter)
        return self._binder

    @property
    def named_queries(self) -> dict[str, NamedQuery]:
        """The named queries of ``queries/``, read once."""
        if self._named is None:
            self._named = load_queries(self._settings.resource("queries"))
        return self._named

    def open_store(self) -> GraphStore:
        """A store of its own for the caller (who closes it), opened like :attr:`store`."""
        return _open_store(self._settings)

    @contextmanager
    def writing(
        self, *, wait: bool = True, on_wait: Callable[[LockHolder], None] | None = None
    ) -> Iterator[EmbeddedStore | RemoteStore]:
        """The store to write, as :func:`regiongraph.store.writing`; the search index follows when it ends.

        The index is synced while the write lock is still held, so two writers never sync at once.
        A failed sync is logged and never undoes the write (``regiongraph search --rebuild`` repairs).
        """
        with _store_writing(self._settings, wait=wait, on_wait=on_wait) as writer:
            yield writer
            after_write(writer, self._index)

    def apply_update(self, text: str, *, base_iri: str | None = None, steps: Sequence[UpdateStep] = ()) -> None:
        """Run one SPARQL update as the single writer; embedded readers see it in the next snapshot."""
        with self.writing() as writer:
            writer.update(text, base_iri=base_iri, steps=steps)

    def close(self) -> None:
        """Close the read store if the instance opened it."""
        with self._lock:
            store, self._store = self._store, (None if self._owns_store else self._store)
        if self._owns_store and store is not None:
            store.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
