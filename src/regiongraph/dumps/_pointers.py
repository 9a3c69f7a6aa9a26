"""Where the catalogue feed and VoID point to the latest dump (small, so those modules change by a line each)."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF

from ..config import Settings
from ..namespaces import VOID
from ._describe import DCAT, _common, _distribution, dump_iri, file_url, listing_url, new_graph
from ._folder import list_dumps


def latest_dump_url(settings: Settings, *, root: str) -> str | None:
    """The download URL of the newest dump (for ``void:dataDump``), or ``None`` when there is none."""
    dumps = list_dumps(settings.dumps_location)
    return file_url(root, dumps[0]) if dumps else None


def feed_triples(settings: Settings, *, root: str, catalog: str) -> list[ox.Triple]:
    """The catalogue's own dataset — the whole graph, VoID's ``…/.well-known/void#dataset`` — with the newest
    dump as its distribution; nothing while there is no dump.

    Args:
        root: the server's public root URL; catalog: the catalogue's IRI.
    """
    dumps = list_dumps(settings.dumps_location)
    if not dumps:
        return []
    latest, g = dumps[0], new_graph()
    own = URIRef(root.rstrip("/") + "/.well-known/void#dataset")
    file = URIRef(file_url(root, latest))
    g.add((URIRef(catalog), DCAT.dataset, own))
    g.add((own, RDF.type, DCAT.Dataset))
    g.add((own, DCTERMS.title, Literal(settings.catalog_title, lang="de")))
    g.add(
        (
            own,
            DCTERMS.description,
            Literal(
                "Der ganze Wissensgraph: interkommunale Kooperationen, Smart-City-Projekte, offene Daten und das "
                "Gemeindeverzeichnis; als datierter Dump (N-Quads, gzip) und über den SPARQL-Endpunkt.",
                lang="de",
            ),
        )
    )
    _common(g, own, settings)
    g.add((own, DCAT.landingPage, URIRef(listing_url(root))))
    g.add((own, VOID.dataDump, file))
    _distribution(g, settings, latest, node=own, file=file, node_iri=dump_iri(root, latest))
    triples = [q.triple for q in ox.parse(g.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)]
    return sorted(triples, key=str)  # rdflib's order follows string hashes, which differ between workers
