"""Source declarations: the bundled ones load, broken ones fail with the file and the key, disabled ones wait."""

from __future__ import annotations

import pytest

from regiongraph import Settings
from regiongraph.errors import ConfigError
from regiongraph.harvest.sources import read_declaration, read_declarations
from regiongraph.pipeline import declared_sources, select_sources

GOOD = """[source]
name = "kreis-unna"
type = "ckan"
url = "https://opendata.kreis-unna.example"
page_size = 50
timeout = 20
retries = 2
[filters]
organizations = ["kreis-unna", "stadt-unna"]
groups = ["tran"]
query = "Haltestellen"
[mapping]
publisher = "05978"
contributor_id = "http://dcat-ap.de/def/contributors/kreisUnna"
political_geocoding = ["05978"]
links = [{ tag = "Smart Region", target = "project/smart-region-kreis-unna" }]
"""


def write(tmp_path, text: str, name: str = "x.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_portal_declaration_is_read_with_its_filters_and_mapping_defaults(tmp_path):
    decl = read_declaration(write(tmp_path, GOOD))
    assert (decl.name, decl.type, decl.page_size, decl.timeout, decl.retry.retries) == (
        "kreis-unna",
        "ckan",
        50,
        20.0,
        2,
    )
    assert decl.filters.organizations == ("kreis-unna", "stadt-unna") and decl.filters.query == "Haltestellen"
    assert decl.mapping["publisher"] == "05978" and decl.mapping["links"][0]["target"].startswith("project/")
    assert decl.enabled


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("ckan", "csv"), "source.type: must be one of ckan, dcat, register, gazetteer, got 'csv'"),
        (('url = "https://opendata.kreis-unna.example"\n', ""), "source.url: missing"),
        (('url = "https://opendata.kreis-unna.example"', 'url = "ftp://x"'), "source.url: must be an http(s) URL"),
        (("page_size = 50", "page_size = 0"), "source.page_size: must be > 0, got 0"),
        (("timeout = 20", 'timeout = "20"'), "source.timeout: must be a float, got '20'"),
        (("retries = 2", "retrys = 2"), "source.retrys: unknown key"),
        (('groups = ["tran"]', 'groups = "tran"'), "filters.groups: must be a list, got 'tran'"),
        (('publisher = "05978"', "publisher = 5978"), "mapping.publisher: must be a str, got 5978"),
        (
            ('target = "project/smart-region-kreis-unna"', 'to = "x"'),
            "mapping.links[0]: must be a table with a 'target'",
        ),
        (('name = "kreis-unna"', 'name = "Kreis Unna"'), "source.name: needs letters, digits"),
        (("[filters]", "[filter]"), "filter: unknown key"),
    ],
)
def test_broken_declarations_name_the_file_and_the_key(tmp_path, change, message):
    path = write(tmp_path, GOOD.replace(*change))
    with pytest.raises(ConfigError) as info:
        read_declaration(path)
    assert str(info.value).startswith(f"{path}: ") and message in str(info.value)


def test_not_toml_is_a_clear_error(tmp_path):
    path = write(tmp_path, "[source\nname = 1")
    with pytest.raises(ConfigError, match="not a valid source declaration"):
        read_declaration(path)


def test_two_files_with_one_name_are_refused(tmp_path):
    write(tmp_path, GOOD, "a.toml")
    write(tmp_path, GOOD, "b.toml")
    with pytest.raises(ConfigError, match=r"'kreis-unna' is already declared in .*a\.toml"):
        read_declarations([tmp_path])


def test_the_bundled_declarations_load_and_the_real_portals_are_disabled(repo_root):
    settings = Settings.load(environ={})
    declared = declared_sources(settings)
    assert declared["register"].type == "register" and declared["gazetteer"].type == "gazetteer"
    portals = {n: d for n, d in declared.items() if d.type in ("ckan", "dcat")}
    assert {"opennrw", "govdata", "kreis-unna"} <= set(portals)
    assert not any(d.enabled for d in portals.values()), "a fresh install reaches no portal on its own"
    assert [d.name for d in select_sources(settings, (), all_=True)] == ["register"]
    with pytest.raises(ConfigError, match="disabled"):
        select_sources(settings, ("govdata",), all_=False)
    with pytest.raises(ConfigError, match="reference data"):
        select_sources(settings, ("gazetteer",), all_=False)
    with pytest.raises(ConfigError, match="unknown source 'atlantis'"):
        select_sources(settings, ("atlantis",), all_=False)
    # the bootstrap reads the register's declaration with the same reader as every other source
    assert read_declaration(repo_root / "harvesters" / "register.toml").path == "register"


@pytest.mark.parametrize(
    "value", ["de", "deu", "de-DE", "http://publications.europa.eu/resource/authority/language/DEU"]
)
def test_a_portal_may_declare_the_language_of_its_texts(tmp_path, value):
    decl = read_declaration(write(tmp_path, GOOD + f'language = "{value}"\n'))
    assert decl.mapping["language"] == value


@pytest.mark.parametrize("value", ['"Deutsch!"', '"de, en"', "7"])
def test_a_language_that_names_no_language_is_a_configuration_error(tmp_path, value):
    with pytest.raises(ConfigError, match=r"mapping\.language"):
        read_declaration(write(tmp_path, GOOD + f"language = {value}\n"))


def test_the_bundled_german_portals_declare_german(repo_root):
    for name in ("govdata", "opennrw"):
        assert read_declaration(repo_root / "harvesters" / f"{name}.toml").mapping["language"] == "de"
