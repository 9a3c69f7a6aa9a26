"""No route from a query to the network, end to end: a loopback listener receives nothing.

Generated texts (``tests/support/tricky.py``: escapes, comments, strings, prefixes, variables,
SERVICE and LOAD) aimed at a listener on loopback go to the public query route (GET and POST) and
to the update route (with the admin token) of real servers: one as configured by default (both
layers), one with the lexical guard switched off (``create_app(guard=False)``: the sandboxed
threads alone), and one over a remote store (a real ``oxigraph serve``) with the guard off
(Oxigraph's parser on the respelled text alone). The listener must see no connection; controls show
that the same texts do reach it when nothing stands in the way.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import httpx
import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from regiongraph import Settings
from regiongraph.app import create_app
from regiongraph.store import RemoteStore, SnapshotStore, writing
from support.helpers import LiveServer, OxigraphServer
from support.oracle import reads_keyword
from support.tricky import queries, updates

TOKEN = "ssrf-admin"
EXAMPLES = settings(
    max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None
)


class Listener:
    """A loopback TCP listener that counts the connections it gets (and closes them)."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/sparql"
        self.count = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.count += 1
            conn.close()


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    trap = Listener()
    yield trap
    trap.sock.close()


@pytest.fixture(scope="module")
def local(tmp_path_factory) -> Settings:
    settings = Settings.load(environ={}, data_dir=tmp_path_factory.mktemp("ssrf"), admin_token=TOKEN)
    with writing(settings) as store:
        store.raw.add(
            ox.Quad(ox.NamedNode("http://a/s"), ox.NamedNode("http://a/p"), ox.Literal("o"), ox.NamedNode("http://a/g"))
        )
    return settings


@pytest.fixture(scope="module")
def remote(tmp_path_factory) -> Iterator[OxigraphServer]:
    with OxigraphServer(tmp_path_factory.mktemp("ssrf-oxigraph") / "db") as server:
        yield server


@pytest.fixture(scope="module")
def servers(local, remote) -> Iterator[dict[str, LiveServer]]:
    remote_settings = local.with_(store_url=f"{remote.url}/query", store_update_url=f"{remote.url}/update")
    remote_store = RemoteStore.from_settings(remote_settings)
    apps = {
        "both layers": create_app(local, SnapshotStore(local)),
        "sandbox alone": create_app(local, SnapshotStore(local), guard=False),
        "remote, parser alone": create_app(remote_settings, remote_store, guard=False),
    }
    live = {name: LiveServer(app) for name, app in apps.items()}
    for server in live.values():
        server.__enter__()
    yield live
    for server in live.values():
        server.__exit__(None, None, None)


def _send(server: LiveServer, text: str, how: str) -> httpx.Response:
    with httpx.Client(base_url=server.url, timeout=30) as client:
        if how == "get":
            return client.get("/sparql", params={"query": text})
        if how == "post":
            return client.post("/sparql", data={"query": text})
        return client.post(
            "/sparql/update",
            content=text.encode(),
            headers={"content-type": "application/sparql-update", "authorization": f"Bearer {TOKEN}"},
        )


@pytest.mark.parametrize("layers", ["both layers", "sandbox alone", "remote, parser alone"])
def test_generated_queries_and_updates_reach_no_listener(servers, listener, layers):
    server, seen = servers[layers], []

    @EXAMPLES
    @given(
        text=st.one_of(
            queries(evil=listener.url).map(lambda t: (t, "q")), updates(evil=listener.url).map(lambda t: (t, "u"))
        ),
        how=st.sampled_from(["get", "post"]),
    )
    def check(text, how):
        text, kind = text
        response = _send(server, text, how if kind == "q" else "update")
        assert response.status_code < 500, (response.status_code, response.text[:300])
        assert listener.count == 0, (layers, text)
        seen.append(reads_keyword(text, update=kind == "u") is not None)

    check()
    assert listener.count == 0
    assert sum(seen) >= 15, "the corpus holds texts Oxigraph reads as SERVICE or LOAD"


def test_the_listener_is_reached_when_nothing_stands_in_the_way(listener, remote):
    """Controls: unconfined Oxigraph, and ``oxigraph serve`` asked directly, do connect."""
    before = listener.count
    text = f"SELECT * {{ SERVICE <{listener.url}> {{ }} }}"
    with pytest.raises(OSError):
        list(ox.Store().query(text))
    httpx.post(f"{remote.url}/query", data={"query": text}, timeout=30)
    assert listener.count >= before + 2
    listener.count = 0  # the other tests start from nothing
