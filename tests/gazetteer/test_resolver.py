"""The resolver maps the name variants real documents use to one territory, and refuses to guess."""

from __future__ import annotations

import pytest

from regiongraph import ResolutionError
from regiongraph.gazetteer import DIRECTORY_FILE, Resolver, load_territories, normalise


@pytest.fixture(scope="module")
def resolver(repo_root) -> Resolver:
    return Resolver(load_territories(repo_root.joinpath(*DIRECTORY_FILE)))


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Fröndenberg", "05978012"),
        ("Fröndenberg/Ruhr", "05978012"),
        ("Fröndenberg/Ruhr, Stadt", "05978012"),
        ("FRÖNDENBERG", "05978012"),
        ("Stadt Unna", "05978036"),
        ("Kreisstadt Unna", "05978036"),
        ("Unna", "05978036"),
        ("Kreis Unna", "05978"),
        ("UN", "05978"),
        ("Schwerte, Hansestadt an der Ruhr", "05978028"),
        ("Hansestadt Schwerte", "05978028"),
        ("HSK", "05958"),
        ("Hochsauerlandkreis", "05958"),
        ("MK", "05962"),
        ("SO", "05974"),
        ("Kreis Soest", "05974"),
        ("Soest", "05974040"),
        ("Lunen", "05978024"),
        ("Lünen", "05978024"),
        ("Wickede/Ruhr", "05974056"),
        ("Menden", "05962040"),
        ("Hamm", "05915000"),
        ("Stadt Hamm", "05915000"),
        ("05915", "05915000"),
        ("05978004", "05978004"),
        ("059780004004", "05978004"),
        ("Nordrhein-Westfalen", "05"),
        ("NRW", "05"),
        ("Regierungsbezirk Arnsberg", "059"),
    ],
)
def test_name_variants_resolve_to_one_territory(resolver, name, key):
    assert resolver.resolve(name).key == key


def test_a_kreisfreie_stadt_is_one_territory_with_both_keys(resolver):
    hamm = resolver.resolve("Hamm")
    assert hamm.is_kreisfrei and hamm.kreis == "05915" and hamm.level == "municipality"


def test_unknown_names_are_reported_not_invented(resolver):
    with pytest.raises(ResolutionError) as info:
        resolver.resolve("Atlantis an der Ruhr")
    assert "Atlantis" in str(info.value)
    assert resolver.try_resolve("Atlantis") is None
    with pytest.raises(ResolutionError):
        resolver.resolve("   ")
    with pytest.raises(ResolutionError):
        resolver.resolve("99999999")


def test_ambiguity_outside_the_preferred_land_is_reported(repo_root):
    # "Hamm" names municipalities in NRW and Rhineland-Palatinate; with no Land preferred
    # (a Land key that matches none) the resolver must not pick one.
    resolver = Resolver(load_territories(repo_root.joinpath(*DIRECTORY_FILE)), preferred_land="99")
    with pytest.raises(ResolutionError) as info:
        resolver.resolve("Hamm")
    assert info.value.reason == "ambiguous" and len(info.value.candidates) >= 2


def test_normalise_folds_case_umlauts_and_punctuation():
    assert normalise("Fröndenberg/Ruhr") == normalise("frondenberg ruhr")
    assert normalise("Straße") == "strasse"
