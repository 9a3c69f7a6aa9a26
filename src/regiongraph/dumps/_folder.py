"""The dumps folder: one dump is ``regiongraph-YYYY-MM-DD.nq.gz``, its ``.sha256`` and its manifest ``.json``.

The manifest holds what the descriptions need (counts, checksum, what was left out) and is written
last, so a dump is listed only once all three files are in place; retention removes it first.
Only names of this form are ever read or served, so nothing else in the folder can be reached.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, fields
from pathlib import Path

PREFIX = "regiongraph-"
NAME = re.compile(r"^regiongraph-(\d{4}-\d{2}-\d{2})$")
DUMP_SUFFIX, CHECKSUM_SUFFIX, MANIFEST_SUFFIX = ".nq.gz", ".nq.gz.sha256", ".json"


@dataclass(frozen=True, slots=True)
class Dump:
    """One dated dump, as its manifest records it.

    Attributes:
        name: ``regiongraph-YYYY-MM-DD``; date: the ``YYYY-MM-DD`` part (the day it was made, UTC).
        byte_size: bytes of the ``.nq.gz`` file; sha256: its SHA-256 (hex).
        quads: lines of the dump; triples: distinct triples of the union of its graphs;
        entities: distinct subjects that are IRIs (skolem IRIs not counted: they stand for blank nodes);
        graphs: named graphs in it.
        modified: when the store's records last changed (``xsd:dateTime``), if it says.
        left_out: what the dump does not hold, in words; left_out_quads: how many quads that was.
        generator: the program and version that wrote it.
    """

    name: str
    date: str
    byte_size: int
    sha256: str
    quads: int
    triples: int
    entities: int
    graphs: int
    modified: str | None
    left_out: str
    left_out_quads: int
    generator: str

    @property
    def file(self) -> str:
        return self.name + DUMP_SUFFIX

    @property
    def checksum_file(self) -> str:
        return self.name + CHECKSUM_SUFFIX

    def checksum_line(self) -> str:
        """The ``.sha256`` file's content, as ``sha256sum`` writes and ``sha256sum -c`` reads it."""
        return f"{self.sha256}  {self.file}\n"


def dump_name(date: str) -> str:
    return PREFIX + date


def write_manifest(folder: Path, dump: Dump) -> None:
    """The manifest, written atomically: the dump appears in listings only now."""
    tmp = folder / f".{dump.name}{MANIFEST_SUFFIX}.{os.getpid()}"
    tmp.write_text(json.dumps(asdict(dump), indent=2, sort_keys=True) + "\n", encoding="utf-8")
    tmp.replace(folder / (dump.name + MANIFEST_SUFFIX))


def _read(path: Path) -> Dump | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Dump(**{f.name: data[f.name] for f in fields(Dump)})
    except (OSError, ValueError, KeyError, TypeError):
        return None  # a manifest that cannot be read lists nothing, rather than failing the listing


#: Listings by folder, kept while the folder's own stamp stays the same (every change renames into it).
_listings: dict[Path, tuple[tuple[int, int], list[Dump]]] = {}


def list_dumps(folder: Path) -> list[Dump]:
    """Complete dumps in ``folder``, newest first (a missing folder has none)."""
    try:
        st = folder.stat()
    except FileNotFoundError:
        return []
    stamp = (st.st_ino, st.st_mtime_ns)
    cached = _listings.get(folder)
    if cached is not None and cached[0] == stamp:
        return list(cached[1])
    dumps = _scan(folder)
    _listings[folder] = (stamp, dumps)
    return list(dumps)


def _scan(folder: Path) -> list[Dump]:
    names = {e.name for e in os.scandir(folder) if e.is_file(follow_symlinks=False)}
    found = []
    for entry in names:
        name = entry.removesuffix(MANIFEST_SUFFIX)
        if not (entry.endswith(MANIFEST_SUFFIX) and NAME.match(name)):
            continue
        complete = {name + DUMP_SUFFIX, name + CHECKSUM_SUFFIX} <= names
        if complete and (dump := _read(folder / entry)) is not None and dump.name == name:
            found.append(dump)
    return sorted(found, key=lambda d: d.date, reverse=True)


def prune(folder: Path, *, keep: int) -> list[Dump]:
    """Remove all but the ``keep`` newest dumps (``0`` keeps every dump); the removed ones."""
    if keep <= 0:
        return []
    gone = list_dumps(folder)[keep:]
    for dump in gone:
        for suffix in (MANIFEST_SUFFIX, DUMP_SUFFIX, CHECKSUM_SUFFIX):  # the manifest first: unlisted at once
            (folder / (dump.name + suffix)).unlink(missing_ok=True)
    return gone


@contextmanager
def locked(folder: Path) -> Iterator[None]:
    """One writer of the folder at a time (two dumps at once would race for the same names)."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / ".lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
