"""Quality per source, read from the store: scores per dimension, quarantined records, the fixes that pay most."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from ..errors import UnknownSourceError
from ..iris import Minter
from ..namespaces import CODE, DQV, code, prologue
from ..store import GraphStore
from ..validate import message
from ._dqv import METRICS, metric
from ._indicators import BY_NAME, DIMENSIONS, INDICATORS, MAX_POINTS

_P = prologue("rg", "adms", "foaf", "dqv", "sh", "rdfs", sep=" ")
_MEASUREMENTS = (
    _P
    + """SELECT ?id ?metric ?v WHERE { GRAPH ?g {
    ?r rg:harvestSource ?src ; rg:sourceId ?id ; adms:status ?published ; foaf:primaryTopic ?ds .
    ?m dqv:computedOn ?ds ; dqv:isMeasurementOf ?metric ; dqv:value ?v } }"""
)
_QUARANTINED = (
    _P
    + """SELECT ?id ?sev ?msg ?v ?focus ?path ?comment WHERE { GRAPH ?g {
    ?r rg:harvestSource ?src ; rg:sourceId ?id ; adms:status ?quarantined .
    OPTIONAL { ?r rdfs:comment ?comment }
    OPTIONAL { ?r rg:validationReport/sh:result ?res . ?res sh:resultMessage ?msg ; sh:resultSeverity ?sev .
               OPTIONAL { ?res sh:value ?v } OPTIONAL { ?res sh:focusNode ?focus }
               OPTIONAL { ?res sh:resultPath ?path } } } } ORDER BY ?id"""
)
_STATUS = _P + (
    "SELECT ?status (COUNT(?r) AS ?n) WHERE { ?r rg:harvestSource ?src ; adms:status ?status } GROUP BY ?status"
)
#: The MQA's rating bands (points ≥ floor).
_RATINGS = ((351, "excellent"), (221, "good"), (121, "sufficient"), (0, "bad"))
COMPLIANCE = "dcat-ap-compliance"
_SOURCES = _P + "SELECT DISTINCT ?src WHERE { ?r rg:harvestSource ?src } ORDER BY ?src"


@dataclass
class Fix:
    """One indicator the source could meet more often: how many records miss it and what it would bring."""

    indicator: str
    dimension: str
    points: int
    records: int
    gain: float  # points the source's average score rises by
    advice: str


@dataclass
class SourceQuality:
    """The quality report of one source."""

    source: str
    counts: dict[str, int]
    records: dict[str, dict[str, float]] = field(default_factory=dict)
    dimensions: dict[str, float] = field(default_factory=dict)
    score: float = 0.0
    rating: str = "bad"
    fixes: list[Fix] = field(default_factory=list)
    quarantined: list[dict[str, Any]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "counts": self.counts,
            "score": self.score,
            "rating": self.rating,
            "max_score": sum(MAX_POINTS.values()),
            "dimensions": {d: {"score": self.dimensions.get(d, 0.0), "max": MAX_POINTS[d]} for d in DIMENSIONS},
            "fixes": [vars(f) for f in self.fixes],
            "quarantined": self.quarantined,
            "records": {rid: v.get("score", 0.0) for rid, v in sorted(self.records.items())},
        }


def source_quality(store: GraphStore, minter: Minter, source: str, *, top: int = 5) -> SourceQuality:
    """Scores, quarantined records and the top fixes of ``source``; raises UnknownSourceError if it has no records."""
    src = ox.NamedNode(minter.source(source))
    counts = {_tail(r["status"].value): int(r["n"].value) for r in store.select(_STATUS, substitutions={"src": src})}
    if not counts:
        known = ", ".join(_tail(r["src"].value) for r in store.select(_SOURCES)) or "none"
        raise UnknownSourceError(f"unknown source {source!r}: no records in the store (sources: {known})")
    quality = SourceQuality(source, counts)
    published = ox.NamedNode(code("record-status", "published"))
    for row in store.select(_MEASUREMENTS, substitutions={"src": src, "published": published}):
        name = row["metric"].value[len(f"{CODE}{METRICS}/") :]
        quality.records.setdefault(row["id"].value, {})[name] = float(row["v"].value)
    quality.quarantined = _quarantined(store, src)
    _aggregate(quality, top)
    return quality


def _aggregate(q: SourceQuality, top: int) -> None:
    """Means over the published records; DCAT-AP compliance is the share of records that passed the gate."""
    scored = [v for v in q.records.values() if "score" in v]
    quarantined = q.counts.get("quarantined", 0)
    total = len(scored) + quarantined
    if not total:
        return
    # an indicator without a measurement was met in full (see add_measurements)
    means = {i.name: sum(v.get(i.name, i.points) for v in scored) / len(scored) if scored else 0.0 for i in INDICATORS}
    means[COMPLIANCE] = BY_NAME[COMPLIANCE].points * len(scored) / total
    q.dimensions = {d: round(sum(v for k, v in means.items() if BY_NAME[k].dimension == d), 2) for d in DIMENSIONS}
    q.score = round(sum(q.dimensions.values()), 2)
    q.rating = rating(q.score)
    q.fixes = _fixes(scored, quarantined, total)[:top]


def rating(points: float) -> str:
    """The MQA's rating of a score: excellent, good, sufficient or bad."""
    return next(label for floor, label in _RATINGS if points >= floor)


def _fixes(scored: list[dict[str, float]], quarantined: int, total: int) -> list[Fix]:
    """Indicator × records missing it × points, as the rise of the source's average score."""
    fixes = []
    for ind in INDICATORS:
        if ind.name == COMPLIANCE:
            missing, gain = quarantined, ind.points * quarantined / total
        else:
            short = [ind.points - v[ind.name] for v in scored if v.get(ind.name, ind.points) < ind.points]
            missing, gain = len(short), sum(short) / len(scored) if scored else 0.0
        if missing:
            fixes.append(Fix(ind.name, ind.dimension, ind.points, missing, round(gain, 2), ind.fix))
    return sorted(fixes, key=lambda f: (-f.gain, f.indicator))


def _quarantined(store: GraphStore, src: ox.NamedNode) -> list[dict[str, Any]]:
    quarantined = ox.NamedNode(code("record-status", "quarantined"))
    out: dict[str, dict[str, Any]] = {}
    for row in store.select(_QUARANTINED, substitutions={"src": src, "quarantined": quarantined}):
        entry = out.setdefault(row["id"].value, {"id": row["id"].value, "violations": [], "warnings": []})
        if row["msg"] is not None:
            # the field as prefixed name, where, the fix, the value found in full (regiongraph.validate.message)
            text = message(_rdf(row["path"]), row["msg"].value, _rdf(row["v"]), focus=_rdf(row["focus"]))
            kind = "violations" if row["sev"].value.endswith("Violation") else "warnings"
            if text not in entry[kind]:
                entry[kind].append(text)
        elif row["comment"] is not None and not entry["violations"]:
            entry["violations"].append(row["comment"].value)
    for entry in out.values():
        entry["violations"].sort()
        entry["warnings"].sort()
    return list(out.values())


def aggregate_graph(q: SourceQuality, minter: Minter) -> tuple[str, Graph]:
    """The source's aggregate as DQV measurements computed on the harvest source, and its graph's IRI."""
    source = URIRef(minter.source(q.source))
    g = Graph()
    for name, value in {**q.dimensions, "score": q.score}.items():
        m = URIRef(f"{source}/quality/{name}")
        g.add((m, RDF.type, DQV.QualityMeasurement))
        g.add((m, DQV.computedOn, source))
        g.add((m, DQV.isMeasurementOf, metric(name)))
        g.add((m, DQV.value, Literal(f"{value:.2f}", datatype=XSD.decimal)))
    return minter.system_graph(f"quality-{q.source}"), g


def _tail(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _rdf(term: ox.NamedNode | ox.Literal | ox.BlankNode | None) -> URIRef | Literal | None:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        return Literal(term.value)
    return None
