"""Where REST parameters become RDF terms: validated, then bound, never pasted.

Single values go to the store as ``substitutions=`` (a ``VALUES`` block serialised by Oxigraph);
a list of IRIs (search hits) becomes a ``VALUES`` block from :func:`values`, again from
``ox.NamedNode`` terms only. Anything that is not a valid term is a :class:`BadParameterError`.
"""

from __future__ import annotations

__all__ = ["BadParameterError", "Terms", "identifier", "integer", "iri", "literal", "notation", "theme", "values"]

import re
from collections.abc import Iterable

import pyoxigraph as ox

from ...errors import ResolutionError
from ...gazetteer import Resolver
from ...iris import Minter
from ...namespaces import EUTHEME

# The checks of the kinds named queries have too (IRI, code-list notation, integer or year, string) are
# the named queries' own, so both check a kind the same way; this module adds the REST-only kinds.
from ...queries import NOTATION, BadParameterError, integer, iri, literal, notation

_KEY = re.compile(r"^\d{2}(\d|\d{3}|\d{6}|\d{10})?$")  # 2, 3, 5, 8 or 12 digits: Land … ARS
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._~-]{0,199}$")
_THEME = re.compile(r"^[A-Z]{4}$")


def theme(name: str, value: str) -> ox.NamedNode:
    """An EU data theme by code (``TRAN``) or IRI."""
    if _THEME.fullmatch(value):
        return ox.NamedNode(f"{EUTHEME}{value}")
    term = iri(name, value)
    if not term.value.startswith(str(EUTHEME)):
        raise BadParameterError(name, "not an EU data theme")
    return term


def identifier(name: str, value: str) -> str:
    """A register id or slug as it appears in IRIs (``ku2016-b-14``)."""
    if not _ID.fullmatch(value):
        raise BadParameterError(name, f"{value[:80]!r} is not an identifier")
    return value


class Terms:
    """Turns references to things (towns, organisations, register records) into IRIs.

    Args:
        resolver: the gazetteer's name resolver.
        minter: the deployment's IRIs.
    """

    def __init__(self, resolver: Resolver, minter: Minter) -> None:
        self.resolver, self.minter = resolver, minter

    def agent(self, name: str, value: str) -> ox.NamedNode:
        """A partner or publisher: an official key, an IRI, an organisation slug, or a place name."""
        if _KEY.fullmatch(value):
            return ox.NamedNode(self.minter.territory(value))
        if value.startswith(("http://", "https://")):
            return iri(name, value)
        try:
            return ox.NamedNode(self.minter.territory(self.resolver.resolve(value).key))
        except ResolutionError:
            if NOTATION.fullmatch(value):
                return ox.NamedNode(self.minter.organisation(value))
            raise BadParameterError(
                name, f"{value[:80]!r} is neither an official key, an IRI, an organisation id nor a known place"
            ) from None

    def record(self, name: str, value: str) -> ox.NamedNode:
        """A register entity: ``cooperation/ku2016-b-14``, ``project/luft-hub`` or an IRI."""
        if value.startswith(("http://", "https://")):
            return iri(name, value)
        kind, _, rid = value.partition("/")
        if kind not in ("cooperation", "project", "recommendation") or not _ID.fullmatch(rid):
            raise BadParameterError(name, "expected cooperation/<id>, project/<id> or an IRI")
        return ox.NamedNode(self.minter.entity(kind, rid))


def values(var: str, terms: Iterable[ox.NamedNode]) -> str:
    """A ``VALUES ?var { … }`` block of IRIs; each is an ``ox.NamedNode``, serialised by Oxigraph."""
    items = []
    for term in terms:
        if not isinstance(term, ox.NamedNode):
            raise TypeError(f"not an IRI term: {term!r}")
        items.append(str(term))
    return f"VALUES ?{var} {{ {' '.join(items)} }}"
