"""What a dataset profile is: a mirror pair package → graph and graph → package, applied in order.

As in ckanext-dcat, each profile adds its own properties on top of the ones before it:
``euro_dcat_ap`` maps the DCAT-AP core, ``dcat_ap_de`` the German extensions, and
``regiongraph`` resolves publishers and links datasets to the register.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from ...languages import language_tag
from .._context import MappingContext
from ._fields import listed, translated
from ._terms import FOAF, RDF, RG, VCARD, string_literal
from ._values import mailto, plain_text, safe_iri

Package = dict[str, Any]
#: (class, name property, e-mail property) of a contact node.
FOAF_AGENT = (FOAF.Agent, FOAF.name, FOAF.mbox)
VCARD_KIND = (VCARD.Kind, VCARD.fn, VCARD.hasEmail)


@dataclass
class Forward:
    """One package on its way to a graph.

    Attributes:
        package: the CKAN package dict as the portal returned it.
        ctx: the run's mapping context (minter, resolver, source options).
        source: the harvest source's name.
        dataset: the dcat:Dataset's IRI.
        base: IRI under which dependent nodes (distributions, contact point) are minted.
        graph: the graph being built.
    """

    package: Package
    ctx: MappingContext
    source: str
    dataset: URIRef
    base: str
    graph: Graph

    @cached_property
    def extras(self) -> dict[str, str]:
        """The package's extras as a plain dict (CKAN delivers a list of key/value pairs)."""
        return extras_dict(self.package)

    @cached_property
    def lang(self) -> str | None:
        """The language of the package's texts as the source declares it, else ``None`` (never guessed).

        The package's own ``language`` field wins when it names exactly one language; a package
        in several languages does not say which one a text is in, so its texts stay untagged.
        Without a ``language`` field the source's ``[mapping] language`` option applies.
        """
        declared = {tag for v in listed(self.package, self.extras, "language") if (tag := language_tag(v))}
        if declared:
            return declared.pop() if len(declared) == 1 else None
        option = self.ctx.options.get("language")
        return language_tag(str(option)) if option else None

    def texts(self, item: Package, key: str) -> list[tuple[str, str | None]]:
        """``(text, language)`` of a text field of ``item`` (the package or a resource).

        A multilingual scheming field (``<key>_translated``) gives one text per declared language;
        the plain field is kept beside them only when it is none of the translations.
        """
        out = [
            (text, language_tag(lang))
            for lang, raw in sorted(translated(item, key).items())
            if (text := plain_text(raw))
        ]
        plain = plain_text(item.get(key)) if not isinstance(item.get(key), list | dict) else ""
        if plain and plain not in {text for text, _ in out}:
            out.append((plain, None if out else self.lang))
        return out

    def literal(self, value: Any) -> Literal:
        """A text literal in the package's declared language (untagged when it declares none)."""
        return string_literal(str(value), lang=self.lang)

    def node(self, *parts: str) -> URIRef:
        """A dependent node of the dataset, minted deterministically under :attr:`base`."""
        return URIRef(self.ctx.minter.part(self.base, *parts))

    def distribution(self, res: dict[str, Any], position: int) -> URIRef:
        """The IRI of a resource's distribution: its own ``uri`` or one minted from its id."""
        return safe_iri(res.get("uri")) or self.node("distribution", str(res.get("id") or position))

    def agent(self, prop: URIRef, part: str, kind: tuple[URIRef, URIRef, URIRef], name: Any, email: Any) -> None:
        """A contact node (``kind`` = class, name and e-mail property) named ``part``, if there is a name or e-mail."""
        if not name and not email:
            return
        cls, name_prop, mail_prop = kind
        node = self.node(part)
        self.graph.add((self.dataset, prop, node))
        self.graph.add((node, RDF.type, cls))
        if name:
            self.graph.add((node, name_prop, string_literal(str(name))))
        iri = mailto(email)
        if iri is not None:
            self.graph.add((node, mail_prop, iri))
        elif email:
            self.doubt(f"{part}: {str(email)!r} is not an e-mail address")

    def checked(
        self, subject: URIRef, predicate: URIRef, parsed: tuple[Literal | None, str | None], field: str
    ) -> None:
        """Add a parsed value; a value that did not parse becomes an ``rg:rejectedValue`` (quarantine)."""
        value, reason = parsed
        if value is not None:
            self.graph.add((subject, predicate, value))
        if reason:
            self.reject(f"{field}: {reason}")

    def reject(self, text: str) -> None:
        """Record a source value that is not valid; the SHACL gate quarantines the record with it."""
        self.graph.add((self.dataset, RG.rejectedValue, string_literal(text)))

    def doubt(self, text: str) -> None:
        """Record why a value was not mapped as given (``rg:doubt`` on the dataset)."""
        self.graph.add((self.dataset, RG.doubt, string_literal(text, lang="en")))


@dataclass
class Backward:
    """One dcat:Dataset on its way to a CKAN package dict."""

    graph: Graph
    dataset: URIRef
    package: Package = field(default_factory=dict)

    def value(self, subject: Node, predicate: URIRef) -> Node | None:
        """One object, preferring a German literal; deterministic when there are several."""
        values = sorted(self.graph.objects(subject, predicate), key=_rank)
        return values[0] if values else None

    def text(self, subject: Node, predicate: URIRef) -> str | None:
        found = self.value(subject, predicate)
        return str(found) if found is not None else None

    def values(self, subject: Node, predicate: URIRef) -> list[Node]:
        return sorted(self.graph.objects(subject, predicate), key=str)

    def set_extra(self, key: str, value: str | None) -> None:
        """Set (or with ``None`` remove) one extra, keeping the list sorted by key."""
        extras = {e["key"]: e["value"] for e in self.package.get("extras", [])}
        if value is None:
            extras.pop(key, None)
        else:
            extras[key] = value
        self.package["extras"] = [{"key": k, "value": v} for k, v in sorted(extras.items())]

    def extra(self, key: str) -> str | None:
        return extras_dict(self.package).get(key)


def _rank(node: Node) -> tuple[int, str]:
    lang = getattr(node, "language", None)
    return (0 if lang == "de" else 1 if lang is None else 2, str(node))


def extras_dict(package: Package) -> dict[str, str]:
    """CKAN extras (a list of ``{key, value}``; some portals send a dict) as a dict."""
    extras = package.get("extras") or []
    if isinstance(extras, dict):
        return {str(k): str(v) for k, v in extras.items() if v is not None}
    if not isinstance(extras, list):
        return {}
    return {
        str(e["key"]): str(e["value"])
        for e in extras
        if isinstance(e, dict) and e.get("key") and e.get("value") is not None
    }


@dataclass(frozen=True)
class Profile:
    """A named mirror pair.

    Attributes:
        name: the name used in ``[mapping] profiles``.
        to_graph: adds the profile's triples for :class:`Forward`.
        to_package: adds the profile's fields for :class:`Backward`.
    """

    name: str
    to_graph: Callable[[Forward], None]
    to_package: Callable[[Backward], None]


def resources(package: Package) -> Iterator[tuple[int, dict[str, Any]]]:
    """Resources in portal order with their position (CKAN's ``position`` when it has one)."""
    items = [r for r in package.get("resources") or [] if isinstance(r, dict)]
    for index, res in enumerate(items):
        position = res.get("position")
        yield (position if isinstance(position, int) else index), res
