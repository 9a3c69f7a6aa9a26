"""The SHACL gate: a batch report cut per record says the same as checking each record alone."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF

from regiongraph import Instance, Settings
from regiongraph.harvest import SourceRecord
from regiongraph.iris import Minter
from regiongraph.mapping import MappingContext, map_record
from regiongraph.validate import Validator, report_messages
from support.portal import make_packages


def test_batch_verdicts_and_messages_equal_the_single_ones():
    settings = Settings.load(environ={})
    ctx = MappingContext(
        Minter(settings.base_iri), Instance(settings).resolver, options={"publisher": "05978", "language": "de"}
    )  # the portal is German, declared so
    graphs = [
        map_record(SourceRecord("t", p["id"], "ckan-package", p, p["metadata_modified"]), ctx)[1]
        for p in make_packages(30)
    ]
    validator = Validator(settings.resource("shapes"))
    batch = validator.check_batch(graphs)
    single = [validator.check(g) for g in graphs]
    assert [v.conforms for v in batch] == [v.conforms for v in single]
    assert 0 < sum(not v.conforms for v in batch) < len(graphs), "the fixture mixes valid and invalid packages"
    assert [report_messages(v.report) for v in batch] == [report_messages(v.report) for v in single]


def _dataset(**values) -> Graph:
    """A dataset that passes the gate, with ``values`` (predicate → object) replacing its own."""
    g = Graph()
    ds, dist = URIRef("https://example.org/dataset/t1"), URIRef("https://example.org/dataset/t1/res")
    own = {
        DCTERMS.title: Literal("Baustellen", lang="de"),
        DCTERMS.description: Literal("Baustellen", lang="de"),
        DCTERMS.publisher: URIRef("https://example.org/org/stadt"),
    }
    g.add((ds, RDF.type, DCAT.Dataset))
    for p, o in {**own, **values}.items():
        g.add((ds, p, o))
    g.add((ds, DCAT.distribution, dist))
    g.add((dist, RDF.type, DCAT.Distribution))
    g.add((dist, DCAT.accessURL, URIRef("https://example.org/baustellen.csv")))
    g.add((dist, DCTERMS.license, URIRef("http://dcat-ap.de/def/licenses/dl-by-de/2.0")))  # DCAT-AP.de 3 requires one
    return g


def test_a_publisher_given_as_text_is_named_as_such_with_the_ckan_field_and_the_fix():
    validator = Validator(Settings.load(environ={}).resource("shapes"))
    verdict = validator.check(_dataset(**{DCTERMS.publisher: Literal("t173369")}))
    assert not verdict.conforms
    assert report_messages(verdict.report, ckan=True) == [
        "dcterms:publisher (CKAN: organization) on t1: the publisher is given as text where an agent resource is "
        "required — give the publisher as a foaf:Agent (an IRI or node) with a foaf:name (found: text 't173369')"
    ]
    assert report_messages(verdict.report)[0].startswith("dcterms:publisher on t1: ")


def test_a_url_given_as_text_is_shown_whole_and_a_missing_language_tag_only_warns():
    url = "https://geo.sv.rostock.de/geodienste/baustellen/wms?SERVICE=WMS&LAYERS=baustellen[aktuell]"
    validator = Validator(Settings.load(environ={}).resource("shapes"))
    verdict = validator.check(_dataset(**{DCAT.theme: Literal(url), DCTERMS.title: Literal("Baustellen")}))
    (message,) = report_messages(verdict.report)
    assert message.startswith("dcat:theme on t1: a theme must be a resource, not text")
    assert message.endswith(f"(found: text '{url}')")
    assert validator.check(_dataset(**{DCTERMS.title: Literal("Baustellen")})).conforms
