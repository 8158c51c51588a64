"""The embedded review queue reads a partial index of the queued mentions, not every mention."""

from __future__ import annotations

from pathlib import Path

from zhiren.store.graph.sqlite import QUEUED_MENTIONS, SqliteGraphStore


def test_the_review_queue_query_uses_the_partial_index_of_queued_mentions(tmp_path: Path) -> None:
    store = SqliteGraphStore(tmp_path / "graph.sqlite")
    store.migrate()
    params = {"ctx": 20, "after": "", "min_score": 0.0, "source": None, "limit": 50}
    plan = " ".join(str(row[3]) for row in store._db.execute("EXPLAIN QUERY PLAN " + QUEUED_MENTIONS, params))
    store.close()
    assert "mentions_queued" in plan, plan
