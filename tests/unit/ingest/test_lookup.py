"""IngestLookup: store reads cached across batches, pending and unwritten batches read as if stored."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from tests.factories import LI, SHENG, ZHANG, sample_batch
from zhiren.authority.model import Mention, NameType, Person, Relation, RelationType
from zhiren.authority.names import build_name
from zhiren.authority.resolver import MentionContext, Resolver
from zhiren.ingest.lookup import CANDIDATE_LIMIT, IngestLookup, auto_person_id
from zhiren.store.graph.base import GraphBatch
from zhiren.store.graph.sqlite import SqliteGraphStore


class CountingStore:
    """The embedded store, counting the reads the lookup makes of it."""

    def __init__(self, store: SqliteGraphStore) -> None:
        self.store = store
        self.calls: Counter[str] = Counter()

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self.store, name)
        if not callable(attribute):
            return attribute

        def counted(*args: Any, **kwargs: Any) -> Any:
            self.calls[name] += 1
            return attribute(*args, **kwargs)

        return counted


@pytest.fixture
def store(tmp_path: Path) -> Iterator[CountingStore]:
    graph = SqliteGraphStore(tmp_path / "g.sqlite")
    graph.migrate()
    graph.write(sample_batch())
    yield CountingStore(graph)
    graph.close()


def lookup_of(store: CountingStore) -> IngestLookup:
    return IngestLookup(store)  # type: ignore[arg-type]  # the counting proxy stands in for the store


def new_person(key: str) -> tuple[Person, list[Any]]:
    person = Person(auto_person_id(key), key, status="auto")
    return person, [build_name(person.id, key, NameType.GIVEN, preferred=True)]


def test_candidates_are_read_once_per_key_across_batches(store: CountingStore) -> None:
    lookup = lookup_of(store)
    lookup.prefetch(["盛宣怀", "香涛"])
    lookup.prefetch(["盛宣怀", "香涛", "李鸿章"])
    assert [p.id for p, _ in lookup.name_candidates("盛宣怀")] == [SHENG]
    assert store.calls["name_candidates_many"] == 2  # the second batch asked only for 李鸿章
    assert store.calls["name_candidates"] == 0


def test_a_key_without_candidates_prefetches_the_keys_the_resolver_falls_back_to(store: CountingStore) -> None:
    lookup = lookup_of(store)
    lookup.prefetch(["张香涛"])  # surname + 字: looked up as 香涛 of a 张
    reads = sum(store.calls.values())
    resolution = Resolver(lookup).resolve(MentionContext("张香涛", "courtesy", 1898))
    assert resolution.candidates[0].person_id == ZHANG
    assert sum(store.calls.values()) == reads


def test_a_found_full_name_s_surname_and_courtesy_reading_is_read_with_it(store: CountingStore) -> None:
    """盛宣怀 has candidates, and the resolver still asks 宣怀 (of a 盛): a full name may also be a
    surname + 字.  The prefetch reads it in the batch's read, not one read per name."""
    lookup = lookup_of(store)
    lookup.prefetch(["盛宣怀"])
    reads = sum(store.calls.values())
    assert Resolver(lookup).resolve(MentionContext("盛宣怀", "full", 1898)).person_id == SHENG
    assert sum(store.calls.values()) == reads
    assert store.calls["name_candidates_many"] == 1


def test_a_pending_person_is_a_candidate_until_written_then_read_from_the_store(store: CountingStore) -> None:
    lookup = lookup_of(store)
    lookup.prefetch(["王韬"])
    person, names = new_person("王韬")
    lookup.add(person, names)
    assert [p.id for p, _ in lookup.name_candidates("王韬")] == [person.id]
    batch = GraphBatch(persons=[person], names=names)
    store.store.write(batch)
    assert [p.id for p, _ in lookup.name_candidates("王韬")] == [person.id]  # not twice while both see it
    lookup.written(batch)
    assert lookup.pending == {}
    assert [p.id for p, _ in lookup.name_candidates("王韬")] == [person.id]
    assert store.calls["name_candidates_many"] == 2  # the written key was read again


def test_relations_among_a_batch_are_answered_from_memory(store: CountingStore) -> None:
    lookup = lookup_of(store)
    lookup.prefetch(["盛宣怀", "张之洞", "李鸿章"])
    assert lookup.related_among([ZHANG], [SHENG]) == store.store.related_among([ZHANG], [SHENG])
    assert store.calls["related_among"] == 0


def test_a_person_s_relations_are_read_once_per_run_and_kept_up_to_date(store: CountingStore) -> None:
    """An archive's owner is a candidate in every batch: his thousands of relations are read once,
    and the relations of the batches written since are added to them."""
    lookup = lookup_of(store)
    lookup.prefetch(["盛宣怀", "张之洞"])
    lookup.prefetch(["盛宣怀", "张之洞"])
    assert store.calls["relations_of"] == 1
    assert lookup.related_among([SHENG], [LI]) == set()
    lookup.unwritten(GraphBatch(relations=[Relation("r_li", RelationType.WROTE_TO, LI, SHENG, evidence=["m9"])]))
    lookup.prefetch(["盛宣怀", "李鸿章"])  # 李鸿章 is new to the lookup: his relations are read, not 盛宣怀's again
    assert lookup.related_among([SHENG], [LI]) == {SHENG} and lookup.related_among([LI], [SHENG]) == {LI}
    assert store.calls["relations_of"] == 2 and store.calls["related_among"] == 0


def test_an_unwritten_batch_counts_as_written(store: CountingStore) -> None:
    lookup = lookup_of(store)
    relation = Relation("r_new", RelationType.WROTE_TO, LI, ZHANG, evidence=["m_new"])
    mention = Mention("m_new", "d_letter1", 0, 3, "李鸿章", LI)
    batch = GraphBatch(mentions=[mention], relations=[relation])
    lookup.unwritten(batch)
    lookup.prefetch(["李鸿章", "张之洞"])
    assert lookup.related_among([LI], [ZHANG]) == {LI}
    assert lookup.related_among([LI], ["p_elsewhere", ZHANG]) == {LI}  # outside the batch: store and batch
    assert lookup.earlier_mentions(["m_new", "m_none"]) == {"m_new": mention}
    store.store.write(batch)
    lookup.written(batch)
    assert lookup.earlier_mentions(["m_new"])["m_new"].person_id == LI


def test_a_signature_fits_the_catalogue_sender_without_reading_the_person(store: CountingStore) -> None:
    lookup = lookup_of(store)
    lookup.prefetch(["张之洞", "之洞"])
    resolver = Resolver(lookup)
    sender = resolver.resolve(MentionContext("张之洞", "full", 1898, role="sender"))
    assert sender.decision == "link"
    signature = MentionContext("之洞", "given", 1898, (ZHANG,), role="sender", catalogue={"sender": [ZHANG]})
    assert resolver.resolve(signature).person_id == ZHANG
    assert store.calls["get_person"] == 0
    stranger = MentionContext("宣怀", "given", 1898, role="sender", catalogue={"sender": [LI]})
    assert not resolver.resolve(stranger).person_id  # no character of 李鸿章's names: read, and refused
    assert store.calls["get_person"] == 1


def test_candidates_read_ahead_serve_the_next_batch(store: CountingStore) -> None:
    lookup = lookup_of(store)
    with closing(lookup):
        lookup.read_ahead(["盛宣怀", "张香涛"])
        lookup.prefetch(["盛宣怀", "张香涛"])
        assert [p.id for p, _ in lookup.name_candidates("盛宣怀")] == [SHENG]
        reads = store.calls["name_candidates_many"]
        assert reads == 1  # the keys with their style keys (宣怀, 香涛 of a 张), in one read ahead
        assert Resolver(lookup).resolve(MentionContext("张香涛", "courtesy", 1898)).candidates[0].person_id == ZHANG
        assert store.calls["name_candidates_many"] == reads


def test_a_key_written_after_it_was_read_ahead_is_read_again(store: CountingStore) -> None:
    lookup = lookup_of(store)
    read = threading.Event()
    read_many = store.store.name_candidates_many

    def read_and_tell(*args: Any, **kwargs: Any) -> Any:
        try:
            return read_many(*args, **kwargs)
        finally:
            read.set()

    store.store.name_candidates_many = read_and_tell  # type: ignore[method-assign]
    with closing(lookup):
        person, names = new_person("王韬")
        lookup.add(person, names)
        batch = GraphBatch(persons=[person], names=names)
        lookup.unwritten(batch)
        lookup.read_ahead(["王韬"])
        assert read.wait(5)  # the store, read ahead, has no 王韬 yet
        store.store.write(batch)
        lookup.written(batch)  # no longer pending: from now on the store has it
        lookup.prefetch(["王韬"])
        assert [p.id for p, _ in lookup.name_candidates("王韬")] == [person.id]


def test_a_crowded_key_keeps_the_pending_bearer_related_to_others(store: CountingStore) -> None:
    """As many stored bearers as the limit, and a person created by this run that 张之洞 wrote to:
    it comes first, although every stored bearer sorts before it."""
    stored = [f"p_a{i:02}" for i in range(CANDIDATE_LIMIT)]
    store.store.write(
        GraphBatch(
            persons=[Person(p, f"王{p}") for p in stored],
            names=[build_name(p, "仲文", NameType.COURTESY) for p in stored],
        )
    )
    lookup = lookup_of(store)
    lookup.prefetch(["仲文"])
    person = Person("p_z_new", "赵仲文")
    lookup.add(person, [build_name(person.id, "仲文", NameType.COURTESY)])
    lookup.unwritten(GraphBatch(relations=[Relation("r_new", RelationType.WROTE_TO, ZHANG, person.id)]))
    found, related = lookup.name_candidates_related("仲文", [ZHANG])
    assert [p.id for p, _ in found] == [person.id, *stored[: CANDIDATE_LIMIT - 1]] and related == {person.id}
    assert [p.id for p, _ in lookup.name_candidates_related("仲文", [LI])[0]] == stored
    assert store.calls["name_candidates"] == 1  # the whole key is read once, then cached


def test_a_style_key_read_for_a_surname_finds_its_bearer_behind_the_limit(store: CountingStore) -> None:
    """As many stored bearers of 仲文 as the limit, of the surname 王, then a 李: read for 李 (the
    resolver's surname + 字), the key is read whole once and the 李 is its only bearer of that surname."""
    stored = [f"p_a{i:02}" for i in range(CANDIDATE_LIMIT)]
    li = Person("p_li", "李仲", status="auto")
    store.store.write(
        GraphBatch(
            persons=[*(Person(p, f"王{p}") for p in stored), li],
            names=[build_name(p, "仲文", NameType.COURTESY) for p in [*stored, li.id]],
        )
    )
    lookup = lookup_of(store)
    lookup.prefetch(["仲文"])
    assert [p.id for p, _ in lookup.name_candidates("仲文")] == stored
    assert [p.id for p, _ in lookup.name_candidates_related("仲文", [], initials="李")[0]] == [li.id]
    assert [p.id for p, _ in lookup.name_candidates_related("仲文", [ZHANG], initials="李")[0]] == [li.id]
    assert lookup.name_candidates_related("仲文", [], initials="赵") == ([], set())
