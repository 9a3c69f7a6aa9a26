"""Bind values to query variables without pasting user text: terms are serialised by Oxigraph.

A ``VALUES`` block is placed at the start of the query's first ``WHERE { … }`` group, so the
binding joins the pattern before any grouping, and works the same on every SPARQL 1.1 store.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

import pyoxigraph as ox

from ..errors import QueryError

_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
_VARIABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")

Term = ox.NamedNode | ox.Literal


def inject_values(query: str, bindings: Mapping[str, Term]) -> str:
    """``query`` with each variable of ``bindings`` fixed to its term.

    Raises:
        QueryError: a variable name is invalid, or the query has no explicit ``WHERE {``.
    """
    if not bindings:
        return query
    for name, term in bindings.items():
        if not _VARIABLE.match(name) or not isinstance(term, Term):
            raise QueryError(f"cannot bind {name!r} to {term!r}")
    # query texts are mostly the same few constants; long ones (a pasted VALUES list) are searched, not kept
    end = _where_end(query) if len(query) <= 8192 else _where_end.__wrapped__(query)
    if end is None:
        raise QueryError("a query that takes parameters needs an explicit 'WHERE {'")
    block = " ".join(f"VALUES ?{name} {{ {term} }}" for name, term in bindings.items())
    return f"{query[:end]} {block}\n{query[end:]}"


@lru_cache(maxsize=256)
def _where_end(query: str) -> int | None:
    """Where the first ``WHERE {`` ends; the same few query texts come back (searching the prologue is not free)."""
    match = _WHERE.search(query)
    return None if match is None else match.end()
