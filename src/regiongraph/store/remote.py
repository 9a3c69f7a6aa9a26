"""A remote SPARQL 1.1 store (Oxigraph server, Fuseki, Virtuoso, …) behind the :class:`GraphStore` interface.

Queries go through the SPARQL 1.1 Protocol, writes through SPARQL 1.1 Update and, when a
Graph Store Protocol URL is configured, bulk loads through ``PUT``. Answers come back as
the same pyoxigraph objects the embedded store returns, so callers cannot tell them apart.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from urllib.parse import urlencode

import httpx
import pyoxigraph as ox

from .. import ntriples as nt
from ..config import Settings
from ..errors import StoreError
from ._base import QueryForms, QueryResult, UpdateStep, of_form
from ._binding import inject_values

_ACCEPT = f"{ox.QueryResultsFormat.JSON.media_type}, {ox.RdfFormat.N_TRIPLES.media_type}"
_UPDATE_TYPE = "application/sparql-update"
#: Pauses before the second and third attempt of a read.
_BACKOFF = (0.2, 0.5)
_RETRY_STATUS = frozenset({502, 503, 504})
# Failures where the request surely did not run to completion: worth another try for a read.
_TRANSIENT = (httpx.NetworkError, httpx.ConnectTimeout, httpx.RemoteProtocolError)
#: A graph no one writes: names an empty default graph, which the protocol cannot say otherwise.
_EMPTY_GRAPH = "urn:x-regiongraph:empty-graph"
_LIST_GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { } }"
_Params = list[tuple[str, str]]


class RemoteStore(QueryForms):
    """A SPARQL 1.1 store addressed by URL.

    Args:
        query_url: the SPARQL 1.1 query endpoint, e.g. ``http://127.0.0.1:7878/query``.
        update_url: the SPARQL 1.1 update endpoint; defaults to ``query_url``.
        graph_url: the Graph Store Protocol endpoint; without it bulk loads become updates.
        timeout: seconds one request may take.
        union_default_graph: ask for the union of all named graphs as the default graph with
            Oxigraph server's ``union-default-graph`` parameter. Turn it off for stores that
            are configured to do so themselves (Fuseki: ``tdb2:unionDefaultGraph true``;
            Virtuoso, GraphDB: see docs/stores.md) or that refuse unknown parameters.
        headers: sent with every request, e.g. ``{"Authorization": "Bearer …"}``.
    """

    in_process = False

    def __init__(
        self,
        query_url: str,
        *,
        update_url: str | None = None,
        graph_url: str | None = None,
        timeout: float = 60.0,
        union_default_graph: bool = True,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self.query_url = query_url
        self.update_url = update_url or query_url
        self.graph_url = graph_url
        self.union_default_graph = union_default_graph
        self._client = httpx.Client(timeout=httpx.Timeout(timeout), headers=dict(headers or {}))

    @classmethod
    def from_settings(cls, settings: Settings) -> RemoteStore:
        """The store named by the ``store_*`` settings."""
        if not settings.store_url:
            raise StoreError("store_url is not set")
        headers = {"Authorization": f"Bearer {settings.store_token}"} if settings.store_token else None
        return cls(
            settings.store_url,
            update_url=settings.store_update_url,
            graph_url=settings.store_graph_url,
            timeout=settings.store_timeout,
            union_default_graph=settings.store_union_default_graph,
            headers=headers,
        )

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
        """Run a read query on the remote store; see :meth:`GraphStore.query`.

        The protocol has no base IRI parameter: a ``BASE`` declaration before the text sets it (one
        in the text itself still wins, resolved against it).

        Raises:
            StoreError: the store rejected the query, failed, or could not be reached.
        """
        text = _based(inject_values(sparql, substitutions or {}), base_iri)
        dataset = (
            []
            if own_dataset and default_graphs is None and named_graphs is None
            else self._dataset(default_graphs, named_graphs)
        )
        return _parse_answer(self._ask(text, _ACCEPT, dataset))

    def query_serialized(self, sparql: str, *, results_format: ox.QueryResultsFormat) -> bytes:
        """Run a SELECT/ASK query and return the store's own serialisation in ``results_format``."""
        response = self._ask(sparql, results_format.media_type, self._dataset(None, None))
        if _results_format(response) == results_format:
            return response.content
        # The store answered in another format it prefers: convert, as the embedded store would serialise.
        answer = _parse_answer(response)
        if isinstance(answer, ox.QueryTriples):
            raise StoreError("CONSTRUCT/DESCRIBE results are graphs, not result sets")
        return answer.serialize(format=results_format) or b""  # never None: no output file is given

    def replace_graphs(self, graphs: Mapping[str, str]) -> None:
        """Replace each graph by its N-Triples in ONE update request.

        Oxigraph and Fuseki run one request in one transaction, so all graphs change or none.
        A blank node label may not appear in two graphs of one call (the update would be
        refused): callers skolemise blank nodes, as the pipeline does.
        """
        if not graphs:
            return
        parts = []
        for graph, data in graphs.items():
            g = nt.iri(graph)
            parts.append(f"DROP SILENT GRAPH {g} ;\nINSERT DATA {{ GRAPH {g} {{\n{data}}} }}")
        self.update(" ;\n".join(parts))

    def load_graph(self, graph: str, data: bytes, *, fmt: ox.RdfFormat) -> None:
        """Replace one graph by ``data``: a Graph Store Protocol ``PUT`` when possible, else an update.

        Raises:
            StoreError: ``data`` is not valid ``fmt``, or the store refused it.
        """
        if self.graph_url and not fmt.supports_datasets:
            headers = {"Content-Type": fmt.media_type}
            self._send("PUT", self.graph_url, retry=False, params={"graph": graph}, content=data, headers=headers)
            return
        self.replace_graphs({graph: _to_ntriples(data, fmt)})

    def update(self, sparql_update: str, *, base_iri: str | None = None, steps: Sequence[UpdateStep] = ()) -> None:
        """Run a SPARQL update; never retried, since an update that half-arrived may have run.

        A ``WHERE`` that reads the union default graph (``steps``) gets it from Oxigraph server's
        ``using-union-graph`` parameter, for the whole request at once. The server refuses that
        parameter beside an operation with ``USING`` or ``WITH``: a request that mixes both is
        sent piece by piece, each piece with or without it.
        """
        union = self.union_default_graph and any(step.where is not None for step in steps)
        if not union or not any(step.own_dataset for step in steps):
            self._post_update(_based(sparql_update, base_iri), union)
            return
        for step in steps:
            self._post_update(_based(step.text, base_iri), step.where is not None)

    def _post_update(self, text: str, union: bool) -> None:
        headers = {"Content-Type": f"{_UPDATE_TYPE}; charset=utf-8"}
        params = {"using-union-graph": "true"} if union else None
        self._send("POST", self.update_url, retry=False, params=params, content=text.encode("utf-8"), headers=headers)

    def generation(self) -> None:
        """Other clients may write a remote store at any time."""
        return None

    def count_quads(self) -> int:
        """Quads in the named graphs (a store's own default graph is not counted; RegionGraph never writes it)."""
        result = self._ask("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", _ACCEPT, [])
        rows = list(of_form(_parse_answer(result), ox.QuerySolutions, "a SELECT"))
        return int(rows[0]["n"].value) if rows else 0

    def close(self) -> None:
        """Close the HTTP connections; the store can no longer be used."""
        self._client.close()

    def _dataset(self, default_graphs: Sequence[str] | None, named_graphs: Sequence[str] | None) -> _Params:
        """Protocol parameters for the dataset the :class:`GraphStore` contract promises."""
        if default_graphs is None and named_graphs is None:
            return [("union-default-graph", "")] if self.union_default_graph else []
        # The protocol takes a dataset given on one side as empty on the other; the contract
        # means "all graphs" there, so that side names every graph.
        if default_graphs is None or named_graphs is None:
            every = self._graph_names()
            default_graphs = every if default_graphs is None else default_graphs
            named_graphs = every if named_graphs is None else named_graphs
        params = [("default-graph-uri", g) for g in default_graphs]
        params += [("named-graph-uri", g) for g in named_graphs]
        return params or [("default-graph-uri", _EMPTY_GRAPH)]

    def _graph_names(self) -> list[str]:
        response = self._ask(_LIST_GRAPHS, _ACCEPT, [])
        return [row["g"].value for row in of_form(_parse_answer(response), ox.QuerySolutions, "a SELECT")]

    def _ask(self, sparql: str, accept: str, dataset: _Params) -> httpx.Response:
        # Form-encoded by hand: the dataset parameters repeat, and the order is kept.
        body = urlencode([("query", sparql), *dataset]).encode("ascii")
        headers = {"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"}
        return self._send("POST", self.query_url, retry=True, content=body, headers=headers)

    def _send(self, method: str, url: str, *, retry: bool, **kwargs) -> httpx.Response:
        """One request; reads are tried again after network failures and 502/503/504."""
        if self._client.is_closed:
            raise StoreError(f"the store at {url} is closed")
        delays = [*_BACKOFF, None] if retry else [None]
        for delay in delays:
            try:
                response = self._client.request(method, url, **kwargs)
            except _TRANSIENT as exc:
                if delay is None:
                    raise StoreError(f"cannot reach the store at {url}: {exc!r}") from exc
            except httpx.TimeoutException as exc:
                raise StoreError(f"the store at {url} did not answer in time: {exc!r}") from exc
            except httpx.HTTPError as exc:
                raise StoreError(f"request to the store at {url} failed: {exc!r}") from exc
            else:
                if response.status_code not in _RETRY_STATUS or delay is None:
                    return _checked(response)
            time.sleep(delay)
        raise AssertionError("unreachable: the last attempt returns or raises")


def _based(text: str, base_iri: str | None) -> str:
    """``text`` with ``base_iri`` declared on its first line (line numbers in the store's messages still match)."""
    return text if base_iri is None else f"BASE {nt.iri(base_iri)} {text}"


def _checked(response: httpx.Response) -> httpx.Response:
    if response.is_success:
        return response
    message = response.text.strip()[:2000] or response.reason_phrase
    where = f"{response.request.method} {response.request.url.copy_with(query=None)}"
    if response.is_client_error:
        raise StoreError(f"the store refused the request ({response.status_code}): {message} [{where}]")
    raise StoreError(f"the store failed ({response.status_code}) at {where}: {message}")


def _media_type(response: httpx.Response) -> str:
    return response.headers.get("content-type", "").split(";")[0].strip().lower()


def _results_format(response: httpx.Response) -> ox.QueryResultsFormat | None:
    return ox.QueryResultsFormat.from_media_type(_media_type(response)) if _media_type(response) else None


def _parse_answer(response: httpx.Response) -> QueryResult:
    """The pyoxigraph object for a query answer, chosen by the answer's content type."""
    media = _media_type(response)
    results = _results_format(response)
    try:
        if results is not None:
            return ox.parse_query_results(response.content, format=results)
        rdf = ox.RdfFormat.from_media_type(media) if media else None
        if rdf is not None:
            return _as_query_triples(response.content, rdf)
    except (SyntaxError, ValueError) as exc:
        raise StoreError(f"the store answered with invalid {media}: {exc}") from exc
    raise StoreError(f"the store answered with an unexpected content type {media!r}")


def _as_query_triples(data: bytes, fmt: ox.RdfFormat) -> ox.QueryTriples:
    # Callers test isinstance(result, ox.QueryTriples), which no Python class can imitate:
    # load the graph into a scratch store (in Rust, in bulk) and let it answer a CONSTRUCT.
    scratch = ox.Store()
    scratch.load(data, format=fmt, to_graph=ox.DefaultGraph())
    return of_form(scratch.query("CONSTRUCT WHERE { ?s ?p ?o }"), ox.QueryTriples, "a CONSTRUCT")


def _to_ntriples(data: bytes, fmt: ox.RdfFormat) -> str:
    """``data`` as canonical N-Triples, ready to paste into ``INSERT DATA`` (converted in bulk)."""
    scratch = ox.Store()
    try:
        scratch.load(data, format=fmt, to_graph=ox.DefaultGraph())
    except (SyntaxError, ValueError) as exc:
        raise StoreError(f"cannot load the data as {fmt.name}: {exc}") from exc
    data = scratch.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()) or b""  # no output file: bytes
    return data.decode("utf-8")
