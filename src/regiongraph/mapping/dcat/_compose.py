"""Compose the profiles: package → graph, graph → package, and harvested DCAT → normalised graph."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rdflib import Graph, URIRef

from ...errors import ConfigError, RecordError
from ...recordgraph import record_graph
from .._context import MappingContext
from . import dcat_ap_de, euro_dcat_ap, regiongraph
from ._profile import Backward, Forward, Package, Profile, extras_dict
from ._terms import DCAT, RDF
from ._values import safe_iri

#: Profiles by name; ``[mapping] profiles`` picks and orders them.
PROFILES: dict[str, Profile] = {p.name: p for p in (euro_dcat_ap.PROFILE, dcat_ap_de.PROFILE, regiongraph.PROFILE)}
DEFAULT_PROFILES = ("euro_dcat_ap", "dcat_ap_de", "regiongraph")


def profiles_for(names: Sequence[str] | None) -> list[Profile]:
    """The profiles named, in order; raises :class:`ConfigError` for an unknown name."""
    chosen = list(names) if names else list(DEFAULT_PROFILES)
    unknown = [n for n in chosen if n not in PROFILES]
    if unknown:
        raise ConfigError(f"unknown mapping profile(s) {', '.join(unknown)}; known: {', '.join(PROFILES)}")
    return [PROFILES[n] for n in chosen]


def new_graph() -> Graph:
    """An empty record graph on the fast :class:`~regiongraph.recordgraph.RecordStore`, without
    prefix bindings: records travel as N-Triples, and binding two dozen prefixes per small
    graph was a quarter of the mapping's time."""
    return record_graph()


def minted_dataset(ctx: MappingContext, source: str, record_id: str) -> str:
    """The deterministic IRI of a dataset without an IRI of its own: ``<base>dataset/<source>/<id>``."""
    return ctx.minter.part(ctx.minter.entity("dataset", source), record_id)


def package_to_graph(
    package: Package, ctx: MappingContext, *, source: str = "ckan", profiles: Sequence[str] | None = None
) -> tuple[URIRef, Graph]:
    """Map one CKAN package dict to its dcat:Dataset graph.

    Args:
        package: the package as ``package_show`` returns it.
        ctx: minter, resolver and the source's ``[mapping]`` options.
        source: the harvest source's name (part of minted IRIs).
        profiles: profile names in order (default: ``ctx.options["profiles"]``, else all three).

    Returns:
        The dataset's IRI (the source's own ``uri`` extra when valid) and its graph.
    """
    record_id = str(package.get("id") or package.get("name") or "")
    if not record_id:
        raise RecordError("?", "a package needs an id or a name")
    base = minted_dataset(ctx, source, record_id)
    dataset = safe_iri(extras_dict(package).get("uri")) or URIRef(base)
    f = Forward(package, ctx, source, dataset, base, new_graph())
    for profile in profiles_for(profiles or ctx.options.get("profiles")):
        profile.to_graph(f)
    return dataset, f.graph


def graph_to_package(graph: Graph, dataset: URIRef, *, profiles: Sequence[str] | None = None) -> dict[str, Any]:
    """The CKAN package dict of ``dataset`` in ``graph``: the mirror of :func:`package_to_graph`."""
    b = Backward(graph, dataset)
    for profile in profiles_for(profiles):
        profile.to_package(b)
    return b.package


def dataset_graph_from_dcat(
    payload: dict[str, Any], ctx: MappingContext, *, source: str = "dcat", record_id: str | None = None
) -> tuple[URIRef, Graph]:
    """A harvested DCAT description, kept as it came but normalised as DCAT-AP.de.

    See :mod:`._normalise` for what changes: licence, format and media-type IRIs,
    typed dates, publisher resolution, source defaults and register links.
    """
    from ._normalise import normalise  # late: the normaliser reads packages back with this module

    if payload.get("problem"):  # the harvester found the record unusable (e.g. no IRI, no identifier)
        raise RecordError(record_id or "?", str(payload["problem"]))
    g = new_graph()
    try:
        g.parse(data=str(payload.get("ntriples") or ""), format="nt")
    except Exception as exc:  # rdflib raises its parser's own exception types
        raise RecordError(record_id or "?", f"the DCAT description is not valid N-Triples: {exc}") from exc
    dataset = _dataset_node(g, payload, ctx, source, record_id)
    normalise(
        g,
        dataset,
        ctx,
        base=minted_dataset(ctx, source, record_id or str(dataset)),
        catalog_languages=payload.get("catalog_language") or (),
    )
    return dataset, g


def _dataset_node(g: Graph, payload: dict[str, Any], ctx: MappingContext, source: str, record_id: str | None) -> URIRef:
    """The dataset's IRI; a blank-node dataset gets a minted one (its triples move to it)."""
    iri = safe_iri(payload.get("iri"))
    if iri is not None and (iri, RDF.type, DCAT.Dataset) in g:
        return iri
    nodes = list(g.subjects(RDF.type, DCAT.Dataset))
    if len(nodes) != 1:
        raise RecordError(record_id or "?", f"expected one dcat:Dataset in the description, found {len(nodes)}")
    node = nodes[0]
    if isinstance(node, URIRef):
        return node
    minted = URIRef(minted_dataset(ctx, source, record_id or str(node)))
    for s, p, o in list(g.triples((node, None, None))):
        g.remove((s, p, o))
        g.add((minted, p, o))
    for s, p, o in list(g.triples((None, None, node))):
        g.remove((s, p, o))
        g.add((s, p, minted))
    return minted
