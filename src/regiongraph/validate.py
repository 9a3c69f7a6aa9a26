"""The SHACL gate: records are checked in batches with pyshacl; failures get their own report."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pyshacl import validate as shacl_validate
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from .errors import ConfigError
from .namespaces import SH


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
    """

    def __init__(self, shapes_dir: Path) -> None:
        self.shapes = Graph()
        files = sorted(shapes_dir.glob("*.ttl"))
        if not files:
            raise ConfigError(f"no SHACL shapes (*.ttl) in {shapes_dir}")
        for path in files:
            self.shapes.parse(path, format="turtle")

    def check(self, graph: Graph) -> Verdict:
        """Validate one graph and keep its full report."""
        conforms, report, text = shacl_validate(
            graph, shacl_graph=self.shapes, inference="none", advanced=True, allow_warnings=True
        )
        return Verdict(bool(conforms), None if conforms else report, "" if conforms else text)

    def check_batch(self, graphs: Sequence[Graph]) -> list[Verdict]:
        """Validate many graphs with one pyshacl call; only failing ones are checked again alone.

        One call per batch keeps the gate fast; the second, per-record call gives each
        failing record a report that speaks only of itself.
        """
        if not graphs:
            return []
        merged = Graph()
        owners: dict[Node, set[int]] = defaultdict(set)
        for i, g in enumerate(graphs):
            for s in g.subjects(unique=True):
                owners[s].add(i)
            merged += g
        conforms, report, _ = shacl_validate(
            merged, shacl_graph=self.shapes, inference="none", advanced=True, allow_warnings=True
        )
        if conforms:
            return [Verdict(True)] * len(graphs)
        suspects = _failing_owners(report, owners)
        return [self.check(g) if i in suspects else Verdict(True) for i, g in enumerate(graphs)]


def _failing_owners(report: Graph, owners: dict[Node, set[int]]) -> set[int]:
    failing: set[int] = set()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        severity = report.value(result, SH.resultSeverity)
        if severity != SH.Violation:
            continue
        focus = report.value(result, SH.focusNode)
        failing |= owners.get(focus, set()) if focus is not None else set()
    if not failing:  # a violation on a node no record owns: check everyone alone
        failing = {i for ids in owners.values() for i in ids}
    return failing


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
