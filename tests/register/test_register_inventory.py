"""Every organisation, platform, programme and project the seeds name is findable by name in the search.

The names come from ``seed_inventory.tsv``: an inventory written from the seed text, apart from the
register — the name as the seed spells it, the line of the seed it starts on, and the record that
must carry it (``org/…``, ``project/…``, ``cooperation/…``, ``recommendation/…``, or a gazetteer
territory ``ags/<key>``). The tests hold the inventory to the seeds, then the search to the
inventory: the session store (ontology, codes, gazetteer, register) was indexed by its writer.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from regiongraph.search import index_for, tokens
from support.seedtext import SEEDS, clean, seed_lines

HERE = Path(__file__).resolve().parent
BASE = "http://127.0.0.1:8000/id/"
#: A name may run over a line break (and a quote into the next line or two).
WINDOW = 3
#: A page break puts footnotes between the halves of a name ("Lärmschutz-" … "und Landschaftsplanung").
PAGE = 24


def rows() -> list[dict[str, str]]:
    with (HERE / "seed_inventory.tsv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def window(row: dict[str, str], size: int) -> str:
    start = int(row["line"]) - 1
    return clean(" ".join(seed_lines(row["seed"])[start : start + size]))


def term(row: dict[str, str]) -> str:
    return row["search"] or row["name"]


ROWS = rows()


def test_the_inventory_covers_every_seed_and_kind():
    assert {r["seed"] for r in ROWS} == {p.name[:3] for p in SEEDS.glob("0*.txt")}
    kinds = Counter(r["kind"] for r in ROWS)
    assert set(kinds) == {"organisation", "platform", "programme", "project", "territory"}
    assert len({(r["seed"], r["line"], r["name"], r["record"]) for r in ROWS}) == len(ROWS), "a row is listed twice"


@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"{r['seed']}:{r['line']}:{r['name'][:30]}")
def test_each_name_stands_in_its_seed_where_the_inventory_says(row):
    here = window(row, WINDOW)
    assert row["name"] in here, f"{row['name']!r} is not at line {row['line']} of seed {row['seed']}"
    assert row["name"].split()[0] in clean(seed_lines(row["seed"])[int(row["line"]) - 1]), "it starts on a later line"
    # a search term other than the name is made of the seed's own words, not of new ones
    assert set(tokens(term(row)).split()) <= set(tokens(window(row, PAGE)).split())


@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"{r['seed']}:{r['line']}:{r['name'][:30]}")
def test_each_name_finds_its_record(settings, row):
    assert settings.base_iri == BASE
    hits = [h.iri for h in index_for(settings).search(term(row))]
    assert BASE + row["record"] in hits, f"search {term(row)!r}: {[h.removeprefix(BASE) for h in hits]}"


def test_the_inventory_document_lists_every_row(repo_root):
    doc = (repo_root / "docs" / "register-inventory.md").read_text(encoding="utf-8")
    table = {tuple(cells[1:5]) for cells in (line.split(" | ") for line in doc.splitlines()) if len(cells) >= 5}
    missing = [r for r in ROWS if (r["line"], r["kind"], f"„{r['name']}“", f"`{r['record']}`") not in table]
    assert missing == []
