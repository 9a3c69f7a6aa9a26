"""Licences as RDF: a DCAT-AP.de licence IRI where the licence is known, a labelled node where not."""

from __future__ import annotations

from typing import Any

from rdflib import URIRef
from rdflib.term import Node

from .._repairs import Repair, record_repair, repairs_of
from ._licences import DCATDE_LICENCE, id_of_iri, match
from ._profile import Backward, Forward
from ._terms import DCTERMS, RDF, RDFS, string_literal
from ._values import safe_iri

#: Rules that change a licence IRI or URL the portal wrote (a repair); a CKAN code becoming its IRI is mapping.
_REPAIRS = frozenset({"licence-canonical-iri", "licence-version-spelling", "licence-successor", "licence-from-url"})


def add_licence(f: Forward, subject: URIRef, value: Any, part: str, *, field: str | None = None) -> Node | None:
    """``dcterms:license`` of ``subject`` for a CKAN licence id or URL; ``None`` when there is none.

    An unknown licence is kept as a ``dcterms:LicenseDocument`` with its text as label (or its
    own IRI when it is one), and flagged with a doubt; the SHACL warning names it too. A licence
    IRI or URL made canonical is recorded as a repair of ``field`` (the CKAN field it came from;
    by default ``license_id``, or ``resources[].license`` for a distribution).
    """
    text = str(value or "").strip()
    if not text or text.lower() in {"notspecified", "none", "license-not-specified"}:
        return None
    found = match(text)
    if found is not None:
        node: Node = URIRef(f"{DCATDE_LICENCE}{found.id}")
        if found.rule in _REPAIRS:
            where = field or ("resources[].license" if part.startswith("distribution/") else "license_id")
            repair = Repair(where, found.rule, text, str(node))
            if repair not in set(repairs_of(f.graph, f.dataset)):  # once per record, not per resource
                record_repair(f.graph, f.dataset, repair)
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
