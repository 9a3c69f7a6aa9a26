"""Turn directory territories into N-Triples: one organisation per Land, Kreis and municipality."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from .. import ntriples as nt
from ..iris import Minter
from ..namespaces import DCATDE, GEO, GEOCODING, GEOCODING_LEVEL, ORG, RG, SCHEMA, code
from ._directory import ATTRIBUTION, LICENCE_IRI, REFERENCE_DATE, Territory

#: Classes are asserted, not inferred: the store does no reasoning.
_CLASSES = {
    "land": (RG.State, RG.TerritorialBody),
    "regierungsbezirk": (RG.AdministrativeRegion,),
    "kreis": (RG.District, RG.TerritorialBody),
    "municipality": (RG.Municipality, RG.TerritorialBody),
}
_GEOCODING = {  # level → (key kind, level IRI)
    "land": ("stateKey", "state"),
    "regierungsbezirk": ("administrativeDistrictKey", "administrativeDistrict"),
    "kreis": ("districtKey", "district"),
    "municipality": ("municipalityKey", "municipality"),
}


def territory_ntriples(territories: Iterable[Territory], minter: Minter) -> Iterator[str]:
    """N-Triples lines describing every territory, linked to its Kreis, Regierungsbezirk and Land."""
    for t in territories:
        yield from _describe(t, minter)


def territory_iri(t: Territory, minter: Minter) -> str:
    return minter.territory(t.key)


def _describe(t: Territory, minter: Minter) -> Iterator[str]:
    s, p = nt.iri(territory_iri(t, minter)), _P
    classes = _CLASSES[t.level] + ((RG.District,) if t.is_kreisfrei else ())
    for cls in (*classes, ORG.FormalOrganization, ORG.Organization):
        yield nt.triple(s, p["type"], nt.iri(str(cls)))
    yield nt.triple(s, p["label"], nt.literal(t.name, lang="de"))
    yield nt.triple(s, p["pref"], nt.literal(t.name, lang="de"))
    yield nt.triple(s, p["official"], nt.literal(t.official_name, lang="de"))
    yield nt.triple(s, p["key"], nt.literal(t.key))
    yield nt.triple(s, p["class"], nt.iri(code("territory-type", t.type)))
    yield from _keys_and_geocoding(s, t, p)
    for parent in (t.land, t.rb, t.kreis):
        if parent and parent != t.key and not (t.is_kreisfrei and parent == t.kreis):
            yield nt.triple(s, p[_parent_predicate(parent)], nt.iri(minter.territory(parent)))
    yield from _statistics(s, t, p)
    yield nt.triple(s, p["source"], nt.literal(ATTRIBUTION, lang="de"))
    yield nt.triple(s, p["license"], nt.iri(LICENCE_IRI))


def _parent_predicate(key: str) -> str:
    return {2: "state", 3: "region", 5: "district"}[len(key)]


def _keys_and_geocoding(s: str, t: Territory, p: dict[str, str]) -> Iterator[str]:
    kind, level = _GEOCODING[t.level]
    yield nt.triple(s, p["geocoding"], nt.iri(f"{GEOCODING}{kind}/{t.key}"))
    yield nt.triple(s, p["level"], nt.iri(f"{GEOCODING_LEVEL}{level}"))
    if t.level == "municipality":
        yield nt.triple(s, p["ags"], nt.literal(t.key))
        if t.ars:
            yield nt.triple(s, p["ars"], nt.literal(t.ars))
            yield nt.triple(s, p["geocoding"], nt.iri(f"{GEOCODING}regionalKey/{t.ars}"))
        if t.is_kreisfrei and t.kreis:
            yield nt.triple(s, p["geocoding"], nt.iri(f"{GEOCODING}districtKey/{t.kreis}"))
            yield nt.triple(s, p["key"], nt.literal(t.kreis))
    elif t.ars:
        yield nt.triple(s, p["ars"], nt.literal(t.ars))


def _statistics(s: str, t: Territory, p: dict[str, str]) -> Iterator[str]:
    if t.population is not None:
        yield nt.triple(s, p["population"], nt.literal(t.population, str(XSD.integer)))
        yield nt.triple(s, p["popdate"], nt.literal(REFERENCE_DATE, str(XSD.date)))
    if t.area is not None:
        yield nt.triple(s, p["area"], nt.literal(f"{t.area:.2f}", str(XSD.decimal)))
    if t.lat is not None and t.lon is not None:
        yield nt.triple(s, p["lat"], nt.literal(t.lat, str(XSD.decimal)))
        yield nt.triple(s, p["long"], nt.literal(t.lon, str(XSD.decimal)))
    if t.postcode:
        yield nt.triple(s, p["postcode"], nt.literal(t.postcode))


_PREDICATES = {
    "type": RDF.type,
    "label": RDFS.label,
    "pref": SKOS.prefLabel,
    "official": RG.officialName,
    "key": RG.officialKey,
    "ags": RG.ags,
    "ars": RG.ars,
    "class": ORG.classification,
    "state": RG.state,
    "region": RG.administrativeRegion,
    "district": RG.district,
    "population": RG.population,
    "popdate": RG.populationDate,
    "area": RG.area,
    "lat": GEO.lat,
    "long": GEO.long,
    "postcode": SCHEMA.postalCode,
    "geocoding": DCATDE.politicalGeocodingURI,
    "level": DCATDE.politicalGeocodingLevelURI,
    "source": DCTERMS.source,
    "license": DCTERMS.license,
}
_P = {name: nt.iri(str(term)) for name, term in _PREDICATES.items()}
