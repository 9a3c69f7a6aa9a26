"""The catalogue side of the portal: packages as DCAT-AP, paged with Hydra the way ckanext-dcat pages them."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, XSD

HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
DCATDE = Namespace("http://dcat-ap.de/def/dcatde/")
FORMATS = {
    "ttl": ("turtle", "text/turtle"),
    "rdf": ("xml", "application/rdf+xml"),
    "xml": ("xml", "application/rdf+xml"),
    "jsonld": ("json-ld", "application/ld+json"),
}


#: A package with this extra is served as a blank-node dataset without dcterms:identifier (some portals do).
ANONYMOUS = "test_anonymous"


def dataset_subject(base: str, pkg: dict[str, Any]) -> URIRef | BNode:
    """The dataset's node: its ``uri`` extra, a portal IRI, or (every 15th) a blank node as some portals write."""
    extras = {e["key"]: e["value"] for e in pkg.get("extras", [])}
    if "uri" in extras:
        return URIRef(extras["uri"])
    if ANONYMOUS in extras:
        return BNode()
    tail = pkg["name"].rsplit("-", 1)[-1]
    if tail.isdigit() and int(tail) % 15 == 14:
        return BNode()
    return URIRef(f"{base}/dataset/{pkg['id']}")


def add_dataset(g: Graph, base: str, pkg: dict[str, Any], catalog: URIRef) -> None:
    """One package as a dcat:Dataset with distributions, publisher, contact point and temporal coverage."""
    d = dataset_subject(base, pkg)
    extras = {e["key"]: e["value"] for e in pkg.get("extras", [])}
    g.add((catalog, DCAT.dataset, d))
    g.add((d, RDF.type, DCAT.Dataset))
    if ANONYMOUS not in extras:
        g.add((d, DCTERMS.identifier, Literal(pkg["id"])))
    g.add((d, DCTERMS.title, Literal(pkg["title"], lang="de")))
    if pkg.get("notes"):
        g.add((d, DCTERMS.description, Literal(pkg["notes"], lang="de")))
    g.add((d, DCTERMS.modified, Literal(pkg["metadata_modified"], datatype=XSD.dateTime)))
    g.add((d, DCTERMS.issued, Literal(pkg["metadata_created"], datatype=XSD.dateTime)))
    for tag in pkg.get("tags", []):
        g.add((d, DCAT.keyword, Literal(tag["name"], lang="de")))
    for group in pkg.get("groups", []):
        g.add(
            (
                d,
                DCAT.theme,
                URIRef("http://publications.europa.eu/resource/authority/data-theme/" + group["name"].upper()),
            )
        )
    if pkg.get("organization"):
        pub = BNode()
        g.add((d, DCTERMS.publisher, pub))
        g.add((pub, RDF.type, FOAF.Organization))
        g.add((pub, FOAF.name, Literal(pkg["organization"]["title"])))
    if pkg.get("maintainer_email"):
        contact = BNode()
        g.add((d, DCAT.contactPoint, contact))
        g.add((contact, RDF.type, VCARD.Organization))
        g.add((contact, VCARD.fn, Literal(pkg.get("maintainer") or "")))
        g.add((contact, VCARD.hasEmail, URIRef("mailto:" + pkg["maintainer_email"])))
    if "temporal_start" in extras:
        period = BNode()
        g.add((d, DCTERMS.temporal, period))
        g.add((period, RDF.type, DCTERMS.PeriodOfTime))
        g.add((period, DCAT.startDate, Literal(extras["temporal_start"], datatype=XSD.date)))
    for geo in json.loads(extras.get("politicalGeocodingURI", "[]")):
        g.add((d, DCATDE.politicalGeocodingURI, URIRef(geo)))
    _add_distributions(g, base, pkg, d)


def _add_distributions(g: Graph, base: str, pkg: dict[str, Any], d: URIRef | BNode) -> None:
    for res in pkg.get("resources", []):
        dist = URIRef(f"{base}/dataset/{pkg['id']}/resource/{res['id']}")
        g.add((d, DCAT.distribution, dist))
        g.add((dist, RDF.type, DCAT.Distribution))
        g.add((dist, DCAT.accessURL, URIRef(res["url"])))
        if pkg.get("license_id"):  # ckanext-dcat: the package's licence on each distribution, IRI or text
            lid = str(pkg["license_id"])
            g.add((dist, DCTERMS.license, URIRef(lid) if lid.startswith("http") else Literal(lid)))
        if res.get("format"):
            g.add((dist, DCTERMS.format, Literal(res["format"])))
        if res.get("size") is not None:
            g.add((dist, DCAT.byteSize, Literal(res["size"], datatype=XSD.nonNegativeInteger)))


def catalog_page(
    base: str,
    path: str,
    packages: list[dict[str, Any]],
    page: int,
    per_page: int,
    params: dict[str, str],
    *,
    legacy: bool,
    loop: bool,
) -> Graph:
    """Page ``page`` of the catalogue, with the Hydra view (or legacy hydra:PagedCollection) that links it."""
    g = Graph()
    g.bind("dcat", DCAT)
    g.bind("dcterms", DCTERMS)
    g.bind("hydra", HYDRA)
    catalog = URIRef(base + "/")
    g.add((catalog, RDF.type, DCAT.Catalog))
    g.add((catalog, DCTERMS.title, Literal("Offene Daten Kreis Unna (Testportal)", lang="de")))
    for pkg in packages[(page - 1) * per_page : page * per_page]:
        add_dataset(g, base, pkg, catalog)
    last = max(1, -(-len(packages) // per_page))
    if len(packages) > per_page:
        _paging(g, base + path, params, page, last, per_page, len(packages), legacy=legacy, loop=loop)
    return g


def _paging(
    g: Graph,
    url: str,
    params: dict[str, str],
    page: int,
    last: int,
    per_page: int,
    total: int,
    *,
    legacy: bool,
    loop: bool,
) -> None:
    def link(n: int) -> str:
        return url + "?" + urlencode({**{k: v for k, v in params.items() if k != "page"}, "page": n})

    view = URIRef(link(page))
    g.add((view, HYDRA.totalItems, Literal(total, datatype=XSD.integer)))
    g.add((view, HYDRA.itemsPerPage, Literal(per_page, datatype=XSD.integer)))
    nxt = 1 if loop else (page + 1 if page < last else None)
    if legacy:  # ckanext-dcat before 1.0: page links as literals
        g.add((view, RDF.type, HYDRA.PagedCollection))
        links = {
            HYDRA.firstPage: 1,
            HYDRA.lastPage: last,
            HYDRA.nextPage: nxt,
            HYDRA.previousPage: page - 1 if page > 1 else None,
        }
        for prop, n in links.items():
            if n is not None:
                g.add((view, prop, Literal(link(n))))
        return
    g.add((view, RDF.type, HYDRA.PartialCollectionView))
    for prop, n in {
        HYDRA.first: 1,
        HYDRA.last: last,
        HYDRA.next: nxt,
        HYDRA.previous: page - 1 if page > 1 else None,
    }.items():
        if n is not None:
            g.add((view, prop, URIRef(link(n))))
