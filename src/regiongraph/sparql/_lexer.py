"""Questions about a query text, answered from its tokens (see :mod:`._scanner`, which reads them as Oxigraph does).

Does it reach the network (:func:`uses_federation`; the full verdict is :func:`._guard.lexical_refusal`),
is it a single pattern whose answer streams (:func:`streams`), can its answer change between two
evaluations (:func:`volatile`), which keywords does it use (:func:`keywords`).
"""

from __future__ import annotations

from ._guard import lexical_refusal
from ._scanner import scan


def keywords(text: str) -> set[str]:
    """Upper-cased bare words of ``text`` (keywords and function names), outside strings, IRIs and comments.

    A text the scanner cannot read to its end gives the words before the place it stopped.
    """
    return {t.text.upper() for t in scan(text).tokens if t.kind == "word"}


def _bare_words(text: str, names: tuple[str, ...]) -> set[str] | None:
    """Which of ``names`` (upper case) are bare words of ``text``; ``None`` when the text cannot be read."""
    folded = text.upper()
    present = [name for name in names if name in folded]
    if not present:  # the common case: none, no tokenizing
        return set()
    result = scan(text)
    if result.error is not None:
        return None
    return {t.text.upper() for t in result.tokens if t.kind == "word"}.intersection(present)


def uses_federation(text: str, *, update: bool = False) -> str | None:
    """The network keyword ``text`` may reach out with (``SERVICE``, or ``LOAD`` in an update), or ``None``.

    "May": a text that names one and cannot be read with certainty counts as using it.
    """
    refusal = lexical_refusal(text, update=update)
    return refusal.keyword if refusal is not None else None


#: Functions whose value differs between two evaluations of one text on the same data.
_VOLATILE = ("RAND", "NOW", "UUID", "STRUUID", "BNODE")


def volatile(text: str) -> bool:
    """Whether ``text`` calls a function whose value changes from one evaluation to the next (``RAND()``, ``NOW()``, …).

    The same text on the same snapshot then need not give the same answer, nor one of the same size.
    """
    found = _bare_words(text, _VOLATILE)
    return found is None or bool(found)  # unreadable: assume it may change


_TERM_KINDS = frozenset(("var", "iri", "pname", "string"))
#: Longest text :func:`streams` reads (it is asked on the event loop); a single pattern is far shorter.
STREAMS_LONGEST = 4096


def _tokens(text: str) -> list[tuple[str, str]]:
    """``(kind, text)`` of every token but comments (kinds: see :class:`._scanner.Token`), up to an unreadable spot."""
    return [(t.kind, t.text) for t in scan(text).tokens if t.kind != "comment"]


def streams(text: str) -> bool:
    """Whether ``text`` is a query whose answer Oxigraph writes as it scans: one triple pattern, nothing else.

    ``[PREFIX …]* SELECT [DISTINCT] vars|* [WHERE] { s p o [.] } [LIMIT n]`` or ``ASK { s p o }``, with
    terms that are variables (none repeated), IRIs, prefixed names, ``a`` or plain strings. Such a query
    is one index scan: no join, sort, group or filter holds back output, so the time between two
    written chunks stays short, and a caller can watch the clock between them.
    """
    if len(text) > STREAMS_LONGEST or text.count("{") != 1:  # most other queries are told apart without tokenizing
        return False
    result = scan(text)
    if result.error is not None:
        return False
    tokens = [(t.kind, t.text) for t in result.tokens if t.kind != "comment"]
    i = 0
    while i < len(tokens) and tokens[i][1].upper() in ("PREFIX", "BASE"):
        i += 3 if tokens[i][1].upper() == "PREFIX" else 2
    kinds = [kind for kind, _ in tokens[i:]]
    words = [token.upper() if kind == "word" else token for kind, token in tokens[i:]]
    j = _after_head(kinds, words)
    return j is not None and _one_pattern(tokens[i + j :], words[j:])


def _after_head(kinds: list[str], words: list[str]) -> int | None:
    """Tokens of ``ASK`` or ``SELECT [DISTINCT|REDUCED] vars|*``, and ``WHERE`` if given; ``None`` for other heads."""
    if words[:1] == ["ASK"]:
        j = 1
    elif words[:1] == ["SELECT"]:
        j = start = 1 + (words[1:2] in (["DISTINCT"], ["REDUCED"]))
        while j < len(words) and (kinds[j] == "var" or words[j] == "*"):
            j += 1
        if j == start:  # an expression, e.g. (COUNT(*) AS ?n)
            return None
    else:
        return None
    return j + (words[j : j + 1] == ["WHERE"])


def _one_pattern(tokens: list[tuple[str, str]], words: list[str]) -> bool:
    """``{ s p o [.] } [LIMIT digits]`` and nothing else."""
    end = 5 + (words[4:5] == ["."])
    if len(words) < end or words[0] != "{" or words[end - 1] != "}":
        return False
    terms = tokens[1:4]
    if not all(kind in _TERM_KINDS or (kind, text) == ("word", "a") for kind, text in terms):
        return False
    variables = [text[1:] for kind, text in terms if kind == "var"]
    if len(set(variables)) != len(variables):
        return False
    rest = words[end:]
    return not rest or (rest[0] == "LIMIT" and len(rest) > 1 and all(w.isdigit() for w in rest[1:]))


def dataset_clause(text: str) -> bool:
    """Whether ``text`` names its own dataset: ``FROM`` / ``FROM NAMED`` (a query), ``USING`` / ``WITH`` (an update)."""
    return bool(_bare_words(text, ("FROM", "USING", "WITH")))
