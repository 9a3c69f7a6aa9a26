"""Quality measurements as DQV, inside the record's own graph (so they are replaced with the record)."""

from __future__ import annotations

from functools import lru_cache

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from ..namespaces import DQV, code
from ..recordgraph import add_all
from ._indicators import BY_NAME, dimension_scores, score

METRICS = "quality-metric"
# Terms looked up once: a namespace attribute builds a new URIRef on every access.
_TYPE, _MEASUREMENT, _ON, _OF, _VALUE = (
    RDF.type,
    DQV.QualityMeasurement,
    DQV.computedOn,
    DQV.isMeasurementOf,
    DQV.value,
)


@lru_cache(maxsize=64)
def metric(name: str) -> URIRef:
    """The dqv:Metric of an indicator, a dimension score (``findability``…) or the total (``score``)."""
    return URIRef(code(METRICS, name))


def add_measurements(graph: Graph, dataset: Node, base: str) -> dict[str, float]:
    """Score ``dataset`` and add dqv:QualityMeasurements: per dimension, in total, and per missed indicator.

    An indicator the dataset meets in full gets no measurement of its own (its value would be
    the metric's points, see docs/quality.md): that keeps a record's graph small — all 28
    measurements would be twice the dataset's own triples — while every point lost stays visible.
    Measurements point to the dataset with dqv:computedOn only (dqv:hasQualityMeasurement is its
    inverse), again to keep the record small.

    Args:
        graph: the record's graph (the measurements go into it).
        dataset: the dcat:Dataset node.
        base: IRI the measurement IRIs are minted under (``<base>/quality/<metric>``).

    Returns:
        The points per indicator, dimension and ``score``.
    """
    points = score(graph, dataset)
    values = {**dimension_scores(points), "score": round(sum(points.values()), 2)}
    missed = {name: value for name, value in points.items() if value < BY_NAME[name].points}
    triples = []
    for name, value in {**values, **missed}.items():
        m = URIRef(f"{base}/quality/{name}")
        triples += [(m, _TYPE, _MEASUREMENT), (m, _ON, dataset), (m, _OF, metric(name)), (m, _VALUE, _decimal(value))]
    add_all(graph, triples)
    return {**points, **values}


@lru_cache(maxsize=4096)
def _decimal(value: float) -> Literal:
    """The ``dqv:value`` literal of a score; scores repeat (0, the full points), so each is built once."""
    return Literal(f"{value:.2f}", datatype=XSD.decimal)
