"""Documentation that tests keep true: README commands, ontology terms, query headers."""

from __future__ import annotations

import re
from pathlib import Path

import rdflib
from rdflib.namespace import OWL, RDF, RDFS

from regiongraph.namespaces import RG
from regiongraph.queries import load_queries


def readme_commands(root: Path) -> list[str]:
    text = (root / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```(?:bash|sh)\n(.+?)\n```", text, flags=re.S)[:2]


def test_readme_starts_with_serve_and_test_commands(repo_root):
    serve, tests = readme_commands(repo_root)
    assert serve.strip().endswith("regiongraph serve")
    assert "pytest" in tests
    ci = (repo_root / ".ci" / "run").read_text(encoding="utf-8")
    assert tests.strip() in ci, ".ci/run must run exactly the README's test command"


def ontology(repo_root: Path) -> rdflib.Graph:
    g = rdflib.Graph()
    for path in sorted((repo_root / "ontology").rglob("*.ttl")):
        g.parse(path)
    return g


def test_every_own_term_used_in_the_code_is_declared_with_german_and_english_labels(repo_root):
    g = ontology(repo_root)
    used = set()
    for path in (repo_root / "src" / "regiongraph").rglob("*.py"):
        used |= set(re.findall(r"\bRG\.([A-Za-z]+)\b", path.read_text(encoding="utf-8")))
    for path in list((repo_root / "queries").glob("*.rq")) + list((repo_root / "shapes").glob("*.ttl")):
        used |= set(re.findall(r"\brg:([A-Za-z]+)\b", path.read_text(encoding="utf-8")))
    missing, unlabeled = [], []
    for name in sorted(used):
        term = RG[name]
        if (term, RDF.type, None) not in g:
            missing.append(name)
        langs = {label.language for label in g.objects(term, RDFS.label)}
        if not {"de", "en"} <= langs:
            unlabeled.append(name)
    assert missing == [], f"terms used but not declared in ontology/: {missing}"
    assert unlabeled == [], f"terms without de and en labels: {unlabeled}"


def test_every_own_term_is_documented_in_the_ontology_readme(repo_root):
    g = ontology(repo_root)
    readme = (repo_root / "ontology" / "README.md").read_text(encoding="utf-8")
    own = {str(s)[len(str(RG)) :] for s in g.subjects(RDF.type, None) if str(s).startswith(str(RG))}
    own.discard("")
    assert own, "the ontology declares no terms"
    undocumented = sorted(t for t in own if f"rg:{t}" not in readme)
    assert undocumented == []
    assert (rdflib.URIRef(str(RG).rstrip("#")), RDF.type, OWL.Ontology) in g


def test_every_named_query_has_a_header(repo_root):
    queries = load_queries(repo_root / "queries")
    assert len(queries) >= 15
    for q in queries.values():
        assert q.title and q.description, q.name
