"""Reading one catalogue page so that a bad description costs its record, not the page.

A page is parsed strictly first. When that fails, it is parsed again leniently (pyoxigraph then
accepts IRIs and language tags it would reject): what the strict parser refused is found term by
term, and only the datasets whose description holds such a term are quarantined, each with the
offending text and the line where it stands. A page even the lenient parser cannot read (broken
syntax, a truncated body, an unbound prefix) arrived whole and will not parse on another try: it is
a failed page with the parser's message, never a transient error.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from xml.parsers import expat

import pyoxigraph as ox

from ..namespaces import VCARD, shortener
from ._http import Fatal

#: Prefixes for naming a property in a message as a DCAT portal's admin knows it.
_PREFIXES = tuple(
    (iri, f"{prefix}:")
    for iri, prefix in shortener(
        "dcat", "dcterms", "foaf", "vcard", "dcatde", "adms", "rdf", "rdfs", "locn", "spdx", "skos", "owl"
    )
)


_TELEPHONE = str(VCARD.hasTelephone)


def _repairable_tel(iri: str) -> bool:
    """A ``tel:`` IRI whose only fault is the spaces of a printed number (``tel:+49 40 4 28 40 - 3494``)."""
    if not iri.lower().startswith("tel:"):
        return False
    try:
        ox.NamedNode(re.sub(r"\s+", "", iri))
    except ValueError:
        return False
    return True


def short(iri: str) -> str:
    """``dcat:accessURL`` for DCAT's IRI of it; an IRI outside the known vocabularies in angle brackets."""
    for namespace, prefix in _PREFIXES:
        if iri.startswith(namespace):
            return prefix + iri[len(namespace) :]
    return f"<{iri}>"


@dataclass
class Page:
    """The triples of one page and, when only a lenient parse could read it, what the strict one rejects."""

    triples: list[ox.Triple]
    text: str | None = None  # the body, kept only to find the line of a rejected term
    _verdicts: dict[tuple[str, str], str | None] = field(default_factory=dict)
    _lines: dict[str, int | None] = field(default_factory=dict)

    @property
    def lenient(self) -> bool:
        return self.text is not None

    def problems(self, triples: Iterable[ox.Triple]) -> list[str]:
        """One message per value in ``triples`` that a strict parser rejects (none after a strict parse)."""
        if not self.lenient:
            return []
        found: dict[object, str] = {}
        for t in triples:
            for role, term in (("subject", t.subject), ("property", t.predicate), ("value", t.object)):
                if term not in found:
                    message = self._problem(term, role, t.predicate)
                    if message is not None:
                        found[term] = message
        return list(found.values())

    def _problem(self, term: object, role: str, predicate: ox.NamedNode) -> str | None:
        if isinstance(term, ox.NamedNode):
            if role == "value" and predicate.value == _TELEPHONE and _repairable_tel(term.value):
                return None  # the mapping's tel-iri-without-spaces repair makes it valid (docs/mapping.md)
            reason = self._verdict("iri", term.value)
            if reason is not None:
                where = {"subject": "the IRI of a described resource", "property": "a property IRI"}.get(
                    role, short(predicate.value)
                )
                return (
                    f"{where}: {term.value!r} is not a valid IRI ({reason}){self._line(term.value)};"
                    " fix it at the source (percent-encode the character, e.g. '[' as %5B, ' ' as %20)"
                )
        elif isinstance(term, ox.Literal) and term.language:
            reason = self._verdict("lang", term.language)
            if reason is not None:
                return (
                    f"{short(predicate.value)}: {term.value!r} has the language tag {term.language!r}, which is"
                    f" not a valid BCP 47 tag ({reason}){self._line(term.language)}; use a tag such as 'de' or 'en'"
                )
        return None

    def _verdict(self, kind: str, value: str) -> str | None:
        key = (kind, value)
        if key not in self._verdicts:
            try:
                ox.NamedNode(value) if kind == "iri" else ox.Literal("x", language=value)
                self._verdicts[key] = None
            except ValueError as exc:
                self._verdicts[key] = str(exc)
        return self._verdicts[key]

    def _line(self, value: str) -> str:
        """``, line N`` of the first place the page writes ``value`` (as is or XML-escaped), if found."""
        if value not in self._lines:
            text = self.text or ""
            folded = text.lower()
            pos = -1
            for form in (value, html.escape(value, quote=True), html.escape(value, quote=False)):
                pos = text.find(form)
                if pos < 0:
                    pos = folded.find(form.lower())
                if pos >= 0:
                    break
            self._lines[value] = text.count("\n", 0, pos) + 1 if pos >= 0 else None
        line = self._lines[value]
        return f", line {line} of the page" if line is not None else ""


def parse_page(body: bytes, fmt: ox.RdfFormat, url: str) -> Page:
    """The page's triples, strictly parsed when possible, leniently when only that reads it.

    Raises:
        Fatal: not even the lenient parser reads the page; the message is the parser's.
    """
    if fmt == ox.RdfFormat.RDF_XML:
        _well_formed(body, url)
    try:
        return Page([q.triple for q in ox.parse(body, format=fmt, base_iri=url)])
    except (SyntaxError, ValueError):
        pass
    try:
        triples = [q.triple for q in ox.parse(body, format=fmt, base_iri=url, lenient=True)]
    except (SyntaxError, ValueError) as exc:
        raise Fatal(f"{url}: not valid RDF ({fmt.name}): {exc}") from exc
    return Page(triples, body.decode("utf-8", errors="replace"))


def _well_formed(body: bytes, url: str) -> None:
    """Refuse RDF/XML that is no whole XML document: pyoxigraph reads a page cut off mid-element as
    the triples before the cut, so a truncated page would look like a smaller catalogue (and the
    datasets after the cut like deletions)."""
    parser = expat.ParserCreate()
    try:
        parser.Parse(body, True)
    except expat.ExpatError as exc:
        raise Fatal(f"{url}: not valid RDF (RDF/XML): not a whole XML document: {exc}") from exc
