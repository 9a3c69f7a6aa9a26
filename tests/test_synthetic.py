"""The shared synthetic catalogue (tests/support/synthetic.py): reproducible, and its harvested form is what the
harvest would have let in — RegionGraph's own SHACL gate accepts every dataset of it."""

from __future__ import annotations

import random

from rdflib import Dataset, URIRef

from regiongraph.validate import Validator
from support import synthetic

BASE = "http://127.0.0.1:8000/id/"
TOWNS = [(f"{BASE}ags/05978{n:03d}", f"Ort {n}") for n in range(0, 40, 4)]


def test_the_same_seed_writes_the_same_bytes(tmp_path):
    first = synthetic.write_datasets(tmp_path / "a.nq", TOWNS, 200, 3, BASE)
    assert synthetic.write_datasets(tmp_path / "b.nq", TOWNS, 200, 3, BASE) == first
    assert (tmp_path / "a.nq").read_bytes() == (tmp_path / "b.nq").read_bytes()
    assert synthetic.write_datasets(tmp_path / "c.nq", TOWNS, 200, 4, BASE) != first


def test_the_harvested_form_adds_to_the_same_datasets():
    plain = "".join(synthetic.dataset_quads(random.Random(1), BASE, 7, *TOWNS[0]))
    harvested = "".join(synthetic.dataset_quads(random.Random(1), BASE, 7, *TOWNS[0], harvested=True))
    kept = {line.replace("http://www.iana.org/", "https://www.iana.org/") for line in plain.splitlines()}
    assert kept <= set(harvested.splitlines())
    assert "dcat#CatalogRecord" in harvested and "dcat#CatalogRecord" not in plain


def test_the_project_gate_accepts_every_harvested_dataset(settings):
    data = "".join(
        line
        for i in range(60)
        for line in synthetic.dataset_quads(random.Random(i), BASE, i, *TOWNS[i % len(TOWNS)], harvested=True)
    )
    store = Dataset()
    store.parse(data=data, format="nquads")
    graphs = [store.graph(URIRef(synthetic.graph_iri(BASE, i))) for i in range(60)]
    verdicts = Validator(settings.resource("shapes")).check_batch(graphs)
    assert [v.conforms for v in verdicts] == [True] * 60, next(v.text for v in verdicts if not v.conforms)
