"""Named SPARQL queries: ``queries/*.rq`` with a comment header, run with typed, bound parameters.

Header lines (``# key: value``) before the query text::

    # title: Cooperations of a town
    # description: Every cooperation the town takes part in, with its role.
    # param: town | town | Kamen | the town, by name or official key

A parameter ``?name`` is bound by substitution, never pasted into the query text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from . import ntriples as nt
from .errors import QueryError, ResolutionError, UnknownQueryError
from .gazetteer import Resolver
from .iris import Minter
from .namespaces import XSD, code

#: xsd:integer, the datatype of integer and year parameters.
XSD_INTEGER = ox.NamedNode(str(XSD.integer))
#: A code-list notation (``oerv``, ``verkehr``); checked with ``fullmatch``.
NOTATION = re.compile(r"[a-z0-9][a-z0-9-]{0,60}")
TYPES = (
    "town",
    "string",
    "integer",
    "year",
    "iri",
    *(f"code:{s}" for s in ("legal-form", "field", "smart-city-dimension", "role", "status", "outcome")),
)


@dataclass(frozen=True, slots=True)
class Parameter:
    name: str
    type: str
    default: str | None
    description: str


@dataclass(frozen=True, slots=True)
class NamedQuery:
    """One ``.rq`` file: its name (file stem), header and text."""

    name: str
    title: str
    description: str
    parameters: tuple[Parameter, ...]
    text: str


def parse_named_query(path: Path) -> NamedQuery:
    """Read one ``.rq`` file and its header; a malformed header is a :class:`QueryError`."""
    text = path.read_text(encoding="utf-8")
    header: dict[str, str] = {}
    params: list[Parameter] = []
    for line in text.splitlines():
        match = re.match(r"^#\s*(\w+):\s*(.*)$", line)
        if not match:
            if line.strip() and not line.startswith("#"):
                break
            continue
        key, value = match.groups()
        if key == "param":
            params.append(_parse_param(path, value))
        else:
            header[key] = value.strip()
    if "title" not in header:
        raise QueryError(f"{path.name}: the header has no '# title:' line")
    return NamedQuery(path.stem, header["title"], header.get("description", ""), tuple(params), text)


def _parse_param(path: Path, spec: str) -> Parameter:
    parts = [p.strip() for p in spec.split("|")]
    if len(parts) != 4 or parts[1] not in TYPES:
        raise QueryError(
            f"{path.name}: bad parameter line {spec!r}; expected "
            f"'name | type | default | description' with type in {TYPES}"
        )
    name, type_, default, description = parts
    return Parameter(name, type_, default or None, description)


def load_queries(folder: Path) -> dict[str, NamedQuery]:
    """Every named query in ``folder``, by name."""
    return {q.name: q for q in (parse_named_query(p) for p in sorted(folder.glob("*.rq")))}


class Binder:
    """Turns parameter strings into RDF terms.

    Args:
        resolver: resolves town names and keys.
        minter: mints the IRIs of the resolved territories.
    """

    def __init__(self, resolver: Resolver, minter: Minter) -> None:
        self.resolver, self.minter = resolver, minter

    def bind(self, query: NamedQuery, values: Mapping[str, str]) -> dict[str, ox.NamedNode | ox.Literal]:
        """Substitutions for ``query``; unknown, missing or invalid values raise :class:`QueryError`."""
        known = {p.name: p for p in query.parameters}
        unknown = set(values) - set(known)
        if unknown:
            raise QueryError(
                f"{query.name}: unknown parameter(s) {', '.join(sorted(unknown))}; "
                f"it takes: {', '.join(known) or 'none'}"
            )
        out: dict[str, ox.NamedNode | ox.Literal] = {}
        for p in query.parameters:
            raw = values.get(p.name, p.default)
            if raw is None:
                raise QueryError(f"{query.name}: parameter {p.name!r} is required")
            out[p.name] = self.term(p, raw)
        return out

    def term(self, param: Parameter, raw: str) -> ox.NamedNode | ox.Literal:
        """One parameter value as a term, checked against its type by the kind checks below (REST's too)."""
        if param.type == "town":
            try:
                return ox.NamedNode(self.minter.territory(self.resolver.resolve(raw).key))
            except ResolutionError as exc:
                raise BadParameterError(param.name, str(exc)) from exc
        if param.type in ("integer", "year"):
            return integer(param.name, raw, year=param.type == "year")
        if param.type == "iri":
            return iri(param.name, raw)
        if param.type.startswith("code:"):
            return notation(param.name, param.type[5:], raw)
        return literal(param.name, raw)


# The kind checks: the one place where a parameter value of a kind becomes a term, for the named
# queries (CLI, /api/v1/queries) and for the REST resources' filters alike (api/rest/_bind.py).


class BadParameterError(QueryError):
    """A parameter value that cannot be bound; answered with 400 (or 404 for path ids)."""

    def __init__(self, name: str, message: str) -> None:
        self.name = name
        super().__init__(f"parameter {name}: {message}")


def iri(name: str, value: str) -> ox.NamedNode:
    """An absolute http(s) IRI, checked before it reaches ``ox.NamedNode``."""
    if not value.startswith(("http://", "https://")):
        raise BadParameterError(name, f"{value[:80]!r} is not an http(s) IRI")
    try:
        nt.iri(value)
        return ox.NamedNode(value)
    except ValueError as exc:
        raise BadParameterError(name, f"not a valid IRI: {str(exc)[:120]}") from None


def notation(name: str, scheme: str, value: str) -> ox.NamedNode:
    """A concept of a code list, by notation (``oerv``) or by its full IRI."""
    if value.startswith(("http://", "https://")):
        term = iri(name, value)
        if not term.value.startswith(code(scheme, "")):
            raise BadParameterError(name, f"not a concept of the code list {scheme}")
        return term
    if not NOTATION.fullmatch(value):
        raise BadParameterError(name, f"{value[:80]!r} is not a notation of the code list {scheme}")
    return ox.NamedNode(code(scheme, value))


def integer(name: str, value: str | int, *, year: bool = False) -> ox.Literal:
    """A whole number (a year between 1000 and 2999 if ``year``) as an ``xsd:integer`` literal."""
    try:
        number = int(value)
    except ValueError:
        raise BadParameterError(name, f"{str(value)[:80]!r} is not an integer") from None
    if year and not 1000 <= number <= 2999:
        raise BadParameterError(name, f"{number} is not a plausible year")
    return ox.Literal(str(number), datatype=XSD_INTEGER)


def literal(name: str, value: str, *, limit: int = 500) -> ox.Literal:
    """A plain string literal (bound, so any character is harmless; length is capped)."""
    if len(value) > limit:
        raise BadParameterError(name, f"longer than {limit} characters")
    return ox.Literal(value)


def find_query(queries: Mapping[str, NamedQuery], name: str) -> NamedQuery:
    try:
        return queries[name]
    except KeyError:
        raise UnknownQueryError(f"no named query {name!r}; known: {', '.join(sorted(queries))}") from None
