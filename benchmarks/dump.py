"""Dated dumps: ``regiongraph dump`` of the endpoint benchmark's 1.53 M-triple store next to ``oxigraph dump``.

Builds the store of ``benchmarks/endpoint`` (the real register + ``--datasets`` synthetic DCAT datasets, one
graph each, fixed seed), loads the same N-Quads into a plain Oxigraph store with the ``oxigraph`` CLI, then
times, round after round and taking turns:

* ``regiongraph dump``: every graph but the harvest runs, sorted, skolemised, ``gzip -n`` (a child process);
* ``oxigraph dump``: the peer, the same quads as N-Quads in index order, uncompressed, nothing sorted;
* ``oxigraph dump | gzip -n``: the peer with the same compression, for the bytes.

Each child's wall time and peak RSS (``wait4``: the child and what it waited for) are printed, with the
output bytes and the ratio to ``oxigraph dump``; RegionGraph's two dumps of each round must have the
same SHA-256 (reproducible), and its quads must be the store's minus the runs'.

    python benchmarks/dump.py                        # the issue's run (80,000 datasets ≈ 1.53 M triples)
    python benchmarks/dump.py --datasets 5000        # a quick try
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

import _harness  # noqa: F401 - reaches tests/support (support.…); see benchmarks/_harness.py
from endpoint.data import RESULTS, VENV_BIN, build_data, log

HERE = Path(__file__).resolve().parent


OXIGRAPH = str(VENV_BIN / "oxigraph") if (VENV_BIN / "oxigraph").exists() else "oxigraph"


def measure(argv: list[str], *, shell: bool = False) -> tuple[float, float, str]:
    """Wall seconds, peak RSS in MiB and stdout of one child process."""
    t = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(
            argv if not shell else ["bash", "-o", "pipefail", "-c", argv[0]], stdout=out, stderr=subprocess.PIPE
        )
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - t
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            raise SystemExit(f"{argv[0]} failed ({proc.returncode}): {proc.stderr.read()[-2000:]!r}")
        out.seek(0)
        return seconds, usage.ru_maxrss / 1024, out.read().decode()


def regiongraph_dump(data_dir: Path, day: str) -> tuple[float, float, dict]:
    seconds, rss, out = measure(
        [sys.executable, "-m", "regiongraph", "--data-dir", str(data_dir), "dump", "--date", day, "--json"]
    )
    return seconds, rss, json.loads(out)[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", type=int, default=80_000, help="synthetic DCAT datasets (default 80,000)")
    parser.add_argument("--seed", type=int, default=20240101)
    parser.add_argument("--rounds", type=int, default=3, help="rounds of every contender, taking turns")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    parser.add_argument("--build", type=Path, help=argparse.SUPPRESS)  # the child that builds the store
    opts = parser.parse_args()
    if opts.build:
        data = build_data(opts.build, opts.datasets, opts.seed)
        print(json.dumps({k: str(v) if isinstance(v, Path) else v for k, v in vars(data).items()}), flush=True)
        return
    work = opts.keep or Path(tempfile.mkdtemp(prefix="rg-dump-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        results = run(work, opts)
    finally:
        if not opts.keep:
            shutil.rmtree(work, ignore_errors=True)
    report(results)


def build(work: Path, opts: argparse.Namespace) -> SimpleNamespace:
    """The store, built in a child: this process stays small, so a child's peak RSS is its own.

    (A forked child starts with its parent's pages, and Linux keeps that high-water mark across exec.)
    """
    proc = subprocess.run(
        [sys.executable, __file__, "--build", str(work), "--datasets", str(opts.datasets), "--seed", str(opts.seed)],
        stdout=subprocess.PIPE,
        text=True,
        check=True,
    )
    fields = json.loads(proc.stdout.strip().splitlines()[-1])
    paths = {name: Path(fields[name]) for name in ("regiongraph_dir", "dump")}
    return SimpleNamespace(**{**fields, **paths})


def run(work: Path, opts: argparse.Namespace) -> dict:
    data = build(work, opts)
    log(f"store: {data.quads:,} quads, {data.triples:,} distinct triples; loading them into plain Oxigraph …")
    peer = work / "oxigraph"
    load_s, _, _ = measure([OXIGRAPH, "load", "--location", str(peer), "--file", str(data.dump)])
    runs: dict[str, list[tuple[float, float, int]]] = {
        "regiongraph dump": [],
        "oxigraph dump": [],
        "oxigraph dump | gzip -n": [],
    }
    shas, info = set(), {}
    for n in range(opts.rounds):
        for day in (f"2026-01-{2 * n + 1:02d}", f"2026-01-{2 * n + 2:02d}"):
            seconds, rss, info = regiongraph_dump(data.regiongraph_dir, day)
            runs["regiongraph dump"].append((seconds, rss, info["byte_size"]))
            shas.add(info["sha256"])
            log(f"round {n + 1}: regiongraph dump {seconds:.1f} s, {rss:.0f} MiB")
        out = work / "peer.nq"
        seconds, rss, _ = measure([OXIGRAPH, "dump", "--location", str(peer), "--file", str(out)])
        runs["oxigraph dump"].append((seconds, rss, out.stat().st_size))
        gz = work / "peer.nq.gz"
        seconds, rss, _ = measure([f"{OXIGRAPH} dump --location {peer} --format nq | gzip -n -6 > {gz}"], shell=True)
        runs["oxigraph dump | gzip -n"].append((seconds, rss, gz.stat().st_size))
        log(f"round {n + 1}: oxigraph dump {runs['oxigraph dump'][-1][0]:.1f} s, with gzip {seconds:.1f} s")
    lines = sum(1 for _ in (work / "peer.nq").open("rb"))
    return {
        "quads": data.quads,
        "triples": data.triples,
        "datasets": opts.datasets,
        "seed": opts.seed,
        "peer_load_seconds": round(load_s, 1),
        "peer_lines": lines,
        "dump": info,
        "reproducible": len(shas) == 1,
        "runs": runs,
        "rounds": opts.rounds,
    }


def report(results: dict) -> None:
    base = statistics.median(s for s, _, _ in results["runs"]["oxigraph dump"])
    print(
        f"\n{results['quads']:,} quads ({results['triples']:,} distinct triples), {results['rounds']} round(s); "
        f"median of the rounds\n"
    )
    print(f"{'contender':<26} {'seconds':>8} {'× oxigraph':>10} {'MB out':>9} {'peak RSS MiB':>13}")
    for name, rows in results["runs"].items():
        seconds = statistics.median(s for s, _, _ in rows)
        rss = max(r for _, r, _ in rows)
        size = rows[-1][2] / 1e6
        print(f"{name:<26} {seconds:8.1f} {seconds / base:10.2f} {size:9.1f} {rss:13.0f}")
    dump = results["dump"]
    print(
        f"\nregiongraph: {dump['quads']:,} quads written, {dump['left_out_quads']:,} of harvest runs left out "
        f"(store {results['quads']:,}; oxigraph dump {results['peer_lines']:,} lines); "
        f"{dump['triples']:,} triples, {dump['entities']:,} entities, {dump['graphs']:,} graphs; "
        f"byte-identical across all its dumps: {'yes' if results['reproducible'] else 'NO'}"
    )
    assert dump["quads"] + dump["left_out_quads"] == results["quads"] == results["peer_lines"]
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"dump-{time.strftime('%Y%m%dT%H%M%S')}.json"
    path.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(f"saved {path}")


if __name__ == "__main__":
    main()
