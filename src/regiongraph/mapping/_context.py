"""What a mapping profile needs besides the record: IRIs and the resolution of partner names."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..gazetteer import Resolver, normalise
from ..harvest import SourceRecord
from ..iris import Minter


@dataclass
class OrganisationIndex:
    """Names of the register's non-territorial organisations → their ids."""

    names: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_records(cls, records: Iterable[SourceRecord]) -> OrganisationIndex:
        index = cls()
        for r in records:
            if r.kind == "organisation":
                for name in [r.id, r.payload.get("name", ""), *r.payload.get("names", [])]:
                    if name:
                        index.names.setdefault(normalise(str(name)), r.id)
        return index


@dataclass
class MappingContext:
    """Everything shared by the mapping of one run.

    Attributes:
        minter: mints instance IRIs.
        resolver: the gazetteer resolver for territorial partners.
        organisations: the register's own organisations by name.
        options: the ``[mapping]`` table of the harvest source's declaration (publisher,
            contributorID and political-geocoding defaults, link rules, profile list).
    """

    minter: Minter
    resolver: Resolver
    organisations: OrganisationIndex = field(default_factory=OrganisationIndex)
    options: Mapping[str, Any] = field(default_factory=dict)
    #: territory IRI (or None) by name: portals repeat a handful of publishers, and the gazetteer
    #: lookup was a fifth of mapping a dataset; the gazetteer does not change during a run.
    _territories: dict[str, str | None] = field(default_factory=dict, repr=False)

    def resolve(self, ref: str) -> str | None:
        """IRI of the organisation or territory ``ref`` names, or ``None`` if nothing matches."""
        org_id = self.organisations.names.get(normalise(ref))
        if org_id is not None:
            return self.minter.organisation(org_id)
        if ref not in self._territories:
            territory = self.resolver.try_resolve(ref)
            self._territories[ref] = self.minter.territory(territory.key) if territory else None
        return self._territories[ref]

    def explain(self, ref: str) -> str:
        """Why ``ref`` does not resolve, for the record's report."""
        try:
            self.resolver.resolve(ref)
        except Exception as exc:  # the resolver's own message is the explanation
            return str(exc)
        return f"{ref!r} resolves"
