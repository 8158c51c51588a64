"""A Neo4j database an earlier version wrote is brought up to date by migrate(), queue and all."""

from __future__ import annotations

from dataclasses import replace

from zhiren.authority.model import Document, DocumentKind, LinkStatus, Mention
from zhiren.settings import Settings
from zhiren.store.factory import open_graph
from zhiren.store.graph import cypher
from zhiren.store.graph.base import GraphBatch
from zhiren.store.graph.neo4j import Neo4jGraphStore


def test_queued_mentions_of_an_earlier_version_stay_in_the_review_queue(server_settings: Settings) -> None:
    store = open_graph(replace(server_settings, graph="neo4j"))
    assert isinstance(store, Neo4jGraphStore)
    store.clear()
    try:
        letter = Document("d_old", DocumentKind.LETTER, "致盛宫保函", "盛宫保阁下敬启")
        queued = Mention("m_old", "d_old", 0, 3, "盛宫保", None, confidence=0.5, status=LinkStatus.QUEUED)
        store.write(GraphBatch(documents=[letter], mentions=[queued]))
        # As the earlier version stored it: no Queued label, every mention indexed by (status, id).
        store.driver.execute_query("MATCH (m:Queued) REMOVE m:Queued", database_=store.database)
        store.driver.execute_query(
            "CREATE INDEX mention_status_id IF NOT EXISTS FOR (m:Mention) ON (m.status, m.id)",
            database_=store.database,
        )
        assert store.queued_mentions() == []

        store.migrate()

        assert [link.mention.id for link in store.queued_mentions()] == ["m_old"]
        indexes = store.driver.execute_query(cypher.EXISTING_INDEXES, database_=store.database).records[0]["names"]
        assert "mention_status_id" not in indexes and "queued_mention_id" in indexes
    finally:
        store.clear()
        store.close()
