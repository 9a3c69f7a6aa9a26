"""Read the W3C SPARQL 1.1 manifests (``../shared/conformance/w3c-sparql11/``): approved entries only.

File IRIs are resolved against the suite's own base (``http://www.w3.org/2009/sparql/docs/tests/
data-sparql11/<folder>/``), as the W3C publishes them, and mapped back to the files in place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import rdflib
from rdflib import RDF, RDFS, Namespace
from rdflib.collection import Collection

from support.shared import conformance

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
QT = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-query#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
DAWGT = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-dawg#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
BASE = "http://www.w3.org/2009/sparql/docs/tests/data-sparql11/"

#: The query-evaluation folders of issue 16, in the order the suite lists them.
FOLDERS = (
    "aggregates",
    "bind",
    "bindings",
    "construct",
    "exists",
    "functions",
    "grouping",
    "negation",
    "project-expression",
    "property-path",
    "subquery",
)
#: Test types and what the endpoint must do with them.
KINDS = {
    MF.QueryEvaluationTest: "evaluation",
    MF.NegativeSyntaxTest11: "negative-syntax",
    MF.PositiveSyntaxTest11: "positive-syntax",
}


@dataclass(frozen=True)
class EvaluationTest:
    """One approved entry of a query-evaluation manifest."""

    folder: str
    name: str
    kind: str
    query: Path
    query_iri: str
    data: tuple[Path, ...] = ()
    graph_data: tuple[tuple[str, Path], ...] = ()  # (graph IRI, file)
    result: Path | None = None

    @property
    def id(self) -> str:
        return f"{self.folder}/{self.name}"


@dataclass(frozen=True)
class Request:
    """One HTTP request of a protocol test and what its response must be."""

    method: str
    path: str  # starts with /sparql/, as in the manifest
    headers: tuple[tuple[str, str], ...]
    body: bytes | None
    statuses: tuple[int, ...]  # acceptable status classes: 2, 3, 4
    boolean: bool | None = None
    form: str | None = None  # "boolean", "tabular" or "RDF"


@dataclass(frozen=True)
class ProtocolTest:
    name: str
    title: str
    requests: tuple[Request, ...]
    graph_data: tuple[tuple[str, Path], ...] = field(default=())

    @property
    def id(self) -> str:
        return f"protocol/{self.name}"


def _manifest(folder: str) -> tuple[rdflib.Graph, list[rdflib.term.Node]]:
    graph = rdflib.Graph().parse(
        conformance("w3c-sparql11", folder, "manifest.ttl"), format="turtle", publicID=f"{BASE}{folder}/manifest.ttl"
    )
    manifest = next(graph.subjects(RDF.type, MF.Manifest))
    return graph, list(Collection(graph, graph.value(manifest, MF.entries)))


def _file(folder: str, iri: rdflib.term.Node) -> Path:
    prefix = f"{BASE}{folder}/"
    if not str(iri).startswith(prefix):
        raise ValueError(f"{iri} is outside the folder {folder}")
    return conformance("w3c-sparql11", folder, str(iri)[len(prefix) :])


def _approved(graph: rdflib.Graph, entry: rdflib.term.Node) -> bool:
    return graph.value(entry, DAWGT.approval) == DAWGT.Approved


def evaluation_tests(folder: str) -> list[EvaluationTest]:
    """The approved evaluation and syntax tests of ``folder``, in manifest order."""
    graph, entries = _manifest(folder)
    tests = []
    for entry in entries:
        kind = KINDS.get(graph.value(entry, RDF.type))
        if kind is None or not _approved(graph, entry):
            continue
        action = graph.value(entry, MF.action)
        name = str(entry).rsplit("#", 1)[-1]
        if kind != "evaluation":  # a syntax test's action is the query itself
            tests.append(EvaluationTest(folder, name, kind, _file(folder, action), str(action)))
            continue
        query = graph.value(action, QT.query)
        result = graph.value(entry, MF.result)
        tests.append(
            EvaluationTest(
                folder,
                name,
                kind,
                _file(folder, query),
                str(query),
                data=tuple(sorted(_file(folder, d) for d in graph.objects(action, QT.data))),
                graph_data=tuple(sorted((str(g), _file(folder, g)) for g in graph.objects(action, QT.graphData))),
                result=_file(folder, result) if result is not None else None,
            )
        )
    return tests


def protocol_tests() -> list[ProtocolTest]:
    """The approved tests of the protocol manifest, each with its requests in order."""
    graph, entries = _manifest("protocol")
    tests = []
    for entry in entries:
        if graph.value(entry, RDF.type) != MF.ProtocolTest or not _approved(graph, entry):
            continue
        connection = graph.value(entry, MF.action)
        requests = tuple(_request(graph, r) for r in Collection(graph, graph.value(connection, HT.requests)))
        data = tuple(
            sorted(
                (str(graph.value(d, RDFS.label)), _file("protocol", graph.value(d, UT.graph)))
                for d in graph.objects(entry, UT.graphData)
            )
        )
        tests.append(ProtocolTest(str(entry).rsplit("#", 1)[-1], str(graph.value(entry, MF.name)), requests, data))
    return tests


def _request(graph: rdflib.Graph, node: rdflib.term.Node) -> Request:
    headers_list = graph.value(node, HT.headers)
    headers = tuple(
        (str(graph.value(h, HT.fieldName)), str(graph.value(h, HT.fieldValue)))
        for h in (Collection(graph, headers_list) if headers_list is not None else [])
    )
    body_node = graph.value(node, HT.body)
    body = None
    if body_node is not None:
        encoding = str(graph.value(body_node, CNT.characterEncoding) or "UTF-8")
        body = str(graph.value(body_node, CNT.chars)).encode(encoding)
    response = graph.value(node, HT.resp)
    codes = graph.objects(response, MF.expectedStatus)  # hts:StatusCode2xx and the like
    statuses = tuple(sorted(int(str(code).rsplit("StatusCode", 1)[-1][0]) for code in codes))
    boolean = graph.value(response, MF.expectedBoolean)
    form = graph.value(response, MF.expectedFormat)
    return Request(
        str(graph.value(node, HT.methodName)),
        str(graph.value(node, HT.absolutePath)),
        headers,
        body,
        statuses,
        boolean.toPython() if boolean is not None else None,
        str(form) if form else None,
    )
