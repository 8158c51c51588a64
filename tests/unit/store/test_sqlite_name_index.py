"""The embedded graph reads a key's bearers from the index on (key, person_id) alone: with only
an index on key, each bearer of a crowded key was a row read (half a reconciliation batch at
500,000 persons); a key read for some initials checks each bearer's initial in the index on
(id, initial), not in the person's row."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from zhiren.store.graph.sqlite import _FIRST_BEARERS, SqliteGraphStore


def _indexes(path: Path, table: str = "names") -> set[str]:
    with sqlite3.connect(path) as db:
        query = "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ?"
        return {row[0] for row in db.execute(query, [table])}


def test_bearers_of_a_key_are_read_from_the_covering_index_in_its_order(tmp_path: Path) -> None:
    """Each key's first bearers are read from the index in person order up to the limit, not
    ranked by sorting all of them (a window function over every bearer of every key asked): the
    only sorts left are the result's (one for the keys read whole, one for those read for some
    initials), and a bearer's initial comes from the index on (id, initial)."""
    store = SqliteGraphStore(tmp_path / "graph.sqlite")
    store.migrate()
    with sqlite3.connect(tmp_path / "graph.sqlite") as db:
        asked = {"limit": 50, "asked": '[["k", null], ["j", "李"]]'}
        plan = [str(row[-1]) for row in db.execute("EXPLAIN QUERY PLAN " + _FIRST_BEARERS, asked)]
    assert any("COVERING INDEX names_key_person" in step for step in plan)
    assert any("persons USING INDEX persons_initial" in step for step in plan)
    sorts = [step for step in plan if "TEMP B-TREE" in step]
    assert len(sorts) == 2 and all(step == "USE TEMP B-TREE FOR ORDER BY" for step in sorts)
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
    assert "persons_initial" in _indexes(path, "persons")  # read by name: a key read for some initials
