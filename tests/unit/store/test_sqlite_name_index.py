"""The embedded graph reads a key's bearers from the index on (key, person_id) alone: with only
an index on key, each bearer of a crowded key was a row read (half a reconciliation batch at
500,000 persons)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from zhiren.store.graph.sqlite import _FIRST_BEARERS, SqliteGraphStore


def _indexes(path: Path) -> set[str]:
    with sqlite3.connect(path) as db:
        return {
            row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'names'")
        }


def test_bearers_of_a_key_are_read_from_the_covering_index(tmp_path: Path) -> None:
    store = SqliteGraphStore(tmp_path / "graph.sqlite")
    store.migrate()
    with sqlite3.connect(tmp_path / "graph.sqlite") as db:
        plan = " ".join(
            str(row[-1]) for row in db.execute("EXPLAIN QUERY PLAN " + _FIRST_BEARERS.format(marks="?"), ["k", 50])
        )
    assert "COVERING INDEX names_key_person" in plan
    store.close()


def test_a_file_made_before_keeps_one_index_on_key(tmp_path: Path) -> None:
    path = tmp_path / "graph.sqlite"
    with sqlite3.connect(path) as db:
        db.execute(
            "CREATE TABLE names (id TEXT PRIMARY KEY, person_id TEXT NOT NULL, text TEXT NOT NULL, type TEXT,"
            " script TEXT, key TEXT, pinyin TEXT, wade_giles TEXT, preferred INTEGER)"
        )
        db.execute("CREATE INDEX names_key ON names(key)")
    store = SqliteGraphStore(path)
    store.migrate()
    store.close()
    assert "names_key" not in _indexes(path)
    assert "names_key_person" in _indexes(path)
