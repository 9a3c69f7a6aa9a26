"""What a harvest needs of the instance it runs in: settings, IRIs, the gazetteer and the SHACL gate.

:class:`HarvestServices` is the shape; the instance offers it (S18A's ``Instance(settings)``).
Until that is merged, :func:`services_from` builds one from the settings alone.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any, Protocol, cast

from ..bootstrap import resolver_for
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


class _LazyResolver:
    """The gazetteer resolver, read on first use: a run with nothing new to map never needs it (about 1 s).

    Args:
        settings: where the gazetteer is.
    """

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._resolver: Resolver | None = None

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):  # copy and pickle probe for these before __init__ has run
            raise AttributeError(name)
        if self._resolver is None:
            self._resolver = resolver_for(self._settings)
        return getattr(self._resolver, name)


class _Services:
    """:class:`HarvestServices` of ``settings``; the resolver and the gate are built when first used.

    Args:
        settings: the instance's settings.
    """

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._minter = Minter(settings.base_iri)
        self._resolver = cast(Resolver, _LazyResolver(settings))

    @property
    def settings(self) -> Settings:
        return self._settings

    @property
    def minter(self) -> Minter:
        return self._minter

    @property
    def resolver(self) -> Resolver:
        return self._resolver

    @cached_property
    def validator(self) -> Validator:
        # Reading the shapes takes a moment; a dry run of nothing or a failing declaration never needs them.
        return Validator(self._settings.resource("shapes"))


def services_from(settings: Settings) -> HarvestServices:
    """The services of ``settings`` (temporary: the instance offers them once S18A is merged)."""
    return _Services(settings)
