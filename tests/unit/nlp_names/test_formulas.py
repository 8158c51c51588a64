"""Naming-formula rules, on the sentences they were written for and on their look-alikes."""

from __future__ import annotations

from zhiren.nlp.formulas import (
    find_declarations,
    find_kin_names,
    find_lineage_names,
    find_ordinal_kin,
    find_women_by_surname,
)
from zhiren.nlp.found import Found


def spans(text: str, found: list[Found]) -> list[tuple[str, str]]:
    return [(text[f.start : f.end], f.name_type) for f in found]


def test_declarations_give_each_name_its_kind() -> None:
    text = "公讳国藩，字伯涵，号涤生，湖南湘乡人。"
    assert spans(text, find_declarations(text)) == [
        ("国藩", "taboo"), ("伯涵", "courtesy"), ("涤生", "art")
    ]  # fmt: skip


def test_declarations_without_punctuation_stop_at_the_next_marker() -> None:
    text = "盛宣怀字杏荪号愚斋"
    assert spans(text, find_declarations(text)) == [("杏荪", "courtesy"), ("愚斋", "art")]


def test_posthumous_and_former_names() -> None:
    text = "谥文正。原名子城。"
    assert spans(text, find_declarations(text)) == [("文正", "posthumous"), ("子城", "other")]


def test_ordinary_words_with_the_markers_are_not_declarations() -> None:
    text = "避讳之文字甚多，年号为光绪，号召众人，因以女许字焉。"
    assert find_declarations(text) == []


def test_overlong_run_is_cut_to_the_usual_length_with_a_lower_score() -> None:
    (found,) = find_declarations("字伯涵湖南湘乡人也")
    assert (found.start, found.end) == (1, 3)
    assert found.score < 0.9


def test_women_known_by_natal_surname_after_a_kin_term() -> None:
    text = "妣彭氏，诰赠一品夫人。配李氏。曾氏祖籍衡阳。"
    assert spans(text, find_women_by_surname(text)) == [("彭氏", "kin"), ("李氏", "kin")]


def test_child_lists_and_kin_births() -> None:
    text = "生子三：纪泽、纪鸿、纪静。五月，公弟国潢生，"
    assert spans(text, find_kin_names(text)) == [
        ("纪泽", "given"), ("纪鸿", "given"), ("纪静", "given"), ("国潢", "given")
    ]  # fmt: skip


def test_child_list_in_genealogy_spacing_with_notes() -> None:
    text = "妣张氏 子四 显（止） 颛（止） 颖 灏 公妣附葬"
    assert [n for n, _ in spans(text, find_kin_names(text))] == ["显", "颛", "颖", "灏"]


def test_daughters_married_to() -> None:
    text = "女三 长适王文 次适同邑李某。适如梦时"
    assert [n for n, _ in spans(text, find_kin_names(text))] == ["王文", "李某"]


def test_lineage_line_heads_and_fathers() -> None:
    text = "颖 濬公三子 诰封文林郎\n庙荣 未详子 迁桐始祖"
    assert spans(text, find_lineage_names(text)) == [
        ("颖", "given"), ("庙荣", "given"), ("濬", "given")
    ]  # fmt: skip


def test_brothers_by_their_place_in_the_family() -> None:
    text = "六弟、九弟在省城读书，四兄处已寄家信。公三兄弟皆在。"
    assert [text[f.start : f.end] for f in find_ordinal_kin(text)] == ["六弟", "九弟", "四兄"]


def test_the_letter_formula_zi_yu_declares_no_courtesy_name() -> None:
    assert find_declarations("字谕纪泽儿：接尔来禀") == []
    assert find_declarations("霆字营分为两军") == []


def test_zi_before_a_count_and_a_unit_names_a_battalion() -> None:
    """振字、开字两营, 宏字两营, 振字营: battalions named by a character, not a 字 declared."""
    text = "令振字、开字两营移守，督率宏字两营及炮兵，林文察，字密卿"
    assert [text[f.start : f.end] for f in find_declarations(text)] == ["密卿"]


def test_zi_and_a_quantity_is_no_list_of_sons_and_zi_zhi_no_declaration() -> None:
    """马子五十二万, 弹子三百万: cartridges by the ten thousand (子 ends a word), not 子五 "five sons"
    and the names after; 「倭」字之误 is "a slip for the character 倭", not 字 + a courtesy name 之误."""
    text = "马子五十二万、炮药一万二十磅。无烟药弹子三百万，每千颗五十四两"
    assert find_kin_names(text) == []
    assert find_declarations("来电「俄」舰是否「倭」字之误？") == []
    text = "生子十二：甲、乙"
    assert [n for n, _ in spans(text, find_kin_names(text))] == ["甲", "乙"]


def test_an_uncle_with_fu_and_a_sister_by_her_place_among_siblings() -> None:
    """曾纪泽's diary: 一禀呈九叔父 (his ninth uncle, 曾国荃), 与内人、仲妹久谈 (his second sister); not the
    four places themselves (伯仲叔季) nor 三兄弟 ("three brothers")."""
    text = "写一禀呈九叔父，与内人、仲妹久谈。伯仲叔季，三兄弟。"
    assert [text[f.start : f.end] for f in find_ordinal_kin(text)] == ["九叔父", "仲妹"]


def test_ling_zi_is_writing_odd_characters_not_a_courtesy_name() -> None:
    """曾纪泽's diary: 写零字良久 ("wrote odd characters a long while"), not 字 + 良久."""
    assert find_declarations("清捡各种钞件。写零字良久。子正睡。") == []


def test_zi_declares_a_courtesy_name_starting_with_zhi_but_not_after_a_quoted_character() -> None:
    """之 starts courtesy names (王某，字之纯; 字之洞); only a 字 right after a closing quote names the
    quoted character itself (「倭」字之误, “倭”字之讹: 'a slip for the character 倭')."""
    text = "王某，字之纯，号某山。李某字之洞"
    assert [n for n, _ in spans(text, find_declarations(text))] == ["之纯", "某山", "之洞"]
    assert find_declarations("来电「俄」舰是否「倭」字之误？") == []
    assert find_declarations("“倭”字之讹，『俄』字样") == []


def test_hao_of_an_examination_hall_s_seats_and_cells_declares_no_name() -> None:
    """左宗棠's memorial on two examinees: 乘弟兄号舍相联 (their cells side by side) and 致被联号得以参改旧作 (the
    adjoining seats): 号舍 and 联号 are the hall's words; 自号X and X号Y still declare."""
    assert find_declarations("乘弟兄号舍相联默记旧作。致被联号得以参改旧作。") == []
    text = "国藩号涤生。自号愚斋。"
    assert spans(text, find_declarations(text)) == [("涤生", "art"), ("愚斋", "art")]
