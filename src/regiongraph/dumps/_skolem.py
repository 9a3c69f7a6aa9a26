"""Blank nodes to skolem IRIs that depend on the data, not on the labels a store happened to give them.

RDF 1.1 §3.5: a blank node may be replaced by a fresh IRI, a *skolem IRI*, minted by whoever owns
the namespace under ``/.well-known/genid/``. Here it is ``<base_iri>.well-known/genid/<hash>``: the
deployment owns its base IRI (often below a host it does not control, such as w3id.org).

The hash comes from the node's place among the other blank-node quads (colour refinement, the
first step of RDF dataset canonicalisation): its quads with itself and its neighbours replaced by
their colours, refined until the partition is stable. Nodes still alike are told apart one at a
time (the one with the smallest store label first) and refined again, so nodes that are alike
because the data is symmetric get the same IRIs from any store holding the same quads. Each
connected group of blank nodes is named on its own; identical groups are numbered.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence

#: A quad as N-Quads terms; blank nodes written ``_:label``, the default graph as ``""``.
Quad = tuple[str, str, str, str]
GENID = ".well-known/genid/"


def genid_prefix(base_iri: str) -> str:
    """Where the skolem IRIs of a deployment live: ``<base_iri>.well-known/genid/``."""
    return (base_iri if base_iri.endswith("/") else base_iri.rstrip("#") + "/") + GENID


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _blank(term: str) -> bool:
    return term.startswith("_:")


def _components(quads: Sequence[Quad]) -> list[list[int]]:
    """Quad indices grouped by the connected group of blank nodes they touch."""
    parent: dict[str, str] = {}

    def root(node: str) -> str:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for quad in quads:
        nodes = [t for t in quad if _blank(t)]
        for other in nodes[1:]:
            parent[root(other)] = root(nodes[0])
    groups: dict[str, list[int]] = defaultdict(list)
    for i, quad in enumerate(quads):
        groups[root(next(t for t in quad if _blank(t)))].append(i)
    return list(groups.values())


class _Group:
    """One connected group of blank nodes and the quads that touch them."""

    def __init__(self, quads: list[Quad]) -> None:
        self.quads = quads
        self.incident: dict[str, list[int]] = defaultdict(list)
        for i, quad in enumerate(quads):
            for node in dict.fromkeys(t for t in quad if _blank(t)):
                self.incident[node].append(i)

    def _render(self, quad: Quad, node: str, colour: dict[str, str]) -> str:
        return " ".join("_:@" if t == node else f"_:{colour[t]}" if _blank(t) else t for t in quad)

    def _refine(self, colour: dict[str, str]) -> dict[str, str]:
        """Colours refined until the number of distinct colours stops growing."""
        classes = len(set(colour.values()))
        while True:
            colour = {
                node: _digest(
                    colour[node] + "\n" + "\n".join(sorted(self._render(self.quads[i], node, colour) for i in where))
                )
                for node, where in self.incident.items()
            }
            if (now := len(set(colour.values()))) == classes:
                return colour
            classes = now

    def colours(self) -> dict[str, str]:
        """A colour per node, all different: refined, then ties broken one node at a time."""
        colour = self._refine(dict.fromkeys(self.incident, ""))
        while len(set(colour.values())) < len(colour):
            members: dict[str, list[str]] = defaultdict(list)
            for node, value in colour.items():
                members[value].append(node)
            tied = min(value for value, nodes in members.items() if len(nodes) > 1)
            chosen = min(members[tied])
            colour = self._refine({**colour, chosen: _digest(tied + "!")})
        return colour

    def signature(self, colour: dict[str, str]) -> str:
        """The group's quads with its nodes named by colour: equal for equal groups."""
        return _digest("\n".join(sorted(" ".join(f"_:{colour[t]}" if _blank(t) else t for t in q) for q in self.quads)))


def skolem_iris(quads: Iterable[Quad], prefix: str) -> dict[str, str]:
    """A skolem IRI (without ``<>``) for every blank node in ``quads``, keyed by its ``_:label``.

    Args:
        quads: every quad of the dataset that holds a blank node (and only those).
        prefix: see :func:`genid_prefix`.
    """
    every = list(quads)
    seen: dict[str, int] = defaultdict(int)
    out: dict[str, str] = {}
    groups = [_Group([every[i] for i in where]) for where in _components(every)]
    named = []
    for group in groups:
        colour = group.colours()
        named.append((group.signature(colour), min(colour), colour))
    for signature, _, colour in sorted(named, key=lambda item: item[:2]):
        copy = seen[signature]
        seen[signature] += 1
        for node, value in colour.items():
            out[node] = prefix + _digest(f"{signature} {copy} {value}")[:32]
    return out
