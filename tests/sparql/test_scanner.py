"""The scanner reads terminals as Oxigraph's grammar defines them, says where it stops, and takes linear time."""

from __future__ import annotations

import time

import pytest

from regiongraph.sparql._scanner import decode_iri, decode_string, scan


def kinds(text: str) -> list[tuple[str, str]]:
    result = scan(text)
    assert result.error is None, (result.error, result.position(text))
    return [(t.kind, t.text) for t in result.tokens if t.kind != "comment"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an escape is decoded inside an IRI, so '#' there is no comment
        ("<http://x/\\u0041#> ?y", [("iri", "<http://x/\\u0041#>"), ("var", "?y")]),
        # spargebra's local part takes one run of dots only: ex:a.b.c is ex:a.b then . then c
        ("PREFIX ex: <http://a/> SELECT * { ?s ?p ex:a.b . }", None),
        ("'''a'' ''' \"\"\"b\"\"\"", [("string", "'''a'' '''"), ("string", '"""b"""')]),
        ('"x"@en--ltr ^^', [("string", '"x"'), ("langtag", "@en--ltr"), ("other", "^^")]),
        (
            "1. .5 1.e5 1e5 12",
            [
                ("number", "1"),
                ("other", "."),
                ("number", ".5"),
                ("number", "1.e5"),
                ("number", "1e5"),
                ("number", "12"),
            ],
        ),
        ("?s ?p ?o <<( ?a ?b ?c )>> << ?a ?b ?c ~ ?r >>", None),
        ("_:b1. ?x", [("bnode", "_:b1"), ("other", "."), ("var", "?x")]),
    ],
)
def test_terminals(text, expected):
    got = kinds(text)
    if expected is not None:
        assert got == expected


def test_less_than_inside_an_expression_after_an_operand_and_an_iri_everywhere_else():
    tokens = kinds("SELECT * { ?s <http://x/p> ?o FILTER(?o<?p && ?o <= <http://x/q>) VALUES ?v { <a:b> } }")
    assert ("other", "<") in tokens and ("other", "<=") in tokens
    assert ("iri", "<http://x/p>") in tokens and ("iri", "<http://x/q>") in tokens and ("iri", "<a:b>") in tokens


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("SELECT * { ?s ?p trueSERVICE <x> {} }", "unknown word"),
        ("BASE <http://a/> SELECT * { FILTER(?o<'>') }", "ambiguous '<'"),
        ("SELECT * { FILTER(?o<?x)SERVICE#>\n }", "ambiguous '<'"),
        ('SELECT ("\\uD800" AS ?x) {}', "invalid escape"),
        ("SELECT * { ?s ?p <a b> }", "malformed IRI"),
        ("SELECT * { ?s ?p <http://x/\\u0020> }", "malformed IRI"),
        ("SELECT * { ?s ?p 'open }", "unexpected character"),
        ("SELECT * { ?s ?p ?o ", "unclosed bracket"),
        ("SELECT * { ?s ?p ?o ) }", "unbalanced"),
    ],
)
def test_what_cannot_be_read_with_certainty_is_reported_where_it_is(text, why):
    result = scan(text)
    assert result.error is not None and why in result.error
    assert result.position(text).count(":") == 1


def test_decoding():
    assert decode_iri("<http://x/\\u0041\\U0001F600>") == "http://x/A\U0001f600"
    assert decode_string("'a\\u0027\\n\\\\u0041'") == "a'\n\\u0041"


@pytest.mark.parametrize("piece", ["'", "'''", '"""', "<", "a", "?", "ex:", "#", "(", "\\u0041", "<<", '"a\\"', ". "])
def test_a_long_run_of_one_adversarial_piece_is_read_in_linear_time(piece):
    """Generous budget: the point is that it is answered at all (a quadratic reader would take hours)."""
    text = "SELECT * { " + piece * (200_000 // len(piece))
    started = time.perf_counter()
    scan(text)
    assert time.perf_counter() - started < 20
