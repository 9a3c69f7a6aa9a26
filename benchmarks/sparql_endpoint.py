"""Benchmark: the SPARQL endpoint under load — RegionGraph against raw Oxigraph and rdflib-endpoint.

One run, end to end, in a temporary folder:

1. data: the real store (``regiongraph.bootstrap.build``: ontology, code lists, gazetteer, register)
   plus a synthetic DCAT catalogue (fixed seed, one named graph per dataset), together > 1M triples;
   the union of all graphs is dumped as N-Quads, so every contender holds exactly the same quads;
2. contenders, each on its own free loopback port: ``regiongraph serve`` with W workers (default
   W = 1, 2, 4), ``oxigraph serve --union-default-graph`` over a store loaded from the dump, and
   rdflib-endpoint over the dump parsed into an rdflib ``Dataset(default_union=True)``;
3. sanity: every contender must give the same answer to every query before anything is timed;
4. load: wrk (``benchmarks/wrk/sparql.lua``) at concurrency 1 and 8, p50/p99 from ``--latency``;
5. output: a table per query, ratios, and a JSON file in ``benchmarks/results/``.

Nothing is asserted: this is a measurement, not a test. Run: ``python benchmarks/sparql_endpoint.py --help``.
"""

from __future__ import annotations

import hashlib
import random
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from regiongraph import Settings
from regiongraph import ntriples as nt
from regiongraph.bootstrap import build
from regiongraph.store import EmbeddedStore, open_store, writing

HERE = Path(__file__).resolve().parent
LUA = HERE / "wrk" / "sparql.lua"
RESULTS = HERE / "results"
VENV_BIN = Path(sys.executable).parent

DCAT, DCTERMS = "http://www.w3.org/ns/dcat#", "http://purl.org/dc/terms/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"
EU_THEME = "http://publications.europa.eu/resource/authority/data-theme/"
IANA = "http://www.iana.org/assignments/media-types/"
GAZETTEER_GRAPH = "graph/system/gazetteer"
#: Kamen (Kreis Unna): the fixed lookup and the start of the partner paths.
KAMEN = "ags/05978020"
#: The cooperation with the most memberships in the register: the CONSTRUCT target.
COOPERATION = "cooperation/ku2016-b-22"

def log(message: str) -> None:
    """Progress on stderr, with the time since start."""
    print(f"[{time.perf_counter() - T0:7.1f} s] {message}", file=sys.stderr, flush=True)


T0 = time.perf_counter()

# --------------------------------------------------------------------------------------------- data

NOUNS = (
    "Haushaltsplan", "Bebauungspläne", "Baumkataster", "Parkplätze", "Ladesäulen", "Wahlergebnisse",
    "Einwohnerstatistik", "Radwegenetz", "Schulstandorte", "Kindertagesstätten", "Spielplätze", "Haltestellen",
    "Luftqualität", "Lärmkartierung", "Hochwassergefahrenkarte", "Solarpotenzial", "Friedhöfe", "Gewerbeflächen",
    "Baudenkmäler", "Straßenverzeichnis", "Abfallkalender", "Trinkwasserqualität", "Verkehrszählung", "Baustellen",
    "Gebäudeumringe", "Bodenrichtwerte", "Grünflächen", "Sportstätten", "Defibrillatoren", "Wochenmärkte",
    "Öffentliche Toiletten", "Glascontainer", "Bibliotheken", "Museen", "Veranstaltungskalender",
    "Ratsbeschlüsse", "Förderprogramme", "Breitbandausbau", "WLAN-Hotspots", "Stadtbäume",
)
#: The word of the filter query; so rare (≈ 0.05 % of titles) that ``LIMIT 100`` never cuts:
#: every contender must scan all titles, and all of them must return the very same rows.
RARE_WORD, RARE_SHARE = "Wasserstofftankstellen", 0.0005
KEYWORDS = (
    "Umwelt", "Verkehr", "Bildung", "Finanzen", "Gesundheit", "Energie", "Klima", "Geodaten", "Statistik",
    "Tourismus", "Kultur", "Sport", "Wirtschaft", "Soziales", "Sicherheit", "Digitalisierung", "Mobilität",
    "Wasser", "Abfall", "Stadtplanung", "Verwaltung", "Open Data", "Smart City", "Ehrenamt",
)
THEMES = ("AGRI", "ECON", "EDUC", "ENER", "ENVI", "GOVE", "HEAL", "INTR", "JUST", "REGI", "SOCI", "TECH", "TRAN")
MEDIA = (("text/csv", "csv"), ("application/json", "json"), ("application/pdf", "pdf"),
         ("application/geo+json", "geojson"), ("application/xml", "xml"))


@dataclass
class Data:
    """The data every contender serves, and how it was made."""

    workdir: Path
    regiongraph_dir: Path
    dump: Path
    quads: int = 0
    triples: int = 0
    datasets: int = 0
    seed: int = 0
    synthetic_sha256: str = ""
    build_seconds: float = 0.0
    lookup_iris: list[str] = field(default_factory=list)
    base_iri: str = ""


def build_data(workdir: Path, datasets: int, seed: int) -> Data:
    """The real RegionGraph store plus ``datasets`` synthetic DCAT datasets, published and dumped."""
    t0 = time.perf_counter()
    settings = Settings.load(environ={}, data_dir=workdir / "regiongraph")
    data = Data(workdir, settings.data_dir, workdir / "all.nq", datasets=datasets, seed=seed,
                base_iri=settings.base_iri)
    synthetic = workdir / "datasets.nq"
    with writing(settings) as store:
        assert isinstance(store, EmbeddedStore)
        log("building the RegionGraph store (gazetteer + register) …")
        build(settings, store)
        towns = municipalities(store, settings.base_iri)
        log(f"writing {datasets} synthetic DCAT datasets (seed {seed}) …")
        data.synthetic_sha256 = write_datasets(synthetic, towns, datasets, seed, settings.base_iri)
        store.raw.bulk_load(path=str(synthetic), format=ox.RdfFormat.N_QUADS)
    data.build_seconds = time.perf_counter() - t0
    reader = open_store(settings)
    reader.raw.dump(str(data.dump), format=ox.RdfFormat.N_QUADS)
    data.quads = reader.count_quads()
    data.triples = count_distinct_triples(reader)
    rng = random.Random(f"{seed}-lookups")
    data.lookup_iris = sorted(rng.sample([iri for iri, _ in towns], min(1000, len(towns))))
    synthetic.unlink()
    return data


def municipalities(store: EmbeddedStore, base: str) -> list[tuple[str, str]]:
    """Every municipality of the gazetteer (IRI, label), in IRI order (so the seed decides everything)."""
    rows = store.query(
        "PREFIX rg: <https://w3id.org/regiongraph/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
        f"SELECT ?m (MIN(?l) AS ?label) WHERE {{ GRAPH <{base}{GAZETTEER_GRAPH}> {{ ?m a rg:Municipality ; "
        "rdfs:label ?l } } GROUP BY ?m ORDER BY ?m")
    assert isinstance(rows, ox.QuerySolutions)
    return [(row["m"].value, row["label"].value) for row in rows]


def count_distinct_triples(store: EmbeddedStore) -> int:
    """Triples of the default graph as a set (the union of all named graphs)."""
    rows = store.query("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }")
    assert isinstance(rows, ox.QuerySolutions)
    return int(next(iter(rows))["n"].value)


def write_datasets(path: Path, towns: Sequence[tuple[str, str]], count: int, seed: int, base: str) -> str:
    """Write ``count`` datasets as N-Quads, one named graph each; the file's SHA-256 proves reproducibility."""
    rng = random.Random(seed)
    digest = hashlib.sha256()
    with path.open("w", encoding="utf-8") as out:
        for i in range(count):
            chunk = "".join(dataset_quads(rng, base, i, *rng.choice(towns)))
            digest.update(chunk.encode())
            out.write(chunk)
    return digest.hexdigest()


def dataset_quads(rng: random.Random, base: str, i: int, town: str, name: str) -> Iterator[str]:
    """One dcat:Dataset published by ``town``, with 1–2 distributions, in its own graph."""
    dataset, graph = f"{base}dataset/bench-{i:06d}", nt.iri(f"{base}graph/bench/{i:06d}")
    noun = RARE_WORD if rng.random() < RARE_SHARE else rng.choice(NOUNS)
    year = rng.randrange(2012, 2025)
    keywords = rng.sample(KEYWORDS, 2)
    modified = f"{year}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
    s = nt.iri(dataset)
    facts = [
        (RDF_TYPE, nt.iri(DCAT + "Dataset")),
        (DCTERMS + "title", nt.literal(f"{noun} {name} {year}", lang="de")),
        (DCTERMS + "description", nt.literal(f"{noun} für {name}: {keywords[0]}, {keywords[1]}. "
                                             f"Datenstand {modified}.", lang="de")),
        (DCTERMS + "modified", nt.literal(modified, XSD + "date")),
        (DCTERMS + "publisher", nt.iri(town)),
        (DCAT + "keyword", nt.literal(keywords[0], lang="de")),
        (DCAT + "keyword", nt.literal(keywords[1], lang="de")),
        (DCAT + "theme", nt.iri(EU_THEME + rng.choice(THEMES))),
    ]
    for j in range(rng.randrange(1, 3)):
        media, ext = rng.choice(MEDIA)
        dist = f"{dataset}/distribution/{j}"
        facts.append((DCAT + "distribution", nt.iri(dist)))
        yield from (f"{nt.iri(dist)} {nt.iri(p)} {o} {graph} .\n" for p, o in (
            (RDF_TYPE, nt.iri(DCAT + "Distribution")),
            (DCAT + "downloadURL", nt.iri(f"https://opendata.example.org/{town.rsplit('/', 1)[-1]}/{i}/{j}.{ext}")),
            (DCAT + "mediaType", nt.iri(IANA + media)),
            (DCAT + "byteSize", nt.literal(str(rng.randrange(1_000, 50_000_000)), XSD + "nonNegativeInteger")),
        ))
    yield from (f"{s} {nt.iri(p)} {o} {graph} .\n" for p, o in facts)


# ------------------------------------------------------------------------------------------ queries

PROLOGUE = """PREFIX rg: <https://w3id.org/regiongraph/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX dcat: <http://www.w3.org/ns/dcat#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
SELECT_JSON, NTRIPLES = "application/sparql-results+json", "application/n-triples"


@dataclass(frozen=True)
class Query:
    """One query of the mix; ``iris`` makes it a template whose ``{{IRI}}`` changes per request."""

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
        """The query texts sent: one, or one per IRI (every ``len // sample``-th IRI when sampling)."""
        if not self.iris:
            return [self.text]
        step = max(1, len(self.iris) // sample) if sample else 1
        return [self.text.replace("{{IRI}}", f"<{iri}>") for iri in self.iris[::step]]


def query_mix(base: str, iris: Sequence[str]) -> list[Query]:
    """The same texts for every contender: lookups, a filter, an aggregate, a path, a CONSTRUCT."""
    kamen, coop = f"<{base}{KAMEN}>", f"<{base}{COOPERATION}>"
    partners = "^org:member/^org:hasMembership/org:hasMembership/org:member"
    return [
        Query("lookup", "IRI lookup, one fixed municipality (Kamen)", f"SELECT ?p ?o WHERE {{ {kamen} ?p ?o }}"),
        Query("lookup-1000", "IRI lookup, one of 1,000 municipalities per request",
              "SELECT ?p ?o WHERE { {{IRI}} ?p ?o }", iris=tuple(iris)),
        Query("filter", f"datasets whose title contains '{RARE_WORD[:11]}', LIMIT 100",
              PROLOGUE + "SELECT ?d ?title WHERE { ?d a dcat:Dataset ; dcterms:title ?title . "
              f'FILTER(CONTAINS(?title, "{RARE_WORD[:11]}")) }} LIMIT 100', heavy=True, limit=100),
        Query("aggregate", "datasets per publisher's Kreis (COUNT, GROUP BY, ORDER BY)",
              PROLOGUE + "SELECT ?kreis (COUNT(?d) AS ?datasets) WHERE {\n  ?d a dcat:Dataset ; "
              "dcterms:publisher ?town .\n  ?town rg:district ?kreis .\n} GROUP BY ?kreis "
              "ORDER BY DESC(?datasets) ?kreis", heavy=True),
        Query("path", "partners of partners of Kamen (property paths), with their Land",
              PROLOGUE + f"SELECT DISTINCT ?town ?land WHERE {{\n  {kamen} {partners} ?partner .\n"
              f"  ?partner {partners} ?town .\n  ?town a rg:Municipality ; rg:district/rg:state ?land .\n"
              "} ORDER BY ?town", heavy=True),
        Query("construct", "CONSTRUCT one cooperation with its memberships and members' labels",
              PROLOGUE + f"CONSTRUCT {{ {coop} ?p ?o . ?m ?mp ?mo . ?member rdfs:label ?label }} WHERE {{\n"
              f"  {{ {coop} ?p ?o }} UNION {{ {coop} org:hasMembership ?m . ?m ?mp ?mo }}\n"
              f"  UNION {{ {coop} org:hasMembership/org:member ?member . ?member rdfs:label ?label }}\n}}",
              heavy=True, construct=True),
    ]


def write_query_files(queries: Sequence[Query], folder: Path) -> dict[str, tuple[Path, Path | None]]:
    """Each query's text (and IRI list) as files for wrk."""
    folder.mkdir(parents=True, exist_ok=True)
    files: dict[str, tuple[Path, Path | None]] = {}
    for q in queries:
        text = folder / f"{q.name}.rq"
        text.write_text(q.text, encoding="utf-8")
        iris = None
        if q.iris:
            iris = folder / f"{q.name}.iris"
            iris.write_text("\n".join(q.iris) + "\n", encoding="utf-8")
        files[q.name] = (text, iris)
    return files
