"""Benchmark: the SPARQL endpoint under load — RegionGraph against raw Oxigraph and rdflib-endpoint.

One run, end to end, in a temporary folder:

1. data: the real store (``regiongraph.pipeline.build``: ontology, code lists, gazetteer, register)
   plus a synthetic DCAT catalogue (fixed seed, one named graph per dataset), together > 1M triples;
   the union of all graphs is dumped as N-Quads, so every contender holds exactly the same quads;
2. contenders, each on its own free loopback port: ``regiongraph serve`` with W workers (default
   W = 1, 2, 4), ``oxigraph serve --union-default-graph`` over a store loaded from the dump, and
   rdflib-endpoint over the dump parsed into an rdflib ``Dataset(default_union=True)``;
3. answers: every contender must give the same answer to every query before anything is timed;
4. load: wrk (``benchmarks/wrk/sparql.lua``) at concurrency 1 and 8, p50/p99 from ``--latency``;
5. output: a table per query, ratios, the issue's targets, and a JSON file in ``benchmarks/results/``.

The parts live in ``benchmarks/endpoint/`` (data, contenders, answers, load, pyspy, tables); this script
runs them. Nothing is asserted: this is a measurement, not a test. Run: ``python benchmarks/sparql_endpoint.py --help``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict
from pathlib import Path

from endpoint.answers import Verdict, check_answers
from endpoint.contenders import (
    Budget,
    Contender,
    oxigraph_binary,
    serve_rdflib,
    start_oxigraph,
    start_rdflib,
    start_regiongraph,
    stop,
    tree_rss_mib,
)
from endpoint.data import RESULTS, Data, Query, build_data, log, query_mix, write_query_files
from endpoint.load import Plan, Run, run_matrix
from endpoint.pyspy import print_profile, profile_regiongraph
from endpoint.tables import environment, print_data, print_query, print_targets, print_verdicts, targets, write_json


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        epilog="Needs wrk (apt-get install wrk), the oxigraph CLI and rdflib-endpoint (pip); see benchmarks/README.md.",
    )
    add = parser.add_argument
    add("--datasets", type=int, default=80_000, help="synthetic dcat:Datasets added to the real store")
    add("--seed", type=int, default=20240101, help="seed of the synthetic data and of the 1,000 lookup IRIs")
    add("--workers", default="1,2,4", help="RegionGraph worker counts, comma-separated: one server each")
    add("--main-workers", type=int, default=2, help="the RegionGraph server the targets are judged on")
    add("--concurrency", default="1,8", help="wrk connections per run, comma-separated (1 → -t1, else -t2)")
    add("--duration", type=int, default=10, help="seconds of each timed run")
    add("--warmup", type=int, default=3, help="seconds of warm-up before each timed run")
    add(
        "--rounds",
        type=int,
        default=1,
        help="timed runs per query, concurrency and contender, interleaved; ratios are the median of the rounds'",
    )
    add("--rdflib-duration", type=int, default=10, help="seconds of each rdflib-endpoint run (longer if it is slow)")
    add("--slow-max-duration", type=int, default=60, help="longest run for a contender whose answers take seconds")
    add("--rdflib-max-load-seconds", type=float, default=600, help="past this, rdflib-endpoint serves a subset")
    add("--rdflib-max-load-gib", type=float, default=12, help="past this memory, rdflib-endpoint serves a subset")
    add("--no-rdflib", action="store_true", help="leave rdflib-endpoint out")
    add(
        "--setting",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a RegionGraph setting for its servers, repeatable: e.g. query_timeout=120 (raw Oxigraph runs without "
        "a time limit, so heavy queries at c8 compare only under a limit longer than they queue) or "
        "pin_workers=true",
    )
    add("--queries", help="only these queries, comma-separated (default: the whole mix)")
    add("--sample", type=int, default=20, help="IRIs of lookup-1000 compared in the answer check")
    add("--answer-timeout", type=float, default=300, help="seconds one answer of the answer check may take")
    add(
        "--profile",
        type=int,
        default=0,
        metavar="SECONDS",
        help="afterwards, py-spy the main RegionGraph's workers during a run of each lookup at the top concurrency",
    )
    add("--keep", type=Path, help="work in this folder and keep it (default: a temporary folder, removed)")
    add("--output", type=Path, help="JSON file (default: benchmarks/results/sparql_endpoint-<time>.json)")
    for hidden in ("--serve-rdflib", "--stats", "--limit-quads", "--port", "--max-load-seconds", "--max-load-gib"):
        add(hidden, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


@contextlib.contextmanager
def folder(keep: Path | None) -> Iterator[Path]:
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        yield keep.resolve()
        return
    with tempfile.TemporaryDirectory(prefix="rg-sparql-bench-") as tmp:
        yield Path(tmp)


def start_all(data: Data, args: argparse.Namespace, stack: contextlib.ExitStack) -> list[Contender]:
    """rdflib-endpoint first (its load runs alone), then raw Oxigraph, then one RegionGraph per worker count."""
    peers = []
    if not args.no_rdflib:
        peers.append(start_rdflib(data, Budget(args.rdflib_max_load_seconds, args.rdflib_max_load_gib)))
        stack.callback(stop, peers[-1])
    peers.insert(0, start_oxigraph(data))
    stack.callback(stop, peers[0])
    regiongraphs = []
    for workers in (int(w) for w in args.workers.split(",")):
        log(f"starting regiongraph serve --workers {workers} …")
        regiongraphs.append(start_regiongraph(data, workers, args.setting))
        stack.callback(stop, regiongraphs[-1])
    return regiongraphs + peers


def benchmark(args: argparse.Namespace, workdir: Path, stack: contextlib.ExitStack) -> dict:
    """Build, start, check, load, report; returns the JSON payload."""
    data = build_data(workdir, args.datasets, args.seed)
    print(f"triples: {data.triples:,} distinct in the union of all graphs ({data.quads:,} quads)", flush=True)
    queries = [
        q for q in query_mix(data.base_iri, data.lookup_iris) if not args.queries or q.name in args.queries.split(",")
    ]
    files = write_query_files(queries, workdir / "queries")
    contenders = start_all(data, args, stack)
    verdicts = check_answers(contenders, queries, args.sample, timeout=args.answer_timeout)
    print_data(data, contenders)
    print_verdicts(verdicts)
    concurrency = [int(c) for c in args.concurrency.split(",")]
    plan = Plan(args.duration, args.warmup, args.rdflib_duration, args.slow_max_duration)
    runs = run_matrix(contenders, queries, files, verdicts, concurrency, plan, args.rounds)
    memory = {c.name: round(tree_rss_mib(c.process.pid)) for c in contenders}
    regiongraphs = [c for c in contenders if c.name.startswith("regiongraph")]
    main = next((c for c in regiongraphs if c.name == f"regiongraph-w{args.main_workers}"), regiongraphs[0])
    main_name = main.name
    profiles = [
        profile_regiongraph(main, q, files[q.name], max(concurrency), args.profile, workdir) | {"contender": main_name}
        for q in queries
        if args.profile and q.name.startswith("lookup")
    ]
    report(queries, verdicts, runs, contenders, concurrency, memory)
    found = targets(queries, runs, main_name, concurrency)
    print_targets(found, main_name)
    print_profile(profiles)
    return {
        "environment": environment(),
        "arguments": vars(args),
        "data": asdict(data) | {"lookup_iris": None},
        "contenders": {c.name: {"url": c.url, "load": c.load, "rss_mib_after": memory[c.name]} for c in contenders},
        "queries": [asdict(q) | {"iris": len(q.iris)} for q in queries],
        "answers": {q: {c: asdict(v) for c, v in by.items()} for q, by in verdicts.items()},
        "runs": [asdict(r) for r in runs],
        "targets": found,
        "profiles": profiles,
    }


def report(
    queries: Sequence[Query],
    verdicts: dict[str, dict[str, Verdict]],
    runs: Sequence[Run],
    contenders: Sequence[Contender],
    concurrency: Sequence[int],
    memory: dict[str, int],
) -> None:
    regiongraphs = [c.name for c in contenders if c.name.startswith("regiongraph")]
    print(
        "\nreq/s and latency from wrk --latency; srv CPU = CPU of the server's process tree per answered request; "
        "wrk CPU = the load generator's own share of this 2-core machine (100% = one core)."
    )
    for query in queries:
        print_query(query, verdicts[query.name], runs, regiongraphs, concurrency)
    print(f"\nmemory after the runs (RSS of each server's process tree, MiB): {json.dumps(memory)}")


def require_tools() -> None:
    missing = [] if shutil.which("wrk") else ["wrk (apt-get install wrk)"]
    if not Path(oxigraph_binary()).exists():
        missing.append("oxigraph (pip install 'oxigraph>=0.5.13,<0.6')")
    if missing:
        sys.exit(f"missing: {', '.join(missing)} — see benchmarks/README.md")


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    if args.serve_rdflib:
        limit = int(args.limit_quads) if args.limit_quads else None
        budget = Budget(float(args.max_load_seconds), float(args.max_load_gib))
        serve_rdflib(Path(args.serve_rdflib), int(args.port), Path(args.stats), limit, budget)
        return
    require_tools()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so that the servers started here are stopped
    started = time.perf_counter()
    with folder(args.keep) as workdir, contextlib.ExitStack() as stack:
        payload = benchmark(args, workdir, stack)
    payload["total_seconds"] = round(time.perf_counter() - started, 1)
    output = args.output or RESULTS / f"sparql_endpoint-{time.strftime('%Y%m%d-%H%M%S')}.json"
    write_json(output, payload)
    print(f"\nwhole run: {payload['total_seconds'] / 60:.1f} min; results: {output}")


if __name__ == "__main__":
    main()
