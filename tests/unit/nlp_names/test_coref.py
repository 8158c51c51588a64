"""Surname + 公 or 君 referring back to a named person."""

from __future__ import annotations

from zhiren.nlp.coref import (
    county_references,
    given_name_speakers,
    lone_characters,
    posthumous_references,
    style_references,
    surname_references,
)
from zhiren.nlp.found import Found


def test_surname_gong_after_a_full_name_refers_to_it() -> None:
    text = "江公忠源至。江公素以任侠自喜。尤公至好。"
    antecedent = Found(0, 4, "full", "honorific", 0.85, normalized="江忠源", person_id="j", person_name="江忠源")
    found = surname_references(text, [antecedent], frozenset())
    assert [(text[f.start : f.end], f.person_id) for f in found] == [("江公忠源", "j"), ("江公", "j")]


def test_surname_jun_refers_to_the_nearest_full_name_of_that_surname() -> None:
    """沈君 after 沈寿榕 is him, not the 沈经翁 (沈桂芬) named before: the reference carries his name."""
    text = "沈经翁嘱转致，盐道沈寿榕有才可用。沈君系敝幕之父。"
    found = [Found(0, 3, "title", "style", 0.9, person_id="s"), Found(9, 12, "full", "apposition", 0.75)]
    refs = [(text[f.start : f.end], f.normalized, f.person_id) for f in surname_references(text, found, frozenset())]
    assert refs[-1] == ("沈君", "沈寿榕", None)


def test_the_model_s_surname_gong_takes_its_antecedent() -> None:
    """The model found 李公 but knows nobody behind it: the reference to 李臣典 replaces it."""
    text = "李臣典攻城。李公奋勇先登。"
    li, model_gong = Found(0, 3, "full", "ner", 0.8), Found(6, 8, "full", "ner", 0.8)
    found = surname_references(text, [li, model_gong], frozenset())
    assert [(text[f.start : f.end], f.method, f.normalized) for f in found][-1] == ("李公", "coref", "李臣典")


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


def test_the_model_s_lone_characters_stand_only_as_given_names_or_listed_initials() -> None:
    """亮 after 诸葛亮 and 澄、沅 before 两弟 are names; 恭 of 恭报 and 允 of 允之 are words."""
    text = "诸葛亮至。亮曰可。恭报起程。奉旨允之。澄、沅两弟左右"
    full = Found(0, 3, "full", "ner", 0.8)
    lone = [Found(i, i + 1, "given", "ner", 0.5) for i in (5, 9, 16, 19, 21)]
    signature = Found(17, 18, "given", "letter", 0.75, role="sender")  # a rule's is kept
    kept = lone_characters(text, [full, *lone, signature])
    assert [text[f.start : f.end] for f in kept] == ["诸葛亮", "亮", "之", "澄", "沅"]


def test_a_new_full_name_before_a_pause_is_kept() -> None:
    """李公鹤年、: the list's mark after it says 鹤年 is his name, not a verb going on from 李公."""
    text = "李公鸿章驻军大名；李公鹤年、英翰公皆引兵"
    li = Found(0, 4, "full", "honorific", 0.85, normalized="李鸿章")
    other = Found(9, 13, "full", "honorific", 0.85, normalized="李鹤年")
    found = surname_references(text, [li, other], frozenset())
    assert [text[f.start : f.end] for f in found] == ["李公鸿章", "李公鹤年"]


def test_a_name_cut_back_to_surname_gong_is_no_antecedent() -> None:
    """林公赴工 read as a new 林赴工 becomes 林公, 林文忠公's; the 林公 after it is his too, not 林赴工's."""
    text = "林文忠公至粤。亦命林公赴工效力。林公还朝。"
    lin = Found(0, 4, "posthumous", "honorific", 0.75)
    wrong = Found(9, 13, "full", "honorific", 0.85, normalized="林赴工")
    found = surname_references(text, [lin, wrong], frozenset())
    assert [(text[f.start : f.end], f.normalized) for f in found] == [
        ("林文忠公", None), ("林公", "林文忠公"), ("林公", "林文忠公")
    ]  # fmt: skip


def test_a_two_character_manchu_name_s_first_syllable_with_gong_or_xiang() -> None:
    """裕谦 and 琦善 are whole names without a Chinese surname: 裕公 and 琦相 (the grand secretary) are
    they; 鸿章 is 李鸿章's given name, so 鸿公 is not his, and 相见 after 琦 is a word."""
    text = "裕谦至。裕公驻城内。琦善议和，琦相力主之。鸿章至，鸿公。琦相见。"
    yu = Found(0, 2, "full", "gazetteer", 0.9, person_id="y", person_name="裕谦")
    qi = Found(10, 12, "full", "gazetteer", 0.9, person_id="q", person_name="琦善")
    guo = Found(21, 23, "full", "gazetteer", 0.9, person_id="z", person_name="李鸿章")
    found = surname_references(text, [yu, qi, guo], frozenset())
    assert [(text[f.start : f.end], f.person_id) for f in found if f.method == "coref"] == [
        ("裕公", "y"), ("琦相", "q")
    ]  # fmt: skip


def test_a_posthumous_name_alone_refers_to_the_man_named_by_it_with_gong() -> None:
    """文正 after 曾文正公 is he (the model's 文正 too); 文忠 after both 胡文忠公 and 林文忠公 is left
    unread; 文正 before any 文正公 is no one's."""
    text = "文正至。曾文正公督师江西。文正许诺。胡文忠公至，林文忠公至。文忠曰可。文正公曰善。"
    zeng, hu, lin = (Found(s, s + 4, "posthumous", "honorific", 0.75) for s in (4, 18, 24))
    model = Found(13, 15, "given", "ner", 0.8)
    found = posthumous_references(text, [zeng, model, hu, lin])
    assert [(text[f.start : f.end], f.normalized) for f in found if f.method == "coref"] == [
        ("文正", "曾文正公"), ("文正公", "曾文正公")
    ]  # fmt: skip
    assert model not in found


def test_a_county_written_before_a_posthumous_name_stands_for_the_man_alone() -> None:
    """大学士蒲城王文恪公 … 蒲城还朝 … 急诣蒲城之宅: 蒲城 is 王鼎; not where it is the place (至蒲城, 蒲城县),
    nor a post before the name (总兵葛壮节公 … 三总兵)."""
    text = "大学士蒲城王文恪公临塞决口。蒲城还朝。急诣蒲城之宅。至蒲城。蒲城县。总兵葛壮节公至。三总兵战死。"
    wang = Found(5, 9, "posthumous", "honorific", 0.75, person_id="w")
    ge = Found(text.index("葛"), text.index("葛") + 4, "posthumous", "honorific", 0.75)
    found = county_references(text, [wang, ge])
    assert [(text[f.start : f.end], f.normalized, f.person_id) for f in found if f.method == "coref"] == [
        ("蒲城", "王文恪公", "w"), ("蒲城", "王文恪公", "w")
    ]  # fmt: skip


def test_two_characters_that_end_another_mention_are_no_county() -> None:
    """合肥李公以曾文正公奏荐 … 公以千总从: 公以 holds the 公 of 李公, so it is no county of 曾文正公's."""
    text = "合肥李公以曾文正公奏荐。公以千总从。"
    li = Found(2, 4, "title", "style", 0.8, person_id="l")
    zeng = Found(5, 9, "posthumous", "gazetteer", 0.9, person_id="z")
    assert county_references(text, [li, zeng]) == [li, zeng]


def test_a_name_and_gong_whose_first_character_is_a_verb_before_a_reference() -> None:
    """痛裕公之为步云所卖: the honorific rule read a name 痛裕 + 公; 裕公 is 裕谦, 痛 the verb before him.
    A known name + 公 stays (竹亭公)."""
    text = "裕谦至。痛裕公之为步云所卖也。竹亭公至。"
    yu = Found(0, 2, "full", "gazetteer", 0.9, person_id="y", person_name="裕谦")
    tongyu = Found(4, 7, "title", "honorific", 0.75, normalized="痛裕")
    zhuting = Found(15, 18, "title", "honorific", 0.75, normalized="竹亭")
    found = surname_references(text, [yu, tongyu, zhuting], frozenset({"竹亭"}))
    assert [(text[f.start : f.end], f.person_id) for f in found] == [("裕谦", "y"), ("裕公", "y"), ("竹亭公", None)]


def test_a_lone_given_name_character_reads_as_its_full_name() -> None:
    """鼐因言于文正曰 after 陈鼐: the model's 鼐 is 陈鼐 and links as he does; 亮 after both 诸葛亮 and
    王亮 is left as it is."""
    text = "陈鼐与傅相同年。鼐因言。诸葛亮、王亮至。亮曰可。"
    chen = Found(0, 2, "full", "gazetteer", 0.9, person_id="c", person_name="陈鼐")
    zhuge, wang = Found(12, 15, "full", "ner", 0.8), Found(16, 18, "full", "ner", 0.8)
    nai, liang = Found(8, 9, "given", "ner", 0.5), Found(20, 21, "given", "ner", 0.5)
    kept = lone_characters(text, [chen, nai, zhuge, wang, liang])
    assert [(text[f.start : f.end], f.normalized, f.person_id) for f in kept if f.end - f.start == 1] == [
        ("鼐", "陈鼐", "c"), ("亮", None, None)
    ]  # fmt: skip


def test_a_whole_name_and_gong_is_an_antecedent() -> None:
    """江公出参副都统乌兰泰公军事。乌公既遇伏殉难: 乌兰泰公 (the honorific rule's name + 公) is 乌公's man."""
    text = "出参副都统乌兰泰公军事。乌公既遇伏殉难"
    wulantai = Found(5, 9, "title", "honorific", 0.75, normalized="乌兰泰")
    found = surname_references(text, [wulantai], frozenset())
    assert [(text[f.start : f.end], f.normalized) for f in found] == [("乌兰泰公", "乌兰泰"), ("乌公", "乌兰泰")]


def test_a_one_character_given_name_opening_a_clause_and_speaking() -> None:
    """鼐因言于文正曰 and “…”鼐曰 after 陈鼐: he; not 鼐 before 陈鼐 is named, nor inside a clause (钟鼐曰)."""
    text = "鼐曰可。陈鼐与傅相同年。鼐因言于文正曰。“何不回京？”鼐曰。钟鼐曰"
    chen = Found(4, 6, "full", "gazetteer", 0.9, person_id="c", person_name="陈鼐")
    found = given_name_speakers(text, [chen])
    assert [(f.start, f.normalized, f.person_id) for f in found if f.method == "coref"] == [
        (text.index("鼐因"), "陈鼐", "c"), (text.index("鼐曰。钟"), "陈鼐", "c")
    ]  # fmt: skip


def test_a_given_name_that_is_a_regex_character_is_that_character() -> None:
    """The model reads names in modern text that end in * or . (王*, 王.): the character is looked for
    as itself, not as a pattern (王* raised re.error in the accurate mode on bench text; . matched 鼐)."""
    star = [Found(0, 2, "full", "ner", 0.8)]
    assert [f.start for f in given_name_speakers("王*至。*曰：", star)] == [0, 4]
    dot = [Found(0, 2, "full", "ner", 0.8)]
    assert given_name_speakers("王.至。鼐曰", dot) == dot


def test_a_one_character_given_name_opening_a_clause_and_acting() -> None:
    """璈性固骄恣, 。璈独上言, 且璈之遏饷 after 刘璈 (whom the authority knows): he, at a clause's opening or
    after a particle opening one; not where the character and the next make a word (鼎盛 after 王鼎), nor
    for a name the model read that no one bears (李公 … 。公乃率亲卒: 公 opens most clauses of a biography)."""
    text = "刘璈者，旧部也。璈性固骄恣。璈独上言，且璈之遏饷。"
    liu = Found(0, 2, "full", "gazetteer", 0.9, person_id="l", person_name="刘璈")
    found = [f for f in given_name_speakers(text, [liu]) if f.method == "coref"]
    assert [(text[f.start : f.start + 2], f.normalized, f.person_id) for f in found] == [
        ("璈性", "刘璈", "l"), ("璈独", "刘璈", "l"), ("璈之", "刘璈", "l")
    ]  # fmt: skip
    text = "王鼎至。鼎盛于时。鼎独上言"
    wang = Found(0, 2, "full", "gazetteer", 0.9, person_id="w", person_name="王鼎")
    assert [f.start for f in given_name_speakers(text, [wang]) if f.method == "coref"] == [text.index("鼎独")]
    text = "李公忧其孤。公乃率亲卒"
    model = Found(0, 2, "full", "ner", 0.8)
    assert given_name_speakers(text, [model]) == [model]


def test_a_posthumous_name_alone_after_the_surname_and_posthumous_name_of_one_man() -> None:
    """李公江苏之功推程忠烈 … 忠烈攻嘉兴遽战死: 忠烈 is the 程学启 the linked 程忠烈 named; a surname + 谥 no
    one was linked with names no one (罗忠节, unread, leaves 忠节 a word of praise)."""
    text = "李公江苏之功推程忠烈。忠烈攻嘉兴遽战死。罗忠节至。忠节专祠"
    cheng = Found(7, 10, "posthumous", "style", 0.8, person_id="c", person_name="程学启")
    luo = Found(text.index("罗"), text.index("罗") + 3, "posthumous", "style", 0.8)
    found = posthumous_references(text, [cheng, luo])
    assert [(text[f.start : f.end], f.person_id) for f in found if f.method == "coref"] == [("忠烈", "c")]


def test_surname_gong_and_jun_after_a_linked_surname_and_style_refer_to_its_man() -> None:
    """吴大廷's 年谱: 李希庵 (李续宜 by surname + 号) … 李公, 叶介唐 (叶兆兰) … 叶君; not after a 字 alone
    (希庵 … 李公),
    nor after a surname + 字 linked to a man of another surname."""
    text = "始见李希庵中丞。叶介唐到鄂。李公及叶君情意真挚。"
    li = Found(2, 5, "art", "style", 0.9, person_id="li", person_name="李续宜")
    ye = Found(8, 11, "courtesy", "style", 0.9, person_id="ye", person_name="叶兆兰")
    found = surname_references(text, [li, ye], frozenset())
    assert [(text[f.start : f.end], f.person_id) for f in found][2:] == [("李公", "li"), ("叶君", "ye")]
    alone = "希庵至。李公来。"
    xian = Found(0, 2, "art", "gazetteer", 0.9, person_id="li", person_name="李续宜")
    assert [alone[f.start : f.end] for f in surname_references(alone, [xian], frozenset())] == ["希庵"]
    other = Found(2, 5, "courtesy", "style", 0.9, person_id="x", person_name="王某某")
    assert [text[f.start : f.end] for f in surname_references(text, [other], frozenset())] == ["李希庵"]


def test_a_style_alone_after_one_man_so_styled_with_his_surname_refers_to_him() -> None:
    """曾节相 … 谒节相: 节相 alone is the 曾节相 named before, read so; not the rank conferred (既晋宫保衔, 加宫保),
    nor where men of two surnames bore the style before (李宫保 … 左宫保 … 宫保), nor before any was named."""
    text = "宫保来。与曾节相勾留。次日，谒节相，既晋宫保衔。"
    zeng = Found(5, 8, "title", "honorific", 0.85, person_id="z", person_name="曾国藩")
    found = style_references(text, [zeng])
    assert [(text[f.start : f.end], f.normalized, f.person_id) for f in found] == [
        ("曾节相", None, "z"), ("节相", "曾节相", "z")
    ]  # fmt: skip
    text = "李宫保至。左宫保亦至。宫保来。"
    two = [Found(0, 3, "title", "honorific", 0.85), Found(5, 8, "title", "honorific", 0.85)]
    assert style_references(text, two) == two
