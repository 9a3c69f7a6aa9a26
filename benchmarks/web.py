"""Web pages vs the REST JSON of the same view, in the same run: fact sheets, faceted lists, search, map, network.

1. data: the store of ``rest.py`` — ontology, code lists, gazetteer, register — plus N synthetic harvested
   datasets (fixed seed, bulk-loaded, indexed for search), for each N given (``--datasets 0 100000``:
   the register alone, then with 100,000 datasets).
2. one ``regiongraph serve --no-load`` process (1 worker); a keep-alive client sends the same request
   sequence (fixed seed) to each page (``Accept: text/html``) and to the REST JSON that shows the same view
   (the list with the same filters and every facet the page shows, the detail, the search, the network).
3. p50/p99 per page type and the ratio page/JSON, twice: with every URL new (a parameter no route reads
   makes it unique, so no answer kept per URL is reused) and with the same URLs again, each asked once
   before the measured sequence (kept answers).
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


def cases(settings, requests: int, seed: int) -> list[tuple[str, list[tuple[str, str]], str]]:
    """(page type, [(page URL, JSON URL of the same view)], target) — the same sequence for every run."""
    store = open_store(settings)
    towns = [iri.rsplit("/", 1)[-1] for iri, _ in municipalities(store, settings.base_iri)]
    store.close()
    rng = random.Random(f"{seed}-web")
    region = ["05978004", "05978008", "05978012", "05978016", "05978020", "05978024", "05978028", "05978036"]
    coops = [f"ku2016-b-{n:02d}" for n in range(1, 56)]
    out: dict[str, list[tuple[str, str]]] = {k: [] for k in (
        "fact sheet: cooperation", "fact sheet: town", "faceted list: cooperations", "faceted list: datasets",
        "search", "map data", "network data")}
    for _ in range(requests):
        c = rng.choice(coops)
        out["fact sheet: cooperation"].append((f"/id/cooperation/{c}", f"/api/v1/cooperations/{c}"))
        t = rng.choice(region)
        out["fact sheet: town"].append((f"/id/ags/{t}", f"/api/v1/organisations/{t}"))
        table = rng.choice(("a", "b"))
        field = rng.choice(("verkehr", "kultur-sport", "verwaltung-beschaffung-daten-it"))
        facets = "&".join(f"facet={f}" for f in ("legal_form", "field", "status", "partner", "table"))
        query = f"table={table}&field={field}"
        out["faceted list: cooperations"].append((f"/cooperations?{query}", f"/api/v1/cooperations?{query}&{facets}"))
        p = rng.choice(towns)
        out["faceted list: datasets"].append((f"/datasets?publisher={p}",
                                              f"/api/v1/datasets?publisher={p}&facet=publisher&facet=theme"
                                              "&facet=keyword"))
        w = rng.choice(KEYWORDS)
        out["search"].append((f"/search?q={w}", f"/api/v1/search?q={w}&limit=50"))
        out["map data"].append(("/map", "/api/v1/network"))
        out["network data"].append(("/network", "/api/v1/network"))
    targets = {"faceted list: datasets": "≤ 1.5×; ≤ 300 ms at 100,000"}
    return [(name, seq, targets.get(name, "≤ 30 ms (register), ≤ 1.5×")) for name, seq in out.items()]


def _cold(url: str, i: int) -> str:
    """``url`` made unique (a parameter every route ignores), so that no answer kept per snapshot is reused."""
    return f"{url}{'&' if '?' in url else '?'}_bench={i}"


def measure(client: httpx.Client, seq: list[tuple[str, str]], warmup: int, *,
            cold: bool) -> tuple[list[float], list[float]]:
    pages, data = [], []
    if not cold:  # "kept" means asked before: each URL once first, so a URL drawn once is not measured computing
        for page, api in dict.fromkeys(seq):
            client.get(page, headers=HTML)
            client.get(api, headers=JSON)
    for i, (page, api) in enumerate(seq):
        if cold:
            page, api = _cold(page, i), _cold(api, i)
        order = (0, 1) if i % 2 == 0 else (1, 0)  # neither side always meets a warm cache first
        result = [0.0, 0.0]
        for side in order:
            url, headers = (page, HTML) if side == 0 else (api, JSON)
            result[side] = timed(client, lambda u=url, h=headers: client.get(u, headers=h))
        if i >= warmup:
            pages.append(result[0])
            data.append(result[1])
    return pages, data


def run(workdir: Path, datasets: int, args: argparse.Namespace) -> list[dict]:
    settings, times = build_store(workdir, datasets, args.seed)
    log(f"{datasets:,} datasets: store {times['store_s']} s, publish + search index {times['publish_and_index_s']} s")
    plan = cases(settings, args.requests + args.warmup, args.seed)
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("REGIONGRAPH_")}
    cmd = [sys.executable, "-m", "regiongraph", "--data-dir", str(settings.data_dir), "serve", "--no-load",
           "--workers", "1", "--port", str(port)]
    server = launch("regiongraph", cmd, f"http://127.0.0.1:{port}/sparql", workdir, env)
    rows = []
    try:
        wait_ready(server, 120)
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
            for (name, seq, target), cold in ((case, cold) for cold in (True, False) for case in plan):
                pages, data = measure(client, seq, args.warmup, cold=cold)
                row = {"datasets": datasets, "page type": name, "answers": "new" if cold else "kept",
                       "page_p50_ms": pct(pages, .5),
                       "page_p99_ms": pct(pages, .99), "json_p50_ms": pct(data, .5), "json_p99_ms": pct(data, .99),
                       "target": target}
                row["ratio_p50"] = row["page_p50_ms"] / row["json_p50_ms"]
                row["ratio_mean"] = statistics.fmean(pages) / statistics.fmean(data)
                rows.append(row)
                log(f"{datasets:,} · {name} ({row['answers']}): page p50 {row['page_p50_ms']:.1f} ms "
                    f"p99 {row['page_p99_ms']:.1f} ms | "
                    f"JSON p50 {row['json_p50_ms']:.1f} ms | ratio {row['ratio_p50']:.2f}")
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
    print(f"\nWeb pages vs REST JSON of the same view — {args.requests} requests each (after {args.warmup} "
          "warm-up), 1 worker, sequential keep-alive client\n")
    print("'new': every URL once (nothing kept per snapshot is reused); 'kept': the same URLs again\n")
    print(f"| datasets | page type | answers | page p50 | page p99 | JSON p50 | JSON p99 | ratio p50 | target |\n"
          f"|{'---|' * 9}")
    for r in rows:
        print(f"| {r['datasets']:,} | {r['page type']} | {r['answers']} | {r['page_p50_ms']:.1f} ms | "
              f"{r['page_p99_ms']:.1f} ms | "
              f"{r['json_p50_ms']:.1f} ms | {r['json_p99_ms']:.1f} ms | {r['ratio_p50']:.2f}× | {r['target']} |")
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / "web.json"
    out.write_text(json.dumps({"requests": args.requests, "seed": args.seed, "rows": rows}, indent=2), encoding="utf-8")
    print(f"\nwritten to {out}")


if __name__ == "__main__":
    main()
