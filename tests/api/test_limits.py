"""Protection of the public endpoint: row cap, time limit, saturation, no federation, token-guarded updates."""

from __future__ import annotations

import asyncio
import json
import socket

import httpx
import pyoxigraph as ox
import pytest

from helpers import LiveServer
from regiongraph import Settings
from regiongraph.api import create_app
from regiongraph.sparql import INLINE_SLICE, QueryRequest, QueryService
from regiongraph.store import EmbeddedStore, SnapshotStore, writing

#: About three seconds of work on the small store below: slow, but finite.
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d FILTER (STR(?b) != STR(?d)) }"


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> tuple[Settings, SnapshotStore]:
    """A store of 3,000 triples in its own data folder, published as a snapshot."""
    settings = Settings.load(environ={}, data_dir=tmp_path_factory.mktemp("small"), admin_token="s3cret",
                             max_result_rows=5)
    with writing(settings) as store:
        quads = [ox.Quad(ox.NamedNode(f"http://example.org/e/{i}"), ox.NamedNode("http://example.org/p"),
                         ox.Literal(str(i)), ox.NamedNode("http://example.org/g")) for i in range(3000)]
        store.raw.bulk_extend(quads)
    return settings, SnapshotStore(settings)


@pytest.fixture(scope="module")
def small_live(small):
    settings, store = small
    with LiveServer(create_app(settings, store)) as server:
        yield server


def test_row_cap_is_visible_to_the_client(small_live):
    r = httpx.get(f"{small_live.url}/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert len(r.json()["results"]["bindings"]) == 5
    assert r.headers["regiongraph-result-truncated"] == "true" and r.headers["regiongraph-result-limit"] == "5"
    r = httpx.get(f"{small_live.url}/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }", "format": "nt"})
    assert len(r.text.strip().splitlines()) == 5 and r.headers["regiongraph-result-truncated"] == "true"
    r = httpx.get(f"{small_live.url}/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 3"})
    assert len(r.json()["results"]["bindings"]) == 3 and "regiongraph-result-truncated" not in r.headers


def test_time_limit_answers_at_once_and_calls_the_retire_hook(small):
    _, store = small
    retired: list[bool] = []
    service = QueryService(store, timeout=0.3, max_rows=10, threads=2, on_timeout=lambda: retired.append(True))
    answer = asyncio.run(service.answer(QueryRequest(SLOW)))
    assert answer.status == 503 and b"query-timeout" in answer.body and retired == [True]


def test_saturation_is_a_503_with_retry_after(small):
    _, store = small
    service = QueryService(store, timeout=120, max_rows=10, threads=1)  # generous: only saturation is tested

    async def two_at_once():
        first = asyncio.create_task(service.answer(QueryRequest(SLOW)))
        await asyncio.sleep(0.1)
        second = await service.answer(QueryRequest("ASK WHERE { ?s ?p ?o }"))
        return second, await first

    second, first = asyncio.run(two_at_once())
    assert second.status == 503 and second.headers["Retry-After"] == "1"
    assert first.status == 200 and b"8997000" in first.body


def test_single_pattern_queries_are_answered_on_the_loop_while_every_thread_is_busy(small):
    _, store = small
    service = QueryService(store, timeout=120, max_rows=10, threads=1, inline_slice=INLINE_SLICE)
    hasty = QueryService(store, timeout=120, max_rows=10, threads=1, inline_slice=1e-9)  # every slice ends at once

    async def during_a_slow_query():
        slow = asyncio.create_task(service.answer(QueryRequest(SLOW)))
        await asyncio.sleep(0.1)
        lookup = await service.answer(QueryRequest("SELECT ?p ?o WHERE { <http://example.org/e/7> ?p ?o }"))
        join = await service.answer(QueryRequest("SELECT ?p WHERE { <http://example.org/e/7> ?p ?o . ?x ?p ?o }"))
        hasty_slow = asyncio.create_task(hasty.answer(QueryRequest(SLOW)))
        await asyncio.sleep(0.1)
        moved = await hasty.answer(QueryRequest("SELECT * WHERE { ?s ?p ?o }"))
        return lookup, join, moved, await slow, await hasty_slow

    lookup, join, moved, *slow = asyncio.run(during_a_slow_query())
    assert lookup.status == 200 and json.loads(lookup.body)["results"]["bindings"][0]["o"]["value"] == "7"
    assert join.status == 503, "a join is no single pattern: it waits for a query thread"
    assert moved.status == 503, "past its slice, a scan leaves the loop for a query thread"
    assert [a.status for a in slow] == [200, 200]
    assert asyncio.run(hasty.answer(QueryRequest("SELECT * WHERE { ?s ?p ?o }"))).body == \
        service.evaluate(QueryRequest("SELECT * WHERE { ?s ?p ?o }")).body


def test_a_query_that_was_quick_on_a_thread_runs_on_the_loop_next_time(small):
    _, store = small
    service = QueryService(store, timeout=120, max_rows=10, threads=1, inline_slice=INLINE_SLICE)
    join = QueryRequest("SELECT ?p WHERE { <http://example.org/e/7> ?p ?o . ?x ?p ?o } LIMIT 1")

    async def during_a_slow_query():
        first = await service.answer(join)  # on the thread: it finishes within half a slice
        slow = asyncio.create_task(service.answer(QueryRequest(SLOW)))
        await asyncio.sleep(0.1)
        again = await service.answer(join)
        return first, again, await slow

    first, again, slow = asyncio.run(during_a_slow_query())
    assert first.status == again.status == slow.status == 200 and first.body == again.body


def test_an_answer_that_fitted_is_written_whole_next_time_and_one_that_was_cut_is_cut_again(small):
    _, store = small
    service = QueryService(store, timeout=120, max_rows=5, threads=1, inline_slice=INLINE_SLICE)
    lookup = QueryRequest("SELECT ?p ?o WHERE { <http://example.org/e/7> ?p ?o }")
    graph = QueryRequest("CONSTRUCT WHERE { <http://example.org/e/7> ?p ?o }", accept="text/turtle")
    scan = QueryRequest("SELECT * WHERE { ?s ?p ?o }", accept="text/csv")
    changing = QueryRequest("SELECT ?p ?o WHERE { <http://example.org/e/7> ?p ?o FILTER (RAND() < 2) }")

    def key(request: QueryRequest) -> tuple:
        return (store.generation(), request.query, (), ())

    for request, fitted in ((lookup, True), (graph, True), (changing, False), (scan, False)):
        first = asyncio.run(service.answer(request))
        assert service.quick.inline(key(request)) and service.quick.whole(key(request)) is fitted
        again = asyncio.run(service.answer(request))
        assert (again.status, again.media_type, again.headers) == (first.status, first.media_type, first.headers)
        if request is graph:  # written straight as Turtle now, converted from N-Triples before
            assert set(ox.parse(again.body, format=ox.RdfFormat.TURTLE)) == \
                set(ox.parse(first.body, format=ox.RdfFormat.TURTLE)) != set()
        else:
            assert again.body == first.body
    assert again.headers["RegionGraph-Result-Truncated"] == "true" and len(again.body.splitlines()) == 6


def test_service_and_load_never_reach_the_network(small_live):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    listener.settimeout(1.0)
    port = listener.getsockname()[1]
    try:
        for query in (f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
                      f"select * where {{ service silent <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}"):
            r = httpx.get(f"{small_live.url}/sparql", params={"query": query})
            assert r.status_code == 400 and r.json()["type"].endswith("federation-disabled")
        r = httpx.post(f"{small_live.url}/sparql/update", content=f"LOAD <http://127.0.0.1:{port}/x.ttl>".encode(),
                       headers={"content-type": "application/sparql-update", "authorization": "Bearer s3cret"})
        assert r.status_code == 400
        with pytest.raises(TimeoutError):
            listener.accept()
    finally:
        listener.close()


def test_updates_need_the_admin_token(small_live, small):
    _, store = small
    url = f"{small_live.url}/sparql/update"
    update = 'INSERT DATA { GRAPH <http://example.org/new> { <http://example.org/x> <http://example.org/p> "neu" } }'
    headers = {"content-type": "application/sparql-update"}
    assert httpx.post(url, content=update.encode(), headers=headers).status_code == 401
    wrong = {**headers, "authorization": "Bearer wrong"}
    assert httpx.post(url, content=update.encode(), headers=wrong).status_code == 401
    good = {**headers, "authorization": "Bearer s3cret"}
    assert httpx.post(url, content=update.encode(), headers=good).status_code == 204
    r = httpx.get(f"{small_live.url}/sparql", params={"query": 'ASK WHERE { ?x ?p "neu" }'})
    assert r.json()["boolean"] is True, "readers see the update in the next snapshot"
    r = httpx.post(url, data={"update": "DROP GRAPH <http://example.org/new>"},
                   headers={"authorization": "Bearer s3cret"})
    assert r.status_code == 204 and store.count_quads() == 3000
    bad = httpx.post(url, content=b"INSERT DATA {", headers=good)
    assert bad.status_code == 400


def test_updates_are_off_without_a_configured_token(live):
    r = httpx.post(f"{live.url}/sparql/update", content=b"DROP ALL",
                   headers={"content-type": "application/sparql-update"})
    assert r.status_code in (401, 403)


def test_in_memory_store_has_no_snapshot_and_says_so(tmp_path):
    from regiongraph import StoreError

    with pytest.raises(StoreError, match="regiongraph load"):
        SnapshotStore(Settings.load(environ={}, data_dir=tmp_path))
    assert EmbeddedStore(None).count_quads() == 0
