"""Fixtures shared by the mapping and quality tests: the real gazetteer resolver, a context, the SHACL gate."""

from __future__ import annotations

from pathlib import Path

import pytest

from regiongraph import Instance, Settings
from regiongraph.iris import Minter
from regiongraph.mapping import MappingContext
from regiongraph.validate import Validator
from support.packages import BASE


@pytest.fixture(scope="session")
def resolver():
    return Instance(Settings.load(environ={})).resolver


@pytest.fixture
def ctx(resolver) -> MappingContext:
    """The context of a German municipal portal: its declaration says its texts are German
    (``[mapping] language = "de"``); without it the literals stay untagged (test_languages.py)."""
    return MappingContext(Minter(BASE), resolver, options={"language": "de"})


@pytest.fixture(scope="session")
def validator(repo_root: Path) -> Validator:
    return Validator(repo_root / "shapes")
