"""A seeded synthetic catalogue: DCAT datasets of the gazetteer's towns, as N-Quads, one named graph each.

One generator for the tests and the benchmarks (``benchmarks/endpoint/data.py``, ``benchmarks/rest.py``
import it from here). The same seed gives the same bytes. ``harvested=True`` writes each dataset as
RegionGraph's harvest stores a CKAN package it published: with its ``dcat:CatalogRecord`` (published,
first seen and modified times) in the dataset's graph, a licence and an access URL on every
distribution, and media types as the mapping writes them (``https://www.iana.org/…``). Without it,
the output is the benchmark's original data, unchanged (the random draws are the same either way).
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator, Sequence
from pathlib import Path

import pyoxigraph as ox

from regiongraph import ntriples as nt

DCAT, DCTERMS = "http://www.w3.org/ns/dcat#", "http://purl.org/dc/terms/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"
EU_THEME = "http://publications.europa.eu/resource/authority/data-theme/"
FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
IANA = "http://www.iana.org/assignments/media-types/"
HARVESTED_IANA = "https://www.iana.org/assignments/media-types/"
PUBLISHED = "https://w3id.org/regiongraph/code/record-status/published"
LICENCE = "http://dcat-ap.de/def/licenses/dl-by-de/2.0"
GAZETTEER_GRAPH = "graph/system/gazetteer"
DCATDE = "http://dcat-ap.de/def/dcatde/"
GEOCODING = "http://dcat-ap.de/def/politicalGeocoding/"

NOUNS = (
    "Haushaltsplan",
    "Bebauungspläne",
    "Baumkataster",
    "Parkplätze",
    "Ladesäulen",
    "Wahlergebnisse",
    "Einwohnerstatistik",
    "Radwegenetz",
    "Schulstandorte",
    "Kindertagesstätten",
    "Spielplätze",
    "Haltestellen",
    "Luftqualität",
    "Lärmkartierung",
    "Hochwassergefahrenkarte",
    "Solarpotenzial",
    "Friedhöfe",
    "Gewerbeflächen",
    "Baudenkmäler",
    "Straßenverzeichnis",
    "Abfallkalender",
    "Trinkwasserqualität",
    "Verkehrszählung",
    "Baustellen",
    "Gebäudeumringe",
    "Bodenrichtwerte",
    "Grünflächen",
    "Sportstätten",
    "Defibrillatoren",
    "Wochenmärkte",
    "Öffentliche Toiletten",
    "Glascontainer",
    "Bibliotheken",
    "Museen",
    "Veranstaltungskalender",
    "Ratsbeschlüsse",
    "Förderprogramme",
    "Breitbandausbau",
    "WLAN-Hotspots",
    "Stadtbäume",
)
#: The endpoint benchmark's filter query: its word is in ≈ 0.05 % of titles, so ``LIMIT 100`` never
#: cuts: every contender scans all titles, and all of them must return the very same rows.
RARE_WORD, RARE_SHARE, FILTER_WORD = "Wasserstofftankstellen", 0.0005, "Wasserstoff"
KEYWORDS = (
    "Umwelt",
    "Verkehr",
    "Bildung",
    "Finanzen",
    "Gesundheit",
    "Energie",
    "Klima",
    "Geodaten",
    "Statistik",
    "Tourismus",
    "Kultur",
    "Sport",
    "Wirtschaft",
    "Soziales",
    "Sicherheit",
    "Digitalisierung",
    "Mobilität",
    "Wasser",
    "Abfall",
    "Stadtplanung",
    "Verwaltung",
    "Open Data",
    "Smart City",
    "Ehrenamt",
)
THEMES = ("AGRI", "ECON", "EDUC", "ENER", "ENVI", "GOVE", "HEAL", "INTR", "JUST", "REGI", "SOCI", "TECH", "TRAN")
#: Media type, file extension and EU file type of a distribution.
MEDIA = (
    ("text/csv", "csv", "CSV"),
    ("application/json", "json", "JSON"),
    ("application/pdf", "pdf", "PDF"),
    ("application/geo+json", "geojson", "GEOJSON"),
    ("application/xml", "xml", "XML"),
)


def municipalities(store: ox.Store | object, base: str) -> list[tuple[str, str]]:
    """Every municipality of the gazetteer (IRI, label), in IRI order, so that the seed decides everything.

    Args:
        store: a RegionGraph store (anything with ``query``) holding the gazetteer.
    """
    rows = store.query(  # type: ignore[attr-defined]
        "PREFIX rg: <https://w3id.org/regiongraph/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
        f"SELECT ?m (MIN(?l) AS ?label) WHERE {{ GRAPH <{base}{GAZETTEER_GRAPH}> {{ ?m a rg:Municipality ; "
        "rdfs:label ?l } } GROUP BY ?m ORDER BY ?m"
    )
    return [(row["m"].value, row["label"].value) for row in rows]


def write_datasets(
    path: Path, towns: Sequence[tuple[str, str]], count: int, seed: int, base: str, *, harvested: bool = False
) -> str:
    """Write ``count`` datasets as N-Quads, one named graph each; the SHA-256 shows that the seed reproduces them."""
    rng = random.Random(seed)
    digest = hashlib.sha256()
    with path.open("w", encoding="utf-8") as out:
        for i in range(count):
            chunk = "".join(dataset_quads(rng, base, i, *rng.choice(towns), harvested=harvested))
            digest.update(chunk.encode())
            out.write(chunk)
    return digest.hexdigest()


def dataset_iri(base: str, i: int) -> str:
    return f"{base}dataset/bench-{i:06d}"


def graph_iri(base: str, i: int) -> str:
    return f"{base}graph/bench/{i:06d}"


def record_iri(base: str, i: int) -> str:
    return f"{base}record/bench/{i:06d}"


def dataset_quads(
    rng: random.Random, base: str, i: int, town: str, name: str, *, harvested: bool = False
) -> Iterator[str]:
    """One dcat:Dataset published by ``town`` (a gazetteer IRI), with 1–2 distributions, in its own graph."""
    dataset, graph = dataset_iri(base, i), nt.iri(graph_iri(base, i))
    noun = RARE_WORD if rng.random() < RARE_SHARE else rng.choice(NOUNS)
    year, keywords = rng.randrange(2012, 2025), rng.sample(KEYWORDS, 2)
    modified = f"{year}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
    facts = [
        (RDF_TYPE, nt.iri(DCAT + "Dataset")),
        (DCTERMS + "title", nt.literal(f"{noun} {name} {year}", lang="de")),
        (
            DCTERMS + "description",
            nt.literal(f"{noun} für {name}: {keywords[0]}, {keywords[1]}. Datenstand {modified}.", lang="de"),
        ),
        (DCTERMS + "modified", nt.literal(modified, XSD + "date")),
        (DCTERMS + "publisher", nt.iri(town)),
        (DCAT + "keyword", nt.literal(keywords[0], lang="de")),
        (DCAT + "keyword", nt.literal(keywords[1], lang="de")),
        (DCAT + "theme", nt.iri(EU_THEME + rng.choice(THEMES))),
    ]
    for j in range(rng.randrange(1, 3)):
        dist = f"{dataset}/distribution/{j}"
        facts.append((DCAT + "distribution", nt.iri(dist)))
        yield from _distribution_quads(rng, dist, f"{town.rsplit('/', 1)[-1]}/{i}/{j}", graph, harvested=harvested)
    if harvested:  # the mapping's political geocoding of a town's dataset (the town's municipality key)
        ags = town.rsplit("/", 1)[-1]
        facts += [
            (DCATDE + "politicalGeocodingURI", nt.iri(f"{GEOCODING}municipalityKey/{ags}")),
            (DCATDE + "politicalGeocodingLevelURI", nt.iri(f"{GEOCODING}Level/municipality")),
        ]
    yield from (f"{nt.iri(dataset)} {nt.iri(p)} {o} {graph} .\n" for p, o in facts)
    if harvested:
        yield from record_quads(base, i, modified)


def _distribution_quads(rng: random.Random, dist: str, path: str, graph: str, *, harvested: bool) -> Iterator[str]:
    """One distribution: a file at ``https://opendata.example.org/<path>.<extension>``."""
    media, ext, file_type = rng.choice(MEDIA)
    url = nt.iri(f"https://opendata.example.org/{path}.{ext}")
    facts = [
        (RDF_TYPE, nt.iri(DCAT + "Distribution")),
        (DCAT + "downloadURL", url),
        (DCAT + "mediaType", nt.iri((HARVESTED_IANA if harvested else IANA) + media)),
        (DCAT + "byteSize", nt.literal(str(rng.randrange(1_000, 50_000_000)), XSD + "nonNegativeInteger")),
    ]
    if harvested:
        facts += [
            (DCAT + "accessURL", url),
            (DCTERMS + "license", nt.iri(LICENCE)),
            (DCTERMS + "format", nt.iri(FILE_TYPE + file_type)),
        ]
    return (f"{nt.iri(dist)} {nt.iri(p)} {o} {graph} .\n" for p, o in facts)


def record_quads(base: str, i: int, modified: str) -> Iterator[str]:
    """The published catalog record of dataset ``i`` in its graph, as the pipeline writes one."""
    g, r = nt.iri(graph_iri(base, i)), nt.iri(record_iri(base, i))
    when = nt.literal(f"{modified}T08:00:00Z", XSD + "dateTime")
    for p, o in (
        (RDF_TYPE, nt.iri(DCAT + "CatalogRecord")),
        ("http://xmlns.com/foaf/0.1/primaryTopic", nt.iri(dataset_iri(base, i))),
        ("http://www.w3.org/ns/adms#status", nt.iri(PUBLISHED)),
        (DCTERMS + "issued", when),
        (DCTERMS + "modified", when),
        ("https://w3id.org/regiongraph/ontology#harvestSource", nt.iri(f"{base}source/bench")),
    ):
        yield f"{r} {nt.iri(p)} {o} {g} .\n"


def rest_records(path: Path, count: int, base: str) -> None:
    """The REST benchmark's records: a catalog record and an identifier per dataset, in the dataset's graph."""
    with path.open("w", encoding="utf-8") as out:
        for i in range(count):
            g, d, r = nt.iri(graph_iri(base, i)), nt.iri(dataset_iri(base, i)), nt.iri(record_iri(base, i))
            out.write(
                f'{d} <http://purl.org/dc/terms/identifier> "bench-{i:06d}" {g} .\n'
                f"{r} <http://xmlns.com/foaf/0.1/primaryTopic> {d} {g} .\n"
                f'{r} <https://w3id.org/regiongraph/ontology#contentHash> "bench-{i}" {g} .\n'
                f"{r} <http://www.w3.org/ns/adms#status> <{PUBLISHED}> {g} .\n"
            )


__all__ = [
    "FILTER_WORD",
    "KEYWORDS",
    "NOUNS",
    "RARE_SHARE",
    "RARE_WORD",
    "THEMES",
    "dataset_quads",
    "municipalities",
    "record_quads",
    "rest_records",
    "write_datasets",
]
