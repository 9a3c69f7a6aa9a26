"""Networks written as GraphML, GEXF (Gephi), CSV node and edge tables (Gephi's spreadsheet import), or JSON.

GraphML and GEXF hold scalar attributes only, so lists (the records an edge stands for, the
roles on a bipartite edge) are joined with ``"; "``; GEXF also carries each node's position as
``viz:position`` (the layout ×1000), so Gephi opens the same picture the web front draws.
CSV follows Gephi's import: nodes ``Id,Label,…``, edges ``Source,Target,Type,Weight,…``.
"""

from __future__ import annotations

import csv
import enum
import io
import json
import zipfile

import networkx as nx

from ._network import Network

_JOIN = "; "
_NODE_COLUMNS = (
    "kind",
    "ags",
    "identifier",
    "population",
    "lat",
    "lon",
    "classification",
    "bipartite",
    "table",
    "records",
    "cooperations",
    "projects",
    "degree",
    "weighted_degree",
    "betweenness",
    "community",
    "x",
    "y",
)
_EDGE_COLUMNS = ("cooperations", "projects", "records", "roles")
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # fixed, so one network gives one byte-identical zip


class NetworkFormat(enum.Enum):
    """Export formats, with their media type and file extension."""

    JSON = "json"
    GRAPHML = "graphml"
    GEXF = "gexf"
    CSV = "csv"

    @property
    def media_type(self) -> str:
        return {
            "json": "application/json",
            "graphml": "application/graphml+xml",
            "gexf": "application/gexf+xml",
            "csv": "application/zip",
        }[self.value]

    @property
    def extension(self) -> str:
        return {"csv": "zip"}.get(self.value, self.value)


class CsvPart(enum.Enum):
    """One table of the CSV export, or both in a zip."""

    NODES = "nodes"
    EDGES = "edges"


def serialize(network: Network, *, format: NetworkFormat, part: CsvPart | None = None) -> bytes:
    """The network in ``format``; for CSV, ``part`` picks one table (text/csv), else both in a zip."""
    if format is NetworkFormat.JSON:
        return json.dumps(network.to_json(), ensure_ascii=False, separators=(",", ":")).encode()
    if format is NetworkFormat.CSV:
        return csv_table(network, part) if part else csv_zip(network)
    buffer = io.BytesIO()
    flat = _flat(network.graph, viz=format is NetworkFormat.GEXF)
    if format is NetworkFormat.GRAPHML:
        nx.write_graphml(flat, buffer, encoding="utf-8")
    else:
        nx.write_gexf(flat, buffer, encoding="utf-8")
    return buffer.getvalue()


def _flat(g: nx.Graph, *, viz: bool) -> nx.Graph:
    """A copy with scalar attributes only (lists joined), and GEXF's viz positions when asked."""
    flat: nx.Graph[str] = nx.Graph()
    for node, attrs in g.nodes(data=True):
        values = {k: _scalar(v) for k, v in attrs.items()}
        if viz and "x" in attrs:
            values["viz"] = {"position": {"x": attrs["x"] * 1000, "y": attrs["y"] * 1000, "z": 0.0}}
        flat.add_node(node, **values)
    for a, b, attrs in g.edges(data=True):
        flat.add_edge(a, b, **{k: _scalar(v) for k, v in attrs.items()})
    return flat


def _scalar(value: object) -> object:
    return _JOIN.join(str(v) for v in value) if isinstance(value, list | tuple) else value


def csv_table(network: Network, part: CsvPart) -> bytes:
    """``nodes.csv`` or ``edges.csv`` (UTF-8, RFC 4180 line ends)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    g = network.graph
    if part is CsvPart.NODES:
        columns = [c for c in _NODE_COLUMNS if any(c in attrs for _, attrs in g.nodes(data=True))]
        writer.writerow(["Id", "Label", *columns])
        for node, attrs in g.nodes(data=True):
            writer.writerow([node, attrs.get("label", ""), *(_cell(attrs.get(c)) for c in columns)])
    else:
        columns = [c for c in _EDGE_COLUMNS if any(c in attrs for _, _, attrs in g.edges(data=True))]
        writer.writerow(["Source", "Target", "Type", "Weight", *columns])
        for a, b, attrs in g.edges(data=True):
            writer.writerow([a, b, "Undirected", attrs.get("weight", 1), *(_cell(attrs.get(c)) for c in columns)])
    return out.getvalue().encode()


def _cell(value: object) -> str:
    if value is None:
        return ""
    return str(_scalar(value))


def csv_zip(network: Network) -> bytes:
    """``nodes.csv`` and ``edges.csv`` in one zip, byte-identical for the same network."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for part in CsvPart:
            info = zipfile.ZipInfo(f"{part.value}.csv", date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, csv_table(network, part))
    return buffer.getvalue()
