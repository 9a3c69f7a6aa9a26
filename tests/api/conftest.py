"""The API tests' server: the real app (see tests/conftest.py), under the name the page tests use."""

from __future__ import annotations

import pytest

from support.helpers import LiveServer


@pytest.fixture(scope="session")
def site(live: LiveServer) -> LiveServer:
    """The real RegionGraph app under uvicorn on loopback, over the session's store."""
    return live
