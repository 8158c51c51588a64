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


def test_bearers_of_a_key_are_read_from_the_covering_index_in_its_order(tmp_path: Path) -> None:
    """Each key's first bearers are read from the index in person order up to the limit, not
    ranked by sorting all of them (a window function over every bearer of every key asked): the
    only sort left is the result's."""
    store = SqliteGraphStore(tmp_path / "graph.sqlite")
    store.migrate()
    with sqlite3.connect(tmp_path / "graph.sqlite") as db:
        plan = [str(row[-1]) for row in db.execute("EXPLAIN QUERY PLAN " + _FIRST_BEARERS, [49, '[["k", null]]'])]
    assert any("COVERING INDEX names_key_person" in step for step in plan)
    assert sum("TEMP B-TREE" in step for step in plan) == 1
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
