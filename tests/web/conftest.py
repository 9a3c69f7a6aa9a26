"""The web tests' instance (see :mod:`instance`) and a live server over it."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from regiongraph import Settings
from regiongraph.store import SnapshotStore
from support.helpers import LiveServer
from support.instance import build_instance


@pytest.fixture(scope="session")
def web_instance(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, SnapshotStore]:
    return build_instance(tmp_path_factory.mktemp("web"))


@pytest.fixture(scope="session")
def web(web_instance) -> Iterator[LiveServer]:
    """The real app under uvicorn on loopback, over the web tests' store."""
    from regiongraph.app import create_app

    settings, store = web_instance
    with LiveServer(create_app(settings, store)) as server:
        yield server


@pytest.fixture(scope="session")
def client(web) -> Iterator[httpx.Client]:
    """HTTP to the live server, asking for HTML as a browser does."""
    with httpx.Client(
        base_url=web.url, headers={"Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"}, timeout=60
    ) as c:
        yield c
