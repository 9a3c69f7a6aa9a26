"""Self-descriptions: the SPARQL 1.1 Service Description (also a DCAT data service) and VoID.

Both are small rdflib graphs (a few hundred triples) built per request from statistics that
are cached per store (see :mod:`._statistics`), and serialised by rdflib as Turtle, N-Triples,
RDF/XML or JSON-LD. ``GET /.well-known/void`` serves VoID; ``GET /sparql`` without a query
serves the service description through :func:`service_description_response`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import Response
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, XSD

from ..config import Settings
from ..dumps import latest_dump_url
from ..errors import StoreError
from ..gazetteer import ATTRIBUTION, LICENCE_IRI, REFERENCE_DATE
from ..iris import Minter
from ..namespaces import DCATDE, ENTAILMENT, FORMATS, PREFIXES, SD, VOID
from ..sparql.formats import GRAPH_FORMATS, negotiate
from ..store import GraphStore
from ._cache import respond_cached
from ._problem import problem
from ._statistics import SYSTEM_GRAPHS, Statistics, Subset, statistics

#: Every answer format of /sparql, as the W3C format IRIs the service description names.
RESULT_FORMAT_IRIS = tuple(
    FORMATS[name]
    for name in (
        "SPARQL_Results_JSON",
        "SPARQL_Results_XML",
        "SPARQL_Results_CSV",
        "SPARQL_Results_TSV",
        "Turtle",
        "N-Triples",
        "RDF_XML",
        "JSON-LD",
    )
)
SPARQL_PROTOCOL = URIRef("https://www.w3.org/TR/sparql11-protocol/")
SIMPLE_ENTAILMENT = ENTAILMENT.Simple
VOID_PATH = "/.well-known/void"
#: Class and property partitions listed in VoID, largest first.
TOP_PARTITIONS = 50
_SERIALISERS = {"turtle": "turtle", "ntriples": "nt", "rdfxml": "xml", "jsonld": "json-ld"}
_TITLES = {
    "ontology": "RegionGraph ontology (OWL)",
    "codes": "Code lists (SKOS): legal forms, fields, roles, statuses",
    "gazetteer": "Gazetteer: Länder, Regierungsbezirke, Kreise and municipalities of Germany (Destatis GV-ISys)",
    "runs": "Harvest runs (PROV-O)",
    "records/register": "Register: inter-municipal cooperations and smart-city projects, one named graph per record",
}

router = APIRouter(tags=["Descriptions"])


def void_dataset_iri(base_url: str) -> str:
    """IRI of the dataset that the VoID document at ``base_url`` + ``/.well-known/void`` describes."""
    return f"{base_url.rstrip('/')}{VOID_PATH}#dataset"


def _new_graph() -> Graph:
    g = Graph(bind_namespaces="core")
    for prefix, iri in {**PREFIXES, "void": str(VOID), "sd": str(SD), "formats": str(FORMATS)}.items():
        g.bind(prefix, iri, override=True)
    return g


def service_description(
    settings: Settings,
    store: GraphStore,
    *,
    endpoint_iri: str,
    void_iri: str | None = None,
    minter: Minter | None = None,
) -> Graph:
    """SPARQL 1.1 Service Description of ``/sparql``, typed also ``dcat:DataService`` for DCAT-AP catalogues.

    Args:
        settings: the instance's settings (federation is announced only when it is allowed).
        store: the served store; its statistics are cached per store.
        endpoint_iri: absolute URL of the endpoint as clients reach it; the service is ``<endpoint#service>``.
        void_iri: the dataset the endpoint serves (see :func:`void_dataset_iri`); linked when given.
        minter: the instance's (default: one of ``settings``).
    """
    minter = minter or Minter(settings.base_iri)
    stats = statistics(store, minter)
    g = _new_graph()
    endpoint, service = URIRef(endpoint_iri), URIRef(f"{endpoint_iri}#service")
    g.add((service, RDF.type, SD.Service))
    g.add((service, SD.endpoint, endpoint))
    g.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    for fmt in RESULT_FORMAT_IRIS:
        g.add((service, SD.resultFormat, fmt))
    g.add((service, SD.feature, SD.UnionDefaultGraph))
    if settings.allow_federation:
        g.add((service, SD.feature, SD.BasicFederatedQuery))
    g.add((service, SD.defaultEntailmentRegime, SIMPLE_ENTAILMENT))
    # No sd:extensionFunction or sd:languageExtension: the endpoint offers plain SPARQL 1.1 only.
    _default_dataset(g, service, endpoint_iri, stats, minter)
    _data_service(g, service, endpoint, void_iri)
    return g


def _default_dataset(g: Graph, service: URIRef, endpoint_iri: str, stats: Statistics, minter: Minter) -> None:
    dataset, default = URIRef(f"{endpoint_iri}#dataset"), URIRef(f"{endpoint_iri}#default-graph")
    g.add((service, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    g.add((dataset, SD.defaultGraph, default))
    g.add((default, RDF.type, SD.Graph))
    g.add((default, RDF.type, VOID.Dataset))
    g.add((default, VOID.triples, Literal(stats.triples)))
    # SD has no count of named graphs; each graph is one record's document, hence void:documents.
    g.add((dataset, RDF.type, VOID.Dataset))
    g.add((dataset, VOID.documents, Literal(stats.named_graphs)))
    # Only the reference graphs are listed by name: the record graphs are too many and all alike.
    for name in SYSTEM_GRAPHS:
        graph_iri = minter.system_graph(name)
        if graph_iri not in stats.graph_triples:
            continue
        named, content = URIRef(f"{endpoint_iri}#graph-{name}"), URIRef(f"{endpoint_iri}#graph-{name}-content")
        g.add((dataset, SD.namedGraph, named))
        g.add((named, RDF.type, SD.NamedGraph))
        g.add((named, SD.name, URIRef(graph_iri)))
        g.add((named, SD.graph, content))
        g.add((content, RDF.type, SD.Graph))
        g.add((content, VOID.triples, Literal(stats.graph_triples[graph_iri])))


def _data_service(g: Graph, service: URIRef, endpoint: URIRef, void_iri: str | None) -> None:
    g.add((service, RDF.type, DCAT.DataService))
    g.add((service, DCTERMS.title, Literal("RegionGraph SPARQL endpoint", lang="en")))
    g.add((service, DCTERMS.title, Literal("RegionGraph SPARQL-Endpunkt", lang="de")))
    g.add(
        (
            service,
            DCTERMS.description,
            Literal(
                "Read-only SPARQL 1.1 endpoint over the register of inter-municipal cooperations and smart-city "
                "projects and the German municipality directory.",
                lang="en",
            ),
        )
    )
    g.add((service, DCAT.endpointURL, endpoint))
    # This very description is what the endpoint answers to a GET without a query.
    g.add((service, DCAT.endpointDescription, endpoint))
    g.add((service, DCTERMS.conformsTo, SPARQL_PROTOCOL))
    if void_iri:
        g.add((service, DCAT.servesDataset, URIRef(void_iri)))


def void_description(settings: Settings, store: GraphStore, *, base_url: str, minter: Minter | None = None) -> Graph:
    """VoID description of the whole graph, its class and property partitions and its subsets.

    Args:
        settings: the instance's settings (base IRI = ``void:uriSpace``, graph IRIs of the subsets).
        store: the served store; its statistics are cached per store.
        base_url: the server's public root URL, e.g. ``https://regiongraph.example.org``.
        minter: the instance's (default: one of ``settings``).
    """
    minter = minter or Minter(settings.base_iri)
    stats = statistics(store, minter)
    base = base_url.rstrip("/")
    doc, dataset = URIRef(base + VOID_PATH), URIRef(void_dataset_iri(base))
    g = _new_graph()
    g.add((doc, RDF.type, VOID.DatasetDescription))
    g.add((doc, DCTERMS.title, Literal("VoID description of RegionGraph", lang="en")))
    g.add((doc, FOAF.primaryTopic, dataset))
    _void_dataset(g, dataset, stats, settings, base)
    if (dump := latest_dump_url(settings, root=base + "/")) is not None:
        g.add((dataset, VOID.dataDump, URIRef(dump)))  # the newest dated dump (see /dumps/)
    _partitions(g, f"{doc}#", dataset, stats)
    for subset in stats.subsets:
        _subset(g, f"{doc}#", dataset, subset)
    return g


def _void_dataset(g: Graph, dataset: URIRef, stats: Statistics, settings: Settings, base: str) -> None:
    g.add((dataset, RDF.type, VOID.Dataset))
    g.add((dataset, DCTERMS.title, Literal("RegionGraph", lang="en")))
    g.add(
        (
            dataset,
            DCTERMS.description,
            Literal(
                "Knowledge graph of regional cooperations and smart-city projects (Kreis Unna, Ruhr) with the German "
                "municipality directory; the default graph is the union of all named graphs.",
                lang="en",
            ),
        )
    )
    counts = {
        "triples": stats.triples,
        "entities": stats.entities,
        "distinctSubjects": stats.distinct_subjects,
        "distinctObjects": stats.distinct_objects,
        "properties": len(stats.properties),
        "classes": len(stats.classes),
        "documents": stats.named_graphs,
    }
    for name, value in counts.items():
        g.add((dataset, VOID[name], Literal(value)))
    g.add((dataset, VOID.sparqlEndpoint, URIRef(f"{base}/sparql")))
    g.add((dataset, VOID.uriSpace, Literal(settings.base_iri)))
    for iri in PREFIXES.values():
        g.add((dataset, VOID.vocabulary, URIRef(iri)))
    if stats.modified:
        g.add((dataset, DCTERMS.modified, Literal(stats.modified, datatype=XSD.dateTime)))


def _partitions(g: Graph, ns: str, dataset: URIRef, stats: Statistics) -> None:
    for i, part in enumerate(stats.classes[:TOP_PARTITIONS], 1):
        node = URIRef(f"{ns}class-{i}")
        g.add((dataset, VOID.classPartition, node))
        g.add((node, VOID["class"], URIRef(part.iri)))
        g.add((node, VOID.entities, Literal(part.count)))
    for i, part in enumerate(stats.properties[:TOP_PARTITIONS], 1):
        node = URIRef(f"{ns}property-{i}")
        g.add((dataset, VOID.propertyPartition, node))
        g.add((node, VOID.property, URIRef(part.iri)))
        g.add((node, VOID.triples, Literal(part.count)))


def _subset(g: Graph, ns: str, dataset: URIRef, subset: Subset) -> None:
    node = URIRef(ns + subset.kind.replace("/", "-"))
    title = _TITLES.get(subset.kind, f"Records of the harvest source {subset.kind.removeprefix('records/')}")
    g.add((dataset, VOID.subset, node))
    g.add((node, RDF.type, VOID.Dataset))
    g.add((node, DCTERMS.title, Literal(title, lang="en")))
    g.add((node, VOID.triples, Literal(subset.triples)))
    g.add((node, VOID.documents, Literal(subset.graphs)))
    if subset.kind == "gazetteer":
        source = URIRef(ns + "gazetteer-source")
        g.add((node, DCTERMS.license, URIRef(LICENCE_IRI)))
        g.add((node, DCATDE.licenseAttributionByText, Literal(ATTRIBUTION, lang="de")))
        g.add((node, DCTERMS.source, source))
        g.add((source, RDFS.label, Literal(ATTRIBUTION, lang="de")))
        g.add((node, DCTERMS.valid, Literal(REFERENCE_DATE, datatype=XSD.date)))


def serialise(graph: Graph, fmt: str) -> bytes:
    """``graph`` as ``turtle``, ``ntriples``, ``rdfxml`` or ``jsonld`` (compacted with the project's prefixes)."""
    if fmt == "jsonld":
        context = {prefix: str(ns) for prefix, ns in graph.namespaces()}
        return graph.serialize(format="json-ld", context=context, auto_compact=True, encoding="utf-8")
    return graph.serialize(format=_SERIALISERS[fmt], encoding="utf-8")


def rdf_response(build: Callable[[], Graph], accept: str | None, fmt: str | None) -> Response:
    """Negotiate an RDF format first, then build and serialise the graph; 406/503 as problem+json.

    Args:
        build: makes the graph (only called when a format fits).
        accept: the request's Accept header.
        fmt: the ``format`` parameter, which wins over Accept.
    """
    chosen = negotiate(accept, fmt, GRAPH_FORMATS)
    if chosen is None:
        offered = ", ".join(f"{f.media_type} (format={f.name})" for f in GRAPH_FORMATS)
        return problem(
            406,
            "not-acceptable",
            "Not acceptable",
            f"this description is offered as: {offered}",
            headers={"Vary": "Accept"},
        )
    try:
        graph = build()
    except StoreError as exc:
        return problem(503, "store-error", "Description unavailable", f"the store could not be described: {exc}")
    return Response(serialise(graph, chosen.name), media_type=chosen.media_type, headers={"Vary": "Accept"})


def _base_url(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def service_description_response(request: Request, accept: str | None, fmt: str | None) -> Response:
    """The service description, for ``GET /sparql`` without a query from a client that is not a browser.

    Args:
        request: the request to the endpoint; its URL without the query string is the endpoint IRI.
        accept: the Accept header.
        fmt: the ``format`` parameter (turtle, ntriples, rdfxml, jsonld or a media type).
    """
    settings, store = request.app.state.settings, request.app.state.store
    endpoint = str(request.url.replace(query="", fragment=""))
    void_iri = void_dataset_iri(_base_url(request))
    minter = request.app.state.instance.minter
    return rdf_response(
        lambda: service_description(settings, store, endpoint_iri=endpoint, void_iri=void_iri, minter=minter),
        accept,
        fmt,
    )


@router.get("/.well-known/void", summary="VoID description of the dataset (Turtle, N-Triples, RDF/XML, JSON-LD)")
async def well_known_void(
    request: Request,
    fmt: Annotated[str | None, Query(alias="format", description="turtle, ntriples, rdfxml, jsonld")] = None,
    accept: Annotated[str | None, Header()] = None,
) -> Response:
    settings, store = request.app.state.settings, request.app.state.store
    base, minter = _base_url(request), request.app.state.instance.minter
    return await respond_cached(
        request,
        rdf_response,
        lambda: void_description(settings, store, base_url=base, minter=minter),
        accept,
        fmt,
        key=(accept, fmt),
    )
