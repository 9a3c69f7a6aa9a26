"""Real portals' data through the real harvest: ``../shared/realdata`` served by the local portal, judged by the oracle.

Every source of the folder is harvested once (a full run into a real store); the published records are
compared per dataset to what the files themselves say (``support.realdata_oracle``): the published set
is exactly the set the official DCAT-AP.de 3 profile accepts after the documented repairs, every other
dataset is quarantined with a message naming the field and the value, and each published one keeps
title, description, distributions, licence, publisher, modified date and geocoding of its source.
"""

from __future__ import annotations

import re
from datetime import datetime

import pytest

from support.portal import Portal
from support.portal.realdata import CKAN_SOURCES, DCAT_SOURCES
from support.realdata_oracle import Expected, canonical, ckan_expectations, dcat_expectations, parse_error
from support.realkit import Harvest, cli, harvest, published, run_failures

SOURCES = [*CKAN_SOURCES, *DCAT_SOURCES]

#: Where the project does not meet the oracle yet (issue 15): strict, so a fix shows as an unexpected pass and
#: its row must go. ``(test, source) → reason``; none is open.
KNOWN_GAPS: dict[tuple[str, str], str] = {}


def sources(test: str) -> list:
    """SOURCES, each known gap of ``test`` a strict xfail with its reason."""
    return [
        pytest.param(s, marks=pytest.mark.xfail(strict=True, reason=KNOWN_GAPS[(test, s)]))
        if (test, s) in KNOWN_GAPS
        else s
        for s in SOURCES
    ]


#: What a portal admin may call a CKAN field in a message (the CKAN name or the DCAT property it becomes).
ALIASES = {
    "organization": ("organization", "publisher"),
    "license_id": ("license", "licence", "lizenz"),
    "notes": ("notes", "description"),
    "id": ("id", "name"),
    "title": ("title",),
    "url": ("url",),
}
SUMMARY: dict[str, tuple[int, ...]] = {}


@pytest.fixture(scope="module")
def portal():
    with Portal(realdata=True) as p:
        yield p


@pytest.fixture(scope="module")
def runs(portal, tmp_path_factory) -> dict[str, Harvest]:
    """One full harvest per source, made on first use and shared by the tests of the module."""
    cache: dict[str, Harvest] = {}

    def get(source: str) -> Harvest:
        if source not in cache:
            cache[source] = harvest(tmp_path_factory.mktemp(source), portal, source)
        return cache[source]

    return get  # type: ignore[return-value]


def expectations(source: str) -> dict[str, Expected]:
    if source in CKAN_SOURCES:
        return {e.id: e for e in ckan_expectations(source) if e.id}
    return dcat_expectations(source)


@pytest.mark.parametrize("source", SOURCES)
def test_no_file_crashes_the_harvester_and_no_run_stays_running(runs, source):
    run = runs(source)
    assert run.crash == "", f"{source}: the harvest raised {run.crash}"
    assert run.runs and "running" not in run.runs, f"{source}: run statuses {run.runs}"


@pytest.mark.parametrize("source", sources("published"))
def test_the_published_set_is_the_set_the_official_profile_accepts(runs, source):
    run, expected = runs(source), expectations(source)
    accepted = {rid for rid, e in expected.items() if e.accepted}
    got = set(published(run.store, source))
    report = run.report
    SUMMARY[source] = (
        len(expected),
        len(accepted),
        len(got),
        len(got & accepted),
        len(report.quarantined) if report else 0,
        len(report.failed) if report else 0,
    )
    assert got == accepted, f"{source}: missing {sorted(accepted - got)[:5]}, unexpected {sorted(got - accepted)[:5]}"


@pytest.mark.parametrize("source", sources("refused"))
def test_every_refused_dataset_is_quarantined_naming_field_and_value(runs, source):
    run, expected = runs(source), expectations(source)
    assert run.report is not None, run.crash
    messages = {rid: " ".join(m).lower() for rid, m in run.report.quarantined}
    problems = []
    for rid, e in sorted(expected.items()):
        if e.accepted:
            continue
        text = messages.get(rid)
        if text is None:
            problems.append(f"{rid}: not quarantined (run failures: {run.report.failed[:1]})")
            continue
        for name, value in e.violations:
            aliases = ALIASES.get(name, (name,))
            if name and not any(a.lower() in text for a in aliases):
                problems.append(f"{rid}: no message names {name!r}")
            if value and value[:60].lower() not in text:  # a long value may be shortened, not left out
                problems.append(f"{rid}: no message shows the value {value!r} of {name!r}")
    assert problems == [], f"{source}: {len(problems)} problems, e.g. {problems[:4]}"


def _same_instant(source: str, stored: str) -> bool:
    """The same date or time: xsd:dateTime needs seconds (``21:04`` is ``21:04:00``), and trailing zeros of a
    fraction are no digits of the value (``.399850`` is ``.39985``)."""
    try:
        return datetime.fromisoformat(source) == datetime.fromisoformat(stored)
    except ValueError:
        return source == stored


def _titles_faithful(want: frozenset, got: set, languages: frozenset) -> bool:
    """Each source literal kept (an untagged one may carry a language the source declares), no tag invented."""
    if any(tag is not None and tag not in languages and (text, tag) not in want for text, tag in got):
        return False
    return all(
        (text, tag) in got or (tag is None and any((text, lang) in got for lang in languages)) for text, tag in want
    )


def _differences(e: Expected, p) -> list[str]:
    out = []
    if not _titles_faithful(e.titles, p.titles, e.languages):
        out.append(f"title {sorted(p.titles)} != {sorted(e.titles)}")
    if not _titles_faithful(e.descriptions, p.descriptions, e.languages):
        out.append("description differs (or got a language the source does not declare)")
    if p.distributions != e.distributions:
        out.append(f"{p.distributions} distributions, the source has {e.distributions}")
    if p.licences != set(e.licences):
        out.append(f"licences {sorted(p.licences)} != {sorted(e.licences)}")
    if e.publisher is not None and e.publisher not in p.publisher:
        out.append(f"publisher {e.publisher!r} not among {sorted(p.publisher)}")
    if e.modified is not None and not any(_same_instant(e.modified, m) for m in p.modified):
        out.append(f"modified {sorted(p.modified)} != {e.modified!r}")
    if not {canonical(g) for g in e.geocoding} <= p.geocoding:
        out.append(f"geocoding {sorted(p.geocoding)} lacks {sorted(e.geocoding)}")
    return out


@pytest.mark.parametrize("source", sources("equal"))
def test_published_datasets_equal_their_source(runs, source):
    run, expected = runs(source), expectations(source)
    found = published(run.store, source)
    problems = [
        f"{rid}: {d}" for rid, p in sorted(found.items()) if rid in expected for d in _differences(expected[rid], p)
    ]
    assert problems == [], f"{source}: {len(problems)} differences, e.g. {problems[:4]}"


def test_rostock_page_one_is_kept_and_the_unreachable_next_page_fails_the_run_honestly(runs):
    run = runs("rostock")
    assert run.report is not None, run.crash
    [(where, why)] = run.report.failed
    assert "opendata-hro.de" in where + why and "page=2" in where + why, run.report.failed
    assert run.report.withdrawn == 0 and run.runs and "running" not in run.runs
    assert run_failures(run.store, "rostock") == [1], "the run's record says a page failed"
    held = set(published(run.store, "rostock")) | {rid for rid, _ in run.report.quarantined}
    assert held == set(expectations("rostock")), "every dataset of page 1 is published or quarantined"


def test_rostock_a_second_run_still_withdraws_nothing(portal, tmp_path):
    first = harvest(tmp_path, portal, "rostock")
    again = harvest(tmp_path, portal, "rostock", store=first.store)
    assert again.crash == "" and again.report is not None and again.report.withdrawn == 0
    assert "running" not in again.runs


def test_invalid_turtle_is_a_failed_page_with_the_parsers_message(runs):
    assert parse_error("dcat-invalid") is not None, "the oracle: ckanext-dcat's dataset.ttl is not valid Turtle"
    run = runs("dcat-invalid")
    assert run.report is not None, run.crash
    assert len(run.report.failed) == 1 and "healthdcatap" in run.report.failed[0][1], run.report.failed
    assert run.report.quarantined == [] and published(run.store, "dcat-invalid") == {}


def test_a_package_without_id_or_name_is_reported_not_dropped(runs):
    """ckanext-dcat's ``dataset.json`` has neither ``id`` nor ``name``: it cannot be published, and says so."""
    nameless = [e for e in ckan_expectations("dcat-examples") if not e.id]
    assert len(nameless) == 1
    run = runs("dcat-examples")
    assert run.report is not None, run.crash
    said = " ".join(" ".join(m) for _, m in run.report.quarantined) + " ".join(w for _, w in run.report.failed)
    assert re.search(r"\bname\b", said) and re.search(r"\bid\b", said), (run.report.quarantined, run.report.failed)


@pytest.mark.parametrize("source", ["rostock", "dcat-invalid", "dcat-examples"])
def test_the_cli_says_what_failed_without_a_traceback(portal, tmp_path, source):
    proc = cli(tmp_path, portal, source)
    assert "Traceback" not in proc.stdout + proc.stderr, proc.stderr[-2000:]
    assert proc.returncode == 1, (proc.returncode, proc.stderr[-2000:])
    assert source in proc.stdout + proc.stderr


def test_zz_summary_table():
    """The per-source table for the issue's note (run with ``-rP`` or ``-s`` to see it)."""
    head = ("in file", "accepted", "published", "of them ok", "quarantined", "failed pages")
    lines = [f"{'source':18} " + " ".join(f"{h:>12}" for h in head)]
    for source in SOURCES:
        if source in SUMMARY:
            lines.append(f"{source:18} " + " ".join(f"{n:12}" for n in SUMMARY[source]))
    print("\n".join(lines))
    assert len(lines) > 1
