"""The DCAT-AP.de catalogue of RegionGraph: item selection, page descriptions built in the store, Hydra paging.

Used by the ``/catalog`` routes (feed), the CKAN Action API subset and ``regiongraph sync ckan``; package
dicts of a page come from one CONSTRUCT read back by MAPPING's ``graph_to_package``.
"""

from ._construct import FILE_TYPE, LEAD, Context, construct_query, describe_items
from ._feed import FORMATS, HYDRA, Paging, context_for, render_page
from ._packages import build_packages, ckan_time
from ._select import Item, Selection, parse_datetime
from ._terms import package_id, package_name, slug, sparql_id, sparql_name, sparql_slug
from ._text import filter_text

__all__ = [
    "FILE_TYPE",
    "FORMATS",
    "HYDRA",
    "LEAD",
    "Context",
    "Item",
    "Paging",
    "Selection",
    "build_packages",
    "ckan_time",
    "construct_query",
    "context_for",
    "describe_items",
    "filter_text",
    "package_id",
    "package_name",
    "parse_datetime",
    "render_page",
    "slug",
    "sparql_id",
    "sparql_name",
    "sparql_slug",
]
