"""Names listed together with 、."""

from __future__ import annotations

from zhiren.nlp.enumeration import listed_courtesy_names, listed_names
from zhiren.nlp.found import Found


def spans(text: str, found: list[Found]) -> list[str]:
    return [text[f.start : f.end] for f in sorted(listed_names(text, found))]


def test_items_beside_a_full_name_are_full_names_as_long_as_it() -> None:
    text = "诛李秀成、洪仁达、洪仁发三名。派委刘连捷、朱洪章、朱南桂等领之。"
    found = [Found(1, 4, "full", "ner", 0.8), Found(21, 24, "full", "gazetteer", 0.9)]
    assert spans(text, found) == ["洪仁达", "洪仁发", "刘连捷", "朱南桂"]


def test_a_list_without_a_name_or_an_item_running_into_an_office_proves_nothing() -> None:
    assert spans("调周宽世、金国琛两军渡江", []) == []
    text = "委在籍江苏候补知州黄廷瓒、安徽候补知县曹光汉编查保甲"
    assert spans(text, [Found(9, 12, "full", "ner", 0.8)]) == []  # 安徽候 goes on: 补知县


def test_styled_names_are_no_anchors_and_no_items() -> None:
    text = "及朱公士彦、吴公文、廖公鸿荃。"
    assert spans(text, [Found(6, 9, "full", "honorific", 0.85)]) == []


def test_two_characters_beside_a_listed_courtesy_name_in_a_list_are_a_courtesy_name() -> None:
    """曾纪泽's diary: 送者：法兰亭、日意格、莼斋、省斋、眉叔 (莼斋 and 眉叔 listed: 省斋 beside them);
    曾国藩's letter: 澄侯、温甫、子植、季洪四位 (子植 between listed 字).  Not a word (湘乡), nor an item
    the list does not mark off (送者 before the colon)."""
    text = "送者：法兰亭、日意格、莼斋、省斋、眉叔，皆俟。澄侯、温甫、子植、季洪四位。罗山、湘乡。"
    found = [
        Found(text.index(n), text.index(n) + 2, "courtesy", "gazetteer", 0.9, person_id=p)
        for n, p in (("莼斋", "p1"), ("眉叔", "p2"), ("澄侯", "p3"), ("温甫", "p4"), ("季洪", "p5"), ("罗山", "p6"))
    ]
    assert sorted(text[f.start : f.end] for f in listed_courtesy_names(text, found)) == ["子植", "省斋"]
