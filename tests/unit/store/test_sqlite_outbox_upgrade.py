"""A graph file made before the outbox counted writes and held relations gains both on migrate, entries kept."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from zhiren.store.graph.base import PendingBatch
from zhiren.store.graph.sqlite import SqliteGraphStore

OLD_OUTBOX = """CREATE TABLE outbox_batches (
    sink TEXT NOT NULL, key TEXT NOT NULL, persons TEXT NOT NULL, documents TEXT NOT NULL,
    PRIMARY KEY (sink, key)) WITHOUT ROWID"""


def test_an_old_outbox_gains_its_write_count_and_keeps_its_entries(tmp_path: Path) -> None:
    path = tmp_path / "graph.sqlite"
    with sqlite3.connect(path) as db:
        db.execute(OLD_OUTBOX)
        db.execute("INSERT INTO outbox_batches VALUES ('triples', 'k1', ?, '[]')", ('["p_a"]',))
    graph = SqliteGraphStore(path)
    graph.migrate()
    try:
        entries = graph.pending_batches("triples")
        assert entries == [PendingBatch("k1", ["p_a"], [], [], 1)]
        graph.clear_batches("triples", entries)
        assert graph.pending_batches("triples") == []
    finally:
        graph.close()
