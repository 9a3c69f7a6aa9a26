"""Harvest benchmark: N packages from the local CKAN portal — full, incremental with 1% changed, incremental unchanged.

Each run is ``regiongraph harvest`` in a child process (records per second end to end,
mapping and SHACL included, and the peak RSS of the harvest process and of its largest
worker); beside it, in the same run, the bare download of the same pages with ckanapi (the
peer), and the store's floor: the quads the full run wrote, loaded again into a fresh on-disk
Oxigraph store in transactions of one batch each (what the harvest's writes cost at the least).
Prints the ratios.

    python benchmarks/harvest.py --packages 100000
    python benchmarks/harvest.py --packages 100000 --download-only   # the peer alone
    python benchmarks/harvest.py --packages 2000 --profile   # pyinstrument profile of the full run

Targets (issue 4): ≥ 1,000 records/s end to end, peak RSS < 1 GB, an unchanged incremental
run < 5% of the full run's time.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from contextlib import suppress
from pathlib import Path

import _harness  # noqa: F401 - reaches tests/support (support.…); see benchmarks/_harness.py
from support.portal import Portal, make_packages

ROOT = Path(__file__).resolve().parents[1]


SOURCE = "bench"


def child(argv: list[str]) -> None:
    """Inside the child: run one command, then print the peak RSS (KiB, its own and its largest child's) last."""
    if argv[0] == "download":
        download(argv[1], int(argv[2]))
    elif argv[0] == "floor":
        store_floor(Path(argv[1]), int(argv[2]))
    else:
        from regiongraph.cli import main

        with suppress(SystemExit):  # harvest exits 1 when records are quarantined: expected here
            main(argv, standalone_mode=False)
    print(
        json.dumps(
            {
                "rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                "children_rss_kib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
            }
        ),
        flush=True,
    )


def download(url: str, rows: int) -> None:
    """The peer: every page of package_search with ckanapi, nothing else."""
    from ckanapi import RemoteCKAN

    ckan, start, seen = RemoteCKAN(url), 0, 0
    while True:
        page = ckan.action.package_search(q="*:*", rows=rows, start=start, sort="metadata_modified asc, id asc")
        seen += len(page["results"])
        start += rows
        if len(page["results"]) < rows:
            break
    print(f"downloaded {seen}", file=sys.stderr)


def store_floor(data_dir: Path, batch: int) -> None:
    """The peer for the writes: every named graph of the published store, loaded again as N-Quads in
    transactions of ``batch`` graphs into a fresh on-disk store, flushed as the harvest's store flushes.

    Only the loading is timed. Oxigraph lists quads graph by graph, so one batch is built at a time.
    """
    import pyoxigraph as ox

    from regiongraph.store.embedded import FLUSH_BYTES

    snapshots = data_dir / "snapshots"
    source = ox.Store.read_only(str(snapshots / (snapshots / "CURRENT").read_text().strip()))
    seconds, graphs, quads = 0.0, 0, 0
    with tempfile.TemporaryDirectory() as tmp:
        state = {"store": ox.Store(tmp), "unflushed": 0}

        def load(lines: list[str]) -> None:
            nonlocal seconds
            text = "".join(lines)
            t = time.perf_counter()
            state["store"].load(text, format=ox.RdfFormat.N_QUADS)
            state["unflushed"] += len(text)
            if state["unflushed"] > FLUSH_BYTES:
                state["store"].flush()
                state["unflushed"] = 0
            seconds += time.perf_counter() - t

        lines, current, in_chunk = [], None, 0
        for quad in source.quads_for_pattern(None, None, None, None):
            if quad.graph_name != current:
                current, graphs, in_chunk = quad.graph_name, graphs + 1, in_chunk + 1
                if in_chunk > batch:
                    load(lines)
                    lines, in_chunk = [], 1
            lines.append(f"{quad} .\n")
            quads += 1
        load(lines)
        t = time.perf_counter()
        state["store"].flush()
        seconds += time.perf_counter() - t
        state.clear()  # closes the store before its folder goes
    print(f"floor: {quads} quads in {graphs} graphs loaded in {seconds:.1f} s", file=sys.stderr)
    print(json.dumps({"seconds": seconds, "quads": quads, "graphs": graphs}), flush=True)


def measure(args: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Seconds and peak RSS (MB: the process or its largest worker, whichever is larger) of one child, its stdout."""
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, __file__, "--child", *args], env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - t
    if proc.returncode != 0:
        raise SystemExit(f"child failed ({proc.returncode}): {proc.stderr[-2000:]}")
    last = json.loads(proc.stdout.strip().splitlines()[-1])
    return seconds, max(last["rss_kib"], last.get("children_rss_kib", 0)) / 1024, proc.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packages", type=int, default=100_000)
    parser.add_argument("--page-size", type=int, default=1000)
    parser.add_argument("--batch", type=int, default=100, help="validation_batch (records per SHACL call)")
    parser.add_argument("--workers", type=int, default=0, help="harvest_workers (map + SHACL processes)")
    parser.add_argument("--download-only", action="store_true", help="only the peer: the bare ckanapi download")
    parser.add_argument("--profile", action="store_true", help="profile the full run with pyinstrument")
    parser.add_argument("--child", nargs=argparse.REMAINDER)
    opts = parser.parse_args()
    if opts.child:
        return child(opts.child)
    t = time.perf_counter()
    packages = make_packages(opts.packages)
    print(f"{opts.packages} packages generated in {time.perf_counter() - t:.1f} s")
    with Portal(packages) as portal, tempfile.TemporaryDirectory() as tmp:
        sources = Path(tmp) / "sources"
        sources.mkdir()
        (sources / f"{SOURCE}.toml").write_text(
            f'[source]\nname = "{SOURCE}"\ntype = "ckan"\nurl = "{portal.url}"\npage_size = {opts.page_size}\n'
            f'timeout = 120\n[mapping]\npublisher = "05978"\n'
            'contributor_id = "http://dcat-ap.de/def/contributors/kreisUnna"\n',
            encoding="utf-8",
        )
        env = {
            **os.environ,
            "REGIONGRAPH_SOURCES_DIR": str(sources),
            "REGIONGRAPH_VALIDATION_BATCH": str(opts.batch),
            "REGIONGRAPH_HARVEST_WORKERS": str(opts.workers),
        }
        harvest = ["--data-dir", str(Path(tmp) / "data"), "harvest", SOURCE]
        results = run_phases(portal, opts, env, harvest, Path(tmp) / "data")
    report(results, opts.packages)


def run_phases(
    portal: Portal, opts, env: dict[str, str], harvest: list[str], data_dir: Path
) -> dict[str, tuple[float, float, int]]:
    results = {}
    seconds, rss, _ = measure(["download", portal.url, str(opts.page_size)], env)
    results["peer: ckanapi download"] = (seconds, rss, opts.packages)
    if opts.download_only:
        return results
    if opts.profile:
        prof = ROOT / "benchmarks" / "harvest-profile.html"
        subprocess.run(
            [sys.executable, "-m", "pyinstrument", "-r", "html", "-o", str(prof), "-m", "regiongraph", *harvest],
            env=env,
            check=False,
            capture_output=True,
        )
        print(f"profile written to {prof}")
        return results
    results["full"] = (*measure(harvest, env)[:2], opts.packages)
    floor = measure(["floor", str(data_dir), str(opts.batch)], env)
    results["peer: store writes alone"] = (json.loads(floor[2].splitlines()[-2])["seconds"], floor[1], opts.packages)
    changed = sorted(portal.packages)[::100]
    for pid in changed:
        portal.touch(pid, title=portal.packages[pid]["title"] + " (aktualisiert)")
    results["incremental, 1% changed"] = (*measure(harvest, env)[:2], len(changed))
    results["incremental, unchanged"] = (*measure(harvest, env)[:2], 0)
    return results


def report(results: dict[str, tuple[float, float, int]], n: int) -> None:
    peer = results["peer: ckanapi download"][0]
    full = results.get("full", (peer, 0, n))[0]
    print(f"\n{'run':28} {'records':>8} {'seconds':>9} {'records/s':>10} {'peak RSS MB':>12} {'vs download':>12}")
    for name, (seconds, rss, records) in results.items():
        rate = records / seconds if records else 0
        print(f"{name:28} {records:8d} {seconds:9.1f} {rate:10.0f} {rss:12.0f} {seconds / peer:11.1f}x")
    if "incremental, unchanged" in results:
        share = results["incremental, unchanged"][0] / full
        print(f"\nunchanged incremental run: {share:.1%} of the full run (target < 5%)")
        print(
            f"full run: {n / full:.0f} records/s (target ≥ 1,000), "
            f"peak RSS {max(r[1] for r in results.values()):.0f} MB (target < 1,024)"
        )


if __name__ == "__main__":
    main()
