"""The one place where RDF terms become N-Triples text and rdflib graphs become bulk payloads.

Every write to a store goes through N-Triples/N-Quads text, so a record costs one
serialisation and one bulk load, never one Python call per triple.
"""

from __future__ import annotations

import re

from rdflib import BNode, Graph, Literal, URIRef

_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})
_IRI_FORBIDDEN = re.compile(r'[<>"{}|^`\\\x00-\x20]')


def iri(value: str) -> str:
    """``<value>``, refusing characters an IRI cannot hold (they would break the statement)."""
    if not value or _IRI_FORBIDDEN.search(value):
        raise ValueError(f"not a valid IRI: {value!r}")
    return f"<{value}>"


def literal(value: object, datatype: str | None = None, lang: str | None = None) -> str:
    """A literal with N-Triples escaping; ``datatype`` is a full IRI, ``lang`` a BCP 47 tag."""
    text = f'"{str(value).translate(_ESCAPES)}"'
    if lang:
        return f"{text}@{lang}"
    if datatype:
        return f"{text}^^{iri(datatype)}"
    return text


def triple(s: str, p: str, o: str) -> str:
    """One N-Triples line from already formatted terms."""
    return f"{s} {p} {o} .\n"


def graph_to_ntriples(graph: Graph) -> str:
    """Serialise an rdflib graph for a bulk load."""
    return graph.serialize(format="nt")


def _term(term: object, genid: str) -> str:
    if isinstance(term, URIRef):
        return iri(str(term))
    if isinstance(term, BNode):
        return f"<{genid}{term}>"
    if isinstance(term, Literal):
        datatype = str(term.datatype) if term.datatype is not None else None
        return literal(str(term), None if term.language else datatype, term.language)
    raise ValueError(f"not an RDF term: {term!r}")


def skolem_ntriples(graph: Graph, genid: str) -> str:
    """``graph`` as N-Triples with every blank node ``_:x`` written as the IRI ``<genid x>``.

    The same as ``graph.skolemize(basepath=genid)`` then serialising, in one pass without
    building a second graph (the pipeline's hot path).

    Raises:
        ValueError: a term cannot be written (an IRI with spaces or quotes from a source record):
            the caller quarantines that record instead of failing the whole batch.
    """
    written: dict[object, str] = {}  # subjects and predicates repeat: write each term once

    def term(t: object) -> str:
        text = written.get(t)
        if text is None:
            text = written[t] = _term(t, genid)
        return text

    return "".join(f"{term(s)} {term(p)} {term(o)} .\n" for s, p, o in graph)
