"""The terminals of the SPARQL 1.1/1.2 grammar, read the way Oxigraph's parser (spargebra) reads them.

Oxigraph does not pre-process ``\\u`` escapes over the whole text (SPARQL 1.1 §19.2): it decodes
them inside IRIs and strings only. Its keywords are matched case-insensitively with no word
boundary (``trueSERVICE`` is ``true`` then ``SERVICE``), a prefixed name whose IRI fails to parse is
read again as its prefix alone, and ``<`` is an IRI or a less-than depending on where it stands.
So the scanner mirrors the grammar's terminals exactly (possessive patterns: no backtracking, one
pass) and keeps track of where it is — inside an expression, a group, a list — to tell ``<``
apart. It reports what it cannot read with certainty instead of guessing; :mod:`._guard` refuses
such texts when they mention a keyword that reaches the network.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d\u2070-\u218f"
    "\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd"
)
_U = _BASE + "_"
_CHARS = _U + "\\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_LOCAL = (
    rf"(?:[{_U}:0-9]|{_PLX})(?:[{_CHARS}:]|{_PLX})*+"
    rf"(?:\.++(?:[{_CHARS}:]|{_PLX})++)?+"
)
_PREFIX = rf"[{_BASE}][{_CHARS}]*+(?:\.++[{_CHARS}]++)*+"
_VARNAME = rf"[0-9{_U}][0-9\u00b7\u0300-\u036f\u203f-\u2040{_U}]*+"
_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"
_OTHER = r"\{\||\|\}|\^\^|&&|\|\||!=|>=|[{}()\[\].,;*/+\-!=>^|?~]"

#: Everything but ``<``, whose meaning depends on the context. Long strings before short ones, as the grammar.
_TOKEN = re.compile(
    rf"""
    (?P<ws>[ \t\r\n]++)
  | (?P<comment>\#[^\r\n]*+)
  | (?P<string>'''(?:(?:''|')?(?:[^'\\]|\\.))*+'''|\"\"\"(?:(?:\"\"|\")?(?:[^\"\\]|\\.))*+\"\"\"
              |'(?:[^'\\\r\n]|\\.)*+'|"(?:[^"\\\r\n]|\\.)*+")
  | (?P<var>[?$]{_VARNAME})
  | (?P<bnode>_:[0-9{_U}][{_CHARS}]*+(?:\.++[{_CHARS}]++)*+)
  | (?P<langtag>@[a-zA-Z]++(?:-[a-zA-Z0-9]++)*+(?:--[a-zA-Z]++)?+)
  | (?P<number>[0-9]++\.[0-9]*+[eE][+-]?[0-9]++|\.[0-9]++[eE][+-]?[0-9]++|[0-9]++[eE][+-]?[0-9]++
              |[0-9]*+\.[0-9]++|[0-9]++)
  | (?P<pname>(?:{_PREFIX})?:(?:{_LOCAL})?)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*+)
  | (?P<other>{_OTHER})
    """,
    re.VERBOSE | re.DOTALL,
)
#: What may stand between ``<`` and ``>`` of an IRI: no space, quote, brace, bar, caret, backtick, backslash
#: (but for ``\\u`` escapes). Anything else there makes Oxigraph's IRI parser fail.
_IRI_RUN = re.compile(rf"(?:[^<>\"{{}}|^`\\\x00-\x20]|{_UCHAR})*+")
_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))", re.DOTALL)
_ECHAR = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}

#: Every bare word the grammar knows (keywords, built-in functions); ``a``, ``true``, ``false`` are case-sensitive.
KEYWORDS = frozenset(
    (
        "BASE",
        "PREFIX",
        "SELECT",
        "DISTINCT",
        "REDUCED",
        "AS",
        "CONSTRUCT",
        "WHERE",
        "DESCRIBE",
        "ASK",
        "FROM",
        "NAMED",
        "GROUP",
        "BY",
        "HAVING",
        "ORDER",
        "ASC",
        "DESC",
        "LIMIT",
        "OFFSET",
        "VALUES",
        "OPTIONAL",
        "LATERAL",
        "GRAPH",
        "SERVICE",
        "SILENT",
        "BIND",
        "UNDEF",
        "MINUS",
        "UNION",
        "FILTER",
        "NOT",
        "IN",
        "EXISTS",
        "SEPARATOR",
        "LOAD",
        "INTO",
        "CLEAR",
        "DROP",
        "CREATE",
        "ADD",
        "MOVE",
        "COPY",
        "TO",
        "DEFAULT",
        "ALL",
        "INSERT",
        "DELETE",
        "DATA",
        "WITH",
        "USING",
        "COUNT",
        "SUM",
        "MIN",
        "MAX",
        "AVG",
        "SAMPLE",
        "GROUP_CONCAT",
        "STR",
        "LANG",
        "LANGMATCHES",
        "LANGDIR",
        "DATATYPE",
        "BOUND",
        "IRI",
        "URI",
        "BNODE",
        "RAND",
        "ABS",
        "CEIL",
        "FLOOR",
        "ROUND",
        "CONCAT",
        "SUBSTR",
        "STRLEN",
        "REPLACE",
        "UCASE",
        "LCASE",
        "ENCODE_FOR_URI",
        "CONTAINS",
        "STRSTARTS",
        "STRENDS",
        "STRBEFORE",
        "STRAFTER",
        "YEAR",
        "MONTH",
        "DAY",
        "HOURS",
        "MINUTES",
        "SECONDS",
        "TIMEZONE",
        "TZ",
        "NOW",
        "UUID",
        "STRUUID",
        "MD5",
        "SHA1",
        "SHA256",
        "SHA384",
        "SHA512",
        "COALESCE",
        "IF",
        "STRLANG",
        "STRLANGDIR",
        "STRDT",
        "SAMETERM",
        "ISIRI",
        "ISURI",
        "ISBLANK",
        "ISLITERAL",
        "ISNUMERIC",
        "HASLANG",
        "HASLANGDIR",
        "REGEX",
        "TRIPLE",
        "SUBJECT",
        "PREDICATE",
        "OBJECT",
        "ISTRIPLE",
        "ADJUST",
    )
)
_CASED = frozenset(("a", "true", "false"))
#: Words after which a ``(`` in a group is no function call.
_NOT_FUNCTIONS = frozenset(("VALUES", "A", "TRUE", "FALSE", "UNDEF"))
#: Clause keywords and the state they put their level in (see :class:`_Level`).
_CLAUSES = {
    "SELECT": "select",
    "GROUP": "cond",
    "ORDER": "cond",
    "HAVING": "cond",
    "VALUES": "values",
    "WHERE": "mod",
    "FROM": "mod",
    "LIMIT": "mod",
    "OFFSET": "mod",
    "CONSTRUCT": "mod",
    "ASK": "mod",
    "DESCRIBE": "mod",
}
_OPERAND_KINDS = frozenset(("var", "iri", "pname", "string", "number", "langtag"))


@dataclass(frozen=True, slots=True)
class Token:
    """One terminal: its kind, its text as written, and where it starts.

    Kinds: ``comment``, ``string``, ``iri`` (``<…>``), ``var``, ``pname``, ``bnode``, ``word`` (a bare word:
    keyword, function name, ``a``), ``number``, ``langtag``, and ``other`` (punctuation and operators).
    """

    kind: str
    text: str
    start: int


@dataclass
class Scan:
    """What :func:`scan` read: the tokens, the first thing it could not read (``error``, ``where``), the prefixes."""

    tokens: list[Token] = field(default_factory=list)
    error: str | None = None
    where: int = 0
    prefixes: dict[str, str] = field(default_factory=dict)

    def position(self, text: str) -> str:
        """``line:column`` (1-based) of :attr:`where` in ``text``."""
        line = text.count("\n", 0, self.where) + 1
        return f"{line}:{self.where - (text.rfind(chr(10), 0, self.where) + 1) + 1}"


@dataclass(slots=True)
class _Level:
    """One open bracket (or the whole text).

    ``kind``: ``top``, ``brace`` (a group or template), ``expr`` (an expression's parenthesis), ``list``
    (a collection, path, VALUES row, blank-node list), ``term`` (``<<( … )>>``), ``reified`` (``<< … >>``).
    ``state`` of ``top``/``brace`` levels: what a ``(`` there opens — ``select`` and ``cond`` (GROUP/ORDER BY,
    HAVING) expressions, ``values`` data rows, ``pattern``/``mod`` a list unless a function is called.
    """

    kind: str
    state: str = "pattern"


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text, self.pos, self.out = text, 0, Scan()
        self.levels = [_Level("top", "mod")]
        self.prev: Token | None = None
        self.before: Token | None = None

    def run(self) -> Scan:
        text, n = self.text, len(self.text)
        while self.pos < n and self.out.error is None:
            if text[self.pos] == "<":
                self._angle()
                continue
            match = _TOKEN.match(text, self.pos)
            if match is None:
                self._fail(f"unexpected character {text[self.pos]!r}")
                break
            kind = match.lastgroup or "other"
            self.pos = match.end()
            if kind != "ws":
                self._token(kind, match.group())
        if self.out.error is None and len(self.levels) > 1:
            self._fail(f"unclosed bracket (level {self.levels[-1].kind})")
        return self.out

    def _fail(self, message: str, where: int | None = None) -> None:
        if self.out.error is None:
            self.out.error, self.out.where = message, self.pos if where is None else where

    def _emit(self, kind: str, text: str, start: int) -> None:
        token = Token(kind, text, start)
        self.out.tokens.append(token)
        if kind != "comment":
            self.before, self.prev = self.prev, token

    def _token(self, kind: str, text: str) -> None:
        start = self.pos - len(text)
        if kind == "string" and not _valid_escapes(text):
            self._fail("invalid escape sequence in a string", start)
            return
        if kind == "word" and text not in _CASED and text.upper() not in KEYWORDS:
            self._fail(f"unknown word {text!r}", start)
            return
        if kind == "other" and text == ")" and self.levels[-1].kind == "term" and self.text.startswith(">>", self.pos):
            text, self.pos = ")>>", self.pos + 2
        reified = self.levels[-1].kind == "reified"
        if kind == "other" and text == ">" and reified and self.text.startswith(">", self.pos):
            text, self.pos = ">>", self.pos + 1
        self._track(kind, text, start)
        self._emit(kind, text, start)

    def _track(self, kind: str, text: str, start: int) -> None:
        """Follow brackets and clauses, and the prologue's prefixes."""
        level = self.levels[-1]
        if kind == "word":
            upper = text.upper()
            if level.kind in ("top", "brace") and upper in _CLAUSES:
                level.state = _CLAUSES[upper]
            return
        if (
            kind == "iri"
            and self.before is not None
            and self.before.kind == "word"
            and self.before.text.upper() == "PREFIX"
            and self.prev is not None
            and self.prev.kind == "pname"
        ):
            if not self.prev.text.endswith(":"):
                self._fail("a PREFIX declaration names a prefix, not a prefixed name", self.prev.start)
            self.out.prefixes[self.prev.text[:-1]] = decode_iri(text)
            return
        if kind != "other":
            return
        if text in ("{", "{|", "[", "<<(", "<<"):
            self.levels.append(self._opened(text))
        elif text in ("(",):
            self.levels.append(_Level(self._paren()))
        elif text in ("}", "|}", "]", ")", ")>>", ">>"):
            self._close(text, start)

    def _opened(self, text: str) -> _Level:
        if text == "{":
            return _Level("brace", "values" if self.levels[-1].state == "values" else "pattern")
        return _Level({"{|": "list", "[": "list", "<<(": "term", "<<": "reified"}[text])

    def _paren(self) -> str:
        """What a ``(`` opens here: an expression (``expr``) or a list of terms (``list``)."""
        level, prev, before = self.levels[-1], self.prev, self.before
        if level.kind == "expr":
            return "expr"
        if level.kind != "top" and level.kind != "brace":
            return "list"
        if level.state in ("select", "cond"):
            return "expr"
        if level.state == "values" or prev is None:
            return "list"
        word = prev.text.upper() if prev.kind == "word" else ""
        if word in ("FILTER", "BIND") or (word and word not in _NOT_FUNCTIONS):
            return "expr"
        filtered = before is not None and before.kind == "word" and before.text.upper() == "FILTER"
        return "expr" if prev.kind in ("iri", "pname") and filtered else "list"

    def _close(self, text: str, start: int) -> None:
        expected = {
            "}": ("brace",),
            "|}": ("list",),
            "]": ("list",),
            ")": ("expr", "list"),
            ")>>": ("term",),
            ">>": ("reified",),
        }[text]
        if len(self.levels) < 2 or self.levels[-1].kind not in expected:
            self._fail(f"unbalanced {text!r}", start)
            return
        closed = self.levels.pop()
        parent = self.levels[-1]
        if text == "}" and parent.kind in ("top", "brace"):
            if parent.state == "select":
                parent.state = "mod"
            elif closed.state == "values":
                parent.state = "pattern" if parent.kind == "brace" else "mod"

    def _angle(self) -> None:
        """``<`` as less-than (after an operand inside an expression), else an IRI, ``<<`` or ``<<(``."""
        text, start = self.text, self.pos
        run = _IRI_RUN.match(text, start + 1)
        end = run.end() if run is not None else start + 1
        iri = end < len(text) and text[end] == ">"
        if self.levels[-1].kind == "expr" and _ends_operand(self.prev):
            if iri and ("#" in text[start + 1 : end] or "'" in text[start + 1 : end]):
                # Oxigraph reads "<" here as less-than; were it an IRI, the '#' or "'" in it would start a comment
                # or a string: nothing may depend on which one is meant.
                self._fail("ambiguous '<': put a space after a less-than operator", start)
                return
            op = "<=" if text.startswith("<=", start) else "<"
            self.pos = start + len(op)
            self._emit("other", op, start)
            return
        for opener in ("<<(", "<<"):
            if text.startswith(opener, start):
                self.pos = start + len(opener)
                self._track("other", opener, start)
                self._emit("other", opener, start)
                return
        if not iri:
            self._fail("malformed IRI: '<' without a closing '>' or with a character IRIs may not hold", start)
            return
        token = text[start : end + 1]
        if any(c in '<>"{}|^`\\' or c <= " " for c in decode_iri(token)):
            self._fail("malformed IRI: an escape stands for a character IRIs may not hold", start)
            return
        self.pos = end + 1
        self._track("iri", token, start)
        self._emit("iri", token, start)


def _ends_operand(token: Token | None) -> bool:
    """Whether ``token`` can end an operand of an expression (so that a ``<`` after it compares)."""
    if token is None:
        return False
    if token.kind in _OPERAND_KINDS:
        return True
    return token.text in (")", ")>>") or (token.kind == "word" and token.text in ("true", "false"))


def _valid_escapes(string: str) -> bool:
    """Whether every escape in a string token is one the grammar allows (``\\uD800`` is not)."""
    if "\\" not in string:
        return True
    for match in _ESCAPE.finditer(string):
        hexa = match.group(1) or match.group(2)
        if hexa is None:
            if match.group(3) not in _ECHAR:
                return False
        elif not _codepoint(hexa):
            return False
    return True


def _codepoint(hexa: str) -> bool:
    value = int(hexa, 16)
    return value <= 0x10FFFF and not 0xD800 <= value <= 0xDFFF


def decode_iri(token: str) -> str:
    """The IRI of an ``<…>`` token, its ``\\u``/``\\U`` escapes decoded."""
    inner = token[1:-1]
    if "\\" not in inner:
        return inner
    return _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)) if m.group(3) is None else m.group(0), inner)


def decode_string(token: str) -> str:
    """The value of a string token (quotes removed, escapes decoded)."""
    quote = 3 if token[:3] in ("'''", '"""') else 1
    inner = token[quote:-quote]
    if "\\" not in inner:
        return inner
    return _ESCAPE.sub(
        lambda m: chr(int(m.group(1) or m.group(2), 16)) if m.group(3) is None else _ECHAR.get(m.group(3), m.group(0)),
        inner,
    )


def scan(text: str) -> Scan:
    """Read ``text`` into tokens; :attr:`Scan.error` says where and why reading stopped, if it did."""
    return _Scanner(text).run()


__all__ = ["KEYWORDS", "Scan", "Token", "decode_iri", "decode_string", "scan"]
