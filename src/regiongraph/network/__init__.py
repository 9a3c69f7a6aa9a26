"""The cooperation network: towns, Kreise and organisations joined by the cooperations and projects they share.

Built from the store by SPARQL with bound filter values (:class:`Filters`), as networkx graphs
(:func:`build_network`: the organisation graph weighted by shared records, or the bipartite
organisation–record graph), measured (degree, weighted degree, betweenness, Louvain communities)
and laid out with fixed seeds, and written as GraphML, GEXF, CSV or JSON (:func:`serialize`).
:func:`timeline` counts records started, ended and active per year.
"""

from __future__ import annotations

from ._cache import SnapshotCache
from ._export import CsvPart, NetworkFormat, serialize
from ._filters import KINDS, TABLES, FilterError, Filters, active_span
from ._graph import Register, read_register
from ._measures import SEED
from ._network import GraphKind, Network, build_network
from ._read import RECORD_KINDS, Agent, Participation, Record
from ._timeline import timeline, timeline_csv

__all__ = [
    "KINDS",
    "RECORD_KINDS",
    "SEED",
    "TABLES",
    "Agent",
    "CsvPart",
    "FilterError",
    "Filters",
    "GraphKind",
    "Network",
    "NetworkFormat",
    "Participation",
    "Record",
    "Register",
    "SnapshotCache",
    "active_span",
    "build_network",
    "read_register",
    "serialize",
    "timeline",
    "timeline_csv",
]
