"""Which profile maps a source record: register kinds (register.py) or dataset kinds (dcat/)."""

from __future__ import annotations

from collections.abc import Callable

from rdflib import Graph, URIRef

from ..harvest import SourceRecord
from ..quality import add_measurements
from . import register
from ._context import MappingContext
from .dcat import dataset_graph_from_dcat, minted_dataset, package_to_graph

Mapped = tuple[URIRef, Graph]


def _ckan_package(record: SourceRecord, ctx: MappingContext) -> Mapped:
    return package_to_graph(record.payload, ctx, source=record.source)


def _dcat_dataset(record: SourceRecord, ctx: MappingContext) -> Mapped:
    return dataset_graph_from_dcat(record.payload, ctx, source=record.source, record_id=record.id)


def _quality_base(record: SourceRecord, ctx: MappingContext) -> str:
    """The dataset IRI the record's measurements are minted under."""
    if record.kind == "ckan-package":
        return minted_dataset(ctx, record.source, str(record.payload.get("id") or record.id))
    return minted_dataset(ctx, record.source, record.id)


#: record kind → dataset profile chain (the whole record is passed: IRIs use its source and id).
DATASET_KINDS: dict[str, Callable[[SourceRecord, MappingContext], Mapped]] = {
    "ckan-package": _ckan_package,
    "dcat-dataset": _dcat_dataset,
}


def map_record(record: SourceRecord, ctx: MappingContext, *, quality: bool = True) -> Mapped:
    """Map ``record`` with the profile of its kind; raises ``KeyError`` for an unknown kind.

    Args:
        quality: add a dataset's MQA measurements to its graph (so they are replaced with the
            record); the pipeline adds them after the SHACL gate instead (:func:`add_quality`),
            which checks the DCAT core only and so runs on a graph half the size.
    """
    dataset = DATASET_KINDS.get(record.kind)
    if dataset is None:
        return register.map_record(record, ctx)
    entity, graph = dataset(record, ctx)
    if quality:
        add_quality(record, ctx, entity, graph)
    return entity, graph


def add_quality(record: SourceRecord, ctx: MappingContext, entity: URIRef, graph: Graph) -> None:
    """Add the MQA measurements of a mapped dataset record to its graph (nothing for register kinds)."""
    if record.kind in DATASET_KINDS:
        add_measurements(graph, entity, _quality_base(record, ctx))
