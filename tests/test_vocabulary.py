"""Vocabulary IRIs are spelt in one place: :mod:`regiongraph.namespaces`.

Every other module of ``src/regiongraph`` is parsed with :mod:`ast`. A str constant (an f-string's
literal parts included) that contains the IRI of a namespace defined in ``namespaces.py`` fails,
and so does a ``Namespace(…)`` call: a second spelling of an IRI drifts from the first one
unnoticed (``https`` for ``http``, a missing ``#``), a term of a Namespace cannot. The namespaces
are read from the module at test time, so a namespace added there is guarded at once.

Docstrings are documentation, not vocabulary use, and are not checked.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespaceMeta

from regiongraph import namespaces

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "regiongraph"
HOME = "namespaces.py"

#: TEMPORARY: whole files (relative to src/regiongraph) other work edits now; the lead converts
#: them after merging and empties this set. The number is the hits when the file was listed.
PENDING: dict[str, int] = {}


@dataclass(frozen=True)
class Hit:
    path: str
    line: int
    what: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.what}"


def _namespace_iris() -> dict[str, str]:
    """IRI → the name to use for it, longest IRI first (so a nested namespace wins)."""
    found: dict[str, str] = {}
    for name, value in vars(namespaces).items():
        if isinstance(value, Namespace | URIRef) or type(value) is DefinedNamespaceMeta:
            found.setdefault(str(value), name)
    for prefix, iri in namespaces.PREFIXES.items():
        found.setdefault(iri, f'PREFIXES["{prefix}"]')
    return dict(sorted(found.items(), key=lambda item: -len(item[0])))


IRIS = _namespace_iris()


def _docstrings(tree: ast.Module) -> set[int]:
    """ids of the constants that are a module's, class's or function's docstring."""
    kinds = ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef
    owners = [tree, *(n for n in ast.walk(tree) if isinstance(n, kinds))]
    ids: set[int] = set()
    for owner in owners:
        body = owner.body
        first = body[0] if body else None
        if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
            ids.add(id(first.value))
    return ids


def _is_namespace_call(node: ast.AST) -> bool:
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    return (isinstance(func, ast.Name) and func.id == "Namespace") or (
        isinstance(func, ast.Attribute) and func.attr == "Namespace"
    )


def _hits(rel: str, source: str) -> Iterator[Hit]:
    tree = ast.parse(source, filename=rel)
    docstrings = _docstrings(tree)
    for node in ast.walk(tree):
        if _is_namespace_call(node):
            yield Hit(rel, node.lineno, f"Namespace(…) call; define it in {HOME}")
        if not isinstance(node, ast.Constant) or not isinstance(node.value, str) or id(node) in docstrings:
            continue
        iri = next((iri for iri in IRIS if iri in node.value), None)
        if iri is not None:
            yield Hit(rel, node.lineno, f"spells <{iri}>; use namespaces.{IRIS[iri]}")


def _scan() -> dict[str, list[Hit]]:
    found: dict[str, list[Hit]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.relative_to(PACKAGE).as_posix() == HOME:
            continue
        rel = path.relative_to(PACKAGE).as_posix()
        hits = list(_hits(rel, path.read_text(encoding="utf-8")))
        if hits:
            found[rel] = hits
    return found


def test_namespaces_are_found() -> None:
    # Without these the guard would pass vacuously.
    assert "http://www.w3.org/ns/dcat#" in IRIS
    assert IRIS["https://w3id.org/regiongraph/ontology#"] == "RG"
    assert len(IRIS) >= 20


def test_the_guard_sees_a_spelt_iri() -> None:
    source = (
        '"""Docstring <http://www.w3.org/ns/dcat#> is documentation."""\n'
        'X = f"<http://www.w3.org/ns/dcat#{1}>"\n'
        'Y = Namespace("urn:x:")\n'
        'Z = "https://w3id.org/regiongraph/code/legal-form/oerv"\n'
    )
    hits = sorted(_hits("probe.py", source), key=lambda h: h.line)
    assert [h.line for h in hits] == [2, 3, 4]
    assert "use namespaces.DCAT" in hits[0].what
    assert "use namespaces.CODE" in hits[2].what


def test_vocabulary_iris_only_from_namespaces() -> None:
    found = _scan()
    offending = [str(hit) for path, hits in found.items() if path not in PENDING for hit in hits]
    assert not offending, f"{len(offending)} vocabulary IRIs spelt outside {HOME}:\n" + "\n".join(offending)


def test_pending_files_still_pending() -> None:
    # A converted file leaves PENDING, so the allowlist only shrinks.
    found = _scan()
    done = sorted(path for path in PENDING if path not in found)
    assert not done, f"no longer spell vocabulary IRIs, remove from PENDING: {done}"
