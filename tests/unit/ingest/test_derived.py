"""The outbox: a batch the graph committed but the search index never took in is indexed later.

Before the outbox, a run stopped between the two writes left that batch's persons out of the
index for good (issue 19, item 1): nothing remembered them.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from zhiren.authority.model import Document, DocumentKind, NameType, Person
from zhiren.authority.names import build_name
from zhiren.ingest import pipeline
from zhiren.ingest.catalogue import GENEALOGY_COLLECTION, build_union
from zhiren.ingest.pipeline import Pipeline
from zhiren.ingest.readers.biogref import SeedPerson
from zhiren.store.derived import SEARCH, drain_pending
from zhiren.store.graph.base import GraphBatch, PendingIds
from zhiren.store.graph.sqlite import SqliteGraphStore
from zhiren.store.search.base import IndexEntry, SearchIndex, SearchQuery
from zhiren.store.search.sqlite import SqliteSearchIndex
from zhiren.store.search.sync import search_sink


class IndexGoneAway(Exception):
    pass


class IndexThatFails:
    """The real embedded index, except that writes fail: the process 'died' before indexing."""

    def __init__(self, real: SearchIndex) -> None:
        self.real = real

    def index(self, entries: Sequence[IndexEntry]) -> None:
        raise IndexGoneAway

    def __getattr__(self, name: str) -> object:
        return getattr(self.real, name)


@pytest.fixture
def stores(tmp_path: Path) -> Iterator[tuple[SqliteGraphStore, SqliteSearchIndex]]:
    graph, search = SqliteGraphStore(tmp_path / "g.sqlite"), SqliteSearchIndex(tmp_path / "s.sqlite")
    graph.migrate()
    search.setup()
    yield graph, search
    graph.close()
    search.close()


def seeds(*names: str) -> list[SeedPerson]:
    persons = [Person(f"p_{i}", name, status="seed") for i, name in enumerate(names)]
    return [SeedPerson(p, [build_name(p.id, p.preferred_name, NameType.GIVEN, preferred=True)], [1]) for p in persons]


def test_a_batch_the_index_never_took_is_indexed_by_the_next_run(
    stores: tuple[SqliteGraphStore, SqliteSearchIndex],
) -> None:
    graph, search = stores
    with pytest.raises(IndexGoneAway):
        Pipeline(graph, IndexThatFails(search), batch_size=2).ingest_seed(seeds("盛宣怀", "张之洞", "李鸿章"), print)
    assert graph.counts()["persons"] == 2 and search.count() == 0  # the first batch reached the graph only
    assert graph.pending(SEARCH) == PendingIds(["p_0", "p_1"], [], [])

    Pipeline(graph, search).ingest_seed([], print)  # the next run, whatever it ingests, catches up first
    assert graph.pending(SEARCH) == PendingIds([], [], [])
    assert {h.id for h in search.search(SearchQuery("张之洞")).hits} == {"p_1"}
    assert search.count() == 2


def test_a_run_that_indexes_its_batches_leaves_nothing_pending(
    stores: tuple[SqliteGraphStore, SqliteSearchIndex],
) -> None:
    graph, search = stores
    Pipeline(graph, search, batch_size=2).ingest_seed(seeds("盛宣怀", "张之洞", "李鸿章"), print)
    assert search.count() == 3 and graph.pending(SEARCH) == PendingIds([], [], [])


def test_a_dry_run_neither_writes_nor_drains(stores: tuple[SqliteGraphStore, SqliteSearchIndex]) -> None:
    graph, search = stores
    with pytest.raises(IndexGoneAway):
        Pipeline(graph, IndexThatFails(search)).ingest_seed(seeds("盛宣怀"), print)
    Pipeline(graph, search, dry_run=True).ingest_seed(seeds("张之洞"), print)
    assert graph.pending(SEARCH) == PendingIds(["p_0"], [], []) and search.count() == 0


def test_every_sink_gets_its_pending_ids_and_a_failing_sink_keeps_them(
    stores: tuple[SqliteGraphStore, SqliteSearchIndex],
) -> None:
    graph, search = stores
    taken: list[tuple[list[str], list[str], list[str]]] = []

    def triples(persons: Sequence[str], documents: Sequence[str], relations: Sequence[str]) -> None:
        taken.append((list(persons), list(documents), list(relations)))

    def broken(persons: Sequence[str], documents: Sequence[str], relations: Sequence[str]) -> None:
        raise IndexGoneAway

    sinks = {SEARCH: search_sink(graph, search), "triples": triples}
    with pytest.raises(IndexGoneAway):
        Pipeline(graph, IndexThatFails(search), sinks=sinks).ingest_seed(seeds("盛宣怀", "张之洞", "李鸿章"), print)
    assert graph.pending("triples") == graph.pending(SEARCH) == PendingIds(["p_0", "p_1", "p_2"], [], [])

    assert drain_pending(graph, sinks, batch_size=2) == {SEARCH: 3, "triples": 3}
    assert taken == [(["p_0", "p_1", "p_2"], [], [])] and search.count() == 3  # a batch is never split

    graph.write(GraphBatch(persons=[graph.get_person("p_0").person], pending_for=("triples",)))
    with pytest.raises(IndexGoneAway):
        drain_pending(graph, {"triples": broken})
    assert graph.pending("triples") == PendingIds(["p_0"], [], [])  # kept for the next drain


def test_the_union_catalogue_leaves_its_works_pending_until_indexed(
    stores: tuple[SqliteGraphStore, SqliteSearchIndex],
) -> None:
    graph, search = stores
    record = Document(
        "d_rec", DocumentKind.RECORD, "桐城吴氏宗谱", collection=GENEALOGY_COLLECTION, meta={"谱籍": "桐城"}
    )
    graph.write(GraphBatch(documents=[record]))
    with pytest.raises(IndexGoneAway):
        build_union(graph, IndexThatFails(search))  # type: ignore[arg-type]
    [work] = [d for d in graph.pending(SEARCH).documents if d != "d_rec"]  # the work, and its record
    Pipeline(graph, search).catch_up()
    assert graph.pending(SEARCH) == PendingIds([], [], [])
    assert work in {h.id for h in search.search(SearchQuery("吴氏")).hits}
    build_union(graph, search)
    assert graph.pending(SEARCH) == PendingIds([], [], [])


def test_a_pending_document_the_graph_no_longer_holds_leaves_the_index(
    stores: tuple[SqliteGraphStore, SqliteSearchIndex],
) -> None:
    graph, search = stores
    kept = Document("d_kept", DocumentKind.LETTER, "盛宣怀致李鸿章函", "杏荪顿首")
    graph.write(GraphBatch(documents=[kept]))
    search.index([IndexEntry("d_gone", "document", "已删函件", "杏荪顿首")])

    search_sink(graph, search)([], ["d_kept", "d_gone"], [])

    assert [h.id for h in search.search(SearchQuery("杏荪")).hits] == ["d_kept"]


def test_the_triples_catch_up_many_batches_at_once_and_by_the_end(
    stores: tuple[SqliteGraphStore, SqliteSearchIndex], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Batch by batch, a person every batch touched (a letter's recipient) was rebuilt each time."""
    graph, search = stores
    taken: list[list[str]] = []
    sinks = {SEARCH: search_sink(graph, search), "triples": lambda persons, *others: taken.append(list(persons))}
    Pipeline(graph, search, batch_size=1, sinks=sinks).ingest_seed(seeds("盛宣怀", "张之洞", "李鸿章"), print)
    assert taken == [["p_0", "p_1", "p_2"]]  # three batches, one catch-up, at the end
    assert graph.pending("triples") == graph.pending(SEARCH) == PendingIds([], [], [])

    # With 2 ids after which they catch up during a run: the first catch-up runs in the follower's
    # thread, beside the writes (ingest/follower.py), a page of at most 2 ids at a time; the rest by the end.
    calls: list[tuple[str, list[str]]] = []
    sinks["triples"] = lambda persons, *others: calls.append((threading.current_thread().name, list(persons)))
    monkeypatch.setattr(pipeline, "DERIVED_BATCH", 2)
    Pipeline(graph, search, batch_size=1, sinks=sinks).ingest_seed(seeds("盛宣怀", "张之洞", "李鸿章"), print)
    assert calls[0][0].startswith("zhiren-follower")
    assert all(len(persons) <= 2 for _, persons in calls)
    assert sorted(p for _, persons in calls for p in persons) == ["p_0", "p_1", "p_2"]
    assert graph.pending("triples") == PendingIds([], [], [])


def test_a_triple_store_that_fails_during_a_run_stops_it_and_keeps_its_ids_pending(
    stores: tuple[SqliteGraphStore, SqliteSearchIndex], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The follower's error reaches the ingest (at its next nudge or at the end), and what it did
    not take stays in the outbox for the next run."""
    graph, search = stores

    def gone(persons: Sequence[str], documents: Sequence[str], relations: Sequence[str]) -> None:
        raise IndexGoneAway

    monkeypatch.setattr(pipeline, "DERIVED_BATCH", 1)
    sinks = {SEARCH: search_sink(graph, search), "triples": gone}
    with pytest.raises(IndexGoneAway):
        Pipeline(graph, search, batch_size=1, sinks=sinks).ingest_seed(seeds("盛宣怀", "张之洞", "李鸿章"), print)
    written = [f"p_{i}" for i in range(graph.counts()["persons"])]
    assert graph.pending("triples").persons == written  # none taken

    taken: list[str] = []
    sinks["triples"] = lambda persons, *others: taken.extend(persons)
    Pipeline(graph, search, sinks=sinks).ingest_seed([], print)
    assert sorted(taken) == written
    assert graph.pending("triples") == graph.pending(SEARCH) == PendingIds([], [], [])
