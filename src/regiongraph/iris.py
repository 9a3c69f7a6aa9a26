"""Deterministic instance IRIs under the configurable base IRI: same input, same IRI."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

_FOLD: dict[str, str | int | None] = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"}
_UNSAFE = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """Lower-case ASCII slug: ``"Fröndenberg/Ruhr"`` → ``"froendenberg-ruhr"``."""
    text = text.lower().translate(str.maketrans(_FOLD))
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _UNSAFE.sub("-", text).strip("-")


class Minter:
    """Mints the IRIs of one deployment.

    Args:
        base_iri: the deployment's instance namespace, e.g. ``https://example.org/id/``.
    """

    def __init__(self, base_iri: str) -> None:
        self.base = base_iri

    def _iri(self, *parts: str) -> str:
        return self.base + "/".join(quote(p, safe="-._~") for p in parts)

    def territory(self, key: str) -> str:
        """A Land, Regierungsbezirk, Kreis or municipality by its official key."""
        return self._iri("ags", key)

    def organisation(self, slug: str) -> str:
        return self._iri("org", slug)

    def entity(self, kind: str, record_id: str) -> str:
        """The main entity of a register record: ``cooperation/ku2016-a-01``."""
        return self._iri(kind, record_id)

    def part(self, parent: str, *parts: str) -> str:
        """A dependent resource (membership, interval) under its parent's IRI."""
        return parent + "/" + "/".join(quote(p, safe="-._~") for p in parts)

    def graph(self, source: str, record_id: str) -> str:
        """The named graph holding one record."""
        return self._iri("graph", source, record_id)

    def record(self, source: str, record_id: str) -> str:
        """The dcat:CatalogRecord of one record."""
        return self._iri("record", source, record_id)

    def source(self, name: str) -> str:
        """A harvest source."""
        return self._iri("source", name)

    def document(self, file_name: str) -> str:
        """A source document (seed file)."""
        return self._iri("document", file_name)

    def run(self, source: str, stamp: str) -> str:
        """One harvest run (prov:Activity)."""
        return self._iri("run", source, stamp)

    def system_graph(self, name: str) -> str:
        """Graphs of reference data: ontology, code lists, gazetteer."""
        return self._iri("graph", "system", name)
