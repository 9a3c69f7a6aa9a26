"""What a faithful harvest of ``../shared/realdata/`` must publish, computed from the files alone.

Independent of the project's mapping: CKAN packages are read as plain JSON, DCAT files with rdflib,
and the documented repairs (issue 15) are written out here as small explicit rules:

* licence IRIs in canonical form: ``http(s)://(www.)dcat-ap.de/def/licenses/<id>[/]`` →
  ``http://dcat-ap.de/def/licenses/<id>`` (and so every ``dcat-ap.de/def/`` IRI);
* old DCAT-AP.de namespaces (``…/dcatde/1.0.1/``, ``…/dcatde/1.1/``) → ``http://dcat-ap.de/def/dcatde/``;
* an absolute URL written as text where the official shapes want a resource (``sh:nodeKind`` IRI or
  BlankNodeOrIRI, or ``sh:class``) → that IRI;
* a whole byte size typed as decimal → ``xsd:nonNegativeInteger``; ``public`` / ``restricted`` / ``non-public``
  as access rights → the EU access-right IRI; a GeoJSON or WKT ``locn:geometry`` literal → a ``locn:Geometry``
  node; other text as access rights, conformsTo or accrualPeriodicity → a blank node of the class DCAT-AP 3
  names (``dcterms:RightsStatement``, ``dcterms:Standard``, ``dcterms:Frequency``) labelled with the text,
  an English frequency word of the EU frequency table (``daily``, ``monthly`` …) → its IRI;
* a format in words (``dcterms:format`` text, a format node's ``rdf:value``, a non-EU IRI's last segment)
  that names a code of the EU file-type table — its code, English label or IANA media type, a media type's
  subtype, and the media types docs/mapping.md names (``application/sparql-query`` → ``SPARQLQ``) — → the
  code's IRI; a ``dcat:mediaType`` written as a media type (``text/csv``) → its IANA IRI.

Which DCAT datasets are accepted is decided by the official DCAT-AP.de 3 profile (:mod:`support.dcat_ap`)
with the ontologies its imports name (``mirror/``: FOAF, vCard, ORG) loaded as the ITB validator loads
them. The whole repaired file is validated once and each violation is charged to every dataset whose
description (the nodes reachable from it) holds the focus node — the same as validating each dataset's
description alone, for shapes that look at one node and its values, which all of the profile's do.
For CKAN packages the profile's violations for a dcat:Dataset are derived from the JSON: an identity
(``id``, else ``name``), title, description, a publisher with a name, and per resource an access URL
and a licence — what DCAT-AP.de 3 makes mandatory. Optional fields (``format``, ``language``, …) are not
judged: a mapping may translate an unknown value or leave it out, and either is valid DCAT-AP.de.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from urllib.parse import urlsplit

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, SH

from support.portal.realdata import DCAT_SOURCES, ckan_packages

from . import dcat_ap
from .realdata_formats import IANA, MEDIA_TYPE, format_repairs
from .shared import conformance, realdata

DCATDE = "http://dcat-ap.de/def/dcatde/"
LICENCES = "http://dcat-ap.de/def/licenses/"
_OLD_DCATDE = re.compile(r"^https?://(?:www\.)?dcat-ap\.de/def/dcatde/\d+(?:\.\d+)*/")
_DEF = re.compile(r"^https?://(?:www\.)?dcat-ap\.de/def/(.+?)/?$")
GEOCODING = (URIRef(DCATDE + "politicalGeocodingURI"), DCTERMS.spatial)


@dataclass(frozen=True)
class Expected:
    """One dataset of a source as the oracle sees it.

    ``titles``/``descriptions`` are the literals as the source wrote them, ``(text, language or None)``;
    ``languages`` are the tags the source declares (a literal without tag may be given one of them,
    never another). ``violations`` are ``(field, value)`` pairs of what the official profile refuses,
    the field as the source calls it (a DCAT property's local name, a CKAN field; ``""`` for a shape
    on a path that is no property): empty means the dataset must be published.
    """

    id: str
    titles: frozenset[tuple[str, str | None]]
    descriptions: frozenset[tuple[str, str | None]]
    distributions: int
    licences: frozenset[str]
    publisher: str | None
    modified: str | None
    geocoding: frozenset[str]
    languages: frozenset[str] = frozenset()
    violations: tuple[tuple[str, str], ...] = field(default=())

    @property
    def accepted(self) -> bool:
        return not self.violations


def canonical(iri: str) -> str:
    """The canonical form of a DCAT-AP.de vocabulary IRI (licences, geocoding, contributors); others as they are."""
    if _OLD_DCATDE.match(iri):
        return _OLD_DCATDE.sub(DCATDE, iri)
    match = _DEF.match(iri)
    if not match:
        return iri
    rest = match.group(1)
    if rest.startswith("licenses/"):  # version spellings: dl-by-de/2_0 is dl-by-de/2.0
        rest = re.sub(r"/(\d+)_(\d+)$", r"/\1.\2", rest)
    return f"http://dcat-ap.de/def/{rest}"


_MESSAGE_FIELD = re.compile(r"^[\w ]*?(?:DE: )?[\w]+:\w+: (\w+):(\w+) ")


def field_of(finding: dcat_ap.Finding) -> str:
    """The property a violation is about, as its local name (``byteSize``); a vocabulary check on
    ``skos:inScheme`` is about the property its message names (``dcterms:language``)."""
    if finding.path.endswith("#inScheme"):
        match = _MESSAGE_FIELD.match(finding.message)
        if match:
            return match.group(2)
    return re.split(r"[#/]", finding.path)[-1] if finding.path.startswith("http") else ""


def _absolute_url(text: str) -> bool:
    parts = urlsplit(text.strip())
    return (
        text == text.strip()
        and " " not in text
        and ((parts.scheme in ("http", "https", "ftp") and bool(parts.netloc)) or parts.scheme == "mailto")
    )


@cache
def resource_properties() -> frozenset[URIRef]:
    """Properties whose values the official shapes require to be resources (nodeKind IRI/BlankNodeOrIRI, class)."""
    shapes = dcat_ap.shapes_graph()
    out = set()
    for shape in set(shapes.subjects(SH.path, None)):
        path = shapes.value(shape, SH.path)
        kind = shapes.value(shape, SH.nodeKind)
        if isinstance(path, URIRef) and (kind in (SH.IRI, SH.BlankNodeOrIRI) or shapes.value(shape, SH["class"])):
            out.add(path)
    return frozenset(out)


XSD_NNI = URIRef("http://www.w3.org/2001/XMLSchema#nonNegativeInteger")
LOCN_GEOMETRY = URIRef("http://www.w3.org/ns/locn#geometry")
GSP = "http://www.opengis.net/ont/geosparql#"
#: EU access-right authority table (publications.europa.eu/resource/authority/access-right): its three codes.
ACCESS_RIGHTS = {"public": "PUBLIC", "restricted": "RESTRICTED", "non-public": "NON_PUBLIC"}
#: DCAT-AP 3 ranges of the properties whose text is a label (dcterms:RightsStatement, Standard, Frequency).
LABELLED = {
    DCTERMS.accessRights: DCTERMS.RightsStatement,
    DCTERMS.conformsTo: DCTERMS.Standard,
    DCTERMS.accrualPeriodicity: DCTERMS.Frequency,
}
#: EU frequency table (publications.europa.eu/resource/authority/frequency): codes named by one English word.
FREQUENCIES = {
    "daily": "DAILY",
    "weekly": "WEEKLY",
    "monthly": "MONTHLY",
    "quarterly": "QUARTERLY",
    "annual": "ANNUAL",
    "annually": "ANNUAL",
    "hourly": "HOURLY",
    "irregular": "IRREG",
}
WKT = re.compile(r"^\s*(POINT|LINESTRING|POLYGON|MULTIPOINT|MULTILINESTRING|MULTIPOLYGON|GEOMETRYCOLLECTION)\b", re.I)


def _value_repair(out: Graph, s, p, o) -> bool:
    """The documented value repairs (docs/mapping.md), written from the standards: a whole number of bytes
    typed otherwise → xsd:nonNegativeInteger; an EU access-right code in words → its IRI; a GeoJSON
    geometry literal → a locn:Geometry node with gsp:asGeoJSON (DCAT-AP 3: locn:geometry is a node)."""
    if not isinstance(o, Literal):
        return False
    if p == DCAT.byteSize and re.fullmatch(r"\d+(\.0*)?", str(o).strip()) and o.datatype != XSD_NNI:
        out.add((s, p, Literal(int(float(str(o))), datatype=XSD_NNI)))
        return True
    if p == DCTERMS.accessRights and str(o).strip().lower().replace("_", "-") in ACCESS_RIGHTS:
        code = ACCESS_RIGHTS[str(o).strip().lower().replace("_", "-")]
        out.add((s, p, URIRef(f"http://publications.europa.eu/resource/authority/access-right/{code}")))
        return True
    if p == LOCN_GEOMETRY and (str(o).lstrip().startswith("{") or WKT.match(str(o))):
        kind = "GeoJSON" if str(o).lstrip().startswith("{") else "WKT"
        node = BNode()
        out.add((s, p, node))
        out.add((node, RDF.type, URIRef("http://www.w3.org/ns/locn#Geometry")))
        literal_type = "geoJSONLiteral" if kind == "GeoJSON" else "wktLiteral"
        out.add((node, URIRef(GSP + "as" + kind), Literal(str(o), datatype=URIRef(GSP + literal_type))))
        return True
    if p == DCTERMS.accrualPeriodicity and str(o).strip().lower() in FREQUENCIES:
        code = FREQUENCIES[str(o).strip().lower()]
        out.add((s, p, URIRef(f"http://publications.europa.eu/resource/authority/frequency/{code}")))
        return True
    if p in LABELLED and str(o).strip() and not _absolute_url(str(o)):
        node = BNode()
        out.add((s, p, node))
        out.add((node, RDF.type, LABELLED[p]))
        out.add((node, RDFS.label, o))
        return True
    return False


def repaired(graph: Graph) -> Graph:
    """``graph`` after the documented repairs only (namespaces, canonical DCAT-AP.de IRIs, URLs given as text,
    formats and media types in words, the value repairs of :func:`_value_repair`)."""
    wanted = resource_properties()
    formats, dropped = format_repairs(graph)
    out = Graph()
    for s, p, o in graph:
        p = URIRef(canonical(str(p)))
        if s in dropped:
            continue
        if p == DCTERMS.format and (s, o) in formats:
            o = formats[(s, o)]
        elif p == DCAT.mediaType and isinstance(o, Literal) and MEDIA_TYPE.match(str(o).strip().lower()):
            o = URIRef(IANA + str(o).strip().lower())
        elif _value_repair(out, s, p, o):
            continue
        if isinstance(o, URIRef) or (isinstance(o, Literal) and p in wanted and _absolute_url(str(o))):
            o = URIRef(canonical(str(o)))
        out.add((s, p, o))
    return out


@cache
def background() -> Graph:
    """The ontologies the profile's imports name, as the official validator's local mirror holds them."""
    g = Graph()
    for path in sorted(conformance("dcat-ap-shacl", "mirror").iterdir()):
        g.parse(path, format="xml" if path.suffix == ".rdf" else "turtle")
    return g


def parse_dcat(source: str) -> Graph:
    """The file of a DCAT source as rdflib reads it (raises on a file that is not valid RDF)."""
    path = realdata("dcat", DCAT_SOURCES[source])
    return Graph().parse(path, format="xml" if path.suffix == ".rdf" else "turtle")


def _reach(g: Graph, start: URIRef | BNode, datasets: set) -> set:
    """Nodes of ``start``'s description: itself and what it reaches, not through other datasets."""
    todo, seen = [start], set()
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for o in g.objects(node, None):
            if isinstance(o, URIRef | BNode) and o not in datasets and (o, None, None) in g:
                todo.append(o)
    return seen


#: ISO 639-2/T codes of the EU language authority table → their ISO 639-1 tags (the languages seen here).
_ISO639 = {"DEU": "de", "ENG": "en", "FRA": "fr", "ITA": "it", "SWE": "sv", "SPA": "es", "NLD": "nl"}


def _declared(g: Graph, d) -> frozenset[str]:
    """The language the dataset (else its catalogue) declares with exactly one dcterms:language, as a tag."""
    own = set(g.objects(d, DCTERMS.language))
    if not own:
        own = {lang for cat in g.subjects(DCAT.dataset, d) for lang in g.objects(cat, DCTERMS.language)}
    codes = {str(x).rstrip("/").rsplit("/", 1)[-1].upper() for x in own}
    return frozenset(_ISO639[c] for c in codes if c in _ISO639) if len(codes) == 1 else frozenset()


def _literals(g: Graph, s, p) -> frozenset[tuple[str, str | None]]:
    return frozenset((str(o), o.language) for o in g.objects(s, p) if isinstance(o, Literal))


def _publisher(g: Graph, d) -> str | None:
    node = g.value(d, DCTERMS.publisher)
    if node is None:
        return None
    if isinstance(node, Literal):
        return str(node)
    name = g.value(node, FOAF.name)
    return str(node) if isinstance(node, URIRef) or name is None else str(name)


def parse_error(source: str) -> str | None:
    """rdflib's message when the file of a DCAT source is not valid RDF (ckanext-dcat's ``dataset.ttl``)."""
    try:
        parse_dcat(source)
    except Exception as exc:
        return str(exc)
    return None


@cache
def dcat_expectations(source: str) -> dict[str, Expected]:
    """``{record id: Expected}`` of a DCAT source: id = the dataset IRI, else its dcterms:identifier.

    A file that is not valid RDF has no datasets to expect (the harvest must report it, not crash).
    """
    if parse_error(source) is not None:
        return {}
    g = repaired(parse_dcat(source))
    datasets = set(g.subjects(RDF.type, DCAT.Dataset))
    outcome = dcat_ap.check(g + background())
    blank = {str(n) for triple in g for n in triple if isinstance(n, BNode)}  # labels, not values to show
    out = {}
    for d in datasets:
        ids = sorted(str(i) for i in g.objects(d, DCTERMS.identifier))
        rid = str(d) if isinstance(d, URIRef) else (ids[0] if ids else None)
        if rid is None:
            continue
        nodes = {str(n) for n in _reach(g, d, datasets)}
        found = tuple(
            sorted({(field_of(f), "" if f.value in blank else f.value) for f in outcome.violations if f.focus in nodes})
        )
        dists = list(g.objects(d, DCAT.distribution))
        out[rid] = Expected(
            id=rid,
            titles=_literals(g, d, DCTERMS.title),
            descriptions=_literals(g, d, DCTERMS.description),
            distributions=len(dists),
            licences=frozenset(str(lic) for x in dists for lic in g.objects(x, DCTERMS.license)),
            publisher=_publisher(g, d),
            modified=max((str(m) for m in g.objects(d, DCTERMS.modified)), default=None),
            geocoding=frozenset(str(o) for p in GEOCODING for o in g.objects(d, p) if isinstance(o, URIRef)),
            languages=frozenset(
                lit.language
                for p in (DCTERMS.title, DCTERMS.description)
                for lit in g.objects(d, p)
                if isinstance(lit, Literal) and lit.language
            )
            | _declared(g, d),
            violations=found,
        )
    return out


# -- CKAN ----------------------------------------------------------------------------------------------


@cache
def dcat_ap_de_licences() -> frozenset[str]:
    """The canonical IRIs of the DCAT-AP.de licence list (both bundled versions of it)."""
    folder = conformance("dcat-ap-shacl", "vocabularies")
    g = Graph()
    for path in sorted(folder.glob("dcat-ap-de-licenses*")):
        g.parse(path, format="xml" if path.suffix == ".rdf" else "turtle")
    return frozenset(
        canonical(str(s))
        for s in g.subjects()
        if str(s).startswith(("http://dcat-ap.de/def/licenses/", "https://www.dcat-ap.de/"))
    )


def _extras(pkg: dict) -> dict[str, str]:
    extras = pkg.get("extras") or []
    return {str(e.get("key")): str(e.get("value")) for e in extras if isinstance(e, dict)}


def ckan_licence(pkg: dict, resource: dict) -> str | None:
    """A resource's licence IRI: its own (scheming), the package's scheming ``license``, a ``license_id``
    the DCAT-AP.de list knows, else ``license_url`` — an unknown id never beats a real URL."""
    for value in (resource.get("license"), pkg.get("license")):
        if isinstance(value, str) and _absolute_url(value):
            return canonical(value)
    known = LICENCES + str(pkg.get("license_id") or "")
    if pkg.get("license_id") and known in dcat_ap_de_licences():
        return known
    url = pkg.get("license_url")
    return canonical(url) if isinstance(url, str) and _absolute_url(url) else None


def ckan_publisher(pkg: dict) -> str | None:
    """The publisher's name: ckanext-dcat 2.x ``publisher`` (a list of dicts), the legacy extra, else the
    organisation."""
    publisher = pkg.get("publisher")
    if isinstance(publisher, list) and publisher and isinstance(publisher[0], dict):
        publisher = publisher[0]
    if isinstance(publisher, dict) and publisher.get("name"):
        return str(publisher["name"])
    for key in ("publisher_name", "dcat_publisher_name"):  # ckanext-dcat's legacy extras, old and older
        if _extras(pkg).get(key):
            return _extras(pkg)[key]
    org = pkg.get("organization")
    return (
        str(org.get("title") or org.get("name"))
        if isinstance(org, dict) and (org.get("title") or org.get("name"))
        else None
    )


def _texts(pkg: dict, key: str, plain: str | None) -> frozenset[tuple[str, str | None]]:
    translated = pkg.get(f"{key}_translated")
    if isinstance(translated, dict) and translated:
        return frozenset((str(v), str(lang)) for lang, v in translated.items() if v)
    return frozenset({(plain, None)}) if plain else frozenset()


def _languages(pkg: dict) -> frozenset[str]:
    language = pkg.get("language")
    declared = language if isinstance(language, list) else [language] if language else []
    translated = {str(lang) for key in ("title", "notes") for lang in (pkg.get(f"{key}_translated") or {})}
    return frozenset({str(lang) for lang in declared} | translated)


def ckan_expected(pkg: dict) -> Expected:
    """One package: identified by ``id``, else ``name``; violations as DCAT-AP.de 3 would find them."""
    rid = str(pkg.get("id") or pkg.get("name") or "")
    resources = [r for r in pkg.get("resources") or [] if isinstance(r, dict)]
    licences = [ckan_licence(pkg, r) for r in resources]
    violations = [] if rid else [("id", "")]
    if not pkg.get("title"):
        violations.append(("title", ""))
    if not pkg.get("notes") and not pkg.get("notes_translated"):
        violations.append(("notes", ""))
    if ckan_publisher(pkg) is None:
        violations.append(("organization", ""))
    for resource, licence in zip(resources, licences, strict=True):
        if not (resource.get("url") or resource.get("access_url")):
            violations.append(("url", str(resource.get("id") or resource.get("name") or "")))
        if licence is None:
            violations.append(("license_id", str(pkg.get("license_id") or "")))
    extras = _extras(pkg)
    modified = (
        pkg.get("modified") or extras.get("modified") or extras.get("dcat_modified") or pkg.get("metadata_modified")
    )
    return Expected(
        id=rid,
        titles=_texts(pkg, "title", pkg.get("title")),
        descriptions=_texts(pkg, "notes", pkg.get("notes")),
        distributions=len(resources),
        licences=frozenset(x for x in licences if x),
        publisher=ckan_publisher(pkg),
        modified=str(modified) if modified else None,
        geocoding=frozenset(json.loads(extras.get("politicalGeocodingURI", "[]"))),
        languages=_languages(pkg),
        violations=tuple(violations),
    )


def ckan_expectations(source: str) -> list[Expected]:
    """Every package of a CKAN source (unidentifiable ones with id ``""``)."""
    return [ckan_expected(pkg) for pkg in ckan_packages(source)]
