"""apply_and_sync on every graph × search pair: the index follows each written change, never a dry run,
through the graph's outbox."""

from __future__ import annotations

import pytest

from tests.factories import SHENG, ZHANG, sample_batch
from zhiren.authority.curation.requests import person_change, undo_change
from zhiren.store.derived import SEARCH, apply_and_sync, drain_pending
from zhiren.store.graph.base import GraphStore
from zhiren.store.search.base import SearchIndex, SearchQuery
from zhiren.store.search.sync import search_sink


def persons_found(search: SearchIndex, text: str) -> list[str]:
    return [hit.id for hit in search.search(SearchQuery(q=text, type="person")).hits]


def test_the_index_follows_written_changes_and_their_undo(graph: GraphStore, search: SearchIndex) -> None:
    graph.write(sample_batch())
    search_sink(graph, search)([p.id for p in sample_batch().persons], [], [])
    derived = {SEARCH: search_sink(graph, search)}
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
    assert graph.pending(SEARCH) == ([], [], [])  # each change's outbox entry was cleared once the index took it


def test_a_change_the_index_missed_is_left_pending_and_drained(graph: GraphStore, search: SearchIndex) -> None:
    graph.write(sample_batch())
    search_sink(graph, search)([p.id for p in sample_batch().persons], [], [])

    def down(person_ids: object, document_ids: object, relation_ids: object) -> None:
        raise ConnectionError("the index is down")

    with pytest.raises(ConnectionError):
        apply_and_sync(graph, {SEARCH: down}, "t", person_change("add-name", SHENG, {"text": "止叟", "type": "號"}))
    assert graph.pending(SEARCH) == ([SHENG], [], []) and persons_found(search, "止叟") == []
    assert drain_pending(graph, {SEARCH: search_sink(graph, search)}) == {SEARCH: 1}
    assert persons_found(search, "止叟") == [SHENG] and graph.pending(SEARCH) == ([], [], [])


def test_the_curation_entries_of_persons_in_one_read(graph: GraphStore) -> None:
    graph.write(sample_batch())
    added = apply_and_sync(graph, {}, "t", person_change("add-name", SHENG, {"text": "止叟", "type": "號"}))
    merged = apply_and_sync(graph, {}, "t", person_change("merge", SHENG, {"merged": ZHANG}))
    assert [e.id for e in graph.audit_entries_of([ZHANG])] == [merged.entry.id]
    assert [e.id for e in graph.audit_entries_of([SHENG, ZHANG, "p_none"])] == [added.entry.id, merged.entry.id]
    assert graph.audit_entries_of([]) == []
