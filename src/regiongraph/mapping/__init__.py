"""Mapping profiles: source records → small rdflib graphs in the reused vocabularies."""

from ._context import MappingContext, OrganisationIndex
from .register import PROFILES, map_record

__all__ = ["PROFILES", "MappingContext", "OrganisationIndex", "map_record"]
