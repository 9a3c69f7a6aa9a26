"""Settings: defaults < TOML file < REGIONGRAPH_* < explicit overrides, with clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from regiongraph import ConfigError, Settings


def test_precedence(tmp_path):
    file = tmp_path / "rg.toml"
    file.write_text('[regiongraph]\nport = 9000\nbase_iri = "https://file.example/id/"\n', encoding="utf-8")
    settings = Settings.load(file=file, environ={"REGIONGRAPH_PORT": "9100"}, data_dir=tmp_path)
    assert settings.port == 9100
    assert settings.base_iri == "https://file.example/id/"
    assert settings.store_location == tmp_path / "store"


def test_defaults_need_no_environment():
    settings = Settings.load(environ={})
    assert (settings.host, settings.port) == ("127.0.0.1", 8000)
    assert settings.resource("ontology").is_dir()


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"REGIONGRAPH_PORT": "eighty"}, "port"),
        ({"REGIONGRAPH_BASE_IRI": "https://x.example/id"}, "base_iri"),
        ({"REGIONGRAPH_PORT": "70000"}, "port"),
    ],
)
def test_bad_values_are_clear_errors(env, message):
    with pytest.raises(ConfigError, match=message):
        Settings.load(environ=env)


def test_unknown_keys_in_a_file_are_refused(tmp_path: Path):
    file = tmp_path / "rg.toml"
    file.write_text("prot = 1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="prot"):
        Settings.load(file=file, environ={})
