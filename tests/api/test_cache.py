"""Answers of an immutable snapshot are cached per generation: a repeat is a lookup, a new snapshot starts afresh."""

from __future__ import annotations

import httpx
import pyoxigraph as ox
import pytest

from regiongraph import Settings
from regiongraph.api._cache import OVERHEAD, Cached, SnapshotCache
from regiongraph.app import create_app
from regiongraph.store import SnapshotStore, writing
from support.helpers import LiveServer


def entry(size: int) -> Cached:
    return Cached(b"x" * size, (("content-type", "text/plain"),), '"tag"')


def test_the_cache_is_bounded_in_bytes_least_recently_used_out_and_one_generation_only():
    cache = SnapshotCache(4 * (100 + OVERHEAD))
    for key in "abcd":
        cache.put("g1", key, entry(100))
    assert cache.get("g1", "a") is not None  # used: the most recent now
    cache.put("g1", "e", entry(100))
    assert cache.get("g1", "b") is None and cache.get("g1", "a") is not None and len(cache) == 4
    cache.put("g1", "huge", entry(10 * (100 + OVERHEAD)))
    assert cache.get("g1", "huge") is None, "one answer larger than a quarter of the cache is not kept"
    assert cache.get("g2", "a") is None and len(cache) == 0 and cache.used == 0, "a new snapshot drops the old"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    settings = Settings.load(environ={}, data_dir=tmp_path_factory.mktemp("cache"))
    with writing(settings) as store:
        store.raw.add(
            ox.Quad(
                ox.NamedNode(settings.base_iri + "thing/1"),
                ox.NamedNode("http://example.org/p"),
                ox.Literal("eins"),
                ox.NamedNode("http://example.org/g"),
            )
        )
    app = create_app(settings, SnapshotStore(settings))
    with LiveServer(app) as server:
        yield settings, app, server


def test_a_repeated_request_is_answered_from_the_cache_with_its_etag_and_a_new_snapshot_invalidates(site):
    settings, app, server = site
    cache = app.state.cache
    with httpx.Client(base_url=server.url) as client:
        first = client.get("/id/thing/1", headers={"accept": "text/turtle"})
        entries = len(cache)
        again = client.get("/id/thing/1", headers={"accept": "text/turtle"})
        assert first.status_code == again.status_code == 200 and first.content == again.content
        assert first.headers["etag"] == again.headers["etag"] and len(cache) == entries >= 1
        other = client.get("/id/thing/1", headers={"accept": "application/n-triples"})
        assert other.headers["content-type"].startswith("application/n-triples") and len(cache) == entries + 2  # +front
        unchanged = client.get("/id/thing/1", headers={"accept": "text/turtle", "if-none-match": first.headers["etag"]})
        assert unchanged.status_code == 304 and unchanged.content == b""
        for path in ("/catalog.ttl", "/api/3/action/package_search?q=x", "/healthz"):
            assert client.get(path).content == client.get(path).content
        with writing(settings) as store:  # a new snapshot
            store.raw.add(
                ox.Quad(
                    ox.NamedNode(settings.base_iri + "thing/1"),
                    ox.NamedNode("http://example.org/p"),
                    ox.Literal("zwei"),
                    ox.NamedNode("http://example.org/g"),
                )
            )
        fresh = client.get("/id/thing/1", headers={"accept": "text/turtle"})
        assert b"zwei" in fresh.content and fresh.headers["etag"] != first.headers["etag"]
        assert client.get("/healthz").json()["quads"] == 2


def test_requests_arriving_while_an_answer_is_computed_wait_for_that_one_computation(site):
    """A cold page asked for by many clients at once is computed once (no herd of identical computations)."""
    import asyncio

    from regiongraph.api._cache import cached

    _, app, _ = site
    builds: list[int] = []

    class FakeRequest:  # what cached() reads of a request, for a path no route serves
        def __init__(self) -> None:
            self.app, self.method, self.url = app, "POST", "http://t/herd"
            self.headers, self.scope = {}, {}

    async def build():
        builds.append(1)
        await asyncio.sleep(0.2)
        from fastapi.responses import Response

        return Response(b"page", media_type="text/plain")

    async def herd():
        return await asyncio.gather(*(cached(FakeRequest(), build, key="k") for _ in range(20)))

    answers = asyncio.run(herd())
    assert len(builds) == 1 and {a.body for a in answers} == {b"page"} and {a.status_code for a in answers} == {200}
