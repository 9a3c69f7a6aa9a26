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


def term(value: object, genid: str) -> str:
    """One rdflib term as N-Triples, a blank node ``_:x`` as the IRI ``<genid x>``: the one term writer.

    Plain IRIs (predicates and classes repeat across records) come from a bounded cache, as the
    pipeline writes every record through here.

    Raises:
        ValueError: not an RDF term, or an IRI that cannot be written (see :func:`iri`).
    """
    if type(value) is URIRef:
        text = _IRIS.get(value)
        if text is None:
            text = iri(str(value))
            if len(_IRIS) < _IRI_CACHE:
                _IRIS[value] = text
        return text
    if isinstance(value, URIRef):
        return iri(str(value))
    if isinstance(value, BNode):
        return f"<{genid}{value}>"
    if isinstance(value, Literal):
        lang = value.language
        return literal(str(value), None if lang or value.datatype is None else str(value.datatype), lang)
    raise ValueError(f"not an RDF term: {value!r}")


_IRI_CACHE = 50_000
_IRIS: dict[URIRef, str] = {}


def skolem_ntriples(graph: Graph, genid: str) -> str:
    """``graph`` as N-Triples with every blank node ``_:x`` written as the IRI ``<genid x>``.

    The same as ``graph.skolemize(basepath=genid)`` then serialising, in one pass without
    building a second graph (the pipeline's hot path).

    Raises:
        ValueError: a term cannot be written (an IRI with spaces or quotes from a source record):
            the caller quarantines that record instead of failing the whole batch.
    """
    written: dict[object, str] = {}  # subjects and predicates repeat: write each term once

    def cached(t: object) -> str:
        text = written.get(t)
        if text is None:
            text = written[t] = term(t, genid)
        return text

    return "".join(f"{cached(s)} {cached(p)} {cached(o)} .\n" for s, p, o in graph)
