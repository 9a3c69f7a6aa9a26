"""A snapshot's sorted record list as a file beside the snapshot: sorted by one process, read by every worker.

Each server worker reads the same published snapshot; sorting a catalogue of 100,000 items took
every worker its own seconds, all at once at start. The first to need a list takes a lock file,
sorts and writes it (to a temporary file renamed into place: a crash mid-write leaves no half
list); the others wait for the lock and read it. The file is named after the snapshot and the
list's key, so a newer snapshot has files of its own; the snapshot's pruning removes them with it.

File: a header line ``regiongraph-sorted 1``, one record IRI per line (IRIs hold no whitespace),
a last line ``end <count>``. A file without that line, or whose count does not match, is taken as absent.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from ..store import GraphStore, SnapshotStore

MAGIC = "regiongraph-sorted 1"


def sidecar(store: GraphStore, generation: str, name: str) -> Path | None:
    """Where the list ``name`` of snapshot ``generation`` lives; ``None`` for stores without snapshot folders."""
    if not isinstance(store, SnapshotStore):
        return None
    snapshot = Path(generation)  # a snapshot store's generation is its snapshot's folder
    return snapshot.with_name(f"{snapshot.name}.{name}") if snapshot.is_dir() else None


def read_list(path: Path) -> tuple[str, ...] | None:
    """The records of a complete list file, or ``None`` (absent, foreign or cut short)."""
    try:
        lines = path.read_text(encoding="utf-8").split("\n")
    except (FileNotFoundError, UnicodeDecodeError):
        return None
    if len(lines) < 3 or lines[0] != MAGIC or lines[-1] != "" or not lines[-2].startswith("end "):
        return None
    records, count = tuple(lines[1:-2]), lines[-2].removeprefix("end ")
    return records if count.isdigit() and int(count) == len(records) else None


def write_list(path: Path, records: Iterable[str]) -> None:
    """Write the list under a temporary name and rename it into place (readers see all of it or nothing)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with tmp.open("w", encoding="utf-8") as out:
            out.write(f"{MAGIC}\n")
            count = 0
            for record in records:
                out.write(f"{record}\n")
                count += 1
            out.write(f"end {count}\n")
            out.flush()
            os.fsync(out.fileno())
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)


def shared_list(path: Path, compute: Callable[[], Sequence[str]], *, current: Callable[[], bool]) -> tuple[str, ...]:
    """The list in ``path``, computed and written by the first process to ask (the others wait for it).

    Args:
        current: whether the store still reads the snapshot of ``path`` (checked after ``compute``: a
            reader only moves forward, so then ``compute`` read that snapshot throughout).
    """
    found = read_list(path)
    if found is not None:
        return found
    with path.with_name(f"{path.name}.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes, also when the process dies
        found = read_list(path)
        if found is not None:
            return found
        records = tuple(dict.fromkeys(compute()))  # a record of two kinds comes twice, next to itself
        if current():
            with contextlib.suppress(OSError):  # a full or read-only disk: the list still serves this process
                write_list(path, records)
        return records
