"""Licences as RDF: a DCAT-AP.de licence IRI where the licence is known, a labelled node where not."""

from __future__ import annotations

from typing import Any

from rdflib import URIRef
from rdflib.term import Node

from ._licences import id_of_iri, licence_iri
from ._profile import Backward, Forward
from ._terms import DCTERMS, RDF, RDFS, string_literal
from ._values import safe_iri


def add_licence(f: Forward, subject: URIRef, value: Any, part: str) -> Node | None:
    """``dcterms:license`` of ``subject`` for a CKAN licence id or URL; ``None`` when there is none.

    An unknown licence is kept as a ``dcterms:LicenseDocument`` with its text as label (or its
    own IRI when it is one), and flagged with a doubt; the SHACL warning names it too.
    """
    text = str(value or "").strip()
    if not text or text.lower() in {"notspecified", "none", "license-not-specified"}:
        return None
    known = licence_iri(text)
    if known is not None:
        node: Node = URIRef(known)
    else:
        node = safe_iri(text) or f.node(*part.split("/"))
        f.graph.add((node, RDF.type, DCTERMS.LicenseDocument))
        if not isinstance(safe_iri(text), URIRef):
            f.graph.add((node, RDFS.label, string_literal(text)))
        f.doubt(f"licence {text!r} is not in the DCAT-AP.de licence list")
    f.graph.add((subject, DCTERMS.license, node))
    return node


def licence_text(b: Backward, subject: Node) -> str | None:
    """The CKAN ``license_id`` for ``subject``'s licence: the DCAT-AP.de id, the label or the IRI."""
    node = b.value(subject, DCTERMS.license)
    if node is None:
        return None
    if isinstance(node, URIRef):
        return id_of_iri(str(node)) or b.text(node, RDFS.label) or str(node)
    return b.text(node, RDFS.label)
