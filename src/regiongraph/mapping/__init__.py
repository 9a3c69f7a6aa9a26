"""Mapping profiles: source records → small rdflib graphs in the reused vocabularies."""

from ._context import MappingContext, OrganisationIndex
from ._dispatch import DATASET_KINDS, add_quality, map_record
from .register import PROFILES

__all__ = ["DATASET_KINDS", "PROFILES", "MappingContext", "OrganisationIndex", "add_quality", "map_record"]
