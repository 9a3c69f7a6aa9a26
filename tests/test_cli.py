"""The command line, run as a user runs it: a subprocess with real arguments."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

COMMANDS = ["serve", "load", "harvest", "validate", "query", "status", "export"]


def rg(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([sys.executable, "-m", "regiongraph", *args], capture_output=True, text=True, timeout=300)
    if check and proc.returncode != 0:
        raise AssertionError(f"exit {proc.returncode}: {proc.stderr}")
    return proc


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_every_command_has_help(command):
    proc = rg(*([command] if command else []), "--help")
    assert "Usage:" in proc.stdout
    if command is None:
        for name in COMMANDS:
            assert name in proc.stdout


def test_named_query_with_parameter_as_csv(settings):
    proc = rg("--data-dir", str(settings.data_dir), "--base-iri", settings.base_iri,
              "query", "cooperations-performed-by-town", "--param", "town=Kamen", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(proc.stdout)))
    assert {r["id"] for r in rows} == {"ku2016-b-09", "ku2016-b-11", "ku2016-b-13", "ku2016-b-16"}


def test_raw_sparql_as_json(settings):
    proc = rg("--data-dir", str(settings.data_dir), "query", "-q",
              "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/regiongraph/ontology#Municipality> }",
              "--format", "json")
    assert int(json.loads(proc.stdout)["results"]["bindings"][0]["n"]["value"]) > 10_000


def test_query_errors_are_clear_and_non_zero(settings):
    proc = rg("--data-dir", str(settings.data_dir), "query", "no-such-query", check=False)
    assert proc.returncode == 2 and "no named query" in proc.stderr
    proc = rg("--data-dir", str(settings.data_dir), "query", "cooperations-of-town", "-p", "town=Atlantis", check=False)
    assert proc.returncode == 2 and "Atlantis" in proc.stderr
    proc = rg("--data-dir", str(settings.data_dir), "query", "-q", "SELEC", check=False)
    assert proc.returncode == 2 and "syntax" in proc.stderr.lower()


def test_status_as_json(settings):
    info = json.loads(rg("--data-dir", str(settings.data_dir), "status", "--json").stdout)
    published = {r["status"]: r["count"] for r in info["records"] if r["source"] == "register"}
    assert published["published"] > 150
    assert info["quarantined"] == []


def test_validate_reports_a_broken_folder_with_exit_1(tmp_path, repo_root):
    (tmp_path / "x.toml").write_text('[source]\nfile = "x.txt"\n[[cooperation]]\nid = "x"\nlocator = "Folie 1"\n'
                                     'title = "X"\npartners = [{ ref = "Atlantis" }]\n', encoding="utf-8")
    proc = rg("--data-dir", str(tmp_path / "d"), "validate", str(tmp_path), check=False)
    assert proc.returncode == 1
    assert "x" in proc.stderr and "cannot be resolved" in proc.stderr


def test_list_named_queries():
    proc = rg("query", "--list")
    assert "cooperations-of-town" in proc.stdout


@pytest.mark.parametrize("command", [["serve"], ["load"], ["harvest"], ["report"]])
def test_every_command_that_writes_the_store_has_no_wait(command):
    proc = rg(*command, "--help")
    assert "--no-wait" in proc.stdout and "exit 75" in " ".join(proc.stdout.split())


def test_a_query_table_prints_bracketed_values_as_they_are(settings):
    value = "LAYER[zoom] [bold]fett[/bold] [/]"
    proc = rg("--data-dir", str(settings.data_dir), "query", "-q", f'SELECT ?v WHERE {{ BIND("{value}" AS ?v) }}')
    assert value in proc.stdout, proc.stdout
