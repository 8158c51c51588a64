"""Vol. 1 of the 桐城吴氏 genealogy end to end: records file → lineage → graph, checked by hand."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import shared_data
from tests.unit.nlp_genealogy.scoring import load_expected
from zhiren.authority.model import NameType, RelationType
from zhiren.ingest.pipeline import Pipeline
from zhiren.ingest.readers.genealogy import read_genealogies
from zhiren.store.graph.sqlite import SqliteGraphStore
from zhiren.store.search.base import SearchQuery
from zhiren.store.search.sqlite import SqliteSearchIndex


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> tuple[SqliteGraphStore, SqliteSearchIndex, str]:
    source = shared_data("genealogy/tongcheng-wu-vol01.txt")
    folder = tmp_path_factory.mktemp("genealogy")
    shutil.copy(source, folder / source.name)
    (folder / "records.csv").write_text(
        f"题名,谱籍,收藏者,世系文件\n桐城吴氏宗谱,安徽桐城,上海图书馆,{source.name}\n", encoding="utf-8"
    )
    graph, search = SqliteGraphStore(folder / "g.sqlite"), SqliteSearchIndex(folder / "s.sqlite")
    graph.migrate()
    search.setup()
    summary = Pipeline(graph, search).ingest_genealogies(read_genealogies(folder / "records.csv", []), lambda n: None)
    assert summary.documents == 2 and not summary.rejected
    volume = next(d for batch in graph.iter_documents() for d in batch if d.kind.value == "genealogy")
    return graph, search, volume.id


def test_lineage_in_the_graph_matches_the_hand_checked_persons(
    ingested: tuple[SqliteGraphStore, SqliteSearchIndex, str],
) -> None:
    graph, _, volume_id = ingested
    document, mentions = graph.get_document(volume_id)
    line_starts = [0] + [i + 1 for i, c in enumerate(document.text) if c == "\n"]
    by_line = {line_starts.index(m.start) + 1: m for m in mentions if m.start in set(line_starts)}
    expected = load_expected()
    found = fathers = courtesy = courtesy_gold = sons = 0
    for person in expected:
        mention = by_line.get(person.line)
        if mention is None or mention.person_id is None:
            continue
        found += 1
        record = graph.get_person(mention.person_id)
        parents = [
            r.source_id
            for r in record.relations
            if r.type == RelationType.FATHER_OF and r.target_id == record.person.id
        ]
        father_names = {graph.get_person(p, mention_limit=0).person.preferred_name for p in parents}
        fathers += (bool(person.father) and any(n.endswith(person.father) for n in father_names)) or (
            not person.father and not parents
        )
        if person.courtesy_name:
            courtesy_gold += 1
            courtesy += person.courtesy_name in {n.text for n in record.names if n.type == NameType.COURTESY}
        children = {
            graph.get_person(r.target_id, mention_limit=0).person.preferred_name[1:]
            for r in record.relations
            if r.type == RelationType.FATHER_OF and r.source_id == record.person.id
        }
        sons += set(person.sons) <= children
    n = len(expected)
    print(
        f"vol.1 in the graph: persons {found}/{n}, father links {fathers}/{n}, 字 {courtesy}/{courtesy_gold}, "
        f"sons complete {sons}/{n}"
    )
    assert found / n >= 0.97 and fathers / n >= 0.95 and courtesy / courtesy_gold >= 0.95 and sons / n >= 0.9


def test_reingest_changes_nothing(ingested: tuple[SqliteGraphStore, SqliteSearchIndex, str]) -> None:
    graph, search, volume_id = ingested
    before = graph.counts()
    document, _ = graph.get_document(volume_id)
    records = Path(str(graph.path)).parent / "records.csv"
    Pipeline(graph, search).ingest_genealogies(read_genealogies(records, []), lambda n: None)
    assert graph.counts() == before and document.text


def test_genealogy_persons_are_searchable(ingested: tuple[SqliteGraphStore, SqliteSearchIndex, str]) -> None:
    _, search, _ = ingested
    hits = search.search(SearchQuery("吴元济", type="person")).hits
    assert hits[0].title == "吴元济" and hits[0].match == "preferred"
    assert all(h.match == "similar" for h in hits[1:])  # 吴文辅, 字元伯: 吴元伯 is one character off
