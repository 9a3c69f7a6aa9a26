"""Reading update requests: the protocol's dataset written in as USING, pieces for a union WHERE, conflicts refused."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from regiongraph.sparql import UpdateDatasetError, UpdateRequest, prepare_update

FOAF = "PREFIX foaf: <http://xmlns.com/foaf/0.1/>\n"
MODIFY = "INSERT { GRAPH <urn:t> { ?s a foaf:Agent } } WHERE { ?s a foaf:Person }"


def run(text: str, *, data: str = "") -> ox.Store:
    """An in-memory store holding ``data`` (TriG), after ``text``: the rewritten text must be valid SPARQL."""
    store = ox.Store()
    if data:
        store.load(data, format=ox.RdfFormat.TRIG)
    store.update(text)
    return store


def test_using_parameters_become_using_clauses_of_every_operation_with_a_where():
    text = f"{FOAF}CLEAR ALL ; {MODIFY} ; DELETE WHERE {{ GRAPH <urn:t> {{ ?s ?p ?o }} }}"
    prepared = prepare_update(UpdateRequest(text, using_graphs=("urn:a", "urn:b"), using_named_graphs=("urn:n",)))
    clause = "USING <urn:a> USING <urn:b> USING NAMED <urn:n> WHERE"
    assert prepared.text.count(clause) == 2 and prepared.steps == ()
    assert "DELETE { GRAPH <urn:t> { ?s ?p ?o } } USING" in prepared.text, "DELETE WHERE takes no USING: long form"
    run(prepared.text)


def test_using_named_alone_leaves_the_default_graph_empty():
    data = "<urn:a> { <urn:x> a <http://xmlns.com/foaf/0.1/Person> }"
    prepared = prepare_update(UpdateRequest(f"{FOAF}{MODIFY}", using_named_graphs=("urn:a",)))
    assert len(run(prepared.text, data=data)) == 1, "nothing matched: the default graph is empty"
    prepared = prepare_update(UpdateRequest(f"{FOAF}{MODIFY}", using_graphs=("urn:a",)))
    assert len(run(prepared.text, data=data)) == 2


@pytest.mark.parametrize(
    "text",
    [
        f"{FOAF}WITH <urn:g> DELETE {{ ?s a foaf:Person }} WHERE {{ ?s a foaf:Person }}",
        f"{FOAF}CLEAR ALL ; INSERT {{ ?s a foaf:Agent }} USING <urn:g> WHERE {{ ?s a foaf:Person }}",
        f"{FOAF}{MODIFY} ; DELETE {{ ?s ?p ?o }} using named <urn:g> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
    ],
)
def test_protocol_dataset_beside_using_or_with_is_refused(text):
    with pytest.raises(UpdateDatasetError, match="USING"):
        prepare_update(UpdateRequest(text, using_named_graphs=("urn:people",)))
    assert prepare_update(UpdateRequest(text)).text == text


def test_data_and_graph_operations_are_passed_on_untouched():
    text = 'INSERT DATA { GRAPH <urn:g> { <urn:s> <urn:p> "WHERE { ; }" } } ; DROP SILENT GRAPH <urn:h>'
    assert prepare_update(UpdateRequest(text)).steps == ()
    assert prepare_update(UpdateRequest("CLEAR ALL")).steps == ()


def test_a_request_is_cut_before_each_operation_that_reads_and_keeps_its_prefixes():
    text = (
        f"{FOAF}# a comment ; WHERE {{\nINSERT DATA {{ <urn:a> a foaf:Person }} ;\n"
        f"PREFIX ex: <http://example.org/> {MODIFY.replace('foaf:Agent', 'ex:Agent')} ;"
        " CLEAR SILENT GRAPH <urn:t> ;\n"
        f"WITH <urn:g> DELETE {{ ?s ?p 'x;y' }} WHERE {{ ?s ?p 'x;y' }} ;"
    )
    steps = prepare_update(UpdateRequest(text)).steps
    assert [step.where is not None for step in steps] == [False, True, False]
    assert [step.own_dataset for step in steps] == [False, False, True]
    union = steps[1]
    assert union.text[union.where[0] : union.where[1]] == "{ ?s a foaf:Person }"
    assert union.text.endswith("CLEAR SILENT GRAPH <urn:t>"), "the operations after it belong to its piece"
    assert "PREFIX foaf:" in union.text[: union.prologue] and "PREFIX ex:" in union.text[: union.prologue]
    assert "'x;y'" in steps[2].text
    for step in steps:
        run(step.text)  # each piece is a complete request


def test_delete_where_reads_its_pattern_as_a_where_group():
    text = "DELETE WHERE { ?s <urn:p> ?o . GRAPH <urn:g> { ?s <urn:q> ?o } }"
    (step,) = prepare_update(UpdateRequest(text)).steps
    assert step.text.strip().startswith("DELETE { ?s <urn:p> ?o . GRAPH <urn:g> { ?s <urn:q> ?o } } WHERE {")
    assert step.text[step.where[0] : step.where[1]] == "{ ?s <urn:p> ?o . GRAPH <urn:g> { ?s <urn:q> ?o } }"
    run(step.text)


def test_a_using_graph_that_is_not_an_iri_is_refused():
    with pytest.raises(ValueError):
        prepare_update(UpdateRequest(MODIFY, using_graphs=("not an iri",)))
