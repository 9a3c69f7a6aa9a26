"""DCAT-AP.de dataset profiles, as mirror pairs: CKAN package → graph and graph → CKAN package.

Profiles (ckanext-dcat style, applied in order): ``euro_dcat_ap`` (DCAT-AP core),
``dcat_ap_de`` (German extensions) and ``regiongraph`` (gazetteer publishers, register
links, source defaults). The field ↔ property table is ``docs/mapping.md``.
"""

from ...languages import language_tag
from ._compose import (
    DEFAULT_PROFILES,
    PROFILES,
    dataset_graph_from_dcat,
    graph_to_package,
    minted_dataset,
    package_to_graph,
    profiles_for,
)
from ._formats import format_iri, format_label, media_type_iri
from ._licences import licence_id, licence_iri
from ._profile import Backward, Forward, Profile

__all__ = [
    "DEFAULT_PROFILES",
    "PROFILES",
    "Backward",
    "Forward",
    "Profile",
    "dataset_graph_from_dcat",
    "format_iri",
    "format_label",
    "graph_to_package",
    "language_tag",
    "licence_id",
    "licence_iri",
    "media_type_iri",
    "minted_dataset",
    "package_to_graph",
    "profiles_for",
]
