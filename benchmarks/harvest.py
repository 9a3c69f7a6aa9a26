"""Harvest benchmark: N packages from the local CKAN portal — full, incremental with 1% changed, incremental unchanged.

Each run is ``regiongraph harvest`` in a child process (records per second end to end,
mapping and SHACL included, and the child's peak RSS); beside it, in the same run, the bare
download of the same pages with ckanapi (the peer). Prints the ratios.

    python benchmarks/harvest.py --packages 100000
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

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from portal import Portal, make_packages  # noqa: E402 — the portal lives with the tests

SOURCE = "bench"


def child(argv: list[str]) -> None:
    """Inside the child: run one command, then print the peak RSS (KiB) as the last line."""
    if argv[0] == "download":
        download(argv[1], int(argv[2]))
    else:
        from regiongraph.cli import main

        with suppress(SystemExit):  # harvest exits 1 when records are quarantined: expected here
            main(argv, standalone_mode=False)
    print(json.dumps({"rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}), flush=True)


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


def measure(args: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Seconds and peak RSS (MB) of one child, and its stdout."""
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, __file__, "--child", *args], env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - t
    if proc.returncode != 0:
        raise SystemExit(f"child failed ({proc.returncode}): {proc.stderr[-2000:]}")
    last = json.loads(proc.stdout.strip().splitlines()[-1])
    return seconds, last["rss_kib"] / 1024, proc.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packages", type=int, default=100_000)
    parser.add_argument("--page-size", type=int, default=1000)
    parser.add_argument("--batch", type=int, default=100, help="validation_batch (records per SHACL call)")
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
            'contributor_id = "http://dcat-ap.de/def/contributors/kreisUnna"\n', encoding="utf-8")
        env = {**os.environ, "REGIONGRAPH_SOURCES_DIR": str(sources), "REGIONGRAPH_VALIDATION_BATCH": str(opts.batch)}
        harvest = ["--data-dir", str(Path(tmp) / "data"), "harvest", SOURCE]
        results = run_phases(portal, opts, env, harvest)
    report(results, opts.packages)


def run_phases(portal: Portal, opts, env: dict[str, str], harvest: list[str]) -> dict[str, tuple[float, float, int]]:
    results = {}
    seconds, rss, _ = measure(["download", portal.url, str(opts.page_size)], env)
    results["peer: ckanapi download"] = (seconds, rss, opts.packages)
    if opts.profile:
        prof = ROOT / "benchmarks" / "harvest-profile.html"
        subprocess.run([sys.executable, "-m", "pyinstrument", "-r", "html", "-o", str(prof), "-m", "regiongraph",
                        *harvest], env=env, check=False, capture_output=True)
        print(f"profile written to {prof}")
        return results
    results["full"] = (*measure(harvest, env)[:2], opts.packages)
    changed = sorted(portal.packages)[:: 100]
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
        print(f"full run: {n / full:.0f} records/s (target ≥ 1,000), "
              f"peak RSS {max(r[1] for r in results.values()):.0f} MB (target < 1,024)")


if __name__ == "__main__":
    main()
