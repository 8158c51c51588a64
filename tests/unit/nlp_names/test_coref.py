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


def test_the_first_syllable_of_a_manchu_name_with_gong_refers_to_it() -> None:
    """塔齐布 has no Chinese surname: the chronicle calls him 塔公. 尤 (a surname) with no
    antecedent, and 塔 before a name of the same first syllable, refer to no one."""
    text = "塔公至。塔齐布与罗泽南大破贼。塔公勇冠三军。尤公至好。"
    tazhibu, luo = Found(4, 7, "given", "ner", 0.8), Found(8, 11, "full", "ner", 0.8)
    found = surname_references(text, [tazhibu, luo], frozenset())
    assert [(text[f.start : f.end], f.normalized) for f in found] == [
        ("塔齐布", None), ("罗泽南", None), ("塔公", "塔齐布")
    ]  # fmt: skip
