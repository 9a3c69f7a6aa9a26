"""Benchmark: serve the whole DCAT-AP.de catalogue page by page, next to rdflib serialising the same graph.

A catalogue of ``--datasets`` synthetic harvested datasets (fixed seed; one named graph
each with its published catalog record, two keywords, a gazetteer publisher, a licence, a
theme and a distribution) is bulk-loaded into an on-disk Oxigraph store. Then, each in its
own subprocess so time and peak memory (max RSS) are its own:

* ``regiongraph`` — every page of ``/catalog.ttl`` as the route builds it from the published
  snapshot the server reads (the selection counted and sorted once per snapshot, then per page
  one lookup of its records, one CONSTRUCT, one Oxigraph serialisation), ``--page-size``
  datasets a page, all pages;
* ``rdflib`` — the peer: rdflib parses the same N-Quads and serialises the union graph as Turtle.

Run: ``python benchmarks/catalog_feed.py [--datasets 100000] [--page-size 1000] [--format ntriples]``.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BASE = "http://127.0.0.1:8000/id/"
TOWNS = [
    "05978004",
    "05978008",
    "05978012",
    "05978016",
    "05978020",
    "05978024",
    "05978028",
    "05978032",
    "05978036",
    "05978040",
    "05913000",
    "05915000",
]
THEMES = ["TRAN", "ENVI", "GOVE", "REGI", "EDUC", "HEAL", "ECON", "SOCI"]
WORDS = [
    "Baumkataster",
    "Haltestellen",
    "Wahlergebnisse",
    "Kindertagesstätten",
    "Luftqualität",
    "Parkplätze",
    "Haushaltsplan",
    "Straßenverzeichnis",
    "Radwege",
    "Ladesäulen",
    "Bebauungspläne",
    "Müllabfuhr",
]
NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "adms": "http://www.w3.org/ns/adms#",
    "rg": "https://w3id.org/regiongraph/ontology#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
PUBLISHED = "https://w3id.org/regiongraph/code/record-status/published"


def _p(prefixed: str) -> str:
    prefix, local = prefixed.split(":", 1)
    return f"<{NS[prefix]}{local}>"


def dataset_quads(rng: random.Random, i: int) -> list[str]:
    """The quads of dataset ``i``: its named graph holds the dataset and its catalog record."""
    g, d, r = f"<{BASE}graph/bench/{i}>", f"<{BASE}dataset/bench/{i}>", f"<{BASE}record/bench/{i}>"
    dist = f"<{BASE}dataset/bench/{i}/distribution/0>"
    word, town = rng.choice(WORDS), rng.choice(TOWNS)
    day = f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:00:00Z"
    dt = f'"{day}"^^{_p("xsd:dateTime")}'
    triples = [
        (r, _p("rdf:type"), _p("dcat:CatalogRecord")),
        (r, _p("foaf:primaryTopic"), d),
        (r, _p("adms:status"), f"<{PUBLISHED}>"),
        (r, _p("dct:modified"), dt),
        (r, _p("dct:issued"), dt),
        (r, _p("rg:harvestSource"), f"<{BASE}source/bench>"),
        (d, _p("rdf:type"), _p("dcat:Dataset")),
        (d, _p("dct:title"), f'"{word} {i}"@de'),
        (d, _p("dct:description"), f'"{word} der Kommune {town}, Stand {day[:10]} – Größe & Maße"@de'),
        (d, _p("dct:identifier"), f'"bench-{i}"'),
        (d, _p("dcat:keyword"), f'"{word}"@de'),
        (d, _p("dcat:keyword"), '"Kreis Unna"@de'),
        (d, _p("dct:publisher"), f"<{BASE}ags/{town}>"),
        (d, _p("dct:license"), "<http://dcat-ap.de/def/licenses/dl-by-de/2.0>"),
        (d, _p("dcat:theme"), f"<http://publications.europa.eu/resource/authority/data-theme/{rng.choice(THEMES)}>"),
        (d, _p("dct:modified"), dt),
        (d, _p("dcat:distribution"), dist),
        (dist, _p("rdf:type"), _p("dcat:Distribution")),
        (dist, _p("dcat:accessURL"), f"<https://opendata.example/download/{i}.csv>"),
        (dist, _p("dct:format"), "<http://publications.europa.eu/resource/authority/file-type/CSV>"),
        (dist, _p("dcat:mediaType"), "<https://www.iana.org/assignments/media-types/text/csv>"),
        (dist, _p("dcat:byteSize"), f'"{rng.randint(1000, 10**7)}"^^{_p("xsd:nonNegativeInteger")}'),
        (dist, _p("dct:license"), "<http://dcat-ap.de/def/licenses/dl-by-de/2.0>"),
    ]
    return [f"{s} {p} {o} {g} .\n" for s, p, o in triples]


def write_dump(path: Path, count: int, seed: int) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        for i in range(count):
            out.writelines(dataset_quads(rng, i))


CHILD = r"""
import json, resource, sys, time
from pathlib import Path
kind, workdir, page_size, fmt = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
t0 = time.perf_counter()
out = {"kind": kind}
if kind == "load":
    import pyoxigraph as ox
    from regiongraph import Settings
    from regiongraph.store import EmbeddedStore, publish
    settings = Settings.load(environ={}, data_dir=workdir, base_iri="http://127.0.0.1:8000/id/")
    store = EmbeddedStore(settings.store_location)
    store.raw.bulk_load(path=str(workdir / "dump.nq"), format=ox.RdfFormat.N_QUADS)
    publish(store, settings)  # what `regiongraph load` ends with: the server reads this snapshot
    out["quads"] = store.count_quads()
    store.close()
elif kind == "regiongraph":
    from regiongraph import Settings
    from regiongraph.catalog import Selection, render_page
    from regiongraph.store import SnapshotStore
    settings = Settings.load(environ={}, data_dir=workdir, base_iri="http://127.0.0.1:8000/id/",
                             catalog_page_size=page_size)
    store = SnapshotStore(settings)  # as the server reads the store
    url = lambda n: f"http://127.0.0.1:8000/catalog.ttl?page={n}"
    page, records, size, times = 1, 0, 0, []
    while True:
        start = time.perf_counter()
        body = render_page(store, settings, Selection(settings.base_iri), page, fmt=fmt,
                           catalog="http://127.0.0.1:8000/catalog", endpoint="http://127.0.0.1:8000/sparql",
                           homepage="http://127.0.0.1:8000/", url=url)
        times.append(time.perf_counter() - start)
        found = body.count(b"a dcat:CatalogRecord" if fmt == "turtle" else b"> <http://www.w3.org/ns/dcat#record> <")
        if not found:
            break
        records, size, page = records + found, size + len(body), page + 1
    pages = sorted(times[:-1]) or [0.0]  # the last request is the empty page past the end
    out.update(pages=page - 1, datasets=records, bytes=size, slowest_page_s=round(pages[-1], 3),
               first_page_s=round(times[0], 3), median_page_s=round(pages[len(pages) // 2], 3),
               last_page_s=round(times[-2] if len(times) > 1 else 0.0, 3))
else:
    import rdflib
    ds = rdflib.Dataset()
    ds.parse(str(workdir / "dump.nq"), format="nquads")
    parsed = time.perf_counter()
    union = rdflib.Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        union.add((s, p, o))
    body = union.serialize(format="turtle" if fmt == "turtle" else "nt", encoding="utf-8")
    out.update(parse_s=round(parsed - t0, 2), serialise_s=round(time.perf_counter() - parsed, 2), bytes=len(body),
               datasets=len(set(union.subjects(rdflib.RDF.type, rdflib.URIRef("http://www.w3.org/ns/dcat#Dataset")))))
out["seconds"] = round(time.perf_counter() - t0, 2)
out["peak_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
print(json.dumps(out))
"""


def run(kind: str, workdir: Path, page_size: int, fmt: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, kind, str(workdir), str(page_size), fmt],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", type=int, default=100_000)
    parser.add_argument("--page-size", type=int, default=1000, help="datasets per page (1 … 1000)")
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument(
        "--format",
        choices=("turtle", "ntriples"),
        default="turtle",
        help="serialisation of both contenders (rdflib's Turtle writer is slow on large graphs)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="rg-catalog-bench-") as tmp:
        workdir = Path(tmp)
        start = time.perf_counter()
        write_dump(workdir / "dump.nq", args.datasets, args.seed)
        print(f"generated {args.datasets:,} datasets in {time.perf_counter() - start:.1f} s", file=sys.stderr)
        results = {kind: run(kind, workdir, args.page_size, args.format) for kind in ("load", "regiongraph", "rdflib")}
    rg, peer = results["regiongraph"], results["rdflib"]
    print(json.dumps(results, indent=2))
    print(
        f"regiongraph: {rg['datasets']:,} datasets in {rg['pages']} pages, {rg['seconds']} s, "
        f"peak {rg['peak_mib']} MiB (first page {rg['first_page_s']} s, median {rg['median_page_s']} s, "
        f"last {rg['last_page_s']} s, slowest {rg['slowest_page_s']} s)"
    )
    print(
        f"rdflib:      {peer['datasets']:,} datasets, {peer['seconds']} s (serialise {peer['serialise_s']} s), "
        f"peak {peer['peak_mib']} MiB"
    )
    print(
        f"ratio rdflib/regiongraph: time {peer['seconds'] / rg['seconds']:.2f}x, "
        f"peak memory {peer['peak_mib'] / rg['peak_mib']:.2f}x"
    )


if __name__ == "__main__":
    main()
