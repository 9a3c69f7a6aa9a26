"""Profile ``regiongraph``: publishers resolved to the gazetteer, links to the register, source defaults."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from rdflib import URIRef
from rdflib.term import Node

from ...namespaces import GEOCODING, GEOCODING_LEVEL
from .._context import MappingContext
from ._profile import Backward, Forward, Package, Profile, extras_dict
from ._terms import DCATDE, DCTERMS, FOAF, RDF, string_literal
from ._values import json_list, safe_iri

#: Extras that carry the publisher's official key (AGS), most specific first.
_KEY_EXTRAS = ("ags", "AGS", "publisher_ags")
#: Official key length → (DCAT-AP.de geocoding key kind, level).
_KEY_KINDS = {
    8: ("municipalityKey", "municipality"),
    5: ("districtKey", "district"),
    3: ("administrativeDistrictKey", "administrativeDistrict"),
    2: ("stateKey", "state"),
    12: ("regionalKey", "municipality"),
}


@dataclass
class Facts:
    """What link rules look at: a package's tags, groups, extras and organisation names (case-folded)."""

    tags: set[str] = field(default_factory=set)
    groups: set[str] = field(default_factory=set)
    extras: dict[str, str] = field(default_factory=dict)
    organizations: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, package: Package) -> Facts:
        org = package.get("organization")
        org = org if isinstance(org, dict) else {}  # a portal may send anything here; only a dict names one
        return cls(
            tags={_fold(t.get("name") if isinstance(t, dict) else t) for t in _items(package.get("tags"))},
            groups={_fold(g.get("name") if isinstance(g, dict) else g) for g in _items(package.get("groups"))},
            extras=extras_dict(package),
            organizations={_fold(v) for v in (org.get("name"), org.get("title")) if v},
        )


def _items(value: Any) -> list[Any]:
    """A CKAN list field as a list (a comma-separated string too; anything else as empty)."""
    return json_list(value) if isinstance(value, str) else value if isinstance(value, list) else []


def _fold(value: Any) -> str:
    return str(value or "").strip().casefold()


def to_graph(f: Forward) -> None:
    """Resolve the publisher, add the source's defaults, link the dataset to the register."""
    resolve_publisher(f.graph, f.dataset, f.ctx, [f.extras.get(k) for k in _KEY_EXTRAS])
    add_defaults(f.graph, f.dataset, f.ctx)
    add_links(f.graph, f.dataset, f.ctx, Facts.of(f.package))


def resolve_publisher(g: Any, ds: URIRef, ctx: MappingContext, keys: Iterable[str | None] = ()) -> None:
    """Replace the publisher by the gazetteer territory (or register organisation) it names.

    The official key in an extra wins, then the publisher's name; without a publisher, or
    with one that resolves to nothing, the source's ``publisher`` default is used.
    """
    node = g.value(ds, DCTERMS.publisher)
    names = [k for k in keys if k] + ([str(n) for n in g.objects(node, FOAF.name)] if node is not None else [])
    target = next((iri for ref in names if (iri := ctx.resolve(str(ref)))), None)
    default = ctx.options.get("publisher")
    if target is None and default and (node is None or not names):
        target = str(safe_iri(default) or ctx.resolve(str(default)) or "")
        if not target:
            g.add((ds, DCTERMS.publisher, _named_agent(g, ctx, str(default))))
            return
    if target:
        _move(g, ds, node, URIRef(target))


def _named_agent(g: Any, ctx: MappingContext, name: str) -> URIRef:
    node = URIRef(ctx.minter.part(ctx.minter.entity("publisher", "default"), name.lower().replace(" ", "-")))
    g.add((node, RDF.type, FOAF.Agent))
    g.add((node, FOAF.name, string_literal(name)))
    return node


def _move(g: Any, ds: URIRef, old: Node | None, new: URIRef) -> None:
    """Make ``new`` the publisher, keeping the name the source gave it (foaf:name)."""
    if old is not None and old != new:
        g.remove((ds, DCTERMS.publisher, old))
        for _, p, o in list(g.triples((old, None, None))):
            g.remove((old, p, o))
            g.add((new, p, o))
    g.add((ds, DCTERMS.publisher, new))
    g.add((new, RDF.type, FOAF.Agent))


def add_defaults(g: Any, ds: URIRef, ctx: MappingContext) -> None:
    """The source's contributorID and political geocoding, where the dataset has none of its own."""
    options = ctx.options
    if g.value(ds, DCATDE.contributorID) is None:
        for value in json_list(options.get("contributor_id")):
            iri = safe_iri(value)
            if iri is not None:
                g.add((ds, DCATDE.contributorID, iri))
    if g.value(ds, DCATDE.politicalGeocodingURI) is None:
        levels = []
        for value in json_list(options.get("political_geocoding")):
            iri, level = geocoding_iri(value)
            if iri is not None:
                g.add((ds, DCATDE.politicalGeocodingURI, iri))
                levels.append(level)
        if levels and levels[0] is not None and g.value(ds, DCATDE.politicalGeocodingLevelURI) is None:
            g.add((ds, DCATDE.politicalGeocodingLevelURI, levels[0]))


def geocoding_iri(value: str) -> tuple[URIRef | None, URIRef | None]:
    """A DCAT-AP.de political-geocoding IRI for an IRI or an official key, with its level for keys."""
    text = str(value).strip()
    if text.isdigit() and len(text) in _KEY_KINDS:
        kind, level = _KEY_KINDS[len(text)]
        return URIRef(f"{GEOCODING}{kind}/{text}"), URIRef(f"{GEOCODING_LEVEL}{level}")
    return safe_iri(text), None


def add_links(g: Any, ds: URIRef, ctx: MappingContext, facts: Facts) -> None:
    """``dcterms:relation`` to each register record whose rule in ``[mapping] links`` matches."""
    for rule in ctx.options.get("links") or []:
        if isinstance(rule, Mapping) and _matches(rule, facts) and "/" in str(rule.get("target", "")):
            kind, record_id = str(rule["target"]).split("/", 1)
            g.add((ds, DCTERMS.relation, URIRef(ctx.minter.entity(kind, record_id))))


def _matches(rule: Mapping[str, Any], facts: Facts) -> bool:
    if "tag" in rule:
        return _fold(rule["tag"]) in facts.tags
    if "group" in rule:
        return _fold(rule["group"]) in facts.groups
    if "organization" in rule:
        return _fold(rule["organization"]) in facts.organizations
    if "extra" in rule:
        value = facts.extras.get(str(rule["extra"]))
        return value is not None and ("value" not in rule or _fold(value) == _fold(rule["value"]))
    return False


def to_package(b: Backward) -> None:
    """Nothing to add: the resolved publisher comes back through ``publisher_uri`` (core profile),
    and register links are derived again from the source's rules on the next harvest."""


PROFILE = Profile("regiongraph", to_graph, to_package)
