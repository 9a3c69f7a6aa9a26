"""Harvested DCAT descriptions: triples kept, DCAT-AP.de normalisation applied, and read back as packages."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, XSD

from regiongraph.errors import RecordError
from regiongraph.harvest import SourceRecord
from regiongraph.iris import Minter
from regiongraph.mapping import MappingContext, map_record
from regiongraph.mapping._repairs import repairs_of
from regiongraph.mapping.dcat import dataset_graph_from_dcat, graph_to_package
from regiongraph.namespaces import DCATDE, RG, VCARD
from regiongraph.validate import report_messages
from support.packages import BASE

KAMEN = """
@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dcterms: <http://purl.org/dc/terms/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> . @prefix vcard: <http://www.w3.org/2006/vcard/ns#> .
@prefix adms: <http://www.w3.org/ns/adms#> .
<https://open.kamen.de/dataset/baustellen> a dcat:Dataset ;
    dcterms:title "Baustellen in Kamen"@de ;
    dcterms:description "<p>Aktuelle Baustellen &amp; Sperrungen im Stadtgebiet.</p>"@de ;
    dcat:keyword "Baustellen"@de , "Verkehr"@de ;
    dcat:theme <http://publications.europa.eu/resource/authority/data-theme/TRAN> ;
    dcterms:modified "2024-05-06" ;
    dcterms:publisher [ a foaf:Organization ; foaf:name "Stadt Kamen" ] ;
    dcat:contactPoint [ a vcard:Organization ; vcard:fn "Tiefbauamt Kamen" ;
                        vcard:hasEmail <mailto:tiefbau@kamen.de> ] ;
    adms:versionNotes "erste Fassung"@de ;
    dcat:distribution [ a dcat:Distribution ; dcat:accessURL <https://open.kamen.de/baustellen.csv> ;
        dcterms:format "CSV" ; dcat:mediaType "text/csv" ; dcat:byteSize "2048" ;
        dcterms:license <https://www.govdata.de/dl-de/by-2-0> ] .
"""


def payload(ttl: str, iri: str | None) -> dict:
    return {
        "iri": iri,
        "ntriples": Graph().parse(data=ttl, format="turtle").serialize(format="nt"),
        "catalog": "https://open.kamen.de/catalog.ttl",
    }


@pytest.fixture
def kamen_ctx(resolver) -> MappingContext:
    return MappingContext(
        Minter(BASE),
        resolver,
        options={
            "contributor_id": ["http://dcat-ap.de/def/contributors/stadtKamen"],
            "links": [{"tag": "baustellen", "target": "project/baustellen-atlas"}],
        },
    )


def test_a_dcat_dataset_is_kept_and_normalised(kamen_ctx):
    record = SourceRecord(
        "kamen",
        "https://open.kamen.de/dataset/baustellen",
        "dcat-dataset",
        payload(KAMEN, "https://open.kamen.de/dataset/baustellen"),
    )
    iri, g = map_record(record, kamen_ctx)
    assert iri == URIRef("https://open.kamen.de/dataset/baustellen")
    assert g.value(iri, DCTERMS.publisher) == URIRef(f"{BASE}ags/05978020")  # Stadt Kamen
    assert g.value(URIRef(f"{BASE}ags/05978020"), FOAF.name) == Literal("Stadt Kamen")
    assert g.value(iri, DCTERMS.modified) == Literal("2024-05-06", datatype=XSD.date)
    assert g.value(iri, DCTERMS.description) == Literal("Aktuelle Baustellen & Sperrungen im Stadtgebiet.", lang="de")
    assert g.value(iri, DCATDE.contributorID) == URIRef("http://dcat-ap.de/def/contributors/stadtKamen")
    assert g.value(iri, DCTERMS.relation) == URIRef(f"{BASE}project/baustellen-atlas")
    assert g.value(iri, URIRef("http://www.w3.org/ns/adms#versionNotes")) == Literal("erste Fassung", lang="de")
    dist = g.value(iri, DCAT.distribution)
    assert g.value(dist, DCTERMS.format) == URIRef("http://publications.europa.eu/resource/authority/file-type/CSV")
    assert g.value(dist, DCAT.mediaType) == URIRef("https://www.iana.org/assignments/media-types/text/csv")
    assert g.value(dist, DCAT.byteSize) == Literal(2048, datatype=XSD.nonNegativeInteger)
    assert g.value(dist, DCTERMS.license) == URIRef("http://dcat-ap.de/def/licenses/dl-by-de/2.0")


def test_a_dcat_dataset_reads_back_as_a_ckan_package(kamen_ctx):
    iri, g = dataset_graph_from_dcat(
        payload(KAMEN, "https://open.kamen.de/dataset/baustellen"), kamen_ctx, source="kamen", record_id="baustellen"
    )
    p = graph_to_package(g, iri)
    assert (p["name"], p["title"], p["license_id"]) == ("baustellen-in-kamen", "Baustellen in Kamen", "")
    assert p["groups"] == [{"name": "tran"}]
    assert p["tags"] == [{"name": "Baustellen"}, {"name": "Verkehr"}]
    assert (p["maintainer"], p["maintainer_email"]) == ("Tiefbauamt Kamen", "tiefbau@kamen.de")
    assert p["organization"] == {"name": "stadt-kamen", "title": "Stadt Kamen"}
    [res] = p["resources"]
    assert (res["url"], res["format"], res["mimetype"], res["size"], res["license"]) == (
        "https://open.kamen.de/baustellen.csv",
        "CSV",
        "text/csv",
        2048,
        "dl-by-de/2.0",
    )


def test_a_blank_node_dataset_gets_a_minted_iri(kamen_ctx):
    ttl = KAMEN.replace("<https://open.kamen.de/dataset/baustellen>", "[]", 1).replace(" ;\n    dcterms:title", "", 0)
    ttl = "@prefix dcat: <http://www.w3.org/ns/dcat#> .\n" + ttl.replace("[] a dcat:Dataset ;", "_:d a dcat:Dataset ;")
    iri, g = dataset_graph_from_dcat(payload(ttl, None), kamen_ctx, source="kamen", record_id="KAM-0815")
    assert iri == URIRef(f"{BASE}dataset/kamen/KAM-0815")
    assert g.value(iri, DCTERMS.title) == Literal("Baustellen in Kamen", lang="de")


def test_an_unknown_licence_text_is_kept_and_flagged(kamen_ctx):
    ttl = KAMEN.replace("<https://www.govdata.de/dl-de/by-2-0>", '"Lizenz der Stadt Kamen"')
    iri, g = dataset_graph_from_dcat(
        payload(ttl, "https://open.kamen.de/dataset/baustellen"), kamen_ctx, source="kamen", record_id="b"
    )
    licence = g.value(g.value(iri, DCAT.distribution), DCTERMS.license)
    assert licence == URIRef(f"{BASE}dataset/kamen/b/license")
    assert [str(d) for d in g.objects(iri, RG.doubt)] == [
        f"licence '{BASE}dataset/kamen/b/license' is not in the DCAT-AP.de licence list"
    ]


@pytest.mark.parametrize(
    ("ntriples", "message"),
    [
        ("<a> <b> .", "not valid N-Triples"),
        ('<https://x.de/a> <http://purl.org/dc/terms/title> "x" .\n', "expected one dcat:Dataset"),
    ],
)
def test_broken_descriptions_raise_a_record_error(kamen_ctx, ntriples, message):
    with pytest.raises(RecordError, match=message):
        dataset_graph_from_dcat({"iri": None, "ntriples": ntriples}, kamen_ctx, source="kamen", record_id="x")


def test_invalid_dates_and_sizes_of_a_dcat_source_are_rejected_and_valid_ones_typed(kamen_ctx):
    dates = 'dcterms:modified "2024-13-01" ; dcterms:issued "2020"^^xsd:gYear'
    ttl = (
        KAMEN.replace('dcterms:modified "2024-05-06"', dates)
        .replace('dcat:byteSize "2048"', 'dcat:byteSize "etwa 2 MB"')
        .replace("@prefix adms:", "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix adms:")
    )
    iri, g = dataset_graph_from_dcat(
        payload(ttl, "https://open.kamen.de/dataset/baustellen"), kamen_ctx, source="kamen", record_id="b"
    )
    assert g.value(iri, DCTERMS.modified) is None
    assert g.value(iri, DCTERMS.issued) == Literal("2020", datatype=XSD.gYear)  # DCAT 3 allows a year
    assert g.value(g.value(iri, DCAT.distribution), DCAT.byteSize) is None
    modified, size = sorted(str(v) for v in g.objects(iri, RG.rejectedValue))
    assert modified == "<http://purl.org/dc/terms/modified>: '2024-13-01' is not a date"
    assert size.endswith(": <http://www.w3.org/ns/dcat#byteSize>: 'etwa 2 MB' is not a number of bytes")


AGENTS_AS_TEXT = """
@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dcterms: <http://purl.org/dc/terms/> .
<https://open.kamen.de/dataset/text> a dcat:Dataset ;
    dcterms:title "Baustellen" ; dcterms:description "<p>Sperrungen &amp; Umleitungen</p>" ;
    dcterms:publisher "Stadt Kamen" ; dcterms:creator "t173369" ; dcat:contactPoint "tiefbau@kamen.de" ;
    dcat:landingPage "https://open.kamen.de/baustellen" ;
    dcat:distribution [ a dcat:Distribution ; dcat:accessURL "https://open.kamen.de/baustellen.csv" ] .
"""


def test_publishers_and_contacts_given_as_text_become_nodes_but_codes_stay_for_the_gate(ctx):
    iri, g = dataset_graph_from_dcat(
        payload(AGENTS_AS_TEXT, "https://open.kamen.de/dataset/text"), ctx, source="kamen", record_id="text"
    )
    publisher = g.value(iri, DCTERMS.publisher)
    assert g.value(publisher, FOAF.name) == Literal("Stadt Kamen")  # resolved to the gazetteer, name kept
    assert g.value(iri, DCTERMS.creator) == Literal("t173369"), "a code names nobody: left for the gate"
    contact = g.value(iri, DCAT.contactPoint)
    assert g.value(contact, URIRef("http://www.w3.org/2006/vcard/ns#hasEmail")) == URIRef("mailto:tiefbau@kamen.de")
    assert g.value(iri, DCAT.landingPage) == URIRef("https://open.kamen.de/baustellen")
    assert g.value(g.value(iri, DCAT.distribution), DCAT.accessURL) == URIRef("https://open.kamen.de/baustellen.csv")
    rules = {(r.field, r.rule) for r in repairs_of(g, iri)}
    assert rules == {
        ("dcterms:publisher", "agent-text-to-node"),
        ("dcat:contactPoint", "agent-text-to-node"),
        ("dcat:landingPage", "url-text-to-iri"),
        ("dcat:accessURL", "url-text-to-iri"),
    }


def test_untagged_texts_stay_untagged_when_nothing_declares_a_language(ctx):
    iri, g = dataset_graph_from_dcat(
        payload(AGENTS_AS_TEXT, "https://open.kamen.de/dataset/text"), ctx, source="kamen", record_id="text"
    )
    assert g.value(iri, DCTERMS.title) == Literal("Baustellen")
    assert g.value(iri, DCTERMS.description) == Literal("Sperrungen & Umleitungen"), "HTML dropped, no @de added"


TEXT_WHERE_RESOURCES = """
@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dcterms: <http://purl.org/dc/terms/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
<https://open.kamen.de/dataset/texte> a dcat:Dataset ;
    dcterms:title "Texte"@de ; dcterms:description "Werte als Text."@de ;
    dcterms:publisher [ a foaf:Organization ; foaf:name "Stadt Kamen" ] ;
    dcterms:accessRights "Nur für den Dienstgebrauch"@de , "public" ;
    dcterms:conformsTo "Standard 1" , "https://example.org/standard" ;
    dcterms:accrualPeriodicity "Jährlich" ;
    dcat:distribution [ a dcat:Distribution ; dcat:accessURL <https://open.kamen.de/texte.csv> ;
        dcterms:conformsTo "XÖV-Baustellen 1.2" ;
        dcterms:license <http://dcat-ap.de/def/licenses/dl-by-de/2.0> ] .
<https://open.kamen.de/dataset/selten> a dcat:Dataset ;
    dcterms:title "Selten"@de ; dcterms:description "Selten aktualisiert."@de ;
    dcterms:publisher [ a foaf:Organization ; foaf:name "Stadt Kamen" ] ;
    dcterms:accrualPeriodicity "bei Vollmond" .
"""
EU = "http://publications.europa.eu/resource/authority/"


def _label_of(g, node, cls):
    assert (node, RDF.type, cls) in g, f"{node} is no {cls}"
    return g.value(node, RDFS.label)


def test_text_where_dcat_ap_3_wants_a_resource_becomes_a_labelled_node_or_a_code_iri(ctx, validator):
    """DCAT-AP 3: accessRights → RightsStatement, conformsTo → Standard, accrualPeriodicity → Frequency (EU table)."""
    iri, g = dataset_graph_from_dcat(
        payload(TEXT_WHERE_RESOURCES, "https://open.kamen.de/dataset/texte"), ctx, source="kamen", record_id="texte"
    )
    rights = set(g.objects(iri, DCTERMS.accessRights))
    assert URIRef(EU + "access-right/PUBLIC") in rights
    [statement] = rights - {URIRef(EU + "access-right/PUBLIC")}
    assert _label_of(g, statement, DCTERMS.RightsStatement) == Literal("Nur für den Dienstgebrauch", lang="de")
    standards = set(g.objects(iri, DCTERMS.conformsTo))
    assert URIRef("https://example.org/standard") in standards
    [standard] = standards - {URIRef("https://example.org/standard")}
    assert _label_of(g, standard, DCTERMS.Standard) == Literal("Standard 1")
    dist = g.value(iri, DCAT.distribution)
    assert _label_of(g, g.value(dist, DCTERMS.conformsTo), DCTERMS.Standard) == Literal("XÖV-Baustellen 1.2")
    assert g.value(iri, DCTERMS.accrualPeriodicity) == URIRef(EU + "frequency/ANNUAL")
    rules = {(r.field, r.rule, r.before) for r in repairs_of(g, iri)}
    assert {
        ("dcterms:accessRights", "text-to-node", '"Nur für den Dienstgebrauch"@de'),
        ("dcterms:conformsTo", "text-to-node", '"Standard 1"'),
        ("dcterms:conformsTo", "text-to-node", '"XÖV-Baustellen 1.2"'),
        ("dcterms:accrualPeriodicity", "frequency-word-to-eu-iri", '"Jährlich"'),
    } <= rules
    assert validator.check(g).conforms, validator.check(g).text


def test_a_frequency_no_table_word_names_is_kept_as_the_label_of_a_frequency(ctx):
    iri, g = dataset_graph_from_dcat(
        payload(TEXT_WHERE_RESOURCES, "https://open.kamen.de/dataset/selten"), ctx, source="kamen", record_id="selten"
    )
    assert _label_of(g, g.value(iri, DCTERMS.accrualPeriodicity), DCTERMS.Frequency) == Literal("bei Vollmond")


def test_the_gate_refuses_text_where_dcat_ap_3_wants_a_resource(validator):
    """What no repair could read stays text, and the official profile calls that a violation."""
    g = Graph().parse(data=TEXT_WHERE_RESOURCES, format="turtle")
    verdict = validator.check(g)
    assert not verdict.conforms
    for path in ("accessRights", "conformsTo", "accrualPeriodicity"):
        assert f"dcterms/{path}" in verdict.text or f"dcterms:{path}" in verdict.text, path


TELEPHONE_AND_FORMAT_NODE = """
@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dcterms: <http://purl.org/dc/terms/> .
@prefix vcard: <http://www.w3.org/2006/vcard/ns#> . @prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
<https://open.kamen.de/dataset/telefon> a dcat:Dataset ;
    dcterms:title "Telefon"@de ; dcterms:description "Ein Datensatz."@de ;
    dcat:contactPoint [ a vcard:Organization ; vcard:fn "Amt" ;
                        vcard:hasTelephone <tel:+49%2040%204%2028%2040%20-%203494> ] ;
    dcat:distribution [ a dcat:Distribution ; dcat:accessURL <https://open.kamen.de/t.pdf> ;
        dcterms:format [ a dcterms:IMT ; rdf:value "application/pdf" ] ] .
"""


def test_a_tel_number_with_spaces_and_a_format_node_are_repaired_and_recorded(ctx):
    """``tel:+49 40 …`` (the harvester's N-Triples carry the spaces as %20) → one tel: IRI without them; a
    dct:IMT node naming application/pdf → the EU file type PDF, the node dropped."""
    iri, g = dataset_graph_from_dcat(
        payload(TELEPHONE_AND_FORMAT_NODE, "https://open.kamen.de/dataset/telefon"),
        ctx,
        source="kamen",
        record_id="telefon",
    )
    contact = g.value(iri, DCAT.contactPoint)
    assert set(g.objects(contact, VCARD.hasTelephone)) == {URIRef("tel:+494042840-3494")}
    dist = g.value(iri, DCAT.distribution)
    assert set(g.objects(dist, DCTERMS.format)) == {URIRef(EU + "file-type/PDF")}
    assert not any(o == DCTERMS.IMT for o in g.objects(None, RDF.type))
    rules = {(r.field, r.rule) for r in repairs_of(g, iri)}
    assert {("vcard:hasTelephone", "tel-iri-without-spaces"), ("dcterms:format", "format-to-eu-file-type")} <= rules


MORE_TEXT_WHERE_RESOURCES = """
@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dcterms: <http://purl.org/dc/terms/> .
@prefix adms: <http://www.w3.org/ns/adms#> . @prefix foaf: <http://xmlns.com/foaf/0.1/> .
<https://open.kamen.de/dataset/mehr> a dcat:Dataset ;
    dcterms:title "Mehr"@de ; dcterms:description "Ein Datensatz."@de ;
    dcterms:publisher [ a foaf:Organization ; foaf:name "Stadt Kamen" ] ;
    adms:identifier "4635D337" ; dcterms:provenance "aus dem Fachverfahren" ;
    adms:sample <https://open.kamen.de/sample> ; dcterms:source <https://open.kamen.de/dataset/quelle> ;
    dcat:distribution [ a dcat:Distribution ; dcat:accessURL <https://open.kamen.de/m.csv> ;
        dcterms:license <http://dcat-ap.de/def/licenses/dl-by-de/2.0> ; dcterms:rights "alle Rechte" ;
        dcat:packageFormat <http://publications.europa.eu/resource/authority/file-type/TAR> ;
        dcat:accessService [ a dcat:DataService ; dcat:endpointDescription "SPARQL" ] ] .
"""


def test_the_gate_names_every_further_property_dcat_ap_3_wants_as_a_resource(validator):
    """adms:identifier, dcterms:provenance, dcterms:rights as text; a sample / source not described as a
    distribution / dataset; a package format off the IANA list; a data service without publisher and with
    an endpoint description as text: each an official violation, each quarantines naming its property."""
    verdict = validator.check(Graph().parse(data=MORE_TEXT_WHERE_RESOURCES, format="turtle"))
    assert not verdict.conforms
    said = "\n".join(report_messages(verdict.report))
    for field, value in (
        ("adms:identifier", "4635D337"),
        ("dcterms:provenance", "aus dem Fachverfahren"),
        ("adms:sample", "https://open.kamen.de/sample"),
        ("dcterms:source", "https://open.kamen.de/dataset/quelle"),
        ("dcterms:rights", "alle Rechte"),
        ("dcat:packageFormat", "file-type/TAR"),
        ("dcat:endpointDescription", "SPARQL"),
    ):
        assert any(field in line and value in line for line in said.splitlines()), (field, said)
    assert "data service (dcat:DataService)" in said, said
