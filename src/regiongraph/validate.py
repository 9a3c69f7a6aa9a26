"""The SHACL gate: records are checked in batches with pyshacl; failures get their own report."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from .errors import ConfigError
from .namespaces import RG, SH, shortener
from .recordgraph import merge, record_graph, subjects

#: pyshacl options: no inference, no SHACL-AF (the shapes use none), warnings do not fail a record.
_OPTIONS = {"inference": "none", "advanced": False, "allow_warnings": True}


@dataclass(frozen=True, slots=True)
class Verdict:
    """Outcome of checking one record: ``report`` is ``None`` when it conforms."""

    conforms: bool
    report: Graph | None = None
    text: str = ""


class Validator:
    """Checks record graphs against the shapes in a folder.

    Args:
        shapes_dir: folder of ``*.ttl`` SHACL files, parsed once.

    Attributes:
        digest: SHA-256 over the files' names and bytes; a harvest run records it, so the next
            run can tell that the shapes changed since (see ``Pipeline.run``).
    """

    def __init__(self, shapes_dir: Path) -> None:
        self.shapes = Graph()
        files = sorted(shapes_dir.glob("*.ttl"))
        if not files:
            raise ConfigError(f"no SHACL shapes (*.ttl) in {shapes_dir}")
        digest = hashlib.sha256()
        for path in files:
            data = path.read_bytes()
            digest.update(path.name.encode() + b"\0" + data + b"\0")
            self.shapes.parse(data=data, format="turtle", publicID=path.as_uri())
        self.digest = digest.hexdigest()
        # pyshacl.validate() reads every shape out of the shapes graph again on each call (about
        # 7 ms): harvested once here and handed to each run instead. pyshacl is imported here, not
        # with the module: readers of the messages below (the quality pages) never load it (~0.3 s).
        from pyshacl import ShapesGraph

        self._shapes = ShapesGraph(self.shapes)
        self._shapes.shapes  # noqa: B018 (the property harvests the shapes)

    def _run(self, graph: Graph, *, inplace: bool) -> tuple[bool, Graph, str]:
        """One pyshacl run on ``graph`` with the shapes harvested once."""
        from pyshacl import Validator as ShaclValidator
        from pyshacl.graph_abstraction import DataGraph

        validator = ShaclValidator(
            DataGraph.from_rdflib(graph), shacl_graph=self.shapes, options={**_OPTIONS, "inplace": inplace}
        )
        validator.shacl_graph = self._shapes
        conforms, report, text = validator.run()
        return bool(conforms), report, text

    def check(self, graph: Graph) -> Verdict:
        """Validate one graph and keep its full report."""
        conforms, report, text = self._run(graph, inplace=False)
        return Verdict(conforms, None if conforms else report, "" if conforms else text)

    def check_batch(self, graphs: Sequence[Graph]) -> list[Verdict]:
        """Validate many graphs with one pyshacl call, and cut the batch report into one report per record.

        One call per batch keeps the gate fast. Each result belongs to the record whose graph
        holds its focus node, so each failing record gets a report that speaks only of itself;
        a violation on a node several records (or none) hold is settled by checking those alone.
        """
        if not graphs:
            return []
        owners: dict[Node, set[int]] = defaultdict(set)
        for i, g in enumerate(graphs):
            for s in subjects(g):
                owners[s].add(i)
        # inplace: the merged graph is ours to spend; pyshacl would otherwise copy it first (a third of the time).
        conforms, report, _ = self._run(merge(graphs), inplace=True)
        if conforms:
            return [Verdict(True)] * len(graphs)
        split = _split_report(record_graph(report), owners, len(graphs))  # pyshacl's Memory graph is slow to read
        return [self.check(g) if verdict is None else verdict for g, verdict in zip(graphs, split, strict=True)]


def _split_report(report: Graph, owners: dict[Node, set[int]], n: int) -> list[Verdict | None]:
    """Per record: a verdict from its own results in the batch report, or ``None`` to check it alone."""
    results: dict[int, list[Node]] = defaultdict(list)
    failing: set[int] = set()
    ambiguous: set[int] = set()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        own = owners.get(focus, set()) if focus is not None else set()
        violation = report.value(result, SH.resultSeverity) == SH.Violation
        if len(own) != 1:
            ambiguous |= (own or set(range(n))) if violation else set()
            continue
        (i,) = own
        results[i].append(result)
        failing |= {i} if violation else set()
    return [
        None if i in ambiguous else _own_report(report, results[i]) if i in failing else Verdict(True) for i in range(n)
    ]


def _own_report(batch: Graph, results: list[Node]) -> Verdict:
    """A sh:ValidationReport of ``results`` alone, with everything they say (nested details included)."""
    report = record_graph()
    node = BNode()
    report.add((node, RDF.type, SH.ValidationReport))
    report.add((node, SH.conforms, Literal(False)))
    todo = list(results)
    for result in results:
        report.add((node, SH.result, result))
    seen: set[Node] = set()
    while todo:
        subject = todo.pop()
        if subject in seen:
            continue
        seen.add(subject)
        for p, o in batch.predicate_objects(subject):
            report.add((subject, p, o))
            if isinstance(o, BNode) and (o, None, None) in batch:
                todo.append(o)
    messages = report_messages(report)
    text = f"Validation Report\nConforms: False\nResults ({len(results)}):\n" + "\n".join(messages)
    return Verdict(False, report, text)


#: Prefixes a portal admin knows the fields by.
_PREFIXES = dict(
    shortener("dcterms", "dcat", "dcatde", "foaf", "adms", "schema", "org", "prov", "skos", "vcard", "rg", "locn")
)
#: The CKAN field a DCAT property comes from (ckanext-dcat's mapping), for messages on CKAN records.
CKAN_FIELDS = {
    "dcterms:title": "title",
    "dcterms:description": "notes",
    "dcterms:publisher": "organization",
    "dcterms:license": "license_id",
    "dcat:distribution": "resources",
    "dcterms:modified": "metadata_modified",
    "dcterms:issued": "metadata_created",
    "dcat:keyword": "tags",
    "dcat:theme": "groups",
    "dcat:contactPoint": "maintainer",
    "dcat:landingPage": "url",
    "dcat:accessURL": "resources[].url",
    "dcat:downloadURL": "resources[].url",
    "dcat:byteSize": "resources[].size",
    "dcterms:format": "resources[].format",
    "dcat:mediaType": "resources[].mimetype",
    "dcatde:contributorID": "extras.contributorID",
    "dcterms:accessRights": "access_rights",
    "dcterms:conformsTo": "conforms_to",
    "dcterms:accrualPeriodicity": "frequency",
    "locn:geometry": "spatial",
    "dcterms:language": "language",
}


def field_name(path: Node | None, *, ckan: bool = False) -> str:
    """``dcterms:license`` for the IRI, with ``(CKAN: license_id)`` on CKAN records where the field is known."""
    if not isinstance(path, URIRef):
        return "(record)"
    text = str(path)
    if path == RG.rejectedValue:
        return "a source value that could not be read"  # the value found names the field it came from
    name = next((f"{prefix}:{text[len(ns) :]}" for ns, prefix in _PREFIXES.items() if text.startswith(ns)), f"<{text}>")
    field = CKAN_FIELDS.get(name) if ckan else None
    return f"{name} (CKAN: {field})" if field else name


def found(value: Node | None) -> str:
    """The offending value in full: ``text 'x'``, ``<iri>`` or nothing for a node of the record itself."""
    if isinstance(value, Literal):
        return f"text {str(value)!r}"
    if isinstance(value, URIRef) and "/genid/" not in value:  # a skolemised node of the record says nothing
        return f"<{value}>"
    return ""


def message(path: Node | None, text: str, value: Node | None, *, focus: Node | None = None, ckan: bool = False) -> str:
    """One line an admin can act on: the field, where, what is wrong and how to fix it, and what was found."""
    where = f" on {_short(focus)}" if focus is not None else ""
    shown = found(value)
    return f"{field_name(path, ckan=ckan)}{where}: {text}" + (f" (found: {shown})" if shown else "")


def report_messages(report: Graph | None, *, ckan: bool = False) -> list[str]:
    """Readable one-line messages of a report's violations, the reasons of a quarantine (``ckan``: name the CKAN field).

    Warnings stay in the report (the quality report lists them); they are no reason.
    """
    if report is None:
        return []
    out = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        if report.value(result, SH.resultSeverity) != SH.Violation:
            continue
        text = str(report.value(result, SH.resultMessage) or "does not conform")
        out.append(
            message(
                report.value(result, SH.resultPath),
                text,
                report.value(result, SH.value),
                focus=report.value(result, SH.focusNode),
                ckan=ckan,
            )
        )
    return sorted(set(out))


def _short(node: Node | None) -> str:
    """A focus node by the last segment of its IRI (the record's own nodes: dataset, distribution)."""
    if isinstance(node, URIRef):
        return str(node).rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
    return str(node)
