"""The demo corpus end to end on the embedded stores: resolution, correspondence, idempotency."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.demo_fixture import load
from zhiren.authority.model import LinkStatus, RelationType
from zhiren.authority.names import name_key
from zhiren.ingest.reindex import reindex_all
from zhiren.store.graph.sqlite import SqliteGraphStore
from zhiren.store.search.base import SearchQuery
from zhiren.store.search.sqlite import SqliteSearchIndex


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[SqliteGraphStore, SqliteSearchIndex]]:
    folder: Path = tmp_path_factory.mktemp("demo")
    graph, search = SqliteGraphStore(folder / "g.sqlite"), SqliteSearchIndex(folder / "s.sqlite")
    graph.migrate()
    search.setup()
    load(graph, search)
    yield graph, search
    graph.close()
    search.close()


def person_id(graph: SqliteGraphStore, name: str) -> str:
    [person] = graph.find_persons_by_name(name_key(name))
    return person.id


def test_counts_and_no_duplicate_persons(stores: tuple[SqliteGraphStore, SqliteSearchIndex]) -> None:
    graph, search = stores
    counts = graph.counts()
    # the authority seed, and kin known only from the lineage text (配（未详）氏 names no one: no person)
    assert counts["persons"] == 12 + 10
    assert counts["documents"] == 33 + 3 + 2 + 1  # letters, manuscripts, two genealogy records, one lineage volume
    assert search.count() == counts["persons"] + counts["documents"]


def test_rerun_changes_nothing(stores: tuple[SqliteGraphStore, SqliteSearchIndex]) -> None:
    graph, search = stores
    before, entries = graph.counts(), search.count()
    summaries = load(graph, search)
    assert graph.counts() == before and search.count() == entries
    assert summaries[1].persons_created == 0


def test_signatures_and_salutations_resolve_to_the_catalogue_correspondents(
    stores: tuple[SqliteGraphStore, SqliteSearchIndex],
) -> None:
    graph, _ = stores
    sheng, li = person_id(graph, "盛宣怀"), person_id(graph, "李鸿章")
    telegram = next(d for batch in graph.iter_documents() for d in batch if d.shelfmark == "SX-DEMO-0004")
    _, mentions = graph.get_document(telegram.id)
    by_surface = {m.surface: m for m in mentions if m.start >= 0}
    assert by_surface["宣"].person_id == sheng and by_surface["宣"].role.value == "sender"
    assert by_surface["中堂"].person_id == li
    assert "catalogue_recipient" in by_surface["中堂"].features["candidates"][0]["features"]


def test_correspondence_is_stored_once_per_direction_with_evidence(
    stores: tuple[SqliteGraphStore, SqliteSearchIndex],
) -> None:
    graph, _ = stores
    sheng, zhang = person_id(graph, "盛宣怀"), person_id(graph, "张之洞")
    relations = [r for r in graph.get_person(sheng).relations if r.type == RelationType.WROTE_TO]
    to_zhang = [r for r in relations if (r.source_id, r.target_id) == (sheng, zhang)]
    from_zhang = [r for r in relations if (r.source_id, r.target_id) == (zhang, sheng)]
    assert len(to_zhang) == 1 and len(from_zhang) == 1
    assert len(from_zhang[0].evidence) >= 3


def test_lineage_joins_the_authority_persons_it_names(stores: tuple[SqliteGraphStore, SqliteSearchIndex]) -> None:
    graph, _ = stores
    sheng, father = person_id(graph, "盛宣怀"), person_id(graph, "盛康")
    record = graph.get_person(father)
    assert "勖存" in {n.text for n in record.names}
    assert any(
        r.type == RelationType.FATHER_OF and (r.source_id, r.target_id) == (father, sheng) for r in record.relations
    )
    sons = [r for r in graph.get_person(sheng).relations if r.type == RelationType.FATHER_OF and r.source_id == sheng]
    wives = [r for r in graph.get_person(sheng).relations if r.type == RelationType.SPOUSE_OF]
    assert len(sons) == 6 and len(wives) == 3


def test_every_link_explains_itself(stores: tuple[SqliteGraphStore, SqliteSearchIndex]) -> None:
    graph, _ = stores
    record = graph.get_person(person_id(graph, "盛宣怀"))
    assert record.mentions
    for mention in record.mentions:
        assert mention.status == LinkStatus.LINKED and mention.features["method"] == mention.method
        assert mention.method == "lineage" or mention.features["decision"] in {"link", "new"}


def test_search_finds_letters_by_courtesy_name_and_persons_by_romanisation(
    stores: tuple[SqliteGraphStore, SqliteSearchIndex],
) -> None:
    graph, search = stores
    letters = search.search(SearchQuery("杏荪", type="document"))
    assert letters.total >= 5 and all("<mark>杏荪</mark>" in h.snippet for h in letters.hits)
    assert [h.id for h in search.search(SearchQuery("Tang Wen-chih", type="person")).hits] == [
        person_id(graph, "唐文治")
    ]


def test_reindex_rebuilds_search_from_the_graph(stores: tuple[SqliteGraphStore, SqliteSearchIndex]) -> None:
    graph, search = stores
    before = search.search(SearchQuery("杏荪")).total
    search.clear()
    assert search.count() == 0
    done = reindex_all(graph, search, batch_size=7)
    counts = graph.counts()
    assert done == {"persons": counts["persons"], "documents": counts["documents"]}
    assert search.count() == counts["persons"] + counts["documents"]
    assert search.search(SearchQuery("杏荪")).total == before
