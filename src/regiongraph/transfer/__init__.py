"""The transfer finder: which towns could take over a solution or project, and who already has one in a field.

:func:`find_adopters` ranks candidate towns with the reasons for every point
(:data:`SCORING`); :func:`find_holders` is the reverse question, "who already has a solution in
field X". Both read the cooperation network of :mod:`regiongraph.network` and the gazetteer in the store.
"""

from __future__ import annotations

from ._find import (
    HOLDER_KINDS,
    RADIUS_KM,
    TransferError,
    UnknownRecordError,
    find_adopters,
    find_holders,
)
from ._owners import haversine_km
from ._score import SCORING, WEIGHTS

__all__ = [
    "HOLDER_KINDS",
    "RADIUS_KM",
    "SCORING",
    "WEIGHTS",
    "TransferError",
    "UnknownRecordError",
    "find_adopters",
    "find_holders",
    "haversine_km",
]
