"""``regiongraph dump``: --help, a dated dump of the published store, retention, --list, clear errors."""

from __future__ import annotations

import json

from click.testing import CliRunner

from regiongraph.cli import main
from regiongraph.dumps import list_dumps, write_dump
from regiongraph.store import EmbeddedStore


def run(settings, *args: str):
    return CliRunner().invoke(
        main,
        ["--data-dir", str(settings.data_dir), "--base-iri", settings.base_iri, *args],
        env={"REGIONGRAPH_DUMPS_DIR": str(settings.dumps_location)},
    )


def test_help_names_what_is_left_out(dump_settings):
    result = run(dump_settings, "dump", "--help")
    assert result.exit_code == 0 and "harvest runs" in result.output and "--keep" in result.output


def test_a_dump_of_the_published_store_then_listed(dump_settings):
    result = run(dump_settings, "dump", "--date", "2026-01-05", "--json")
    assert result.exit_code == 0, result.output
    written = json.loads(result.stdout)[0]
    assert written["name"] == "regiongraph-2026-01-05" and written["quads"] > 290_000
    assert written["citation"].startswith("RegionGraph (2026-01-05): ")
    folder = dump_settings.dumps_location
    assert {p.name for p in folder.iterdir() if not p.name.startswith(".")} == {
        "regiongraph-2026-01-05.nq.gz",
        "regiongraph-2026-01-05.nq.gz.sha256",
        "regiongraph-2026-01-05.json",
        "regiongraph-dumps.ttl",
    }
    listed = run(dump_settings, "dump", "--list")
    assert listed.exit_code == 0 and "regiongraph-2026-01-05.nq.gz" in listed.output


def test_a_bad_date_is_a_usage_error(dump_settings):
    result = run(dump_settings, "dump", "--date", "05.01.2026")
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.output


def test_retention_keeps_the_newest_n(dump_settings):
    settings = dump_settings.with_(dump_retention=2)
    store = EmbeddedStore(None)
    for day in ("2026-01-01", "2026-03-01", "2026-02-01"):
        store.update(f'INSERT DATA {{ <http://e/s> <http://e/p> "{day}" }}')
        write_dump(settings, store, date=day)
    assert [d.date for d in list_dumps(settings.dumps_location)] == ["2026-03-01", "2026-02-01"]
    assert not list(settings.dumps_location.glob("regiongraph-2026-01-01*"))
    series = (settings.dumps_location / "regiongraph-dumps.ttl").read_text(encoding="utf-8")
    assert "regiongraph-2026-03-01" in series and "regiongraph-2026-01-01" not in series
    result = run(settings, "dump", "--date", "2026-04-01", "--keep", "1")
    assert result.exit_code == 0, result.output
    assert [d.date for d in list_dumps(settings.dumps_location)] == ["2026-04-01"]
