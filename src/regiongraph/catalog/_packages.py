"""CKAN package dicts of a page of catalogue items: one CONSTRUCT, one parse, MAPPING's graph → package.

The page's DCAT-AP.de description is built in the store exactly as the catalogue feed
builds it, parsed once into rdflib, and every dataset is read back by
:func:`regiongraph.mapping.dcat.graph_to_package`. RegionGraph then fills what only it
knows: the package's id and name when the source had none, its organisation (the
publisher, named as its source portal named it), and CKAN's record times
(``metadata_modified`` = the catalog record's).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, FOAF

from ..mapping.dcat import graph_to_package
from ..namespaces import RG
from ..store import GraphStore
from ._construct import Context, describe_items
from ._select import Item
from ._terms import package_id, package_name, slug


def ckan_time(value: str) -> str:
    """An xsd:dateTime as CKAN writes it: UTC, no offset, microseconds (``2024-01-31T12:00:00.123456``)."""
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    return parsed.strftime("%Y-%m-%dT%H:%M:%S.%f")


def page_graph(store: GraphStore, items: list[Item], ctx: Context) -> Graph:
    """The page's description as one rdflib graph (bulk N-Triples, no per-triple Python)."""
    graph = Graph()
    if items:
        data = ox.serialize(describe_items(store, items, ctx), format=ox.RdfFormat.N_TRIPLES) or b""
        graph.parse(data=data.decode("utf-8"), format="nt")
    return graph


def organization(graph: Graph, dataset: URIRef, base_iri: str) -> dict[str, Any] | None:
    """The CKAN organisation of a dataset's publisher: title = its name, name = the source portal's
    organisation name (``rg:ckanOrganization``) if it had one, else the slug of its name.

    Keeping the source's name lets a CKAN harvester of this instance map it back to the same triple.
    """
    publisher = graph.value(dataset, DCTERMS.publisher)
    if publisher is None:
        return None
    names = sorted(str(n) for n in graph.objects(publisher, FOAF.name))
    title = names[0] if names else str(publisher)
    kept = sorted(str(n) for n in graph.objects(dataset, RG.ckanOrganization))
    name = kept[0] if kept else slug(names[0]) if names else package_name(str(publisher), base_iri)
    return {
        "id": package_id(str(publisher)),
        "name": name,
        "title": title,
        "type": "organization",
        "description": "",
        "image_url": "",
        "is_organization": True,
        "approval_status": "approved",
        "state": "active",
        "created": None,
    }


def build_packages(store: GraphStore, items: list[Item], ctx: Context, base_iri: str) -> list[dict[str, Any]]:
    """Package dicts for ``items``, in their order."""
    graph = page_graph(store, items, ctx)
    return [package_of(graph, item, base_iri) for item in items]


def package_of(graph: Graph, item: Item, base_iri: str) -> dict[str, Any]:
    """One package: MAPPING's mirror of the dataset, completed with RegionGraph's own fields."""
    ds = URIRef(item.dataset)
    package = graph_to_package(graph, ds)
    identifiers = sorted(str(i) for i in graph.objects(ds, DCTERMS.identifier))
    package["id"] = identifiers[0] if identifiers else package_id(item.dataset)
    package["name"] = str(graph.value(ds, RG.ckanName) or package_name(item.dataset, base_iri))
    org = organization(graph, ds, base_iri)
    package["organization"] = org
    package["owner_org"] = org["id"] if org else None
    package["metadata_modified"] = ckan_time(item.modified)
    package["metadata_created"] = ckan_time(item.created)
    package.setdefault("type", "dataset")
    package.setdefault("state", "active")
    package.setdefault("private", False)
    package["num_resources"] = len(package.get("resources") or [])
    package["num_tags"] = len(package.get("tags") or [])
    return package
