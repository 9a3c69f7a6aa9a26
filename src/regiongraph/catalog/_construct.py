"""The DCAT-AP.de description of one page of catalogue items, as one CONSTRUCT evaluated in the store.

Harvested datasets are copied from their named graphs (everything but the internal catalog
record). Register cooperations and projects are described as ``dcat:Dataset`` on the fly:
title, description, publisher (the lead partner, else the catalogue's publisher), keywords
(the labels of their field, dimensions and legal form), themes (the field's ``skos:closeMatch``
EU data theme), political geocoding (their partners'), licence, and two distributions —
their Linked-Data page as Turtle and as JSON-LD. Every item gets a ``dcat:CatalogRecord``; a
harvested item's record keeps its source's own record (``dcterms:source``), whose primary topic is
the same dataset. The description is the stored one: the feed writes it in DCAT-AP.de 3's form
(:mod:`._profile`), the CKAN package view reads it as it is.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from .. import ntriples as nt
from ..namespaces import EUFILETYPE, EUTHEME, code, sparql_prologue
from ..namespaces import IANA as _IANA
from ..store import GraphStore
from ._select import Item, item_values

LEAD = code("role", "lead")
FILE_TYPE, IANA = str(EUFILETYPE), str(_IANA)
#: The two distributions of a register item: (fragment, format parameter, EU file type, media type, title).
DISTRIBUTIONS = (
    ("turtle", "turtle", "RDF_TURTLE", "text/turtle", "Linked-Data-Beschreibung (Turtle)"),
    ("jsonld", "jsonld", "JSON_LD", "application/ld+json", "Linked-Data-Beschreibung (JSON-LD)"),
)


@dataclass(frozen=True, slots=True)
class Context:
    """The catalogue-level terms a page description links to.

    Attributes:
        catalog: IRI of the ``dcat:Catalog``.
        service: IRI of the SPARQL endpoint's ``dcat:DataService``.
        publisher: default publisher of register items.
        licence: licence IRI of register items.
        contributor: ``dcatde:contributorID`` of register items, if the catalogue has one.
    """

    catalog: str
    service: str
    publisher: str
    licence: str
    contributor: str | None = None


_RECORD = """
  ?cat dcat:dataset ?d ; dcat:record ?r . ?svc dcat:servesDataset ?d .
  ?r a dcat:CatalogRecord ; foaf:primaryTopic ?d ; dcterms:modified ?m ; dcterms:issued ?c .
  ?rec dcterms:source ?origin . ?origin foaf:primaryTopic ?topic ."""
_REGISTER_TEMPLATE = """
  ?rd a dcat:Dataset ; dcterms:title ?title ; dcterms:description ?desc ; dcterms:identifier ?ident ;
     dcterms:publisher ?pub ; dcat:keyword ?kw ; dcat:theme ?theme ; dcat:landingPage ?rd ;
     dcterms:license ?lic ; dcatde:contributorID ?contrib ; dcatde:politicalGeocodingURI ?geo ;
     dcterms:modified ?rm ; dcterms:issued ?rc ; dcat:distribution ?dist .
  ?pub a foaf:Agent ; foaf:name ?pubname .
  ?dist a dcat:Distribution ; dcterms:title ?dtitle ; dcat:accessURL ?rd ; dcat:downloadURL ?dl ;
        dcterms:format ?fmt ; dcat:mediaType ?mt ; dcterms:license ?lic ."""
#: Register branches bind the template's subject (and its times) under their own names, so the
#: record branch, which binds ?d ?m ?c for every item, never adds them to harvested datasets.
_REGISTER_SUBJECT = "BIND(?d AS ?rd) BIND(?m AS ?rm) BIND(?c AS ?rc)"


def _dataset_branches(datasets: list[Item]) -> list[str]:
    """Harvested datasets: their graph without the internal record, and names of gazetteer publishers.

    These branches bind only ``?g`` and ``?r`` (or ``?d``) of an item, so the record template is not
    instantiated again for each of the graph's triples (the record branch writes it once an item).
    A publisher gets its gazetteer name only if no graph of the page names it (the query reads the
    page's graphs only): the page is one RDF graph, where a second name would be a second value.
    """
    records = " ".join(f"({nt.iri(i.graph)} {nt.iri(i.record)})" for i in datasets)
    topics = " ".join(f"({nt.iri(i.graph)} {nt.iri(i.dataset)})" for i in datasets)
    origins = " ".join(f"({nt.iri(i.graph)} {nt.iri(i.record)} {nt.iri(i.dataset)})" for i in datasets)
    return [
        f"VALUES (?g ?r) {{ {records} }} GRAPH ?g {{ ?s ?p ?o }} FILTER(?s != ?r)",
        # DCAT-AP: the source's record describes the same dataset (it is stored with its modified time only).
        f"VALUES (?g ?rec ?topic) {{ {origins} }} GRAPH ?g {{ ?rec dcterms:source ?origin }}",
        f"VALUES (?g ?d) {{ {topics} }} GRAPH ?g {{ ?d dcterms:publisher ?pub }} FILTER(isIRI(?pub)) "
        "FILTER NOT EXISTS { GRAPH ?named { ?pub foaf:name ?any } } ?pub skos:prefLabel ?pubname",
    ]


#: A register item's publisher gets its gazetteer name only if no graph of the page names it, as for datasets.
_UNNAMED_ON_PAGE = (
    "OPTIONAL { ?pub skos:prefLabel ?pubname FILTER NOT EXISTS { GRAPH ?named { ?pub foaf:name ?any } } }"
)


def _register_branches(values: str, ctx: Context) -> list[str]:
    """Register items, one branch per group of template variables (the template skips unbound ones).

    Every branch starts with the page's VALUES, so it is evaluated for the page's items only.
    """
    lic = nt.iri(ctx.licence)
    lead = (
        f"GRAPH ?g {{{{ ?d org:hasMembership {{m}} . {{m}} org:role <{LEAD}> ; org:member {{p}} }}}} "
        "FILTER(isIRI({p}))"
    )
    contrib = f"BIND({nt.iri(ctx.contributor)} AS ?contrib)" if ctx.contributor else ""
    dist_rows = " ".join(
        f'("{frag}" "{param}" <{FILE_TYPE}{ft}> <{IANA}{mt}> {nt.literal(title, lang="de")})'
        for frag, param, ft, mt, title in DISTRIBUTIONS
    )
    values = f"{values} {_REGISTER_SUBJECT}"
    return [
        f"""{values} GRAPH ?g {{ ?d dcterms:title ?title ; dcterms:identifier ?ident
                     OPTIONAL {{ ?d dcterms:description ?d0 }} OPTIONAL {{ ?d rg:partnersText ?pt }} }}
            BIND(COALESCE(?d0, STRLANG(CONCAT(STR(?title),
                 IF(BOUND(?pt), CONCAT(". Partner: ", STR(?pt)), "")), "de")) AS ?desc)
            BIND({lic} AS ?lic) {contrib}""",
        # The publisher is the lead partner with the smallest IRI (DCAT-AP allows one), else the default.
        f"""{values} {lead.format(m="?lm", p="?pub")} FILTER NOT EXISTS {{ {lead.format(m="?lm2", p="?other")}
            FILTER(STR(?other) < STR(?pub)) }} {_UNNAMED_ON_PAGE}""",
        f"""{values} FILTER NOT EXISTS {{ {lead.format(m="?lm", p="?other")} }}
            BIND({nt.iri(ctx.publisher)} AS ?pub) {_UNNAMED_ON_PAGE}""",
        f"""{values} GRAPH ?g {{ ?d org:purpose|org:classification ?concept }} ?concept skos:prefLabel ?label
            FILTER(LANGMATCHES(LANG(?label), "de"))
            BIND(STRLANG(REPLACE(STR(?label), "\\\\s*/\\\\s*", " - "), "de") AS ?kw)""",
        f"""{values} GRAPH ?g {{ ?d a rg:Cooperation }} BIND("Interkommunale Zusammenarbeit"@de AS ?kw)""",
        f"""{values} GRAPH ?g {{ ?d org:purpose ?field }} ?field skos:closeMatch ?theme
            FILTER(STRSTARTS(STR(?theme), "{EUTHEME}"))""",
        f"""{values} GRAPH ?g {{ ?d org:hasMembership/org:member ?partner }}
            ?partner dcatde:politicalGeocodingURI ?geo""",
        f"""{values} VALUES (?frag ?param ?fmt ?mt ?dtitle) {{ {dist_rows} }}
            BIND(IRI(CONCAT(STR(?d), "#distribution-", ?frag)) AS ?dist)
            BIND(IRI(CONCAT(STR(?d), "?format=", ?param)) AS ?dl) BIND({lic} AS ?lic)""",
    ]


def construct_query(items: list[Item], ctx: Context) -> str:
    """The CONSTRUCT describing ``items`` (harvested datasets and register items, in one query)."""
    datasets = [i for i in items if i.is_dataset]
    register = [i for i in items if not i.is_dataset]
    branches = [item_values(items)]  # the record triples, for every item
    if datasets:
        branches += _dataset_branches(datasets)
    if register:
        branches += _register_branches(item_values(register), ctx)
    where = "\n  UNION ".join(f"{{ {b} }}" for b in branches)
    return (
        f"{sparql_prologue()}CONSTRUCT {{ {_RECORD} ?s ?p ?o . {_REGISTER_TEMPLATE} }}\n"
        f"WHERE {{ BIND({nt.iri(ctx.catalog)} AS ?cat) BIND({nt.iri(ctx.service)} AS ?svc)\n  {{ {where} }} }}"
    )


def describe_items(store: GraphStore, items: list[Item], ctx: Context) -> ox.QueryTriples | list[ox.Triple]:
    """The triples describing ``items`` (none for an empty page), straight from the store."""
    if not items:
        return []
    # Naming the page's graphs makes GRAPH ?g patterns read those graphs only (the default graph
    # stays the union of all), so a page costs the same in a catalogue of any size.
    return store.construct(construct_query(items, ctx), named_graphs=sorted({i.graph for i in items}))
