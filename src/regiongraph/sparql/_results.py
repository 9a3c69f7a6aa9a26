"""SELECT results in the four SPARQL result formats, cut at the row cap.

Oxigraph serialises whole result sets; the public endpoint must stop at a row cap and say
so, so rows are written here, one pass, no intermediate list.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


@dataclass
class Cap:
    """How many rows may be written, and whether more were there."""

    limit: int
    truncated: bool = False
    rows: int = 0

    def take(self, solutions: Iterable[ox.QuerySolution]) -> Iterator[ox.QuerySolution]:
        for solution in solutions:
            if self.rows >= self.limit:
                self.truncated = True
                return
            self.rows += 1
            yield solution


def _json_term(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": {k: _json_term(getattr(term, k)) for k in ("subject", "predicate", "object")}}


def select_json(variables: list[str], solutions: Iterable[ox.QuerySolution], cap: Cap) -> Iterator[bytes]:
    """``application/sparql-results+json``."""
    yield b'{"head":{"vars":' + json.dumps(variables).encode() + b'},"results":{"bindings":['
    first = True
    for solution in cap.take(solutions):
        row = {v: _json_term(solution[v]) for v in variables if solution[v] is not None}
        yield (b"" if first else b",") + json.dumps(row, ensure_ascii=False, separators=(",", ":")).encode()
        first = False
    yield b"]}}"


def _xml_term(term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    return f"<literal>{escape(str(term))}</literal>"


def select_xml(variables: list[str], solutions: Iterable[ox.QuerySolution], cap: Cap) -> Iterator[bytes]:
    """``application/sparql-results+xml``."""
    head = "".join(f"<variable name={quoteattr(v)}/>" for v in variables)
    yield (f'<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
           f"<head>{head}</head><results>").encode()
    for solution in cap.take(solutions):
        cells = "".join(f"<binding name={quoteattr(v)}>{_xml_term(solution[v])}</binding>"
                        for v in variables if solution[v] is not None)
        yield f"<result>{cells}</result>".encode()
    yield b"</results></sparql>"


def _csv_cell(term) -> str:
    if term is None:
        return ""
    text = term.value if isinstance(term, ox.NamedNode | ox.Literal) else (
        f"_:{term.value}" if isinstance(term, ox.BlankNode) else str(term))
    if any(c in text for c in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def select_csv(variables: list[str], solutions: Iterable[ox.QuerySolution], cap: Cap) -> Iterator[bytes]:
    """``text/csv`` (values only, as SPARQL 1.1 CSV says)."""
    yield (",".join(variables) + "\r\n").encode()
    for solution in cap.take(solutions):
        yield (",".join(_csv_cell(solution[v]) for v in variables) + "\r\n").encode()


def select_tsv(variables: list[str], solutions: Iterable[ox.QuerySolution], cap: Cap) -> Iterator[bytes]:
    """``text/tab-separated-values`` (terms in Turtle syntax, as SPARQL 1.1 TSV says)."""
    yield ("\t".join(f"?{v}" for v in variables) + "\n").encode()
    for solution in cap.take(solutions):
        yield ("\t".join("" if solution[v] is None else str(solution[v]) for v in variables) + "\n").encode()


SELECT_WRITERS = {"json": select_json, "xml": select_xml, "csv": select_csv, "tsv": select_tsv}
