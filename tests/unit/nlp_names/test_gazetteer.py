"""The run-time name list."""

from __future__ import annotations

from zhiren.nlp.gazetteer import Gazetteer, NameEntry

SHENG = [NameEntry("盛宣懷", "p1", "盛宣怀"), NameEntry("杏荪", "p1", "盛宣怀", "courtesy")]


def test_finds_names_in_either_script_with_their_person() -> None:
    g = Gazetteer(SHENG)
    text = "盛宣怀字杏蓀"
    found = g.find("盛宣怀字杏荪")
    assert [(text[f.start : f.end], f.name_type, f.person_id) for f in found] == [
        ("盛宣怀", "full", "p1"), ("杏蓀", "courtesy", "p1")
    ]  # fmt: skip


def test_longest_name_wins() -> None:
    g = Gazetteer([NameEntry("李鸿", "a", "李鸿"), NameEntry("李鸿章", "b", "李鸿章")])
    assert [(f.start, f.end, f.person_id) for f in g.find("致李鸿章")] == [(1, 4, "b")]


def test_a_name_of_several_persons_links_to_none() -> None:
    g = Gazetteer([NameEntry("少荃", "p2", "李鸿章"), NameEntry("少荃", "p3", "某")])
    (f,) = g.find("少荃中堂")
    assert f.person_id is None and f.score < 0.9


def test_updates_take_effect_at_once() -> None:
    g = Gazetteer()
    assert g.find("盛宣怀") == []
    assert g.add(SHENG) == ["盛宣怀", "杏荪"]
    assert len(g.find("盛宣怀")) == 1
    g.remove_person("p1")
    assert g.find("盛宣怀") == [] and len(g) == 0


def test_single_characters_are_not_listed() -> None:
    assert Gazetteer([NameEntry("浚", "p9", "浚")]).find("浚") == []


def test_folded_names_are_taken_as_they_are() -> None:
    g = Gazetteer()
    assert g.add([NameEntry("盛宣怀", "p1", "盛宣怀")], folded=True) == ["盛宣怀"]
    assert [f.person_id for f in g.find("致盛宣怀")] == ["p1"]


def test_a_name_shared_by_many_persons_keeps_each_person_once() -> None:
    g = Gazetteer([NameEntry("子明", f"p{i % 300}", "某", "courtesy") for i in range(900)])
    (f,) = g.find("子明")
    assert f.person_id is None
    for i in range(1, 300):
        g.remove_person(f"p{i}")
    (f,) = g.find("子明")
    assert f.person_id == "p0"
