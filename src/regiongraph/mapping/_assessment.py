"""Register profile for the statements of a comparison: which city a document credits with what.

One ``[[assessment]]`` record is one statement of a source (seed 004 §3–4 compares Ruhr cities
against the Smart City Charta): a ``schema:Claim`` whose ``schema:text`` is the sentence as printed,
``schema:about`` the cities it speaks of, ``dcterms:subject`` the Charta guidelines and fields of
action it credits them with (code lists ``code/smart-city-charta`` and ``code/field-of-action``),
``dcterms:references`` the register projects behind it; where it stands is ``rg:sourceLocator``,
as on every record. The field ↔ property table is in ``harvesters/register/README.md``.
"""

from __future__ import annotations

from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF

from ..namespaces import ORG, PREFIXES, SCHEMA
from ._build import add_code, add_common, add_text
from ._context import MappingContext

#: record field → the code list its notations come from.
SUBJECTS = {"guidelines": "smart-city-charta", "fields": "field-of-action"}


def map_assessment(payload: dict[str, Any], ctx: MappingContext) -> tuple[URIRef, Graph]:
    """A statement of a comparison → ``schema:Claim`` about its cities, with its subjects and projects."""
    s = URIRef(ctx.minter.entity("assessment", payload["id"]))
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    g.add((s, RDF.type, SCHEMA.Claim))
    # the statement's own words are its title: a curator's label would not be printed text
    add_common(g, s, {**payload, "title": payload.get("title") or payload.get("text")}, ctx)
    add_text(g, s, SCHEMA.text, payload.get("text"))
    for ref in payload.get("cities", []) or []:
        g.add((s, SCHEMA.about, _city(g, str(ref), ctx)))
    for key, scheme in SUBJECTS.items():
        for notation in payload.get(key, []) or []:
            add_code(g, s, DCTERMS.subject, scheme, notation)
    for target in payload.get("projects", []) or []:
        g.add((s, DCTERMS.references, URIRef(ctx.minter.entity("project", str(target)))))
    return s, g


def _city(g: Graph, ref: str, ctx: MappingContext) -> URIRef | Literal:
    """The territory or organisation ``ref`` names; a name that resolves to nothing stays a literal for SHACL."""
    iri = ctx.resolve(ref)
    if iri is None:
        return Literal(ref)
    node = URIRef(iri)
    g.add((node, RDF.type, ORG.Organization))  # as for members: SHACL checks the class, no inference
    return node
