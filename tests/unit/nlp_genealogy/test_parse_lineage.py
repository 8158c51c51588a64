"""parse_lineage on small hand-made texts: both layouts, links, repairs, bad input."""

from __future__ import annotations

from zhiren.nlp.genealogy import parse_lineage

ISSUE_LINE = ("延志 宏衮三子 字凤山 生于康熙甲戌年七月十四申时。配陶冲驲王子滔之女。"
              "生于康熙丁亥年六月二十六亥时。生子一 驷。女三 长适雷苍璧 次适陈少康 三适倪芳。")


def test_one_line_layout_from_the_issue() -> None:
    result = parse_lineage(ISSUE_LINE, surname="吴")
    (person,) = result.persons
    assert (person.name, person.father, person.birth_order, person.courtesy_name) == ("延志", "宏衮", 3, "凤山")
    assert person.birth is not None and person.birth.date is not None
    assert (person.birth.date.year, person.birth.date.hour) == (1694, "申时")
    (wife,) = person.spouses
    assert (wife.surname, wife.father_name) == ("王", "王子滔")
    assert wife.birth is not None and wife.birth.date is not None and wife.birth.date.year == 1707
    assert [c.name for c in person.children] == ["驷"]
    assert [(d.order, d.married_to) for d in person.daughters] == [(1, "雷苍璧"), (2, "陈少康"), (3, "倪芳")]
    assert person.to_json(result.surname)["full_name"] == "吴延志"


GENERATIONS = """第一世:
庙荣 未详子 妣费夫人 子一 元济 公妣合葬祖居后壬山丙向有碑
第二世:
元济 庙荣公子 妣华氏 子三 浚 濬 渊（止）
第三世:
浚 元济长子 宇子深 妣李氏 子一 祺
濬 元济次子 妣张氏 子二 显（殇） 颖
"""


def test_generation_layout_links_fathers_and_sons() -> None:
    result = parse_lineage(GENERATIONS, surname="吴")
    by_name = {p.name: p for p in result.persons}
    assert [p.generation for p in result.persons] == [1, 2, 3, 3]
    assert by_name["元济"].father == by_name["庙荣"].local_id
    assert by_name["浚"].father == by_name["元济"].local_id and by_name["浚"].birth_order == 1
    assert by_name["庙荣"].father is None
    sons = by_name["元济"].children
    assert [(c.name, c.local_id) for c in sons] == [("浚", by_name["浚"].local_id),
                                                    ("濬", by_name["濬"].local_id), ("渊", None)]
    assert sons[2].notes == ["line-ended"]
    assert by_name["濬"].children[0].died_young
    assert by_name["庙荣"].burial == "祖居后"


def test_courtesy_name_repair_is_logged_with_original() -> None:
    result = parse_lineage(GENERATIONS, surname="吴")
    assert {p.name: p.courtesy_name for p in result.persons}["浚"] == "子深"
    (repair,) = [r for r in result.repairs if r.rule == "zi-courtesy-name"]
    assert GENERATIONS[repair.offset] == "宇" and repair.repaired == "字"


def test_yu_inside_a_courtesy_name_is_left_alone() -> None:
    result = parse_lineage("鸣鸾 权公三子 字和宇 配高氏 子一 之湘\n")
    assert result.persons[0].courtesy_name == "和宇" and result.repairs == []


def test_abbreviated_and_misread_father_references() -> None:
    text = ("第一世:\n鸣凤 未详子 配徐氏 子二 之鹍 之鹏\n第二世:\n"
            "之鹍 凤公长子 配凌氏\n之鹏 鸣风次子 配张氏\n")
    result = parse_lineage(text)
    father, first, second = result.persons
    assert first.father == father.local_id and second.father == father.local_id
    (repair,) = result.repairs
    assert (repair.original, repair.repaired, repair.rule) == ("风", "凤", "father-ref-by-lineage")
    assert text[repair.offset] == "风"


def test_name_repaired_when_lineage_outvotes_it() -> None:
    text = ("第一世:\n期觉 未详子 配杨氏 子二 审忠 宝忠\n第二世:\n沈忠 觉公长子 配杨氏 子二 仲庄 仲主\n"
            "宝忠 觉公次子 配桂氏\n第三世:\n仲庄 审忠长子 配杨氏\n仲主 审忠次子 配吴氏\n")
    result = parse_lineage(text)
    shen = result.persons[1]
    assert shen.name == "审忠" and shen.name_variants == ["沈忠"]
    assert [p.father for p in result.persons[3:]] == [shen.local_id, shen.local_id]
    assert any(r.rule == "name-by-lineage" and text[r.offset] == "沈" for r in result.repairs)


def test_father_given_by_name_when_not_in_text() -> None:
    (person,) = parse_lineage("延志 宏太之子 字凤山\n").persons
    assert (person.father, person.birth_order) == ("宏太", None)


def test_unparsed_lines_are_kept_with_a_reason() -> None:
    text = "第一世:\n庙荣 未详子 妣费夫人\n以上俱系老谱所载\n\n"
    result = parse_lineage(text)
    (unparsed,) = result.unparsed
    assert unparsed.text == "以上俱系老谱所载" and unparsed.line == 3 and unparsed.reason
    assert text[unparsed.start:unparsed.end] == unparsed.text


def test_father_cycle_is_reported() -> None:
    text = "甲乙 丙丁子 子一 丙丁\n丙丁 甲乙子 子一 甲乙\n"
    result = parse_lineage(text)
    (problem,) = result.problems
    assert problem.code == "father-cycle" and set(problem.local_ids) == {"L1", "L2"}


def test_offsets_refer_to_the_text_as_given() -> None:
    text = "前言\r\n" + ISSUE_LINE + "\n"
    result = parse_lineage(text)
    (person,) = result.persons
    assert text[person.start:person.end] == ISSUE_LINE
    assert person.birth is not None and text[person.birth.start:person.birth.end] == person.birth.text
    assert text[person.children[0].start] == "驷"
    json_out = result.to_json()
    assert json_out["persons"][0]["source"]["line"] == 2 and json_out["unparsed"][0]["line"] == 1


def test_wife_death_and_ambiguous_reign_year_placed_after_birth() -> None:
    line = "文先 仲万三子 字子浪 康熙壬寅年七月二十七日申时生 配彭氏 雍正癸丑年四月二十九日申时公故 康熙壬寅年彭妣故\n"
    (person,) = parse_lineage(line).persons
    assert person.birth is not None and person.birth.date is not None
    assert person.birth.date.error is not None  # 康熙壬寅 is 1662 or 1722: no context here
    assert person.death is not None and person.death.date is not None and person.death.date.year == 1733
    (wife,) = person.spouses
    assert wife.death is not None and wife.death.text == "康熙壬寅年"


def test_empty_and_garbage_input_never_raise() -> None:
    assert parse_lineage("").persons == []
    result = parse_lineage("\x00\ufeff 子子子 女女 配配\n第世:\n")
    assert len(result.unparsed) == 2 and result.persons == []


def test_genealogy_name_and_rank() -> None:
    (person,) = parse_lineage("延志 宏衮三子 谱名宗泰 行五 字凤山 号梧村 配王氏\n").persons
    assert (person.genealogy_name, person.rank, person.courtesy_name, person.art_name) == (
        "宗泰", 5, "凤山", "梧村")


def test_misread_zi_ending_the_father_reference() -> None:
    text = "第壹世:\n鸣凤 未详子 配徐氏 子一 之鹍\n第贰世:\n之鹍 鸣凤长于 配凌氏\n"
    result = parse_lineage(text)
    father, son = result.persons
    assert son.father == father.local_id and son.generation == 2
    (repair,) = result.repairs
    assert (text[repair.offset], repair.repaired, repair.rule) == ("于", "子", "father-ref-zi")


def test_entry_continued_on_the_next_line() -> None:
    text = "第三世:\n浚 元济长子 字子深 妣李氏\n  子一 祺 公妣俱附葬马家塘上\n以上俱系老谱所载\n"
    result = parse_lineage(text)
    (person,) = result.persons
    assert [c.name for c in person.children] == ["祺"] and person.burial == "马家塘上"
    assert text[person.start:person.end] == "浚 元济长子 字子深 妣李氏\n  子一 祺 公妣俱附葬马家塘上"
    assert [u.text for u in result.unparsed] == ["以上俱系老谱所载"]


def test_other_spouse_and_son_wordings() -> None:
    line = "延志 宏衮三子 字凤山 诞于康熙甲戌年七月十四日 元配王氏 继室李氏 生二子 驷 骥 妾张氏\n"
    (person,) = parse_lineage(line).persons
    assert [(s.kind, s.surname) for s in person.spouses] == [("元配", "王"), ("继室", "李"), ("妾", "张")]
    assert [c.name for c in person.children] == ["驷", "骥"]
    assert person.birth is not None and person.birth.date is not None and person.birth.date.year == 1694


def test_shi_misread_at_the_end_of_a_wife_entry() -> None:
    text = "第十丗:\n延志 宏衮三子 配王民 继配李氐 子一 驷\n"
    result = parse_lineage(text)
    (person,) = result.persons
    assert person.generation == 10
    assert [s.surname for s in person.spouses] == ["王", "李"]
    assert [(text[r.offset], r.rule) for r in result.repairs] == [("民", "shi-surname"), ("氐", "shi-surname")]


def test_people_named_min_are_not_touched() -> None:
    result = parse_lineage("延志 宏衮三子 字凤山 配王氏 子二 国民 安民\n")
    assert [c.name for c in result.persons[0].children] == ["国民", "安民"] and result.repairs == []
