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
    entity, graph = package_to_graph(record.payload, ctx, source=record.source)
    add_measurements(graph, entity, minted_dataset(ctx, record.source, str(record.payload.get("id") or record.id)))
    return entity, graph


def _dcat_dataset(record: SourceRecord, ctx: MappingContext) -> Mapped:
    entity, graph = dataset_graph_from_dcat(record.payload, ctx, source=record.source, record_id=record.id)
    add_measurements(graph, entity, minted_dataset(ctx, record.source, record.id))
    return entity, graph


#: record kind → dataset profile chain (the whole record is passed: IRIs use its source and id);
#: the dataset's MQA measurements go into its graph, so they are replaced with the record.
DATASET_KINDS: dict[str, Callable[[SourceRecord, MappingContext], Mapped]] = {
    "ckan-package": _ckan_package,
    "dcat-dataset": _dcat_dataset,
}


def map_record(record: SourceRecord, ctx: MappingContext) -> Mapped:
    """Map ``record`` with the profile of its kind; raises ``KeyError`` for an unknown kind."""
    dataset = DATASET_KINDS.get(record.kind)
    if dataset is not None:
        return dataset(record, ctx)
    return register.map_record(record, ctx)
