"""The search index: one SQLite file with an FTS5 table over pre-normalised tokens, BM25-ranked.

The writer (the store's single writer, see :mod:`._sync`) keeps one row per indexed entity and
the stamp of each named graph it came from; readers (server workers) open the file read-only,
concurrently, thanks to WAL mode.
"""

from __future__ import annotations

import sqlite3
import threading
import uuid
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..errors import SearchError
from ._counts import KindTables
from ._text import Query, snippet, tokens

#: BM25 weights of the columns title, alternative names, body: a title hit counts most.
WEIGHTS = (10.0, 4.0, 1.0)
#: Added to the score when every query word stands in the title as written: "Kamen" before "Kamern".
EXACT_BONUS = 5.0
#: Matches up to which every match is BM25-ranked (scoring is linear in the matches).
RANK_ALL = 3000
KINDS = ("cooperation", "project", "organisation", "dataset", "field", "legal-form")
_SCHEMA = """
CREATE TABLE IF NOT EXISTS graphs (graph TEXT PRIMARY KEY, stamp TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS entities (
    id INTEGER PRIMARY KEY, iri TEXT NOT NULL, graph TEXT NOT NULL, kinds TEXT NOT NULL,
    title TEXT NOT NULL, alt TEXT NOT NULL, body TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS entities_graph ON entities (graph);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5 (title, alt, body, tokenize = 'unicode61 remove_diacritics 0');
"""


@dataclass(frozen=True, slots=True)
class Document:
    """One entity as the index sees it: original texts, by weight."""

    iri: str
    graph: str
    kinds: tuple[str, ...]
    title: str
    alt: str = ""
    body: str = ""


@dataclass(frozen=True, slots=True)
class Hit:
    """One search result: the entity, its kinds, title, BM25 score (higher is better) and snippet."""

    iri: str
    kinds: tuple[str, ...]
    title: str
    score: float
    snippet: str


class SearchIndex:
    """The index file at ``path``.

    Args:
        path: the SQLite file (``<data_dir>/search.sqlite``).
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        self._kinds = KindTables(KINDS)

    def exists(self) -> bool:
        return self.path.is_file()

    # -- writing ---------------------------------------------------------------------------------

    @contextmanager
    def writer(self) -> Iterator[_Writer]:
        """A transaction on the index; readers see all of it or nothing."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        con = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        try:
            con.execute("PRAGMA journal_mode=WAL")
            con.executescript(_SCHEMA)
            con.execute("BEGIN IMMEDIATE")
            try:
                yield _Writer(con)
                # every commit names the file's new state: readers keep what they derive from it per state
                con.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('version', ?)", (uuid.uuid4().hex,))
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
        finally:
            con.close()

    # -- reading ---------------------------------------------------------------------------------

    def _reader(self) -> sqlite3.Connection:
        con = getattr(self._local, "con", None)
        if con is None:
            if not self.exists():
                raise SearchError(f"no search index at {self.path}: run 'regiongraph search --rebuild'")
            con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            self._local.con = con
        return con

    def search(self, text: str, *, kind: str | None = None, limit: int = 20) -> list[Hit]:
        """The best ``limit`` entities for ``text`` (of one ``kind`` if given), best first."""
        query = Query.parse(text)
        if not query:
            return []
        rows = self._match(query, kind, limit + 10)  # a few spare: an entity may come from two graphs
        best: dict[str, tuple[float, tuple]] = {}
        for row in rows:  # an entity described in several graphs: its best row counts
            score = -row[5] + EXACT_BONUS * query.exactness(row[2])
            if row[0] not in best or score > best[row[0]][0]:
                best[row[0]] = (score, row)
        top = sorted(best.values(), key=lambda pair: -pair[0])[:limit]
        # Snippets only for what is shown: cutting them is the costly part of a search.
        return [
            Hit(iri, tuple(kinds.split()), title, round(score, 4), _best_snippet(query, title, alt, body))
            for score, (iri, kinds, title, alt, body, _) in top
        ]

    def iris(self, text: str, *, kind: str | None = None, limit: int = 1000) -> list[str]:
        """Just the matching entity IRIs, best first (the REST lists' ``q`` filter)."""
        query = Query.parse(text)
        if not query:
            return []
        seen: dict[str, None] = {}
        for row in self._match(query, kind, limit):
            seen.setdefault(row[0], None)
        return list(seen)

    def kind_counts(self, text: str) -> dict[str, int]:
        """How many distinct entities of each kind match ``text`` (the last word as a prefix, as in :meth:`search`)."""
        query = Query.parse(text)
        if not query:
            return {}
        con = self._reader()
        try:
            con.execute("BEGIN")  # the table and the matches from one state of the file
            try:
                table = self._kinds.current(con)
                if table is not None:
                    return table.count(
                        row[0] for row in con.execute("SELECT rowid FROM fts WHERE fts MATCH ?", (query.fts(),))
                    )
            finally:
                con.execute("COMMIT")
        except sqlite3.Error as exc:
            raise SearchError(f"search failed: {exc}") from exc
        return self._joined_counts(query)

    def _joined_counts(self, query: Query) -> dict[str, int]:
        """:meth:`kind_counts` by reading every matched row (a file written before version stamps)."""
        rows = self._execute(
            "SELECT DISTINCT e.iri, e.kinds FROM fts JOIN entities e ON e.id = fts.rowid WHERE fts MATCH ?",
            (query.fts(),),
        )
        found: dict[str, set[str]] = {}
        for iri, kinds in rows:  # an entity described in two graphs counts once
            found.setdefault(iri, set()).update(kinds.split())
        counts = dict.fromkeys(KINDS, 0)
        for kinds in found.values():
            for kind in kinds:
                counts[kind] = counts.get(kind, 0) + 1
        return counts

    def _match(self, query: Query, kind: str | None, limit: int) -> list[tuple]:
        """Whole-word hits first, then hits on the last word as a prefix ("Kamen" before "Kamenz")."""
        rows = self._run(query.fts(prefix=False), kind, limit)
        if len(rows) < limit and query.prefix:
            seen = {r[0] for r in rows}
            rows += [r for r in self._run(query.fts(), kind, limit) if r[0] not in seen][: limit - len(rows)]
        return rows

    def _run(self, match: str, kind: str | None, limit: int) -> list[tuple]:
        """Matches of ``match``, best first; past :data:`RANK_ALL` matches only title hits are ranked.

        BM25 must score every match before the best are known (8,000 matches: 40 ms). For
        such broad queries the title hits are ranked, the rest follow in index order.
        """
        if self._count(match) <= RANK_ALL:
            return self._select(match, kind, limit, ranked=True)
        titled = f"title : ({match})"
        rows = self._select(titled, kind, limit, ranked=self._count(titled) <= RANK_ALL)
        seen = {r[0] for r in rows}
        more = [r for r in self._select(match, kind, limit + len(rows), ranked=False) if r[0] not in seen]
        return rows + more[: limit - len(rows)]

    def _count(self, match: str) -> int:
        return self._execute("SELECT COUNT(*) FROM fts WHERE fts MATCH ?", (match,))[0][0]

    def _select(self, match: str, kind: str | None, limit: int, *, ranked: bool) -> list[tuple]:
        sql = (
            "SELECT e.iri, e.kinds, e.title, e.alt, e.body, bm25(fts, ?, ?, ?) AS score "
            "FROM fts JOIN entities e ON e.id = fts.rowid WHERE fts MATCH ?"
        )
        args: list = [*WEIGHTS, match]
        if kind:
            sql += " AND (' ' || e.kinds || ' ') LIKE ?"
            args.append(f"% {kind} %")
        return self._execute(sql + (" ORDER BY score" if ranked else "") + " LIMIT ?", (*args, limit))

    def _execute(self, sql: str, args: tuple) -> list[tuple]:
        try:
            return self._reader().execute(sql, args).fetchall()
        except sqlite3.Error as exc:
            raise SearchError(f"search failed: {exc}") from exc

    def count(self) -> int:
        """Entities in the index."""
        return self._execute("SELECT COUNT(*) FROM entities", ())[0][0]


def _best_snippet(query: Query, *fields: str) -> str:
    """The snippet of the field with the most distinct hits (the title wins ties)."""
    best, most = "", 0
    for text in fields:
        cut, found = snippet(text, query)
        if found > most:
            best, most = cut, found
    return best


class _Writer:
    """Changes inside one index transaction."""

    def __init__(self, con: sqlite3.Connection) -> None:
        self.con = con

    def stamps(self) -> dict[str, str]:
        return dict(self.con.execute("SELECT graph, stamp FROM graphs"))

    def clear(self) -> None:
        for table in ("graphs", "entities", "fts"):
            self.con.execute(f"DELETE FROM {table}")

    def drop(self, graphs: Iterable[str]) -> None:
        """Forget every entity that came from ``graphs``."""
        for graph in graphs:
            ids = [r[0] for r in self.con.execute("SELECT id FROM entities WHERE graph = ?", (graph,))]
            self.con.executemany("DELETE FROM fts WHERE rowid = ?", ((i,) for i in ids))
            self.con.execute("DELETE FROM entities WHERE graph = ?", (graph,))
            self.con.execute("DELETE FROM graphs WHERE graph = ?", (graph,))

    def add(self, docs: Iterable[Document], stamps: Mapping[str, str]) -> int:
        """Index ``docs`` and remember the stamps of the graphs they came from."""
        n = 0
        for doc in docs:
            cur = self.con.execute(
                "INSERT INTO entities (iri, graph, kinds, title, alt, body) VALUES (?, ?, ?, ?, ?, ?)",
                (doc.iri, doc.graph, " ".join(doc.kinds), doc.title, doc.alt, doc.body),
            )
            self.con.execute(
                "INSERT INTO fts (rowid, title, alt, body) VALUES (?, ?, ?, ?)",
                (cur.lastrowid, tokens(doc.title), tokens(doc.alt), tokens(doc.body)),
            )
            n += 1
        self.con.executemany("INSERT OR REPLACE INTO graphs (graph, stamp) VALUES (?, ?)", stamps.items())
        return n
