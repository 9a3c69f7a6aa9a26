"""Protection of the public endpoint: row cap, time limit, saturation, no federation, token-guarded updates."""

from __future__ import annotations

import asyncio
import http.client
import json
import socket
import threading
import time

import httpx
import pyoxigraph as ox
import pytest

from regiongraph import Instance, Settings
from regiongraph.app import create_app
from regiongraph.sparql import INLINE_SLICE, QueryRequest, QueryService
from regiongraph.store import EmbeddedStore, SnapshotStore
from support.helpers import LiveServer

#: About three seconds of work on the small store below: slow, but finite.
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d FILTER (STR(?b) != STR(?d)) }"


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> tuple[Settings, SnapshotStore]:
    """A store of 3,000 triples in its own data folder, published as a snapshot."""
    settings = Settings.load(
        environ={}, data_dir=tmp_path_factory.mktemp("small"), admin_token="s3cret", max_result_rows=5
    )
    with Instance(settings).writing() as store:
        quads = [
            ox.Quad(
                ox.NamedNode(f"http://example.org/e/{i}"),
                ox.NamedNode("http://example.org/p"),
                ox.Literal(str(i)),
                ox.NamedNode("http://example.org/g"),
            )
            for i in range(3000)
        ]
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
    assert (
        asyncio.run(hasty.answer(QueryRequest("SELECT * WHERE { ?s ?p ?o }"))).body
        == service.evaluate(QueryRequest("SELECT * WHERE { ?s ?p ?o }")).body
    )


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
            assert (
                set(ox.parse(again.body, format=ox.RdfFormat.TURTLE))
                == set(ox.parse(first.body, format=ox.RdfFormat.TURTLE))
                != set()
            )
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
        for query in (
            f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
            f"select * where {{ service silent <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}",
        ):
            r = httpx.get(f"{small_live.url}/sparql", params={"query": query})
            assert r.status_code == 400 and r.json()["type"].endswith("federation-disabled")
        r = httpx.post(
            f"{small_live.url}/sparql/update",
            content=f"LOAD <http://127.0.0.1:{port}/x.ttl>".encode(),
            headers={"content-type": "application/sparql-update", "authorization": "Bearer s3cret"},
        )
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
    r = httpx.post(
        url, data={"update": "DROP GRAPH <http://example.org/new>"}, headers={"authorization": "Bearer s3cret"}
    )
    assert r.status_code == 204 and store.count_quads() == 3000
    bad = httpx.post(url, content=b"INSERT DATA {", headers=good)
    assert bad.status_code == 400


def test_updates_are_off_without_a_configured_token(live):
    r = httpx.post(
        f"{live.url}/sparql/update", content=b"DROP ALL", headers={"content-type": "application/sparql-update"}
    )
    assert r.status_code in (401, 403)


def test_in_memory_store_has_no_snapshot_and_says_so(tmp_path):
    from regiongraph import StoreError

    with pytest.raises(StoreError, match="regiongraph load"):
        SnapshotStore(Settings.load(environ={}, data_dir=tmp_path))
    assert EmbeddedStore(None).count_quads() == 0


# -- every route bounded, and graceful overload (issue 17) -------------------------------------------------------


def test_the_denial_of_service_requests_are_refused_at_once_while_lookups_go_on(live):
    """The issue's two requests: a catalogue q of 16,000 words and a 40 kB fq, each retried, from two clients."""
    words = " ".join(f"w{i}" for i in range(16_000))

    def long_url(_client) -> httpx.Response:  # 110 kB of URL: httpx refuses to send it, http.client does
        conn = http.client.HTTPConnection("127.0.0.1", live.port, timeout=10)
        conn.request("GET", f"/catalog.ttl?q={words.replace(' ', '+')}")
        status = conn.getresponse().status
        conn.close()
        return httpx.Response(status)

    attacks = [
        long_url,
        lambda c: c.post("/api/3/action/package_search", json={"fq": "a" * 40_000}),
        lambda c: c.post("/api/3/action/package_search", json={"q": " ".join(words.split()[:6_400])}),
        lambda c: c.get("/catalog.ttl", params={"q": " ".join(words.split()[:32])}),
    ]
    answers: list[int] = []

    def attack(fn):
        with httpx.Client(base_url=live.url, timeout=10) as c:  # 10 s: the query time limit
            answers.extend(fn(c).status_code for _ in range(2))

    threads = [threading.Thread(target=attack, args=(fn,)) for fn in attacks]
    for t in threads:
        t.start()
    lookups, lookup = [], "SELECT ?p ?o WHERE { <http://127.0.0.1:8000/id/ags/05978020> ?p ?o }"
    with httpx.Client(base_url=live.url, timeout=10) as c:
        while any(t.is_alive() for t in threads) or len(lookups) < 5:
            lookups.append(c.get("/sparql", params={"query": lookup}).status_code)
    for t in threads:
        t.join()
    assert len(answers) == 8 and set(answers) <= {200, 400, 413, 414}, answers  # the http parser: 400 or our 414
    assert set(lookups) == {200}


def test_bounds_are_named_in_the_answer(live):
    r = httpx.get(f"{live.url}/catalog.ttl", params={"q": "a " * 40})
    assert r.status_code == 400 and r.json()["limit"] == 32 and "at most 32" in r.json()["detail"]
    r = httpx.get(f"{live.url}/api/v1/cooperations", params=[("partner", "Kamen")] * 33)
    assert r.status_code == 400 and r.json()["limit"] == 32
    r = httpx.get(f"{live.url}/id/{'a' * 9000}")
    assert r.status_code == 414 and r.json()["limit"] == 8192
    r = httpx.post(f"{live.url}/api/3/action/package_search", json={"fq": "name:a " * 100})
    assert r.status_code == 409 and "more than 64 terms" in r.json()["error"]["message"]
    r = httpx.get(f"{live.url}/api/3/action/package_list", params={"limit": "9" * 30})
    assert r.status_code == 409 and r.json()["error"]["limit"] == ["Must be at most 1000000000"]
    assert "SELECT" not in r.text and "LIMIT" not in r.text


def test_ckan_reads_forms_and_refuses_what_no_action_reads(live):
    url = f"{live.url}/api/3/action/package_search"
    form = httpx.post(url, data={"q": "Unna", "rows": "2"}).json()
    assert form["success"] and len(form["result"]["results"]) == 2
    assert form == httpx.post(url, json={"q": "Unna", "rows": 2}).json()
    multipart = httpx.post(url, files={"q": (None, "Unna"), "rows": (None, "2")}).json()
    assert multipart["result"]["count"] == form["result"]["count"]
    assert httpx.post(url, json={"sort": ["name asc"]}).status_code == 409
    deep = httpx.post(
        url, content=b'{"q": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", headers={"content-type": "application/json"}
    )
    assert deep.status_code == 413 and deep.json()["success"] is False
    nested = httpx.post(url, json={"q": [[["x"]]]})
    assert nested.status_code == 409 and nested.json()["error"]["q"] == ["Must be a value or a list of values"]


@pytest.fixture(scope="module")
def crowded(small):
    """One query thread, one place in the queue, a short wait: capacity is reached with three requests."""
    settings, store = small
    app = create_app(settings.with_(query_threads=1, queue_depth=1, queue_wait=1.0), store)
    with LiveServer(app) as server:
        yield server


def test_beyond_capacity_requests_wait_then_get_a_503_with_retry_after_while_health_is_answered(crowded):
    results: dict[str, httpx.Response] = {}

    def ask(name, query, delay=0.0):
        time.sleep(delay)
        results[name] = httpx.post(f"{crowded.url}/sparql", data={"query": query}, timeout=60)

    slow = threading.Thread(target=ask, args=("slow", SLOW))
    slow.start()
    time.sleep(0.3)
    waits = threading.Thread(target=ask, args=("waits", "ASK { ?s ?p ?o . ?s ?p ?x }"))
    waits.start()
    time.sleep(0.2)
    ask("refused", "ASK { ?s ?p ?o . ?o ?q ?r }")  # the queue is full
    health = httpx.get(f"{crowded.url}/healthz", timeout=10)
    slow.join()
    waits.join()
    assert results["refused"].status_code == 503 and results["refused"].headers["retry-after"] == "1"
    assert results["refused"].json()["type"].endswith("saturated")
    assert health.status_code == 200 and health.json()["quads"] == 3000
    assert results["slow"].status_code == 200
    assert results["waits"].status_code == 503 and "within 1 s" in results["waits"].json()["detail"], (
        "it waited its second, then gave up: the slow query holds the only thread for three"
    )


def test_with_federation_allowed_service_reaches_another_endpoint(small, small_live):
    """The administrator's switch turns both layers off: SERVICE is followed (here to the other test server)."""
    settings, store = small
    federated = create_app(settings.with_(allow_federation=True), store)
    query = f"SELECT ?o WHERE {{ SERVICE <{small_live.url}/sparql> {{ <http://example.org/e/7> ?p ?o }} }}"
    with LiveServer(federated) as server:
        r = httpx.get(f"{server.url}/sparql", params={"query": query}, timeout=30)
    assert r.status_code == 200 and r.json()["results"]["bindings"] == [{"o": {"type": "literal", "value": "7"}}]
