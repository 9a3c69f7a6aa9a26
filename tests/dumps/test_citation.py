"""Citing RegionGraph: ``citation()`` for dumps and pages, and ``CITATION.cff`` as the CFF 1.2.0 schema reads it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import yaml

from regiongraph import Settings, __version__
from regiongraph.citation import citation

ROOT = Path(__file__).resolve().parents[2]


def test_the_text_names_who_when_what_where_and_the_licence():
    settings = Settings.load(environ={})
    cite = citation(settings, iri="https://daten.example.de/dumps/regiongraph-2026-01-05", as_of="2026-01-05")
    assert cite.text == (
        "RegionGraph (2026-01-05): Kooperationen, Projekte und Daten der Region. "
        "https://daten.example.de/dumps/regiongraph-2026-01-05. Lizenz: CC BY 4.0."
    )
    assert cite.data["issued"] == {"date-parts": [[2026, 1, 5]]} and cite.data["type"] == "dataset"
    assert cite.data["URL"] == "https://daten.example.de/dumps/regiongraph-2026-01-05"
    assert "Destatis" in cite.data["note"]


def test_an_entity_page_is_cited_by_its_version_free_iri_and_a_date():
    settings = Settings.load(
        environ={}, catalog_license="http://dcat-ap.de/def/licenses/dl-by-de/2.0", catalog_title="Regionale Daten"
    )
    iri = settings.base_iri + "cooperation/ku2016-b-14"
    cite = citation(settings, iri=iri, as_of=date(2026, 3, 1))
    assert cite.text == (
        f"RegionGraph (2026-03-01): Regionale Daten. {iri}. "
        "Lizenz: Datenlizenz Deutschland – Namensnennung – Version 2.0."
    )
    assert "2026" not in iri
    with pytest.raises(ValueError):
        citation(settings, iri=iri, as_of="März 2026")


def test_citation_cff_is_valid_and_matches_the_package():
    cffconvert = shutil.which("cffconvert", path=str(Path(sys.executable).parent)) or shutil.which("cffconvert")
    assert cffconvert, "cffconvert (test extra) is not installed"
    checked = subprocess.run(
        [cffconvert, "--validate", "-i", str(ROOT / "CITATION.cff")], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stderr[-2000:]
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["type"] == "dataset" and cff["cff-version"] == "1.2.0"
    assert cff["version"] == __version__ == cff["preferred-citation"]["version"]
    assert cff["title"] == Settings.load(environ={}).catalog_title
    assert cff["license"] == "CC-BY-4.0"  # the SPDX id of catalog_license's default, CC BY 4.0


def test_cffconvert_rejects_a_broken_file(tmp_path):
    broken = tmp_path / "CITATION.cff"
    broken.write_text(
        (ROOT / "CITATION.cff").read_text(encoding="utf-8").replace("type: dataset", "type: dataset2"), encoding="utf-8"
    )
    cffconvert = shutil.which("cffconvert", path=str(Path(sys.executable).parent)) or "cffconvert"
    assert subprocess.run([cffconvert, "--validate", "-i", str(broken)], capture_output=True).returncode != 0
