"""The harvester registry: one harvester per harvestable type, picked by the declaration; the register's alone."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from regiongraph.errors import ConfigError
from regiongraph.harvest import REGISTRY, HarvestStart, RegisterHarvester, harvester_for
from regiongraph.harvest.sources import HARVESTABLE, TYPES, read_declaration


def test_the_registry_holds_exactly_the_harvestable_types():
    assert sorted(REGISTRY) == sorted(HARVESTABLE)
    assert set(TYPES) - set(REGISTRY) == {"gazetteer"}


def test_a_reference_declaration_has_no_harvester(repo_root: Path):
    with pytest.raises(ConfigError, match="not harvested"):
        harvester_for(read_declaration(repo_root / "harvesters" / "gazetteer.toml"))


def test_the_register_declaration_gets_the_register_harvester_with_its_organisations(repo_root: Path):
    harvester = harvester_for(read_declaration(repo_root / "harvesters" / "register.toml"), HarvestStart(full=True))
    assert isinstance(harvester, RegisterHarvester)
    records = list(harvester.records())
    assert harvester.total == len(records) > 0
    assert harvester.organisations and all(r.kind == "organisation" for r in harvester.organisations)
    assert harvester.outcome.complete and harvester.outcome.cursor is None


def test_a_register_declared_elsewhere_reads_the_files_beside_its_own_declaration(tmp_path: Path):
    (tmp_path / "files").mkdir()
    (tmp_path / "files" / "a.toml").write_text(
        '[source]\nfile = "x.txt"\n[[project]]\nid = "p-1"\ntitle = "P"\n', encoding="utf-8"
    )
    (tmp_path / "mine.toml").write_text(
        '[source]\nname = "mine"\ntype = "register"\npath = "files"\n', encoding="utf-8"
    )
    harvester = harvester_for(read_declaration(tmp_path / "mine.toml"))
    assert [(r.source, r.id) for r in harvester.records()] == [("mine", "p-1")]
    assert harvester.organisations == ()


def test_the_register_harvester_loads_no_portal_code(repo_root: Path):
    script = textwrap.dedent(f"""
        import sys
        from pathlib import Path
        from regiongraph.harvest import harvester_for
        from regiongraph.harvest.sources import read_declaration
        list(harvester_for(read_declaration(Path({str(repo_root / "harvesters" / "register.toml")!r}))).records())
        print(sorted(m for m in sys.modules if m.split(".")[0] == "ckanapi"
                     or m in ("regiongraph.harvest.ckan", "regiongraph.harvest.dcat")))
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
