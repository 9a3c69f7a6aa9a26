"""The one place where RDF terms become N-Triples text and rdflib graphs become bulk payloads.

Every write to a store goes through N-Triples/N-Quads text, so a record costs one
serialisation and one bulk load, never one Python call per triple.
"""

from __future__ import annotations

import re

from rdflib import Graph

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
