"""Which catalogue items a request asks for: one bound SPARQL pattern, counted and paged in the store.

An item is a published record whose primary topic is a ``dcat:Dataset`` (harvested) or a
register cooperation or project (offered as a dataset). Filters are SPARQL fragments whose
values are bound through ``substitutions``; nothing a client sends is pasted into a query.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import pyoxigraph as ox

from .. import ntriples as nt
from ..errors import QueryError
from ..namespaces import XSD, code, sparql_prologue
from ..store import GraphStore
from ._order import cached_count, sorted_records
from ._terms import sparql_id, sparql_name

PUBLISHED = code("record-status", "published")
XSD_DATETIME = ox.NamedNode(str(XSD.dateTime))
#: The kinds of entity the catalogue offers; register kinds become dcat:Dataset in the feed.
KINDS = "dcat:Dataset rg:Cooperation schema:Project"

#: A join, not FILTER EXISTS: Oxigraph evaluates it as one more index lookup per record. An entity
#: of two kinds (a cooperation that is also a schema:Project) yields two rows: counts and pages
#: take each record (?r) once.
ITEMS = f"""
  GRAPH ?g {{ ?r adms:status <{PUBLISHED}> ; foaf:primaryTopic ?d ; dcterms:modified ?m ; dcterms:issued ?c .
             ?d a ?kind }} VALUES ?kind {{ {KINDS} }}
"""
#: Properties the free-text filter ``q`` searches.
TEXT_PROPERTIES = "dcterms:title dcterms:description dcat:keyword rg:partnersText schema:name"


@dataclass(frozen=True, slots=True)
class Item:
    """One catalogue item of a page: its named graph, catalog record, entity and record times."""

    graph: str
    record: str
    dataset: str
    modified: str
    created: str
    is_dataset: bool


@dataclass
class Selection:
    """A filtered set of catalogue items.

    Attributes:
        base_iri: the deployment's instance namespace (package names are relative to it).
        clauses: SPARQL fragments joined to the item pattern (each may use ``?g ?r ?d ?m ?c``).
        bindings: values of the variables the clauses use.
    """

    base_iri: str
    clauses: list[str] = field(default_factory=list)
    bindings: dict[str, ox.NamedNode | ox.Literal] = field(default_factory=dict)

    def bind(self, value: ox.NamedNode | ox.Literal) -> str:
        """A fresh variable bound to ``value``, for use in a clause."""
        name = f"v{len(self.bindings)}"
        self.bindings[name] = value
        return f"?{name}"

    def modified_since(self, since: datetime) -> None:
        self.clauses.append(f"FILTER(?m >= {self.bind(ox.Literal(since.isoformat(), datatype=XSD_DATETIME))})")

    def modified_until(self, until: datetime) -> None:
        self.clauses.append(f"FILTER(?m <= {self.bind(ox.Literal(until.isoformat(), datatype=XSD_DATETIME))})")

    def text(self, q: str) -> None:
        """Every word of ``q`` occurs (case-insensitively) in a title, description, keyword or partner list."""
        for word in q.lower().split():
            if word in ("*:*", "*"):
                continue
            var = self.bind(ox.Literal(word))
            self.clauses.append(
                f"FILTER EXISTS {{ GRAPH ?g {{ ?d ?tp ?text }} VALUES ?tp {{ {TEXT_PROPERTIES} }} "
                f"FILTER(CONTAINS(LCASE(STR(?text)), {var})) }}"
            )

    def entities(self, iris: list[str]) -> None:
        """Only the entities in ``iris`` (e.g. the search index's hits)."""
        valid = [nt.iri(i) for i in iris if _is_iri(i)]
        self.clauses.append(f"VALUES ?d {{ {' '.join(valid)} }}" if valid else "FILTER(false)")

    def where(self) -> str:
        """The group pattern of the selection, its bound values first (so they reach into subqueries).

        Terms are written by Oxigraph (``str()`` of a term is its N-Triples form), as
        :func:`regiongraph.store._binding.inject_values` writes them.
        """
        values = " ".join(f"VALUES ?{name} {{ {term} }}" for name, term in self.bindings.items())
        return f"{values}\n{ITEMS}" + "\n".join(self.clauses)

    def count(self, store: GraphStore) -> int:
        """How many items the selection holds (counted once per snapshot, see :mod:`._order`).

        The whole catalogue of a snapshot is counted as its newest-first list's length (one list for both).
        """
        where = self.where()
        if not self.clauses and (records := self._newest_first(store, where)) is not None:
            return len(records)

        def compute() -> int:
            rows = list(store.select(f"{sparql_prologue()}SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE {{ {where} }}"))
            return int(rows[0]["n"].value) if rows else 0

        return cached_count(store, where, compute)

    def page(self, store: GraphStore, *, limit: int, offset: int, order: str = "DESC(?m)") -> list[Item]:
        """One page of items in ``order`` (a SPARQL ORDER BY list; the record IRI breaks ties).

        A snapshot is sorted once and the page sliced from it; other stores sort in the store.

        Args:
            order: may use ``?m`` (modified), ``?c`` (created), ``?name``, ``?id`` and ``?title``.
        """
        pattern = f"{self.where()}{self._sort_keys(order)}"
        if not self.clauses and _canonical(order) == NEWEST:
            records = self._newest_first(store, self.where())
        else:
            records = sorted_records(store, self.where(), order, lambda: _sorted_in_store(store, pattern, order))
        if records is not None:
            return _items_of(store, records[max(0, offset) : max(0, offset) + max(0, limit)])
        # The page is chosen first; only its rows are then told apart (harvested dataset or register item).
        query = (
            f"{sparql_prologue()}SELECT ?g ?r ?d ?m ?c ?ds WHERE {{\n"
            f"  {{ SELECT DISTINCT ?g ?r ?d ?m ?c WHERE {{ {pattern} }}\n"
            f"    ORDER BY {order} ?r LIMIT {int(limit)} OFFSET {int(offset)} }}\n"
            f"  {_KIND} }}"
        )
        return [_item(row) for row in store.select(query)]

    def _newest_first(self, store: GraphStore, where: str) -> tuple[str, ...] | None:
        """The whole catalogue of a snapshot newest first, sorted by one worker for all (see :mod:`._shared`).

        Sorting in the store stays: at 100,000 items scanning the pattern's quads into Python and
        joining there took longer than Oxigraph's join and sort (23 s against 19 s on a busy machine).
        """
        return sorted_records(store, where, NEWEST, lambda: _sorted_in_store(store, where, NEWEST), shared=True)

    def _sort_keys(self, order: str) -> str:
        """Bindings of the sort keys ``order`` uses besides ``?m`` and ``?c``."""
        extra = ""
        if "?name" in order:
            extra += f" BIND({sparql_name('?d', self.base_iri)} AS ?name)"
        if "?id" in order:  # the package id: the smallest dcterms:identifier, else the IRI-derived UUID
            extra += (
                " OPTIONAL { SELECT ?d (MIN(STR(?i)) AS ?ident) WHERE { ?d dcterms:identifier ?i } GROUP BY ?d }"
                f" BIND(COALESCE(?ident, {sparql_id('?d')}) AS ?id)"
            )
        if "?title" in order:
            extra += " OPTIONAL { SELECT ?d (MIN(LCASE(STR(?t))) AS ?title) WHERE { ?d dcterms:title ?t } GROUP BY ?d }"
        return extra


#: The catalogue's own order (the feed's, CKAN's default): newest first, the record IRI breaking ties.
NEWEST = "DESC(?m)"


def _canonical(order: str) -> str:
    """``order`` without keys on a variable already sorted by: they never break a tie (CKAN's default
    ``score desc, metadata_modified desc`` is ``DESC(?m) DESC(?m)``, which sorts as ``DESC(?m)``)."""
    kept: dict[str, str] = {}
    for part in order.split():
        kept.setdefault(part.partition("(")[2].rstrip(")") or part, part)
    return " ".join(kept.values())


def _sorted_in_store(store: GraphStore, pattern: str, order: str) -> list[str]:
    query = f"{sparql_prologue()}SELECT ?r WHERE {{ {pattern} }} ORDER BY {order} ?r"
    return [row["r"].value for row in store.select(query)]


#: Tells a page's rows apart: harvested dataset or register item.
_KIND = "BIND(EXISTS { GRAPH ?g { ?d a dcat:Dataset } } AS ?ds)"


def _item(row: ox.QuerySolution) -> Item:
    return Item(
        row["g"].value, row["r"].value, row["d"].value, row["m"].value, row["c"].value, row["ds"].value == "true"
    )


def _items_of(store: GraphStore, records: Sequence[str]) -> list[Item]:
    """The items of ``records`` (IRIs from the store), in their order: one lookup by record IRI each."""
    if not records:
        return []
    values = " ".join(nt.iri(r) for r in records)
    query = (
        f"{sparql_prologue()}SELECT ?g ?r ?d ?m ?c ?ds WHERE {{ VALUES ?r {{ {values} }}\n"
        f"  GRAPH ?g {{ ?r foaf:primaryTopic ?d ; dcterms:modified ?m ; dcterms:issued ?c }} {_KIND} }}"
    )
    found: dict[str, Item] = {}
    for row in store.select(query):
        found.setdefault(row["r"].value, _item(row))
    return [found[r] for r in records if r in found]


def _is_iri(text: str) -> bool:
    try:
        nt.iri(text)
    except ValueError:
        return False
    return True


def parse_datetime(text: str) -> datetime:
    """An ISO 8601 date or date-time (``Z`` or an offset; none means UTC), as an aware datetime.

    Raises:
        QueryError: the text is not ISO 8601.
    """
    value = text.strip()
    try:
        if len(value) == 10:
            day = date.fromisoformat(value)
            return datetime(day.year, day.month, day.day, tzinfo=UTC)
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError as exc:
        raise QueryError(f"not an ISO 8601 date or date-time: {text!r}") from exc
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def item_values(items: list[Item]) -> str:
    """A ``VALUES (?g ?r ?d ?m ?c)`` block listing ``items``; their IRIs come from the store and are escaped."""
    dt = XSD_DATETIME.value
    rows = " ".join(
        f"({nt.iri(i.graph)} {nt.iri(i.record)} {nt.iri(i.dataset)} "
        f"{nt.literal(i.modified, dt)} {nt.literal(i.created, dt)})"
        for i in items
    )
    return f"VALUES (?g ?r ?d ?m ?c) {{ {rows} }}"
