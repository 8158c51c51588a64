"""The embedded search index: SQLite FTS5 over the shared analysis units, one file in the data folder.

FTS5 columns hold whitespace-separated bigram tokens (unicode61 splits on the spaces),
so a phrase query of consecutive bigrams finds a name exactly, and bm25 ranks like ES.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from pathlib import Path

from zhiren.store.search.analysis import (
    QueryTerm,
    name_units,
    parse_query,
    snippet,
    suggest_prefix,
    text_units,
)
from zhiren.store.search.base import (
    BM25_WEIGHTS,
    FACET_FIELDS,
    Hit,
    IndexEntry,
    SearchQuery,
    SearchResult,
    Suggestion,
    best_suggestions,
)
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
CREATE VIRTUAL TABLE IF NOT EXISTS entries_fts USING fts5(
    title_units, body_units, name_units, tokenize = 'unicode61 remove_diacritics 0');
"""


def _match_expression(terms: Sequence[QueryTerm]) -> str:
    """FTS5 MATCH text; tokens come from our analyzer (letters and digits only), quoted anyway."""
    parts = []
    for term in terms:
        phrase = '"' + " ".join(t.replace('"', '""') for t in term.tokens) + '"'
        parts.append(phrase + ("*" if term.prefix else ""))
    return " AND ".join(parts)


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
            for table in ("entries_fts", "entry_facets", "suggest", "entries"):
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

    def search(self, query: SearchQuery) -> SearchResult:
        terms = parse_query(query.q)
        filters, params = self._filter_sql(query)
        if terms:
            base = f"FROM entries_fts JOIN entries e ON e.rowid = entries_fts.rowid WHERE entries_fts MATCH ?{filters}"
            base_params: list[object] = [_match_expression(terms), *params]
            score = f"bm25(entries_fts, {', '.join(map(str, BM25_WEIGHTS))})"
        else:
            base = f"FROM entries e WHERE 1 = 1{filters}"
            base_params = list(params)
            score = "0.0"
        db = self._file.db
        total = db.execute(f"SELECT count(*) {base}", base_params).fetchone()[0]
        offset = (max(query.page, 1) - 1) * query.size
        rows = db.execute(
            f"SELECT e.id, e.type, e.title, e.text, e.data, {score} AS score {base}"
            " ORDER BY score, e.id LIMIT ? OFFSET ?",
            [*base_params, query.size, offset],
        ).fetchall()
        hits = [
            Hit(
                r["id"],
                r["type"],
                r["title"],
                -float(r["score"]),
                snippet(r["text"] or r["title"], query.q),
                json.loads(r["data"]),
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
        return SearchResult(total, hits, facets, query.page, query.size)

    def suggest(self, prefix: str, limit: int = 10) -> list[Suggestion]:
        key = suggest_prefix(prefix)
        if not key:
            return []
        rows = self._file.db.execute(
            "SELECT e.id, s.name, s.key FROM suggest s JOIN entries e ON e.rowid = s.rowid"
            " WHERE s.key >= ? AND s.key < ? ORDER BY length(s.key), s.key LIMIT ?",
            (key, key + "\U0010ffff", limit * 5),
        ).fetchall()
        return best_suggestions([(r["id"], r["name"], r["key"]) for r in rows], limit)

    def count(self) -> int:
        return int(self._file.db.execute("SELECT count(*) FROM entries").fetchone()[0])

    def clear(self) -> None:
        with self._file.transaction() as db:
            for table in ("entries_fts", "entry_facets", "suggest", "entries"):
                db.execute(f"DELETE FROM {table}")

    def close(self) -> None:
        self._file.close()
