"""Map and SHACL-check harvested CKAN packages: records/s of the mapping and the gate, next to their peers.

    python benchmarks/mapping.py [--records 1000] [--batch 100] [--peer 200] [--gc-freeze] [--gate-first]

Packages come from the test portal's generator (tests/support/portal/fixtures.py: realistic German
packages with their share of invalid dates, missing notes and organisations). Records go
through in batches of ``--batch``, as the pipeline takes them: map (the three profiles + DQV
quality measurements), then the SHACL gate (regiongraph.validate.Validator.check_batch, which
re-checks records alone only where the batch report is ambiguous). Printed: records/s, wall
and CPU (``time.process_time``; on a shared machine the steadier number), for mapping, the
gate and both together. Measured in the same run on the first ``--peer`` records:

- the peer: one ``pyshacl.validate()`` call per record;
- the rdflib baseline: the same triples added one by one to plain ``rdflib.Graph()`` objects
  (the default Memory store), and those graphs merged and checked with ``pyshacl.validate()``
  per batch, as the gate did before ``regiongraph.recordgraph``.
"""

from __future__ import annotations

import argparse
import gc
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from pyshacl import validate as shacl_validate
from rdflib import Graph

import _harness  # noqa: F401 - reaches tests/support (support.…); see benchmarks/_harness.py
from regiongraph import Instance, Settings
from regiongraph.harvest import SourceRecord
from regiongraph.iris import Minter
from regiongraph.mapping import MappingContext, add_quality, map_record
from regiongraph.validate import Validator
from support.portal.fixtures import make_packages

ROOT = Path(__file__).resolve().parents[1]


class _Clock:
    """Wall and CPU time summed over the blocks it times."""

    def __init__(self) -> None:
        self.wall = self.cpu = 0.0

    def time(self, fn: Callable[..., Any], *args: Any) -> Any:
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            return fn(*args)
        finally:
            self.wall += time.perf_counter() - wall
            self.cpu += time.process_time() - cpu

    def __add__(self, other: _Clock) -> _Clock:
        total = _Clock()
        total.wall, total.cpu = self.wall + other.wall, self.cpu + other.cpu
        return total

    def rate(self, n: int) -> str:
        return f"{n / self.wall:7.0f} records/s wall ({self.wall:6.2f} s)  {n / self.cpu:7.0f} records/s CPU"


def _batches(items: Sequence[Any], size: int) -> list[Sequence[Any]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def _plain(triples: list[tuple]) -> Graph:
    g = Graph()
    for t in triples:
        g.add(t)
    return g


def _plain_gate(graphs: Sequence[Graph], shapes: Graph) -> bool:
    merged = Graph()
    for g in graphs:
        merged += g
    conforms, _, _ = shacl_validate(merged, shacl_graph=shapes, inference="none", allow_warnings=True, inplace=True)
    return bool(conforms)


def _pipeline(
    records: list[SourceRecord],
    ctx: MappingContext,
    validator: Validator,
    batch: int,
    peer: int,
    gate_first: bool = False,
) -> tuple[_Clock, _Clock, int, int, list[list[tuple]]]:
    """Map and gate batch by batch (one batch alive at a time, as in the pipeline).

    With ``gate_first`` as the pipeline does it: the gate sees the graphs without their DQV
    measurements, which are added afterwards to the records that pass.
    """
    mapping, gate = _Clock(), _Clock()
    triples, valid, kept = 0, 0, []
    for chunk in _batches(records, batch):
        mapped = mapping.time(lambda b: [map_record(r, ctx, quality=not gate_first) for r in b], chunk)
        graphs = [g for _, g in mapped]
        verdicts = gate.time(validator.check_batch, graphs)
        if gate_first:
            mapping.time(_measure, chunk, mapped, verdicts, ctx)
        triples += sum(len(g) for g in graphs)
        valid += sum(v.conforms for v in verdicts)
        kept += [list(g) for g in graphs[: max(0, peer - len(kept))]]
    return mapping, gate, triples, valid, kept


def _measure(records: Sequence[SourceRecord], mapped: list, verdicts: list, ctx: MappingContext) -> None:
    for rec, (entity, graph), verdict in zip(records, mapped, verdicts, strict=True):
        if verdict.conforms:
            add_quality(rec, ctx, entity, graph)


def _peers(
    records: list[SourceRecord], ctx: MappingContext, validator: Validator, batch: int, kept: list[list[tuple]]
) -> tuple[_Clock, _Clock, _Clock]:
    """The peer (one pyshacl call per record) and the rdflib baseline on the first records."""
    peer, plain_build, plain_gate = _Clock(), _Clock(), _Clock()
    for g in [map_record(r, ctx)[1] for r in records[: len(kept)]]:
        peer.time(validator.check, g)
    plain = [plain_build.time(_plain, t) for t in kept]
    for chunk in _batches(plain, batch):
        plain_gate.time(_plain_gate, chunk, validator.shapes)
    return peer, plain_build, plain_gate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1000)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--peer", type=int, default=200, help="records for the peer and the rdflib baseline")
    parser.add_argument(
        "--gc-freeze",
        action="store_true",
        help="gc.freeze() after start-up, as a long harvest process could (gazetteer and shapes "
        "then stay out of the collector's full passes)",
    )
    parser.add_argument(
        "--gate-first",
        action="store_true",
        help="as the pipeline: SHACL before the DQV measurements, which only records that pass get",
    )
    args = parser.parse_args()
    ctx = MappingContext(
        Minter("https://example.org/id/"),
        Instance(Settings.load(environ={})).resolver,
        options={"publisher": "Kreis Unna"},
    )
    validator = Validator(ROOT / "shapes")
    records = [SourceRecord("bench", p["id"], "ckan-package", p) for p in make_packages(args.records)]
    if args.gc_freeze:
        gc.collect()
        gc.freeze()
    mapping, gate, triples, valid, kept = _pipeline(records, ctx, validator, args.batch, args.peer, args.gate_first)
    peer, plain_build, plain_gate = _peers(records, ctx, validator, args.batch, kept)

    n, k, both = len(records), len(kept), mapping + gate
    print(
        f"{n} packages, {triples / n:.0f} triples each on average, {valid} valid; batches of {args.batch}"
        + ("; gc.freeze() after start-up" if args.gc_freeze else "")
        + ("; gate before the DQV measurements" if args.gate_first else "")
    )
    print(f"mapping (3 profiles + DQV)                {mapping.rate(n)}")
    print(f"SHACL gate, batches (check_batch)         {gate.rate(n)}")
    print(f"mapping + gate                            {both.rate(n)}")
    print(f"-- first {k} records:")
    print(f"peer: one pyshacl call per record         {peer.rate(k)}")
    print(f"rdflib baseline: Graph() adds             {plain_build.rate(k)}")
    print(f"rdflib baseline: merge + pyshacl batches  {plain_gate.rate(k)}")
    print(
        f"gate vs peer: {peer.cpu / k / (gate.cpu / n):.1f}x less CPU per record; "
        f"vs the rdflib baseline gate: {plain_gate.cpu / k / (gate.cpu / n):.1f}x; "
        f"mapping + gate: {n / both.cpu:.0f} records/s CPU (target 1000)"
    )


if __name__ == "__main__":
    main()
