"""MQA scores of one mapped dataset, and their DQV measurements inside the record's graph."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from regiongraph.harvest import SourceRecord
from regiongraph.mapping import map_record
from regiongraph.mapping.dcat import package_to_graph
from regiongraph.namespaces import DQV
from regiongraph.quality import DIMENSIONS, INDICATORS, MAX_POINTS, dimension_scores, metric, score
from support.packages import BASE, HAUSHALT, PEGEL, RADWEGE


def test_a_budget_pdf_scores_as_the_mqa_would(ctx):
    iri, g = package_to_graph(HAUSHALT, ctx)
    points = score(g, iri)
    assert {k: v for k, v in points.items() if v} == {
        "keyword": 30,
        "theme": 30,
        "access-url": 50,
        "format": 20,
        "media-type": 10,
        "format-vocabulary": 10,
        "dcat-ap-compliance": 30,
        "licence": 20,
        "licence-vocabulary": 10,
        "contact-point": 20,
        "publisher": 10,
        "byte-size": 5,
        "issued": 5,
        "modified": 5,
    }
    assert dimension_scores(points) == {
        "findability": 60,
        "accessibility": 50,
        "interoperability": 70,
        "reusability": 60,
        "contextuality": 15,
    }


def test_distribution_indicators_score_the_share_of_distributions(ctx):
    iri, g = package_to_graph(PEGEL, ctx)  # an unknown Excel format without media type beside a JSON API
    points = score(g, iri)
    assert (points["media-type"], points["format-vocabulary"], points["non-proprietary"], points["byte-size"]) == (
        5.0,
        5.0,
        10.0,
        2.5,
    )
    assert dimension_scores(points) == {
        "findability": 60,
        "accessibility": 50,
        "interoperability": 80,
        "reusability": 60,
        "contextuality": 12.5,
    }


def test_a_complete_town_dataset_scores_high(ctx):
    iri, g = package_to_graph(RADWEGE, ctx)
    assert dimension_scores(score(g, iri)) == {
        "findability": 100,
        "accessibility": 60,
        "interoperability": 110,
        "reusability": 75,
        "contextuality": 15,
    }
    assert sum(MAX_POINTS.values()) == 375


def test_measurements_are_dqv_in_the_record_graph(ctx):
    iri, g = map_record(SourceRecord("kreis", HAUSHALT["id"], "ckan-package", HAUSHALT), ctx)
    m = URIRef(f"{BASE}dataset/kreis/{HAUSHALT['id']}/quality/findability")
    assert set(g.triples((m, None, None))) == {
        (m, RDF.type, DQV.QualityMeasurement),
        (m, DQV.computedOn, iri),
        (m, DQV.isMeasurementOf, URIRef("https://w3id.org/regiongraph/code/quality-metric/findability")),
        (m, DQV.value, Literal("60.00", datatype=XSD.decimal)),
    }
    measured = {
        str(g.value(m, DQV.isMeasurementOf)).rsplit("/", 1)[-1]: str(g.value(m, DQV.value))
        for m in g.subjects(DQV.computedOn, iri)
    }
    # the dimensions, the total, and only the indicators the budget PDF misses
    assert measured == {
        "findability": "60.00",
        "accessibility": "50.00",
        "interoperability": "70.00",
        "reusability": "60.00",
        "contextuality": "15.00",
        "score": "255.00",
        "spatial": "0.00",
        "temporal": "0.00",
        "download-url": "0.00",
        "non-proprietary": "0.00",
        "machine-readable": "0.00",
        "access-rights": "0.00",
        "access-rights-vocabulary": "0.00",
        "rights": "0.00",
    }


def test_every_metric_is_declared_in_the_code_list(repo_root):
    codes = Graph().parse(repo_root / "ontology" / "codes" / "quality-metric.ttl")
    declared = set(codes.subjects(RDF.type, DQV.Metric))
    assert declared == {metric(n) for n in [i.name for i in INDICATORS] + list(DIMENSIONS) + ["score"]}
