"""German-aware text normalisation: one function turns words into index tokens, for documents and queries alike.

Case, umlauts and ß are folded (``Lünen`` → ``lunen``, ``Straße`` → ``strasse``) and words are
reduced to their Snowball German stem (``Kooperationen`` → ``kooperation``). Snippets are cut
from the original text, so the reader sees the words as written, with the matches marked.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from html import escape

import snowballstemmer

_WORD = re.compile(r"[^\W_]+")
_STEMMER = snowballstemmer.stemmer("german")
#: Words kept around a match in a snippet, before and after.
SNIPPET_WORDS = 8


@lru_cache(maxsize=200_000)
def fold(word: str) -> str:
    """Lower case without diacritics: ``"Fröndenberg"`` → ``"frondenberg"``, ``"Straße"`` → ``"strasse"``."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=200_000)
def token(word: str) -> str:
    """The index token of one word: folded, then stemmed."""
    return _STEMMER.stemWord(fold(word))


def words(text: str) -> list[str]:
    """The words of ``text`` (letters and digits)."""
    return _WORD.findall(unicodedata.normalize("NFKC", text))


def tokens(text: str) -> str:
    """``text`` as space-separated index tokens, the form stored in the full-text index."""
    return " ".join(token(w) for w in words(text))


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed search query: stems that must match, and the last word as a prefix (search as you type)."""

    stems: tuple[str, ...]
    prefix: str
    folded: frozenset[str] = frozenset()

    @classmethod
    def parse(cls, text: str) -> Query:
        found = words(text)
        return cls(tuple(token(w) for w in found), fold(found[-1]) if found else "", frozenset(map(fold, found)))

    def exactness(self, title: str) -> float:
        """Share of the query's words that occur in ``title`` as written (folded, not stemmed)."""
        if not self.folded:
            return 0.0
        return len(self.folded & {fold(w) for w in words(title)}) / len(self.folded)

    def __bool__(self) -> bool:
        return bool(self.stems)

    def fts(self, *, prefix: bool = True) -> str:
        """The FTS5 MATCH expression; tokens hold only letters and digits, so quoting them is safe.

        Args:
            prefix: let the last word match as a prefix too (else: whole stems only).
        """
        parts = [f'"{s}"' for s in self.stems[:-1]]
        last = self.stems[-1]
        if not prefix or not self.prefix:
            parts.append(f'"{last}"')
        elif self.prefix == last:
            parts.append(f'"{last}"*')
        else:
            parts.append(f'("{last}" OR "{self.prefix}"*)')
        return " AND ".join(parts)

    def matches(self, word: str) -> bool:
        """Whether one original word is a hit, by the rules of :meth:`fts`."""
        return token(word) in self.stems or (bool(self.prefix) and token(word).startswith(self.prefix))


def snippet(text: str, query: Query, *, width: int = SNIPPET_WORDS) -> tuple[str, int]:
    """HTML snippet of ``text`` around its first hit, hits in ``<mark>``; and the number of distinct hits.

    Everything but the marks is HTML-escaped, so the snippet can be shown as it is.
    """
    spans = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    hits = [i for i, (a, b) in enumerate(spans) if query.matches(text[a:b])]
    if not hits:
        return "", 0
    first, last = max(0, hits[0] - width), min(len(spans), hits[0] + width + 1)
    start, end = spans[first][0], spans[last - 1][1]
    out, pos, marked = [], start, set(hits)
    for i in range(first, last):
        a, b = spans[i]
        if i in marked:
            out.append(escape(text[pos:a]) + "<mark>" + escape(text[a:b]) + "</mark>")
            pos = b
    out.append(escape(text[pos:end]))
    lead = "… " if start > 0 else ""
    tail = " …" if end < len(text) else ""
    return lead + "".join(out) + tail, len({token(text[a:b]) for i, (a, b) in enumerate(spans) if i in marked})
