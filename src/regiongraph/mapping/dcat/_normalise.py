"""Normalise a harvested DCAT description in place, as DCAT-AP.de: every triple is kept or replaced, none dropped.

Every change of a source value is a repair recorded on the dataset (``rg:repair``, :mod:`.._repairs`):

- old DCAT-AP.de namespaces migrated, DCAT-AP.de IRIs made canonical, URLs and agents given as text
  made resources (:mod:`._repair_terms`);
- literals keep their language, or its absence; the one language the dataset or its catalogue
  declares is assigned to untagged texts (:mod:`._languages`), none is ever guessed;
- licences (IRIs of GovData, Creative Commons, … or plain text) → ``http://dcat-ap.de/def/licenses/…``;
  an unknown licence stays, labelled, with a doubt;
- ``dcterms:format`` / ``dcat:mediaType`` as text (or a format node naming one by ``rdf:value``) → EU
  file-type / IANA IRIs;
- untyped dates and byte sizes → typed literals; a value that is no date / number of bytes
  (or an ill-typed literal) moves to ``rg:rejectedValue``, which quarantines the record;
- HTML in descriptions → plain text;
- publisher, source defaults and register links as in the ``regiongraph`` profile;
- DCAT-AP.de 3's form, as RegionGraph's own feed writes it, read back into the stored one: a political
  geocoding IRI given as ``dcterms:spatial`` (the successor of the deprecated
  ``dcatde:politicalGeocodingURI``) becomes ``dcatde:politicalGeocodingURI`` again, and the types the
  feed states for validators without a reasoner (the dataset's ``dcat:Resource``, such an IRI's
  ``dcterms:Location``) are not kept: they follow from the dataset and the property.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from ...namespaces import DCATDE, EUFILETYPE, GEOCODING
from .._context import MappingContext
from .._repairs import Repair
from ._compose import graph_to_package
from ._formats import format_iri, media_type_iri
from ._languages import assign_declared
from ._licences import DCATDE_LICENCE, match
from ._repair_terms import Repairs, migrate_namespaces, short, text_to_resources
from ._repair_values import repair_values
from ._terms import DCAT, DCTERMS, RDF, RDFS, RG, XSD, string_literal
from ._values import byte_size, date_literal, plain_text
from .regiongraph import Facts, add_defaults, add_links, resolve_publisher

_DATES = (DCTERMS.issued, DCTERMS.modified, DCAT.startDate, DCAT.endDate)
_DATE_TYPES = (XSD.date, XSD.dateTime, XSD.gYear, XSD.gYearMonth)


def normalise(
    g: Graph, dataset: URIRef, ctx: MappingContext, *, base: str, catalog_languages: Iterable[str] = ()
) -> None:
    """Apply the DCAT-AP.de normalisation to ``dataset``'s description in ``g``."""
    repairs = Repairs(g, dataset)
    migrate_namespaces(g, repairs)
    text_to_resources(g, repairs)
    repair_values(g, repairs)
    assign_declared(g, dataset, repairs, catalog_languages=catalog_languages)
    _replace(g, DCTERMS.license, lambda o: _licence(g, o, dataset, base=base, repairs=repairs))
    _replace(g, DCTERMS.format, lambda o: _format(g, o), repairs=repairs, rule="format-to-eu-file-type")
    _replace(
        g,
        DCAT.mediaType,
        lambda o: URIRef(m) if isinstance(o, Literal) and (m := media_type_iri(str(o))) else o,
        repairs=repairs,
        rule="media-type-to-iana-iri",
    )
    for prop in _DATES:
        _check(g, dataset, prop, _DATE_TYPES, date_literal)
    _check(g, dataset, DCAT.byteSize, (XSD.nonNegativeInteger,), byte_size)
    _replace(g, DCTERMS.description, _text)
    _stored_geocoding(g, dataset)
    resolve_publisher(g, dataset, ctx)
    add_defaults(g, dataset, ctx)
    add_links(g, dataset, ctx, Facts.of(graph_to_package(g, dataset)))


def _stored_geocoding(g: Graph, dataset: URIRef) -> None:
    """DCAT-AP.de 3's political geocoding (``dcterms:spatial`` to a geocoding IRI) in its stored form."""
    for place in list(g.objects(dataset, DCTERMS.spatial)):
        key = str(place)
        if isinstance(place, URIRef) and key.startswith(str(GEOCODING)) and not key.startswith(f"{GEOCODING}Level/"):
            g.remove((dataset, DCTERMS.spatial, place))
            g.add((dataset, DCATDE.politicalGeocodingURI, place))
            if set(g.predicate_objects(place)) == {(RDF.type, DCTERMS.Location)}:
                g.remove((place, RDF.type, DCTERMS.Location))
    g.remove((dataset, RDF.type, DCAT.Resource))


def _replace(
    g: Graph, prop: URIRef, change: Callable[[Node], Node], *, repairs: Repairs | None = None, rule: str = ""
) -> None:
    """Replace each value of ``prop`` by ``change(value)``; with ``repairs``, each change is recorded under ``rule``."""
    for s, o in list(g.subject_objects(prop)):
        new = change(o)
        if new != o:
            g.remove((s, prop, o))
            g.add((s, prop, new))
            if repairs is not None:
                repairs.record(Repair(short(prop), rule, str(o), str(new)))


def _licence(g: Graph, o: Node, dataset: URIRef, *, base: str, repairs: Repairs) -> Node:
    found = match(str(o))
    if found is not None:
        iri = URIRef(f"{DCATDE_LICENCE}{found.id}")
        if iri != o:
            repairs.record(Repair("dcterms:license", found.rule or "licence-canonical-iri", str(o), str(iri)))
        return iri
    if isinstance(o, Literal):
        node = URIRef(f"{base}/license")
        g.add((node, RDF.type, DCTERMS.LicenseDocument))
        g.add((node, RDFS.label, string_literal(str(o))))
        o = node
    g.add((dataset, RG.doubt, string_literal(f"licence {str(o)!r} is not in the DCAT-AP.de licence list", lang="en")))
    return o


def _format(g: Graph, o: Node) -> Node:
    if isinstance(o, URIRef) and str(o).startswith(EUFILETYPE):
        return o
    if isinstance(o, BNode):  # a format node ([ a dct:IMT ; rdf:value "application/pdf" ]): the format it names
        named = g.value(o, RDF.value) or g.value(o, RDFS.label)
        iri = _format(g, named) if isinstance(named, Literal) else o
        if iri != o:
            g.remove((o, None, None))
        return iri
    text = str(o).rsplit("/", 1)[-1] if isinstance(o, URIRef) else str(o)
    # A media type given as the format (application/rdf+xml): the format its subtype names.
    found = format_iri(text) or (format_iri(text.rsplit("/", 1)[-1]) if "/" in text else None)
    return URIRef(found) if found else o


def _check(
    g: Graph,
    dataset: URIRef,
    prop: URIRef,
    types: tuple[URIRef, ...],
    parse: Callable[[str], tuple[Literal | None, str | None]],
) -> None:
    """Keep well-typed values, type what parses, move the rest to ``rg:rejectedValue``."""
    for s, o in list(g.subject_objects(prop)):
        if isinstance(o, Literal) and o.datatype in types and not o.ill_typed:
            continue
        value, reason = parse(str(o))
        g.remove((s, prop, o))
        if value is not None:
            g.add((s, prop, value))
        else:
            where = "" if s == dataset else f"{str(s).rsplit('/', 1)[-1]}: "
            g.add((dataset, RG.rejectedValue, string_literal(f"{where}{prop.n3()}: {reason or repr(str(o))}")))


def _text(o: Node) -> Node:
    if isinstance(o, Literal) and "<" in str(o):
        return string_literal(plain_text(str(o)), lang=o.language)  # its language or none, never a guess
    return o
