"""Values as portals deliver them → clean RDF terms: HTML-free text, checked dates, safe IRIs, JSON lists."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from html.parser import HTMLParser
from typing import Any

from rdflib import Literal, URIRef

from ._terms import XSD

_BLOCK = {"p", "div", "br", "li", "ul", "ol", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section"}
_SKIP = {"script", "style"}
_IRI = re.compile(r"^(https?|mailto|urn|tel):[^\s<>\"{}|\\^`]+$", re.I)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$")
_GERMAN_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


class _Stripper(HTMLParser):
    """Collects the text of an HTML fragment; block elements become line breaks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skipping += 1
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK:  # <br/> is one line break, not two
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


#: Markup that makes a description HTML: a tag or an entity (a bare "<" or "&" in prose is not).
_HTML = re.compile(r"<(?:[a-zA-Z][\w-]*|/[a-zA-Z][\w-]*)(?:\s[^<>]*)?/?>|&(?:[a-zA-Z]+|#\d+|#x[0-9a-fA-F]+);")


def plain_text(value: Any) -> str:
    """Text of a description that may hold HTML: tags dropped, entities decoded, blank lines folded.

    Markdown and plain text pass exactly as they came (line ends and spaces are the source's text,
    and a faithful harvest keeps them).
    """
    text = str(value or "")
    if not _HTML.search(text):
        return text
    stripper = _Stripper()
    stripper.feed(text)
    stripper.close()
    text = "".join(stripper.parts)
    lines = [" ".join(line.split()) for line in text.replace("\r\n", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def date_literal(value: Any) -> tuple[Literal | None, str | None]:
    """An ``xsd:date`` / ``xsd:dateTime`` literal for a portal date, or why the value is none.

    Returns ``(literal, None)``, ``(None, None)`` for an empty value, or ``(None, reason)``:
    the caller records the reason as ``rg:rejectedValue`` and SHACL quarantines the record
    with it. German ``TT.MM.JJJJ`` dates are read as such.
    """
    text = str(value or "").strip()
    if not text:
        return None, None
    german = _GERMAN_DATE.match(text)
    if german:
        text = f"{german.group(3)}-{int(german.group(2)):02d}-{int(german.group(1)):02d}"
    if _DATE.match(text) and _parses(date.fromisoformat, text):
        return Literal(text, datatype=XSD.date), None
    if _DATETIME.match(text) and _parses(datetime.fromisoformat, text.replace("Z", "+00:00")):
        return Literal(text, datatype=XSD.dateTime), None
    return None, f"{text!r} is not a date"


def _parses(parse: Any, text: str) -> bool:
    try:
        parse(text)
    except ValueError:
        return False
    return True


def safe_iri(value: Any) -> URIRef | None:
    """``value`` as an IRI if it is an absolute http(s)/mailto/urn IRI that N-Triples can hold."""
    text = str(value or "").strip()
    return URIRef(text) if _IRI.match(text) else None


def mailto(email: Any) -> URIRef | None:
    """``mailto:`` IRI of an e-mail address, ``None`` if it is not one."""
    text = str(email or "").strip()
    if text.lower().startswith("mailto:"):
        text = text[7:]
    return safe_iri(f"mailto:{text}") if re.match(r"^[^@\s]+@[^@\s]+$", text) else None


def json_list(value: Any) -> list[str]:
    """A CKAN extra that holds one value, a JSON list or a comma-separated list → list of strings."""
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    text = str(value).strip()
    if text.startswith("["):
        try:
            items = json.loads(text)
        except ValueError:
            items = None
        if isinstance(items, list):
            return [str(v).strip() for v in items if str(v).strip()]
    return [part.strip() for part in text.split(",") if part.strip()] if text else []


def byte_size(value: Any) -> tuple[Literal | None, str | None]:
    """``xsd:nonNegativeInteger`` for a byte count, or why the value is none (as :func:`date_literal`)."""
    if value is None or str(value).strip() == "":
        return None, None
    text = str(value).strip()
    if re.fullmatch(r"\d+(\.0+)?", text):
        return Literal(int(float(text)), datatype=XSD.nonNegativeInteger), None
    return None, f"{text!r} is not a number of bytes"
