"""A live RegionGraph over a store of its own, for suites that load data and wipe it between tests.

The data of a test reaches the store through the admin update route (``DROP ALL`` and one
``INSERT DATA``), as an operator would load it; a second test on the same data skips the load.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pyoxigraph as ox

from regiongraph import Settings
from regiongraph.app import create_app
from regiongraph.store import RemoteStore, SnapshotStore, writing
from support.helpers import LiveServer

TOKEN = "w3c-suite-token"
ACCEPT = f"{ox.QueryResultsFormat.JSON.media_type}, {ox.RdfFormat.N_TRIPLES.media_type}"


def ntriples(path: Path, base_iri: str) -> str:
    """``path`` (Turtle, RDF/XML, N-Triples) as N-Triples, parsed by Oxigraph with the suite's base IRI."""
    fmt = ox.RdfFormat.from_extension(path.suffix.lstrip("."))
    if fmt is None:
        raise ValueError(f"unknown RDF format of {path}")
    triples = ox.parse(path=path, format=fmt, base_iri=base_iri)
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")


class Endpoint:
    """The HTTP face of one live server: SPARQL queries, admin updates, and test data set-up."""

    def __init__(self, kind: str, url: str) -> None:
        self.kind, self.url = kind, url
        self.client = httpx.Client(base_url=url, timeout=60)
        self._loaded: object = None

    def update(self, text: str, params: list[tuple[str, str]] | None = None) -> httpx.Response:
        return self.client.post(
            "/sparql/update",
            params=params,
            content=text.encode("utf-8"),
            headers={"content-type": "application/sparql-update", "authorization": f"Bearer {TOKEN}"},
        )

    def load(self, default: tuple[tuple[str, Path], ...], named: tuple[tuple[str, Path], ...]) -> None:
        """Make the store hold exactly these graphs: ``default`` files in its default graph, ``named`` in theirs."""
        wanted = (default, named)
        if wanted == self._loaded:
            return
        self._loaded = None
        parts = [ntriples(path, iri) for iri, path in default]
        parts += [f"GRAPH <{graph}> {{\n{ntriples(path, graph)}}}" for graph, path in named]
        response = self.update("DROP ALL ;\nINSERT DATA {\n" + "\n".join(parts) + "\n}")
        assert response.status_code == 204, f"loading the test data failed: {response.status_code} {response.text}"
        self._loaded = wanted

    def forget(self) -> None:
        """The store was changed behind :meth:`load`'s back (a protocol test's update)."""
        self._loaded = None

    def query(self, text: str, params: list[tuple[str, str]] | None = None) -> httpx.Response:
        return self.client.post(
            "/sparql",
            params=params,
            content=text.encode("utf-8"),
            headers={"content-type": "application/sparql-query", "accept": ACCEPT},
        )

    def close(self) -> None:
        self.client.close()


@contextmanager
def embedded_endpoint(folder: Path) -> Iterator[Endpoint]:
    """The app over an embedded store in ``folder`` (empty), writes under the store's write lock."""
    settings = Settings.load(environ={}, data_dir=folder, admin_token=TOKEN)
    with writing(settings):
        pass  # publishes the first (empty) snapshot that the app reads
    with LiveServer(create_app(settings, SnapshotStore(settings))) as server:
        endpoint = Endpoint("embedded", server.url)
        yield endpoint
        endpoint.close()


@contextmanager
def remote_endpoint(oxigraph_url: str, folder: Path) -> Iterator[Endpoint]:
    """The app over a real ``oxigraph serve`` at ``oxigraph_url`` (the remote-store backend)."""
    settings = Settings.load(
        environ={},
        data_dir=folder,
        admin_token=TOKEN,
        store_url=f"{oxigraph_url}/query",
        store_update_url=f"{oxigraph_url}/update",
        store_graph_url=f"{oxigraph_url}/store",
    )
    store = RemoteStore.from_settings(settings)
    try:
        with LiveServer(create_app(settings, store)) as server:
            endpoint = Endpoint("remote", server.url)
            yield endpoint
            endpoint.close()
    finally:
        store.close()
