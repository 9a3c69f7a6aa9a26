"""``write_dump``: the store's quads as sorted, skolemised, gzip-compressed N-Quads, byte for byte the same
for the same quads.

Which quads: every graph of the store — the reference graphs (ontology, code lists, gazetteer), one
graph per record (published, withdrawn and quarantined records with their catalog records, as the
SPARQL endpoint serves them), any other graph and the default graph — except the harvest runs
(``<base_iri>run/…``: PROV activities with timings and cursors), which change with every run even
when no record does and describe the harvester, not the region.

Memory stays bounded: Oxigraph writes the snapshot's N-Quads into a sink that sorts runs of lines
on disk (:mod:`._sort`); only quads with blank nodes are held, to name them (:mod:`._skolem`).
"""

from __future__ import annotations

import gzip
import hashlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from .. import __version__
from ..config import Settings
from ..iris import Minter
from ..namespaces import prologue
from ..store import EmbeddedStore, GraphStore
from ._describe import publisher_name, write_series_file
from ._folder import Dump, dump_name, locked, prune, write_manifest
from ._lines import split
from ._skolem import Quad, genid_prefix, skolem_iris
from ._sort import ExternalSort

Progress = Callable[[str, int, int | None], None]
LEFT_OUT = "harvest runs: the named graphs <{prefix}…> (PROV activities with counts, timings and cursors)"
#: gzip -6, gzip's own default: level 9 takes twice as long for 3 % less.
COMPRESS_LEVEL = 6
_BATCH = 4096
_MODIFIED = (
    prologue("dcat", "rg", "dcterms", "xsd")
    + """SELECT (MAX(?t) AS ?latest) WHERE { ?r a dcat:CatalogRecord ;
  rg:harvestSource ?source ; dcterms:modified ?t FILTER(datatype(?t) = xsd:dateTime) }"""
)


def run_prefix(base_iri: str) -> str:
    """The IRI prefix of the harvest runs' graphs (see :meth:`Minter.run`)."""
    return Minter(base_iri).run("s", "t").removesuffix("s/t")


@dataclass
class _Sink:
    """Takes Oxigraph's N-Quads as it writes them and routes each line: left out, held (blank nodes) or sorted."""

    sort: ExternalSort
    excluded: bytes
    progress: Progress
    total: int | None = None
    carry: bytes = b""
    blank: list[ox.Quad] = field(default_factory=list)
    left_out: int = 0
    seen: int = 0

    def write(self, data: bytes) -> int:
        data = bytes(data)
        lines = (self.carry + data).splitlines(keepends=True)
        self.carry = lines.pop() if lines and not lines[-1].endswith(b"\n") else b""
        marker = b" " + self.excluded
        if marker in data or b"_:" in data:
            lines = [line for line in lines if self._keep(line, marker)]
        self.sort.extend(lines)
        self.seen += len(lines)
        self.progress("reading the store", len(lines), self.total)
        return len(data)

    def _keep(self, line: bytes, marker: bytes) -> bool:
        if marker in line and split(line)[2].startswith(self.excluded):
            self.left_out += 1
            return False
        if b"_:" in line:
            quad = next(iter(ox.parse(line, format=ox.RdfFormat.N_QUADS)))
            if any(isinstance(t, ox.BlankNode) for t in (quad.subject, quad.object, quad.graph_name)):
                self.blank.append(quad)
                return False
        return True

    def flush(self) -> None:
        """Oxigraph flushes its writer at the end; lines are complete by then."""


def _term(term: object) -> str:
    return "" if isinstance(term, ox.DefaultGraph) else str(term)


def _skolemised(quads: list[ox.Quad], prefix: str) -> list[bytes]:
    """The held blank-node quads with their skolem IRIs, as N-Quads lines."""
    texts: list[Quad] = [(_term(q.subject), _term(q.predicate), _term(q.object), _term(q.graph_name)) for q in quads]
    iris = skolem_iris(texts, prefix)

    def named(term):
        return ox.NamedNode(iris[str(term)]) if isinstance(term, ox.BlankNode) else term

    out = [ox.Quad(named(q.subject), q.predicate, named(q.object), named(q.graph_name)) for q in quads]
    return (ox.serialize(out, format=ox.RdfFormat.N_QUADS) or b"").splitlines(keepends=True)


def _read_store(store: GraphStore, sink: _Sink) -> str | None:
    """Feed every quad of ``store`` to ``sink``; the time its records last changed."""
    if isinstance(store, EmbeddedStore):
        store.generation()  # a snapshot reader moves to the newest snapshot now, and stays on it
        raw = store.raw
        # oxigraph writes to any object with write(); its stub asks for IO[bytes]
        raw.dump(sink, format=ox.RdfFormat.N_QUADS)  # type: ignore[arg-type]
        solutions = raw.query(_MODIFIED, use_default_graph_as_union=True)
        assert isinstance(solutions, ox.QuerySolutions)  # _MODIFIED is a SELECT
        rows = solutions
    else:
        batch: list[ox.Quad] = []
        for row in store.select("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"):
            batch.append(ox.Quad(row["s"], row["p"], row["o"], row["g"]))
            if len(batch) == 10_000:
                sink.write(ox.serialize(batch, format=ox.RdfFormat.N_QUADS) or b"")
                batch = []
        sink.write(ox.serialize(batch, format=ox.RdfFormat.N_QUADS) or b"")
        rows = store.select(_MODIFIED)
    latest = next(iter(rows))["latest"]
    return None if latest is None else latest.value


class _Hashing:
    """A binary file that hashes and counts what is written to it."""

    def __init__(self, out: BinaryIO) -> None:
        self.out, self.sha, self.size = out, hashlib.sha256(), 0

    def write(self, data: bytes) -> int:
        self.sha.update(data)
        self.size += len(data)
        return self.out.write(data)

    def flush(self) -> None:
        self.out.flush()


@dataclass
class _Counts:
    quads: int = 0
    triples: int = 0
    entities: int = 0
    graphs: set[bytes] = field(default_factory=set)


def _compress(lines: Iterator[bytes], out: _Hashing, *, genid: bytes, progress: Progress, total: int) -> _Counts:
    """Write ``lines`` gzip-compressed like ``gzip -n`` (no name, no time) and count what they hold.

    Lines arrive sorted, so a subject's lines and a triple's lines (one per graph) are adjacent.
    """
    counts = _Counts()
    previous_triple, previous_subject = b"", b""
    batch: list[bytes] = []
    with gzip.GzipFile(filename="", mode="wb", fileobj=out, mtime=0, compresslevel=COMPRESS_LEVEL) as gz:
        for line in lines:
            subject_end, triple_end, graph = split(line)
            subject, triple = line[:subject_end], line[:triple_end]
            if triple != previous_triple:
                counts.triples += 1
                previous_triple = triple
                if subject != previous_subject:
                    previous_subject = subject
                    counts.entities += subject.startswith(b"<") and not subject.startswith(genid)
            counts.graphs.add(graph)
            batch.append(line)
            if len(batch) == _BATCH:
                gz.write(b"".join(batch))
                counts.quads += len(batch)
                progress("sorting and writing", len(batch), total)
                batch = []
        gz.write(b"".join(batch))
        counts.quads += len(batch)
    counts.graphs.discard(b"")
    return counts


def _quiet(_label: str, _advance: int, _total: int | None) -> None:
    """No progress shown."""


def write_dump(settings: Settings, store: GraphStore, *, date: str, progress: Progress | None = None) -> Dump:
    """Write the dump of ``store`` (a snapshot reader: one snapshot) for the day ``date`` (``YYYY-MM-DD``) into
    ``settings.dumps_location``, replacing one of the same day, then apply ``dump_retention``.

    The files appear atomically: the ``.nq.gz``, its ``.sha256``, then the manifest that lists them.
    ``progress`` gets ``(label, advance, total)`` as from the loaders. Raises StoreError (the store
    could not be read) or OSError (the folder could not be written).
    """
    step = progress or _quiet
    folder, name = settings.dumps_location, dump_name(date)
    excluded = run_prefix(settings.base_iri)
    genid = genid_prefix(settings.base_iri)
    with locked(folder), ExternalSort(folder) as sort:
        sink = _Sink(sort, ("<" + excluded).encode(), step, store.count_quads())
        modified = _read_store(store, sink)
        sort.extend(_skolemised(sink.blank, genid))
        tmp = folder / f".{name}.nq.gz.{os.getpid()}"
        try:
            with tmp.open("wb") as raw:
                hashing = _Hashing(raw)
                counts = _compress(
                    sort.sorted(), hashing, genid=f"<{genid}".encode(), progress=step, total=sink.seen + len(sink.blank)
                )
                os.fsync(raw.fileno())
            dump = Dump(
                name=name,
                date=date,
                byte_size=hashing.size,
                sha256=hashing.sha.hexdigest(),
                quads=counts.quads,
                triples=counts.triples,
                entities=counts.entities,
                graphs=len(counts.graphs),
                modified=modified,
                left_out=LEFT_OUT.format(prefix=excluded),
                left_out_quads=sink.left_out,
                generator=f"regiongraph {__version__}",
            )
            tmp.replace(folder / dump.file)
        finally:
            tmp.unlink(missing_ok=True)
        _write_text(folder / dump.checksum_file, dump.checksum_line())
        write_manifest(folder, dump)
        prune(folder, keep=settings.dump_retention)
        write_series_file(settings, folder, publisher=publisher_name(store, settings))
    return dump


def _write_text(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
