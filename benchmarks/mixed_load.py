"""The mixed read load of issue 17 with wrk: RegionGraph's routes round robin, raw ``oxigraph serve`` as peer.

    python benchmarks/mixed_load.py [--datasets 0|100000] [--connections 8,64] [--seconds 30] [--workers 2]

The mix, one request of each in turn on every connection: a SPARQL lookup (``/sparql``, one of
1,000 municipalities, JSON), ``/api/v1/cooperations``, an ``/id/`` page (HTML), ``/catalog.ttl`` and
CKAN ``package_search``. On the register alone (``--datasets 0``) and on the register plus
``--datasets`` synthetic harvested datasets (seeded, each with its catalogue record, so the
catalogue and CKAN list them). In the same run, raw ``oxigraph serve --union-default-graph`` on the
same data answers the SPARQL part (the same lookups) at the same concurrency; and a repeated
catalogue page alone at one connection gives its p50. Errors are every answer that is not 2xx plus
wrk's time-outs (``--timeout``, 2 s like the issue's clients) and socket errors.

Targets (issue 17, on a 2-core machine, idle): at 64 connections 0 errors and ≥ 1,500 requests/s on the
register mix with p99 ≤ 250 ms; at 100,000 datasets ≥ 500 requests/s with 0 errors; a repeated
catalogue page p50 ≤ 2 ms. Results go to ``benchmarks/results/mixed-<datasets>.json`` and a table on stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox

from endpoint.contenders import Contender, free_port, launch, oxigraph_binary, stop, wait_ready
from endpoint.data import KAMEN, RESULTS, log, municipalities, write_datasets
from regiongraph import Instance, Settings
from regiongraph.namespaces import code
from regiongraph.pipeline import build
from regiongraph.store import EmbeddedStore, open_store, writing

HERE = Path(__file__).resolve().parent
LUA = HERE / "wrk" / "mixed.lua"
LOOKUP = "SELECT ?p ?o WHERE { <%s> ?p ?o }"
HTML, TURTLE, JSON_RESULTS = "text/html", "text/turtle", "application/sparql-results+json"


def add_catalogue_records(path: Path, count: int, base: str) -> None:
    """A published catalogue record per synthetic dataset (as the harvest pipeline writes one), in its graph."""
    published, xsd = code("record-status", "published"), "http://www.w3.org/2001/XMLSchema#dateTime"
    rng = random.Random(f"records-{count}")
    with path.open("w", encoding="utf-8") as out:
        for i in range(count):
            g, d, r = f"<{base}graph/bench/{i:06d}>", f"<{base}dataset/bench-{i:06d}>", f"<{base}record/bench/{i:06d}>"
            when = f"20{rng.randrange(15, 25)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}T10:00:00Z"
            out.write(
                f'{d} <http://purl.org/dc/terms/identifier> "bench-{i:06d}" {g} .\n'
                f"{r} <http://xmlns.com/foaf/0.1/primaryTopic> {d} {g} .\n"
                f"{r} <http://www.w3.org/ns/adms#status> <{published}> {g} .\n"
                f'{r} <http://purl.org/dc/terms/modified> "{when}"^^<{xsd}> {g} .\n'
                f'{r} <http://purl.org/dc/terms/issued> "{when}"^^<{xsd}> {g} .\n'
            )


def build_store(workdir: Path, datasets: int, seed: int) -> tuple[Settings, list[str], Path]:
    """The register (plus ``datasets`` synthetic ones), published; the lookup IRIs; an N-Quads dump for the peer."""
    settings = Settings.load(environ={}, data_dir=workdir / f"data-{datasets}")
    dump, marker = workdir / f"all-{datasets}.nq", settings.data_dir / "built"
    if not marker.exists():
        with writing(settings) as store:
            assert isinstance(store, EmbeddedStore)
            log(f"building the store ({datasets:,} synthetic datasets) …")
            build(Instance(settings), store)
            if datasets:
                towns = municipalities(store, settings.base_iri)
                write_datasets(workdir / "datasets.nq", towns, datasets, seed, settings.base_iri)
                add_catalogue_records(workdir / "records.nq", datasets, settings.base_iri)
                for name in ("datasets.nq", "records.nq"):
                    store.raw.bulk_load(path=str(workdir / name), format=ox.RdfFormat.N_QUADS)
                    (workdir / name).unlink()
        reader = open_store(settings)
        reader.raw.dump(str(dump), format=ox.RdfFormat.N_QUADS)
        marker.write_text("ok")
    reader = open_store(settings)
    towns = [iri for iri, _ in municipalities(reader, settings.base_iri)]
    return settings, sorted(random.Random(seed).sample(towns, min(1000, len(towns)))), dump


def request_file(folder: Path, name: str, lines: list[tuple[str, str]]) -> Path:
    path = folder / f"{name}.requests"
    path.write_text("".join(f"{p}\t{a}\n" for p, a in lines), encoding="utf-8")
    return path


def mixes(settings: Settings, iris: list[str], folder: Path) -> dict[str, Path]:
    """The request files: the mix (five kinds, the lookup IRI changing per round), the peer's lookups, one page."""
    mix, peer = [], []
    for iri in iris[:200]:
        sparql = quote(LOOKUP % iri, safe="")
        mix += [
            (f"/sparql?query={sparql}", JSON_RESULTS),
            ("/api/v1/cooperations", "application/json"),
            (f"/id/{KAMEN}", HTML),
            ("/catalog.ttl", TURTLE),
            ("/api/3/action/package_search", ""),
        ]
        peer.append((f"/query?query={sparql}", JSON_RESULTS))
    return {
        "mix": request_file(folder, "mix", mix),
        "peer": request_file(folder, "peer", peer),
        "catalogue": request_file(folder, "catalogue", [("/catalog.ttl", TURTLE)]),
    }


def wrk(base: str, requests: Path, connections: int, seconds: int, timeout: int) -> dict:
    threads = 1 if connections == 1 else 2
    cmd = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        f"{timeout}s",
        "--latency",
        "-s",
        str(LUA),
        base,
        "--",
        str(requests),
    ]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True, timeout=seconds + timeout + 60)
    line = next(line for line in out.stdout.splitlines() if line.startswith("WRK_JSON "))
    raw = json.loads(line.removeprefix("WRK_JSON "))
    errors = sum(raw[k] for k in ("connect_errors", "read_errors", "write_errors", "status_errors", "timeouts"))
    return {
        "connections": connections,
        "requests": raw["requests"],
        "rps": round(raw["requests"] / (raw["duration_us"] / 1e6), 1),
        "errors": errors,
        "non_2xx": raw["status_errors"],
        "timeouts": raw["timeouts"],
        "p50_ms": raw["p50_us"] / 1000,
        "p99_ms": raw["p99_us"] / 1000,
        "max_ms": raw["max_us"] / 1000,
    }


def start_regiongraph(settings: Settings, workers: int, workdir: Path) -> Contender:
    port = free_port()
    cmd = [
        sys.executable,
        "-m",
        "regiongraph",
        "--data-dir",
        str(settings.data_dir),
        "serve",
        "--no-load",
        "--workers",
        str(workers),
        "--port",
        str(port),
    ]
    env = {k: v for k, v in os.environ.items() if not k.startswith("REGIONGRAPH_")}
    contender = launch(f"regiongraph-w{workers}", cmd, f"http://127.0.0.1:{port}/sparql", workdir, env)
    wait_ready(contender, 120)
    return contender


def start_oxigraph(dump: Path, workdir: Path, datasets: int) -> Contender:
    location = workdir / f"oxigraph-{datasets}"
    if not location.exists():
        log("oxigraph load of the dump …")
        subprocess.run(
            [oxigraph_binary(), "load", "--location", str(location), "--file", str(dump)],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    port = free_port()
    cmd = [
        oxigraph_binary(),
        "serve",
        "--location",
        str(location),
        "--bind",
        f"127.0.0.1:{port}",
        "--union-default-graph",
    ]
    contender = launch("oxigraph", cmd, f"http://127.0.0.1:{port}/query", workdir)
    wait_ready(contender, 60)
    return contender


def run(args: argparse.Namespace) -> dict:
    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    settings, iris, dump = build_store(workdir, args.datasets, args.seed)
    files = mixes(settings, iris, workdir)
    regiongraph = start_regiongraph(settings, args.workers, workdir)
    oxigraph = start_oxigraph(dump, workdir, args.datasets)
    base, peer = regiongraph.url.removesuffix("/sparql"), oxigraph.url.removesuffix("/query")
    rows: list[dict] = []
    try:
        log(f"warm-up, {args.warmup} s (every page computed once in each worker: many connections reach both) …")
        wrk(base, files["mix"], max(args.connections), args.warmup, 120)
        for connections in args.connections:
            for name, url, requests in (
                ("regiongraph mix", base, files["mix"]),
                ("oxigraph lookups", peer, files["peer"]),
            ):
                log(f"{name} at {connections} connections, {args.seconds} s …")
                rows.append({"run": name, **wrk(url, requests, connections, args.seconds, args.timeout)})
        log("a repeated catalogue page at one connection …")
        rows.append({"run": "catalogue page", **wrk(base, files["catalogue"], 1, args.seconds, args.timeout)})
    finally:
        stop(regiongraph)
        stop(oxigraph)
    return {
        "datasets": args.datasets,
        "workers": args.workers,
        "seconds": args.seconds,
        "timeout_s": args.timeout,
        "rows": rows,
    }


def table(result: dict) -> str:
    lines = [
        f"mixed read load, {result['datasets']:,} synthetic datasets, {result['workers']} workers, "
        f"{result['seconds']} s per run, client time-out {result['timeout_s']} s",
        f"{'run':<18} {'conns':>5} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} {'non-2xx':>8} "
        f"{'timeouts':>8}",
    ]
    for r in result["rows"]:
        lines.append(
            f"{r['run']:<18} {r['connections']:>5} {r['rps']:>9.1f} {r['p50_ms']:>8.2f} {r['p99_ms']:>8.2f} "
            f"{r['errors']:>7} {r['non_2xx']:>8} {r['timeouts']:>8}"
        )
    by = {(r["run"], r["connections"]): r for r in result["rows"]}
    for (name, conns), r in by.items():
        peer = by.get(("oxigraph lookups", conns))
        if name == "regiongraph mix" and peer and peer["rps"]:
            lines.append(
                f"ratio at {conns} connections: mix {r['rps']:.0f} req/s = {r['rps'] / peer['rps']:.2f}× "
                f"raw Oxigraph's lookups ({peer['rps']:.0f} req/s)"
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--datasets", type=int, default=0, help="synthetic harvested datasets besides the register")
    parser.add_argument("--connections", type=lambda s: [int(c) for c in s.split(",")], default=[8, 64])
    parser.add_argument("--seconds", type=int, default=30, help="length of each timed run")
    parser.add_argument(
        "--warmup",
        type=int,
        default=60,
        help="seconds of load before the timed runs, so that "
        "each worker has computed every page once (a catalogue of 100,000 is sorted once per "
        "snapshot, by the first worker at its start; the other reads the file it leaves)",
    )
    parser.add_argument("--timeout", type=int, default=2, help="wrk's client time-out in seconds")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workdir", default=str(HERE / "work" / "mixed"))
    args = parser.parse_args()
    result = run(args)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"mixed-{args.datasets}.json").write_text(json.dumps(result, indent=2))
    print(table(result))


if __name__ == "__main__":
    main()
