"""A full name found once in a document is a name wherever else the document writes it."""

from __future__ import annotations

from zhiren.nlp.extract import Extractor
from zhiren.nlp.found import Found
from zhiren.nlp.recurrence import recurring_names


def test_each_other_occurrence_of_a_found_full_name_is_a_mention() -> None:
    """郭嵩焘's diary: 姚彦嘉 is read once (a list, a formula, the model) and written four times."""
    text = "此节实受姚彦嘉之累。姚彦嘉谓出自刘锡鸿之诬造。并函报姚彦嘉，亦姚彦嘉之授之隙。"
    first = text.index("姚彦嘉")
    found = recurring_names(text, [Found(first, first + 3, "full", "frame", 0.7)])
    assert [(f.start, text[f.start : f.end]) for f in found] == [
        (at, "姚彦嘉") for at in range(len(text)) if text.startswith("姚彦嘉", at) and at != first
    ]


def test_not_inside_another_mention_nor_before_a_name_s_next_character_nor_two_characters() -> None:
    """The second 张之万 runs on into 张之万里 (里 follows no name); a two-character 兰亭 (a 字, and the
    word of 兰亭序) is not repeated; nor is anything without a name found."""
    text = "张之万来。张之万里。兰亭来。兰亭序"
    found = [Found(0, 3, "full", "frame", 0.7), Found(10, 12, "courtesy", "frame", 0.7)]
    assert recurring_names(text, found) == []
    assert recurring_names(text, []) == []


def test_the_fast_mode_reads_a_caller_again_where_no_formula_names_him() -> None:
    text = "初一日。刘和伯来谈。刘和伯在《申报》局多年，行迹绝可疑。"
    found = [m["text"] for m in Extractor(statistical=False).extract(text)["mentions"]]
    assert found == ["刘和伯", "刘和伯"]


def test_not_the_end_of_a_compound_surname_s_name() -> None:
    """A caller 葛亮工 or 孙无忌 is not read again in 诸葛亮工于谋 ('Zhuge Liang was skilled at
    strategy') or 长孙无忌之传, where 于 and 之 follow a name: the two characters before are 诸葛 and 长孙."""
    text = "葛亮工来谈。诸葛亮工于谋，孙无忌来。读长孙无忌之传。"
    found = [Found(0, 3, "full", "frame", 0.7), Found(13, 16, "full", "frame", 0.7)]
    assert recurring_names(text, found) == []
    found = [m["text"] for m in Extractor(statistical=False).extract(text)["mentions"]]
    assert found == ["葛亮工", "孙无忌"]


def test_the_given_name_of_a_full_name_found_opening_a_clause_is_the_man() -> None:
    """夜令壮士邓长安、梁复初冒雨蛇行 … （复初被敌追战死，长安生还）: 复初 is 梁复初; 长安 (the city, a word the
    dictionary knows) is left to the other finders; inside a clause the two characters are no one's."""
    text = "夜令壮士邓长安、梁复初冒雨蛇行（复初被敌追战死，长安生还）。又复初之"
    found = [Found(4, 7, "full", "apposition", 0.75), Found(8, 11, "full", "apposition", 0.75)]
    added = recurring_names(text, found)
    assert [(text[f.start : f.end], f.name_type, f.normalized) for f in added] == [("复初", "given", "梁复初")]


def test_the_given_name_after_a_verb_of_company_or_before_deng_or_wei_in_a_journal() -> None:
    """马建忠's journal: 二品参判赵准永 … 留准永等同饭舟中 … 中流见准永自日舶下 … 饭毕准永谓: 准永 is 赵准永 after
    留, 见 and before 等, 谓 too; inside a clause otherwise it is still no one's (又准永之)."""
    text = "派二品参判赵准永为伴。留准永等同饭舟中，饭毕准永谓：中流见准永自日舶下。又准永之"
    found = [Found(5, 8, "full", "apposition", 0.75)]
    added = recurring_names(text, found)
    assert [(f.start, text[f.start : f.end], f.normalized) for f in added] == [
        (12, "准永", "赵准永"), (22, "准永", "赵准永"), (29, "准永", "赵准永")
    ]  # fmt: skip


def test_a_surname_and_one_character_a_post_found_recur_where_they_make_no_word() -> None:
    """镜湖自撰年谱: 盗首高成 (a pirate chief, found after the post) is 高成 wherever the chronicle writes
    him again, but not in 高成果来 (成果, "result", is a word), nor where the model read him (its two
    characters are as often a place)."""
    text = "盗首高成领伙居城中。外人恨高成，并谓高成认提军为义父。高成果来。"
    first = text.index("高成")
    found = recurring_names(text, [Found(first, first + 2, "full", "apposition", 0.75)])
    assert [text[f.start : f.end] for f in found] == ["高成", "高成"]
    assert recurring_names(text, [Found(first, first + 2, "full", "model", 0.9)]) == []


def test_a_full_name_recurs_before_any_character_it_makes_no_word_with() -> None:
    """张广川 again before 店 (张广川店中), 无 (张广川无罪), 现 (张广川现住): the name's last character makes no
    word with the next, so the name ends there; 张之万里 still holds 万里 ("ten thousand li")."""
    text = "绍兴张广川，以生意起家。即在张广川店中先提十万。亦明知张广川无罪。张之万来。张之万里。"
    first, zhang = text.index("张广川"), text.index("张之万")
    found = recurring_names(
        text, [Found(first, first + 3, "full", "apposition", 0.75), Found(zhang, zhang + 3, "full", "frame", 0.7)]
    )
    assert sorted(text[f.start : f.end] for f in found) == ["张广川", "张广川"]


def test_a_son_by_one_character_and_er_written_again_and_again() -> None:
    """镜湖自撰年谱: 喆儿 (段光清's son) opening a clause and after 命, 调, 与; not 女儿 or 孤儿 (words), 一儿 (a
    numeral's), 儿女, nor a 某儿 written once."""
    from zhiren.nlp.recurrence import recurring_sons

    text = "喆儿时官广东，常与喆儿家眷来往。李宫保欲命喆儿带兵。一儿一女，女儿、孤儿皆在。其儿女。宝儿来。"
    found = recurring_sons(text, [])
    assert sorted(f.start for f in found) == [i for i in range(len(text)) if text.startswith("喆儿", i)]
