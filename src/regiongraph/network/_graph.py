"""The cooperation network as networkx graphs: organisations joined by what they share, and the bipartite view.

Nodes and edges are added in sorted order, so the same records give the same graph — and,
with the fixed seeds of :mod:`._measures`, the same communities and positions.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations

import networkx as nx

from ..store import GraphStore
from ._filters import Filters
from ._read import Agent, Participation, Record, read_agents, read_participations, read_records


@dataclass(frozen=True)
class Register:
    """The records a network is built from, who takes part in them, and those agents."""

    filters: Filters
    records: dict[str, Record]
    participations: tuple[Participation, ...]
    agents: dict[str, Agent]

    def members(self) -> dict[str, list[str]]:
        """Record IRI → the distinct agents taking part in it (sorted)."""
        out: dict[str, set[str]] = defaultdict(set)
        for p in self.participations:
            out[p.record].add(p.agent)
        return {r: sorted(agents) for r, agents in sorted(out.items())}


def read_register(store: GraphStore, filters: Filters | None = None) -> Register:
    """Everything the network needs, read from ``store`` under ``filters``."""
    filters = filters or Filters()
    records = {r.iri: r for r in read_records(store, filters)}
    participations = [p for p in read_participations(store, records.values()) if _during(p, records[p.record], filters)]
    agents = read_agents(store)
    known = {p.agent for p in participations}
    return Register(filters, records, tuple(participations), {i: a for i, a in sorted(agents.items()) if i in known})


def _during(p: Participation, record: Record, filters: Filters) -> bool:
    """A membership with dates of its own (Selm left in 2006) counts only for the years it lasted."""
    if filters.active_from is None and filters.active_to is None:
        return True
    span = record.span
    if span is None:
        return False
    first = max(span[0], p.start) if p.start is not None else span[0]
    last = min(span[1], p.end) if p.end is not None else span[1]
    return first <= last and filters.admits_span((first, last))


def organisation_graph(register: Register) -> nx.Graph:
    """Agents as nodes; an edge for every pair taking part in the same records, weighted by how many."""
    g: nx.Graph[str] = nx.Graph()
    members = register.members()
    counts: dict[str, dict[str, int]] = defaultdict(lambda: {"records": 0, "cooperations": 0, "projects": 0})
    shared: dict[tuple[str, str], list[str]] = defaultdict(list)
    for iri, agents in members.items():
        kind = "cooperations" if register.records[iri].is_cooperation else "projects"
        for a in agents:
            counts[a]["records"] += 1
            counts[a][kind] += 1
        for pair in combinations(agents, 2):
            shared[pair].append(iri)
    for iri, agent in register.agents.items():
        g.add_node(iri, **_agent_attributes(agent), **counts[iri])
    for (a, b), iris in sorted(shared.items()):
        cooperations = sum(register.records[i].is_cooperation for i in iris)
        g.add_edge(
            a,
            b,
            weight=len(iris),
            cooperations=cooperations,
            projects=len(iris) - cooperations,
            records=[register.records[i].id for i in iris],
        )
    return g


def bipartite_graph(register: Register) -> nx.Graph:
    """Agents (``bipartite=0``) and records (``bipartite=1``); an edge says who takes part, with the roles."""
    g: nx.Graph[str] = nx.Graph()
    members = register.members()
    for iri, agent in register.agents.items():
        g.add_node(iri, bipartite=0, **_agent_attributes(agent))
    for iri, record in register.records.items():
        if iri in members:
            g.add_node(
                iri,
                bipartite=1,
                label=record.title or record.id,
                kind=record.kind,
                identifier=record.id,
                table=record.table,
            )
    roles: dict[tuple[str, str], set[str]] = defaultdict(set)
    for p in register.participations:
        roles[(p.agent, p.record)].add(p.role)
    for (agent_iri, record_iri), names in sorted(roles.items()):
        g.add_edge(agent_iri, record_iri, weight=1, roles=sorted(names))
    return g


def _agent_attributes(agent: Agent) -> dict[str, object]:
    values = {
        "label": agent.label,
        "kind": agent.kind,
        "ags": agent.ags,
        "identifier": agent.identifier,
        "population": agent.population,
        "lat": agent.lat,
        "lon": agent.lon,
        "classification": agent.classification,
    }
    return {k: v for k, v in values.items() if v is not None}
