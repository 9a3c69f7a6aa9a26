"""The embedded default: an on-disk Oxigraph store, no server to install."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import pyoxigraph as ox

from .. import ntriples as nt
from ..errors import StoreError
from ._base import QueryForms, QueryResult, UpdateStep
from ._binding import inject_values
from ._steps import CELL, select_text, with_solutions

#: N-Triples written between two flushes of the store's write buffers to disk.
FLUSH_BYTES = 16_000_000


class EmbeddedStore(QueryForms):
    """pyoxigraph ``Store`` behind the :class:`GraphStore` interface.

    Args:
        path: folder of the store; ``None`` for an in-memory store (tests, benchmarks).
        read_only: open an existing store for reading only, beside a process that writes it.
    """

    in_process = True

    def __init__(self, path: Path | None, *, read_only: bool = False) -> None:
        try:
            if read_only:
                if path is None or not path.is_dir():
                    raise StoreError(f"no store at {path}: run 'regiongraph load' first")
                self._store = ox.Store.read_only(str(path))
            else:
                if path is not None:
                    path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(path) if path is not None else None)
        except OSError as exc:
            raise StoreError(f"cannot open the store at {path}: {exc}") from exc
        self.path = path
        self.read_only = read_only
        self._unflushed = 0  # N-Triples bytes written since the last flush

    @property
    def raw(self) -> ox.Store:
        """The pyoxigraph store, for the few places that serialise inside Oxigraph."""
        return self._store

    def _reader(self) -> ox.Store:
        """The store to read from; a snapshot reader swaps in newer snapshots here."""
        return self._store

    def generation(self) -> str | None:
        """What names the content the next query reads, or ``None`` when it may change meanwhile.

        Equal generations mean equal content: answers and their cost can be reused across them.
        """
        return f"read-only:{self.path}" if self.read_only else None  # Oxigraph: nobody writes it

    def query(
        self,
        sparql: str,
        *,
        substitutions: Mapping[str, ox.NamedNode | ox.Literal] | None = None,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        own_dataset: bool = False,
        base_iri: str | None = None,
    ) -> QueryResult:
        text = inject_values(sparql, substitutions or {})
        try:
            options = _dataset_options(default_graphs, named_graphs, own_dataset=own_dataset)
            if base_iri is not None:
                options["base_iri"] = base_iri
            return self._reader().query(text, **options)
        except SyntaxError as exc:
            raise StoreError(f"SPARQL syntax error: {exc}") from exc
        except ValueError as exc:  # an invalid graph IRI in the dataset, or base IRI
            raise StoreError(f"invalid dataset or base IRI: {exc}") from exc

    def query_serialized(self, sparql: str, *, results_format: ox.QueryResultsFormat) -> bytes:
        result = self.query(sparql)
        if isinstance(result, ox.QueryTriples):
            raise StoreError("CONSTRUCT/DESCRIBE results are graphs, not result sets")
        return result.serialize(format=results_format) or b""  # never None: no output file is given

    def replace_graphs(self, graphs: Mapping[str, str]) -> None:
        if not graphs:
            return
        if any(self._store.contains_named_graph(ox.NamedNode(g)) for g in graphs):
            # One update request is one Oxigraph transaction: all graphs change, or none.
            parts = []
            for graph, data in graphs.items():
                g = nt.iri(graph)
                parts.append(f"DROP SILENT GRAPH {g} ;\nINSERT DATA {{ GRAPH {g} {{\n{data}}} }}")
            self.update(" ;\n".join(parts))
        else:
            self._insert_new(graphs)
        # Oxigraph keeps written data in memory until a flush: a long harvest would grow without bound.
        self._unflushed += sum(len(d) for d in graphs.values())
        if self._unflushed > FLUSH_BYTES:
            self._store.flush()
            self._unflushed = 0

    def _insert_new(self, graphs: Mapping[str, str]) -> None:
        """Fill graphs that do not exist yet with one N-Quads load, also one transaction.

        Nothing to drop, so no SPARQL update to parse (an eighth of a harvest's write time);
        a harvest's first run writes every record this way.
        """
        quads = [_as_quads(graph, data) for graph, data in graphs.items()]
        try:
            if all(q is not None for q in quads):
                self._store.load("".join(quads), format=ox.RdfFormat.N_QUADS)  # type: ignore[arg-type]
            else:  # N-Triples written some other way: parsed, and added in one transaction all the same
                self._store.extend(
                    [
                        ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(graph))
                        for graph, data in graphs.items()
                        for t in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)
                    ]
                )
        except (SyntaxError, OSError) as exc:
            raise StoreError(f"load failed: {exc}") from exc

    def load_graph(self, graph: str, data: bytes, *, fmt: ox.RdfFormat) -> None:
        target = ox.NamedNode(graph)
        self._store.remove_graph(target) if self._store.contains_named_graph(target) else None
        self._store.load(data, format=fmt, to_graph=target)

    def update(self, sparql_update: str, *, base_iri: str | None = None, steps: Sequence[UpdateStep] = ()) -> None:
        """Run a SPARQL update in one transaction; with a union ``WHERE`` among ``steps``, one per step.

        See :mod:`._steps`: Oxigraph gives an update's ``WHERE`` no union default graph, so a step that
        needs one is evaluated first as a query and then run over its solutions.
        """
        if not any(step.where is not None for step in steps):
            self._update(sparql_update, base_iri)
            return
        for step in steps:
            if step.where is None:
                self._update(step.text, base_iri)
                continue
            try:  # solutions are evaluated lazily: a refused socket (PermissionError) surfaces while reading them
                solutions = self.select(select_text(step), base_iri=base_iri)
                text, cell = with_solutions(step, solutions)
            except (OSError, RuntimeError) as exc:
                raise StoreError(f"update failed: {exc}") from exc
            self._update(text, base_iri, {CELL: cell})

    def _update(self, text: str, base_iri: str | None, functions: dict | None = None) -> None:
        try:
            self._store.update(text, base_iri=base_iri, custom_functions=functions)
        except (SyntaxError, OSError, RuntimeError) as exc:  # RuntimeError: e.g. CLEAR of a graph that is not there
            raise StoreError(f"update failed: {exc}") from exc
        except ValueError as exc:  # an invalid base IRI
            raise StoreError(f"invalid base IRI: {exc}") from exc

    def count_quads(self) -> int:
        return len(self._reader())

    def close(self) -> None:
        """Flush and let go of the store, so Oxigraph releases its lock now, not at garbage collection."""
        store = self.__dict__.pop("_store", None)
        if store is not None and not self.read_only:
            store.flush()


def _dataset_options(
    default_graphs: Sequence[str] | None, named_graphs: Sequence[str] | None, *, own_dataset: bool
) -> dict:
    """pyoxigraph's dataset options for the :class:`GraphStore` contract (``None`` on one side = all graphs).

    Raises:
        ValueError: a graph name is not an IRI.
    """
    if default_graphs is None and named_graphs is None:
        return {} if own_dataset else {"use_default_graph_as_union": True}
    options: dict = {}
    if default_graphs is None:
        options["use_default_graph_as_union"] = True
    else:
        options["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
    if named_graphs is not None:
        options["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
    return options


def _as_quads(graph: str, data: str) -> str | None:
    """``data`` as N-Quads in ``graph`` by text alone, if every line is one statement ending in `` .``.

    That is how Oxigraph writes N-Triples (newlines in literals are escaped, so no other line ends
    so); ``None`` for any other layout — blank lines, comments, a tab or no space before the dot.
    """
    text = data if data.endswith("\n") else data + "\n"
    if text.count(" .\n") != text.count("\n"):
        return None
    return text.replace(" .\n", f" {nt.iri(graph)} .\n")
