"""Curation on real authority data: DDBC persons merged and split back; CBDB homonyms merged by mistake."""

from __future__ import annotations

import random
from pathlib import Path

from tests.conftest import shared_data
from zhiren.authority.curation.curator import Curator
from zhiren.authority.curation.operations import AddKin, Merge, Split
from zhiren.authority.curation.snapshot import Scope
from zhiren.authority.ids import stable_id
from zhiren.authority.names import name_key
from zhiren.ingest.pipeline import Pipeline
from zhiren.ingest.readers.biogref import read_biogref
from zhiren.ingest.readers.cbdb import read_cbdb
from zhiren.store.graph.sqlite import SqliteGraphStore
from zhiren.store.search.base import SearchQuery
from zhiren.store.search.sqlite import SqliteSearchIndex
from zhiren.store.search.sync import search_sink


def test_two_ddbc_persons_merged_then_split_back_keep_their_names(tmp_path: Path) -> None:
    path = shared_data("authority/ddbc/biogref_ddbc_data.csv")
    graph, search = SqliteGraphStore(tmp_path / "g.sqlite"), SqliteSearchIndex(tmp_path / "s.sqlite")
    graph.migrate()
    search.setup()
    persons = list(read_biogref(path, "ddbc", []))
    Pipeline(graph, search, batch_size=2000).ingest_seed(iter(persons), lambda n: None)
    several = [p for p in persons if len(p.names) >= 3]
    first, second = random.Random(5).sample(several, 2)
    a, b = first.person.id, second.person.id
    names_a = {n.text for n in graph.get_person(a).names}
    names_b = {n.text for n in graph.get_person(b).names}
    curator = Curator(graph, "test")

    curator.run(Merge(a, b), "test: merged by mistake")
    search_sink(graph, search)([a, b], [], [])
    assert {n.text for n in graph.get_person(a).names} == names_a | names_b
    assert graph.get_person(b).person.id == a  # the merged id redirects
    hits = search.search(SearchQuery(q=f'"{second.person.preferred_name}"', type="person")).hits
    assert a in [h.id for h in hits] and b not in [h.id for h in hits]

    b_name_ids = tuple(n.id for n in graph.get_person(a).names if n.person_id == a and n.text in names_b - names_a)
    split = curator.run(Split(a, b_name_ids, new_name=second.person.preferred_name), "test: split back").entry
    new_id = split.params["new_person"]
    assert {n.text for n in graph.get_person(a).names} == names_a
    assert {n.text for n in graph.get_person(new_id).names} == names_b
    assert graph.snapshot(Scope((a, new_id))).persons  # both live, nothing dangling
    graph.close()
    search.close()


def test_cbdb_homonyms_merged_by_mistake_and_split_again_keep_their_own_kin(tmp_path: Path) -> None:
    """The two real 李繼和 (CBDB 16834, 41546). Their kin edges are added by a curator here (the golden
    rows carry none): each gets a different real person of the same file as kin."""
    graph, search = SqliteGraphStore(tmp_path / "g.sqlite"), SqliteSearchIndex(tmp_path / "s.sqlite")
    graph.migrate()
    search.setup()
    seeds = list(read_cbdb(shared_data("cbdb/golden/kaifeng_yin__People_UTF8.csv"), [], []))
    Pipeline(graph, search).ingest_seed(iter(seeds), lambda n: None)
    first, second = stable_id("p", "cbdb", 16834), stable_id("p", "cbdb", 41546)
    assert {p.id for p in graph.find_persons_by_name(name_key("李繼和"))} == {first, second}
    son, father = (s.person.id for s in seeds[:2])
    curator = Curator(graph, "test")
    curator.run(AddKin(first, "長子", son))
    curator.run(AddKin(second, "父", father))
    kin_before = {pid: {r.id for r in graph.get_person(pid).relations} for pid in (first, second)}
    names_second = [n.id for n in graph.get_person(second).names]

    curator.run(Merge(first, second), "same name, same place: merged by mistake")
    assert {r.id for r in graph.get_person(first).relations} == kin_before[first] | kin_before[second]

    split = curator.run(Split(first, tuple(names_second), (), tuple(kin_before[second])), "two persons").entry
    restored = split.params["new_person"]
    assert {r.id for r in graph.get_person(first).relations} == kin_before[first]
    assert {r.id for r in graph.get_person(restored).relations} == kin_before[second]
    assert {n.id for n in graph.get_person(restored).names} == set(names_second)
    assert any(r.source_id == father for r in graph.get_person(restored).relations)  # 父 still points at it
    graph.close()
    search.close()
