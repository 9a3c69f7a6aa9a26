"""What the run prints and saves: tables per query, ratios, the issue's targets, the environment, the JSON."""

from __future__ import annotations

import json
import math
import os
import platform
import statistics
import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path

from .answers import Verdict
from .contenders import Contender, oxigraph_binary
from .data import Data, Query
from .load import Run


def find_runs(runs: Sequence[Run], query: str, connections: int, contender: str) -> list[Run]:
    """The timed runs of one contender, query and concurrency, one per round."""
    return [r for r in runs if (r.query, r.connections, r.contender) == (query, connections, contender) and r.requests]


def find_run(runs: Sequence[Run], query: str, connections: int, contender: str) -> Run | None:
    """The typical round: the run of median throughput (the lower middle one of an even count)."""
    found = sorted(find_runs(runs, query, connections, contender), key=lambda r: r.rps)
    return found[(len(found) - 1) // 2] if found else None


def ratios(runs: Sequence[Run], query: str, connections: int, a: str, b: str) -> list[float]:
    """Throughput of ``a`` over ``b``, per round in which both were timed."""
    peer = {r.round: r for r in find_runs(runs, query, connections, b)}
    return [
        r.rps / peer[r.round].rps
        for r in find_runs(runs, query, connections, a)
        if r.round in peer and peer[r.round].rps
    ]


def ratio(runs: Sequence[Run], query: str, connections: int, a: str, b: str) -> float | None:
    """Throughput of ``a`` over ``b``: the median of the rounds' ratios, if both were timed in one at least."""
    found = ratios(runs, query, connections, a, b)
    return statistics.median(found) if found else None


def fmt_ratio(value: float | None) -> str:
    if value is None:
        return "n/a"
    return f"{value:.2f}×" if value < 10 else f"{value:.0f}×"


def print_query(
    query: Query,
    verdicts: dict[str, Verdict],
    runs: Sequence[Run],
    regiongraphs: Sequence[str],
    concurrency: Sequence[int],
) -> None:
    """One table: every contender at every concurrency, then RegionGraph's throughput ratios to each peer."""
    print(f"\n{query.name} — {query.title}")
    print(
        "  answers: "
        + ", ".join(
            f"{name} {v.rows} rows" + ("" if v.status == "ok" else f" [{v.status}]") for name, v in verdicts.items()
        )
    )
    print(
        f"  {'conc':>4} {'rnd':>3}  {'contender':<16} {'req/s':>9} {'p50 ms':>9} {'p99 ms':>9} {'requests':>8} "
        f"{'srv CPU ms/req':>14} {'wrk CPU':>7}  note"
    )
    for connections in concurrency:
        for run in (r for r in runs if (r.query, r.connections) == (query.name, connections)):
            print(
                f"  {connections:>4} {run.round:>3}  {run.contender:<16} {run.rps:>9.1f} {run.p50_ms:>9.2f} "
                f"{run.p99_ms:>9.2f} {run.requests:>8} {run.server_cpu_ms_per_request:>14.2f} "
                f"{run.wrk_cpu_pct:>6.0f}%  {run.note}"
            )
        for peer in (p for p in ("oxigraph", "rdflib-endpoint") if p in verdicts):
            cells = "  ".join(
                f"{rg.removeprefix('regiongraph-')} {_ratio_cell(runs, query.name, connections, rg, peer)}"
                for rg in regiongraphs
            )
            print(f"  {'':>4}  RegionGraph/{peer} (req/s): {cells}")


def _ratio_cell(runs: Sequence[Run], query: str, connections: int, a: str, b: str) -> str:
    """The median ratio, and over several rounds their range."""
    found = ratios(runs, query, connections, a, b)
    spread = f" (rounds {fmt_ratio(min(found))}–{fmt_ratio(max(found))})" if len(found) > 1 else ""
    return fmt_ratio(statistics.median(found) if found else None) + spread


def geomean(values: Sequence[float]) -> float | None:
    return math.exp(statistics.fmean(math.log(v) for v in values)) if values else None


def targets(queries: Sequence[Query], runs: Sequence[Run], main: str, concurrency: Sequence[int]) -> dict:
    """The issue's targets, measured (reported, never asserted)."""
    top, low = max(concurrency), min(concurrency)
    lookups, heavy = [q.name for q in queries if q.name.startswith("lookup")], [q.name for q in queries if q.heavy]
    found: dict = {
        f"lookup_rps_vs_oxigraph_c{top}": {q: ratio(runs, q, top, main, "oxigraph") for q in lookups},
        "heavy_rps_vs_oxigraph": {f"{q} c{c}": ratio(runs, q, c, main, "oxigraph") for q in heavy for c in concurrency},
        f"lookup_p50_ms_c{low}": {q: getattr(find_run(runs, q, low, main), "p50_ms", None) for q in lookups},
    }
    for c in concurrency:
        found[f"rdflib_geomean_rps_ratio_c{c}"] = geomean(
            [v for q in queries if (v := ratio(runs, q.name, c, main, "rdflib-endpoint"))]
        )
    pairs = [(find_run(runs, q.name, low, main), find_run(runs, q.name, low, "rdflib-endpoint")) for q in queries]
    timed = [(a, b) for a, b in pairs if a and b]
    found[f"rdflib_one_pass_of_the_mix_c{low}"] = (
        sum(b.mean_ms for _, b in timed) / sum(a.mean_ms for a, _ in timed) if timed else None
    )
    return found


def print_targets(found: dict, main: str) -> None:
    """The targets next to what was measured; 'MISSED' informs the developers, it fails nothing."""

    def mark(value: float | None, ok: Callable[[float], bool]) -> str:
        return "n/a" if value is None else ("met" if ok(value) else "MISSED")

    def show(key: str, value: float | None) -> str:
        return f"{value:.2f} ms" if "p50" in key and value is not None else fmt_ratio(value)

    print(f"\ntargets, judged on {main} (measured, not asserted):")
    rules = (
        ("lookup_rps_vs_oxigraph", "≥ 0.3× raw Oxigraph, aim 0.5×", lambda v: v >= 0.3),
        ("heavy_rps_vs_oxigraph", "≥ 0.9× raw Oxigraph", lambda v: v >= 0.9),
        ("lookup_p50_ms", "< 1 ms", lambda v: v < 1.0),
    )
    for prefix, rule, ok in rules:
        key = next(k for k in found if k.startswith(prefix))
        cells = ", ".join(f"{q} {show(key, v)} {mark(v, ok)}" for q, v in found[key].items())
        print(f"  {key} ({rule}): {cells}")
    for key, value in found.items():
        if key.startswith("rdflib"):
            print(f"  {key} (RegionGraph ≥ 10× rdflib-endpoint): {fmt_ratio(value)} {mark(value, lambda v: v >= 10)}")


def print_data(data: Data, contenders: Sequence[Contender]) -> None:
    print(
        f"\ndata: {data.quads:,} quads, {data.triples:,} distinct triples in the union default graph "
        f"({data.datasets:,} synthetic datasets, seed {data.seed}, sha256 {data.synthetic_sha256[:16]}…)"
    )
    print(f"  regiongraph: build + synthetic bulk_load {data.build_seconds:.1f} s")
    for c in contenders:
        if c.load:
            print(f"  {c.name}: " + ", ".join(f"{k} {v}" for k, v in c.load.items() if v is not None))
        if c.load.get("subset_quads"):
            print(
                f"  NOTE: {c.name} serves a SUBSET, the first {c.load['subset_quads']:,} quads of the dump; "
                "where its answers differ, it is not timed"
            )


def print_verdicts(verdicts: dict[str, dict[str, Verdict]]) -> None:
    """Every answer that differs from raw Oxigraph's, before anything is timed."""
    for query, by_contender in verdicts.items():
        for name, verdict in by_contender.items():
            if verdict.status != "ok":
                timed = "timed anyway" if verdict.timed else "NOT timed"
                print(f"answer check: {query} / {name}: {verdict.status.upper()} ({timed}): {verdict.detail}")


def environment() -> dict:
    """Versions and machine, for the JSON file."""
    from importlib.metadata import PackageNotFoundError, version

    def pkg(name: str) -> str | None:
        try:
            return version(name)
        except PackageNotFoundError:
            return None

    wrk_version = subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout.splitlines()[:1]
    oxigraph_version = subprocess.run([oxigraph_binary(), "--version"], capture_output=True, text=True).stdout
    return {
        "python": platform.python_version(),
        "machine": platform.platform(),
        "cpus": os.cpu_count(),
        "wrk": wrk_version[0] if wrk_version else None,
        "oxigraph_cli": oxigraph_version.strip(),
        **{
            name: pkg(name)
            for name in (
                "regiongraph",
                "pyoxigraph",
                "rdflib",
                "rdflib-endpoint",
                "fastapi",
                "starlette",
                "uvicorn",
                "py-spy",
            )
        },
    }


def _plain(value: object) -> object:
    """JSON-safe: NaN (not measured) becomes null."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def write_json(path: Path, payload: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(_plain(payload), indent=2, default=str, ensure_ascii=False), encoding="utf-8")
