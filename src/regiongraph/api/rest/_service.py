"""The blocking half of the REST API: plans become SPARQL, rows become items (runs on query threads)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import pyoxigraph as ox

from ...instance import Instance
from ...namespaces import DCAT, DCTERMS, code
from ...queries import Binder
from ...search import SearchIndex
from ...store import GraphStore
from .._problem import NotFoundError
from . import _bind as bind
from ._query import (
    Codes,
    Plan,
    count_query,
    decode,
    decode_relation,
    detail_query,
    facet_query,
    page_query,
    relation_query,
)
from ._spec import PROJECT_KINDS, Facet, Filter, Resource

_KIND_TYPES = {kind: ox.NamedNode(t) for t, kind in PROJECT_KINDS.items()}
_TERRITORY = (
    "land",
    "regierungsbezirk",
    "kreis",
    "landkreis",
    "regionalverband",
    "kreisfreie-stadt",
    "stadtkreis",
    "stadt",
    "grosse-kreisstadt",
    "gemeinde",
    "markt",
    "gemeindefreies-gebiet",
)


@dataclass
class Page:
    """One list page: items, whether more follow, and the requested facets."""

    items: list[dict]
    more: bool
    facets: dict[str, list[dict]] = field(default_factory=dict)


class RestService:
    """Reads the store for the REST routes.

    Args:
        instance: the instance (settings, minter, search index, binder).
        store: the store to read; default the instance's.
    """

    def __init__(self, instance: Instance, store: GraphStore | None = None) -> None:
        self.instance, self.settings = instance, instance.settings
        self.store = store if store is not None else instance.store
        self.minter = instance.minter
        self.index: SearchIndex = instance.index

    @cached_property
    def codes(self) -> Codes:
        return Codes.load(self.store)

    @property
    def binder(self) -> Binder:
        """Typed parameters of the named queries (the instance's; the gazetteer is parsed on first use)."""
        return self.instance.binder

    @cached_property
    def terms(self) -> bind.Terms:
        return bind.Terms(self.binder.resolver, self.minter)

    # -- lists -----------------------------------------------------------------------------------

    def plan(self, resource: Resource, params: Mapping[str, Any]) -> Plan | None:
        """A validated plan, or ``None`` when the free-text filter matches nothing."""
        sort = params.get("sort") or next(iter(resource.sorts))
        plan = Plan(
            resource,
            sort=sort.lstrip("-"),
            descending=sort.startswith("-"),
            limit=params.get("limit", 20),
            offset=params.get("offset", 0),
            relevant=not params.get("all", False),
        )
        for flt in resource.filters:
            raw = params.get(flt.name)
            for value in [raw] if isinstance(raw, int) else raw or ():
                plan.add(flt.pattern, self.term(flt, value))
        if params.get("q"):
            found = self.index.iris(params["q"], kind=resource.kind)
            if not found:
                return None
            plan.restrict = bind.values("s", (ox.NamedNode(i) for i in found))
        return plan

    def term(self, flt: Filter, value: str | int) -> ox.NamedNode | ox.Literal:
        """One filter value as a term, by the filter's kind."""
        if flt.parse == "year":
            return bind.integer(flt.name, value, year=True)
        value = str(value)
        if len(value) > 500:
            raise bind.BadParameterError(flt.name, "longer than 500 characters")
        if flt.parse == "agent":
            return self.terms.agent(flt.name, value)
        if flt.parse == "record":
            return self.terms.record(flt.name, value)
        if flt.parse == "theme":
            return bind.theme(flt.name, value)
        if flt.parse == "project-kind":
            if value not in _KIND_TYPES:
                raise bind.BadParameterError(flt.name, f"one of {', '.join(_KIND_TYPES)}")
            return _KIND_TYPES[value]
        if flt.parse == "classification":
            scheme = "territory-type" if value in _TERRITORY or "territory-type/" in value else "organisation-kind"
            return bind.notation(flt.name, scheme, value)
        if flt.parse.startswith("code:"):
            return bind.notation(flt.name, flt.parse[5:], value)
        return bind.literal(flt.name, value)

    def page(self, plan: Plan | None, facets: list[str]) -> Page:
        """Run the page query and the requested facet queries."""
        if plan is None:
            return Page([], False, {name: [] for name in facets})
        rows = list(self.store.select(page_query(plan), substitutions=plan.bindings or None))
        items = [decode(plan.resource, row, self.codes, PROJECT_KINDS) for row in rows[: plan.limit]]
        wanted = [f for f in plan.resource.facets if f.name in facets]
        return Page(items, len(rows) > plan.limit, {f.name: self.facet(plan, f) for f in wanted})

    def count(self, plan: Plan | None) -> int:
        """How many members the whole filtered list has (the web front's total; one COUNT query)."""
        if plan is None:
            return 0
        rows = list(self.store.select(count_query(plan), substitutions=plan.bindings or None))
        return int(rows[0]["n"].value) if rows else 0

    def facet(self, plan: Plan, facet: Facet) -> list[dict]:
        out = []
        for row in self.store.select(facet_query(plan, facet.pattern, facet.kind), substitutions=plan.bindings or None):
            value = row["v"].value
            label = row["label"].value if facet.kind == "entity" and row["label"] is not None else None
            entry: dict = {"value": value, "label": label, "count": int(row["n"].value)}
            if facet.kind == "code":
                ref = self.codes.item(value)
                entry.update(label=ref["label"], notation=ref["notation"])
            out.append(entry)
        return out

    # -- details ---------------------------------------------------------------------------------

    def iris_for(self, resource: Resource, ident: str) -> list[ox.NamedNode]:
        """Candidate IRIs of a member named in a path."""
        try:
            ident = bind.identifier("id", ident)
        except bind.BadParameterError:
            raise NotFoundError(f"no {resource.kind} {ident[:80]!r}") from None
        m = self.minter
        if resource.name == "cooperations":
            return [ox.NamedNode(m.entity("cooperation", ident)), ox.NamedNode(m.entity("project", ident))]
        if resource.name == "projects":
            return [ox.NamedNode(m.entity("project", ident))]
        if resource.name == "organisations":
            return [ox.NamedNode(m.territory(ident) if ident.isdigit() else m.organisation(ident))]
        if resource.name == "datasets":
            return self._datasets_by_identifier(ident)
        scheme = {"fields": "field", "dimensions": "smart-city-dimension", "legal-forms": "legal-form"}[resource.name]
        return [ox.NamedNode(code(scheme, ident))]

    def _datasets_by_identifier(self, ident: str) -> list[ox.NamedNode]:
        rows = self.store.select(
            f"SELECT ?s WHERE {{ ?s a <{DCAT.Dataset}> ; <{DCTERMS.identifier}> ?ident }} ORDER BY ?s LIMIT 1",
            substitutions={"ident": ox.Literal(ident)},
        )
        return [row["s"] for row in rows]

    def detail(self, resource: Resource, ident: str) -> dict:
        """One member with its details and related entities; :class:`NotFoundError` if there is none."""
        for iri in self.iris_for(resource, ident):
            item = self.detail_of(resource, iri)
            if item is not None:
                return item
        raise NotFoundError(f"no {resource.kind} {ident!r}")

    def detail_of(self, resource: Resource, iri: ox.NamedNode) -> dict | None:
        """The member ``iri`` as :meth:`detail` gives it, or ``None`` if it is not one of ``resource``."""
        rows = list(self.store.select(detail_query(resource), substitutions={"s": iri}))
        if not rows:
            return None
        item = decode(resource, rows[0], self.codes, PROJECT_KINDS)
        item.update(decode(_details(resource), rows[0], self.codes, PROJECT_KINDS))
        for name, pattern in resource.relations.items():
            item[name] = [
                decode_relation(r, self.codes, roles="?role" in pattern)
                for r in self.store.select(relation_query(pattern), substitutions={"s": iri})
            ]
        return item


def _details(resource: Resource) -> Resource:
    return Resource(resource.name, resource.kind, resource.title, resource.select, resource.details)
