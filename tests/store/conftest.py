"""Store backends for the contract suite: embedded (memory, disk) and remote (a real ``oxigraph serve``)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from regiongraph.store import EmbeddedStore, GraphStore
from support.helpers import OxigraphServer


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
