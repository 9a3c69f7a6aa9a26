"""What only the remote store has: its settings, the union option, and how it meets a failing server."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pyoxigraph as ox
import pytest

from regiongraph import Settings
from regiongraph.errors import StoreError
from regiongraph.store import RemoteStore, open_store
from support.helpers import free_port

EX = "http://example.org/"
JSON_ANSWER = b'{"head":{"vars":["o"]},"results":{"bindings":[{"o":{"type":"literal","value":"1"}}]}}'


class ScriptedServer:
    """A real HTTP server on loopback that answers each request with the next scripted ``(status, delay)``."""

    def __init__(self, *script: tuple[int, float]) -> None:
        self.script = list(script)
        self.requests: list[tuple[str, dict[str, list[str]]]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length", 0))).decode()
                outer.requests.append((self.path, parse_qs(body, keep_blank_values=True)))
                status, delay = outer.script.pop(0) if outer.script else (200, 0.0)
                time.sleep(delay)
                payload = JSON_ANSWER if status == 200 else b"scripted failure"
                self.send_response(status)
                self.send_header("Content-Type", "application/sparql-results+json" if status == 200 else "text/plain")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args) -> None:  # keep the test output clean
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.server.daemon_threads = True  # a handler still sleeping must not hold up the teardown
        self.url = f"http://127.0.0.1:{self.server.server_port}"

    def __enter__(self) -> ScriptedServer:
        threading.Thread(target=self.server.serve_forever, args=(0.02,), daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def scripted(request: pytest.FixtureRequest) -> Iterator[ScriptedServer]:
    with ScriptedServer(*request.param) as server:
        yield server


@pytest.mark.parametrize("scripted", [[(503, 0), (502, 0)]], indirect=True)
def test_a_read_is_tried_again_after_502_and_503(scripted):
    store = RemoteStore(f"{scripted.url}/query")
    try:
        assert [r["o"].value for r in store.query("SELECT ?o WHERE { ?s ?p ?o }")] == ["1"]
    finally:
        store.close()
    assert len(scripted.requests) == 3
    assert all(fields["union-default-graph"] == [""] for _, fields in scripted.requests)


@pytest.mark.parametrize("scripted", [[(503, 0), (503, 0), (504, 0)]], indirect=True)
def test_a_read_gives_up_after_three_attempts(scripted):
    store = RemoteStore(f"{scripted.url}/query")
    with pytest.raises(StoreError, match=r"failed \(504\).*/query.*scripted failure"):
        store.query("ASK {}")
    store.close()
    assert len(scripted.requests) == 3


@pytest.mark.parametrize("scripted", [[(503, 0)]], indirect=True)
def test_an_update_is_never_tried_again(scripted):
    store = RemoteStore(f"{scripted.url}/query", update_url=f"{scripted.url}/update")
    with pytest.raises(StoreError, match="503"):
        store.update("CLEAR ALL")
    store.close()
    assert [path for path, _ in scripted.requests] == ["/update"]


@pytest.mark.parametrize("scripted", [[(200, 0.6)]], indirect=True)
def test_a_slow_store_times_out_without_retries(scripted):
    store = RemoteStore(f"{scripted.url}/query", timeout=0.2)
    with pytest.raises(StoreError, match="did not answer in time"):
        store.query("ASK {}")
    store.close()
    assert len(scripted.requests) == 1


@pytest.mark.parametrize("scripted", [[]], indirect=True)
def test_query_serialized_converts_when_the_store_prefers_another_format(scripted):
    store = RemoteStore(f"{scripted.url}/query")
    try:
        tsv = store.query_serialized("SELECT ?o WHERE { ?s ?p ?o }", results_format=ox.QueryResultsFormat.TSV)
    finally:
        store.close()
    assert tsv.decode().splitlines() == ["?o", '"1"']


def test_an_unreachable_store_is_a_store_error_naming_the_url():
    url = f"http://127.0.0.1:{free_port()}/query"
    store = RemoteStore(url)
    started = time.monotonic()
    with pytest.raises(StoreError, match=f"cannot reach the store at {url}"):
        store.query("ASK {}")
    assert time.monotonic() - started >= 0.7, "a read waits 0.2 s and 0.5 s before its second and third try"
    store.close()


def test_without_union_default_graph_the_default_graph_is_the_stores_own(oxigraph):
    oxigraph.wipe()
    store = oxigraph.store(union_default_graph=False)
    try:
        store.update(f'INSERT DATA {{ GRAPH <{EX}g> {{ <{EX}s> <{EX}p> "1" }} }}')
        assert list(store.query("SELECT * WHERE { ?s ?p ?o }")) == []
        assert len(list(store.query("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }"))) == 1
    finally:
        store.close()


def test_a_closed_store_refuses_work(oxigraph):
    store = oxigraph.store()
    store.close()
    with pytest.raises(StoreError, match="closed"):
        store.query("ASK {}")


@pytest.mark.parametrize("with_graph_store", [True, False])
def test_invalid_data_for_load_graph_is_refused(oxigraph, with_graph_store):
    oxigraph.wipe()
    store = oxigraph.store(with_graph_store=with_graph_store)
    try:
        with pytest.raises(StoreError):
            store.load_graph(f"{EX}g", b"<http://example.org/s> <http://example.org/p> .", fmt=ox.RdfFormat.TURTLE)
        assert store.count_quads() == 0
    finally:
        store.close()


def test_settings_with_a_store_url_open_the_remote_store(oxigraph, tmp_path):
    oxigraph.wipe()
    settings = Settings.load(
        environ={
            "REGIONGRAPH_STORE_URL": f"{oxigraph.url}/query",
            "REGIONGRAPH_STORE_UPDATE_URL": f"{oxigraph.url}/update",
            "REGIONGRAPH_STORE_GRAPH_URL": f"{oxigraph.url}/store",
            "REGIONGRAPH_STORE_TIMEOUT": "5",
        },
        data_dir=tmp_path,
    )
    store = open_store(settings)
    try:
        assert isinstance(store, RemoteStore)
        assert (store.update_url, store.graph_url) == (f"{oxigraph.url}/update", f"{oxigraph.url}/store")
        store.load_graph(f"{EX}g", f'<{EX}s> <{EX}p> "1" .\n'.encode(), fmt=ox.RdfFormat.N_TRIPLES)
        assert store.count_quads() == 1
    finally:
        store.close()
    assert not (tmp_path / "store").exists(), "a remote configuration creates no embedded store"
