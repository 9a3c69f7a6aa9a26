"""CKAN-style names and ids of catalogue items, computed the same way in Python and in SPARQL.

A package's ``name`` (slug) and ``id`` (UUID) are derived from its dataset IRI, so the
store needs no extra triples, a lookup by name or id is one bound SPARQL filter, and the
value a client sees is exactly the value a filter compares with (tests check both agree).
"""

from __future__ import annotations

import hashlib
import re
import uuid

from .. import ntriples as nt

#: CKAN names: lower-case ASCII letters, digits, ``-`` and ``_``, at most 100 characters.
MAX_NAME = 100
_UMLAUTS = (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss"))
_NOT_NAME = re.compile(r"[^a-z0-9_-]+")
_EDGES = re.compile(r"^-+|-+$")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://")


def slug(text: str) -> str:
    """``"Kreis Unna"`` → ``"kreis-unna"``; umlauts transliterated, anything else outside a CKAN name dropped."""
    text = text.lower()
    for char, repl in _UMLAUTS:
        text = text.replace(char, repl)
    return _EDGES.sub("", _NOT_NAME.sub("-", text))[:MAX_NAME]


def package_name(iri: str, base_iri: str) -> str:
    """The CKAN name of the dataset ``iri``: its path below the base IRI, or its host and path, as a slug."""
    rest = iri[len(base_iri) :] if iri.startswith(base_iri) else _SCHEME.sub("", iri.lower())
    return slug(rest)


def package_id(iri: str) -> str:
    """A stable UUID (version-5 layout) from the SHA-1 of the dataset IRI."""
    return str(uuid.UUID(hex=hashlib.sha1(iri.encode("utf-8")).hexdigest()[:32], version=5))


def sparql_slug(expr: str) -> str:
    """SPARQL expression equal to :func:`slug` of the string ``expr``."""
    out = f"LCASE(STR({expr}))"
    for char, repl in _UMLAUTS:
        out = f'REPLACE({out}, "{char}", "{repl}")'
    out = f'REPLACE(REPLACE({out}, "[^a-z0-9_-]+", "-"), "^-+|-+$", "")'
    return f"SUBSTR({out}, 1, {MAX_NAME})"


def sparql_name(var: str, base_iri: str) -> str:
    """SPARQL expression equal to :func:`package_name` of the IRI in ``var``."""
    base = nt.literal(base_iri)
    rest = (
        f"IF(STRSTARTS(STR({var}), {base}), STRAFTER(STR({var}), {base}), "
        f'REPLACE(LCASE(STR({var})), "^[a-z][a-z0-9+.-]*://", ""))'
    )
    return sparql_slug(rest)


def sparql_id(var: str) -> str:
    """SPARQL expression equal to :func:`package_id` of the IRI in ``var``.

    ``uuid.UUID(..., version=5)`` fixes the version digit to 5 and the two variant bits
    to ``10``: the 17th hex digit becomes 8, 9, a or b, which the REPLACE chain reproduces.
    """
    h = f"SHA1(STR({var}))"
    variant = f"SUBSTR({h}, 17, 1)"
    for digits, repl in (("048c", "8"), ("159d", "9"), ("26ae", "a"), ("37bf", "b")):
        variant = f'REPLACE({variant}, "[{digits}]", "{repl}")'
    return (
        f'CONCAT(SUBSTR({h}, 1, 8), "-", SUBSTR({h}, 9, 4), "-5", SUBSTR({h}, 14, 3), "-", {variant}, '
        f'SUBSTR({h}, 18, 3), "-", SUBSTR({h}, 21, 12))'
    )
