"""The embedded search index: SQLite FTS5 over the shared analysis units, one file in the data folder.

FTS5 columns hold whitespace-separated bigram tokens (unicode61 splits on the spaces),
so a phrase query of consecutive bigrams finds a name exactly, and bm25 ranks like ES.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from pathlib import Path

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
from zhiren.store.search.query import Clause, ParsedQuery, QueryTerm, parse
from zhiren.store.sqlite_file import SqliteFile

SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (
    rowid INTEGER PRIMARY KEY, id TEXT UNIQUE NOT NULL, type TEXT NOT NULL, title TEXT,
    text TEXT, year INTEGER, data TEXT);
CREATE TABLE IF NOT EXISTS entry_facets (rowid INTEGER NOT NULL, field TEXT NOT NULL, value TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS entry_facets_row ON entry_facets(rowid);
CREATE INDEX IF NOT EXISTS entry_facets_value ON entry_facets(field, value);
CREATE TABLE IF NOT EXISTS suggest (key TEXT NOT NULL, rowid INTEGER NOT NULL, name TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS suggest_key ON suggest(key);
CREATE INDEX IF NOT EXISTS suggest_row ON suggest(rowid);
CREATE TABLE IF NOT EXISTS name_keys (key TEXT NOT NULL, rowid INTEGER NOT NULL, tier INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS name_keys_key ON name_keys(key);
CREATE INDEX IF NOT EXISTS name_keys_row ON name_keys(rowid);
CREATE VIRTUAL TABLE IF NOT EXISTS entries_fts USING fts5(
    title_units, body_units, name_units, tokenize = 'unicode61 remove_diacritics 0');
"""


_TABLES = ("entries_fts", "entry_facets", "suggest", "name_keys", "entries")


def _phrase(term: QueryTerm) -> str:
    """One FTS5 phrase; tokens come from our analyzer (Han, letters, digits), quoted anyway."""
    return '"' + " ".join(t.replace('"', '""') for t in term.tokens) + '"' + ("*" if term.prefix else "")


def _clause(clause: Clause) -> str:
    return "(" + " OR ".join("(" + " AND ".join(map(_phrase, terms)) + ")" for terms in clause.alternatives) + ")"


def _match_expression(parsed: ParsedQuery) -> str:
    """FTS5 MATCH text: the positive clauses AND-ed, then NOT any negative one."""
    expression = " AND ".join(map(_clause, parsed.positive))
    if parsed.negative:
        expression = f"({expression}) NOT ({' OR '.join(map(_clause, parsed.negative))})"
    return expression


class SqliteSearchIndex:
    name = "embedded"

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file = SqliteFile(path)

    def setup(self) -> None:
        self._file.run_script(SCHEMA)

    def _delete_rows(self, db: sqlite3.Connection, ids: Sequence[str]) -> None:
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            marks = ", ".join("?" for _ in chunk)
            rowids = [r[0] for r in db.execute(f"SELECT rowid FROM entries WHERE id IN ({marks})", chunk)]
            if not rowids:
                continue
            row_marks = ", ".join("?" for _ in rowids)
            for table in _TABLES:
                db.execute(f"DELETE FROM {table} WHERE rowid IN ({row_marks})", rowids)

    def index(self, entries: Sequence[IndexEntry]) -> None:
        if not entries:
            return
        with self._file.transaction() as db:
            self._delete_rows(db, [e.id for e in entries])
            for entry in entries:
                cursor = db.execute(
                    "INSERT INTO entries (id, type, title, text, year, data) VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        entry.id,
                        entry.type,
                        entry.title,
                        entry.text,
                        entry.year,
                        json.dumps(entry.data, ensure_ascii=False),
                    ),
                )
                rowid = cursor.lastrowid
                db.execute(
                    "INSERT INTO entries_fts (rowid, title_units, body_units, name_units) VALUES (?, ?, ?, ?)",
                    (
                        rowid,
                        text_units(entry.title),
                        entry.body_units(),
                        name_units(entry.names, entry.romanisations),
                    ),
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

    def delete(self, ids: Sequence[str]) -> None:
        with self._file.transaction() as db:
            self._delete_rows(db, ids)

    def refresh(self) -> None:
        """SQLite makes every committed write visible at once."""

    def _filter_sql(self, query: SearchQuery) -> tuple[str, list[object]]:
        clauses: list[str] = []
        params: list[object] = []
        if query.type:
            clauses.append("e.type = ?")
            params.append(query.type)
        if query.year_from is not None:
            clauses.append("e.year >= ?")
            params.append(query.year_from)
        if query.year_to is not None:
            clauses.append("e.year <= ?")
            params.append(query.year_to)
        for field, value in sorted(query.filters.items()):
            clauses.append("e.rowid IN (SELECT rowid FROM entry_facets WHERE field = ? AND value = ?)")
            params += [field, value]
        return "".join(f" AND {c}" for c in clauses), params

    def _matched(self, parsed: ParsedQuery) -> tuple[str, list[object]]:
        """(rowid, score, tier) of every entry the query matches: its text (bm25, tier 0) or,
        for a plain name, its whole-name keys (the best tier each entry matched)."""
        weights = ", ".join(map(str, BM25_WEIGHTS))
        text = (
            f"SELECT rowid, bm25(entries_fts, {weights}) AS score, 0 AS tier FROM entries_fts WHERE entries_fts MATCH ?"
        )
        if not parsed.keys:
            return text, [_match_expression(parsed)]
        marks = ", ".join("?" for _ in parsed.keys)
        keyed = f"SELECT rowid, 0.0, max(tier) FROM name_keys WHERE key IN ({marks}) GROUP BY rowid"
        matched = f"SELECT rowid, min(score) AS score, max(tier) AS tier FROM ({text} UNION ALL {keyed}) GROUP BY rowid"
        return matched, [_match_expression(parsed), *parsed.keys]

    def search(self, query: SearchQuery) -> SearchResult:
        parsed = parse(query.q)
        filters, params = self._filter_sql(query)
        if parsed.clauses:
            matched, matched_params = self._matched(parsed)
            base = f"FROM ({matched}) m JOIN entries e ON e.rowid = m.rowid WHERE 1 = 1{filters}"
            base_params: list[object] = [*matched_params, *params]
            ranking = "m.score AS score, m.tier AS tier"
        else:
            base = f"FROM entries e WHERE 1 = 1{filters}"
            base_params = list(params)
            ranking = "0.0 AS score, 0 AS tier"
        db = self._file.db
        total = db.execute(f"SELECT count(*) {base}", base_params).fetchone()[0]
        offset = (max(query.page, 1) - 1) * query.size
        rows = db.execute(
            f"SELECT e.id, e.type, e.title, e.text, e.data, {ranking} {base}"
            " ORDER BY tier DESC, score, e.id LIMIT ? OFFSET ?",
            [*base_params, query.size, offset],
        ).fetchall()
        hits = [
            Hit(
                r["id"],
                r["type"],
                r["title"],
                tier_score(r["tier"], -float(r["score"])),
                snippet(r["text"] or r["title"], parsed.highlights),
                json.loads(r["data"]),
                match_label(r["tier"]),
            )
            for r in rows
        ]
        facet_rows = db.execute(
            f"SELECT f.field, f.value, count(*) AS n FROM entry_facets f WHERE f.rowid IN"
            f" (SELECT e.rowid {base}) GROUP BY f.field, f.value ORDER BY n DESC, f.value",
            base_params,
        )
        facets: dict[str, list[tuple[str, int]]] = {f: [] for f in FACET_FIELDS}
        for r in facet_rows:
            facets.setdefault(r["field"], []).append((r["value"], r["n"]))
        return SearchResult(total, hits, facets, query.page, query.size, did_you_mean(hits, query.page))

    def suggest(self, prefix: str, limit: int = 10) -> list[Suggestion]:
        key = suggest_prefix(prefix)
        if not key:
            return []
        rows = self._file.db.execute(
            "SELECT e.id, s.name, s.key, e.title FROM suggest s JOIN entries e ON e.rowid = s.rowid"
            " WHERE s.key >= ? AND s.key < ? ORDER BY length(s.key), s.key LIMIT ?",
            (key, key + "\U0010ffff", limit * 5),
        ).fetchall()
        return best_suggestions([(r["id"], r["name"], r["key"], r["title"]) for r in rows], limit)

    def count(self) -> int:
        return int(self._file.db.execute("SELECT count(*) FROM entries").fetchone()[0])

    def clear(self) -> None:
        with self._file.transaction() as db:
            for table in _TABLES:
                db.execute(f"DELETE FROM {table}")

    def close(self) -> None:
        self._file.close()
