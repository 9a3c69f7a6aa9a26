"""Benchmark: build the store from scratch (ontology, code lists, gazetteer, register).

Each contender runs in its own subprocess, so time and peak memory (max RSS) are its own:

* ``regiongraph`` — the real build: parse the directory, map, SHACL-check and store every record;
* ``oxigraph-bulk`` — the floor: pyoxigraph bulk-loads the N-Quads dump of the finished store;
* ``rdflib`` — the peer: rdflib parses the same dump into an in-memory Dataset.

Run: ``python benchmarks/build_store.py [--repeat 3]``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

CHILD = r"""
import json, resource, sys, time
from pathlib import Path
kind, workdir = sys.argv[1], Path(sys.argv[2])
t0 = time.perf_counter()
if kind == "regiongraph":
    from regiongraph import Settings
    from regiongraph.pipeline import build
    from regiongraph.store import EmbeddedStore
    settings = Settings.load(environ={}, data_dir=workdir / "rg")
    store = EmbeddedStore(settings.store_location)
    report = build(Instance(settings), store)
    store.raw.flush()
    quads = store.count_quads()
    store.raw.dump(str(workdir / "dump.nq"), format=__import__("pyoxigraph").RdfFormat.N_QUADS)
elif kind == "oxigraph-bulk":
    import pyoxigraph as ox
    store = ox.Store(str(workdir / "bulk"))
    store.bulk_load(path=str(workdir / "dump.nq"), format=ox.RdfFormat.N_QUADS)
    quads = len(store)
else:
    import rdflib
    ds = rdflib.Dataset()
    ds.parse(str(workdir / "dump.nq"), format="nquads")
    quads = len(ds)
elapsed = time.perf_counter() - t0
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"kind": kind, "seconds": elapsed, "peak_mib": peak, "quads": quads}))
"""


def run(kind: str, workdir: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD, kind, str(workdir)], check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per contender (median is reported)")
    args = parser.parse_args()
    results: dict[str, list[dict]] = {"regiongraph": [], "oxigraph-bulk": [], "rdflib": []}
    for i in range(args.repeat):
        with tempfile.TemporaryDirectory() as tmp:
            for kind in results:
                results[kind].append(run(kind, Path(tmp)))
        print(f"run {i + 1}/{args.repeat} done", file=sys.stderr)
    rows = {
        k: {
            "seconds": statistics.median(r["seconds"] for r in v),
            "peak_mib": statistics.median(r["peak_mib"] for r in v),
            "quads": v[0]["quads"],
        }
        for k, v in results.items()
    }
    base = rows["regiongraph"]
    print(f"{'contender':<15} {'quads':>9} {'seconds':>9} {'peak MiB':>9} {'time vs regiongraph':>20}")
    for kind, row in rows.items():
        print(
            f"{kind:<15} {row['quads']:>9} {row['seconds']:>9.2f} {row['peak_mib']:>9.0f} "
            f"{row['seconds'] / base['seconds']:>19.2f}x"
        )


if __name__ == "__main__":
    main()
