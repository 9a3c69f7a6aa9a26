"""A small SPARQL tokenizer: enough to find keywords outside strings, IRIs and comments.

The public endpoint refuses ``SERVICE`` (and the update route ``LOAD``) before Oxigraph
sees the text, because Oxigraph would otherwise open network connections for them.
"""

from __future__ import annotations

import re

_TOKEN = re.compile(
    r"""
    (?P<comment>\#[^\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
              |'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][A-Za-z0-9_\u00b7-\uffff]+)
  | (?P<pname>[A-Za-z_\u00c0-\uffff][\w.\-\u00b7-\uffff]*:[\w.\-:%\\\u00b7-\uffff]*|:[\w.\-:%\\\u00b7-\uffff]*)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<other>\S)
    """,
    re.VERBOSE | re.DOTALL,
)


def keywords(text: str) -> set[str]:
    """Upper-cased bare words of ``text`` (keywords and function names), outside strings, IRIs and comments."""
    return {m.group("word").upper() for m in _TOKEN.finditer(text) if m.lastgroup == "word"}


def _bare_words(text: str, names: tuple[str, ...]) -> set[str]:
    """Which of ``names`` (upper case) are bare words of ``text``; tokenizes only if one occurs at all."""
    folded = text.upper()
    present = [name for name in names if name in folded]
    return keywords(text).intersection(present) if present else set()  # the common case: none, no tokenizing


def uses_federation(text: str, *, update: bool = False) -> str | None:
    """The first keyword of ``text`` that would reach the network (``SERVICE``, or ``LOAD`` in an update)."""
    names = ("SERVICE", "LOAD") if update else ("SERVICE",)
    found = _bare_words(text, names)
    return next((name for name in names if name in found), None)


#: Functions whose value differs between two evaluations of one text on the same data.
_VOLATILE = ("RAND", "NOW", "UUID", "STRUUID", "BNODE")


def volatile(text: str) -> bool:
    """Whether ``text`` calls a function whose value changes from one evaluation to the next (``RAND()``, ``NOW()``, …).

    The same text on the same snapshot then need not give the same answer, nor one of the same size.
    """
    return bool(_bare_words(text, _VOLATILE))


_TERM_KINDS = frozenset(("var", "iri", "pname", "string"))


def _tokens(text: str) -> list[tuple[str, str]]:
    return [(m.lastgroup or "", m.group()) for m in _TOKEN.finditer(text) if m.lastgroup != "comment"]


def streams(text: str) -> bool:
    """Whether ``text`` is a query whose answer Oxigraph writes as it scans: one triple pattern, nothing else.

    ``[PREFIX …]* SELECT [DISTINCT] vars|* [WHERE] { s p o [.] } [LIMIT n]`` or ``ASK { s p o }``, with
    terms that are variables (none repeated), IRIs, prefixed names, ``a`` or plain strings. Such a query
    is one index scan: no join, sort, group or filter holds back output, so the time between two
    written chunks stays short, and a caller can watch the clock between them.
    """
    if text.count("{") != 1:  # most other queries are told apart without tokenizing them
        return False
    tokens = _tokens(text)
    i = 0
    while i < len(tokens) and tokens[i][1].upper() in ("PREFIX", "BASE"):
        i += 3 if tokens[i][1].upper() == "PREFIX" else 2
    kinds = [kind for kind, _ in tokens[i:]]
    words = [token.upper() if kind == "word" else token for kind, token in tokens[i:]]
    j = _after_head(kinds, words)
    return j is not None and _one_pattern(tokens[i + j:], words[j:])


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
    return j + (words[j:j + 1] == ["WHERE"])


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
