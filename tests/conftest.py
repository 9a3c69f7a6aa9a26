"""Shared fixtures: settings on a temporary data folder, and one real store built from the register."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from regiongraph import Instance, Settings
from regiongraph.pipeline import BuildReport, build
from regiongraph.store import SnapshotStore
from support.helpers import LiveServer

BASE = "http://127.0.0.1:8000/id/"


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, SnapshotStore, BuildReport]:
    """A real on-disk Oxigraph store holding ontology, code lists, gazetteer and the register."""
    data = tmp_path_factory.mktemp("data")
    settings = Settings.load(environ={}, data_dir=data, base_iri=BASE, admin_token="test-admin-token")
    with Instance(settings) as instance, instance.writing() as writer:
        report = build(instance, writer)
    return settings, SnapshotStore(settings), report


@pytest.fixture(scope="session")
def settings(built) -> Settings:
    return built[0]


@pytest.fixture(scope="session")
def store(built) -> SnapshotStore:
    return built[1]


@pytest.fixture(scope="session")
def live(built) -> Iterator[LiveServer]:
    from regiongraph.app import create_app

    settings, store, _ = built
    with LiveServer(create_app(settings, store)) as server:
        yield server


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return Path(__file__).resolve().parents[1]
