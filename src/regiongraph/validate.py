"""The SHACL gate: records are checked in batches with pyshacl; failures get their own report."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pyshacl import ShapesGraph
from pyshacl import Validator as ShaclValidator
from pyshacl.graph_abstraction import DataGraph
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from .errors import ConfigError
from .namespaces import SH
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
        # 7 ms): harvested once here and handed to each run instead.
        self._shapes = ShapesGraph(self.shapes)
        self._shapes.shapes  # noqa: B018 (the property harvests the shapes)

    def _run(self, graph: Graph, *, inplace: bool) -> tuple[bool, Graph, str]:
        """One pyshacl run on ``graph`` with the shapes harvested once."""
        validator = ShaclValidator(DataGraph.from_rdflib(graph), shacl_graph=self.shapes,
                                   options={**_OPTIONS, "inplace": inplace})
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
    return [None if i in ambiguous else _own_report(report, results[i]) if i in failing else Verdict(True)
            for i in range(n)]


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


def report_messages(report: Graph | None) -> list[str]:
    """Readable one-line messages of a report's violations."""
    if report is None:
        return []
    out = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        path = report.value(result, SH.resultPath)
        message = report.value(result, SH.resultMessage)
        focus = report.value(result, SH.focusNode)
        value = report.value(result, SH.value)
        where = f" [{_short(path)}]" if path is not None else ""
        shown = f" (value: {value})" if isinstance(value, Literal) else ""
        out.append(f"{_short(focus)}{where}: {message}{shown}")
    return sorted(set(out))


def _short(node: Node | None) -> str:
    if isinstance(node, URIRef):
        return str(node).rsplit("/", 1)[-1].rsplit("#", 1)[-1]
    return str(node)
