"""Sources and their harvest runs (``/sources``, the home page), and the records per source and status."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..namespaces import sparql_prologue
from ..store import GraphStore

_RUNS = (
    sparql_prologue()
    + """SELECT ?run ?src ?start ?end ?status
    (SAMPLE(?new) AS ?n_new) (SAMPLE(?upd) AS ?n_updated) (SAMPLE(?same) AS ?n_unchanged)
    (SAMPLE(?wd) AS ?n_withdrawn) (SAMPLE(?q) AS ?n_quarantined) (SAMPLE(?f) AS ?n_failed) WHERE {
  ?run a rg:HarvestRun ; prov:used ?src ; prov:startedAtTime ?start .
  OPTIONAL { ?run prov:endedAtTime ?end } OPTIONAL { ?run adms:status ?status }
  OPTIONAL { ?run rg:countNew ?new } OPTIONAL { ?run rg:countUpdated ?upd } OPTIONAL { ?run rg:countUnchanged ?same }
  OPTIONAL { ?run rg:countWithdrawn ?wd } OPTIONAL { ?run rg:countQuarantined ?q } OPTIONAL { ?run rg:countFailed ?f }
} GROUP BY ?run ?src ?start ?end ?status ORDER BY DESC(?start) LIMIT 500"""
)
_RECORDS = (
    sparql_prologue()
    + """SELECT ?src ?status (COUNT(?r) AS ?n) WHERE {
  ?r rg:harvestSource ?src ; adms:status ?status } GROUP BY ?src ?status"""
)
COUNTS = ("new", "updated", "unchanged", "withdrawn", "quarantined", "failed")


@dataclass
class Run:
    """One harvest run as the page lists it."""

    source: str
    started: str
    ended: str | None
    status: str
    counts: dict[str, int]


@dataclass
class Source:
    """A source: its records by status and its runs, newest first."""

    name: str
    records: dict[str, int] = field(default_factory=dict)
    runs: list[Run] = field(default_factory=list)

    @property
    def last(self) -> Run | None:
        return self.runs[0] if self.runs else None


def tail(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]


def _int(term) -> int:
    return int(term.value) if term is not None else 0


def sources(store: GraphStore) -> list[Source]:
    """Every source with records or runs, by name."""
    found: dict[str, Source] = {}
    for row in store.select(_RECORDS):
        name = tail(row["src"].value)
        found.setdefault(name, Source(name)).records[tail(row["status"].value)] = _int(row["n"])
    for row in store.select(_RUNS):
        name = tail(row["src"].value)
        run = Run(
            name,
            row["start"].value,
            row["end"].value if row["end"] is not None else None,
            tail(row["status"].value) if row["status"] is not None else "running",
            {c: _int(row[f"n_{c}"]) for c in COUNTS},
        )
        found.setdefault(name, Source(name)).runs.append(run)
    return [found[k] for k in sorted(found)]
