"""Whole-name keys and the query syntax: what both backends look up, pinned here once."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhiren.errors import InputError
from zhiren.store.search.keys import (
    INITIAL,
    NAME,
    PREFERRED,
    SIMILAR,
    SURNAMED,
    NameForKeys,
    person_keys,
    search_key,
)
from zhiren.store.search.query import parse


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("盛宣懷", "盛宣怀"),
        ("Sheng Hsuan-huai", "shenghsuanhuai"),
        ("Shèng Xuānhuái", "shengxuanhuai"),
        ("sheng1 xuan1 huai2", "shengxuanhuai"),
        ("Sheng Hsüan-huai", "shenghsuanhuai"),
        ("Ch'ien Mu", "chienmu"),
        ("Lü Kun", "lukun"),
        ("Lv Kun", "lukun"),
        ("ＳＨＥＮＧ", "sheng"),
        ("盛 宣 怀", "盛宣怀"),
    ],
)
def test_search_key_folds_scripts_tones_umlauts_spaces_and_punctuation(typed: str, key: str) -> None:
    assert search_key(typed) == key


def test_person_keys_tiers() -> None:
    keys = person_keys(
        "盛宣怀",
        [
            NameForKeys("盛宣懷", False, "sheng xuan huai", "sheng hsuan huai", given=True),
            NameForKeys("杏蓀", True, "xing sun", "hsing sun"),
            NameForKeys("盛宫保", False),
        ],
    )
    assert keys["盛宣怀"] == keys["shenghsuanhuai"] == PREFERRED
    assert keys["杏荪"] == keys["xingsun"] == keys["盛宫保"] == NAME
    assert keys["盛杏荪"] == keys["shengxingsun"] == keys["shenghsingsun"] == SURNAMED
    assert keys["盛宣?"] == keys["?杏荪"] == SIMILAR
    assert "杏?" not in keys  # two characters: one wrong is another name
    assert "盛盛宫保" not in keys  # a title already written with the surname gets none
    # a 名 without the surname, as a writer signs (宣怀) — not a title's rest (宫保 names many)
    assert keys["宣怀"] == keys["xuanhuai"] == keys["hsuanhuai"] == SURNAMED and "宫保" not in keys


def test_compound_surname_is_kept_whole() -> None:
    keys = person_keys("欧阳修", [NameForKeys("永叔", True), NameForKeys("欧阳修", False, given=True)])
    assert keys["欧阳永叔"] == SURNAMED and "欧永叔" not in keys
    assert "修" not in keys and "阳修" not in keys  # one character left: a given name of one names too many
    assert keys["欧阳"] == SURNAMED and "欧" not in keys  # the surname alone, whole


def test_one_character_keys_are_the_surname_and_a_one_character_preferred_name_only() -> None:
    sheng = person_keys("盛宣怀", [NameForKeys("杏蓀", True), NameForKeys("盛三", False)])
    assert sheng["盛"] == sheng["sheng"] == SURNAMED
    assert person_keys("张之洞", [])["chang"] == person_keys("张之洞", [])["zhang"] == SURNAMED
    assert "杏" not in person_keys("盛宣怀", [NameForKeys("杏蓀", True)])
    one = person_keys("忠", [NameForKeys("忠", False, given=True)])
    assert one == {"忠": PREFERRED, "zhong": PREFERRED, "chung": PREFERRED}
    daoan = person_keys("道安", [NameForKeys("安", False)])  # the DDBC's short form of a monk's name
    assert "安" not in daoan and "an" not in daoan
    # 道 is no surname: the monk's first character ranks below the bearers of a surname
    assert daoan["道"] == daoan["dao"] == daoan["tao"] == INITIAL < SURNAMED
    shengde = person_keys("聖德太子", [])
    assert shengde["圣"] == shengde["sheng"] == INITIAL and person_keys("盛康", [])["sheng"] == SURNAMED
    assert "s" not in person_keys("S", [])  # one letter is no key


def test_operators_phrases_and_negation() -> None:
    parsed = parse('盛宣怀 铁路 OR 铁厂 NOT "马关 议约" -电报')
    assert [len(c.alternatives) for c in parsed.positive] == [1, 2]
    assert [c.alternatives[0][0].tokens for c in parsed.negative] == [("马关", "关议", "议约"), ("电报",)]
    assert parsed.keys == ()  # operators: not a plain name
    assert parse("Sheng Hsuan-huai").keys[0] == "shenghsuanhuai"
    assert parse("盛宣杯").keys == ("盛宣杯", "?宣杯", "盛?杯", "盛宣?")
    assert parse("").clauses == ()


def test_names_or_ed_are_each_looked_up_by_their_keys() -> None:
    assert parse("盛宫保 OR 张香帅").keys == ("盛宫保", "?宫保", "盛?保", "盛宫?", "张香帅", "?香帅", "张?帅", "张香?")
    assert parse("xingsun OR 香涛").keys == ("xingsun", "香涛")
    for query in ("盛宫保 OR 张香帅 铁路", '盛宫保 OR "张香帅"', "盛宫保 OR 张香帅 -电报", "盛宫保 OR NOT 张香帅"):
        assert parse(query).keys == (), query  # another clause, a phrase or an exclusion: words, not names


def test_a_one_character_query_is_a_key_and_ranks_by_fields() -> None:
    assert parse("盛").keys == ("盛",) and [t.tokens for t in parse("盛").field_scored] == [("盛",)]
    assert parse("盛 -宫保").field_scored and parse('"盛"').field_scored  # exclusions and quotes aside
    assert len(parse("盛 张").field_scored) == len(parse("盛 OR 康").field_scored) == 2  # characters only
    assert [t.tokens for t in parse("Sheng").field_scored] == [("sheng",)]  # one romanised word too
    # a character beside a word: every term by fields, the word too (BM25 over both differs by backend)
    assert [t.tokens for t in parse("盛 铁路").field_scored] == [("盛",), ("铁路",)]
    assert [t.tokens for t in parse("铁路 OR 盛 -宫保").field_scored] == [("铁路",), ("盛",)]
    for query in ("盛康", "盛宣怀 铁路", "Sheng Hsuan-huai", "sheng1 xuan1", "铁路 OR sheng", "1898"):
        assert not parse(query).field_scored, query
    assert parse("x").keys == ()


@pytest.mark.parametrize("query", ['"', "AND", "OR NOT", "\x00", "\u202e", "——", "-杏荪", "NOT 杏荪 NOT 盛"])
def test_nothing_to_search_for_is_refused(query: str) -> None:
    with pytest.raises(InputError):
        parse(query)


@given(st.text(max_size=40))
def test_any_text_parses_or_is_refused_with_a_message(query: str) -> None:
    try:
        parsed = parse(query)
    except InputError as refused:
        assert refused.field == "q" and refused.message
    else:
        assert all(t.tokens for c in parsed.clauses for a in c.alternatives for t in a)
