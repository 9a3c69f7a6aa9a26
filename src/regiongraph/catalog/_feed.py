"""One page of the DCAT-AP.de catalogue: catalogue header, Hydra paging, the page's items; serialised by Oxigraph.

Paging follows ckanext-dcat: ``?page=N`` (1-based, absent = 1), a fixed page size
(``catalog_page_size``), newest first (``dcterms:modified`` of the record, descending). The
view node is typed both ``hydra:PartialCollectionView`` (Hydra Core) and
``hydra:PagedCollection``, and carries both ``hydra:next`` and the deprecated
``hydra:nextPage`` (and first/previous/last), because ckanext-dcat's RDF harvester follows
only ``hydra:PagedCollection`` nodes. Memory is bounded by the page size, not the catalogue:
besides the page, a snapshot's sorted list holds one record IRI per item (see ``_order``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import chain

import pyoxigraph as ox

from .. import namespaces as ns
from .. import ntriples as nt
from ..config import Settings
from ..dumps import feed_triples
from ..iris import Minter
from ..namespaces import PREFIXES
from ..store import GraphStore
from ._construct import Context, describe_items
from ._profile import dcat_ap_de3
from ._select import Selection

HYDRA, DCAT, DCT, DCATDE = str(ns.HYDRA), str(ns.DCAT), str(ns.DCTERMS), str(ns.DCATDE)
FOAF, XSD = str(ns.FOAF), str(ns.XSD)
RDF_TYPE = ox.NamedNode(str(ns.RDF.type))
GERMAN = ox.NamedNode(str(ns.EULANGUAGE.DEU))
THEMES = ox.NamedNode(str(ns.EUTHEME).rstrip("/"))  # the theme scheme: the namespace without its slash
SPARQL_PROTOCOL = ox.NamedNode("https://www.w3.org/TR/sparql11-protocol/")
FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "jsonld": ox.RdfFormat.JSON_LD,
    "ntriples": ox.RdfFormat.N_TRIPLES,
}
SERIALISE_PREFIXES = {**PREFIXES, "hydra": HYDRA}


@dataclass(frozen=True, slots=True)
class Paging:
    """Where a page sits in the collection.

    Attributes:
        page: the 1-based page number asked for.
        size: items per page.
        total: items in the whole (filtered) collection.
        url: the page's URL for a page number (other query parameters kept).
    """

    page: int
    size: int
    total: int
    url: Callable[[int], str]

    @property
    def last(self) -> int:
        return max(1, math.ceil(self.total / self.size))

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.size


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _lit(value: object, datatype: str | None = None, lang: str | None = None) -> ox.Literal:
    if lang:
        return ox.Literal(str(value), language=lang)
    return ox.Literal(str(value), datatype=_n(XSD + datatype)) if datatype else ox.Literal(str(value))


def hydra_triples(paging: Paging, collection: str) -> Iterator[ox.Triple]:
    """The Hydra description of one page, as ckanext-dcat and Hydra Core clients both read it."""
    view, coll = _n(paging.url(paging.page)), _n(collection)
    yield ox.Triple(coll, RDF_TYPE, _n(HYDRA + "Collection"))
    yield ox.Triple(coll, _n(HYDRA + "totalItems"), _lit(paging.total, "integer"))
    yield ox.Triple(coll, _n(HYDRA + "view"), view)
    yield ox.Triple(view, RDF_TYPE, _n(HYDRA + "PartialCollectionView"))
    yield ox.Triple(view, RDF_TYPE, _n(HYDRA + "PagedCollection"))
    yield ox.Triple(view, _n(HYDRA + "totalItems"), _lit(paging.total, "integer"))
    yield ox.Triple(view, _n(HYDRA + "itemsPerPage"), _lit(paging.size, "integer"))
    links = {"first": 1, "last": paging.last}
    if paging.page > 1:
        links["previous"] = min(paging.page - 1, paging.last)
    if paging.page < paging.last:
        links["next"] = paging.page + 1
    for rel, number in links.items():
        target = _n(paging.url(number))
        yield ox.Triple(view, _n(HYDRA + rel), target)
        yield ox.Triple(view, _n(HYDRA + rel + "Page"), target)  # the deprecated names ckanext-dcat reads


def catalog_triples(settings: Settings, ctx: Context, *, homepage: str, endpoint: str) -> Iterator[ox.Triple]:
    """The ``dcat:Catalog`` and the SPARQL endpoint as its ``dcat:DataService``."""
    cat, svc, pub = _n(ctx.catalog), _n(ctx.service), _n(ctx.publisher)
    yield ox.Triple(cat, RDF_TYPE, _n(DCAT + "Catalog"))
    yield ox.Triple(cat, _n(DCT + "title"), _lit(settings.catalog_title, lang="de"))
    yield ox.Triple(
        cat,
        _n(DCT + "description"),
        _lit(
            "Interkommunale Kooperationen, Smart-City-Projekte und offene Daten der Region (Kreis Unna, Ruhr), "
            "geprüft und verknüpft in einem Wissensgraphen.",
            lang="de",
        ),
    )
    yield ox.Triple(cat, _n(DCT + "publisher"), pub)
    yield ox.Triple(cat, _n(DCT + "language"), GERMAN)
    yield ox.Triple(cat, _n(DCAT + "themeTaxonomy"), THEMES)
    yield ox.Triple(cat, _n(FOAF + "homepage"), _n(homepage))
    yield ox.Triple(cat, _n(DCT + "license"), _n(ctx.licence))
    if ctx.contributor:
        yield ox.Triple(cat, _n(DCATDE + "contributorID"), _n(ctx.contributor))
    yield ox.Triple(cat, _n(DCAT + "service"), svc)
    yield ox.Triple(svc, RDF_TYPE, _n(DCAT + "DataService"))
    yield ox.Triple(svc, _n(DCT + "title"), _lit("RegionGraph SPARQL-Endpunkt", lang="de"))
    yield ox.Triple(svc, _n(DCT + "publisher"), pub)  # mandatory for a dcat:DataService in DCAT-AP.de 3
    yield ox.Triple(svc, _n(DCAT + "endpointURL"), _n(endpoint))
    yield ox.Triple(svc, _n(DCAT + "endpointDescription"), _n(endpoint))
    yield ox.Triple(svc, _n(DCT + "conformsTo"), SPARQL_PROTOCOL)
    yield ox.Triple(svc, _n(DCT + "license"), _n(ctx.licence))


def publisher_triples(store: GraphStore, ctx: Context, graphs: list[str]) -> list[ox.Triple]:
    """Name and political geocoding of the catalogue's publisher, from the gazetteer or register.

    Args:
        graphs: the page's graphs; a name one of them gives the publisher is its only name on the page.
    """
    pub = _n(ctx.publisher)
    rows = store.select(
        f"SELECT ?name ?geo WHERE {{ OPTIONAL {{ ?pub <{ns.SKOS.prefLabel}> ?name "
        f"FILTER NOT EXISTS {{ VALUES ?named {{ {' '.join(nt.iri(g) for g in graphs)} }} "
        f"GRAPH ?named {{ ?pub <{FOAF}name> ?any }} }} }} "
        f"OPTIONAL {{ ?pub <{DCATDE}politicalGeocodingURI> ?geo }} }}",
        substitutions={"pub": pub},
    )
    out = [ox.Triple(pub, RDF_TYPE, _n(FOAF + "Agent"))]
    for row in rows:
        if row["name"] is not None:
            out.append(ox.Triple(pub, _n(FOAF + "name"), row["name"]))
        if row["geo"] is not None:
            out.append(ox.Triple(_n(ctx.catalog), _n(DCATDE + "politicalGeocodingURI"), row["geo"]))
    return list(dict.fromkeys(out))


def context_for(settings: Settings, *, catalog: str, endpoint: str) -> Context:
    """The catalogue-level terms of these settings (publisher given as AGS or IRI)."""
    publisher = settings.catalog_publisher
    if publisher.isdigit():
        publisher = Minter(settings.base_iri).territory(publisher)
    return Context(
        catalog=catalog,
        service=f"{endpoint}#service",
        publisher=publisher,
        licence=settings.catalog_license,
        contributor=settings.catalog_contributor_id,
    )


def render_page(
    store: GraphStore,
    settings: Settings,
    selection: Selection,
    paging_page: int,
    *,
    fmt: str,
    catalog: str,
    endpoint: str,
    homepage: str,
    url: Callable[[int], str],
) -> bytes:
    """One serialised catalogue page: the count, the page's items, one CONSTRUCT, one Oxigraph serialisation.

    The triples leave in DCAT-AP.de 3's form (see :mod:`._profile`).

    A snapshot is counted and sorted once, and every page is a slice of it (see ``_order``).

    Args:
        paging_page: the 1-based page number (beyond the last page the page has no items).
        fmt: ``turtle``, ``rdfxml``, ``jsonld`` or ``ntriples``.
        catalog: the catalogue IRI; endpoint: the SPARQL endpoint URL; homepage: the site's root URL.
        url: the URL of a page number, with the request's other parameters.
    """
    ctx = context_for(settings, catalog=catalog, endpoint=endpoint)
    size = settings.catalog_page_size
    # The page first: on a snapshot it sorts the selection once, and the count is then the list's length.
    items = selection.page(store, limit=size, offset=(paging_page - 1) * size)
    paging = Paging(paging_page, size, selection.count(store), url)
    graphs = sorted({i.graph for i in items})
    head = chain(
        catalog_triples(settings, ctx, homepage=homepage, endpoint=endpoint),
        publisher_triples(store, ctx, graphs),
        hydra_triples(paging, catalog),
        feed_triples(settings, root=homepage, catalog=catalog),
    )  # the catalogue's own dataset: the dumps
    parts = canonical(dcat_ap_de3(head), dcat_ap_de3(describe_items(store, items, ctx)))
    return ox.serialize(parts, format=FORMATS[fmt], prefixes=SERIALISE_PREFIXES) or b""


def canonical(head: Iterable[ox.Triple], body: Iterable[ox.Triple]) -> list[ox.Triple]:
    """The page's triples once each, in one fixed order: ``head`` as given, then ``body`` sorted.

    Oxigraph's CONSTRUCT yields its triples in an order that changes from one evaluation to the
    next, and the Turtle and RDF/XML writers group runs of one subject: unsorted, the same page
    came out in other bytes on every request, so no ETag or byte-comparing harvester could trust it.
    """
    first = {str(t): t for t in head}  # str(t): the triple's N-Triples form, equal exactly when the triples are
    rest = {key: t for t in body if (key := str(t)) not in first}
    return [*first.values(), *(rest[key] for key in sorted(rest))]
