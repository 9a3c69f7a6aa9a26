"""The dumps described: a DCAT 3 dataset series whose members are the dated dumps, each also a VoID dataset.

IRIs hang below a public root URL (``https://host/``): the series is ``<root>dumps/#series``, a dump
``<root>dumps/regiongraph-YYYY-MM-DD`` (which dereferences to this description), its distribution
``…#nquads`` with the checksum ``…#sha256``, its file ``….nq.gz``. The server takes the root from
the request, as the catalogue and VoID do; files written offline take it from the base IRI.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlsplit

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, SKOS, XSD

from ..citation import citation
from ..config import Settings
from ..gazetteer import ATTRIBUTION
from ..iris import Minter
from ..namespaces import DCAT3 as DCAT
from ..namespaces import DCATDE, EUFILETYPE, FORMATS, IANA, PREFIXES, SPDX, VOID
from ..store import GraphStore
from ._folder import Dump, list_dumps

N_QUADS = FORMATS["N-Quads"]
LISTING = "dumps/"
#: The series description written beside the dumps, so that a copy of the folder describes itself.
SERIES_FILE = "regiongraph-dumps.ttl"


def root_of(base_iri: str) -> str:
    """The public root URL a base IRI implies: ``https://host/id/`` → ``https://host/`` (the server's ``/id/``)."""
    parts = urlsplit(base_iri)
    path = parts.path.removesuffix("id/") if parts.path.endswith("/id/") else "/"
    return f"{parts.scheme}://{parts.netloc}{path}"


def listing_url(root: str) -> str:
    return root.rstrip("/") + "/" + LISTING


def series_iri(root: str) -> str:
    return listing_url(root) + "#series"


def dump_iri(root: str, dump: Dump) -> str:
    return listing_url(root) + dump.name


def file_url(root: str, dump: Dump) -> str:
    return listing_url(root) + dump.file


def publisher_iri(settings: Settings) -> str:
    """``catalog_publisher`` as an IRI (an official key names a territory of the gazetteer)."""
    publisher = settings.catalog_publisher
    return Minter(settings.base_iri).territory(publisher) if publisher.isdigit() else publisher


def new_graph() -> Graph:
    g = Graph(bind_namespaces="core")
    for prefix, iri in {**PREFIXES, "void": str(VOID)}.items():
        g.bind(prefix, iri, override=True)
    return g


def _common(g: Graph, node: URIRef, settings: Settings) -> None:
    publisher = URIRef(publisher_iri(settings))
    g.add((node, DCTERMS.publisher, publisher))
    g.add((publisher, RDF.type, FOAF.Agent))
    g.add((node, DCTERMS.license, URIRef(settings.catalog_license)))
    if settings.catalog_contributor_id:
        g.add((node, DCATDE.contributorID, URIRef(settings.catalog_contributor_id)))


def publisher_name(store: GraphStore, settings: Settings) -> str | None:
    """The publisher's name, as the gazetteer or the register gives it (DCAT-AP.de: a ``foaf:Agent`` has one)."""
    rows = store.select(
        f"SELECT ?name WHERE {{ ?pub <{SKOS.prefLabel}>|<{FOAF.name}> ?name }} ORDER BY ?name LIMIT 1",
        substitutions={"pub": ox.NamedNode(publisher_iri(settings))},
    )
    return next((row["name"].value for row in rows), None)


def _named(g: Graph, settings: Settings, name: str | None) -> Graph:
    if name:
        g.add((URIRef(publisher_iri(settings)), FOAF.name, Literal(name, lang="de")))
    return g


def describe_series(settings: Settings, dumps: Sequence[Dump], *, root: str, publisher: str | None = None) -> Graph:
    """The series and every dump in it (``dumps`` newest first, as :func:`list_dumps` gives them).

    Args:
        publisher: the publisher's name (see :func:`publisher_name`).
    """
    g = _named(new_graph(), settings, publisher)
    series = URIRef(series_iri(root))
    g.add((series, RDF.type, DCAT.DatasetSeries))
    g.add((series, DCTERMS.title, Literal(f"{settings.catalog_title} – datierte Dumps", lang="de")))
    g.add((series, DCTERMS.title, Literal("RegionGraph – dated dumps", lang="en")))
    g.add(
        (
            series,
            DCTERMS.description,
            Literal(
                "Datierte, byte-genau reproduzierbare Abzüge des ganzen Wissensgraphen als N-Quads (gzip), je mit "
                "SHA-256-Prüfsumme; jeder Abzug ist zitierbar.",
                lang="de",
            ),
        )
    )
    g.add((series, DCAT.landingPage, URIRef(listing_url(root))))
    _common(g, series, settings)
    if dumps:
        g.add((series, DCAT.first, URIRef(dump_iri(root, dumps[-1]))))
        g.add((series, DCAT.last, URIRef(dump_iri(root, dumps[0]))))
        g.add((series, DCTERMS.issued, Literal(dumps[-1].date, datatype=XSD.date)))
        g.add((series, DCTERMS.modified, Literal(dumps[0].date, datatype=XSD.date)))
    for i, dump in enumerate(dumps):
        g.add((series, DCAT.seriesMember, URIRef(dump_iri(root, dump))))
        add_dump(g, settings, dump, root=root, previous=dumps[i + 1] if i + 1 < len(dumps) else None)
    return g


def add_dump(g: Graph, settings: Settings, dump: Dump, *, root: str, previous: Dump | None = None) -> None:
    """One dump as a ``dcat:Dataset`` of the series and a ``void:Dataset``, with its distribution."""
    node, file = URIRef(dump_iri(root, dump)), URIRef(file_url(root, dump))
    for kind in (DCAT.Dataset, VOID.Dataset):
        g.add((node, RDF.type, kind))
    g.add((node, DCAT.inSeries, URIRef(series_iri(root))))
    g.add((node, DCTERMS.title, Literal(f"RegionGraph ({dump.date})", lang="de")))
    g.add(
        (
            node,
            DCTERMS.description,
            Literal(
                f"Abzug des Wissensgraphen vom {dump.date}: alle Graphen außer denen der Harvest-Läufe (PROV); leere "
                "Knoten als Skolem-IRIs (/.well-known/genid/).",
                lang="de",
            ),
        )
    )
    g.add(
        (
            node,
            DCTERMS.description,
            Literal(
                f"Dump of the knowledge graph of {dump.date}: every named graph and the default graph except the "
                f"{dump.left_out}. Blank nodes are written as skolem IRIs (/.well-known/genid/).",
                lang="en",
            ),
        )
    )
    g.add((node, DCTERMS.issued, Literal(dump.date, datatype=XSD.date)))
    g.add((node, DCAT.version, Literal(dump.date)))
    if dump.modified:
        g.add((node, DCTERMS.modified, Literal(dump.modified, datatype=XSD.dateTime)))
    if previous is not None:
        g.add((node, DCAT.prev, URIRef(dump_iri(root, previous))))
    _common(g, node, settings)
    g.add(
        (
            node,
            DCTERMS.bibliographicCitation,
            Literal(citation(settings, iri=str(node), as_of=dump.date).text, lang="de"),
        )
    )
    g.add((node, VOID.dataDump, file))
    g.add((node, VOID.feature, N_QUADS))
    g.add((node, VOID.uriSpace, Literal(settings.base_iri)))
    for name, value in (("triples", dump.triples), ("entities", dump.entities), ("documents", dump.graphs)):
        g.add((node, VOID[name], Literal(value)))
    _distribution(g, settings, dump, node=node, file=file)


def _distribution(
    g: Graph, settings: Settings, dump: Dump, *, node: URIRef, file: URIRef, node_iri: str | None = None
) -> None:
    """``dump``'s file as a distribution of ``node``; named below ``node_iri`` (the dump's IRI, default ``node``)."""
    dist, checksum = URIRef(f"{node_iri or node}#nquads"), URIRef(f"{node_iri or node}#sha256")
    g.add((node, DCAT.distribution, dist))
    g.add((dist, RDF.type, DCAT.Distribution))
    g.add((dist, DCTERMS.title, Literal(f"RegionGraph {dump.date}, N-Quads (gzip)", lang="de")))
    g.add((dist, DCAT.accessURL, file))
    g.add((dist, DCAT.downloadURL, file))
    g.add((dist, DCAT.mediaType, IANA["application/n-quads"]))
    g.add((dist, DCTERMS["format"], EUFILETYPE.RDF_N_QUADS))
    g.add((dist, DCAT.compressFormat, IANA["application/gzip"]))
    g.add((dist, DCAT.byteSize, Literal(dump.byte_size, datatype=XSD.nonNegativeInteger)))
    g.add((dist, DCTERMS.issued, Literal(dump.date, datatype=XSD.date)))
    g.add((dist, DCTERMS.license, URIRef(settings.catalog_license)))
    g.add((dist, DCATDE.licenseAttributionByText, Literal(f"RegionGraph ({dump.date}); {ATTRIBUTION}", lang="de")))
    g.add((dist, SPDX.checksum, checksum))
    g.add((checksum, RDF.type, SPDX.Checksum))
    g.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
    g.add((SPDX.checksumAlgorithm_sha256, RDF.type, SPDX.ChecksumAlgorithm))  # as the SPDX ontology types it
    g.add((checksum, SPDX.checksumValue, Literal(dump.sha256, datatype=XSD.hexBinary)))


def describe_dump(
    settings: Settings, dumps: Sequence[Dump], name: str, *, root: str, publisher: str | None = None
) -> Graph | None:
    """The description of the dump ``name`` (its series named, its predecessor linked); ``None`` if unknown."""
    for i, dump in enumerate(dumps):
        if dump.name == name:
            g = _named(new_graph(), settings, publisher)
            add_dump(g, settings, dump, root=root, previous=dumps[i + 1] if i + 1 < len(dumps) else None)
            return g
    return None


def write_series_file(settings: Settings, folder: Path, *, publisher: str | None = None) -> Path:
    """Write :data:`SERIES_FILE` for the dumps in ``folder``, with IRIs below the root the base IRI implies."""
    g = describe_series(settings, list_dumps(folder), root=root_of(settings.base_iri), publisher=publisher)
    path, tmp = folder / SERIES_FILE, folder / f".{SERIES_FILE}.{os.getpid()}"
    tmp.write_bytes(g.serialize(format="turtle", encoding="utf-8"))
    tmp.replace(path)
    return path
