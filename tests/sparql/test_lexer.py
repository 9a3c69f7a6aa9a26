"""The SPARQL tokenizer's three questions: does a query reach the network, does it stream, can its answer change."""

from __future__ import annotations

import pytest

from regiongraph.sparql._lexer import streams, uses_federation, volatile

STREAMING = [
    "SELECT ?p ?o WHERE { <http://x/a> ?p ?o }",
    "select * { <http://x/a> ?p ?o . } limit 10",
    "PREFIX ex: <http://x/> BASE <http://x/> SELECT DISTINCT ?s WHERE { ?s a ex:C }",
    'ASK { ?s ?p "x" }',
    "# a comment\nSELECT ?p ?o WHERE { <http://x/a> ?p ?o } # another",
]
NOT_STREAMING = [
    "SELECT ?x WHERE { ?x ?p ?x }",  # a repeated variable filters a whole scan
    "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s",
    "SELECT ?s WHERE { ?s ?p ?o } OFFSET 100000",
    "SELECT ?s WHERE { ?s ?p ?o } LIMIT 5 OFFSET 3",
    "SELECT ?s WHERE { ?s ?p ?o . ?o ?q ?r }",
    "SELECT ?s WHERE { ?s ?p ?o FILTER(?o > 1) }",
    "SELECT ?s WHERE { ?s <http://x/p>/<http://x/q> ?o }",
    'SELECT ?s WHERE { ?s ?p "x"@de }',
    "SELECT ?s FROM <http://x/g> WHERE { ?s ?p ?o }",
    "CONSTRUCT WHERE { ?s ?p ?o }",
    "SELECT ?s WHERE { GRAPH ?g { ?s ?p ?o } }",
    "SELECT ?s WHERE { ?s ?p ?o } VALUES ?s { <http://x/a> }",
    "SELECT ?s WHERE { { SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s } }",
    "SELECT ?s WHERE { SERVICE <http://x/> { ?s ?p ?o } }",
    "",
    "SELECT",
    "PREFIX",
    "SELECT ?s WHERE {",
    "SELECT ?s WHERE { ?s ?p }",
]


@pytest.mark.parametrize("query", STREAMING)
def test_single_pattern_queries_stream(query):
    assert streams(query)


@pytest.mark.parametrize("query", NOT_STREAMING)
def test_anything_else_does_not(query):
    assert not streams(query)


def test_federation_keywords_are_found_outside_strings_and_iris_only():
    assert uses_federation("SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }") == "SERVICE"
    assert uses_federation('SELECT * WHERE { ?s ?p "SERVICE" }') is None
    assert uses_federation("SELECT * WHERE { <http://x/service> ?p ?o }") is None
    assert uses_federation("LOAD <http://x/>", update=True) == "LOAD"


@pytest.mark.parametrize(
    "query",
    [
        "SELECT ?s WHERE { ?s ?p ?o FILTER (RAND() < 0.5) }",
        "select ?d where { ?d <http://purl.org/dc/terms/modified> ?m filter (?m > now()) }",
        "SELECT (STRUUID() AS ?id) WHERE { ?s ?p ?o }",
        "SELECT (UUID() AS ?id) (BNODE() AS ?b) WHERE { ?s ?p ?o }",
    ],
)
def test_functions_whose_value_changes_between_evaluations_are_found(query):
    assert volatile(query)


@pytest.mark.parametrize(
    "query",
    [
        "SELECT ?p ?o WHERE { <http://example.org/now> ?p ?o }",
        'SELECT ?s WHERE { ?s ?p "RAND() and NOW()" } # UUID()',
        "SELECT ?nowhere ?random WHERE { ?nowhere ?p ?random }",
        "SELECT ?s WHERE { ?s a <http://x/Brand> }",
    ],
)
def test_the_names_in_iris_strings_comments_and_variables_are_not(query):
    assert not volatile(query)
