"""Harvest the real corpus of ``../shared/realdata`` end to end, next to mapping only and the bare download.

Every source of the folder (3 CKAN portals, 9 DCAT files; see ``tests/support/portal/realdata.py``) is served
by the local test portal, read in place. Three contenders, each in a fresh child process (so its peak
RSS is its own), round after round, taking turns:

* ``harvest``: ``regiongraph harvest <every source>`` into a fresh data folder — HTTP, parsing, mapping,
  the SHACL gate, the store, the run records: what a user waits for;
* ``map + validate``: the same records, parsed beforehand from the files (CKAN JSON as it is, DCAT with
  the harvester's own description cut), mapped and checked in batches as the pipeline does — no HTTP,
  no store;
* ``download``: the same pages fetched from the portal with httpx alone (package_search pages of
  ``--page-size`` rows, every catalogue file).

``start-up`` is a child that only imports ``regiongraph.cli``: the interpreter and import cost every
contender pays once. Printed: seconds (median of ``--repeat`` rounds), records/s, peak RSS, and each
one's share of the harvest.

    python benchmarks/realdata.py               # one round
    python benchmarks/realdata.py --repeat 5
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import suppress
from pathlib import Path

import _harness  # noqa: F401 - reaches tests/support (support.…); see benchmarks/_harness.py
from support.portal import Portal
from support.portal.realdata import CKAN_SOURCES, DCAT_SOURCES, ckan_packages
from support.shared import realdata

ROOT = Path(__file__).resolve().parents[1]


BASE = "http://127.0.0.1:8000/id/"
SOURCES = [*CKAN_SOURCES, *DCAT_SOURCES]


def url_of(portal_url: str, source: str) -> str:
    return f"{portal_url}/ckan/{source}" if source in CKAN_SOURCES else f"{portal_url}/dcat/{DCAT_SOURCES[source]}"


def declare(folder: Path, portal_url: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for source in SOURCES:
        kind = "ckan" if source in CKAN_SOURCES else "dcat"
        (folder / f"{source}.toml").write_text(
            f'[source]\nname = "{source}"\ntype = "{kind}"\nurl = "{url_of(portal_url, source)}"\n'
            "backoff = 0\ntimeout = 10\nretries = 1\n",
            encoding="utf-8",
        )


def records() -> list:
    """Every record of the corpus as the harvesters would yield it, without HTTP."""
    import pyoxigraph as ox

    from regiongraph.harvest import SourceRecord
    from regiongraph.harvest.dcat import DATASET, TYPE, _index, describe

    out = []
    for source in CKAN_SOURCES:
        for i, pkg in enumerate(ckan_packages(source)):
            rid = str(pkg.get("id") or pkg.get("name") or f"unidentified-{i}")
            out.append(SourceRecord(source, rid, "ckan-package", pkg, pkg.get("metadata_modified")))
    for source, file in DCAT_SOURCES.items():
        path = realdata("dcat", file)
        fmt = ox.RdfFormat.RDF_XML if path.suffix == ".rdf" else ox.RdfFormat.TURTLE
        try:
            triples = [q.triple for q in ox.parse(path=str(path), format=fmt, lenient=True)]
        except SyntaxError:
            continue  # the invalid Turtle file: no records, a failed page in the harvest
        index = _index(triples)
        for subject in sorted({t.subject for t in triples if t.predicate == TYPE and t.object == DATASET}, key=str):
            payload = {"iri": getattr(subject, "value", None), "ntriples": describe(index, subject), "catalog": file}
            out.append(SourceRecord(source, str(subject), "dcat-dataset", payload))
    return out


def map_and_validate() -> int:
    """The pipeline's work without HTTP and store: map, gate in batches, DQV for the ones that pass."""
    from regiongraph import Instance, Settings
    from regiongraph.iris import Minter
    from regiongraph.mapping import MappingContext, add_quality, map_record
    from regiongraph.validate import Validator

    settings = Settings.load(environ={}, base_iri=BASE)
    ctx = MappingContext(Minter(BASE), Instance(settings).resolver, options={})
    validator, todo, passed = Validator(settings.resource("shapes")), records(), 0
    for i in range(0, len(todo), settings.validation_batch):
        chunk, mapped = todo[i : i + settings.validation_batch], []
        for rec in chunk:
            with suppress(Exception):  # a record the mapping refuses is quarantined by the pipeline
                mapped.append((rec, *map_record(rec, ctx, quality=False)))
        verdicts = validator.check_batch([g for _, _, g in mapped])
        for (rec, entity, graph), verdict in zip(mapped, verdicts, strict=True):
            if verdict.conforms:
                add_quality(rec, ctx, entity, graph)
                passed += 1
    return passed


def download(portal_url: str, rows: int) -> int:
    """The peer: every page the harvest reads, fetched with httpx and nothing else; returns the bytes."""
    import httpx

    total = 0
    with httpx.Client(timeout=30) as client:
        for source in CKAN_SOURCES:
            start = 0
            while True:
                params = {"q": "*:*", "rows": rows, "start": start, "sort": "metadata_modified asc, id asc"}
                answer = client.get(f"{portal_url}/ckan/{source}/api/3/action/package_search", params=params)
                total += len(answer.content)
                start += rows
                if start >= answer.json()["result"]["count"]:
                    break
        for source in DCAT_SOURCES:
            total += len(client.get(url_of(portal_url, source)).content)
    return total


def child(argv: list[str]) -> None:
    """Inside a child: one contender, then its peak RSS (KiB) as the last line."""
    if argv[0] == "harvest":
        from regiongraph.cli import main

        with suppress(SystemExit):  # harvest exits 1 when records are quarantined or pages fail: expected
            main(["--data-dir", argv[1], "--base-iri", BASE, "harvest", *SOURCES], standalone_mode=False)
    elif argv[0] == "start-up":
        import regiongraph.cli  # noqa: F401 - what every child pays before its first record
    elif argv[0] == "map":
        print(f"passed {map_and_validate()}", file=sys.stderr)
    else:
        print(f"downloaded {download(argv[1], int(argv[2]))} bytes", file=sys.stderr)
    print(
        json.dumps(
            {
                "rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                "children_rss_kib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
            }
        ),
        flush=True,
    )


def measure(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB, the child or its largest worker) of one contender."""
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, __file__, "--child", *args], env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - t
    if proc.returncode != 0 or "Traceback" in proc.stderr:
        raise SystemExit(f"{args[0]} failed ({proc.returncode}): {proc.stderr[-2000:]}")
    last = json.loads(proc.stdout.strip().splitlines()[-1])
    return seconds, max(last["rss_kib"], last["children_rss_kib"]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="rounds of every contender, taking turns")
    parser.add_argument("--page-size", type=int, default=100, help="package_search rows per page (download)")
    parser.add_argument("--child", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    opts = parser.parse_args()
    if opts.child:
        return child(opts.child)
    n = len(records())
    results: dict[str, list[tuple[float, float]]] = {
        "harvest": [],
        "map + validate": [],
        "download": [],
        "start-up": [],
    }
    with Portal(realdata=True) as portal, tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "REGIONGRAPH_SOURCES_DIR": str(Path(tmp) / "sources")}
        declare(Path(tmp) / "sources", portal.url)
        for round_ in range(opts.repeat):
            data = Path(tmp) / f"data-{round_}"
            results["harvest"].append(measure(["harvest", str(data)], env))
            results["map + validate"].append(measure(["map"], env))
            results["download"].append(measure(["download", portal.url, str(opts.page_size)], env))
            results["start-up"].append(measure(["start-up"], env))
            print(
                f"round {round_ + 1}: " + ", ".join(f"{k} {v[-1][0]:.1f} s" for k, v in results.items()),
                file=sys.stderr,
            )
    report(n, results, opts.repeat)


def report(n: int, results: dict[str, list[tuple[float, float]]], repeat: int) -> None:
    harvest = statistics.median(s for s, _ in results["harvest"])
    print(f"{n} records ({len(CKAN_SOURCES)} CKAN portals, {len(DCAT_SOURCES)} DCAT files), median of {repeat}")
    print(f"{'contender':16} {'seconds':>8} {'records/s':>10} {'peak RSS MiB':>13} {'share of harvest':>17}")
    for name, runs in results.items():
        seconds = statistics.median(s for s, _ in runs)
        rss = max(r for _, r in runs)
        rate = "-" if name == "start-up" else f"{n / seconds:.1f}"
        print(f"{name:16} {seconds:8.2f} {rate:>10} {rss:13.0f} {seconds / harvest:16.0%}")
    median = {name: statistics.median(s for s, _ in runs) for name, runs in results.items()}
    rest = harvest - median["map + validate"] - median["download"] + median["start-up"]
    print(f"harvest beyond mapping + download, one start-up counted (store, run records, parsing): {rest:.2f} s")


if __name__ == "__main__":
    main()
