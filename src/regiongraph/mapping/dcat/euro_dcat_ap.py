"""Profile ``euro_dcat_ap``: the DCAT-AP core of a CKAN package (ckanext-dcat's mapping, in DCAT-AP 2/3 terms)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from ...iris import slugify
from ...languages import language_tag
from .._repairs import Repair, record_repair
from ._distribution import add_distributions, read_distributions
from ._fields import listed, present, scalar, translated_lists
from ._frequencies import frequency_iri
from ._licence_terms import add_licence, licence_text
from ._parts import (
    DATES,
    add_contacts,
    add_dates,
    add_languages,
    add_publisher,
    add_spatial,
    add_temporal,
    geometry_text,
    licence_value,
)
from ._profile import Backward, Forward, Profile
from ._terms import ADMS, DCAT, DCATAP, DCTERMS, FOAF, LOCN, OWL, RDF, RDFS, RG, SKOS, VCARD, string_literal
from ._themes import theme_code, theme_iri
from ._values import json_list, safe_iri

#: List fields of IRIs (scheming lists, or extras as a JSON list / one IRI), as ckanext-dcat writes them.
_IRI_LISTS = (
    ("theme", DCAT.theme),
    ("language", DCTERMS.language),
    ("conforms_to", DCTERMS.conformsTo),
    ("documentation", FOAF.page),
    ("is_referenced_by", DCTERMS.isReferencedBy),
    ("applicable_legislation", DCATAP.applicableLegislation),
)
_IRI_SINGLE = (
    ("access_rights", DCTERMS.accessRights),
    ("frequency", DCTERMS.accrualPeriodicity),
    ("spatial_uri", DCTERMS.spatial),
)
_DATES = DATES
#: List fields that name other resources by IRI and have no label form.
_REFERENCES = ("is_referenced_by",)
#: Fields whose text DCAT-AP 3 wants as a resource of a class, the text its label (ckanext-dcat 2.x writes
#: ``access_rights: "Statement about access rights"``): a blank-like node minted under the dataset.
_LABELLED = {"access_rights": DCTERMS.RightsStatement, "conforms_to": DCTERMS.Standard, "frequency": DCTERMS.Frequency}


def to_graph(f: Forward) -> None:
    """Title, description, keywords, themes, dates, coverage, publisher, contact, licence, distributions."""
    g, ds, p = f.graph, f.dataset, f.package
    g.add((ds, RDF.type, DCAT.Dataset))
    for key, prop in (("title", DCTERMS.title), ("notes", DCTERMS.description)):
        for text, lang in f.texts(p, key):
            g.add((ds, prop, string_literal(text, lang=lang)))
    g.add((ds, DCTERMS.identifier, string_literal(str(p.get("id") or p.get("name")))))
    if p.get("name"):
        g.add((ds, RG.ckanName, string_literal(str(p["name"]))))
    _keywords(f)
    _groups(f)
    _scalars(f)
    add_dates(f)
    add_temporal(f)
    add_spatial(f)
    add_publisher(f)
    add_publisher(f, "creator", DCTERMS.creator)
    add_contacts(f)
    licence = add_licence(f, ds, licence_value(f), "license")
    add_distributions(f, licence)


def _keywords(f: Forward) -> None:
    """Tags in the declared language; ``tags_translated`` gives them per language."""
    by_language = translated_lists(f.package, "tags")
    if by_language:
        pairs = [(name, language_tag(lang)) for lang, names in by_language.items() for name in names]
    else:
        pairs = [(name, f.lang) for name in tag_names(f.package.get("tags"))]
    for name, lang in pairs:
        f.graph.add((f.dataset, DCAT.keyword, string_literal(name, lang=lang)))


def tag_names(tags: Any) -> list[str]:
    """CKAN tags (a list of ``{name}`` dicts; some portals send names, or one comma-separated string)."""
    items = json_list(tags) if isinstance(tags, str) else tags if isinstance(tags, list) else []
    names = (str(t.get("name") or "") if isinstance(t, dict) else str(t) for t in items)
    return [name.strip() for name in names if name.strip()]


def _groups(f: Forward) -> None:
    groups = f.package.get("groups")
    for group in groups if isinstance(groups, list) else []:
        name = str(group.get("name") if isinstance(group, dict) else group).strip()
        if not name:
            continue
        f.graph.add((f.dataset, RG.ckanGroup, string_literal(name)))
        theme = theme_iri(name)
        if theme:
            f.graph.add((f.dataset, DCAT.theme, URIRef(theme)))


def _scalars(f: Forward) -> None:
    g, ds, p, extras = f.graph, f.dataset, f.package, f.extras
    url = str(p.get("url") or "").strip() if not isinstance(p.get("url"), list | dict) else ""
    if url:
        landing = safe_iri(url)
        g.add((ds, DCAT.landingPage, landing if landing is not None else string_literal(url)))
    if present(p.get("version")) and not isinstance(p.get("version"), list | dict):
        g.add((ds, OWL.versionInfo, string_literal(str(p["version"]))))
    add_languages(f)
    for key, prop in _IRI_LISTS + _IRI_SINGLE:
        if key == "language":
            continue
        values = listed(p, extras, key) if (key, prop) in _IRI_LISTS else [scalar(p, extras, key)]
        for index, value in enumerate(v for v in values if v):
            if key in _REFERENCES and safe_iri(value) is None:
                # A publication named in words is no resource DCAT-AP 3 can hold (dcterms:isReferencedBy
                # MUST be an IRI or node): left out, kept on the record as a rejected value (a finding).
                f.reject(f"{key}: {str(value)!r} is not an IRI")
                continue
            g.add((ds, prop, _resource(f, key, value, index)))
    identifier = scalar(p, extras, "identifier")
    if identifier:
        ident = f.node("identifier")
        g.add((ds, ADMS.identifier, ident))
        g.add((ident, RDF.type, ADMS.Identifier))
        g.add((ident, SKOS.notation, string_literal(identifier)))


def _resource(f: Forward, key: str, value: str, index: int) -> Node:
    """``value`` as DCAT-AP 3 wants it: an IRI; a frequency word its EU IRI (a recorded repair); the text of a
    labelled field a node of its class; other text stays text (the gate names it)."""
    iri = safe_iri(value)
    if iri is not None:
        return iri
    known = frequency_iri(value) if key == "frequency" else None
    if known is not None:
        record_repair(f.graph, f.dataset, Repair("frequency", "frequency-word-to-eu-iri", value, known))
        return URIRef(known)
    if key not in _LABELLED:
        return string_literal(value)
    node = f.node(key if index == 0 else f"{key}-{index + 1}")
    f.graph.add((node, RDF.type, _LABELLED[key]))
    f.graph.add((node, RDFS.label, f.literal(value)))
    return node


def to_package(b: Backward) -> None:
    """The mirror of :func:`to_graph`."""
    p, ds = b.package, b.dataset
    p["id"] = b.text(ds, DCTERMS.identifier) or str(ds)
    p["name"] = b.text(ds, RG.ckanName) or slugify(b.text(ds, DCTERMS.title) or str(ds).rsplit("/", 1)[-1])
    p["title"] = b.text(ds, DCTERMS.title) or ""
    p["notes"] = b.text(ds, DCTERMS.description) or ""
    p["tags"] = [{"name": str(k)} for k in sorted({str(k) for k in b.values(ds, DCAT.keyword)})]
    p["url"] = b.text(ds, DCAT.landingPage) or ""
    if b.value(ds, OWL.versionInfo) is not None:
        p["version"] = b.text(ds, OWL.versionInfo)
    p.setdefault("extras", [])
    b.set_extra("uri", str(ds))
    _read_groups(b)
    _read_scalars(b)
    _read_dates(b)
    _read_coverage(b)
    _read_publisher(b)
    _read_contact(b)
    p["license_id"] = licence_text(b, ds) or ""
    p["resources"] = read_distributions(b, p["license_id"] or None)
    p["num_resources"], p["num_tags"] = len(p["resources"]), len(p["tags"])


def _read_groups(b: Backward) -> None:
    groups = sorted({str(g) for g in b.values(b.dataset, RG.ckanGroup)})
    implied = {theme_iri(g) for g in groups}
    if not groups and b.value(b.dataset, RG.ckanName) is None:  # harvested DCAT: themes become groups (dcatde)
        groups = sorted({c.lower() for t in b.values(b.dataset, DCAT.theme) if (c := theme_code(str(t)))})
        implied = {theme_iri(g) for g in groups}
    b.package["groups"] = [{"name": g} for g in groups]
    extra = [str(t) for t in b.values(b.dataset, DCAT.theme) if str(t) not in implied]
    b.set_extra("theme", json.dumps(extra) if extra else None)


def _read_scalars(b: Backward) -> None:
    for key, prop in _IRI_LISTS[1:]:
        sent = [_as_sent(b, v) for v in b.values(b.dataset, prop)]
        b.set_extra(key, json.dumps(sent) if sent else None)
    for key, prop in _IRI_SINGLE:
        values = [v for v in b.values(b.dataset, prop) if key != "spatial_uri" or isinstance(v, URIRef)]
        values = [v for v in values if key != "spatial_uri" or b.value(v, LOCN.geometry) is None]
        b.set_extra(key, _as_sent(b, values[0]) if values else None)
    ident = b.value(b.dataset, ADMS.identifier)
    b.set_extra("identifier", b.text(ident, SKOS.notation) if ident is not None else None)


def _as_sent(b: Backward, value: Node) -> str:
    """An IRI or text as is; a node of the record itself (a minted or blank statement) as its label."""
    label = b.text(value, RDFS.label) if not isinstance(value, Literal) else None
    own = isinstance(value, BNode) or str(value).startswith(f"{b.dataset}/") or "/genid/" in str(value)
    return label if label is not None and own else str(value)


def _read_dates(b: Backward) -> None:
    """DCAT dates as the extras ``issued`` / ``modified``, and as CKAN's own timestamps."""
    for key, fallback, prop in _DATES:
        value = b.text(b.dataset, prop)
        b.set_extra(key, value)
        if value is not None:
            b.package[fallback] = ckan_timestamp(value)


def ckan_timestamp(value: str) -> str:
    """A date or dateTime as CKAN writes ``metadata_modified``: naive UTC with microseconds.

    Stores canonicalise dateTimes (``…:00.000000`` → ``…:00``); CKAN clients compare the
    timestamps as text, so the mirror always writes CKAN's one form.
    """
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return value
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%f")


def _read_coverage(b: Backward) -> None:
    period = b.value(b.dataset, DCTERMS.temporal)
    if period is not None:
        for key, prop in (("temporal_start", DCAT.startDate), ("temporal_end", DCAT.endDate)):
            b.set_extra(key, b.text(period, prop))
    for place in b.values(b.dataset, DCTERMS.spatial):
        geometry = geometry_text(b, place)
        if geometry is not None:
            b.set_extra("spatial", geometry)
            b.set_extra("spatial_text", b.text(place, SKOS.prefLabel))


def _read_publisher(b: Backward) -> None:
    node = b.value(b.dataset, DCTERMS.publisher)
    org_name = b.text(b.dataset, RG.ckanOrganization)
    title = b.text(node, FOAF.name) if node is not None else None
    if org_name or title:
        b.package["organization"] = {"name": org_name or slugify(title or ""), "title": title or org_name}
    if isinstance(node, URIRef):
        b.set_extra("publisher_uri", str(node))
    if node is not None:
        email = b.text(node, FOAF.mbox)
        b.set_extra("publisher_email", email[7:] if email and email.startswith("mailto:") else email)


def _read_contact(b: Backward) -> None:
    node = b.value(b.dataset, DCAT.contactPoint)
    if node is None:
        return
    name, email = b.text(node, VCARD.fn), _email(b, node, VCARD.hasEmail)
    b.package["maintainer"], b.package["maintainer_email"] = name, email


def _email(b: Backward, node: Node, prop: URIRef) -> str | None:
    email = b.text(node, prop)
    return email[7:] if email and email.startswith("mailto:") else email


PROFILE = Profile("euro_dcat_ap", to_graph, to_package)
