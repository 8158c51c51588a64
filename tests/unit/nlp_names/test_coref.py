"""Surname + 公 referring back to a named person."""

from __future__ import annotations

from zhiren.nlp.coref import surname_references
from zhiren.nlp.found import Found


def test_surname_gong_after_a_full_name_refers_to_it() -> None:
    text = "江公忠源至。江公素以任侠自喜。尤公至好。"
    antecedent = Found(0, 4, "full", "honorific", 0.85, normalized="江忠源", person_id="j", person_name="江忠源")
    found = surname_references(text, [antecedent], frozenset())
    assert [(text[f.start : f.end], f.person_id) for f in found] == [("江公忠源", "j"), ("江公", "j")]


def test_a_mistaken_new_full_name_is_cut_back() -> None:
    text = "张亮基入守。张公专弁以函致公。"
    zhang = Found(0, 3, "full", "ner", 0.8)
    wrong = Found(6, 10, "full", "honorific", 0.85, normalized="张专弁")
    found = surname_references(text, [zhang, wrong], frozenset())
    assert [(text[f.start : f.end], f.normalized) for f in found] == [("张亮基", None), ("张公", "张亮基")]


def test_a_known_full_name_is_kept() -> None:
    text = "张亮基入守。张公曜至。"
    found = [Found(0, 3, "full", "ner", 0.8), Found(6, 9, "full", "honorific", 0.85, normalized="张曜")]
    assert surname_references(text, found, frozenset({"张曜"})) == found


def test_no_antecedent_no_reference() -> None:
    assert surname_references("江公素以任侠自喜。", [], frozenset()) == []
