"""German first, English on request: the language of a request and the texts of the interface.

The language comes from ``?lang=`` (which then travels with every link, so the state stays in the
URL), else from ``Accept-Language`` (q-values honoured), else German. Texts live in
:mod:`._messages`; a key missing in English falls back to German, a key missing everywhere shows
the key (a test checks that every key the templates use exists in both).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..sparql.formats import parse_accept
from ._messages import MESSAGES

LANGUAGES = ("de", "en")
DEFAULT = "de"


@dataclass(frozen=True, slots=True)
class Language:
    """The language of one request, and whether the URL asked for it (then links carry ``lang=``)."""

    code: str
    explicit: bool

    def t(self, key: str, **values: object) -> str:
        """The text ``key`` in this language, with ``{name}`` placeholders filled."""
        entry = MESSAGES.get(key)
        text = key if entry is None else (entry[1] if self.code == "en" and entry[1] else entry[0])
        return text.format(**values) if values else text

    def pick(self, texts: Mapping[str, str], fallback: str = "") -> str:
        """One of several language versions (``{"de": …, "en": …}``): this language's, else German, else any."""
        return texts.get(self.code) or texts.get(DEFAULT) or next(iter(texts.values()), fallback)

    @property
    def other(self) -> str:
        return "en" if self.code == "de" else "de"


def choose(query: Mapping[str, str], accept_language: str | None) -> Language:
    """The request's language: ``lang`` in the query, else the best of ``Accept-Language``, else German."""
    asked = query.get("lang", "")
    if asked in LANGUAGES:
        return Language(asked, explicit=True)
    best, quality = DEFAULT, 0.0
    for tag, q in parse_accept(accept_language or ""):
        primary = tag.split("-", 1)[0].lower()
        if primary in LANGUAGES and q > quality:
            best, quality = primary, q
    return Language(best, explicit=False)


_GERMAN = frozenset(
    (
        "der",
        "die",
        "das",
        "und",
        "ist",
        "nicht",
        "von",
        "mit",
        "den",
        "des",
        "im",
        "für",
        "auf",
        "wird",
        "eine",
        "ein",
        "zu",
        "als",
        "bei",
        "aus",
    )
)
_ENGLISH = frozenset(
    (
        "the",
        "is",
        "not",
        "of",
        "and",
        "with",
        "from",
        "are",
        "was",
        "which",
        "for",
        "this",
        "that",
        "by",
        "to",
        "be",
        "as",
        "it",
        "no",
        "its",
    )
)


def written_in(text: str, tagged: str | None) -> str:
    """The language a short note is written in, when its tag may be wrong (notes in English tagged ``@de``).

    Counts common function words of German and English; the tag stands unless the other language
    clearly wins, so a German sentence with one English term stays German.
    """
    words = [w.strip(".,;:()\"'«»„“").lower() for w in text.split()]
    de = sum(w in _GERMAN for w in words)
    en = sum(w in _ENGLISH for w in words)
    if en >= 2 and en > 2 * de:
        return "en"
    if de >= 2 and de > 2 * en:
        return "de"
    return tagged or DEFAULT
