"""Profile ``euro_dcat_ap``: the DCAT-AP core of a CKAN package (ckanext-dcat's mapping, in DCAT-AP 2/3 terms)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from rdflib import Literal, URIRef
from rdflib.term import Node

from ...iris import slugify
from ._distribution import add_distributions, read_distributions
from ._licence_terms import add_licence, licence_text
from ._profile import VCARD_KIND, Backward, Forward, Profile
from ._terms import ADMS, DCAT, DCTERMS, FOAF, GSP, LOCN, OWL, RDF, RG, SKOS, VCARD, string_literal
from ._themes import theme_code, theme_iri
from ._values import date_literal, json_list, mailto, plain_text, safe_iri

#: Extras holding lists of IRIs (a JSON list or one IRI), as ckanext-dcat writes them.
_IRI_LISTS = (("theme", DCAT.theme), ("language", DCTERMS.language), ("conforms_to", DCTERMS.conformsTo))
_IRI_SINGLE = (("access_rights", DCTERMS.accessRights), ("frequency", DCTERMS.accrualPeriodicity),
               ("spatial_uri", DCTERMS.spatial))
#: (effective extra, CKAN fallback field, property)
_DATES = (("issued", "metadata_created", DCTERMS.issued), ("modified", "metadata_modified", DCTERMS.modified))


def to_graph(f: Forward) -> None:
    """Title, description, keywords, themes, dates, coverage, publisher, contact, licence, distributions."""
    g, ds, p = f.graph, f.dataset, f.package
    g.add((ds, RDF.type, DCAT.Dataset))
    for key, prop in (("title", DCTERMS.title), ("notes", DCTERMS.description)):
        text = plain_text(p.get(key))
        if text:
            g.add((ds, prop, string_literal(text, lang="de")))
    g.add((ds, DCTERMS.identifier, string_literal(str(p.get("id") or p.get("name")))))
    if p.get("name"):
        g.add((ds, RG.ckanName, string_literal(str(p["name"]))))
    for tag in p.get("tags") or []:
        name = str(tag.get("name") if isinstance(tag, dict) else tag).strip()
        if name:
            g.add((ds, DCAT.keyword, string_literal(name, lang="de")))
    _groups(f)
    _scalars(f)
    _dates(f)
    _coverage(f)
    _publisher(f)
    _contact(f)
    licence = add_licence(f, ds, p.get("license_id") or p.get("license_url"), "license")
    add_distributions(f, licence)


def _groups(f: Forward) -> None:
    for group in f.package.get("groups") or []:
        name = str(group.get("name") if isinstance(group, dict) else group).strip()
        if not name:
            continue
        f.graph.add((f.dataset, RG.ckanGroup, string_literal(name)))
        theme = theme_iri(name)
        if theme:
            f.graph.add((f.dataset, DCAT.theme, URIRef(theme)))


def _scalars(f: Forward) -> None:
    g, ds, extras = f.graph, f.dataset, f.extras
    url = str(f.package.get("url") or "").strip()
    if url:
        landing = safe_iri(url)
        g.add((ds, DCAT.landingPage, landing if landing is not None else string_literal(url)))
    if f.package.get("version"):
        g.add((ds, OWL.versionInfo, string_literal(str(f.package["version"]))))
    for key, prop in _IRI_LISTS + _IRI_SINGLE:
        for value in json_list(extras.get(key)) if (key, prop) in _IRI_LISTS else [extras.get(key)]:
            if value:
                iri = safe_iri(value)
                g.add((ds, prop, iri if iri is not None else string_literal(value)))
    if extras.get("identifier"):
        ident = f.node("identifier")
        g.add((ds, ADMS.identifier, ident))
        g.add((ident, RDF.type, ADMS.Identifier))
        g.add((ident, SKOS.notation, string_literal(extras["identifier"])))


def _dates(f: Forward) -> None:
    extras = f.extras
    for key, fallback, prop in _DATES:
        f.checked(f.dataset, prop, date_literal(extras.get(key) or f.package.get(fallback)), key)


def _coverage(f: Forward) -> None:
    g, ds, extras = f.graph, f.dataset, f.extras
    if extras.get("temporal_start") or extras.get("temporal_end"):
        period = f.node("temporal")
        g.add((ds, DCTERMS.temporal, period))
        g.add((period, RDF.type, DCTERMS.PeriodOfTime))
        for key, prop in (("temporal_start", DCAT.startDate), ("temporal_end", DCAT.endDate)):
            f.checked(period, prop, date_literal(extras.get(key)), key)
    if extras.get("spatial"):
        place = f.node("spatial")
        g.add((ds, DCTERMS.spatial, place))
        g.add((place, RDF.type, DCTERMS.Location))
        g.add((place, LOCN.geometry, Literal(extras["spatial"], datatype=GSP.geoJSONLiteral)))
        if extras.get("spatial_text"):
            g.add((place, SKOS.prefLabel, string_literal(extras["spatial_text"], lang="de")))


def _publisher(f: Forward) -> None:
    """The organisation (or the ``publisher_*`` extras) as a foaf:Agent; ``regiongraph`` may resolve it."""
    org = f.package.get("organization") or {}
    extras = f.extras
    name = extras.get("publisher_name") or org.get("title") or org.get("name")
    if org.get("name"):
        f.graph.add((f.dataset, RG.ckanOrganization, string_literal(str(org["name"]))))
    if not name:
        return
    slug = slugify(str(org.get("name") or name)) or "publisher"
    node = safe_iri(extras.get("publisher_uri")) or URIRef(
        f.ctx.minter.part(f.ctx.minter.entity("publisher", f.source), slug))
    f.graph.add((f.dataset, DCTERMS.publisher, node))
    f.graph.add((node, RDF.type, FOAF.Agent))
    f.graph.add((node, FOAF.name, string_literal(str(name))))
    email = mailto(extras.get("publisher_email"))
    if email is not None:
        f.graph.add((node, FOAF.mbox, email))


def _contact(f: Forward) -> None:
    """dcat:contactPoint from the ``contact_*`` extras, else the maintainer, else the author."""
    p, extras = f.package, f.extras
    candidates = (("contact_name", "contact_email", extras), ("maintainer", "maintainer_email", p),
                  ("author", "author_email", p))
    for name_key, email_key, source in candidates:
        name, email = source.get(name_key), source.get(email_key)
        if name or email:
            f.agent(DCAT.contactPoint, "contact", VCARD_KIND, name, email)
            return


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
        values = [str(v) for v in b.values(b.dataset, prop)]
        b.set_extra(key, json.dumps(values) if values else None)
    for key, prop in _IRI_SINGLE:
        values = [v for v in b.values(b.dataset, prop) if key != "spatial_uri" or isinstance(v, URIRef)]
        values = [v for v in values if key != "spatial_uri" or b.value(v, LOCN.geometry) is None]
        b.set_extra(key, str(values[0]) if values else None)
    ident = b.value(b.dataset, ADMS.identifier)
    b.set_extra("identifier", b.text(ident, SKOS.notation) if ident is not None else None)


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
        geometry = b.text(place, LOCN.geometry)
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
