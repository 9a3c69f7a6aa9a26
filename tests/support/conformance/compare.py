"""Compare answers the way the W3C suites mean: blank nodes up to renaming, order only under ORDER BY.

Result sets are lists of solutions; two match when a one-to-one renaming of the answer's blank nodes
makes them the same multiset (or the same sequence, for an ordered query). Graphs are compared with
rdflib's isomorphism.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from decimal import Decimal

import pyoxigraph as ox
import rdflib
from rdflib.compare import isomorphic

Key = tuple  # a term as a comparable value
XSD = "http://www.w3.org/2001/XMLSchema#"
_FLOATS = {f"{XSD}double", f"{XSD}float"}
_INTEGERS = {
    f"{XSD}{t}"
    for t in (
        "integer",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "negativeInteger",
        "nonPositiveInteger",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
    )
}
Row = dict[str, Key]


def term_key(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> Key:
    """RDF term equality: IRIs and literals by their parts (language tags are case-insensitive).

    A number is its datatype and value: ``"3.21E4"^^xsd:double`` and ``"32100"^^xsd:double`` are one
    double, written two ways (the XSD canonical form, which the expected files use, or another).
    """
    if isinstance(term, ox.NamedNode):
        return ("iri", term.value)
    if isinstance(term, ox.BlankNode):
        return ("bnode", term.value)
    if isinstance(term, ox.Literal):
        return ("literal", _number(term), term.datatype.value, (term.language or "").lower())
    return ("triple", term_key(term.subject), term_key(term.predicate), term_key(term.object))


def _number(literal: ox.Literal) -> object:
    """The value of a numeric literal (its lexical form when it is not a valid one), else the lexical form."""
    datatype, text = literal.datatype.value, literal.value
    try:
        if datatype in _FLOATS:
            value = float(text)
            return ("number", "NaN" if value != value else value)  # NaN equals no number, not even itself
        if datatype in _INTEGERS:
            return ("number", int(text))
        if datatype == f"{XSD}decimal":
            return ("number", Decimal(text).normalize())
    except (ValueError, ArithmeticError):
        pass
    return text


def rows_of(solutions: ox.QuerySolutions) -> tuple[list[str], list[Row]]:
    """Variables and solutions as plain comparable rows (unbound variables left out)."""
    names = [v.value for v in solutions.variables]
    rows = []
    for solution in solutions:
        rows.append({n: term_key(solution[n]) for n in names if solution[n] is not None})
    return names, rows


def _bnodes(key: Key) -> Iterable[str]:
    if key[0] == "bnode":
        yield key[1]
    elif key[0] == "triple":
        for part in key[1:]:
            yield from _bnodes(part)


def _rename(key: Key, mapping: Mapping[str, str]) -> Key | None:
    """``key`` with its blank nodes renamed; ``None`` if one has no name yet."""
    if key[0] == "bnode":
        return ("bnode", mapping[key[1]]) if key[1] in mapping else None
    if key[0] == "triple":
        parts = [_rename(p, mapping) for p in key[1:]]
        return None if None in parts else ("triple", *parts)
    return key


def _extend(actual: Row, expected: Row, mapping: dict[str, str], used: set[str]) -> dict[str, str] | None:
    """``mapping`` extended so that ``actual`` becomes ``expected``, or ``None`` if no renaming can."""
    if actual.keys() != expected.keys():
        return None
    new = dict(mapping)
    taken = set(used)

    def unify(a: Key, e: Key) -> bool:
        if a[0] != e[0]:
            return False
        if a[0] == "bnode":
            if a[1] in new:
                return new[a[1]] == e[1]
            if e[1] in taken:
                return False
            new[a[1]] = e[1]
            taken.add(e[1])
            return True
        if a[0] == "triple":
            return all(unify(x, y) for x, y in zip(a[1:], e[1:], strict=True))
        return a == e

    return new if all(unify(actual[v], expected[v]) for v in actual) else None


def _has_bnodes(row: Row) -> bool:
    return any(True for key in row.values() for _ in _bnodes(key))


def same_solutions(actual: list[Row], expected: list[Row], *, ordered: bool) -> bool:
    """Whether the answer's solutions are the expected ones, blank nodes up to a one-to-one renaming."""
    if len(actual) != len(expected):
        return False
    if ordered:
        mapping: dict[str, str] | None = {}
        for a, e in zip(actual, expected, strict=True):
            mapping = _extend(a, e, mapping, set(mapping.values())) if mapping is not None else None
        return mapping is not None
    plain = [Counter(tuple(sorted(r.items())) for r in rows if not _has_bnodes(r)) for rows in (actual, expected)]
    if plain[0] != plain[1]:
        return False
    return _match([r for r in actual if _has_bnodes(r)], [r for r in expected if _has_bnodes(r)], {})


def _match(actual: list[Row], expected: list[Row], mapping: dict[str, str]) -> bool:
    """Backtracking search for a renaming that pairs every actual row with a distinct expected row."""
    if not actual:
        return not expected
    first, rest = actual[0], actual[1:]
    for i, candidate in enumerate(expected):
        extended = _extend(first, candidate, mapping, set(mapping.values()))
        if extended is not None and _match(rest, expected[:i] + expected[i + 1 :], extended):
            return True
    return False


def same_graph(actual: rdflib.Graph, expected: rdflib.Graph) -> bool:
    """rdflib's graph isomorphism (blank nodes up to renaming)."""
    return isomorphic(actual, expected)


def describe_rows(rows: list[Row], limit: int = 12) -> str:
    """A short, readable listing of rows for an assertion message."""

    def show(key: Key) -> str:
        if key[0] == "iri":
            return f"<{key[1]}>"
        if key[0] == "bnode":
            return f"_:{key[1][:6]}"
        if key[0] == "literal":
            suffix = f"@{key[3]}" if key[3] else f"^^<{key[2].rsplit('#', 1)[-1]}>"
            return f'"{key[1][1] if isinstance(key[1], tuple) else key[1]}"{suffix}'
        return f"<< {' '.join(show(p) for p in key[1:])} >>"

    lines = [" ".join(f"?{v}={show(k)}" for v, k in sorted(r.items())) for r in rows[:limit]]
    more = f"\n  … {len(rows) - limit} more" if len(rows) > limit else ""
    return "\n  ".join(["", *lines]) + more
