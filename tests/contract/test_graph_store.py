"""The GraphStore contract: one body per behaviour, run on every graph adapter."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import pytest

from tests.factories import LETTER, LI, SHENG, SHENG_KANG, ZHANG, sample_batch
from zhiren.authority.model import Document, DocumentKind, Mention, NameType, Person, Relation, RelationType
from zhiren.authority.names import build_name
from zhiren.errors import NotFound
from zhiren.store.derived import drain_pending
from zhiren.store.graph.base import GraphBatch, GraphStore, PendingIds


@pytest.fixture
def loaded(graph: GraphStore) -> GraphStore:
    graph.write(sample_batch())
    return graph


def test_migrate_is_idempotent(graph: GraphStore) -> None:
    graph.migrate()
    graph.migrate()
    assert graph.counts()["persons"] == 0


def test_write_then_read_person_with_names_relations_and_evidence(loaded: GraphStore) -> None:
    record = loaded.get_person(SHENG)
    assert record.person.preferred_name == "盛宣怀"
    assert record.person.birth is not None and record.person.birth.year == 1844
    assert record.person.birth.text == "道光二十四年"
    assert record.names[0].text == "盛宣怀" and record.names[0].preferred
    assert {n.text for n in record.names} == {"盛宣怀", "杏蓀", "愚斋", "盛宫保"}
    assert {(r.type, r.source_id, r.target_id) for r in record.relations} == {
        (RelationType.FATHER_OF, SHENG_KANG, SHENG),
        (RelationType.WROTE_TO, ZHANG, SHENG),
    }
    assert {m.id for m in record.mentions} == {"m1", "m2"}
    assert record.redirected_from is None


def test_rewriting_the_same_batch_changes_nothing(loaded: GraphStore) -> None:
    before = loaded.counts()
    loaded.write(sample_batch())
    assert (
        loaded.counts()
        == before
        == {
            "persons": 4,
            "names": 8,
            "documents": 1,
            "mentions": 3,
            "relations": 3,
        }
    )


def test_relation_evidence_is_unioned(loaded: GraphStore) -> None:
    loaded.write(
        GraphBatch(relations=[Relation("r_father", RelationType.FATHER_OF, SHENG_KANG, SHENG, evidence=["m2"])])
    )
    father = next(r for r in loaded.get_person(SHENG).relations if r.id == "r_father")
    assert sorted(father.evidence) == ["m1", "m2"]


def test_a_failing_batch_writes_nothing(graph: GraphStore) -> None:
    batch = sample_batch()
    bad = Mention("m_bad", LETTER, 0, 1, "杏", SHENG)
    bad.start = {"not": "an int"}  # type: ignore[assignment]  # rejected by the engine mid-batch
    with pytest.raises(Exception):  # noqa: B017 - each engine raises its own type
        graph.write(GraphBatch(batch.persons, batch.names, batch.documents, [*batch.mentions, bad]))
    assert graph.counts() == {"persons": 0, "names": 0, "documents": 0, "mentions": 0, "relations": 0}


def test_unknown_person_and_document_raise_not_found(loaded: GraphStore) -> None:
    with pytest.raises(NotFound):
        loaded.get_person("p_nobody")
    with pytest.raises(NotFound):
        loaded.get_document("d_nothing")


def test_document_with_mentions_in_text_order(loaded: GraphStore) -> None:
    document, mentions = loaded.get_document(LETTER)
    assert document.title == "张之洞致盛宣怀函" and document.date is not None and document.date.month == 4
    assert [m.id for m in mentions] == ["m1", "m2", "m3"]
    assert all(document.text[m.start : m.end] == m.surface for m in mentions)


def test_find_persons_by_folded_name_key(loaded: GraphStore) -> None:
    assert [p.id for p in loaded.find_persons_by_name("杏荪")] == [SHENG]
    assert loaded.find_persons_by_name("无名") == []


def test_neighbourhood_grows_with_depth(loaded: GraphStore) -> None:
    one = loaded.neighbourhood(SHENG, depth=1)
    assert {p.id for p in one.persons} == {SHENG, SHENG_KANG, ZHANG}
    two = loaded.neighbourhood(SHENG, depth=2)
    assert {p.id for p in two.persons} == {SHENG, SHENG_KANG, ZHANG, LI}
    assert {r.id for r in two.relations} == {"r_father", "r_wrote", "r_li"}


def test_shortest_path_ignores_direction(loaded: GraphStore) -> None:
    path = loaded.shortest_path(SHENG_KANG, LI)
    assert path is not None
    assert [p.id for p in path.persons] == [SHENG_KANG, SHENG, ZHANG, LI]
    assert [r.id for r in path.relations] == ["r_father", "r_wrote", "r_li"]
    loaded.write(GraphBatch(persons=[Person("p_alone", "孤")]))
    assert loaded.shortest_path(SHENG, "p_alone") is None


def test_iterators_page_through_everything(loaded: GraphStore) -> None:
    persons = [r.person.id for batch in loaded.iter_persons(batch_size=3) for r in batch]
    assert sorted(persons) == sorted([SHENG, SHENG_KANG, ZHANG, LI])
    assert [d.id for batch in loaded.iter_documents(batch_size=1) for d in batch] == [LETTER]


def test_person_names_page_through_the_live_persons_names(loaded: GraphStore) -> None:
    merged = Person("p_merged", "盛杏荪", merged_into=SHENG)
    loaded.write(GraphBatch(persons=[merged], names=[build_name("p_merged", "盛杏荪", NameType.GIVEN)]))
    pages = list(loaded.iter_person_names(batch_size=2))
    assert len(pages) >= 2
    found = sorted((n.person_id, n.person_name, n.key, n.type) for page in pages for n in page)
    expected = sorted(
        (r.person.id, r.person.preferred_name, n.key, n.type)
        for batch in loaded.iter_persons()
        for r in batch
        for n in r.names
    )
    assert found == expected
    assert (SHENG, "盛宣怀", "杏荪", NameType.COURTESY) in found
    assert "p_merged" not in {person_id for person_id, *_ in found}


def test_relation_evidence_is_unioned_within_one_batch(graph: GraphStore) -> None:
    batch = sample_batch()
    twice = [
        Relation("r_x", RelationType.WROTE_TO, ZHANG, SHENG, evidence=["m1"]),
        Relation("r_x", RelationType.WROTE_TO, ZHANG, SHENG, evidence=["m3"]),
    ]
    graph.write(GraphBatch(batch.persons, batch.names, batch.documents, batch.mentions, twice))
    relation = next(r for r in graph.get_person(SHENG).relations if r.id == "r_x")
    assert sorted(relation.evidence) == ["m1", "m3"]


def test_get_mentions_by_id(loaded: GraphStore) -> None:
    found = loaded.get_mentions(["m1", "m3", "m_missing"])
    assert sorted(found) == ["m1", "m3"]
    assert found["m1"].surface == "杏蓀" and found["m1"].person_id == SHENG and found["m1"].confidence == 0.95


def test_get_persons_and_documents_by_id_in_one_call(loaded: GraphStore) -> None:
    persons = loaded.get_persons([SHENG, ZHANG, SHENG, "p_missing"])
    assert sorted(persons) == sorted([SHENG, ZHANG])
    assert persons[SHENG].preferred_name == loaded.get_person(SHENG).person.preferred_name
    assert persons[ZHANG] == loaded.get_person(ZHANG).person
    assert loaded.get_persons([]) == {}
    documents = loaded.get_documents([LETTER, "d_missing"])
    assert list(documents) == [LETTER] and documents[LETTER] == loaded.get_document(LETTER)[0]
    assert loaded.get_documents([]) == {}


def test_documents_with_their_mentions_in_one_call(loaded: GraphStore) -> None:
    quiet = Document("d_quiet", DocumentKind.LETTER, "无名函", "未具名。")
    loaded.write(GraphBatch(documents=[quiet]))
    found = loaded.documents_with_mentions([LETTER, "d_quiet", LETTER, "d_missing"])
    assert sorted(found) == sorted([LETTER, "d_quiet"])
    assert found[LETTER] == loaded.get_document(LETTER)
    assert [m.id for m in found[LETTER][1]] == ["m1", "m2", "m3"]  # text order, as get_document
    assert found["d_quiet"] == (loaded.get_documents(["d_quiet"])["d_quiet"], [])
    assert loaded.documents_with_mentions([]) == {}


def test_person_records_of_many_live_persons_in_one_call(loaded: GraphStore) -> None:
    loaded.write(GraphBatch(persons=[Person("p_gone", "盛宣怀", merged_into=SHENG)]))
    found = loaded.person_records([SHENG, ZHANG, SHENG, "p_gone", "p_missing"])
    assert sorted(found) == sorted([SHENG, ZHANG])  # a merged id is get_person's to redirect
    for person_id, record in found.items():
        assert record == replace(loaded.get_person(person_id), mentions=[])  # names, relations in its order
    assert loaded.person_records([]) == {}


def test_a_page_of_person_records_holds_each_relation_once(graph: GraphStore) -> None:
    """Persons far apart in a page (an adapter may read a page's relations in parts) keep one copy
    of the relation between them, as get_person gives it."""
    persons = [Person(f"p_{i:04d}", f"甲{i}") for i in range(900)]
    relation = Relation("r_far", RelationType.WROTE_TO, "p_0001", "p_0899")
    graph.write(GraphBatch(persons=persons, relations=[relation]))
    records = {r.person.id: r for page in graph.iter_persons(1000) for r in page}
    records_by_id = graph.person_records(["p_0001", "p_0899"])
    for person_id in ("p_0001", "p_0899"):
        assert [r.id for r in records[person_id].relations] == ["r_far"]
        assert records_by_id[person_id].relations == graph.get_person(person_id).relations


def test_kin_relations_of_many_persons_in_one_call(loaded: GraphStore) -> None:
    expected = sorted(
        (r for r in loaded.get_person(SHENG).relations if r.type != RelationType.WROTE_TO), key=lambda r: r.id
    )
    assert expected and loaded.kin_relations([SHENG, SHENG]) == expected
    both = loaded.kin_relations([SHENG, ZHANG])
    assert all(r.type != RelationType.WROTE_TO for r in both) and {r.id for r in expected} <= {r.id for r in both}
    assert loaded.kin_relations([]) == [] and loaded.kin_relations(["p_missing"]) == []


def test_name_candidates_carry_the_matching_names(loaded: GraphStore) -> None:
    [(person, names)] = loaded.name_candidates("杏荪")
    assert person.id == SHENG and [n.text for n in names] == ["杏蓀"]
    assert loaded.name_candidates("无名") == []


def test_related_among_either_direction(loaded: GraphStore) -> None:
    assert loaded.related_among([SHENG, LI, SHENG_KANG], [ZHANG]) == {SHENG, LI}
    assert loaded.related_among([SHENG], []) == set()


def test_name_candidates_with_those_related_to_others_in_one_look_up(loaded: GraphStore) -> None:
    found, related = loaded.name_candidates_related("杏荪", [ZHANG])
    assert [p.id for p, _ in found] == [SHENG] and related == {SHENG}
    assert loaded.name_candidates_related("杏荪", [SHENG_KANG])[1] == {SHENG}  # father and son
    assert loaded.name_candidates_related("杏荪", ["p_unknown"])[1] == set()
    assert loaded.name_candidates_related("杏荪", []) == (loaded.name_candidates("杏荪"), set())
    assert loaded.name_candidates_related("无名", [ZHANG]) == ([], set())


def test_a_crowded_key_puts_the_bearers_related_to_others_first(loaded: GraphStore) -> None:
    """Five persons named 仲文 and a limit of two: the one 张之洞 wrote to is not cut off."""
    bearers = [f"p_zhongwen{i}" for i in range(5)]
    loaded.write(
        GraphBatch(
            persons=[Person(p, f"王{i}") for i, p in enumerate(bearers)],
            names=[build_name(p, "仲文", NameType.COURTESY) for p in bearers],
            relations=[Relation("r_zhongwen", RelationType.WROTE_TO, ZHANG, bearers[4])],
        )
    )
    found, related = loaded.name_candidates_related("仲文", [ZHANG], limit=2)
    assert [p.id for p, _ in found] == [bearers[4], bearers[0]] and related == {bearers[4]}
    assert [n.text for n in found[0][1]] == ["仲文"]
    found, related = loaded.name_candidates_related("仲文", [LI], limit=2)
    assert [p.id for p, _ in found] == bearers[:2] and related == set()


def test_a_crowded_key_gives_its_first_live_bearers_up_to_the_limit(loaded: GraphStore) -> None:
    """Five bearers of 仲文, the first merged away: the limit counts live bearers, in id order."""
    bearers = [f"p_zhongwen{i}" for i in range(5)]
    loaded.write(
        GraphBatch(
            persons=[Person(p, f"王{i}", merged_into=SHENG if i == 0 else None) for i, p in enumerate(bearers)],
            names=[build_name(p, "仲文", NameType.COURTESY) for p in bearers],
        )
    )
    found = loaded.name_candidates_many(["仲文", "杏荪"], limit=2)
    assert [p.id for p, _ in found["仲文"]] == bearers[1:3] and [p.id for p, _ in found["杏荪"]] == [SHENG]
    assert [[n.text for n in names] for _, names in found["仲文"]] == [["仲文"], ["仲文"]]
    assert [p.id for p, _ in loaded.name_candidates("仲文", limit=10)] == bearers[1:]


def test_a_key_read_for_some_initials_gives_its_first_bearers_of_those_initials(loaded: GraphStore) -> None:
    """A style key (仲文 of 李 + 仲文) read for the surname 李: its first live bearers whose
    preferred name begins with 李, up to the limit, with their names of that key; the limit counts
    only those, so a 李 after more bearers of other surnames than the limit is still found (the
    ingest reads such a key whole and must agree); another key comes whole."""
    bearers = [f"p_zhongwen{i}" for i in range(7)]
    surnames = ["李", "王", "李", "王", "王", "王", "李"]
    loaded.write(
        GraphBatch(
            persons=[
                Person(p, f"{surnames[i]}{i}", merged_into=SHENG if i == 0 else None) for i, p in enumerate(bearers)
            ],
            names=[build_name(p, "仲文", NameType.COURTESY) for p in bearers],
        )
    )
    found = loaded.name_candidates_many(["仲文", "杏荪"], limit=3, initials={"仲文": {"李", "张"}})
    assert [p.id for p, _ in found["仲文"]] == [bearers[2], bearers[6]] and [p.id for p, _ in found["杏荪"]] == [SHENG]
    assert [n.text for n in found["仲文"][0][1]] == ["仲文"]
    assert [p.id for p, _ in loaded.name_candidates_many(["仲文"], limit=1, initials={"仲文": {"李"}})["仲文"]] == [
        bearers[2]
    ]
    assert [p.id for p, _ in loaded.name_candidates_many(["仲文"], limit=3)["仲文"]] == bearers[1:4]
    assert loaded.name_candidates_many(["仲文"], limit=3, initials={"仲文": {"赵"}}) == {"仲文": []}
    for others in ([], [LI]):  # the resolver's own look-up, with and without a document's persons
        found, related = loaded.name_candidates_related("仲文", others, limit=1, initials="李")
        assert [p.id for p, _ in found] == [bearers[2]] and related == set()
        assert [p.id for p, _ in loaded.name_candidates_related("仲文", others, limit=3, initials="李")[0]] == [
            bearers[2],
            bearers[6],
        ]
    assert [p.id for p, _ in loaded.name_candidates("仲文", limit=5, initials="李张")] == [bearers[2], bearers[6]]


def test_iter_persons_gives_the_names_and_relations_get_person_gives(loaded: GraphStore) -> None:
    for batch in loaded.iter_persons(batch_size=2):
        for record in batch:
            single = loaded.get_person(record.person.id)
            assert record.person == single.person
            assert [n.id for n in record.names] == [n.id for n in single.names]
            assert [r.id for r in record.relations] == [r.id for r in single.relations]


def test_batch_lookups_for_an_ingest_batch(loaded: GraphStore) -> None:
    found = loaded.name_candidates_many(["杏荪", "张之洞", "无名"])
    assert [p.id for p, _ in found["杏荪"]] == [SHENG] and [p.id for p, _ in found["张之洞"]] == [ZHANG]
    assert found["无名"] == []
    assert loaded.relations_among([SHENG, ZHANG, SHENG_KANG]) == {(ZHANG, SHENG), (SHENG_KANG, SHENG)}
    assert loaded.relations_of([ZHANG, "p_nobody"]) == {(ZHANG, SHENG), (LI, ZHANG)}  # from either end
    assert loaded.relations_of([SHENG_KANG, SHENG_KANG]) == {(SHENG_KANG, SHENG)}


def test_documents_by_kind_and_deletion_with_their_mentions(loaded: GraphStore) -> None:
    work = Document("d_work", DocumentKind.WORK, "龙溪盛氏宗谱", meta={"holdings": []})
    loaded.write(GraphBatch(documents=[work]))
    assert [d.id for batch in loaded.iter_documents(kind=DocumentKind.WORK) for d in batch] == ["d_work"]
    assert [d.id for batch in loaded.iter_documents(kind=DocumentKind.LETTER) for d in batch] == [LETTER]
    loaded.delete_documents(["d_work", LETTER])
    assert loaded.counts()["documents"] == 0 and loaded.counts()["mentions"] == 0
    assert loaded.get_person(SHENG).mentions == []


# --- the outbox: what committed batches left for the derived stores ---------------------------

EVERYONE = PendingIds(sorted([SHENG, SHENG_KANG, ZHANG, LI]), [LETTER], ["r_father", "r_li", "r_wrote"])


def test_a_batch_records_its_ids_pending_for_each_derived_store(graph: GraphStore) -> None:
    graph.write(replace(sample_batch(), pending_for=("search", "triples")))
    assert graph.pending("search") == graph.pending("triples") == EVERYONE
    graph.clear_pending("search", EVERYONE)  # what the batch's writer does once it indexed the batch
    assert graph.pending("search") == PendingIds([], [], [])
    assert graph.pending("triples") == EVERYONE  # each store drains its own


def test_pending_is_read_whole_batches_at_a_time_and_cleared_as_taken(graph: GraphStore) -> None:
    first = GraphBatch(persons=[Person("p_a", "甲")], pending_for=("search",))
    second = GraphBatch(persons=[Person("p_b", "乙")], documents=[Document("d_b", DocumentKind.LETTER, "函")])
    graph.write(first)
    graph.write(replace(second, pending_for=("search",)))
    graph.write(first)  # the same batch again (a re-run): one entry
    page = graph.pending("search", limit=1)
    assert page in (PendingIds(["p_a"], [], []), PendingIds(["p_b"], ["d_b"], []))  # one whole batch
    graph.clear_pending("search", page)
    rest = graph.pending("search", limit=10)
    assert sorted([*page.persons, *rest.persons]) == ["p_a", "p_b"] and [*page.documents, *rest.documents] == ["d_b"]
    graph.clear_pending("search", PendingIds(["p_b"], [], []))  # covers no entry: nothing cleared
    assert graph.pending("search") == rest
    graph.clear_pending("search", PendingIds(["p_a", "p_b", "p_x"], ["d_b"], []))  # covers every entry
    assert graph.pending("search") == PendingIds([], [], [])


def test_a_batch_for_no_derived_store_records_nothing(loaded: GraphStore) -> None:
    assert loaded.pending("search") == PendingIds([], [], [])


def test_a_person_named_by_a_batch_is_pending_and_a_relation_by_itself(loaded: GraphStore) -> None:
    """Neither end of the relation is pending: no person's record holds it (outbox_ids), and an
    archive's owner would be rebuilt for every letter."""
    loaded.write(
        GraphBatch(
            names=[build_name(LI, "少荃", NameType.COURTESY)],
            relations=[Relation("r_wrote", RelationType.WROTE_TO, ZHANG, SHENG_KANG, evidence=["m1"])],
            pending_for=("search",),
        )
    )
    assert loaded.pending("search") == PendingIds([LI], [], ["r_wrote"])


def test_relations_are_read_by_id_whatever_their_type(loaded: GraphStore) -> None:
    found = loaded.relations_by_id(["r_wrote", "r_father", "r_missing", "r_wrote"])
    assert sorted(found) == ["r_father", "r_wrote"]
    assert found["r_father"] == next(r for r in loaded.get_person(SHENG).relations if r.id == "r_father")
    wrote = found["r_wrote"]
    assert (wrote.type, wrote.source_id, wrote.target_id) == (RelationType.WROTE_TO, ZHANG, SHENG)
    assert wrote.evidence == ["m3"]
    assert loaded.relations_by_id([]) == {}


def test_a_batch_written_while_a_sink_takes_the_outbox_in_stays_pending(graph: GraphStore) -> None:
    """The triple store follows an ingest beside its writes (ingest/follower.py): a batch the page
    read covers, and the same ids written again, both committed while the sink ran, are the
    graph's state after the sink read it, so they stay for the next page."""
    both = GraphBatch(persons=[Person("p_a", "甲"), Person("p_b", "乙")], pending_for=("triples",))
    graph.write(both)
    pages: list[list[str]] = []

    def sink(persons: Sequence[str], documents: Sequence[str], relations: Sequence[str]) -> None:
        pages.append(list(persons))
        if len(pages) == 1:
            graph.write(GraphBatch(persons=[Person("p_a", "甲改")], pending_for=("triples",)))  # a new entry
            graph.write(both)  # the same entry written again

    assert drain_pending(graph, {"triples": sink}) == {"triples": 4}
    assert pages == [["p_a", "p_b"], ["p_a", "p_b"]]  # before: one page, and the later writes were lost
    assert graph.pending("triples") == PendingIds([], [], [])


def test_a_failing_batch_leaves_nothing_pending(graph: GraphStore) -> None:
    batch = sample_batch()
    bad = Mention("m_bad", LETTER, 0, 1, "杏", SHENG)
    bad.start = {"not": "an int"}  # type: ignore[assignment]  # rejected by the engine mid-batch
    with pytest.raises(Exception):  # noqa: B017 - each engine raises its own type
        graph.write(replace(batch, mentions=[*batch.mentions, bad], pending_for=("search",)))
    assert graph.pending("search") == PendingIds([], [], [])


def test_clear_empties_the_outbox(graph: GraphStore) -> None:
    graph.write(replace(sample_batch(), pending_for=("search",)))
    graph.clear()
    assert graph.pending("search") == PendingIds([], [], [])
