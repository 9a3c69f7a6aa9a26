"""Repairs of harvested DCAT terms, each recorded with :func:`~regiongraph.mapping._repairs.record_repair`.

- ``dcatde-namespace``: a property of an older DCAT-AP.de namespace (``…/dcatde/1_0/``, ``…/1.0.1/``,
  ``https://www.dcat-ap.de/def/dcatde/1.1/`` …) → the current ``http://dcat-ap.de/def/dcatde/``, with
  the properties renamed after 1.0 (``legalbasisText`` → ``legalBasis``, ``geocodingText`` →
  ``geocodingDescription``);
- ``dcatde-canonical-iri``: a DCAT-AP.de vocabulary IRI spelled ``https://www.dcat-ap.de/def/…`` →
  ``http://dcat-ap.de/def/…`` (licences have their own rules, :mod:`._licences`);
- ``url-text-to-iri``: an absolute http(s) URL given as text where DCAT requires a resource → that IRI;
- ``agent-text-to-node``: a publisher, creator, maintainer or originator given as a name → a blank
  ``foaf:Agent`` with that ``foaf:name``; a contact point given as a name or address → a blank
  ``vcard:Kind``. Only for text that reads as a name: a code such as ``t173369`` is left for the
  gate to report, as nothing says whom it names.
"""

from __future__ import annotations

import re
from typing import TypeGuard

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from ...namespaces import PREFIXES, shortener
from .._repairs import Repair, record_repair
from ._terms import DCAT, DCATDE, DCTERMS, FOAF, RDF, VCARD, XSD
from ._values import mailto, safe_iri

_OLD_DCATDE = re.compile(r"^https?://(www\.)?dcat-ap\.de/def/dcatde/\d+(?:[._]\d+)*/#?([A-Za-z]+)$")
_RENAMED = {"legalbasisText": "legalBasis", "geocodingText": "geocodingDescription"}
_VOCABULARY = re.compile(r"^https?://(?:www\.)?dcat-ap\.de/def/(?!licenses/|dcatde/)(.+)$", re.I)
_CANONICAL = "http://dcat-ap.de/def/"
_DCATDE = PREFIXES["dcatde"]
_PREFIXES = tuple((prefix, iri) for iri, prefix in shortener("dcat", "dcterms", "foaf", "dcatde", "vcard"))
#: Properties whose value DCAT-AP (.de) defines as a resource, never as text.
RESOURCE_PROPERTIES = (
    DCAT.accessURL,
    DCAT.downloadURL,
    DCAT.landingPage,
    DCAT.theme,
    FOAF.page,
    FOAF.homepage,
    DCTERMS.license,
    DCTERMS.conformsTo,
    DCTERMS.language,
    DCTERMS.accessRights,
    DCTERMS.accrualPeriodicity,
    DCTERMS.rights,
    DCTERMS.type,
    DCATDE.contributorID,
    DCATDE.politicalGeocodingURI,
    DCATDE.politicalGeocodingLevelURI,
    DCATDE.plannedAvailability,
    DCATDE.qualityProcessURI,
)
_AGENTS = (DCTERMS.publisher, DCTERMS.creator, DCATDE.maintainer, DCATDE.originator)
_TEXT_TYPES = (None, XSD.string, XSD.anyURI)


def short(iri: Node) -> str:
    """``dcat:accessURL`` for a property of the vocabularies a portal admin knows by prefix."""
    for prefix, base in _PREFIXES:
        if str(iri).startswith(base):
            return f"{prefix}:{str(iri)[len(base) :]}"
    return str(iri)


class Repairs:
    """Records each distinct repair once per record: Rostock names one licence on 773 distributions."""

    def __init__(self, g: Graph, dataset: URIRef) -> None:
        self.g, self.dataset = g, dataset
        self._seen: set[Repair] = set()

    def record(self, repair: Repair) -> None:
        if repair not in self._seen:
            self._seen.add(repair)
            record_repair(self.g, self.dataset, repair)


def migrate_namespaces(g: Graph, repairs: Repairs) -> None:
    """Old DCAT-AP.de properties → the current namespace, and DCAT-AP.de vocabulary IRIs → their canonical form."""
    for s, p, o in list(g):
        hit = _OLD_DCATDE.match(str(p))
        new_p = URIRef(f"{_DCATDE}{_RENAMED.get(hit.group(2), hit.group(2))}") if hit else p
        new_o = _canonical(o)
        if (new_p, new_o) == (p, o):
            continue
        g.remove((s, p, o))
        g.add((s, new_p, new_o))
        if new_p != p:
            repairs.record(Repair(short(new_p), "dcatde-namespace", str(p), str(new_p)))
        if new_o != o:
            repairs.record(Repair(short(new_p), "dcatde-canonical-iri", str(o), str(new_o)))


def _canonical(o: Node) -> Node:
    if isinstance(o, URIRef):
        hit = _VOCABULARY.match(str(o))
        if hit and not str(o).startswith(_CANONICAL):
            return URIRef(_CANONICAL + hit.group(1))
    return o


def text_to_resources(g: Graph, repairs: Repairs) -> None:
    """URLs given as text → IRIs; agents and contact points given as names → blank nodes."""
    for prop in RESOURCE_PROPERTIES:
        for s, o in list(g.subject_objects(prop)):
            iri = _url(o)
            if iri is not None:
                g.remove((s, prop, o))
                g.add((s, prop, iri))
                repairs.record(Repair(short(prop), "url-text-to-iri", f'"{o}"', f"<{iri}>"))
    for prop in _AGENTS:
        for s, o in list(g.subject_objects(prop)):
            if _is_name(o):
                _replace(g, (s, prop, o), _agent(g, o), repairs=repairs)
    for s, o in list(g.subject_objects(DCAT.contactPoint)):
        if _is_name(o) or (isinstance(o, Literal) and mailto(str(o)) is not None):
            _replace(g, (s, DCAT.contactPoint, o), _contact(g, o), repairs=repairs)


def _url(o: Node) -> URIRef | None:
    if not isinstance(o, Literal) or o.datatype not in _TEXT_TYPES or o.language:
        return None
    text = str(o).strip()
    return safe_iri(text) if re.match(r"^https?://[^/\s]+", text, re.I) else None


def _is_name(o: Node) -> TypeGuard[Literal]:
    """Text that reads as a name: words, or one word of letters ("Destatis"); not a code ("t173369")."""
    if not isinstance(o, Literal) or o.datatype not in _TEXT_TYPES or _url(o) is not None or mailto(str(o)):
        return False
    text = str(o).strip()
    return bool(text) and (any(c.isspace() for c in text) or all(c.isalpha() or c in "-.&'" for c in text))


def _replace(g: Graph, triple: tuple[Node, URIRef, Node], node: BNode, *, repairs: Repairs) -> None:
    s, prop, o = triple
    g.remove(triple)
    g.add((s, prop, node))
    kind = "vcard:Kind" if prop == DCAT.contactPoint else "foaf:Agent"
    repairs.record(Repair(short(prop), "agent-text-to-node", f'"{o}"', f"[ a {kind} ; name {str(o).strip()!r} ]"))


def _agent(g: Graph, name: Literal) -> BNode:
    node = BNode()
    g.add((node, RDF.type, FOAF.Agent))
    g.add((node, FOAF.name, Literal(str(name).strip(), lang=name.language)))
    return node


def _contact(g: Graph, text: Literal) -> BNode:
    node = BNode()
    g.add((node, RDF.type, VCARD.Kind))
    email = mailto(str(text))
    if email is not None:
        g.add((node, VCARD.hasEmail, email))
    else:
        g.add((node, VCARD.fn, Literal(str(text).strip(), lang=text.language)))
    return node
