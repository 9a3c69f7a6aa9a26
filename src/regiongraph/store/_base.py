"""The interface every store backend offers: SPARQL in, bulk N-Triples per named graph."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

import pyoxigraph as ox


class GraphStore(Protocol):
    """A SPARQL 1.1 dataset with one named graph per record.

    The default graph seen by queries is the union of all named graphs.

    Attributes:
        in_process: queries are evaluated in this process, so an answer can be watched, and cut
            off, while Oxigraph writes it; a remote store's answer is on its way as a whole.
    """

    in_process: bool

    def query(
        self,
        sparql: str,
        *,
        substitutions: Mapping[str, ox.NamedNode | ox.Literal] | None = None,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
    ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """Run a read query.

        Args:
            substitutions: values bound to variables (never pasted into the text).
            default_graphs: the SPARQL protocol's ``default-graph-uri``; ``None`` = union of all graphs.
            named_graphs: the protocol's ``named-graph-uri``; ``None`` = every named graph.
        Raises:
            StoreError: the query is malformed or the store failed.
        """
        ...

    def query_serialized(self, sparql: str, *, results_format: ox.QueryResultsFormat) -> bytes:
        """Run a SELECT/ASK query and serialise its results inside the store."""
        ...

    def replace_graphs(self, graphs: Mapping[str, str]) -> None:
        """Replace each named graph by the given N-Triples, all in one transaction."""
        ...

    def load_graph(self, graph: str, data: bytes, *, fmt: ox.RdfFormat) -> None:
        """Replace one (large) graph by a bulk load of ``data``."""
        ...

    def update(self, sparql_update: str) -> None:
        """Run a SPARQL update in one transaction."""
        ...

    def count_quads(self) -> int:
        ...

    def generation(self) -> str | None:
        """What names the content the next query reads; ``None`` when it may change meanwhile."""
        ...

    def close(self) -> None:
        ...
