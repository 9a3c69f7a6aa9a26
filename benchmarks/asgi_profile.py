"""Per-request Python cost of ``/sparql`` without HTTP: the ASGI app called in a loop.

Calls the real app (``create_app`` over a published store) with an ASGI scope, a receive
that hands over the body and a send that drops the answer, N times per query, and prints
microseconds per request (wall and CPU, best of five rounds) next to the bare engine
(``store.query`` + serialisation) for the same text. ``--profile`` adds a cProfile of the lookups, by cumulative time.

    .venv/bin/python benchmarks/asgi_profile.py --data-dir D [--requests 2000] [--profile]

``D`` is a data folder with a published store (``regiongraph load``).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
import time
from urllib.parse import quote

import pyoxigraph as ox

from regiongraph import Settings
from regiongraph.app import create_app
from regiongraph.store import SnapshotStore

KAMEN = "ags/05978020"
COOPERATION = "cooperation/ku2016-b-22"
JSON = "application/sparql-results+json"
NT = "application/n-triples"


def queries(base: str) -> dict[str, tuple[str, str]]:
    """Name → (text, Accept) for a lookup and a CONSTRUCT like the endpoint benchmark's."""
    coop = f"<{base}{COOPERATION}>"
    construct = (
        "PREFIX org: <http://www.w3.org/ns/org#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
        f"CONSTRUCT {{ {coop} ?p ?o . ?m ?mp ?mo . ?member rdfs:label ?label }} WHERE {{ {{ {coop} ?p ?o }} "
        f"UNION {{ {coop} org:hasMembership ?m . ?m ?mp ?mo }} "
        f"UNION {{ {coop} org:hasMembership/org:member ?member . ?member rdfs:label ?label }} }}"
    )
    return {"lookup": (f"SELECT ?p ?o WHERE {{ <{base}{KAMEN}> ?p ?o }}", JSON), "construct": (construct, NT)}


def scope(text: str, accept: str) -> dict:
    """An ASGI HTTP scope of ``GET /sparql?query=…`` as uvicorn builds it."""
    return {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": "/sparql",
        "raw_path": b"/sparql",
        "root_path": "",
        "query_string": ("query=" + quote(text)).encode(),
        "server": ("127.0.0.1", 8000),
        "client": ("127.0.0.1", 50000),
        "headers": [(b"host", b"127.0.0.1:8000"), (b"accept", accept.encode()), (b"user-agent", b"wrk")],
    }


async def call(app, request_scope: dict) -> int:
    """One request through ``app``; the status it answered."""
    status = 0

    async def receive() -> dict:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    await app(dict(request_scope), receive, send)
    return status


async def timed(app, request_scope: dict, n: int) -> tuple[float, float]:
    """Wall and CPU (all threads) microseconds per request: the best of five rounds of ``n`` requests."""
    assert await call(app, request_scope) == 200
    rounds = []
    for _ in range(5):
        wall, cpu = time.perf_counter(), time.process_time()
        for _ in range(n):
            await call(app, request_scope)
        rounds.append(((time.perf_counter() - wall) / n * 1e6, (time.process_time() - cpu) / n * 1e6))
    return min(w for w, _ in rounds), min(c for _, c in rounds)


def engine(store: SnapshotStore, text: str, n: int) -> tuple[float, float]:
    """The same for the bare engine: evaluate and serialise in this thread."""
    rounds = []
    for _ in range(5):
        wall, cpu = time.perf_counter(), time.process_time()
        for _ in range(n):
            result = store.query(text)
            fmt = ox.RdfFormat.N_TRIPLES if isinstance(result, ox.QueryTriples) else ox.QueryResultsFormat.JSON
            result.serialize(format=fmt)
        rounds.append(((time.perf_counter() - wall) / n * 1e6, (time.process_time() - cpu) / n * 1e6))
    return min(w for w, _ in rounds), min(c for _, c in rounds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--base-iri", default="http://127.0.0.1:8000/id/")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--profile", action="store_true", help="cProfile the lookups (cumulative time)")
    args = parser.parse_args()
    settings = Settings.load(environ={}, data_dir=args.data_dir, base_iri=args.base_iri, max_result_rows=1_000_000)
    store = SnapshotStore(settings)
    app = create_app(settings, store)
    for name, (text, accept) in queries(settings.base_iri).items():
        bare = engine(store, text, args.requests // 5)
        asgi = asyncio.run(timed(app, scope(text, accept), args.requests // 5))
        print(
            f"{name:10} engine {bare[0]:7.1f} µs wall {bare[1]:7.1f} µs CPU   app {asgi[0]:7.1f} µs wall "
            f"{asgi[1]:7.1f} µs CPU   above the engine {asgi[0] - bare[0]:7.1f} µs wall "
            f"{asgi[1] - bare[1]:7.1f} µs CPU"
        )
    if args.profile:
        text, accept = queries(settings.base_iri)["lookup"]
        profiler = cProfile.Profile()
        profiler.enable()
        asyncio.run(timed(app, scope(text, accept), args.requests // 5))
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(35)


if __name__ == "__main__":
    main()
