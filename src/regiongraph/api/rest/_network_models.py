"""Response models of ``/api/v1/network``, ``/timeline`` and ``/transfer`` (the OpenAPI description)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class NetworkNode(BaseModel):
    id: str = Field(description="IRI of the town, Kreis, organisation (or, bipartite, record)")
    label: str
    kind: str = Field(description="town, kreis, land, region, organisation; bipartite records: their kind")
    ags: str | None = Field(None, description="official key (AGS), where there is one")
    identifier: str | None = Field(None, description="register id of an organisation or record")
    population: int | None = Field(None, description="inhabitants (gazetteer)")
    lat: float | None = Field(None, description="latitude (gazetteer; an organisation's seat)")
    lon: float | None = Field(None, description="longitude")
    records: int | None = Field(None, description="records it takes part in (cooperations + projects)")
    cooperations: int | None = None
    projects: int | None = None
    degree: int = Field(description="neighbours")
    weighted_degree: int = Field(description="sum of the weights of its edges")
    betweenness: float = Field(description="normalised betweenness centrality (who brokers)")
    community: int = Field(description="Louvain community (seeded), 0 the largest")
    x: float | None = Field(None, description="spring layout position (seeded), in [-1, 1]")
    y: float | None = None


class NetworkEdge(BaseModel):
    source: str
    target: str
    weight: int = Field(description="shared records (organisation graph); 1 in the bipartite graph")
    cooperations: int | None = Field(None, description="of which cooperations")
    projects: int | None = Field(None, description="of which projects")
    records: list[str] | None = Field(None, description="register ids of the shared records")
    roles: list[str] | None = Field(None, description="bipartite: the roles of the organisation in the record")


class NetworkAnswer(BaseModel):
    graph: str = Field(description="organisations or bipartite")
    filters: dict[str, Any]
    counts: dict[str, int]
    measures: dict[str, Any] = Field(description="how betweenness, communities and positions were computed")
    nodes: list[NetworkNode]
    edges: list[NetworkEdge]
    records: list[dict[str, Any]] = Field(description="the records behind the edges")


class YearRow(BaseModel):
    year: int
    started: int
    ended: int
    active: int


class TimelineAnswer(BaseModel):
    filters: dict[str, Any]
    years: list[YearRow]
    undated: int = Field(description="records without a typed start")
    planned: int
    not_realised: int
    rule: str = Field(description="which years count as active")


class TransferFactor(BaseModel):
    name: str = Field(description="network, dimension, field, size or distance")
    value: Any = Field(description="what the data says (shared records, population ratio, km, …)")
    points: float
    max: int
    reason: str


class TransferCandidate(BaseModel):
    id: str
    label: str
    kind: str
    ags: str | None = None
    population: int | None = None
    lat: float | None = None
    lon: float | None = None
    score: float = Field(description="sum of the factors' points (at most 100)")
    factors: list[TransferFactor]


class TransferAnswer(BaseModel):
    record: dict[str, Any] | None = Field(None, description="the solution or project (solution=)")
    owners: list[dict[str, Any]] | None = Field(None, description="who has it, and how (member, part of …)")
    adopters: list[dict[str, Any]] | None = Field(None, description="who already took it over")
    candidates: list[TransferCandidate] | None = Field(None, description="best first")
    scoring: dict[str, str] | None = None
    holders: list[dict[str, Any]] | None = Field(None, description="field= / dimension=: who already has one")
