"""A generated corpus of tricky SPARQL texts: escapes, comments, strings, prefixes, variables, SERVICE and LOAD.

Texts are put together from pieces chosen to confuse a reader that does not read SPARQL the way
Oxigraph does: ``\\u`` escapes in IRIs and strings (``<http://x/\\u0041#>``), ``#`` and quotes inside
IRIs, keywords glued to other tokens (``trueSERVICE``), prefixed names that do not resolve, a
``<`` that may be a less-than or an IRI. Most texts are valid queries (a template around the
pieces); some are shuffled pieces, valid or not.
"""

from __future__ import annotations

from hypothesis import strategies as st

#: Where SERVICE points: a loopback listener of the test (``{evil}`` is filled in).
EVIL = "http://127.0.0.1:8999/sparql"

PROLOGUES = [
    "",
    "PREFIX ex: <http://example.org/> ",
    "PREFIX ex: <http://x:> ",
    "BASE <http://a/> ",
    "PREFIX : <{base}> ",
    "PREFIX service: <http://a/> ",
    "PREFIX SERVICEx: <http://a/> PREFIX x: <{base}> ",
    "PREFIX dcat: <http://www.w3.org/ns/dcat#> ",
    "# SERVICE <{evil}> {{}}\n",
    "PREFIX ex: <http://a/\\u0023> ",
]
BEFORE = [
    "?s ?p ?o",
    "?s ?p true",
    "?s ?p 1",
    "?s ?p 'o'",
    '?s ?p "o"@en',
    "?s a dcat:DataService",
    "?s ?p ?o FILTER(?o<?x)",
    "?s ?p ?o FILTER(?o < ?x)",
    "?s ?p ?o FILTER(?o<'>')",
    "BIND(<http://x/\\u0041#> AS ?z)",
    "BIND('\\u0027' AS ?z)",
    'BIND("\\u0022" AS ?z)',
    "BIND('''a'' ''' AS ?z)",
    "?s ?p ex:a.b",
    "?s ?p ex:x\\#y",
    "?SERVICE ?p ?o",
    "$s ?p ?o",
    "?s <http://x/service> ?o",
    "?s ?p ?o # a comment \\u000A",
    "",
    '?s ?p "SERVICE <{evil}> {{}}"',
    "?s ?p '''\nSERVICE <{evil}> {{}}'''",
    "VALUES ?x {{ <a:b#c> }}",
    "?s ex:p (1 <http://x/#>)",
    "?s (ex:p|ex:q)* ?o",
]
SERVICES = [
    "SERVICE <{evil}> {{ }}",
    "service silent <{evil}> {{ }}",
    "SeRvIcE <{evil}> {{ ?a ?b ?c }}",
    "SERVICESILENT<{evil}>{{}}",
    "SERVICE:sparql {{}}",
    "SERVICEx:sparql {{}}",
    "SERVICE#>\n<{evil}>{{}}",
    "SERVICE\t<{evil}>\n{{}}",
    "OPTIONAL {{ SERVICE <{evil}> {{}} }}",
    "FILTER EXISTS {{ SERVICE <{evil}> {{}} }}",
    "{{ SERVICE <{evil}> {{}} }} UNION {{ }}",
    "SERV\\u0049CE <{evil}> {{}}",
    "<http://x/SERVICE> ?p ?o",
    "BIND('SERVICE' AS ?w)",
    "# SERVICE <{evil}> {{}}\n",
    "ex:a.b.SERVICE <{evil}> {{}}",
    "ex:SERVICE <{evil}> {{}}",
]
JOINERS = ["", " ", " . ", "\n", "\t", " # c\n"]


def _fill(text: str, evil: str) -> str:
    return text.format(evil=evil, base=evil[: -len("sparql")])


@st.composite
def queries(draw, evil: str = EVIL) -> str:
    """A text that is mostly a valid query around a service form (or around none)."""
    prologue = draw(st.sampled_from(PROLOGUES))
    parts = [
        draw(st.sampled_from(BEFORE)),
        draw(st.sampled_from(JOINERS)),
        draw(st.sampled_from(SERVICES)),
        draw(st.sampled_from(JOINERS)),
        draw(st.sampled_from(BEFORE)),
    ]
    if draw(st.integers(0, 4)) == 0:  # now and then, the pieces in any order
        parts = draw(st.permutations(parts))
    head = draw(st.sampled_from(["SELECT * WHERE", "select *", "ASK", "CONSTRUCT WHERE", "SELECT ?s"]))
    return _fill(f"{prologue}{head} {{{{ {''.join(parts)} }}}}", evil)


UPDATE_FORMS = [
    "LOAD <{evil}>",
    "load silent <{evil}> into graph <http://g/>",
    "LOAD<{evil}>",
    "LOADx:y",
    "LOAD:x",
    "INSERT {{ <a:a> <a:b> ?o }} WHERE {{ SERVICE <{evil}> {{ ?s ?p ?o }} }}",
    "INSERT DATA {{ <a:a> <a:b> 'LOAD' }}",
    "INSERT DATA {{ <a:a> <a:b> <{evil}> }}",
    "CLEAR SILENT GRAPH <http://x/load>",
    "# LOAD <{evil}>\nCLEAR ALL",
    "DELETE WHERE {{ ?s <http://x/download> ?o }}",
    "INSERT DATA {{ <a:a> <a:b> '\\u0027' }} ; LOAD <{evil}>",
]


@st.composite
def updates(draw, evil: str = EVIL) -> str:
    prologue = draw(st.sampled_from(["", "PREFIX x: <{base}> ", "PREFIX : <{base}> ", "# c\n"]))
    forms = draw(st.lists(st.sampled_from(UPDATE_FORMS), min_size=1, max_size=3))
    return _fill(prologue + " ; ".join(forms), evil)
