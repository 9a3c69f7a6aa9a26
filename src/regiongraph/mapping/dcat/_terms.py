"""The vocabularies the profiles write, each term built once.

rdflib's namespaces build a new ``URIRef`` (and check it) on every attribute access, and the
profiles name some seventy terms per record; these wrappers keep each term after its first use.
"""

from __future__ import annotations

from typing import Any

from rdflib import Literal, URIRef
from rdflib import namespace as _rdflib

from ... import namespaces as _rg


class Terms:
    """A namespace whose terms are looked up once and then kept as plain attributes.

    Args:
        namespace: an rdflib ``Namespace`` or ``DefinedNamespace`` (which still checks each name once).
    """

    def __init__(self, namespace: Any) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> URIRef:
        if name.startswith("_"):
            raise AttributeError(name)
        term = getattr(self._namespace, name)
        setattr(self, name, term)
        return term

    def __getitem__(self, name: str) -> URIRef:
        return self._namespace[name]


ADMS, DCATDE, GSP, LOCN, RG, SCHEMA, SPDX, VCARD = (
    Terms(ns) for ns in (_rg.ADMS, _rg.DCATDE, _rg.GSP, _rg.LOCN, _rg.RG, _rg.SCHEMA, _rg.SPDX, _rg.VCARD)
)
#: DCAT-AP's own namespace (applicableLegislation, hvdCategory).
DCATAP = Terms(_rg.DCATAP)
DCAT, DCTERMS, FOAF, OWL, RDF, RDFS, SKOS, XSD = (
    Terms(ns)
    for ns in (
        _rdflib.DCAT,
        _rdflib.DCTERMS,
        _rdflib.FOAF,
        _rdflib.OWL,
        _rdflib.RDF,
        _rdflib.RDFS,
        _rdflib.SKOS,
        _rdflib.XSD,
    )
)


def string_literal(value: Any, lang: str | None = None) -> Literal:
    """A plain or language-tagged literal, without rdflib's normalisation pass.

    For a string without a datatype the pass cannot change anything (it converts the string to
    a Python value and back), yet it cost a third of building the literal.
    """
    return Literal(value, lang=lang, normalize=False)
