"""SPARQL for the REST lists: one query per page (plus one per requested facet), values bound.

A page query selects, sorts and cuts the members in a sub-select (so ``LIMIT`` counts
entities, not rows), then fetches their fields, multi-valued ones folded with
``GROUP_CONCAT``. Filter values are ``substitutions`` — the store places them as a ``VALUES``
block in the first ``WHERE {``, which is the sub-select's (the outer query has no ``WHERE``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pyoxigraph as ox

from ...namespaces import sparql_prologue
from ._spec import LABEL, Field, Resource

PROLOGUE = sparql_prologue()
#: Separators inside GROUP_CONCAT values: ASCII record/unit separators never occur in register text.
RS, US = "\x1e", "\x1f"


@dataclass
class Plan:
    """A list request, validated: bound filter values, the IRI restriction from search, paging, sort."""

    resource: Resource
    bindings: dict[str, ox.NamedNode | ox.Literal] = field(default_factory=dict)
    patterns: list[str] = field(default_factory=list)
    restrict: str = ""
    relevant: bool = True
    sort: str = "title"
    descending: bool = False
    limit: int = 20
    offset: int = 0

    def add(self, pattern: str, term: ox.NamedNode | ox.Literal) -> None:
        """Add one filter: its pattern gets a fresh variable, bound to ``term``."""
        var = f"p{len(self.bindings)}"
        self.bindings[var] = term
        self.patterns.append(pattern.replace("{v}", f"?{var}"))

    def where(self) -> str:
        """The member selection: resource pattern, relevance, filters, search restriction."""
        parts = [self.restrict]
        if self.relevant and self.resource.relevant:
            parts.append(self.resource.relevant)  # first: the few relevant members, then their type
        return " ".join([*parts, self.resource.select, *self.patterns, self.resource.exclude])


def _var(f: Field) -> str:
    return f"?f_{f.name}"


def _select_expr(f: Field) -> str:
    v, out = _var(f), f"?{f.name}"
    if f.kind == "count":
        return f"(COUNT(DISTINCT {v}) AS {out})"
    if f.kind == "entity":
        if f.many:
            pair = f'CONCAT(STR({v}), "{US}", COALESCE(?l_{f.name}, ""))'
            return f'(GROUP_CONCAT(DISTINCT {pair}; separator="{RS}") AS {out})'
        return f"(SAMPLE({v}) AS {out}) (SAMPLE(?l_{f.name}) AS ?{f.name}_label)"
    if f.many:
        inner = v if f.kind == "text" else f"STR({v})"
        return f'(GROUP_CONCAT(DISTINCT {inner}; separator="{RS}") AS {out})'
    return f"(SAMPLE({v}) AS {out})"


def _optional(f: Field) -> str:
    body = f.pattern.replace("{v}", _var(f))
    if f.kind == "entity":
        body += f" OPTIONAL {{ {_var(f)} {LABEL} ?l_{f.name} }}"
    return f"OPTIONAL {{ {body} }}"


def page_query(plan: Plan) -> str:
    """The SPARQL text of one page (values not included: they are the plan's bindings).

    Sort ``store`` (pattern ``""``) pages in the store's own order, stable within a snapshot.
    """
    res = plan.resource
    sort = res.sorts[plan.sort]
    cut = f"LIMIT {int(plan.limit) + 1} OFFSET {int(plan.offset)}"
    if sort:
        order = "DESC(?key)" if plan.descending else "?key"
        inner = (
            f"SELECT ?s (MIN(?k) AS ?key) WHERE {{ {plan.where()} OPTIONAL {{ {sort} }} }} GROUP BY ?s "
            f"ORDER BY {order} ?s {cut}"
        )
    else:
        order, inner = "?s", f"SELECT DISTINCT ?s WHERE {{ {plan.where()} }} {cut}"
    exprs = " ".join(_select_expr(f) for f in res.fields)
    optionals = " ".join(_optional(f) for f in res.fields)
    key = "?key" if sort else ""
    return f"{PROLOGUE}SELECT ?s {key} {exprs} {{ {{ {inner} }} {optionals} }} GROUP BY ?s {key} ORDER BY {order} ?s"


def detail_query(resource: Resource) -> str:
    """The fields and details of one member ``?s`` (bound by substitution)."""
    fields = (*resource.fields, *resource.details)
    exprs = " ".join(_select_expr(f) for f in fields)
    optionals = " ".join(_optional(f) for f in fields)
    return f"{PROLOGUE}SELECT ?s {exprs} WHERE {{ {resource.select} {resource.exclude} {optionals} }} GROUP BY ?s"


def count_query(plan: Plan) -> str:
    """The number of members of the whole filtered list (``?n``), values bound as for the page."""
    return f"{PROLOGUE}SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {plan.where()} }}"


def facet_query(plan: Plan, pattern: str, kind: str, *, limit: int = 200) -> str:
    """Members counted per value of one facet, over the whole filtered list; labels only for the counted values.

    The members are found in a sub-select first (its ``WHERE {`` is the first, so the bound
    values land there; the outer queries have none).
    """
    counted = (
        f"SELECT ?v (COUNT(DISTINCT ?s) AS ?n) {{ {{ SELECT DISTINCT ?s WHERE {{ {plan.where()} }} }} "
        f"{pattern.replace('{v}', '?v')} }} GROUP BY ?v ORDER BY DESC(?n) ?v LIMIT {int(limit)}"
    )
    if kind != "entity":
        return f"{PROLOGUE}{counted}"
    return (
        f"{PROLOGUE}SELECT ?v ?n (SAMPLE(?vl) AS ?label) {{ {{ {counted} }} OPTIONAL {{ ?v {LABEL} ?vl }} }} "
        f"GROUP BY ?v ?n ORDER BY DESC(?n) ?v"
    )


class Codes:
    """Notation and German label of every code-list concept, read once from the store."""

    QUERY = (
        PROLOGUE
        + """SELECT ?c ?n ?l WHERE {
      ?c skos:inScheme ?scheme ; skos:notation ?n . FILTER(DATATYPE(?n) = xsd:string)
      OPTIONAL { ?c skos:prefLabel ?l FILTER(LANG(?l) = "de") } }"""
    )

    def __init__(self, rows: Mapping[str, tuple[str, str | None]]) -> None:
        self.rows = dict(rows)

    @classmethod
    def load(cls, store) -> Codes:
        return cls({r[0].value: (r[1].value, r[2].value if r[2] is not None else None) for r in store.query(cls.QUERY)})

    def item(self, iri: str) -> dict[str, str | None]:
        notation, label = self.rows.get(iri, (iri.rstrip("/").rsplit("/", 1)[-1], None))
        return {"id": iri, "notation": notation, "label": label}


def decode(resource: Resource, row, codes: Codes, kinds: Mapping[str, str]) -> dict:
    """One result row as the JSON item of ``resource``."""
    item: dict = {"id": row["s"].value}
    for f in resource.fields:
        item[f.name] = _value(f, row[f.name], row, codes, kinds)
    return item


def _value(f: Field, term, row, codes: Codes, kinds: Mapping[str, str]):
    text = term.value if term is not None else None
    if f.kind == "count":
        return int(text or 0)
    if f.kind == "number":
        return None if text is None else (int(text) if text.lstrip("-").isdigit() else float(text))
    if f.kind == "entity":
        if not f.many:
            if text is None:
                return None
            label = row[f"{f.name}_label"]
            return {"id": text, "label": label.value if label is not None else None}
        return _entities(text)
    if f.kind == "types":
        found = set((text or "").split(RS))
        return next((kind for t, kind in kinds.items() if t in found), None)
    if not f.many:
        if text is None:
            return None
        return codes.item(text) if f.kind == "code" else text
    values = sorted(v for v in (text or "").split(RS) if v)
    return [codes.item(v) for v in values] if f.kind == "code" else values


def _entities(text: str | None) -> list[dict[str, str | None]]:
    out: dict[str, str | None] = {}
    for pair in (text or "").split(RS):
        if pair:
            iri, _, label = pair.partition(US)
            if out.get(iri) is None:
                out[iri] = label or None
    return [{"id": i, "label": lbl} for i, lbl in sorted(out.items(), key=lambda kv: (kv[1] or "", kv[0]))]


def relation_query(pattern: str, *, limit: int = 1000) -> str:
    """Entities ``?x`` related to the member ``?s`` (bound), with labels and, where the pattern has them, roles."""
    roles = '(GROUP_CONCAT(DISTINCT STR(?role); separator=" ") AS ?roles)' if "?role" in pattern else ""
    return (
        f"{PROLOGUE}SELECT ?x (SAMPLE(?l) AS ?label) {roles} WHERE {{ {pattern} OPTIONAL {{ ?x {LABEL} ?l }} }} "
        f"GROUP BY ?x ORDER BY ?label ?x LIMIT {int(limit)}"
    )


def decode_relation(row, codes: Codes, *, roles: bool) -> dict:
    """One related entity: id, label and, for memberships (``roles``), the roles."""
    item: dict = {"id": row["x"].value, "label": row["label"].value if row["label"] is not None else None}
    if roles:
        item["roles"] = [codes.item(r) for r in sorted(row["roles"].value.split())]
    return item
