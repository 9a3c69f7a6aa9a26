"""The command line, run as a user runs it: a subprocess with real arguments."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import click
import pytest

from regiongraph.cli import main


def _commands(group: click.Group, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command and sub-command the parser knows, as the words a user types (``export network``)."""
    found = []
    for name, command in sorted(group.commands.items()):
        found.append((*path, name))
        if isinstance(command, click.Group):
            found.extend(_commands(command, (*path, name)))
    return found


#: The real command list, read from the parser rather than written out by hand.
ALL = _commands(main)
COMMANDS = [words[0] for words in ALL if len(words) == 1]


def rg(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([sys.executable, "-m", "regiongraph", *args], capture_output=True, text=True, timeout=300)
    if check and proc.returncode != 0:
        raise AssertionError(f"exit {proc.returncode}: {proc.stderr}")
    return proc


def test_the_command_list_is_the_documented_one():
    assert COMMANDS == [
        "dump",
        "export",
        "harvest",
        "load",
        "query",
        "report",
        "search",
        "serve",
        "status",
        "sync",
        "validate",
    ]
    assert ("export", "network") in ALL and ("sync", "ckan") in ALL


@pytest.mark.parametrize("command", [(), *ALL], ids=lambda words: " ".join(words) or "regiongraph")
def test_every_command_has_help(command):
    proc = rg(*command, "--help")
    assert "Usage:" in proc.stdout
    if not command:
        for name in COMMANDS:
            assert name in proc.stdout


def test_the_help_documents_the_exit_codes():
    lines = [" ".join(line.split()) for line in rg("--help").stdout.splitlines()]
    assert "Exit status:" in lines
    for code in ("0 done", "1 done, but records were quarantined", "2 usage or setup error", "75 --no-wait"):
        assert any(line.startswith(code) for line in lines), code


def test_an_error_is_one_line_and_exit_2(tmp_path):
    proc = rg("--data-dir", str(tmp_path / "none"), "status", check=False)
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        f"error: no published store in {tmp_path / 'none'}: run 'regiongraph load' first"
    ]


def test_named_query_with_parameter_as_csv(settings):
    proc = rg(
        "--data-dir",
        str(settings.data_dir),
        "--base-iri",
        settings.base_iri,
        "query",
        "cooperations-performed-by-town",
        "--param",
        "town=Kamen",
        "--format",
        "csv",
    )
    rows = list(csv.DictReader(io.StringIO(proc.stdout)))
    assert {r["id"] for r in rows} == {"ku2016-b-09", "ku2016-b-11", "ku2016-b-13", "ku2016-b-16"}


def test_raw_sparql_as_json(settings):
    proc = rg(
        "--data-dir",
        str(settings.data_dir),
        "query",
        "-q",
        "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/regiongraph/ontology#Municipality> }",
        "--format",
        "json",
    )
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
    (tmp_path / "x.toml").write_text(
        '[source]\nfile = "x.txt"\n[[cooperation]]\nid = "x"\nlocator = "Folie 1"\n'
        'title = "X"\npartners = [{ ref = "Atlantis" }]\n',
        encoding="utf-8",
    )
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
