"""The interface every store backend offers: SPARQL in, bulk N-Triples per named graph."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol, TypedDict, TypeVar, Unpack

import pyoxigraph as ox

from ..errors import QueryError

#: What a read query answers: rows (SELECT), a truth value (ASK) or triples (CONSTRUCT, DESCRIBE).
QueryResult = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples
_Form = TypeVar("_Form", ox.QuerySolutions, ox.QueryBoolean, ox.QueryTriples)


class QueryOptions(TypedDict, total=False):
    """The keyword arguments of :meth:`GraphStore.query`, shared by the typed verbs."""

    substitutions: Mapping[str, ox.NamedNode | ox.Literal] | None
    default_graphs: Sequence[str] | None
    named_graphs: Sequence[str] | None
    own_dataset: bool
    base_iri: str | None


@dataclass(frozen=True, slots=True)
class UpdateStep:
    """A piece of an update request, cut before an operation that reads the store with ``WHERE``.

    A store that cannot give an update's ``WHERE`` the union default graph itself (the embedded
    Oxigraph) runs the pieces in order, each in one transaction; the caller, which reads SPARQL,
    cuts them (the store does not parse SPARQL).

    Attributes:
        text: the piece as a complete update request (its ``PREFIX``/``BASE`` declarations first).
        where: the span in ``text`` of the ``WHERE`` group (braces included) of its first operation,
            when that operation names no dataset (no ``USING``, no ``WITH``): the group reads the
            union default graph, as queries do. ``None``: the piece reads what its text says.
        prologue: ``text[:prologue]`` are the declarations in force, for evaluating the group alone.
        own_dataset: its first operation names its dataset itself (``USING`` or ``WITH``).
    """

    text: str
    where: tuple[int, int] | None = None
    prologue: int = 0
    own_dataset: bool = False


class GraphStore(Protocol):
    """A SPARQL 1.1 dataset with one named graph per record.

    The default graph seen by queries, and by the ``WHERE`` of updates, is the union of all
    named graphs, unless the query or update names its dataset (``FROM``, ``USING``, ``WITH``) or
    the caller does (the protocol's ``default-graph-uri`` and ``named-graph-uri``).

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
        own_dataset: bool = False,
        base_iri: str | None = None,
    ) -> QueryResult:
        """Run a read query of any form (the SPARQL protocol passes whatever it is asked).

        Callers that know the form use :meth:`select`, :meth:`ask` or :meth:`construct`.

        Args:
            substitutions: values bound to variables (never pasted into the text).
            default_graphs: the graphs forming the default graph; ``None`` = the union of all graphs.
            named_graphs: the graphs ``GRAPH`` sees; ``None`` = every named graph. Given together,
                the two are the SPARQL protocol's dataset and replace the text's own.
            own_dataset: the text names its dataset (``FROM`` / ``FROM NAMED``, as the caller read
                it): without ``default_graphs`` and ``named_graphs`` it is evaluated over that
                dataset instead of the union default graph.
            base_iri: the IRI relative IRIs of the text resolve against (a ``BASE`` in the text wins).
        Raises:
            StoreError: the query is malformed or the store failed.
        """
        ...

    def select(self, sparql: str, **options: Unpack[QueryOptions]) -> ox.QuerySolutions:
        """The rows of a SELECT query; ``options`` as in :meth:`query`.

        Raises:
            QueryError: the query is not a SELECT.
            StoreError: as :meth:`query`.
        """
        ...

    def ask(self, sparql: str, **options: Unpack[QueryOptions]) -> bool:
        """The answer of an ASK query; ``options`` as in :meth:`query`.

        Raises:
            QueryError: the query is not an ASK.
            StoreError: as :meth:`query`.
        """
        ...

    def construct(self, sparql: str, **options: Unpack[QueryOptions]) -> ox.QueryTriples:
        """The triples of a CONSTRUCT or DESCRIBE query; ``options`` as in :meth:`query`.

        Raises:
            QueryError: the query is neither a CONSTRUCT nor a DESCRIBE.
            StoreError: as :meth:`query`.
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

    def update(self, sparql_update: str, *, base_iri: str | None = None, steps: Sequence[UpdateStep] = ()) -> None:
        """Run a SPARQL update in one transaction.

        Args:
            base_iri: the IRI relative IRIs of the text resolve against.
            steps: ``sparql_update`` cut into :class:`UpdateStep` pieces, given when some operation's
                ``WHERE`` is to read the union default graph. Without them every ``WHERE`` reads the
                store's own default graph (RegionGraph's writers match records with ``GRAPH``). A store
                that cannot set an update's dataset runs the pieces one transaction each.
        """
        ...

    def count_quads(self) -> int: ...

    def generation(self) -> str | None:
        """What names the content the next query reads; ``None`` when it may change meanwhile."""
        ...

    def close(self) -> None: ...


class QueryForms:
    """:meth:`GraphStore.select`, :meth:`~GraphStore.ask` and :meth:`~GraphStore.construct` over a backend's ``query``.

    A backend inherits them, so the form check is written once for every backend.
    """

    def query(self, sparql: str, **options: Unpack[QueryOptions]) -> QueryResult:
        raise NotImplementedError  # each backend runs queries its own way

    def select(self, sparql: str, **options: Unpack[QueryOptions]) -> ox.QuerySolutions:
        return of_form(self.query(sparql, **options), ox.QuerySolutions, "a SELECT")

    def ask(self, sparql: str, **options: Unpack[QueryOptions]) -> bool:
        return bool(of_form(self.query(sparql, **options), ox.QueryBoolean, "an ASK"))

    def construct(self, sparql: str, **options: Unpack[QueryOptions]) -> ox.QueryTriples:
        return of_form(self.query(sparql, **options), ox.QueryTriples, "a CONSTRUCT or DESCRIBE")


def of_form(result: QueryResult, form: type[_Form], name: str) -> _Form:
    """``result`` if it is of ``form`` (``name`` says which query form that is, for the message)."""
    if not isinstance(result, form):
        raise QueryError(f"{name} query was expected, got one answering with {type(result).__name__}")
    return result
