"""Web pages vs the REST JSON of the same view, in the same run: fact sheets, faceted lists, search, map, network.

1. data: the store of ``rest.py`` — ontology, code lists, gazetteer, register — plus N synthetic harvested
   datasets (fixed seed, bulk-loaded, indexed for search), for each N given (``--datasets 0 100000``:
   the register alone, then with 100,000 datasets).
2. one freshly started ``regiongraph serve --no-load`` process (1 worker) per N; a keep-alive client asks each
   page (``Accept: text/html``) and the REST JSON that shows the same view (the list with the same filters and
   every facet the page shows, the detail, the search, the network).
3. p50/p99 per page type and the ratio page/JSON, twice on that server:
   - "first": every distinct view once, before anything else — all 55 register cooperations, every town of
     the gazetteer, every search keyword, every filter combination of the lists — page and JSON alternating
     which goes first, so that both sides compute (nothing kept per snapshot or per URL helps either side);
   - "kept": a seeded sequence of the same views, each URL asked once before the measured sequence, so that
     both sides answer from what they keep.
   Targets: page p50 ≤ 30 ms on the register, ≤ 1.5× the JSON of the same view, faceted lists at 100,000
   datasets ≤ 300 ms.

    python benchmarks/web.py --datasets 0 100000 --requests 200     # the full run
    python benchmarks/web.py --datasets 0 2000 --requests 20        # a smoke run
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
from pathlib import Path

import httpx

import _harness  # noqa: F401 - reaches tests/support (support.…); see benchmarks/_harness.py
from endpoint.contenders import free_port, launch, stop, wait_ready
from endpoint.data import log
from regiongraph.store import open_store
from rest import RESULTS, build_store, pct, timed
from support.synthetic import KEYWORDS, municipalities

HTML = {"Accept": "text/html"}
JSON = {"Accept": "application/json"}


PAGE_TYPES = (
    "fact sheet: cooperation",
    "fact sheet: town",
    "faceted list: cooperations",
    "faceted list: datasets",
    "search",
    "map data",
    "network data",
)
TARGETS = {"faceted list: datasets": "≤ 1.5×; ≤ 300 ms at 100,000"}
FACETS = "&".join(f"facet={f}" for f in ("legal_form", "field", "status", "partner", "table"))


def views(settings) -> dict[str, list[tuple[str, str]]]:
    """Every distinct view per page type: (page URL, JSON URL of the same view), in a fixed order."""
    store = open_store(settings)
    towns = [iri.rsplit("/", 1)[-1] for iri, _ in municipalities(store, settings.base_iri)]
    store.close()
    coops = [f"ku2016-b-{n:02d}" for n in range(1, 56)]
    lists = [
        f"table={t}&field={f}"
        for t in ("a", "b")
        for f in ("verkehr", "kultur-sport", "verwaltung-beschaffung-daten-it")
    ]
    return {
        "fact sheet: cooperation": [(f"/id/cooperation/{c}", f"/api/v1/cooperations/{c}") for c in coops],
        "fact sheet: town": [(f"/id/ags/{t}", f"/api/v1/organisations/{t}") for t in towns],
        "faceted list: cooperations": [(f"/cooperations?{q}", f"/api/v1/cooperations?{q}&{FACETS}") for q in lists],
        "faceted list: datasets": [
            (f"/datasets?publisher={t}", f"/api/v1/datasets?publisher={t}&facet=publisher&facet=theme&facet=keyword")
            for t in towns
        ],
        "search": [(f"/search?q={w}", f"/api/v1/search?q={w}&limit=50") for w in KEYWORDS],
        "map data": [("/map", "/api/v1/network")],
        "network data": [("/network", "/api/v1/network")],
    }


def sequences(distinct: dict[str, list[tuple[str, str]]], requests: int, seed: int) -> dict[str, list[tuple[str, str]]]:
    """``requests`` views per page type drawn from ``distinct`` (fixed seed) — the sequence for "kept"."""
    rng = random.Random(f"{seed}-web")
    return {name: [rng.choice(distinct[name]) for _ in range(requests)] for name in PAGE_TYPES}


def measure(
    client: httpx.Client, seq: list[tuple[str, str]], warmup: int, *, first: bool
) -> tuple[list[float], list[float]]:
    """Page and JSON times of ``seq``; unless ``first``, each URL is asked once before (kept answers)."""
    pages, data = [], []
    if not first:  # "kept" means asked before: each URL once first, so a URL drawn once is not measured computing
        for page, api in dict.fromkeys(seq):
            client.get(page, headers=HTML)
            client.get(api, headers=JSON)
    for i, (page, api) in enumerate(seq):
        order = (0, 1) if i % 2 == 0 else (1, 0)  # neither side always meets a warm cache first
        result = [0.0, 0.0]
        for side in order:
            url, headers = (page, HTML) if side == 0 else (api, JSON)
            result[side] = timed(client, lambda u=url, h=headers: client.get(u, headers=h))
        if i >= warmup:
            pages.append(result[0])
            data.append(result[1])
    return pages, data


def _row(datasets: int, name: str, answers: str, times: tuple[list[float], list[float]]) -> dict:
    pages, data = times
    row = {
        "datasets": datasets,
        "page type": name,
        "answers": answers,
        "views": len(pages),
        "page_p50_ms": pct(pages, 0.5),
        "page_p99_ms": pct(pages, 0.99),
        "json_p50_ms": pct(data, 0.5),
        "json_p99_ms": pct(data, 0.99),
        "target": TARGETS.get(name, "≤ 30 ms (register), ≤ 1.5×"),
    }
    row["ratio_p50"] = row["page_p50_ms"] / row["json_p50_ms"]
    row["ratio_mean"] = statistics.fmean(pages) / statistics.fmean(data)
    log(
        f"{datasets:,} · {name} ({answers}, {len(pages)}): page p50 {row['page_p50_ms']:.1f} ms "
        f"p99 {row['page_p99_ms']:.1f} ms | JSON p50 {row['json_p50_ms']:.1f} ms | ratio {row['ratio_p50']:.2f}"
    )
    return row


def run(workdir: Path, datasets: int, args: argparse.Namespace) -> list[dict]:
    settings, times = build_store(workdir, datasets, args.seed)
    log(f"{datasets:,} datasets: store {times['store_s']} s, publish + search index {times['publish_and_index_s']} s")
    distinct = views(settings)
    plan = sequences(distinct, args.requests + args.warmup, args.seed)
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
            # "first" before anything else: the server is fresh, so every view is computed on both sides
            rows += [
                _row(datasets, name, "first", measure(client, distinct[name], 0, first=True)) for name in PAGE_TYPES
            ]
            rows += [
                _row(datasets, name, "kept", measure(client, plan[name], args.warmup, first=False))
                for name in PAGE_TYPES
            ]
    finally:
        stop(server)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--datasets", type=int, nargs="+", default=[0, 100_000])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workdir", type=Path, help="reuse the stores built there by an earlier run")
    args = parser.parse_args()
    root = args.workdir or Path(tempfile.mkdtemp(prefix="rg-web-bench-"))
    rows = [row for n in args.datasets for row in run(root / f"n{n}", n, args)]
    print(
        f"\nWeb pages vs REST JSON of the same view — 'kept': {args.requests} requests each (after "
        f"{args.warmup} warm-up), 1 worker, sequential keep-alive client\n"
    )
    print(
        "'first': every distinct view once on a fresh server (both sides compute); "
        "'kept': a seeded sequence of those views, each asked once before (both sides answer what they keep)\n"
    )
    print(
        "| datasets | page type | answers | views | page p50 | page p99 | JSON p50 | JSON p99 | ratio p50 "
        "| target |\n"
        f"|{'---|' * 10}"
    )
    for r in rows:
        print(
            f"| {r['datasets']:,} | {r['page type']} | {r['answers']} | {r['views']} | {r['page_p50_ms']:.1f} ms | "
            f"{r['page_p99_ms']:.1f} ms | "
            f"{r['json_p50_ms']:.1f} ms | {r['json_p99_ms']:.1f} ms | {r['ratio_p50']:.2f}× | {r['target']} |"
        )
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / "web.json"
    out.write_text(json.dumps({"requests": args.requests, "seed": args.seed, "rows": rows}, indent=2), encoding="utf-8")
    print(f"\nwritten to {out}")


if __name__ == "__main__":
    main()
