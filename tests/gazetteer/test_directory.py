"""The Destatis directory is read completely: every Land, Kreis and municipality, with its figures."""

from __future__ import annotations

from collections import Counter

from regiongraph.gazetteer import DIRECTORY_FILE, load_territories


def test_counts_per_level(repo_root):
    territories = load_territories(repo_root.joinpath(*DIRECTORY_FILE))
    levels = Counter(t.level for t in territories)
    assert levels["land"] == 16
    nrw = [t for t in territories if t.land == "05" and t.level == "municipality"]
    assert len(nrw) == 396
    assert sum(1 for t in territories if t.kreis == "05978" and t.level == "municipality") == 10
    # kreisfreie Städte are municipalities, not also separate Kreise
    assert "05915" not in {t.key for t in territories}


def test_figures_of_bergkamen(repo_root):
    by_key = {t.key: t for t in load_territories(repo_root.joinpath(*DIRECTORY_FILE))}
    bergkamen = by_key["05978004"]
    assert (bergkamen.name, bergkamen.official_name, bergkamen.type) == ("Bergkamen", "Bergkamen, Stadt", "stadt")
    assert bergkamen.population == 48740 and bergkamen.ars == "059780004004"
    assert (bergkamen.lat, bergkamen.lon) == (51.615888, 7.643344)
    assert by_key["05978"].name == "Kreis Unna" and by_key["05958"].name == "Hochsauerlandkreis"
