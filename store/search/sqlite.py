"""The embedded search index: SQLite FTS5 over the shared analysis units, one file in the data folder.

FTS5 columns hold whitespace-separated bigram tokens (unicode61 splits on the spaces),
so a phrase query of consecutive bigrams finds a name exactly, and bm25 ranks like ES.

A query matching few entries is scored, sorted and counted whole in one statement. One matching
many (之, 仁兄: nearly every letter) is ranked from candidates, the same page as the whole sort
would give: the entries its name keys name, and the best text matches found by a bounded sort
or, for one character, by the weights of the columns holding it; its total and facet counts stay
exact, every match's rowid read in one string and filtered and counted in memory (meta_columns).
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import numpy

from zhiren.store.search.analysis import name_units, snippet, suggest_prefix, text_units
from zhiren.store.search.base import (
    BM25_WEIGHTS,
    FACET_FIELDS,
    Hit,
    IndexEntry,
    SearchQuery,
    SearchResult,
    Suggestion,
    best_suggestions,
    did_you_mean,
    match_label,
    tier_score,
)
from zhiren.store.search.keys import TEXT, written_keys
from zhiren.store.search.meta_columns import PAIR, SEPARATORS, VALUE, MetaColumns, TermRows, facet_lists, rowids
from zhiren.store.search.query import Clause, ParsedQuery, QueryTerm, parse
from zhiren.store.sqlite_file import SqliteFile

SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (
    rowid INTEGER PRIMARY KEY, id TEXT UNIQUE NOT NULL, type TEXT NOT NULL, title TEXT,
    text TEXT, year INTEGER, data TEXT, facets TEXT);
CREATE TABLE IF NOT EXISTS facet_sets (id INTEGER PRIMARY KEY, facets TEXT UNIQUE NOT NULL);
CREATE TABLE IF NOT EXISTS facet_set_values (set_id INTEGER NOT NULL, field TEXT NOT NULL, value TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS facet_set_values_value ON facet_set_values(field, value);
CREATE TABLE IF NOT EXISTS entry_meta (
    rowid INTEGER PRIMARY KEY, id TEXT NOT NULL, type TEXT NOT NULL, year INTEGER, facet_set INTEGER NOT NULL,
    year_end INTEGER, tokens INTEGER);
CREATE TABLE IF NOT EXISTS entry_facets (rowid INTEGER NOT NULL, field TEXT NOT NULL, value TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS entry_facets_row ON entry_facets(rowid);
CREATE INDEX IF NOT EXISTS entry_facets_value ON entry_facets(field, value);
CREATE TABLE IF NOT EXISTS suggest (key TEXT NOT NULL, rowid INTEGER NOT NULL, name TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS suggest_key ON suggest(key);
CREATE INDEX IF NOT EXISTS suggest_row ON suggest(rowid);
CREATE INDEX IF NOT EXISTS suggest_length ON suggest(length(key), key);
CREATE TABLE IF NOT EXISTS name_keys (key TEXT NOT NULL, rowid INTEGER NOT NULL, tier INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS name_keys_key ON name_keys(key);
CREATE INDEX IF NOT EXISTS name_keys_row ON name_keys(rowid);
CREATE TABLE IF NOT EXISTS generation (n INTEGER NOT NULL);
INSERT INTO generation (n) SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM generation);
CREATE TABLE IF NOT EXISTS meta_log (generation INTEGER PRIMARY KEY, rowids TEXT NOT NULL);
"""
# generation: one number every write raises in its own transaction, so a reader holding entry_meta
# in memory (meta_columns) knows in one read whether another connection or process changed it.
# meta_log: what each of the last writes changed, for such a reader to read those rows alone
# (MetaColumns.advanced): one row a write, its generation and the rowids it deleted or added,
# comma-separated (one insert a write, not one a row: an ingest batch costs no measurable CPU more).
# Writes that log nothing (clearing, filling an older index's columns) make a reader read
# entry_meta whole. A reader more than _LOGGED writes behind reads it whole too.
_BUMP = "UPDATE generation SET n = n + 1"
_LOGGED = 100
# prefix = '1': every token's first character has a doclist of its own, so a one-character query
# (之, 盛, a prefix of the tokens) reads one doclist instead of merging one per bigram starting with
# it (之 at 200,000 letters + 100,000 persons, 198,000 matches: counting its body matches 137 ->
# 15 ms; the whole search 454-495 -> 311-349 ms CPU with _matched's one grouping); it costs ~60 %
# more CPU to index the units and ~75 % more FTS data. An index made before it is
# read all the same, without the gain, until `zhiren reindex` (clear) makes the table again.
_FTS = """CREATE VIRTUAL TABLE IF NOT EXISTS entries_fts USING fts5(
    title_units, body_units, name_units, tokenize = 'unicode61 remove_diacritics 0', prefix = '1');"""


_UNIT_COLUMNS = ("title_units", "body_units", "name_units")  # entries_fts's, in BM25_WEIGHTS's order
_TABLES = ("entries_fts", "entry_facets", "entry_meta", "suggest", "name_keys", "entries")  # rowid-keyed
# entry_meta: what filtering, ranking and counting read of every match (id, type, year and the
# number of its set of facet values), apart from the texts: a few dozen bytes a row, so a query
# matching tens of thousands of letters reads a few hundred pages, not one page per letter. The
# matches are grouped by facet set in SQL (an integer: twice as fast to group as the set's
# string) and counted per value in Python (entries share few sets; a GROUP BY over entry_facets
# was most of a search's time). entries.facets keeps each entry's string too.
# A query whose text matches this many entries or more is ranked from its best candidates (see
# SqliteSearchIndex._ranked_top) rather than by scoring, grouping and sorting every match in one
# statement. Since the candidates' way reads rowids only and counts in memory, it is the cheaper
# from about a thousand matches (bench_search's 2,000 probes at 200,000 letters, one client: search
# CPU 8.0 s at 20,000, 6.0-6.6 at 1,000, 5.8 at 200, 6.6 when every query takes it; same answers).
TOP_K_FROM = 1_000
_ROWIDS = "SELECT group_concat(rowid) FROM entries_fts WHERE entries_fts MATCH ?"  # ascending
_BODY = "body_units"  # the running text: the column nearly every match of a common term is in
_TERM_ROWS_BUDGET = 96 << 20  # bytes of the rows and weights of the terms searched last (TermRows)
_INSTANCES = "entries_fts_instances"  # fts5vocab of every token's instances (doc, col, offset), per connection


def _facet_string(facets: dict[str, list[str]]) -> str:
    return PAIR.join(
        f"{field}{VALUE}{value.translate(SEPARATORS)}"
        for field, values in facets.items()
        for value in dict.fromkeys(values)
    )


def _facet_set(db: sqlite3.Connection, facets: str, known: dict[str, int]) -> int:
    """The number of a set of facet values; a new set is added with its values (what a filter looks up).

    ``known``: the sets this transaction already looked up (a batch of letters shares a few)."""
    if facets in known:
        return known[facets]
    row = db.execute("SELECT id FROM facet_sets WHERE facets = ?", (facets,)).fetchone()
    if row is not None:
        known[facets] = int(row[0])
        return known[facets]
    set_id = db.execute("INSERT INTO facet_sets (facets) VALUES (?)", (facets,)).lastrowid
    assert set_id is not None
    db.executemany(
        "INSERT INTO facet_set_values (set_id, field, value) VALUES (?, ?, ?)",
        [(set_id, *pair.split(VALUE, 1)) for pair in facets.split(PAIR) if pair],
    )
    known[facets] = set_id
    return set_id


def _docsize(blob: bytes) -> int:
    """The tokens of a row as FTS5 keeps them in its docsize table: one varint per column, summed."""
    total = value = 0
    for byte in blob:
        value = value << 7 | byte & 0x7F
        if not byte & 0x80:
            total, value = total + value, 0
    return total


def _earliest(year: int | None) -> tuple[bool, int]:
    """The order of equal scores: the earliest year first, entries without one last (as
    Elasticsearch sorts ``year`` with ``missing: _last``)."""
    return (year is None, year or 0)


Candidate = tuple[int, float, float, int | None, str]  # rowid, tier, score, year, id
Scored = tuple[int, float]  # a text match: rowid, score


def _rank_key(candidate: Candidate) -> tuple[float, float, bool, int, str]:
    """A hit's place: its key tier first, then its score (lower is better), the earliest year, the id."""
    _, tier, score, year, entry_id = candidate
    return (-tier, score, *_earliest(year), entry_id)


@lru_cache(maxsize=65_536)
def _pairs(string: str) -> tuple[str, ...]:
    """A facet set's (field, value) pairs; the same sets recur in query after query."""
    return tuple(string.split(PAIR)) if string else ()


def _count_facets(grouped: Iterable[tuple[str | None, int]]) -> dict[str, list[tuple[str, int]]]:
    """Counts per facet value from (facet string, entries holding it): entries share few strings."""
    counts: Counter[str] = Counter()
    for string, n in grouped:
        for pair in _pairs(string or ""):
            counts[pair] += n
    return facet_lists(counts)


def _keyed_rows(keys: Sequence[str]) -> str:
    """SQL for the rowids of the entries ``keys`` name (the keys are its parameters)."""
    return f"SELECT rowid FROM name_keys WHERE key IN ({', '.join('?' for _ in keys)})"


def _phrase(term: QueryTerm) -> str:
    """One FTS5 phrase; tokens come from our analyzer (Han, letters, digits), quoted anyway."""
    return '"' + " ".join(t.replace('"', '""') for t in term.tokens) + '"' + ("*" if term.prefix else "")


def _clause(clause: Clause) -> str:
    return "(" + " OR ".join("(" + " AND ".join(map(_phrase, terms)) + ")" for terms in clause.alternatives) + ")"


def _conjunction(parsed: ParsedQuery) -> tuple[QueryTerm, ...]:
    """The terms of a query that requires each of them and excludes nothing (仁兄, "仁兄大人", 仁兄 阁下,
    盛 铁路), else none (an OR, a NOT)."""
    if parsed.negative or any(len(c.alternatives) > 1 for c in parsed.positive):
        return ()
    return tuple(t for c in parsed.positive for t in c.alternatives[0])


def _match_expression(parsed: ParsedQuery) -> str:
    """FTS5 MATCH text: the positive clauses AND-ed, then NOT any negative one."""
    expression = " AND ".join(map(_clause, parsed.positive))
    if parsed.negative:
        expression = f"({expression}) NOT ({' OR '.join(map(_clause, parsed.negative))})"
    return expression


class SqliteSearchIndex:
    name = "embedded"
    searches_in_process = True

    def __init__(self, path: Path, *, top_k_from: int = TOP_K_FROM) -> None:
        """``top_k_from``: the matches from which a query is ranked from its best candidates
        (TOP_K_FROM; tests lower it to hold both ways of ranking to the same pages)."""
        self.path = path
        self._file = SqliteFile(path)
        self._top_k_from = top_k_from
        self._meta: MetaColumns | None = None  # entry_meta in memory, read by the first search matching many
        self._meta_lock = threading.Lock()  # one thread reads it anew, the others wait for it
        self._terms = TermRows(_TERM_ROWS_BUDGET)

    def setup(self) -> None:
        self._file.run_script(SCHEMA + _FTS)
        columns = {row["name"] for row in self._file.db.execute("PRAGMA table_info(entries)")}
        if "facets" not in columns:  # an index made before facets were counted in Python: reindex fills it
            self._file.run_script("ALTER TABLE entries ADD COLUMN facets TEXT")
        meta_columns = {row["name"] for row in self._file.db.execute("PRAGMA table_info(entry_meta)")}
        if "year_end" not in meta_columns:
            self._file.run_script("ALTER TABLE entry_meta ADD COLUMN year_end INTEGER")  # a reindex fills it
        if "tokens" not in meta_columns:
            self._file.run_script("ALTER TABLE entry_meta ADD COLUMN tokens INTEGER")  # filled below
        db = self._file.db
        if (
            db.execute("SELECT 1 FROM entries LIMIT 1").fetchone()
            and not db.execute("SELECT 1 FROM entry_meta LIMIT 1").fetchone()
        ):  # an index made before entry_meta: filled from its own entries
            with self._file.transaction() as tx:
                known: dict[str, int] = {}
                for (facets,) in tx.execute("SELECT DISTINCT coalesce(facets, '') FROM entries").fetchall():
                    _facet_set(tx, facets, known)
                tx.execute(
                    "INSERT INTO entry_meta (rowid, id, type, year, facet_set)"
                    " SELECT e.rowid, e.id, e.type, e.year, s.id"
                    " FROM entries e JOIN facet_sets s ON s.facets = coalesce(e.facets, '')"
                )
                tx.execute(_BUMP)
        if db.execute("SELECT 1 FROM entry_meta WHERE tokens IS NULL LIMIT 1").fetchone():
            with self._file.transaction() as tx:  # an index made before the lengths were kept: FTS5's own
                lengths = tx.execute(
                    "SELECT d.id, d.sz FROM entries_fts_docsize d JOIN entry_meta e ON e.rowid = d.id"
                    " WHERE e.tokens IS NULL"
                ).fetchall()
                tx.executemany(
                    "UPDATE entry_meta SET tokens = ? WHERE rowid = ?", [(_docsize(sz), row) for row, sz in lengths]
                )
                tx.execute(_BUMP)

    def _delete_rows(self, db: sqlite3.Connection, ids: Sequence[str]) -> list[int]:
        """Delete the entries of ``ids`` from every table; their rowids."""
        deleted: list[int] = []
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            marks = ", ".join("?" for _ in chunk)
            rowids = [r[0] for r in db.execute(f"SELECT rowid FROM entries WHERE id IN ({marks})", chunk)]
            if not rowids:
                continue
            row_marks = ", ".join("?" for _ in rowids)
            for table in _TABLES:
                db.execute(f"DELETE FROM {table} WHERE rowid IN ({row_marks})", rowids)
            deleted += rowids
        return deleted

    @staticmethod
    def _log(db: sqlite3.Connection, changed: Sequence[int]) -> None:
        """Raise the generation and log the rows this write changed (see meta_log), dropping the
        log of the writes before the last _LOGGED."""
        generation = db.execute(f"{_BUMP} RETURNING n").fetchone()[0]
        db.execute("DELETE FROM meta_log WHERE generation <= ?", (generation - _LOGGED,))
        db.execute("INSERT INTO meta_log (generation, rowids) VALUES (?, ?)", (generation, ",".join(map(str, changed))))

    def index(self, entries: Sequence[IndexEntry]) -> None:
        if not entries:
            return
        with self._file.transaction() as db:
            changed = self._delete_rows(db, [e.id for e in entries])
            known_sets: dict[str, int] = {}
            for entry in entries:
                cursor = db.execute(
                    "INSERT INTO entries (id, type, title, text, year, data, facets) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        entry.id,
                        entry.type,
                        entry.title,
                        entry.text,
                        entry.year,
                        json.dumps(entry.data, ensure_ascii=False),
                        facets := _facet_string(entry.facets),
                    ),
                )
                rowid = cursor.lastrowid
                assert rowid is not None
                changed.append(rowid)
                units = (text_units(entry.title), entry.body_units(), name_units(entry.names, entry.romanisations))
                db.execute(
                    "INSERT INTO entry_meta (rowid, id, type, year, facet_set, year_end, tokens)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        rowid,
                        entry.id,
                        entry.type,
                        entry.year,
                        _facet_set(db, facets, known_sets),
                        entry.year_end,
                        sum(len(u.split()) for u in units),  # the tokens FTS5 counts (unicode61 splits on spaces)
                    ),
                )
                db.execute(
                    "INSERT INTO entries_fts (rowid, title_units, body_units, name_units) VALUES (?, ?, ?, ?)",
                    (rowid, *units),
                )
                db.executemany(
                    "INSERT INTO entry_facets (rowid, field, value) VALUES (?, ?, ?)",
                    [(rowid, f, v) for f, values in entry.facets.items() for v in dict.fromkeys(values)],
                )
                if entry.type == "person":
                    db.executemany(
                        "INSERT INTO suggest (key, rowid, name) VALUES (?, ?, ?)",
                        [(key, rowid, name) for name, key in entry.suggest_keys()],
                    )
                    db.executemany(
                        "INSERT INTO name_keys (key, rowid, tier) VALUES (?, ?, ?)",
                        [(key, rowid, tier) for key, tier in entry.keys.items()],
                    )
            self._log(db, changed)

    def delete(self, ids: Sequence[str]) -> None:
        with self._file.transaction() as db:
            self._log(db, self._delete_rows(db, ids))

    def refresh(self) -> None:
        """SQLite makes every committed write visible at once."""

    def _filter_sql(self, query: SearchQuery, *, facets: bool) -> tuple[str, list[object]]:
        """SQL for the type and year filters, and the facet filters when ``facets`` (browsing:
        they drive the lookup; a query's matches are filtered on their facet strings instead)."""
        clauses: list[str] = []
        params: list[object] = []
        if query.type:
            clauses.append("e.type = ?")
            params.append(query.type)
        if query.year_from is not None:  # the entry's last year (a person's death) is in the range or after it
            clauses.append("coalesce(e.year_end, e.year) >= ?")
            params.append(query.year_from)
        if query.year_to is not None:
            clauses.append("e.year <= ?")
            params.append(query.year_to)
        for field, value in sorted(query.filters.items()) if facets else ():
            clauses.append("e.rowid IN (SELECT rowid FROM entry_facets WHERE field = ? AND value = ?)")
            params += [field, value]
        return "".join(f" AND {c}" for c in clauses), params

    def _matched(self, parsed: ParsedQuery) -> tuple[str, list[object]]:
        """(rowid, score, tier) of every entry the query matches: its text (bm25, tier 0) or,
        for a plain name, its whole-name keys (the best tier each entry matched).

        A query holding a single character (query.ParsedQuery.field_scored) scores the weights of
        the columns holding each term, summed and negated like bm25, as Elasticsearch scores it: one
        match per term and column (an FTS5 column filter), which costs less than one bm25 over the
        same rows (之 at 50,000 letters: 103 against 243 ms). A query of one such term (之, 盛) groups
        its key matches, weighing nothing, in the same pass (之 at 200,000 letters, 198,000 matches:
        the whole statement 358 -> 310 ms CPU); a query saying more (another term, an exclusion) is
        matched whole too, and only its matches' weights are grouped, before its keys (the filter
        stays on the grouping: pushed down into each column's match, it made FTS5 look every row
        up by rowid)."""
        marks = ", ".join("?" for _ in parsed.keys)
        keyed = f"SELECT rowid, 0.0, tier FROM name_keys WHERE key IN ({marks})"
        if terms := parsed.field_scored:
            expressions: list[object] = [
                f"{{{column}}} : {_phrase(term)}" for term in terms for column in _UNIT_COLUMNS
            ]
            weighed = " UNION ALL ".join(
                f"SELECT rowid, {weight} AS weight, 0 AS tier FROM entries_fts WHERE entries_fts MATCH ?"
                for _ in terms
                for weight in BM25_WEIGHTS
            )
            if len(terms) == 1 and not parsed.negative:
                keyed_too = f"{weighed} UNION ALL {keyed}" if parsed.keys else weighed
                grouped = f"SELECT rowid, -sum(weight) AS score, max(tier) AS tier FROM ({keyed_too}) GROUP BY rowid"
                return grouped, [*expressions, *parsed.keys]
            whole = "rowid IN (SELECT rowid FROM entries_fts WHERE entries_fts MATCH ?)"
            text = f"SELECT rowid, -sum(weight) AS score, 0 AS tier FROM ({weighed}) WHERE {whole} GROUP BY rowid"
            expressions.append(_match_expression(parsed))
        else:
            bm25 = f"bm25(entries_fts, {', '.join(map(str, BM25_WEIGHTS))})"
            text = f"SELECT rowid, {bm25} AS score, 0 AS tier FROM entries_fts WHERE entries_fts MATCH ?"
            expressions = [_match_expression(parsed)]
        if not parsed.keys:
            return text, expressions
        matched = f"SELECT rowid, min(score) AS score, max(tier) AS tier FROM ({text} UNION ALL {keyed}) GROUP BY rowid"
        return matched, [*expressions, *parsed.keys]

    @contextmanager
    def _snapshot(self) -> Iterator[sqlite3.Connection]:
        """One read transaction: every statement of a search sees the same committed rows (a page,
        its total and its facets agree while an ingest writes), those meta_columns was checked against."""
        db = self._file.db
        if db.in_transaction:
            yield db
            return
        db.execute("BEGIN")
        try:
            yield db
        finally:
            db.execute("COMMIT")

    def _columns(self, db: sqlite3.Connection) -> MetaColumns:
        """entry_meta in memory as of this read transaction: brought forward from the rows the writes
        since changed when a write raised the generation (read whole when they are not logged). A
        search whose snapshot is older than the columns held (a write committed between its first
        read and this one, rare) gets the columns of its own generation, read whole and not kept."""
        generation = int(db.execute("SELECT n FROM generation").fetchone()[0])
        with self._meta_lock:
            held = self._meta
            if held is not None and held.generation == generation:
                return held
            if held is not None and held.generation > generation:
                return MetaColumns.read(db, generation)
            self._meta = (held and held.advanced(db, generation)) or MetaColumns.read(db, generation)
            return self._meta

    def search(self, query: SearchQuery) -> SearchResult:
        parsed = parse(query.q)
        with self._snapshot():
            return self._search(parsed, query)

    def _search(self, parsed: ParsedQuery, query: SearchQuery) -> SearchResult:
        filters, params = self._filter_sql(query, facets=not parsed.clauses)
        db = self._file.db
        offset = (max(query.page, 1) - 1) * query.size
        if not parsed.clauses:  # browsing by filters: the earliest first, as equal scores are; counts by SQL
            base = f"FROM entry_meta e WHERE 1 = 1{filters}"
            total = db.execute(f"SELECT count(*) {base}", params).fetchone()[0]
            page = [
                r[0]
                for r in db.execute(
                    f"SELECT e.rowid {base} ORDER BY e.year IS NULL, e.year, e.id LIMIT ? OFFSET ?",
                    [*params, query.size, offset],
                )
            ]
            facet_rows = db.execute(
                f"SELECT f.field, f.value, count(*) AS n FROM entry_facets f WHERE f.rowid IN"
                f" (SELECT e.rowid {base}) GROUP BY f.field, f.value ORDER BY n DESC, f.value",
                params,
            )
            facets: dict[str, list[tuple[str, int]]] = {f: [] for f in FACET_FIELDS}
            for r in facet_rows:
                facets.setdefault(r["field"], []).append((r["value"], r["n"]))
            ranked = {rowid: (TEXT, 0.0) for rowid in page}
        else:
            page, ranked, total, facets = self._ranked(parsed, query, filters, params, offset)
        hits = self._hits(page, ranked, parsed.highlighting(self._names_keyed(parsed.romanised_key)))
        return SearchResult(total, hits, facets, query.page, query.size, did_you_mean(hits, query.page))

    def _ranked(
        self, parsed: ParsedQuery, query: SearchQuery, filters: str, params: list[object], offset: int
    ) -> tuple[list[int], dict[int, tuple[float, float]], int, dict[str, list[tuple[str, int]]]]:
        """The page ranked and the total and facet counts of a query's matches: every match scored
        and sorted when they are few, or the query is of a kind ranked only that way (a character
        with an OR or an exclusion), else from the best candidates."""
        for field, value in sorted(query.filters.items()):
            filters += " AND e.facet_set IN (SELECT set_id FROM facet_set_values WHERE field = ? AND value = ?)"
            params += [field, value.translate(SEPARATORS)]
        expression = _match_expression(parsed)
        if (parsed.field_scored and not _conjunction(parsed)) or self._matches_fewer_than(expression, self._top_k_from):
            return self._ranked_exactly(parsed, query, filters, params, offset)
        return self._ranked_top(parsed, query, expression, filters, params, offset)

    def _matches_fewer_than(self, expression: str, limit: int) -> bool:
        """Whether the text matches fewer than ``limit`` entries: counted no further than ``limit``,
        so a common term's doclist is read only that far."""
        return bool(
            self._file.db.execute(
                "SELECT count(*) < ? FROM (SELECT 1 FROM entries_fts WHERE entries_fts MATCH ? LIMIT ?)",
                (limit, expression, limit),
            ).fetchone()[0]
        )

    def _ranked_exactly(
        self, parsed: ParsedQuery, query: SearchQuery, filters: str, params: list[object], offset: int
    ) -> tuple[list[int], dict[int, tuple[float, float]], int, dict[str, list[tuple[str, int]]]]:
        """Every match scored, the page sorted out and the total and facet counts read, in one
        statement: the matches are found once (a materialized CTE) and both read from them."""
        matched, matched_params = self._matched(parsed)
        rows = self._file.db.execute(
            f"WITH hit AS MATERIALIZED (SELECT m.rowid, m.tier, m.score, e.id, e.facet_set, e.year"
            f" FROM ({matched}) m JOIN entry_meta e ON e.rowid = m.rowid WHERE 1 = 1{filters})"
            " SELECT * FROM (SELECT rowid, tier, score, id, NULL, 0, year FROM hit"
            " ORDER BY tier DESC, score, year IS NULL, year, id LIMIT ? OFFSET ?)"
            " UNION ALL SELECT NULL, NULL, NULL, NULL, s.facets, n, NULL"
            " FROM (SELECT facet_set, count(*) AS n FROM hit GROUP BY facet_set) JOIN facet_sets s ON s.id = facet_set",
            [*matched_params, *params, query.size, offset],
        ).fetchall()
        best = sorted(((r[0], r[1], float(r[2]), r[6], r[3]) for r in rows if r[0] is not None), key=_rank_key)
        grouped = [(r[4], r[5]) for r in rows if r[0] is None]
        ranked = {c[0]: (c[1], -c[2]) for c in best}
        return [c[0] for c in best], ranked, sum(n for _, n in grouped), _count_facets(grouped)

    def _ranked_top(
        self, parsed: ParsedQuery, query: SearchQuery, expression: str, filters: str, params: list[object], offset: int
    ) -> tuple[list[int], dict[int, tuple[float, float]], int, dict[str, list[tuple[str, int]]]]:
        """The page of a query matching many entries, as _ranked_exactly ranks it, from candidates:
        the entries its whole-name keys name (few) and the best ``offset + size`` text matches
        besides them, which BM25 finds (_bm25_by_length, or a bounded sort) or the columns' weights
        do (a query holding a character, see _read_column_weights). Every text match's rowid is
        read (no row looked up), filtered and counted by facet in memory (meta_columns), with the
        keyed entries matching no text."""
        db = self._file.db
        meta = self._columns(db)
        keyed, tiers = self._keyed(parsed.keys, meta, query)
        if parsed.field_scored:  # its terms, each required: the rows holding all, their weights summed
            matched, weights = self._column_weights(meta.generation, parsed.field_scored[0])
            for term in parsed.field_scored[1:]:
                also, more = self._column_weights(meta.generation, term)
                matched, here, there = numpy.intersect1d(matched, also, assume_unique=True, return_indices=True)
                weights = weights[here] + more[there]
            passing = meta.passing(matched, query)
            matched = matched[passing]
            text, scores = matched, -weights[passing].astype(numpy.float64)  # every match, scored by weight
        else:
            matched = rowids(db, _ROWIDS, [expression])
            matched = matched[meta.passing(matched, query)]
            wanted = offset + query.size + len(keyed)  # keyed rows among the text's best leave room for others
            if (phrases := _conjunction(parsed)) and meta.lengths_known:
                found = self._bm25_by_length(expression, phrases, meta, matched, keyed.tolist(), wanted)
            else:
                keys = parsed.keys if len(keyed) else ()  # no keyed entry passes the filters: none to score
                found = self._bm25_candidates(expression, keys, filters, params, wanted)
            text = numpy.array([r[0] for r in found], dtype=numpy.int64)
            scores = numpy.array([r[1] for r in found], dtype=numpy.float64)
        # a text match ranks as one at least (a similar name's -1 does not lower it); a name key alone scores no text
        by_row = numpy.zeros(meta.size)
        by_row[keyed] = tiers
        alone = ~numpy.isin(keyed, matched, kind="table") if len(matched) else numpy.ones(len(keyed), dtype=bool)
        rows = numpy.concatenate([text, keyed[alone]])
        row_tiers = numpy.concatenate([numpy.maximum(by_row[text], 0.0), tiers[alone]])
        row_scores = numpy.concatenate([scores, numpy.zeros(int(alone.sum()))])
        page = meta.ranked(rows, row_tiers, row_scores, offset + query.size)[offset:]
        total, facets = meta.counted(numpy.concatenate([matched, keyed[alone]]))
        ranked = zip(rows[page].tolist(), row_tiers[page].tolist(), (-row_scores[page]).tolist(), strict=True)
        return rows[page].tolist(), {rowid: (tier, text_score) for rowid, tier, text_score in ranked}, total, facets

    def _keyed(self, keys: Sequence[str], meta: MetaColumns, query: SearchQuery) -> tuple[numpy.ndarray, numpy.ndarray]:
        """The entries a plain name's whole-name keys name (few) that pass the filters, and the
        best tier each is named by."""
        rows = self._file.db.execute(
            f"SELECT rowid, max(tier) FROM name_keys WHERE key IN ({', '.join('?' for _ in keys)}) GROUP BY rowid",
            list(keys),
        ).fetchall()
        found = numpy.array([r[0] for r in rows], dtype=numpy.int64)
        keep = meta.passing(found, query)
        return found[keep], numpy.array([r[1] for r in rows], dtype=numpy.float64)[keep]

    def _bm25_candidates(
        self, expression: str, keys: Sequence[str], filters: str, params: list[object], wanted: int
    ) -> list[Scored]:
        """(rowid, score): the ``wanted`` best text matches passing the filters (BM25 is
        computed for those only, and a bounded sort keeps the best), and the keyed entries' own
        scores (``+rowid``: one pass over the matches, not one full-text lookup per keyed entry)."""
        bm25 = f"bm25(entries_fts, {', '.join(map(str, BM25_WEIGHTS))})"
        best = (
            f"SELECT * FROM (SELECT f.rowid, {bm25} AS score, e.year, e.id FROM entries_fts f"
            f" JOIN entry_meta e ON e.rowid = f.rowid WHERE entries_fts MATCH ?{filters}"
            " ORDER BY score, e.year IS NULL, e.year, e.id LIMIT ?)"
        )
        sql, args = best, [expression, *params, wanted]
        if keys:
            sql += (
                f" UNION SELECT f.rowid, {bm25}, e.year, e.id FROM entries_fts f JOIN entry_meta e ON e.rowid = f.rowid"
                f" WHERE entries_fts MATCH ? AND +f.rowid IN ({_keyed_rows(keys)}){filters}"
            )
            args += [expression, *keys, *params]
        return [(r[0], float(r[1])) for r in self._file.db.execute(sql, args)]

    def _bm25_by_length(
        self,
        expression: str,
        phrases: Sequence[QueryTerm],
        meta: MetaColumns,
        matched: numpy.ndarray,
        keyed: list[int],
        wanted: int,
    ) -> list[Scored]:
        """(rowid, score) of the ``wanted`` best of the ``matched`` rowids (passing the
        filters) of a query of phrases all required, and of the keyed entries matching text, with
        BM25 computed for those and few others rather than for every match (仁兄: 200,000).

        FTS5's bm25 reads, for each phrase, its hits weighed by column, and the row's length. A row
        holding each phrase once, in the text alone, scores by its length only, the shorter the
        better (equal lengths, equal scores). So every other row is scored (one of the phrase's
        tokens is in a title or a name, or twice in the text: fts5vocab's instances of the first
        token, a superset), and of the rows of one hit each only the ``wanted`` first by length,
        then earliest: every row left ranks below all of them."""
        db = self._file.db
        db.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{_INSTANCES} USING fts5vocab(main, entries_fts, instance)")
        others = [numpy.array(keyed, dtype=numpy.int64)]
        for term in phrases:
            # each instance's row, doubled, plus one where it is in the text: one string to read
            read = f"SELECT group_concat(doc * 2 + (col = ?)) FROM temp.{_INSTANCES} WHERE term = ?"
            instances = rowids(db, read, (_BODY, term.tokens[0]))
            where, in_text = instances >> 1, (instances & 1).astype(bool)
            in_body = numpy.sort(where[in_text], kind="stable")
            others += [where[~in_text], in_body[1:][in_body[1:] == in_body[:-1]]]
        other = numpy.isin(matched, numpy.concatenate(others))
        single = matched[~other]
        chosen = single[meta.first(single, meta.lengths(single), wanted)]
        scored = numpy.concatenate([matched[other], chosen]).tolist()
        # one pass over the matches, scoring only those (the + keeps FTS5 scanning: found by rowid,
        # a row far down a doclist costs ~14 ms)
        bm25 = f"bm25(entries_fts, {', '.join(map(str, BM25_WEIGHTS))})"
        rows = db.execute(
            f"SELECT rowid, {bm25} FROM entries_fts"
            " WHERE entries_fts MATCH ? AND +rowid IN (SELECT value FROM json_each(?))",
            (expression, json.dumps(scored)),
        )
        return [(r[0], float(r[1])) for r in rows]

    def _column_weights(self, generation: int, term: QueryTerm) -> tuple[numpy.ndarray, numpy.ndarray]:
        """_read_column_weights, kept for the terms searched last (TermRows)."""
        return self._terms.get(generation, _phrase(term), lambda: self._read_column_weights(term))

    def _read_column_weights(self, term: QueryTerm) -> tuple[numpy.ndarray, numpy.ndarray]:
        """Every entry holding a field-scored query's term (之, 盛, 铁路 of 盛 铁路) and the weights of the
        columns holding it summed (names, title and text 9, names and title 8 … the text alone 1):
        the rowids of its matches in each column, read apart and added up in memory. When no title
        or name holds it, every match is in the text alone, read with no column filter."""
        db, phrase = self._file.db, _phrase(term)
        weights = dict(zip(_UNIT_COLUMNS, BM25_WEIGHTS, strict=True))
        held = {
            column: rowids(db, _ROWIDS, [f"{{{column}}} : {phrase}"]) for column in _UNIT_COLUMNS if column != _BODY
        }
        if not any(len(found) for found in held.values()):
            matched = rowids(db, _ROWIDS, [phrase])
            return matched, numpy.full(len(matched), weights[_BODY])
        held[_BODY] = rowids(db, _ROWIDS, [f"{{{_BODY}}} : {phrase}"])
        summed = numpy.zeros(max(int(found[-1]) for found in held.values() if len(found)) + 1)
        for column, found in held.items():
            summed[found] += weights[column]
        matched = numpy.flatnonzero(summed)
        return matched, summed[matched]

    def _names_keyed(self, key: str) -> list[str]:
        """Every name and written key of the persons a name key names exactly (a few persons: their
        names are only highlighted): a romanised query marks 盛宣怀, but also 杏荪, 盛宫保 and the
        short forms 宣怀 and 盛杏荪, in Chinese texts."""
        if not key:
            return []
        rows = self._file.db.execute(
            "WITH k AS (SELECT DISTINCT rowid FROM name_keys WHERE key = ? AND tier > 0 LIMIT 5)"
            " SELECT s.name, 0 FROM k JOIN suggest s ON s.rowid = k.rowid"
            " UNION SELECT n.key, 1 FROM k JOIN name_keys n ON n.rowid = k.rowid AND n.tier > 0",
            (key,),
        ).fetchall()
        return [*dict.fromkeys(r[0] for r in rows if not r[1]), *written_keys(r[0] for r in rows if r[1])]

    def _hits(self, page: list[int], ranked: dict[int, tuple[float, float]], highlights: tuple[str, ...]) -> list[Hit]:
        """The page's entries in rank order, read by rowid (only the page's texts are read)."""
        if not page:
            return []
        marks = ", ".join("?" for _ in page)
        rows = {
            r["rowid"]: r
            for r in self._file.db.execute(
                f"SELECT rowid, id, type, title, text, data FROM entries WHERE rowid IN ({marks})", page
            )
        }
        hits = []
        for rowid in page:
            r, (tier, text_score) = rows[rowid], ranked[rowid]
            hits.append(
                Hit(
                    r["id"],
                    r["type"],
                    r["title"],
                    tier_score(tier, text_score),
                    snippet(r["text"] or r["title"], highlights),
                    json.loads(r["data"]),
                    match_label(tier),
                )
            )
        return hits

    def suggest(self, prefix: str, limit: int = 10) -> list[Suggestion]:
        """The persons of the shortest keys starting with the prefix, read length by length from the
        (length, key) index, shortest first, until five times ``limit`` keys are found: typing "l"
        or "zh" sorted every key starting so by length (43,000 at 100,000 persons: 95 ms)."""
        key = suggest_prefix(prefix)
        if not key:
            return []
        db, wanted = self._file.db, limit * 5
        found: list[sqlite3.Row] = []
        longest = db.execute("SELECT max(length(key)) FROM suggest").fetchone()[0] or 0
        for length in range(len(key), longest + 1):
            found += db.execute(
                "SELECT e.id, s.name, s.key, e.title FROM suggest s JOIN entries e ON e.rowid = s.rowid"
                " WHERE length(s.key) = ? AND s.key >= ? AND s.key < ? ORDER BY s.key, s.rowid LIMIT ?",
                (length, key, key + "\U0010ffff", wanted - len(found)),
            ).fetchall()
            if len(found) >= wanted:
                break
        return best_suggestions([(r["id"], r["name"], r["key"], r["title"]) for r in found], limit)

    def count(self) -> int:
        return int(self._file.db.execute("SELECT count(*) FROM entries").fetchone()[0])

    def clear(self) -> None:
        """Everything out; the full-text table is made anew, so an index of an earlier layout
        (no prefix index) gets the current one at its reindex."""
        with self._file.transaction() as db:
            db.execute("DROP TABLE entries_fts")
            db.execute(_FTS)
            for table in (*_TABLES, "facet_sets", "facet_set_values", "meta_log"):
                if table != "entries_fts":
                    db.execute(f"DELETE FROM {table}")
            db.execute(_BUMP)

    def close(self) -> None:
        self._file.close()
