"""REST facade vs raw SPARQL on the same store, in the same run: list, detail, facets, search.

1. data: the real store (ontology, code lists, gazetteer, register) plus N synthetic DCAT
   datasets (fixed seed, generated as in ``sparql_endpoint.py``, bulk-loaded), each with a
   dcat:CatalogRecord (content hash, status) so the search index covers it like a harvest;
   the writer's hook builds the search index (its time is reported).
2. one ``regiongraph serve --no-load`` process (1 worker); a keep-alive client sends the same
   request sequence (fixed seed) to a REST endpoint and, as the peer, the SPARQL text that
   endpoint runs (values bound exactly as the REST layer binds them) to ``/sparql``.
3. p50/p99 of each, and their ratio. Targets: REST ≤ 1.5× raw SPARQL; search p50 < 20 ms
   (its peer is the CONTAINS scan a SPARQL-only client would have to run).

    python benchmarks/rest.py [--datasets 100000] [--requests 200] [--seed 7]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import httpx
import pyoxigraph as ox

import _harness  # noqa: F401 - reaches tests/support (support.…); see benchmarks/_harness.py
from endpoint.contenders import free_port, launch, stop, wait_ready
from endpoint.data import log
from regiongraph import Instance, Settings
from regiongraph.api.rest import RESOURCES, RestService, detail_query, facet_query, page_query, relation_query
from regiongraph.pipeline import build
from regiongraph.store import EmbeddedStore, inject_values, open_store, writing
from support.synthetic import KEYWORDS, municipalities, rest_records, write_datasets

RESULTS = Path(__file__).resolve().parent / "results"
DATASETS, ORGANISATIONS = RESOURCES["datasets"], RESOURCES["organisations"]
JSON_RESULTS = "application/sparql-results+json"


@dataclass
class Case:
    """One endpoint: the REST request and the SPARQL texts it runs, per request of the sequence."""

    name: str
    rest: list[str]
    sparql: list[list[str]]
    target: str


def build_store(workdir: Path, datasets: int, seed: int) -> tuple[Settings, dict[str, float]]:
    settings = Settings.load(environ={}, data_dir=workdir / "data")
    times: dict[str, float] = {}
    if (settings.data_dir / "snapshots" / "CURRENT").exists() and (settings.data_dir / "built").exists():
        log(f"reusing the store in {settings.data_dir}")
        return settings, json.loads((settings.data_dir / "built").read_text())
    t0 = time.perf_counter()
    with writing(settings) as store:
        assert isinstance(store, EmbeddedStore)
        log("building the store (ontology, code lists, gazetteer, register) …")
        build(Instance(settings), store)
        log(f"adding {datasets:,} synthetic datasets (seed {seed}) with bulk_load …")
        towns = municipalities(store, settings.base_iri)
        write_datasets(workdir / "datasets.nq", towns, datasets, seed, settings.base_iri)
        rest_records(workdir / "records.nq", datasets, settings.base_iri)
        for name in ("datasets.nq", "records.nq"):
            store.raw.bulk_load(path=str(workdir / name), format=ox.RdfFormat.N_QUADS)
        times["store_s"] = round(time.perf_counter() - t0, 1)
        log("publishing; the write hook builds the search index …")
        t1 = time.perf_counter()
    times["publish_and_index_s"] = round(time.perf_counter() - t1, 1)
    (settings.data_dir / "built").write_text(json.dumps(times))
    return settings, times


def bound(text: str, bindings: dict) -> str:
    return inject_values(text, bindings) if bindings else text


def cases(settings: Settings, requests: int, seed: int) -> list[Case]:
    """The request sequences; the SPARQL is what the REST layer itself builds for the same parameters."""
    service = RestService(Instance(settings), open_store(settings))
    rng = random.Random(f"{seed}-rest")
    publishers = [t for t, _ in municipalities(service.store, settings.base_iri)]
    out = []
    lists, filtered, faceted, details, orgs, words = [], [], [], [], [], []
    for _ in range(requests):
        offset = rng.randrange(0, 50) * 20
        plan = service.plan(DATASETS, {"limit": 20, "offset": offset})
        lists.append((f"/api/v1/datasets?limit=20&offset={offset}", [bound(page_query(plan), plan.bindings)]))
        key = rng.choice(publishers).rsplit("/", 1)[-1]
        plan = service.plan(DATASETS, {"limit": 20, "offset": 0, "publisher": [key]})
        filtered.append((f"/api/v1/datasets?publisher={key}", [bound(page_query(plan), plan.bindings)]))
        # Facets over a town's datasets: counting over a fifth of 100,000 (one theme) takes Oxigraph
        # seconds for REST and raw SPARQL alike, past the query time limit.
        key = rng.choice(publishers).rsplit("/", 1)[-1]
        plan = service.plan(DATASETS, {"limit": 20, "offset": 0, "publisher": [key]})
        facets = [
            bound(facet_query(plan, f.pattern, f.kind), plan.bindings)
            for f in DATASETS.facets
            if f.name in ("theme", "keyword")
        ]
        faceted.append(
            (
                f"/api/v1/datasets?publisher={key}&facet=theme&facet=keyword",
                [bound(page_query(plan), plan.bindings), *facets],
            )
        )
        ident = f"bench-{rng.randrange(0, max(1, service_count(service))):06d}"
        details.append((f"/api/v1/datasets/{ident}", detail_sparql(service, DATASETS, ident)))
        orgs.append(("/api/v1/organisations/05978020", detail_sparql(service, ORGANISATIONS, "05978020")))
        word = rng.choice(KEYWORDS)
        words.append(
            (
                f"/api/v1/search?q={word}&type=dataset&limit=20",
                [
                    "PREFIX dcat: <http://www.w3.org/ns/dcat#> PREFIX dcterms: <http://purl.org/dc/terms/> "
                    f"SELECT ?s ?t WHERE {{ ?s a dcat:Dataset ; dcterms:title|dcterms:description ?t . "
                    f'FILTER(CONTAINS(LCASE(STR(?t)), "{word.lower()}")) }} LIMIT 20'
                ],
            )
        )
    for name, seq, target in (
        ("datasets list (page)", lists, "≤ 1.5×"),
        ("datasets by publisher", filtered, "≤ 1.5×"),
        ("datasets by publisher + 2 facets", faceted, "≤ 1.5×"),
        ("dataset detail", details, "≤ 1.5×"),
        ("town detail (Kamen)", orgs, "≤ 1.5×"),
        ("search (peer: CONTAINS scan)", words, "p50 < 20 ms"),
    ):
        out.append(Case(name, [r for r, _ in seq], [s for _, s in seq], target))
    return out


def service_count(service: RestService) -> int:
    rows = service.store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s a <http://www.w3.org/ns/dcat#Dataset> }")
    return int(next(iter(rows))["n"].value)


def detail_sparql(service: RestService, resource, ident: str) -> list[str]:
    """The queries a detail request runs: the lookup (datasets), the fields, each relation."""
    texts = []
    if resource is DATASETS:
        texts.append(
            bound(
                "SELECT ?s WHERE { ?s a <http://www.w3.org/ns/dcat#Dataset> ; "
                "<http://purl.org/dc/terms/identifier> ?ident } ORDER BY ?s LIMIT 1",
                {"ident": ox.Literal(ident)},
            )
        )
    iri = (
        service.iris_for(resource, ident)[0]
        if resource is not DATASETS
        else ox.NamedNode(f"{service.settings.base_iri}dataset/{ident}")
    )
    texts.append(bound(detail_query(resource), {"s": iri}))
    texts += [bound(relation_query(p), {"s": iri}) for p in resource.relations.values()]
    return texts


def timed(client: httpx.Client, send: Callable[[], httpx.Response]) -> float:
    t0 = time.perf_counter()
    response = send()
    elapsed = time.perf_counter() - t0
    if response.status_code != 200:
        raise SystemExit(f"{response.request.url}: {response.status_code} {response.text[:300]}")
    return elapsed


def measure(client: httpx.Client, case: Case, warmup: int) -> tuple[list[float], list[float]]:
    rest, raw = [], []
    for i, (url, texts) in enumerate(zip(case.rest, case.sparql, strict=True)):
        # Alternate the order per request, so neither side always meets a warm cache first.
        order = (0, 1) if i % 2 == 0 else (1, 0)
        result = [0.0, 0.0]
        for side in order:
            if side == 0:
                result[0] = timed(client, lambda u=url: client.get(u))
            else:
                result[1] = sum(
                    timed(
                        client,
                        lambda t=t: client.post(
                            "/sparql",
                            content=t.encode(),
                            headers={"Content-Type": "application/sparql-query", "Accept": JSON_RESULTS},
                        ),
                    )
                    for t in texts
                )
        if i >= warmup:
            rest.append(result[0])
            raw.append(result[1])
    return rest, raw


def pct(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--datasets", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workdir", type=Path, help="reuse the store built there by an earlier run")
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="rg-rest-bench-"))
    settings, times = build_store(workdir, args.datasets, args.seed)
    log(f"store {times['store_s']} s, publish + search index {times['publish_and_index_s']} s")
    plan = cases(settings, args.requests + args.warmup, args.seed)
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("REGIONGRAPH_")}
    cmd = [
        sys.executable,
        "-m",
        "regiongraph",
        "--data-dir",
        str(settings.data_dir),
        "serve",
        "--no-load",
        "--workers",
        "1",
        "--port",
        str(port),
    ]
    server = launch("regiongraph", cmd, f"http://127.0.0.1:{port}/sparql", workdir, env)
    rows = []
    try:
        wait_ready(server, 120)
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
            for case in plan:
                rest, raw = measure(client, case, args.warmup)
                row = {
                    "endpoint": case.name,
                    "rest_p50_ms": pct(rest, 0.5),
                    "rest_p99_ms": pct(rest, 0.99),
                    "sparql_p50_ms": pct(raw, 0.5),
                    "sparql_p99_ms": pct(raw, 0.99),
                    "target": case.target,
                }
                row["ratio_p50"] = row["rest_p50_ms"] / row["sparql_p50_ms"]
                row["ratio_mean"] = statistics.fmean(rest) / statistics.fmean(raw)
                rows.append(row)
                log(
                    f"{case.name}: REST p50 {row['rest_p50_ms']:.1f} ms p99 {row['rest_p99_ms']:.1f} ms | "
                    f"SPARQL p50 {row['sparql_p50_ms']:.1f} ms p99 {row['sparql_p99_ms']:.1f} ms | "
                    f"ratio p50 {row['ratio_p50']:.2f}"
                )
    finally:
        stop(server)
    report(rows, times, args)


def report(rows: list[dict], times: dict[str, float], args: argparse.Namespace) -> None:
    print(
        f"\nREST vs raw SPARQL — {args.datasets:,} datasets, {args.requests} requests each "
        f"(after {args.warmup} warm-up), 1 worker, sequential keep-alive client"
    )
    print(f"store build {times['store_s']} s; publish + search index build {times['publish_and_index_s']} s\n")
    print(f"| endpoint | REST p50 | REST p99 | SPARQL p50 | SPARQL p99 | ratio p50 | target |\n|{'---|' * 7}")
    for r in rows:
        print(
            f"| {r['endpoint']} | {r['rest_p50_ms']:.1f} ms | {r['rest_p99_ms']:.1f} ms | {r['sparql_p50_ms']:.1f} ms"
            f" | {r['sparql_p99_ms']:.1f} ms | {r['ratio_p50']:.2f}× | {r['target']} |"
        )
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / "rest.json"
    out.write_text(
        json.dumps(
            {"datasets": args.datasets, "requests": args.requests, "seed": args.seed, **times, "rows": rows}, indent=2
        ),
        encoding="utf-8",
    )
    print(f"\nwritten to {out}")


if __name__ == "__main__":
    main()
