"""The gate against the official DCAT-AP.de 3 profile: it never quarantines what the official profile accepts.

Two checks, both read from the official shapes in ``../shared/conformance/dcat-ap-shacl/``:

* structurally: every violation-level rule of ``shapes/dataset.ttl`` has an official
  violation-level rule on the same class and property that is at least as strict;
* on data: real datasets from ``../shared/realdata/`` are made acceptable to the official
  profile (the values it flags are dropped, a missing class is added, a missing access URL is
  taken from the download URL) and then must pass the gate; the official profile's own
  verdict says which graphs count, never the gate's.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from pyshacl import validate
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, SH

from regiongraph.validate import Validator
from support import dcat_ap
from support.realdata_oracle import background
from support.shared import realdata

ROOT = Path(__file__).resolve().parents[1]
RG = "https://w3id.org/regiongraph/ontology#"
KINDS = {
    SH.IRI: {"iri"},
    SH.BlankNode: {"bnode"},
    SH.Literal: {"literal"},
    SH.BlankNodeOrIRI: {"iri", "bnode"},
    SH.BlankNodeOrLiteral: {"bnode", "literal"},
    SH.IRIOrLiteral: {"iri", "literal"},
}
VCARD_KIND = URIRef("http://www.w3.org/2006/vcard/ns#Kind")
VCARD_SUBCLASSES = {URIRef(f"http://www.w3.org/2006/vcard/ns#{c}") for c in ("Individual", "Organization", "Group")}
SKOS_IN_SCHEME = URIRef("http://www.w3.org/2004/02/skos/core#inScheme")
#: Project rules on the mapping's own terms, with the official rules they stand for.
STANDS_FOR = {
    URIRef(RG + "rejectedValue"): [
        (DCAT.Distribution, DCAT.byteSize),
        (DCAT.Distribution, DCAT.accessURL),
        (DCAT.Distribution, DCAT.downloadURL),
    ]
}


def _targets(graph: Graph, shape) -> set:
    targets = set(graph.objects(shape, SH.targetClass))
    if (shape, SH.targetObjectsOf, DCTERMS.temporal) in graph:
        targets.add(DCTERMS.PeriodOfTime)  # DCAT-AP: the object of dcterms:temporal is a dcterms:PeriodOfTime
    if (shape, SH.targetObjectsOf, DCAT.contactPoint) in graph:
        targets.add(VCARD_KIND)  # DCAT-AP: the object of dcat:contactPoint is a vcard:Kind
    if targets & VCARD_SUBCLASSES:  # the official vcard:Kind target reaches them through the vCard ontology
        targets = (targets - VCARD_SUBCLASSES) | {VCARD_KIND}
    return targets


def official_rules() -> dict[tuple, list[dict]]:
    """``(class, path) → constraints`` of every active violation-level property shape of the official profile."""
    g = dcat_ap.shapes_graph()
    rules: dict[tuple, list[dict]] = defaultdict(list)
    for node in set(g.subjects(SH.property, None)):
        classes = set(g.objects(node, SH.targetClass))
        for shape in g.objects(node, SH.property):
            severity = g.value(shape, SH.severity) or g.value(node, SH.severity) or SH.Violation
            if severity != SH.Violation or (shape, SH.deactivated, Literal(True)) in g:
                continue
            for cls in classes:
                rules[(cls, g.value(shape, SH.path))].append(dict(g.predicate_objects(shape)))
    return rules


def gate_rules() -> Iterator[tuple[URIRef, set, URIRef, dict]]:
    """``(shape, classes, path, constraints)`` of every violation-level dataset rule of the gate."""
    g = Graph().parse(ROOT / "shapes" / "dataset.ttl")
    for shape in g.subjects(RDF.type, SH.PropertyShape):
        if (g.value(shape, SH.severity) or SH.Violation) == SH.Violation:
            yield shape, _targets(g, shape), g.value(shape, SH.path), dict(g.predicate_objects(shape))


def _covered(mine: dict, theirs: list[dict]) -> list[str]:
    """The constraints of ``mine`` that no official rule in ``theirs`` makes as strict."""

    def has(test) -> bool:
        return any(test(t) for t in theirs)

    missing = []
    if SH.minCount in mine and not has(lambda t: int(t.get(SH.minCount, 0)) >= int(mine[SH.minCount])):
        missing.append("minCount")
    if SH.maxCount in mine and not has(lambda t: SH.maxCount in t and int(t[SH.maxCount]) <= int(mine[SH.maxCount])):
        missing.append("maxCount")
    allowed = KINDS.get(mine.get(SH.nodeKind), set())
    if SH.nodeKind in mine and not has(lambda t: SH.nodeKind in t and KINDS[t[SH.nodeKind]] <= allowed):
        missing.append("nodeKind")
    if SH.datatype in mine and not has(lambda t: t.get(SH.datatype) == mine[SH.datatype]):
        missing.append("datatype")
    if SH["class"] in mine and not has(lambda t: t.get(SH["class"]) == mine[SH["class"]]):
        missing.append("class")
    if SH.pattern in mine and not has(lambda t: str(t.get(SH.pattern)) == str(mine[SH.pattern])):
        missing.append("pattern")
    return missing


def test_every_violation_of_the_gate_is_an_official_violation():
    official = official_rules()
    assert official[(DCAT.Dataset, DCTERMS.title)], "the official profile was not read"
    unmatched = {}
    for shape, classes, path, constraints in gate_rules():
        if path in STANDS_FOR:
            assert all(official[key] for key in STANDS_FOR[path]), f"{shape}: an official counterpart is gone"
            continue
        for cls in classes:
            gaps = _covered(constraints, official.get((cls, path), []))
            if gaps:
                unmatched[f"{shape.rsplit('#', 1)[-1]} on {cls.rsplit('#', 1)[-1]}"] = gaps
    assert unmatched == {}, "violation-level rules the official profile does not have: make them warnings"


def test_a_plain_literal_title_is_a_warning_not_a_quarantine():
    """DCAT-AP 3 asks for a literal: the language tag is a project rule, so a finding, never a quarantine."""
    data = minimal()
    verdict = gate().check(data)
    assert verdict.conforms
    assert not _official(data)[0], "the minimal dataset must be one the official profile accepts"
    strict = gate()._run(data, inplace=False)[1]
    warned = {str(strict.value(r, SH.resultPath)) for r in strict.subjects(SH.resultSeverity, SH.Warning)}
    assert {str(DCTERMS.title), str(DCTERMS.description)} <= warned


# ---- on data ----------------------------------------------------------------------------------------------

EX = "https://example.org/"
SOURCES = (
    "dcat/destatis/catalog.rdf",
    "dcat/ckanext-dcatde/metadata_max.rdf",
    "dcat/ckanext-dcat/catalog.rdf",
    "dcat/ckanext-dcat/dataset.rdf",
    "dcat/ckanext-dcat/dataset_sweden.rdf",
    "dcat/rostock/catalog-page-1.rdf",
)


def gate() -> Validator:
    return Validator(ROOT / "shapes")


def minimal() -> Graph:
    """A dataset stripped to what DCAT-AP.de 3 makes mandatory, with titles as plain literals."""
    g = Graph()
    ds, dist, agent = URIRef(EX + "ds"), URIRef(EX + "ds/dist"), URIRef(EX + "org")
    g.add((ds, RDF.type, DCAT.Dataset))
    g.add((ds, DCTERMS.title, Literal("Haushaltsplan 2024")))
    g.add((ds, DCTERMS.description, Literal("Der Haushaltsplan der Stadt.")))
    g.add((ds, DCTERMS.publisher, agent))
    g.add((agent, RDF.type, FOAF.Agent))
    g.add((agent, FOAF.name, Literal("Stadt Musterstadt")))
    g.add((ds, DCAT.distribution, dist))
    g.add((dist, RDF.type, DCAT.Distribution))
    g.add((dist, DCAT.accessURL, URIRef(EX + "haushalt.csv")))
    g.add((dist, DCTERMS.license, URIRef("http://dcat-ap.de/def/licenses/dl-by-de/2.0")))
    return g


def _official(data: Graph) -> tuple[list, Graph]:
    """The official profile's violations on ``data`` (as result nodes of its report) and the report."""
    graph = Graph()
    for triple in data:
        graph.add(triple)
    graph += dcat_ap.vocabularies()
    graph += background()  # the ontologies of the profile's imports, as the ITB validator loads them (vCard's Kind)
    _, report, _ = validate(graph, shacl_graph=dcat_ap.shapes_graph(), inference="none", allow_warnings=True)
    return list(report.subjects(SH.resultSeverity, SH.Violation)), report


def _repair(data: Graph, report: Graph, results: list) -> None:
    """Change ``data`` so that the official profile no longer flags ``results`` (never adding a new value)."""
    shapes = dcat_ap.shapes_graph()
    for result in results:
        focus, path, value = (report.value(result, p) for p in (SH.focusNode, SH.resultPath, SH.value))
        shape = report.value(result, SH.sourceShape)
        cls, least = shapes.value(shape, SH["class"]), shapes.value(shape, SH.minCount)
        if cls is not None and value is not None and not isinstance(value, Literal):
            data.add((value, RDF.type, cls))
        elif least is not None and path == DCAT.accessURL:
            for url in list(data.objects(focus, DCAT.downloadURL)):
                data.add((focus, DCAT.accessURL, url))
        elif path == SKOS_IN_SCHEME or (least is not None and (focus, RDF.type, DCAT.Dataset) not in data):
            for s, p in list(data.subject_predicates(focus)):  # a value off the list, a part lacking a must
                data.remove((s, p, focus))
        elif value is not None:
            data.remove((focus, path, value))
        elif shapes.value(shape, SH.maxCount) is not None:
            for extra in sorted(data.objects(focus, path))[1:]:
                data.remove((focus, path, extra))


def _owned(data: Graph) -> dict:
    """Each node → the datasets whose description reaches it (datasets are not followed into)."""
    owners: dict = defaultdict(set)
    for ds in data.subjects(RDF.type, DCAT.Dataset):
        todo, seen = [ds], set()
        while todo:
            node = todo.pop()
            if node in seen:
                continue
            seen.add(node)
            owners[node].add(ds)
            todo += [
                o
                for o in data.objects(node)
                if isinstance(o, URIRef | BNode) and (o, RDF.type, DCAT.Dataset) not in data
            ]
    return owners


def accepted(data: Graph, rounds: int = 4) -> tuple[Graph, set]:
    """``data`` repaired round by round; the datasets the official profile then accepts."""
    datasets = set(data.subjects(RDF.type, DCAT.Dataset))
    for _ in range(rounds):
        violations, report = _official(data)
        if not violations:
            break
        _repair(data, report, violations)
    violations, report = _official(data)
    owners = _owned(data)
    rejected = {ds for r in violations for ds in owners.get(report.value(r, SH.focusNode), set())}
    return data, datasets - rejected


def _sample(name: str, limit: int = 25) -> Graph:
    """The file's first ``limit`` datasets with everything they reach, the catalogue left out."""
    full = Graph().parse(realdata(*name.split("/")))
    owners = _owned(full)
    keep = set(sorted(full.subjects(RDF.type, DCAT.Dataset))[:limit])
    out = Graph()
    for s, p, o in full:
        if owners.get(s, set()) & keep:
            out.add((s, p, o))
    return out


def test_the_gate_publishes_every_real_dataset_the_official_profile_accepts():
    counts, quarantined = {}, defaultdict(list)
    for name in SOURCES:
        data, ok = accepted(_sample(name))
        counts[name] = len(ok)
        owners = _owned(data)
        _, report, _ = gate()._run(data, inplace=False)
        for result in report.subjects(SH.resultSeverity, SH.Violation):
            for ds in owners.get(report.value(result, SH.focusNode), set()) & ok:
                path, message = report.value(result, SH.resultPath), report.value(result, SH.resultMessage)
                quarantined[f"{name}: {ds}"].append(f"{path}: {message}")
    assert sum(counts.values()) >= 40, f"too few datasets the official profile accepts to compare: {counts}"
    assert dict(quarantined) == {}
