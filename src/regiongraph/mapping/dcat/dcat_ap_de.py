"""Profile ``dcat_ap_de``: the German extensions of DCAT-AP.de (as ckanext-dcatde maps them)."""

from __future__ import annotations

import json

from ._profile import FOAF_AGENT, Backward, Forward, Profile, resources
from ._terms import DCAT, DCATDE, DCTERMS, FOAF, RG, string_literal
from ._values import json_list, safe_iri

#: extra → property; list extras hold a JSON list (or one IRI), as GovData writes them.
_IRI_LISTS = (("contributorID", DCATDE.contributorID), ("politicalGeocodingURI", DCATDE.politicalGeocodingURI))
_IRI_SINGLE = (
    ("politicalGeocodingLevelURI", DCATDE.politicalGeocodingLevelURI),
    ("qualityProcessURI", DCATDE.qualityProcessURI),
)
_TEXT_LISTS = (("geocodingText", DCATDE.geocodingDescription), ("legalbasisText", DCATDE.legalBasis))
#: (prefix of the name/e-mail fields, on the package or in the extras, property, node name)
_AGENTS = (
    ("maintainer", False, DCATDE.maintainer),
    ("author", False, DCTERMS.creator),
    ("originator", True, DCATDE.originator),
)
_RESOURCE_TEXTS = (("licenseAttributionByText", DCATDE.licenseAttributionByText),)
_RESOURCE_IRIS = (("plannedAvailability", DCATDE.plannedAvailability),)


def to_graph(f: Forward) -> None:
    """contributorID, political geocoding, legal basis, maintainer / author / originator, attribution."""
    g, ds, extras = f.graph, f.dataset, f.extras
    for key, prop in _IRI_LISTS + _IRI_SINGLE:
        values = json_list(extras.get(key)) if (key, prop) in _IRI_LISTS else [extras.get(key)]
        for value in filter(None, values):
            iri = safe_iri(value)
            g.add((ds, prop, iri if iri is not None else string_literal(value)))
    for key, prop in _TEXT_LISTS:
        for text in json_list(extras.get(key)) if str(extras.get(key, "")).startswith("[") else [extras.get(key)]:
            if text:
                g.add((ds, prop, f.literal(text)))
    for prefix, in_extras, prop in _AGENTS:
        if prop == DCTERMS.creator and g.value(ds, prop) is not None:
            continue  # the scheming ``creator`` (core profile) names the creator; the author is not a second one
        source = extras if in_extras else f.package
        name_key = f"{prefix}_name" if in_extras else prefix
        f.agent(prop, prefix, FOAF_AGENT, source.get(name_key), source.get(f"{prefix}_email"))
    _resources(f)


def _resources(f: Forward) -> None:
    for position, res in resources(f.package):
        node = f.distribution(res, position)
        for key, prop in _RESOURCE_TEXTS:
            text = res.get(key) or f.extras.get(key)  # GovData portals also set it once per dataset
            if text:
                f.graph.add((node, prop, f.literal(text)))
        for key, prop in _RESOURCE_IRIS:
            iri = safe_iri(res.get(key))
            if iri is not None:
                f.graph.add((node, prop, iri))


def to_package(b: Backward) -> None:
    """The mirror of :func:`to_graph`; DCAT-AP.de values overrule the core's contact-based maintainer."""
    ds = b.dataset
    for key, prop in _IRI_LISTS:
        values = [str(v) for v in b.values(ds, prop)]
        b.set_extra(key, json.dumps(values) if values else None)
    for key, prop in _IRI_SINGLE:
        b.set_extra(key, b.text(ds, prop))
    for key, prop in _TEXT_LISTS:
        values = [str(v) for v in b.values(ds, prop)]
        b.set_extra(key, (values[0] if len(values) == 1 else json.dumps(values)) if values else None)
    contact = (b.package.get("maintainer"), b.package.get("maintainer_email"))
    from_ckan = b.value(ds, RG.ckanName) is not None
    for prefix, in_extras, prop in _AGENTS:
        node = b.value(ds, prop)
        name = b.text(node, FOAF.name) if node is not None else None
        email = b.text(node, FOAF.mbox) if node is not None else None
        email = email[7:] if email and email.startswith("mailto:") else email
        if in_extras:
            b.set_extra(f"{prefix}_name", name)
            b.set_extra(f"{prefix}_email", email)
        elif node is not None or from_ckan:  # harvested DCAT keeps the contact point as maintainer
            b.package[prefix], b.package[f"{prefix}_email"] = name, email
    _read_contact_extras(b, contact)
    _read_resources(b)


def _read_contact_extras(b: Backward, contact: tuple[str | None, str | None]) -> None:
    """The contact point becomes ``contact_*`` extras when it is neither the maintainer nor the author."""
    if b.value(b.dataset, DCAT.contactPoint) is None:
        return
    p = b.package
    if contact in {(p.get("maintainer"), p.get("maintainer_email")), (p.get("author"), p.get("author_email"))}:
        return
    b.set_extra("contact_name", contact[0])
    b.set_extra("contact_email", contact[1])


def _read_resources(b: Backward) -> None:
    by_id = {r["id"]: r for r in b.package.get("resources", [])}
    for node in b.values(b.dataset, DCAT.distribution):
        res = by_id.get(b.text(node, DCTERMS.identifier) or "")
        if res is None:
            continue
        for key, prop in _RESOURCE_TEXTS + _RESOURCE_IRIS:
            value = b.text(node, prop)
            if value is not None:
                res[key] = value


PROFILE = Profile("dcat_ap_de", to_graph, to_package)
