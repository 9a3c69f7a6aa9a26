"""Languages of harvested text: the language a source declares, and literals tagged only from it.

Portals write a dataset's language as an ISO 639-1 code (``de``), an ISO 639-2/3 code (``deu``,
``ger``, ``DEU``), a locale (``de-DE``, ``de_DE``) or the EU authority IRI
(``http://publications.europa.eu/resource/authority/language/DEU``). Literals get a language tag
only from such a declaration — never from a guess at the text (issue 15: Chinese and Italian
titles were tagged ``@de``).

DCAT-AP 3 and DCAT-AP.de 3 ask for a literal, not a language-tagged one, so an untagged DCAT title stays
untagged unless the dataset (or else its catalogue) names exactly one ``dcterms:language``. Then its
untagged titles, descriptions and keywords get that language's tag; a distribution's texts get the one
language the distribution declares, else the dataset's. Each is recorded as the repair
``language-from-dcterms-language``.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from ...languages import language_tag
from .._repairs import Repair
from ._repair_terms import Repairs
from ._terms import DCAT, DCTERMS

_TEXTS = (DCTERMS.title, DCTERMS.description, DCAT.keyword)


def declared_tag(values: Iterable[object]) -> str | None:
    """The one BCP 47 tag that ``dcterms:language`` values name (an EU authority IRI, or ``de``), else ``None``."""
    tags = {language_tag(str(v)) for v in values}
    tags.discard(None)
    return tags.pop() if len(tags) == 1 else None


def assign_declared(g: Graph, dataset: URIRef, repairs: Repairs, *, catalog_languages: Iterable[str] = ()) -> None:
    """Tag the untagged texts of ``dataset`` with the one language it (or its catalogue) declares, and those
    of each distribution with the one it declares itself, else the dataset's."""
    tag = declared_tag(g.objects(dataset, DCTERMS.language)) or declared_tag(catalog_languages)
    changed = set()
    for s in (dataset, *g.objects(dataset, DCAT.distribution)):
        own = tag if s == dataset else declared_tag(g.objects(s, DCTERMS.language)) or tag
        if own is not None and _tag_texts(g, s, own):
            changed.add(own)
    fields = "dcterms:title, dcterms:description, dcat:keyword"
    for own in sorted(changed):
        repairs.record(Repair(fields, "language-from-dcterms-language", "no language tag", f"@{own}"))


def _tag_texts(g: Graph, subject: Node, tag: str) -> int:
    changed = 0
    for prop in _TEXTS:
        for o in list(g.objects(subject, prop)):
            if isinstance(o, Literal) and o.language is None and o.datatype is None:
                g.remove((subject, prop, o))
                g.add((subject, prop, Literal(str(o), lang=tag)))
                changed += 1
    return changed
