"""Real DCAT catalogues (Rostock, Destatis, ckanext-dcat's examples) through the harvester and the mapping.

Each file is served as it is by the local test portal and harvested; the expectations are read from the
file itself with rdflib, independently of the harvester and the mapper.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF

from regiongraph.harvest.dcat import DcatHarvester
from regiongraph.harvest.sources import read_declaration
from regiongraph.mapping._repairs import Repair, repairs_of
from regiongraph.mapping.dcat import dataset_graph_from_dcat
from support.portal import Portal
from support.shared import realdata

DCATDE = "http://dcat-ap.de/def/dcatde/"
RDF_XML = "application/rdf+xml"


def harvested(*parts: str) -> tuple[Graph, dict[str, dict]]:
    """The file as rdflib reads it, and the payloads the harvester makes of it when the portal serves it."""
    path = realdata("dcat", *parts)
    source = Graph().parse(path, format="turtle" if path.suffix == ".ttl" else "xml")
    with Portal() as portal:
        url = portal.serve(f"/{path.name}", path.read_bytes(), "text/turtle" if path.suffix == ".ttl" else RDF_XML)
        toml = Path(tempfile.mkdtemp()) / "real.toml"
        toml.write_text(f'[source]\nname = "real"\ntype = "dcat"\nurl = "{url}"\nretries = 0\n', encoding="utf-8")
        h = DcatHarvester(read_declaration(toml))
        return source, {r.id: r.payload for r in h.records()}


@pytest.fixture(scope="module")
def rostock():
    return harvested("rostock", "catalog-page-1.rdf")


@pytest.fixture(scope="module")
def destatis():
    return harvested("destatis", "catalog.rdf")


def mapped(ctx, payloads: dict[str, dict], rid: str) -> tuple[URIRef, Graph]:
    return dataset_graph_from_dcat(payloads[rid], ctx, source="real", record_id=rid)


def test_rostocks_licences_become_canonical_and_each_repair_is_recorded(ctx, rostock):
    source, payloads = rostock
    datasets = sorted(source.subjects(RDF.type, DCAT.Dataset))
    assert len(payloads) == len(datasets) == 100
    seen = 0
    for ds in datasets:
        iri, g = mapped(ctx, payloads, str(ds))
        repairs = set(repairs_of(g, iri))
        distributions = set(source.objects(ds, DCAT.distribution))
        assert len(set(g.objects(iri, DCAT.distribution))) == len(distributions)
        assert {str(t) for t in g.objects(iri, DCTERMS.title)} == {str(t) for t in source.objects(ds, DCTERMS.title)}
        for dist in distributions:
            for given in source.objects(dist, DCTERMS.license):
                canonical = str(given).replace("https://www.dcat-ap.de/", "http://dcat-ap.de/")
                assert (dist, DCTERMS.license, URIRef(canonical)) in g
                if canonical != str(given):
                    assert Repair("dcterms:license", "licence-canonical-iri", str(given), canonical) in repairs
                seen += 1
    assert seen == 773, "the issue's count: Rostock's 773 distributions name a licence"


def test_rostocks_dcat_ap_de_1_1_namespace_is_migrated(ctx, rostock):
    source, payloads = rostock
    old = "https://www.dcat-ap.de/def/dcatde/1.1/"
    for ds in sorted(source.subjects(RDF.type, DCAT.Dataset))[:20]:
        iri, g = mapped(ctx, payloads, str(ds))
        assert not [p for p in g.predicates() if str(p).startswith(old)]
        given = {str(o) for o in source.objects(ds, URIRef(old + "contributorID"))}
        now = {str(o) for o in g.objects(iri, URIRef(DCATDE + "contributorID"))}
        assert given and now == {v.replace("https://www.dcat-ap.de/", "http://dcat-ap.de/") for v in given}
        assert Repair(
            "dcatde:contributorID", "dcatde-namespace", old + "contributorID", DCATDE + "contributorID"
        ) in set(repairs_of(g, iri))


def test_destatis_1_0_1_contributor_ids_are_migrated_so_no_false_warning_appears(ctx, destatis, validator):
    source, payloads = destatis
    old = URIRef("http://dcat-ap.de/def/dcatde/1.0.1/contributorID")
    datasets = sorted(source.subjects(RDF.type, DCAT.Dataset))
    assert len(payloads) == len(datasets) == 135
    for ds in datasets[:25]:
        iri, g = mapped(ctx, payloads, str(ds))
        [given] = source.objects(ds, old)  # a literal in the file: text where DCAT-AP.de wants an IRI
        assert isinstance(given, Literal)
        assert set(g.objects(iri, URIRef(DCATDE + "contributorID"))) == {URIRef(str(given))}
        repairs = set(repairs_of(g, iri))
        assert Repair("dcatde:contributorID", "dcatde-namespace", str(old), DCATDE + "contributorID") in repairs
        assert Repair("dcatde:contributorID", "url-text-to-iri", f'"{given}"', f"<{given}>") in repairs
        assert "contributorID" not in validator.check(g).text


def test_destatis_texts_keep_their_language_or_its_absence(ctx, destatis):
    source, payloads = destatis
    for ds in sorted(source.subjects(RDF.type, DCAT.Dataset)):
        iri, g = mapped(ctx, payloads, str(ds))
        declared = list(source.objects(ds, DCTERMS.language))
        for title in source.objects(ds, DCTERMS.title):
            [now] = g.objects(iri, DCTERMS.title)
            if title.language or not declared:  # nothing declared: nothing assigned
                assert now == title


def test_urls_given_as_text_become_iris_and_the_declared_language_is_assigned(ctx):
    source, payloads = harvested("ckanext-dcat", "dataset.rdf")
    [ds] = source.subjects(RDF.type, DCAT.Dataset)
    [landing] = source.objects(ds, DCAT.landingPage)
    assert isinstance(landing, Literal), "the file writes the landing page as text"
    iri, g = mapped(ctx, payloads, str(ds))
    assert set(g.objects(iri, DCAT.landingPage)) == {URIRef(str(landing))}
    assert Repair("dcat:landingPage", "url-text-to-iri", f'"{landing}"', f"<{landing}>") in set(repairs_of(g, iri))
    languages = {str(v) for v in source.objects(ds, DCTERMS.language)}
    assert len(languages) > 1 and all(t.language is None for t in g.objects(iri, DCTERMS.title)), (
        "three languages declared: none is chosen"
    )


def test_the_catalogues_one_language_tags_its_datasets_untagged_texts(ctx):
    source, payloads = harvested("ckanext-dcat", "catalog.rdf")
    [catalog] = source.subjects(RDF.type, DCAT.Catalog)
    assert [str(v) for v in source.objects(catalog, DCTERMS.language)] == ["en"]
    for ds in source.subjects(RDF.type, DCAT.Dataset):
        iri, g = mapped(ctx, payloads, str(ds))
        [title] = source.objects(ds, DCTERMS.title)
        assert set(g.objects(iri, DCTERMS.title)) == {Literal(str(title), lang="en")}


def test_media_types_given_as_formats_become_eu_file_types_and_each_change_is_recorded(ctx):
    source, payloads = harvested("ckanext-dcat", "dataset_sweden.rdf")
    eu = "http://publications.europa.eu/resource/authority/file-type/"
    #: the EU file types of these IANA media types (EU file-type vocabulary: RDF_XML, SPARQLQ)
    expected = {"application/rdf+xml": eu + "RDF_XML", "application/sparql-query": eu + "SPARQLQ"}
    [ds] = source.subjects(RDF.type, DCAT.Dataset)
    iri, g = mapped(ctx, payloads, str(ds))
    repairs = set(repairs_of(g, iri))
    for dist in source.objects(ds, DCAT.distribution):
        given = {str(f) for f in source.objects(dist, DCTERMS.format)}
        assert given and given <= set(expected)
        assert {str(f) for f in g.objects(dist, DCTERMS.format)} == {expected[f] for f in given}
        for f in given:
            assert Repair("dcterms:format", "format-to-eu-file-type", f, expected[f]) in repairs
