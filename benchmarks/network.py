"""Benchmark: building and exporting the cooperation network, at the register and with synthetic cooperations.

Two data sets, in one run: the real store (ontology, code lists, gazetteer, register), then the
same store with ``--synthetic`` (default 20,000) seeded cooperations added — one named graph each,
as the register's records are, between neighbouring NRW municipalities and a pool of organisations.

For each, in a subprocess of its own (so time and peak RSS are its own):

* ``network`` — :func:`regiongraph.network.build_network` (three SELECTs, the networkx graph, degree,
  betweenness, Louvain, spring layout), then every export: JSON, GraphML, GEXF, CSV zip;
* ``named query`` — the peer: the pair counts of the town network by one SPARQL aggregate query
  (``queries/town-pairs-sharing-cooperations.rq``), and the check that its pairs equal the network's.

Run: ``python benchmarks/network.py [--synthetic 20000] [--repeat 3]``; a smoke run:
``python benchmarks/network.py --synthetic 2000 --repeat 1``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from regiongraph import Instance, Settings
from regiongraph import ntriples as nt
from regiongraph.pipeline import build
from regiongraph.store import EmbeddedStore, writing

BASE = "http://127.0.0.1:8000/id/"
ORG, RG, SCHEMA = "http://www.w3.org/ns/org#", "https://w3id.org/regiongraph/ontology#", "https://schema.org/"
RDF_TYPE, FOAF_TOPIC = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", "http://xmlns.com/foaf/0.1/primaryTopic"
CODE = "https://w3id.org/regiongraph/code/"
FIELDS = (
    "verkehr",
    "kultur-sport",
    "bildung-wissenschaft",
    "arbeit-soziales",
    "verwaltung-beschaffung-daten-it",
    "umwelt-energie-klima-versorgung",
    "stadtentwicklung-planung",
    "gesundheit-pflege",
    "tourismus-freizeit",
    "wirtschaft-standort-innovation",
)
FORMS = ("oerv", "zweckverband", "gmbh", "ev", "projekt", "absprache", "vertrag")
T0 = time.perf_counter()

CHILD = r"""
import json, sys, time
from regiongraph import Settings
from regiongraph.store import SnapshotStore
kind, data_dir = sys.argv[1], sys.argv[2]
settings = Settings.load(environ={}, data_dir=data_dir, base_iri=sys.argv[3])
store = SnapshotStore(settings)
out = {"kind": kind}
if kind == "network":
    from regiongraph.network import Filters, NetworkFormat, build_network, serialize
    t0 = time.perf_counter()
    network = build_network(store, Filters(kind="cooperations"))
    out["build_s"] = time.perf_counter() - t0
    g = network.graph
    out.update(nodes=g.number_of_nodes(), edges=g.number_of_edges(), records=len(network.register.records))
    for fmt in NetworkFormat:
        t0 = time.perf_counter()
        data = serialize(network, format=fmt)
        out[f"{fmt.value}_s"], out[f"{fmt.value}_bytes"] = time.perf_counter() - t0, len(data)
    territorial = {n for n, d in g.nodes(data=True) if d["kind"] in ("town", "kreis", "land")}
    pairs = {"|".join(sorted((g.nodes[a]["ags"], g.nodes[b]["ags"]))): d["weight"]
             for a, b, d in g.edges(data=True) if a in territorial and b in territorial}
else:
    from regiongraph.queries import load_queries
    query = load_queries(settings.resource("queries"))["town-pairs-sharing-cooperations"]
    t0 = time.perf_counter()
    rows = list(store.query(query.text))
    out["build_s"] = time.perf_counter() - t0
    pairs = {"|".join(sorted((r["aKey"].value, r["bKey"].value))): int(r["shared"].value) for r in rows}
out["pairs"] = len(pairs)
out["pairs_sha256"] = __import__("hashlib").sha256(json.dumps(sorted(pairs.items())).encode()).hexdigest()
# VmHWM, not ru_maxrss: Linux keeps ru_maxrss across exec, so a child would report its parent's peak.
hwm = next(line for line in open("/proc/self/status") if line.startswith("VmHWM:"))
out["peak_mib"] = int(hwm.split()[1]) / 1024
print(json.dumps(out))
"""


def log(message: str) -> None:
    print(f"[{time.perf_counter() - T0:7.1f} s] {message}", file=sys.stderr, flush=True)


def municipalities(store: EmbeddedStore) -> list[tuple[str, float, float]]:
    """NRW municipalities with coordinates: (IRI, lat, lon), sorted."""
    rows = store.query(f"""SELECT ?m ?lat ?lon WHERE {{ ?m a <{RG}Municipality> ; <{RG}state> <{BASE}ags/05> ;
        <http://www.w3.org/2003/01/geo/wgs84_pos#lat> ?lat ; <http://www.w3.org/2003/01/geo/wgs84_pos#long> ?lon }}
        ORDER BY ?m""")
    return [(r["m"].value, float(r["lat"].value), float(r["lon"].value)) for r in rows]


def write_cooperations(path: Path, towns: list[tuple[str, float, float]], count: int, seed: int) -> str:
    """``count`` cooperations between neighbouring towns (and some organisations) as N-Quads; its SHA-256."""
    rng = random.Random(seed)
    near = {t[0]: [u[0] for u in sorted(towns, key=lambda u: math.dist(t[1:], u[1:]))[1:16]] for t in towns}
    orgs = [f"{BASE}org/synthetic-{i:03d}" for i in range(200)]
    digest = hashlib.sha256()
    with path.open("w", encoding="utf-8") as f:
        for i in range(count):
            coop, graph = f"{BASE}cooperation/synthetic-{i:05d}", nt.iri(f"{BASE}graph/synthetic/{i:05d}")
            home = rng.choice(towns)[0]
            members = {home, *rng.sample(near[home], rng.randint(1, 5))}
            if rng.random() < 0.2:
                members.add(rng.choice(orgs))
            lines = [
                (coop, RDF_TYPE, nt.iri(f"{RG}Cooperation")),
                (f"{coop}/record", FOAF_TOPIC, nt.iri(coop)),
                (coop, "http://www.w3.org/2000/01/rdf-schema#label", nt.literal(f"Kooperation {i}", lang="de")),
                (coop, "http://purl.org/dc/terms/identifier", nt.literal(f"synthetic-{i:05d}")),
                (coop, f"{ORG}purpose", nt.iri(f"{CODE}field/{rng.choice(FIELDS)}")),
                (coop, f"{ORG}classification", nt.iri(f"{CODE}legal-form/{rng.choice(FORMS)}")),
                (coop, "http://www.w3.org/ns/adms#status", nt.iri(f"{CODE}status/active")),
                (
                    coop,
                    f"{SCHEMA}startDate",
                    nt.literal(str(rng.randint(1960, 2020)), "http://www.w3.org/2001/XMLSchema#gYear"),
                ),
            ]
            for j, member in enumerate(sorted(members)):
                m = f"{coop}/membership/{j}"
                role = "lead" if member == home else "member"
                lines += [
                    (coop, f"{ORG}hasMembership", nt.iri(m)),
                    (m, f"{ORG}member", nt.iri(member)),
                    (m, f"{ORG}role", nt.iri(f"{CODE}role/{role}")),
                ]
            for s, p, o in lines:
                line = f"{nt.iri(s)} {nt.iri(p)} {o} {graph} .\n"
                f.write(line)
                digest.update(line.encode())
    return digest.hexdigest()


def child(kind: str, data_dir: Path) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, kind, str(data_dir), BASE], check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure(label: str, data_dir: Path, repeat: int) -> dict:
    runs: dict[str, list[dict]] = {"network": [], "named-query": []}
    for i in range(repeat):
        for kind in runs:
            runs[kind].append(child(kind, data_dir))
        log(f"{label}: run {i + 1}/{repeat}")
    med = {
        k: {key: statistics.median(r[key] for r in v) if isinstance(v[0][key], float) else v[0][key] for key in v[0]}
        for k, v in runs.items()
    }
    med["same_pairs"] = runs["network"][0]["pairs_sha256"] == runs["named-query"][0]["pairs_sha256"]
    return med


def report(label: str, m: dict) -> None:
    net, peer = m["network"], m["named-query"]
    print(f"\n## {label}: {net['records']:,} cooperations, {net['nodes']:,} nodes, {net['edges']:,} edges")
    print(f"{'step':<28} {'seconds':>9} {'bytes':>12}")
    print(f"{'network build (+measures)':<28} {net['build_s']:>9.3f} {'':>12}")
    for fmt in ("json", "graphml", "gexf", "csv"):
        print(f"{'  export ' + fmt:<28} {net[fmt + '_s']:>9.3f} {net[fmt + '_bytes']:>12,}")
    print(f"{'peer: named query (pairs)':<28} {peer['build_s']:>9.3f} {'':>12}")
    print(
        f"peak RSS: network {net['peak_mib']:.0f} MiB, named query {peer['peak_mib']:.0f} MiB; town pairs: "
        f"network {net['pairs']:,}, named query {peer['pairs']:,}, identical: {m['same_pairs']}; "
        f"build / named query: {net['build_s'] / peer['build_s']:.1f}x"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--synthetic", type=int, default=20_000, help="synthetic cooperations added (default 20,000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per contender (median reported)")
    parser.add_argument("--seed", type=int, default=20240101)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings.load(environ={}, data_dir=Path(tmp) / "rg", base_iri=BASE)
        log("building the store (ontology, code lists, gazetteer, register) …")
        with writing(settings) as store:
            build(Instance(settings), store)
        results = {"register": measure("register", settings.data_dir, args.repeat)}
        synthetic = Path(tmp) / "synthetic.nq"
        with writing(settings) as store:
            assert isinstance(store, EmbeddedStore)
            sha = write_cooperations(synthetic, municipalities(store), args.synthetic, args.seed)
            log(f"adding {args.synthetic:,} synthetic cooperations (seed {args.seed}, sha256 {sha[:12]}) …")
            store.raw.bulk_load(path=str(synthetic), format=ox.RdfFormat.N_QUADS)
        results["synthetic"] = measure(f"+{args.synthetic:,} synthetic", settings.data_dir, args.repeat)
    report("register", results["register"])
    report(f"register + {args.synthetic:,} synthetic cooperations", results["synthetic"])


if __name__ == "__main__":
    main()
