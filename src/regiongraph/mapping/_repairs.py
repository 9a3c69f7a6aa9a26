"""Repairs a mapping made to a record, recorded on the record itself so they travel with it.

A repair is a safe, documented change of a source value (a licence IRI spelled
``https://www.dcat-ap.de/…`` made canonical, a URL given as text made a resource, an old
DCAT-AP.de namespace migrated). The record keeps a trace of each one, so ``regiongraph report``
can show what was changed from what, and count repairs per source::

    <dataset> rg:repair [ a rg:Repair ;
        rg:repairedField "dcterms:license" ;     # the field as the portal calls it
        rg:repairRule "licence-canonical-iri" ;  # which documented rule made the change
        rg:repairedFrom "https://www.dcat-ap.de/def/licenses/dl-by-de/2.0" ;
        rg:repairedTo "http://dcat-ap.de/def/licenses/dl-by-de/2.0" ] .

Values are kept as plain strings: the trace is for people, and a literal cannot itself be
an invalid IRI that fails the record it documents.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal
from rdflib.term import Node

from ..namespaces import RG

__all__ = ["Repair", "record_repair", "repairs_of"]


@dataclass(frozen=True, slots=True)
class Repair:
    """One recorded repair: ``field`` changed from ``before`` to ``after`` by ``rule``."""

    field: str
    rule: str
    before: str
    after: str


def record_repair(graph: Graph, subject: Node, repair: Repair) -> None:
    """Add the trace of ``repair`` to ``subject`` (the dataset) in ``graph``."""
    node = BNode()
    graph.add((subject, RG.repair, node))
    graph.add((node, RG.repairedField, Literal(repair.field)))
    graph.add((node, RG.repairRule, Literal(repair.rule)))
    graph.add((node, RG.repairedFrom, Literal(repair.before)))
    graph.add((node, RG.repairedTo, Literal(repair.after)))


def repairs_of(graph: Graph, subject: Node) -> Iterator[Repair]:
    """The repairs recorded on ``subject``, in a stable order."""
    found = []
    parts = (RG.repairedField, RG.repairRule, RG.repairedFrom, RG.repairedTo)
    for node in graph.objects(subject, RG.repair):
        found.append(Repair(*(str(graph.value(node, p) or "") for p in parts)))
    yield from sorted(found, key=lambda r: (r.field, r.rule, r.before, r.after))
