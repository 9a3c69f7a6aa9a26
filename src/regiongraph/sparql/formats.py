"""SPARQL result and RDF formats: media types, short names and content negotiation."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pyoxigraph as ox


@dataclass(frozen=True, slots=True)
class Format:
    name: str
    media_type: str
    results: ox.QueryResultsFormat | None = None
    rdf: ox.RdfFormat | None = None


RESULT_FORMATS = (
    Format("json", "application/sparql-results+json", results=ox.QueryResultsFormat.JSON),
    Format("xml", "application/sparql-results+xml", results=ox.QueryResultsFormat.XML),
    Format("csv", "text/csv", results=ox.QueryResultsFormat.CSV),
    Format("tsv", "text/tab-separated-values", results=ox.QueryResultsFormat.TSV),
)
GRAPH_FORMATS = (
    Format("turtle", "text/turtle", rdf=ox.RdfFormat.TURTLE),
    Format("ntriples", "application/n-triples", rdf=ox.RdfFormat.N_TRIPLES),
    Format("rdfxml", "application/rdf+xml", rdf=ox.RdfFormat.RDF_XML),
    Format("jsonld", "application/ld+json", rdf=ox.RdfFormat.JSON_LD),
)
#: Other names clients use, by kind of answer: ``format=`` values and media types alike.
_RESULT_ALIASES = {
    "srj": "json",
    "application/json": "json",
    "srx": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/plain": "tsv",
}
_GRAPH_ALIASES = {
    "ttl": "turtle",
    "n3": "turtle",
    "text/n3": "turtle",
    "text/rdf+n3": "turtle",
    "application/turtle": "turtle",
    "application/x-turtle": "turtle",
    "nt": "ntriples",
    "n-triples": "ntriples",
    "text/plain": "ntriples",
    "xml": "rdfxml",
    "rdf": "rdfxml",
    "rdf+xml": "rdfxml",
    "application/xml": "rdfxml",
    "text/xml": "rdfxml",
    "json": "jsonld",
    "json-ld": "jsonld",
    "application/json": "jsonld",
}


@lru_cache(maxsize=128)  # clients send the same few Accept values over and over
def parse_accept(accept: str) -> tuple[tuple[str, float], ...]:
    """``(media type, q)`` pairs of an ``Accept`` value, highest q first."""
    items = []
    for part in accept.split(","):
        media, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for param in params:
            if param.startswith("q="):
                try:
                    q = float(param[2:])
                except ValueError:
                    q = 0.0
        if media:
            items.append((media.lower(), q))
    return tuple(sorted(items, key=lambda item: -item[1]))


def negotiate(accept: str | None, fmt: str | None, choices: tuple[Format, ...]) -> Format | None:
    """Pick a format by the ``format`` parameter, else by ``Accept`` q-values; ``None`` if nothing fits."""
    by_name = {f.name: f for f in choices}
    by_type = {f.media_type: f for f in choices}
    aliases = _GRAPH_ALIASES if choices[0].rdf is not None else _RESULT_ALIASES
    if fmt:  # several candidates may come comma-separated (SPARQLWrapper sends name and media types)
        for key in (k.lower().strip() for k in fmt.split(",")):
            found = by_name.get(key) or by_type.get(key) or by_name.get(aliases.get(key, ""))
            if found:
                return found
        return None
    if not accept:
        return choices[0]
    for media, q in parse_accept(accept):
        if q <= 0:
            continue
        if media in ("*/*", "application/*", "text/*"):
            return choices[0]
        found = by_type.get(media) or by_name.get(aliases.get(media, ""))
        if found:
            return found
    return None
