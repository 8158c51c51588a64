"""apply_and_sync on every graph × search pair: the index follows each written change, never a dry run."""

from __future__ import annotations

from tests.factories import SHENG, ZHANG, sample_batch
from zhiren.authority.curation.requests import person_change, undo_change
from zhiren.store.derived import DerivedStores, apply_and_sync
from zhiren.store.graph.base import GraphStore
from zhiren.store.search.base import SearchIndex, SearchQuery
from zhiren.store.search.sync import sync_persons


def persons_found(search: SearchIndex, text: str) -> list[str]:
    return [hit.id for hit in search.search(SearchQuery(q=text, type="person")).hits]


def test_the_index_follows_written_changes_and_their_undo(graph: GraphStore, search: SearchIndex) -> None:
    graph.write(sample_batch())
    sync_persons(graph, search, [p.id for p in sample_batch().persons])
    derived = DerivedStores(search)
    assert persons_found(search, "止叟") == []

    dry = apply_and_sync(graph, derived, "t", person_change("add-name", SHENG, {"text": "止叟", "dry_run": True}))
    assert not dry.written and persons_found(search, "止叟") == []

    added = apply_and_sync(graph, derived, "t", person_change("add-name", SHENG, {"text": "止叟", "type": "號"}))
    assert added.written and persons_found(search, "止叟") == [SHENG]

    merged = apply_and_sync(graph, derived, "t", person_change("merge", SHENG, {"merged": ZHANG}))
    assert ZHANG not in persons_found(search, "张之洞") and SHENG in persons_found(search, "张之洞")

    apply_and_sync(graph, derived, "t", undo_change(merged.entry.id, {}))
    assert persons_found(search, "张之洞")[0] == ZHANG and SHENG not in persons_found(search, "张之洞")
    apply_and_sync(graph, derived, "t", undo_change(added.entry.id, {}))
    assert persons_found(search, "止叟") == []
