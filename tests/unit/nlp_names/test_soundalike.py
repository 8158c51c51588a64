"""Names written with another character of the same sound."""

from __future__ import annotations

from zhiren.nlp.gazetteer import Gazetteer, NameEntry

PERSONS = [
    NameEntry("林维源", "lw", "林维源"),
    NameEntry("郭嵩焘", "gs", "郭嵩焘"),
    NameEntry("筠仙", "gs", "郭嵩焘", "art"),
    NameEntry("李瀚章", "lh", "李瀚章"),
    NameEntry("小泉", "lh", "李瀚章", "courtesy"),
    NameEntry("筱泉", "lh", "李瀚章", "courtesy"),
    NameEntry("李昭庆", "lz", "李昭庆"),
    NameEntry("赖文光", "lf", "赖文光"),
    NameEntry("王世杰", "ws", "王世杰"),
]


def spans(text: str) -> list[tuple[str, str | None, str | None]]:
    return [(text[f.start : f.end], f.normalized, f.person_id) for f in sorted(Gazetteer(PERSONS).find(text))]


def test_a_name_or_surname_and_courtesy_name_with_one_character_of_the_same_sound() -> None:
    """林惟源 (惟 for 维), 郭云仙 (云 for 筠), 李小荃 (荃 for 泉: 小泉 and 筱泉 are both his), read as the
    listed form with its person; the two characters alone opening a clause are the same man."""
    assert spans("抚番林惟源等。") == [("林惟源", "林维源", "lw")]
    assert spans("湖南有一郭云仙，由翰林。我已说明，云仙一一知之。") == [
        ("郭云仙", "郭筠仙", "gs"), ("云仙", "郭筠仙", "gs")
    ]  # fmt: skip
    assert spans("中丞胞兄李小荃已任广东布政")[0][2] == "lh"


def test_not_two_characters_other_nor_the_listed_form_nor_a_word() -> None:
    """李肇卿 sounds as 李昭庆 and 赖汶洸 as 赖文光, each with two characters other: not read (the first is
    another man); the listed form is the gazetteer's own; nor where the two given characters are a
    word the dictionary knows (王世界 sounds as 王世杰: 世界, "the world")."""
    assert spans("同李肇卿归。赖汶洸。") == []
    assert spans("林维源来。") == [("林维源", None, "lw")]
    assert spans("令王世界皆知之") == []
