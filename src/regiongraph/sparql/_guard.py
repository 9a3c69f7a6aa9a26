"""No route from a query to the network: the checks that refuse ``SERVICE`` (and ``LOAD`` in updates).

Two independent layers, each sufficient alone:

* **Lexical** (:func:`lexical_refusal`, every store): the text is read with :mod:`._scanner`, the way
  Oxigraph's parser reads it. A text that names a network keyword anywhere (``SERVICE``, for updates
  also ``LOAD``; any case) is refused if the keyword is a keyword there, if it hides in a prefixed
  name's prefix (``SERVICE:x`` is ``SERVICE`` + ``:x`` to Oxigraph), or if anything in the text cannot
  be read with certainty: an unknown bare word (``trueSERVICE``), a prefixed name whose prefix is not
  declared or whose IRI does not parse (Oxigraph then reads its local part as code), an ambiguous ``<``.
* **Second layer.** For the embedded store, the query threads cannot open network sockets at all
  (:mod:`._sandbox`). A remote store evaluates ``SERVICE`` itself, out of reach of any sandbox here;
  its second layer is :func:`parse_refusal`: Oxigraph's own parser (the one ``oxigraph serve`` runs)
  must accept the text with every network keyword spelled otherwise — a keyword that was a keyword
  becomes a syntax error, one inside an IRI, a string or a name changes nothing. The remote store is
  sent :func:`canonical` text, with no ``\\u`` escape left, so that a store which decodes escapes over
  the whole text (SPARQL 1.1 §19.2) reads the same query as Oxigraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import partial

import pyoxigraph as ox

from ._scanner import Scan, Token, decode_iri, decode_string, scan

QUERY_KEYWORDS = ("SERVICE",)
UPDATE_KEYWORDS = ("SERVICE", "LOAD")
#: Prefix names Oxigraph may read as this keyword followed by a prefixed name: ``FILTERx:f(…)`` is a filter.
_GLUED = ("FILTER", "HAVING", "BY")
#: Where each keyword gets another letter for :func:`parse_refusal` (never a hex digit, never an exponent).
_RESPELL = {"SERVICE": 3, "LOAD": 1}


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why a text is not evaluated: ``kind`` is ``federation-disabled`` or ``unreadable-query``."""

    kind: str
    keyword: str
    detail: str


class RefusedError(Exception):
    """A text was refused on its way to the store (the second layer, or canonical text for a remote store)."""

    def __init__(self, refusal: Refusal) -> None:
        super().__init__(refusal.detail)
        self.refusal = refusal


def named(text: str, *, update: bool = False) -> list[str]:
    """The network keywords ``text`` holds anywhere, in any case (the cheap test that spares most texts a scan)."""
    folded = text.upper()
    return [name for name in (UPDATE_KEYWORDS if update else QUERY_KEYWORDS) if name in folded]


def lexical_refusal(text: str, *, update: bool = False) -> Refusal | None:
    """The first layer: why ``text`` must not be evaluated, or ``None``."""
    names = named(text, update=update)
    if not names:
        return None
    result = scan(text)
    if result.error is not None:
        return _unreadable(names[0], f"{result.error} at {result.position(text)}")
    for token in result.tokens:
        found = _keyword(token, names) or _prefixed(token, result, names)
        if found is not None:
            return found
    for prefix, iri in result.prefixes.items():
        if not _absolute(iri):
            return _unreadable(names[0], f"the IRI of prefix '{prefix}:' must be absolute here: <{iri}>")
    return None


def _keyword(token: Token, names: list[str]) -> Refusal | None:
    if token.kind != "word":
        return None
    word = token.text.upper()
    return next((_federation(name) for name in names if name in word), None)


def _prefixed(token: Token, result: Scan, names: list[str]) -> Refusal | None:
    """A prefixed name is safe when Oxigraph surely reads it as one name: declared prefix, valid IRI."""
    if token.kind != "pname":
        return None
    prefix, _, local = token.text.partition(":")
    upper = prefix.upper()
    name = next((n for n in names if n in upper), None)
    if name is not None:
        return _federation(name)
    if upper.startswith(_GLUED):
        return _unreadable(names[0], f"the prefix of {token.text!r} starts with the keyword {upper[:6]}")
    namespace = result.prefixes.get(prefix)
    if namespace is None:
        return _unreadable(names[0], f"the prefix of {token.text!r} is not declared")
    if not _absolute(namespace + local.replace("\\", "")):
        return _unreadable(names[0], f"{token.text!r} does not make a valid IRI")
    return None


def _absolute(iri: str) -> bool:
    try:
        ox.NamedNode(iri)
    except ValueError:
        return False
    return True


def _federation(keyword: str) -> Refusal:
    return Refusal("federation-disabled", keyword, f"this endpoint does not follow {keyword} to other servers")


def _unreadable(keyword: str, why: str) -> Refusal:
    return Refusal(
        "unreadable-query",
        keyword,
        f"the text mentions {keyword}, and this endpoint could not read it with certainty: {why}",
    )


# -- the second layer for a remote store ---------------------------------------------------------------------

_SCRATCH = ox.Store()  # never written: queries are parsed against it, updates get a store of their own


def parse_refusal(text: str, *, update: bool = False) -> Refusal | None:
    """Why Oxigraph's parser says ``text`` may reach the network, or ``None``.

    Every network keyword is spelled with one letter changed; the text must still parse. Where it was
    a keyword, it no longer is one, and the text fails; inside an IRI, a string, a name or a comment the
    change makes no difference. The respelled text reaches nothing when evaluated: its only effect is
    Oxigraph's verdict (on an empty in-memory store).
    """
    names = named(text, update=update)
    if not names:
        return None
    respelled = text
    for name in names:
        at = _RESPELL[name]
        respelled = re.sub(name, partial(_respell, at=at), respelled, flags=re.IGNORECASE)
    try:
        if update:
            ox.Store().update(respelled)
        else:
            _SCRATCH.query(respelled)
    except (SyntaxError, ValueError, OSError, RuntimeError) as exc:
        return Refusal(
            "federation-disabled",
            names[0],
            f"this endpoint does not follow {names[0]} to other servers (checked by parsing: {exc})",
        )
    return None


def _respell(match: re.Match[str], *, at: int) -> str:
    word = match.group()
    return word[:at] + ("Q" if word[at].isupper() else "q") + word[at + 1 :]


def canonical(text: str) -> str:
    """``text`` with every ``\\u``/``\\U`` escape decoded and comments dropped, read the same by Oxigraph.

    Raises:
        RefusedError: the text cannot be read, or a string's value itself holds a backslash before ``u``.
    """
    if "\\u" not in text and "\\U" not in text:
        return text
    result = scan(text)
    if result.error is not None:
        raise RefusedError(_unreadable("\\u", f"{result.error} at {result.position(text)}"))
    parts, end = [], 0
    for token in result.tokens:
        parts.append(text[end : token.start])
        parts.append(_plain(token))
        end = token.start + len(token.text)
    parts.append(text[end:])
    out = "".join(parts)
    if "\\u" in out or "\\U" in out:
        raise RefusedError(
            Refusal(
                "unreadable-query",
                "\\u",
                "a string that holds a backslash followed by 'u' cannot be sent to the remote store unambiguously",
            )
        )
    return out


def _plain(token: Token) -> str:
    if token.kind == "comment":
        return " "
    if token.kind == "iri":
        return f"<{decode_iri(token.text)}>"
    if token.kind == "string":
        value = decode_string(token.text)
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r") + '"'
    return token.text


__all__ = ["Refusal", "RefusedError", "canonical", "lexical_refusal", "named", "parse_refusal"]
