"""One live server per backend for the W3C suites: the embedded store and a real ``oxigraph serve``."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from store.conftest import OxigraphServer
from support.conformance.endpoint import Endpoint, embedded_endpoint, remote_endpoint

BACKENDS = ("embedded", "remote")


@pytest.fixture(scope="session")
def embedded_suite(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Endpoint]:
    with embedded_endpoint(tmp_path_factory.mktemp("w3c-embedded")) as endpoint:
        yield endpoint


@pytest.fixture(scope="session")
def remote_suite(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Endpoint]:
    folder = tmp_path_factory.mktemp("w3c-remote")
    with OxigraphServer(folder / "db") as server, remote_endpoint(server.url, folder / "data") as endpoint:
        yield endpoint


def suite_endpoint(request: pytest.FixtureRequest, backend: str) -> Endpoint:
    """The session's live server for ``backend``."""
    return request.getfixturevalue(f"{backend}_suite")
