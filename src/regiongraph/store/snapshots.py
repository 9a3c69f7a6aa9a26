"""One writer, many readers: the embedded store is written under a lock and read from snapshots.

Oxigraph allows one read-write process per store, and reading a store that another process
writes is undefined. So every write (loading, harvesting, the update route) holds a file
lock, and ends by publishing a checkpoint (hard links, milliseconds); readers — server
workers, ``regiongraph query`` — open the newest checkpoint read-only and move to a newer
one before their next query. A crash mid-write leaves the last published snapshot intact.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox

from ..config import Settings
from ..errors import StoreError
from ._lock import LockHolder, _acquire, _claim
from .embedded import EmbeddedStore

POINTER = "CURRENT"
LOCK_FILE = "write.lock"
#: Snapshots kept besides the newest, and the least age before an older one is removed.
KEEP, MIN_AGE = 2, 60.0


def snapshots_dir(settings: Settings) -> Path:
    return settings.data_dir / "snapshots"


def current_snapshot(settings: Settings) -> Path | None:
    """The newest published snapshot, or ``None`` if nothing was ever published."""
    pointer = snapshots_dir(settings) / POINTER
    try:
        name = pointer.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    path = snapshots_dir(settings) / name
    return path if path.is_dir() else None


def publish(store: EmbeddedStore, settings: Settings) -> Path:
    """Checkpoint ``store`` as the newest snapshot and point readers at it."""
    folder = snapshots_dir(settings)
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{time.time_ns():020d}"
    store.raw.flush()
    store.raw.backup(str(folder / name))
    tmp = folder / f".{POINTER}.{os.getpid()}"
    tmp.write_text(name, encoding="utf-8")
    tmp.replace(folder / POINTER)  # atomic: a reader sees the old or the new name, never half
    _prune(folder, keep=name)
    return folder / name


def _prune(folder: Path, *, keep: str) -> None:
    old = sorted(p for p in folder.iterdir() if p.is_dir() and p.name != keep)
    now = time.time()
    for path in old[: max(0, len(old) - KEEP)]:
        if now - path.stat().st_mtime > MIN_AGE:
            shutil.rmtree(path, ignore_errors=True)
            for side in (*folder.glob(f"{path.name}.*"), *folder.glob(f".{path.name}.*")):
                side.unlink(missing_ok=True)  # what readers kept beside it (the catalogue's sorted lists)


@contextmanager
def writing(
    settings: Settings, *, wait: bool = True, on_wait: Callable[[LockHolder], None] | None = None
) -> Iterator[EmbeddedStore]:
    """The read-write store under the write lock; publishes a snapshot when the block ends.

    Args:
        wait: wait for another writer to finish; ``False`` raises :class:`StoreLockedError` at once.
        on_wait: called once, with who holds the lock, before waiting for it.

    Raises:
        StoreError: the store cannot be opened.
        StoreLockedError: another process writes and ``wait`` is false.
    """
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    with (settings.data_dir / LOCK_FILE).open("a+", encoding="utf-8") as lock:
        _acquire(lock, wait=wait, on_wait=on_wait)
        try:
            _claim(lock)
            store = EmbeddedStore(settings.store_location)
            try:
                yield store
            finally:
                publish(store, settings)
                store.close()  # drop the handle: Oxigraph releases its lock before ours
        finally:
            lock.seek(0)
            lock.truncate()
            lock.flush()
            fcntl.flock(lock, fcntl.LOCK_UN)


class SnapshotStore(EmbeddedStore):
    """Reads the newest snapshot and follows newer ones as they are published; never writes.

    Args:
        settings: where the data folder is.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.path = current_snapshot(settings)
        self.read_only = True
        if self.path is None:
            raise StoreError(f"no published store in {settings.data_dir}: run 'regiongraph load' first")
        self._store = self._open(self.path)
        self._pointer = str(snapshots_dir(settings) / POINTER)  # a str: stat'ed before every query
        self._seen = self._stamp()

    @staticmethod
    def _open(path: Path) -> ox.Store:
        try:
            return ox.Store.read_only(str(path))
        except OSError as exc:
            raise StoreError(f"cannot open the snapshot {path}: {exc}") from exc

    def _stamp(self) -> tuple[int, int] | None:
        try:
            st = os.stat(self._pointer)
        except FileNotFoundError:
            return None
        return st.st_ino, st.st_mtime_ns

    def _reader(self) -> ox.Store:
        stamp = self._stamp()
        if stamp != self._seen:
            newest = current_snapshot(self.settings)
            if newest is not None and newest != self.path:
                self._store, self.path = self._open(newest), newest
            self._seen = stamp
        return self._store

    def generation(self) -> str:
        """The snapshot the next query reads (a snapshot never changes)."""
        self._reader()
        return str(self.path)

    def _refuse(self, *_args, **_kwargs) -> None:
        raise StoreError("this store reads snapshots; writes go through regiongraph.store.writing()")

    replace_graphs = load_graph = update = _refuse

    def close(self) -> None:
        """Nothing to flush: the snapshot is read-only."""
