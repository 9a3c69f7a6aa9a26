"""Keep the search index in step with the store: re-index changed graphs, drop withdrawn ones.

Each named graph carries a content hash — the catalog record's ``rg:contentHash`` (with its
``adms:status``) or a reference graph's own. The index remembers the stamp of every graph it
indexed; a sync compares, fetches only the graphs whose stamp changed, and forgets graphs that
vanished or are no longer published. Works over any :class:`~regiongraph.store.GraphStore`
(embedded or remote), through SPARQL only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import pyoxigraph as ox

from .. import namespaces as ns
from ..config import Settings
from ..namespaces import code, sparql_prologue
from ..store import GraphStore
from ._index import Document, SearchIndex

PUBLISHED = code("record-status", "published")
#: Past this many changed graphs one query over every graph beats one query per graph.
BULK = 200
RDF_TYPE = str(ns.RDF.type)
_S, _RG, _SKOS = str(ns.SCHEMA), str(ns.RG), str(ns.SKOS)
_DCT, _ORG, _DCAT = str(ns.DCTERMS), str(ns.ORG), str(ns.DCAT)
KIND_OF_TYPE = {
    _RG + "Cooperation": "cooperation",
    **{
        t: "project"
        for t in (
            _S + "Project",
            _S + "FundingScheme",
            _RG + "Solution",
            _RG + "Strategy",
            _RG + "Recommendation",
            _ORG + "OrganizationalUnit",
            _DCAT + "Catalog",
        )
    },
    _ORG + "FormalOrganization": "organisation",
    _RG + "TerritorialBody": "organisation",
    _DCAT + "Dataset": "dataset",
    _SKOS + "Concept": "concept",
}
KIND_OF_SCHEME = {
    code("field", "")[:-1]: "field",
    code("smart-city-dimension", "")[:-1]: "field",
    code("legal-form", "")[:-1]: "legal-form",
}
TITLE = (str(ns.RDFS.label), _SKOS + "prefLabel", _DCT + "title", _S + "name", str(ns.FOAF.name))
ALT = (
    _SKOS + "altLabel",
    _S + "alternateName",
    _DCT + "alternative",
    _RG + "officialName",
    _DCT + "identifier",
    _RG + "ags",
    _DCAT + "keyword",
)
BODY = (
    _DCT + "description",
    _SKOS + "definition",
    _RG + "partnersText",
    _RG + "performerText",
    _RG + "legalFormText",
    _RG + "fieldText",
    _RG + "agreementText",
    _RG + "outcomeText",
)
_IN_SCHEME = _SKOS + "inScheme"

_UNITS = (
    sparql_prologue()
    + """SELECT ?g ?h ?st WHERE {
  GRAPH ?g { ?x rg:contentHash ?h OPTIONAL { ?x adms:status ?st } }
}"""
)
_TYPES = ", ".join(f"<{t}>" for t in KIND_OF_TYPE)
_PROPS = " ".join(f"<{p}>" for p in (*TITLE, *ALT, *BODY, _IN_SCHEME))
# Two lean queries joined in Python beat one that pairs every type with every text (4 types per
# town: 4 rows per label); VALUES lets Oxigraph look each property up in its indexes.
_TYPED = f"SELECT ?g ?e ?t WHERE {{ GRAPH ?g {{ ?e a ?t }} FILTER(?t IN ({_TYPES})) }}"
_TEXTS = f"SELECT ?g ?e ?p ?o WHERE {{ VALUES ?p {{ {_PROPS} }} GRAPH ?g {{ ?e ?p ?o }} }}"


@dataclass(frozen=True, slots=True)
class SyncReport:
    """What a sync did: graphs (re-)indexed, graphs dropped, entities written."""

    indexed: int
    dropped: int
    entities: int


def index_for(settings: Settings) -> SearchIndex:
    """The search index of an instance: ``<data_dir>/search.sqlite``."""
    return SearchIndex(settings.data_dir / "search.sqlite")


def wanted_stamps(store: GraphStore) -> dict[str, str]:
    """Stamp of every graph that should be indexed: reference graphs and published records."""
    out: dict[str, str] = {}
    for row in store.select(_UNITS):
        status = row["st"].value if row["st"] is not None else None
        if status in (None, PUBLISHED):
            out[row["g"].value] = f"{row['h'].value} {status or ''}".strip()
    return out


def sync_index(store: GraphStore, index: SearchIndex, *, rebuild: bool = False) -> SyncReport:
    """Bring ``index`` in step with ``store`` (everything anew with ``rebuild``)."""
    wanted = wanted_stamps(store)
    with index.writer() as w:
        if rebuild:
            w.clear()
        held = w.stamps()
        stale = [g for g, s in held.items() if wanted.get(g) != s]
        todo = {g: s for g, s in wanted.items() if held.get(g) != s}
        w.drop(stale)
        n = w.add(documents(store, todo), todo)
    return SyncReport(len(todo), len(set(stale) - set(todo)), n)


def documents(store: GraphStore, graphs: Iterable[str]) -> Iterator[Document]:
    """The searchable entities of ``graphs``, read from the store."""
    todo = set(graphs)
    if len(todo) > BULK:
        yield from _documents(store.select(_TYPED), store.select(_TEXTS), todo)
        return
    for g in sorted(todo):  # the graph is bound, never pasted
        bound = {"g": ox.NamedNode(g)}
        yield from _documents(
            store.select(_TYPED, substitutions=bound), store.select(_TEXTS, substitutions=bound), None
        )


def _documents(typed: Iterable, texts: Iterable, only: set[str] | None) -> Iterator[Document]:
    types: dict[tuple[str, str], set[str]] = defaultdict(set)
    for g, e, t in typed:  # positional: these loops see every typed entity and text of a rebuild
        if only is None or g.value in only:
            types[(g.value, e.value)].add(t.value)
    props: dict[tuple[str, str], dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for g, e, p, value in texts:
        key = (g.value, e.value)
        if key in types:
            values = props[key][p.value]
            if value not in values:
                values.append(value)
    for (g, iri), found in types.items():
        kinds = _kinds(found, props.get((g, iri), {}))
        if kinds:
            yield _document(g, iri, kinds, props.get((g, iri), {}))


def _kinds(types: set[str], props: dict[str, list]) -> tuple[str, ...]:
    kinds = {KIND_OF_TYPE[t] for t in types}
    if "concept" in kinds:
        kinds.discard("concept")
        kinds |= {KIND_OF_SCHEME[s.value] for s in props.get(_IN_SCHEME, ()) if s.value in KIND_OF_SCHEME}
    if "cooperation" in kinds or "project" in kinds:
        kinds.discard("organisation")  # ORG types every cooperation as an organisation too
    return tuple(k for k in ("cooperation", "project", "organisation", "dataset", "field", "legal-form") if k in kinds)


def _texts(props: dict[str, list], keys: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    for key in keys:
        for value in sorted(props.get(key, ()), key=lambda v: (getattr(v, "language", None) != "de", v.value)):
            if isinstance(value, ox.Literal) and value.value not in out:
                out.append(value.value)
    return out


def _document(graph: str, iri: str, kinds: tuple[str, ...], props: dict[str, list]) -> Document:
    titles = _texts(props, TITLE)
    title = titles[0] if titles else iri
    alt = [t for t in titles[1:] + _texts(props, ALT) if t != title]
    return Document(iri, graph, kinds, title, " · ".join(alt), " · ".join(_texts(props, BODY)))
