"""Data of the endpoint benchmark: the real store plus a seeded synthetic catalogue, the query mix and its files."""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

import _harness  # noqa: F401 - reaches tests/support (support.…); see benchmarks/_harness.py
from regiongraph import Instance, Settings
from regiongraph.pipeline import build
from regiongraph.store import EmbeddedStore, open_store, writing
from support.synthetic import FILTER_WORD, municipalities, write_datasets

HERE = Path(__file__).resolve().parents[1]  # benchmarks/
# The synthetic catalogue is the tests' generator (tests/support/synthetic.py), shared with them.

ENTRY = HERE / "sparql_endpoint.py"  # the script; rdflib-endpoint runs as its child
LUA = HERE / "wrk" / "sparql.lua"
RESULTS = HERE / "results"
VENV_BIN = Path(sys.executable).parent
T0 = time.perf_counter()

XSD = "http://www.w3.org/2001/XMLSchema#"
#: Kamen (Kreis Unna): the fixed lookup and the start of the partner paths.
KAMEN = "ags/05978020"
#: A cooperation with many memberships in the register: the CONSTRUCT target.
COOPERATION = "cooperation/ku2016-b-22"


def log(message: str) -> None:
    """Progress on stderr, with the seconds since start."""
    print(f"[{time.perf_counter() - T0:7.1f} s] {message}", file=sys.stderr, flush=True)


@dataclass
class Data:
    """The data every contender serves, and how it was made."""

    workdir: Path
    regiongraph_dir: Path
    dump: Path
    base_iri: str
    datasets: int
    seed: int
    quads: int = 0
    triples: int = 0
    synthetic_sha256: str = ""
    build_seconds: float = 0.0
    lookup_iris: list[str] = field(default_factory=list)


def build_data(workdir: Path, datasets: int, seed: int) -> Data:
    """The real RegionGraph store plus ``datasets`` synthetic DCAT datasets, published and dumped."""
    t0 = time.perf_counter()
    settings = Settings.load(environ={}, data_dir=workdir / "regiongraph")
    data = Data(workdir, settings.data_dir, workdir / "all.nq", settings.base_iri, datasets, seed)
    synthetic = workdir / "datasets.nq"
    with writing(settings) as store:
        assert isinstance(store, EmbeddedStore)
        log("building the RegionGraph store (ontology, code lists, gazetteer, register) …")
        build(Instance(settings), store)
        towns = municipalities(store, settings.base_iri)
        log(f"adding {datasets:,} synthetic DCAT datasets (seed {seed}) with bulk_load …")
        data.synthetic_sha256 = write_datasets(synthetic, towns, datasets, seed, settings.base_iri)
        store.raw.bulk_load(path=str(synthetic), format=ox.RdfFormat.N_QUADS)
    data.build_seconds = round(time.perf_counter() - t0, 1)
    log("dumping every graph as N-Quads for the peers …")
    reader = open_store(settings)
    reader.raw.dump(str(data.dump), format=ox.RdfFormat.N_QUADS)
    data.quads, data.triples = reader.count_quads(), count_distinct_triples(reader)
    rng = random.Random(f"{seed}-lookups")
    data.lookup_iris = sorted(rng.sample([iri for iri, _ in towns], min(1000, len(towns))))
    synthetic.unlink()
    return data


def count_distinct_triples(store: EmbeddedStore) -> int:
    """Triples of the default graph as a set (the union of all named graphs)."""
    rows = store.query("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }")
    assert isinstance(rows, ox.QuerySolutions)
    return int(next(iter(rows))["n"].value)


PROLOGUE = """PREFIX rg: <https://w3id.org/regiongraph/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX dcat: <http://www.w3.org/ns/dcat#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
SELECT_JSON, NTRIPLES = "application/sparql-results+json", "application/n-triples"
PARTNERS = "^org:member/^org:hasMembership/org:hasMembership/org:member"


@dataclass(frozen=True)
class Query:
    """One query of the mix; with ``iris`` it is a template whose ``{{IRI}}`` changes per request."""

    name: str
    title: str
    text: str
    heavy: bool = False
    construct: bool = False
    limit: int | None = None
    iris: tuple[str, ...] = ()

    @property
    def accept(self) -> str:
        return NTRIPLES if self.construct else SELECT_JSON

    def texts(self, sample: int | None = None) -> list[str]:
        """The texts sent: one, or one per IRI (an evenly spread ``sample`` of them if given)."""
        if not self.iris:
            return [self.text]
        step = max(1, len(self.iris) // sample) if sample else 1
        return [self.text.replace("{{IRI}}", f"<{iri}>") for iri in self.iris[::step]]


def query_mix(base: str, iris: Sequence[str]) -> list[Query]:
    """The same texts for every contender: two lookups, a filter, an aggregate, a path, a CONSTRUCT."""
    kamen, coop = f"<{base}{KAMEN}>", f"<{base}{COOPERATION}>"
    return [
        Query("lookup", "IRI lookup, one fixed municipality (Kamen)", f"SELECT ?p ?o WHERE {{ {kamen} ?p ?o }}"),
        Query(
            "lookup-1000",
            "IRI lookup, one of 1,000 municipalities per request",
            "SELECT ?p ?o WHERE { {{IRI}} ?p ?o }",
            iris=tuple(iris),
        ),
        Query(
            "filter",
            f"datasets whose title CONTAINS '{FILTER_WORD}', LIMIT 100 (a scan of all titles)",
            PROLOGUE + "SELECT ?d ?title WHERE {\n  ?d a dcat:Dataset ; dcterms:title ?title .\n"
            f'  FILTER(CONTAINS(?title, "{FILTER_WORD}"))\n}} LIMIT 100',
            heavy=True,
            limit=100,
        ),
        Query(
            "aggregate",
            "datasets per publisher's Kreis (join rg:district, COUNT, GROUP BY, ORDER BY)",
            PROLOGUE + "SELECT ?kreis (COUNT(?d) AS ?datasets) WHERE {\n  ?d a dcat:Dataset ; "
            "dcterms:publisher ?town .\n  ?town rg:district ?kreis .\n} GROUP BY ?kreis "
            "ORDER BY DESC(?datasets) ?kreis",
            heavy=True,
        ),
        Query(
            "path",
            "municipalities among the partners of partners of Kamen (property paths), with their Land",
            PROLOGUE + "SELECT DISTINCT ?town ?land WHERE {\n"
            f"  {{ SELECT DISTINCT ?partner WHERE {{ {kamen} {PARTNERS} ?partner }} }}\n"
            f"  ?partner {PARTNERS} ?town .\n  ?town rg:district/rg:state ?land .\n"
            "  FILTER EXISTS { ?town a rg:Municipality }\n} ORDER BY ?town",
            heavy=True,
        ),
        Query(
            "construct",
            "CONSTRUCT one cooperation with its memberships and its members' labels",
            PROLOGUE + f"CONSTRUCT {{ {coop} ?p ?o . ?m ?mp ?mo . ?member rdfs:label ?label }} WHERE {{\n"
            f"  {{ {coop} ?p ?o }} UNION {{ {coop} org:hasMembership ?m . ?m ?mp ?mo }}\n"
            f"  UNION {{ {coop} org:hasMembership/org:member ?member . ?member rdfs:label ?label }}\n}}",
            heavy=True,
            construct=True,
        ),
    ]


QueryFiles = tuple[Path, Path | None]


def write_query_files(queries: Sequence[Query], folder: Path) -> dict[str, QueryFiles]:
    """Each query's text (and IRI list) as files for wrk."""
    folder.mkdir(parents=True, exist_ok=True)
    files: dict[str, QueryFiles] = {}
    for q in queries:
        text, iris = folder / f"{q.name}.rq", (folder / f"{q.name}.iris") if q.iris else None
        text.write_text(q.text, encoding="utf-8")
        if iris is not None:
            iris.write_text("\n".join(q.iris) + "\n", encoding="utf-8")
        files[q.name] = (text, iris)
    return files
