"""A store with the register and the harvested CKAN packages of rest_fixtures.py, served on loopback."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator

import httpx
import pytest

from regiongraph import Instance
from regiongraph.app import create_app
from regiongraph.store import SnapshotStore
from support.helpers import LiveServer
from support.rest_fixtures import PACKAGES, WITHDRAWN, harvest


@pytest.fixture(scope="session")
def rest_settings(built, tmp_path_factory):
    """A copy of the session's register store, plus the datasets, written by the real writer."""
    settings = built[0]
    data = tmp_path_factory.mktemp("rest-data")
    shutil.copytree(settings.store_location, data / "store")
    with sqlite3.connect(settings.data_dir / "search.sqlite") as src, sqlite3.connect(data / "search.sqlite") as dst:
        src.backup(dst)  # the register's index; the write hook below adds the datasets to it
    rest = settings.with_(data_dir=data)
    with Instance(rest).writing() as writer:
        first = harvest(rest, writer, list(PACKAGES))
    with Instance(rest).writing() as writer:  # the portal no longer has one package: the pipeline withdraws it
        second = harvest(rest, writer, [n for n in PACKAGES if n != WITHDRAWN])
    assert (first.new, first.quarantined, second.withdrawn) == (len(PACKAGES), [], 1)
    return rest


@pytest.fixture(scope="session")
def api(rest_settings) -> Iterator[LiveServer]:
    """The real app under uvicorn over the register + datasets store."""
    with LiveServer(create_app(rest_settings, SnapshotStore(rest_settings))) as server:
        yield server


@pytest.fixture(scope="session")
def client(api) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=api.url, timeout=30) as c:
        yield c


@pytest.fixture(scope="session")
def api_schema(api):
    """The OpenAPI description as the running server publishes it."""
    import schemathesis

    return schemathesis.openapi.from_url(api.url + "/openapi.json")
