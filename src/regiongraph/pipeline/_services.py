"""What a harvest needs of the instance it runs in: settings, IRIs, the gazetteer and the SHACL gate.

:class:`HarvestServices` is the shape; :class:`regiongraph.Instance` offers it. The pipeline names the
shape, never the instance, so that it stays below the layer that composes the services.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, cast

from ..config import Settings
from ..gazetteer import Resolver
from ..iris import Minter
from ..validate import Validator


class HarvestServices(Protocol):
    """The read-only services a harvest uses; nothing of the store (that is passed on its own)."""

    @property
    def settings(self) -> Settings: ...

    @property
    def minter(self) -> Minter: ...

    @property
    def resolver(self) -> Resolver: ...

    @property
    def validator(self) -> Validator: ...


class _Deferred:
    """A resolver asked for on first use: a run with nothing new to map never reads the gazetteer (about 1 s).

    Args:
        get: where the resolver comes from (the services' own, itself read once).
    """

    def __init__(self, get: Callable[[], Resolver]) -> None:
        self._get = get

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):  # copy and pickle probe for these before __init__ has run
            raise AttributeError(name)
        return getattr(self._get(), name)


def deferred_resolver(services: HarvestServices) -> Resolver:
    """``services.resolver``, not read until a record is mapped."""
    return cast(Resolver, _Deferred(lambda: services.resolver))
