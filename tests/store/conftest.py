"""Store backends for the contract suite: embedded (memory, disk) and remote (a real ``oxigraph serve``)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from helpers import free_port
from regiongraph.store import EmbeddedStore, GraphStore, RemoteStore


def oxigraph_binary() -> str:
    """The ``oxigraph`` command of the PyPI package ``oxigraph`` (the ``test`` extra installs it)."""
    beside = Path(sys.executable).with_name("oxigraph")
    found = shutil.which("oxigraph") or (str(beside) if beside.exists() else None)
    if found is None:
        pytest.fail("the 'oxigraph' command is missing: pip install -e '.[test]'")
    return found


class OxigraphServer:
    """A real ``oxigraph serve`` on a free loopback port, storing its data in ``location``."""

    def __init__(self, location: Path) -> None:
        self.location = location
        self.url = f"http://127.0.0.1:{free_port()}"
        self.log = location.with_suffix(".log")
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> OxigraphServer:
        command = [oxigraph_binary(), "serve", "--location", str(self.location), "--bind", self.url[len("http://"):]]
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        self._wait_until_it_answers()
        return self

    def _wait_until_it_answers(self) -> None:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"oxigraph serve exited: {self.log.read_text(errors='replace')}")
            try:
                httpx.post(f"{self.url}/query", data={"query": "ASK {}"}, timeout=1).raise_for_status()
                return
            except httpx.HTTPError:
                time.sleep(0.05)
        raise RuntimeError("oxigraph serve did not answer within 20 s")

    def __exit__(self, *exc) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def store(self, *, with_graph_store: bool = True, **options) -> RemoteStore:
        """A client of this server; without ``with_graph_store`` bulk loads go through SPARQL Update."""
        graph_url = f"{self.url}/store" if with_graph_store else None
        return RemoteStore(f"{self.url}/query", update_url=f"{self.url}/update", graph_url=graph_url, **options)

    def wipe(self) -> None:
        store = self.store()
        try:
            store.update("DROP ALL")
        finally:
            store.close()


@pytest.fixture(scope="session")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    with OxigraphServer(tmp_path_factory.mktemp("oxigraph") / "db") as server:
        yield server


@dataclass
class Backend:
    """One kind of store; ``open`` makes a new store on the same data (to check what ``close`` kept)."""

    kind: str
    open: Callable[[], GraphStore]
    persistent: bool


BACKENDS = ["memory", "disk", "remote", "remote-sparql-only"]


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    """Every store kind, empty at the start of each test."""
    kind = request.param
    if kind == "memory":
        return Backend(kind, lambda: EmbeddedStore(None), persistent=False)
    if kind == "disk":
        return Backend(kind, lambda: EmbeddedStore(tmp_path / "store"), persistent=True)
    server: OxigraphServer = request.getfixturevalue("oxigraph")
    server.wipe()
    return Backend(kind, lambda: server.store(with_graph_store=kind == "remote"), persistent=True)


@pytest.fixture
def graph_store(backend: Backend) -> Iterator[GraphStore]:
    store = backend.open()
    yield store
    store.close()
