"""The kinship tree a person page draws: generations up, spouses by kind, children in birth order."""

from __future__ import annotations

from pathlib import Path

import pytest

from zhiren.app.kin_tree import is_placeholder, kin_tree
from zhiren.authority.model import Person, Relation, RelationType
from zhiren.store.graph.base import GraphBatch
from zhiren.store.graph.sqlite import SqliteGraphStore

FATHER, SPOUSE = RelationType.FATHER_OF, RelationType.SPOUSE_OF


@pytest.mark.parametrize("name", ["配（未详）氏", "某氏", "某", "长子", "妻", "（缺）氏", ""])
def test_placeholders_and_bare_kin_terms(name: str) -> None:
    assert is_placeholder(name)


@pytest.mark.parametrize("name", ["董氏", "盛宣怀", "刁氏", "盛某某"])
def test_names_are_not_placeholders(name: str) -> None:
    assert not is_placeholder(name)


def test_tree_of_a_genealogy_family(tmp_path: Path) -> None:
    graph = SqliteGraphStore(tmp_path / "g.sqlite")
    graph.migrate()
    persons = [
        Person("me", "盛宣怀", gender="male"),
        Person("father", "盛康", gender="male"),
        Person("grandfather", "盛隆", gender="male"),
        Person("first", "董氏", gender="female"),
        Person("second", "刁氏", gender="female"),
        Person("unknown", "配（未详）氏", gender="female"),
        Person("son1", "盛昌颐", gender="male"),
        Person("son2", "盛和颐", gender="male"),
        Person("grandson", "盛毓常", gender="male"),
        Person("brother", "盛星怀", gender="male"),
    ]
    relations = [
        Relation("r1", FATHER, "grandfather", "father"),
        Relation("r2", FATHER, "father", "me", attributes={"birth_order": 1}),
        Relation("r3", SPOUSE, "me", "second", attributes={"kind": "继配"}),
        Relation("r4", SPOUSE, "me", "first", attributes={"kind": "配"}),
        Relation("r5", SPOUSE, "me", "unknown", attributes={"kind": "配"}),
        Relation("r6", FATHER, "me", "son2", attributes={"birth_order": 2}),
        Relation("r7", FATHER, "me", "son1", attributes={"birth_order": 1}),
        Relation("r8", FATHER, "son1", "grandson", attributes={"birth_order": 1}),
        Relation("r9", RelationType.SIBLING_OF, "me", "brother", attributes={"source_elder": True}),
        Relation("r10", RelationType.WROTE_TO, "me", "father"),
    ]
    graph.write(GraphBatch(persons, (), (), (), relations))
    record = graph.get_person("me")
    tree = kin_tree(record, graph.get_persons([p.id for p in persons]), graph)
    assert [[(n.term, n.name) for n in generation] for generation in tree.ancestors] == [
        [("父", "盛康")],
        [("祖父", "盛隆")],
    ]
    assert [(n.term, n.name) for n in tree.spouses] == [("妻", "董氏"), ("继配", "刁氏")]  # no 配（未详）氏
    assert [(n.term, n.name) for n in tree.siblings] == [("弟", "盛星怀")]
    assert [(n.term, n.name) for n in tree.children] == [("长子", "盛昌颐"), ("次子", "盛和颐")]
    assert [(n.term, n.name) for n in tree.children[0].children] == [("长子", "盛毓常")]
    elements = tree.elements(record.person)
    nodes = {e["data"]["id"]: e["data"] for e in elements if "source" not in e["data"]}  # type: ignore[index]
    assert nodes["grandfather"]["generation"] == -2 and nodes["grandson"]["generation"] == 2
    assert "unknown" not in nodes
    edges = {(e["data"]["source"], e["data"]["target"]) for e in elements if "source" in e["data"]}  # type: ignore[index]
    assert ("grandfather", "father") in edges and ("father", "me") in edges and ("son1", "grandson") in edges
    # from a wife's page the genealogy's 配 / 继配 (words for her) name her husband 夫, not 妻
    for wife in ("first", "second"):
        seen_from_her = kin_tree(graph.get_person(wife), graph.get_persons(["me"]), graph)
        assert [(n.term, n.name) for n in seen_from_her.spouses] == [("夫", "盛宣怀")], wife
