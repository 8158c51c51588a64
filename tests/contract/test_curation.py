"""Curation on every graph adapter: operations, their refusals, audit entries, exact undo, conflicts."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.factories import LETTER, LI, SHENG, SHENG_KANG, ZHANG, name, queued_mention, sample_batch
from zhiren.authority.curation.audit import AuditEntry
from zhiren.authority.curation.curator import Curator
from zhiren.authority.curation.operations import (
    AddKin,
    AddName,
    LinkExternal,
    Merge,
    RemoveName,
    Rename,
    Review,
    SetFields,
    Split,
)
from zhiren.authority.curation.snapshot import Scope, Snapshot
from zhiren.authority.kinship import term_for_other
from zhiren.authority.model import LinkStatus, Mention, NameType, Person, Relation, RelationType
from zhiren.errors import Conflict, InputError, NotFound
from zhiren.store.graph.base import GraphBatch, GraphStore

EVERYONE = Scope((SHENG, SHENG_KANG, ZHANG, LI, "p_dup"), ("m1", "m2", "m3", "m_dup"))


@pytest.fixture
def loaded(graph: GraphStore) -> GraphStore:
    graph.write(sample_batch())
    graph.write(
        GraphBatch(
            persons=[Person("p_dup", "盛杏荪")],
            names=[name("p_dup", "盛杏荪", NameType.ALIAS, preferred=True)],
            mentions=[Mention("m_dup", LETTER, 0, 2, "杏蓀", "p_dup")],
            relations=[Relation("r_dup", RelationType.WROTE_TO, LI, "p_dup", evidence=["m_dup"])],
        )
    )
    return graph


@pytest.fixture
def curator(loaded: GraphStore) -> Curator:
    return Curator(loaded, "tester")


def state(graph: GraphStore) -> Snapshot:
    return graph.snapshot(EVERYONE).sorted()


def test_an_ingest_run_again_leaves_the_curators_work_alone(loaded: GraphStore, curator: Curator) -> None:
    curator.run(Merge(SHENG, "p_dup"), "same person")
    curator.run(Rename(LI, "李文忠"), "his posthumous name is better known")
    curator.run(Split(SHENG_KANG, relation_ids=("r_father",), new_name="盛康"), "another 盛康 is the father")
    curated = state(loaded)
    loaded.write(sample_batch())  # the sources ingested again, unchanged
    loaded.write(
        GraphBatch(
            persons=[Person("p_dup", "盛杏荪")],
            names=[name("p_dup", "盛杏荪", NameType.ALIAS, preferred=True), name("p_dup", "杏翁", NameType.ALIAS)],
            mentions=[Mention("m_new", LETTER, 3, 5, "杏翁", "p_dup")],
            relations=[Relation("r_dup", RelationType.WROTE_TO, LI, "p_dup", evidence=["m_new"])],
        )
    )
    after = state(loaded)
    assert after.persons == curated.persons and after.names == curated.names
    assert [(r.id, r.source_id, r.target_id) for r in after.relations] == [
        (r.id, r.source_id, r.target_id) for r in curated.relations
    ]
    assert loaded.get_mentions(["m_new"])["m_new"].person_id == SHENG  # a merged person's mention goes to the survivor
    assert "m_new" in next(r for r in after.relations if r.id == "r_dup").evidence
    assert loaded.get_person(LI).person.preferred_name == "李文忠"


def test_merge_moves_everything_redirects_and_undo_restores_exactly(loaded: GraphStore, curator: Curator) -> None:
    before = state(loaded)
    outcome = curator.run(Merge(SHENG, "p_dup"), "same person: 杏荪 is his 字")
    record = loaded.get_person("p_dup")
    assert record.person.id == SHENG and record.redirected_from == "p_dup"
    assert "盛杏荪" in {n.text for n in record.names} and record.names[0].text == "盛宣怀"
    assert "m_dup" in {m.id for m in record.mentions}
    assert any(r.id == "r_dup" and r.target_id == SHENG for r in record.relations)
    assert [p.id for p in loaded.find_persons_by_name("盛杏荪")] == [SHENG]
    assert loaded.counts()["persons"] == 4
    entry = loaded.get_audit_entry(outcome.entry.id)
    assert (entry.operation, entry.actor, entry.reason) == ("merge", "tester", "same person: 杏荪 is his 字")
    assert entry.before.same_as(outcome.entry.before) and entry.after.same_as(outcome.entry.after)
    curator.undo(entry.id)
    assert state(loaded) == before
    assert loaded.get_audit_entry(entry.id).undone_by is not None
    assert [e.operation for e in loaded.audit_entries("p_dup")] == ["undo", "merge"]


def test_merge_refusals_write_nothing(loaded: GraphStore, curator: Curator) -> None:
    before = state(loaded)
    with pytest.raises(InputError, match="itself"):
        curator.run(Merge(SHENG, SHENG))
    with pytest.raises(NotFound):
        curator.run(Merge(SHENG, "p_nobody"))
    curator.run(Merge(ZHANG, LI))
    with pytest.raises(Conflict, match="merged into"):
        curator.run(Merge(SHENG, LI))
    assert loaded.counts()["persons"] == 4
    curator.undo(loaded.audit_entries(LI)[0].id)
    assert state(loaded) == before


def test_split_moves_names_mentions_relations_and_undo_deletes_the_new_person(
    loaded: GraphStore, curator: Curator
) -> None:
    before = state(loaded)
    title = next(n for n in loaded.get_person(SHENG).names if n.text == "盛宫保")
    outcome = curator.run(Split(SHENG, (title.id,), ("m2",), ("r_wrote",)))
    new = loaded.get_person(outcome.entry.params["new_person"])
    assert [n.text for n in new.names] == ["盛宫保"] and new.names[0].preferred
    assert [m.id for m in new.mentions] == ["m2"] and [r.id for r in new.relations] == ["r_wrote"]
    assert "盛宫保" not in {n.text for n in loaded.get_person(SHENG).names}
    curator.undo(outcome.entry.id)
    assert state(loaded) == before
    with pytest.raises(NotFound):
        loaded.get_person(new.person.id)


def test_split_refusals(loaded: GraphStore, curator: Curator) -> None:
    all_names = tuple(n.id for n in loaded.get_person(SHENG).names)
    before = state(loaded)
    with pytest.raises(InputError, match="every name"):
        curator.run(Split(SHENG, all_names))
    with pytest.raises(InputError, match="not held"):
        curator.run(Split(SHENG, (), ("m3",)))  # m3 refers to 张之洞
    with pytest.raises(InputError, match="nothing to split"):
        curator.run(Split(SHENG))
    with pytest.raises(Conflict):
        curator.run(Split(SHENG, (), ("m1",), new_id=ZHANG))
    assert state(loaded) == before
    assert loaded.audit_entries() == []


def test_name_and_field_edits_then_undo_in_reverse_order(loaded: GraphStore, curator: Curator) -> None:
    before = state(loaded)
    entries = [
        curator.run(AddName(SHENG, "止叟", NameType.ART)).entry,
        curator.run(Rename(SHENG, "杏蓀")).entry,
        curator.run(RemoveName(SHENG, "愚斋")).entry,
        curator.run(SetFields(SHENG, (("birth", "道光二十四年九月"), ("native_place", "江苏武进")))).entry,
        curator.run(LinkExternal(SHENG, (("wikidata", "Q710567"), ("cbdb", "0")))).entry,
    ]
    record = loaded.get_person(SHENG)
    assert record.person.preferred_name == "杏蓀" and record.names[0].text == "杏蓀"
    assert {n.text for n in record.names} == {"盛宣怀", "杏蓀", "止叟", "盛宫保"}
    assert record.person.birth is not None and (record.person.birth.year, record.person.birth.month) == (1844, 10)
    assert record.person.external_ids == {"wikidata": "Q710567", "cbdb": "0"}
    assert record.person.status == "reviewed"
    with pytest.raises(Conflict, match="later changes depend"):
        curator.undo(entries[0].id)
    for entry in reversed(entries):
        curator.undo(entry.id)
    assert state(loaded) == before


def test_bad_edits_are_refused_with_the_field(curator: Curator) -> None:
    with pytest.raises(InputError) as bad_date:
        curator.run(SetFields(SHENG, (("death", "某年"),)))
    assert bad_date.value.field == "death"
    with pytest.raises(InputError, match="preferred"):
        curator.run(RemoveName(SHENG, "盛宣怀"))
    with pytest.raises(InputError) as bad_id:
        curator.run(LinkExternal(SHENG, (("wikidata", "710567"),)))
    assert bad_id.value.field == "wikidata"
    with pytest.raises(Conflict, match="already has"):
        curator.run(AddName(SHENG, "杏蓀", NameType.COURTESY))
    with pytest.raises(InputError, match="at most"):
        curator.run(AddName(SHENG, "盛" * 41))


def test_undo_of_an_undo_and_double_undo_are_refused(curator: Curator) -> None:
    entry = curator.run(AddName(SHENG, "止叟", NameType.ART)).entry
    undo = curator.undo(entry.id).entry
    with pytest.raises(Conflict, match="itself an undo"):
        curator.undo(undo.id)
    with pytest.raises(Conflict, match="already undone"):
        curator.undo(entry.id)
    with pytest.raises(NotFound):
        curator.undo("a_nothing")


def test_a_stale_change_is_refused_and_nothing_is_lost(loaded: GraphStore, curator: Curator) -> None:
    """Two curators read the same person; the second write finds it changed and gets a conflict."""
    first, second = Curator(loaded, "first"), Curator(loaded, "second")
    version = second.version(SHENG)
    stale = second.run(AddName(SHENG, "补楼", NameType.ART), dry_run=True).entry  # prepared, not yet written
    first.run(AddName(SHENG, "止叟", NameType.ART))
    with pytest.raises(Conflict, match="reload"):
        second.run(AddName(SHENG, "补楼", NameType.ART), expected_version=version)
    with pytest.raises(Conflict, match="nothing written"):
        loaded.apply_change(stale)
    assert {"止叟"} <= {n.text for n in loaded.get_person(SHENG).names}
    assert "补楼" not in {n.text for n in loaded.get_person(SHENG).names}


def test_dry_run_writes_nothing(loaded: GraphStore, curator: Curator) -> None:
    before = state(loaded)
    outcome = curator.run(Merge(SHENG, "p_dup"), dry_run=True)
    assert not outcome.written and outcome.entry.after.person("p_dup").merged_into == SHENG  # type: ignore[union-attr]
    assert state(loaded) == before and loaded.audit_entries() == []


def test_kin_edit_is_stored_once_reads_both_ways_and_undoes(loaded: GraphStore, curator: Curator) -> None:
    loaded.write(GraphBatch(persons=[Person("p_son", "盛昌颐")]))
    entry = curator.run(AddKin(SHENG, "長子", "p_son")).entry
    [edge] = [r for r in loaded.get_person("p_son").relations if r.source_id == SHENG]
    assert edge.type == RelationType.FATHER_OF and edge.attributes["birth_order"] == 1
    assert term_for_other(edge, "p_son", "male") == "父" and term_for_other(edge, SHENG, "male") == "长子"
    assert loaded.get_person("p_son").person.gender == "male"  # set from the term
    assert edge in loaded.get_person(SHENG).relations  # one edge, read from both ends
    with pytest.raises(Conflict, match="already recorded"):
        curator.run(AddKin(SHENG, "长子", "p_son"))
    with pytest.raises(InputError) as not_kin:
        curator.run(AddKin(SHENG, "外甥", "p_son"))
    assert not_kin.value.field == "term"
    curator.undo(entry.id)
    assert loaded.get_person("p_son").relations == [] and loaded.get_person("p_son").person.gender is None


def test_review_queue_lists_queued_links_and_decisions_are_undoable(loaded: GraphStore, curator: Curator) -> None:
    queued = queued_mention()
    loaded.write(GraphBatch(mentions=[queued]))
    [link] = loaded.queued_mentions()
    assert link.mention.id == "m_q" and link.candidates == queued.features["candidates"]
    assert link.passage[1] == "盛宫保" and link.passage[0].endswith("敬悉一切。")
    assert loaded.queued_mentions(min_score=0.7) == [] and loaded.queued_mentions(source="telegram") == []
    entry = curator.run(Review("m_q", "accept", SHENG)).entry
    assert loaded.queued_mentions() == []
    linked = loaded.get_mentions(["m_q"])["m_q"]
    assert (linked.person_id, linked.status) == (SHENG, LinkStatus.REVIEWED)
    curator.undo(entry.id)
    assert loaded.get_mentions(["m_q"])["m_q"] == queued
    new = curator.run(Review("m_q", "new")).entry
    created = loaded.get_person(new.params["person"])
    assert created.person.preferred_name == "盛宫保" and created.person.id != SHENG
    curator.undo(new.id)
    curator.run(Review("m_q", "reject"))
    assert loaded.get_mentions(["m_q"])["m_q"].status == LinkStatus.REJECTED


def test_two_curators_at_once_one_wins_the_other_gets_a_conflict(loaded: GraphStore) -> None:
    """Both read the same state, then write at the same moment from two threads: exactly one lands."""
    prepared = [
        Curator(loaded, who).run(AddName(SHENG, text, NameType.ART), dry_run=True).entry
        for who, text in (("first", "止叟"), ("second", "补楼"))
    ]
    start = threading.Barrier(2)

    def write(entry: AuditEntry) -> str:
        start.wait()
        try:
            loaded.apply_change(entry)
        except Conflict:
            return "conflict"
        return "written"

    with ThreadPoolExecutor(2) as pool:
        results = sorted(pool.map(write, prepared))
    assert results == ["conflict", "written"]
    names = {n.text for n in loaded.get_person(SHENG).names}
    assert len(names & {"止叟", "补楼"}) == 1 and len(loaded.audit_entries(SHENG)) == 1
