"""The run-time name list."""

from __future__ import annotations

from zhiren.nlp.found import Found
from zhiren.nlp.gazetteer import Gazetteer, NameEntry, is_a_province_s_commander

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


LETTER_PERSONS = [
    NameEntry("盛宣怀", "p1", "盛宣怀"),
    NameEntry("杏荪", "p1", "盛宣怀", "courtesy"),
    NameEntry("张之洞", "p2", "张之洞"),
    NameEntry("香涛", "p2", "张之洞", "art"),
    NameEntry("曾纪泽", "p3", "曾纪泽"),
    NameEntry("纪泽", "p3", "曾纪泽", "given"),
    NameEntry("季高", "p4", "左宗棠", "courtesy"),
    NameEntry("季直", "p5", "张謇", "courtesy"),
]


def spans(text: str) -> list[tuple[str, str, str | None, str | None]]:
    found = sorted(Gazetteer(LETTER_PERSONS).find(text))
    return [(text[f.start : f.end], f.name_type, f.normalized, f.person_id) for f in found]


def test_a_surname_before_a_courtesy_name_is_part_of_the_name() -> None:
    assert spans("晤盛杏荪于沪") == [("盛杏荪", "courtesy", None, "p1")]
    assert spans("于杏荪处") == [("杏荪", "courtesy", None, "p1")]  # 于 a preposition here


def test_a_courtesy_name_after_another_surname_is_another_man_s() -> None:
    """晤王杏荪: 王 is not 盛宣怀's surname, so 王杏荪 is another man (陈小舫 in 郭嵩焘's diary is not 严信厚
    字小舫): found whole, with no person.  Not where the surname's character is another name's last
    (克王杏荪: 王 ends 克王, a prince's style) or ends a word (其时杏荪)."""
    assert spans("晤王杏荪于沪") == [("王杏荪", "courtesy", None, None)]
    assert spans("。王杏荪来") == [("王杏荪", "courtesy", None, None)]
    assert spans("惟克王杏荪在") == [("杏荪", "courtesy", None, "p1")]
    # 即 ("that is") names the man: 即容春圃驻扎处也 in 郭嵩焘's diary is 容闳's place, no 祁寯藻's 春圃
    assert spans("即王杏荪驻扎处也") == [("王杏荪", "courtesy", None, None)]
    # A title after says so too, whatever stands before (臬辕董荩臣巡捕: not 荩臣 of another surname)
    assert spans("承办者为臬辕王杏荪巡捕") == [("王杏荪", "courtesy", None, None)]
    assert spans("臬辕王杏荪来") == [("杏荪", "courtesy", None, "p1")]


def test_a_given_name_after_another_surname_is_another_man_s_full_name() -> None:
    """台绅林之钦、吴朝栋: 吴 is not 林朝栋's surname, so 吴朝栋 is another man, found whole with no person;
    after a word's end or a preposition the given name stays its bearer's (字谕纪泽, 于纪泽处)."""
    assert spans("台绅林之钦、吴纪泽各减长夫饷") == [("吴纪泽", "full", None, None)]
    assert spans("字谕纪泽。于纪泽处") == [("纪泽", "given", None, "p3"), ("纪泽", "given", None, "p3")]
    g = Gazetteer([NameEntry("林朝栋", "lz", "林朝栋"), NameEntry("朝栋", "lz", "林朝栋")])  # as biogref lists a 名
    text = "台绅林之钦、吴朝栋各减长夫饷"
    assert [(text[f.start : f.end], f.name_type, f.person_id) for f in g.find(text)] == [("吴朝栋", "full", None)]


def test_styles_and_kin_forms_stand_for_the_listed_name() -> None:
    assert spans("香帅来电") == [("香帅", "title", "香涛", "p2")]
    assert spans("张香帅来电") == [("张香帅", "title", "张香涛", "p2")]
    assert spans("杏翁观察") == [("杏翁", "title", "杏荪", "p1")]
    assert spans("宣儿抵沪") == [("宣儿", "kin", "盛宣怀", "p1")]


def test_zhang_after_a_courtesy_initial_needs_the_surname() -> None:
    """盛杏丈 stands for 盛杏荪; a bare 杏丈 is left to the honorific rule (陈梦陶丈 is no 陶丈)."""
    assert spans("寄盛杏丈信") == [("盛杏丈", "title", "盛杏荪", "p1")]
    assert spans("寄杏丈信") == []


def test_a_courtesy_initial_that_is_also_an_address_word_forms_titles_but_not_kin() -> None:
    """幼丹 (沈葆桢) is 幼翁 and 幼帅 (谓幼翁 is not a 谓 surname's 幼翁); 幼弟 is a youngest brother."""
    g = Gazetteer([NameEntry("沈葆桢", "p7", "沈葆桢"), NameEntry("幼丹", "p7", "沈葆桢", "courtesy")])
    found = [("子和谓幼翁不近人情"[f.start : f.end], f.normalized) for f in g.find("子和谓幼翁不近人情")]
    assert found == [("幼翁", "幼丹")]
    assert g.find("幼弟送往鄂") == []


def test_jue_before_shuai_is_an_ennobled_official_s_style_not_a_courtesy_initial() -> None:
    """刘爵帅 (刘铭传, a baron) is no form of 王之春's 爵棠; 王爵棠 still is."""
    g = Gazetteer([NameEntry("王之春", "p9", "王之春"), NameEntry("爵棠", "p9", "王之春", "courtesy")])
    assert g.find("致台北刘爵帅") == []
    assert [(f.person_id, f.normalized) for f in g.find("王爵棠来电")] == [("p9", None)]


def test_a_given_name_after_its_bearer_s_surname_and_a_post_is_the_whole_reference() -> None:
    """冯军门子材, 王镇孝祺: surname + post + 名 is one reference to 冯子材, as 李公鸿章 is to 李鸿章;
    a post after another surname (吴镇孝祺) leaves the given name alone."""
    g = Gazetteer([
        NameEntry("冯子材", "p10", "冯子材"), NameEntry("子材", "p10", "冯子材"),
        NameEntry("王孝祺", "p11", "王孝祺"), NameEntry("孝祺", "p11", "王孝祺"),
    ])  # fmt: skip
    text = "现派王镇孝祺率八营、冯军门子材率十八营，吴镇孝祺"
    found = [(text[f.start : f.end], f.normalized, f.person_id) for f in g.find(text)]
    assert found == [("王镇孝祺", "王孝祺", "p11"), ("冯军门子材", "冯子材", "p10"), ("孝祺", None, "p11")]


def test_an_initial_of_several_bearers_is_the_one_the_document_names_by_post_or_in_full() -> None:
    """彦帅: 岑毓英's 彦卿 or 吴廷栋's 彦甫; beside 岑宫保 (or 岑毓英) it is 岑 + 彦卿. With nothing
    else, or with both named, it stays nobody's."""
    g = Gazetteer([
        NameEntry("岑毓英", "cen", "岑毓英"), NameEntry("彦卿", "cen", "岑毓英", "courtesy"),
        NameEntry("吴廷栋", "wu", "吴廷栋"), NameEntry("彦甫", "wu", "吴廷栋", "courtesy"),
    ])  # fmt: skip

    def shuai(text: str) -> tuple[str | None, str | None]:
        (f,) = [f for f in g.with_bearers_named(text, g.find(text)) if text[f.start : f.end] == "彦帅"]
        return f.normalized, f.person_id

    assert shuai("致南宁岑宫保。前接彦帅电") == ("岑彦卿", "cen")
    assert shuai("谕知岑毓英矣。前接彦帅电") == ("岑彦卿", "cen")
    assert shuai("前接彦帅电") == (None, None)
    assert shuai("岑宫保、吴廷栋均悉。前接彦帅电") == (None, None)


def test_jue_shuai_after_a_surname_names_an_official_by_post() -> None:
    """刘爵帅 (an ennobled governor) names a 刘 by post, so the 省帅 of the same telegrams is 刘铭传's
    省三, not 陈省三's."""
    g = Gazetteer([
        NameEntry("刘铭传", "liu", "刘铭传"), NameEntry("省三", "liu", "刘铭传", "courtesy"),
        NameEntry("陈省三", "chen", "陈省三"), NameEntry("省三", "chen", "陈省三", "courtesy"),
    ])  # fmt: skip
    text = "致台北刘爵帅。得省帅十七电"
    (f,) = g.with_bearers_named(text, g.find(text))
    assert (text[f.start : f.end], f.normalized, f.person_id) == ("省帅", "刘省三", "liu")


def test_a_county_the_authority_lists_with_a_surname_stands_alone_for_its_great_man() -> None:
    """李合肥 and 李高阳 listed (别名): 合肥 and 高阳 alone are 李鸿章 and 李鸿藻, 高阳文正 with his 谥;
    not the place (驰赴合肥, 安徽合肥, 合肥县), nor a 号 listed so (曾涤生: 涤生 is no county)."""
    g = Gazetteer([
        NameEntry("李鸿章", "hz", "李鸿章"), NameEntry("李合肥", "hz", "李鸿章", "other"),
        NameEntry("李鸿藻", "hy", "李鸿藻"), NameEntry("李高阳", "hy", "李鸿藻", "other"),
        NameEntry("文正", "hy", "李鸿藻", "posthumous"), NameEntry("曾涤生", "zg", "曾国藩", "other"),
    ])  # fmt: skip
    text = "甚至以合肥为可杀。路祭高阳文正师。公祭高阳师"
    found = [(text[f.start : f.end], f.normalized, f.person_id) for f in g.find(text)]
    assert found == [("合肥", "李合肥", "hz"), ("高阳文正", "李高阳", "hy"), ("高阳", "李高阳", "hy")]
    assert g.find("专奏遵旨派员驰赴合肥。安徽合肥人。合肥县。涤生来") == []
    assert g.find("合肥诸乡寨皆被蹂躏。合肥各营") == []  # what the place holds


def test_a_county_before_its_man_s_name_qualifies_the_name() -> None:
    """合肥李文忠公, 合肥李公, 合肥李鸿章: a biographer's "李公 of 合肥", the county no reference of its
    own, and that 李公 the man the authority lists as 李合肥; 高阳文正 (the county and its man's 谥) still
    is one."""
    g = Gazetteer([
        NameEntry("李鸿章", "hz", "李鸿章"), NameEntry("李合肥", "hz", "李鸿章", "other"),
        NameEntry("李鸿藻", "hy", "李鸿藻"), NameEntry("李高阳", "hy", "李鸿藻", "other"),
        NameEntry("文正", "hy", "李鸿藻", "posthumous"),
    ])  # fmt: skip
    for text in ["故大学士合肥李文忠公独创淮军", "同治元年，合肥李公以曾文正公奏荐", "合肥李鸿章至"]:
        assert "合肥" not in [text[f.start : f.end] for f in g.find(text)], text
    assert ("高阳文正", "hy") in [(t[f.start : f.end], f.person_id) for t in ["路祭高阳文正师"] for f in g.find(t)]
    text = "合肥李公以曾文正公奏荐"  # the 李公 of 合肥 is the man the authority lists as 李合肥
    assert ("李公", "李合肥", "hz") in [(text[f.start : f.end], f.normalized, f.person_id) for f in g.find(text)]


def test_a_foreign_commissioner_by_his_name_s_first_syllable_and_a_customs_post() -> None:
    """赫总税司 is 赫德 (赫 is no surname); 德税司, whose syllable begins no name listed, is nobody here."""
    g = Gazetteer([NameEntry("赫德", "hart", "赫德"), NameEntry("鹭宾", "hart", "赫德", "courtesy")])
    text = "传言驻华英公使与赫总税司于调停之事。先电致津关德税司转交"
    assert [(text[f.start : f.end], f.normalized, f.person_id) for f in g.find(text)] == [
        ("赫总税司", "赫德", "hart")
    ]  # fmt: skip


def test_a_courtesy_name_with_xiao_is_found_written_either_way_and_read_as_listed() -> None:
    """徐用仪 字筱云: 徐小云 is he, read as 徐筱云 (the form listed); 小 makes no initial of his (小帅)."""
    g = Gazetteer([NameEntry("徐用仪", "xu", "徐用仪"), NameEntry("筱云", "xu", "徐用仪", "courtesy")])
    text = "军机大臣徐小云侍郎。小帅来"
    found = [(text[f.start : f.end], f.normalized, f.person_id) for f in g.find(text)]
    assert found == [("徐小云", "徐筱云", "xu")]


def test_a_known_name_before_a_kin_term_keeps_it_out_and_shared_initials_name_nobody() -> None:
    assert spans("字谕纪泽儿") == [("纪泽", "given", None, "p3")]
    assert spans("季帅来函") == [("季帅", "title", None, None)]  # 季高 or 季直: the resolver decides


def test_a_manchu_first_syllable_before_a_posthumous_name_and_gong() -> None:
    """塔忠武公 is 塔齐布 (谥 忠武): 塔 is no Chinese surname, so the honorific rule cannot read it;
    before 公 a Chinese surname is still the honorific rule's (胡文忠公)."""
    g = Gazetteer([NameEntry("塔齐布", "p8", "塔齐布"), NameEntry("忠武", "p8", "塔齐布", "posthumous")])
    assert [("公访塔忠武公宅"[f.start : f.end], f.person_id) for f in g.find("公访塔忠武公宅")] == [("塔忠武公", "p8")]
    hu = Gazetteer([NameEntry("胡林翼", "p9", "胡林翼"), NameEntry("文忠", "p9", "胡林翼", "posthumous")])
    assert [("胡文忠公"[f.start : f.end]) for f in hu.find("胡文忠公")] == ["文忠"]


def test_a_manchu_name_s_first_syllable_with_a_military_post_is_its_bearer() -> None:
    """多都统 is 多隆阿; 许多将军 and 诸多都统 are many generals."""
    g = Gazetteer([NameEntry("多隆阿", "p10", "多隆阿")])
    text = "均札归多都统就近调度"
    assert [(text[f.start : f.end], f.normalized, f.person_id) for f in g.find(text)] == [("多都统", "多隆阿", "p10")]
    assert g.find("许多将军，诸多都统") == []


def test_a_posthumous_name_alone_is_a_word_of_praise() -> None:
    """谥 are virtue words: 忠节 alone is the word; with 公 or the surname it names the person."""
    g = Gazetteer([NameEntry("罗泽南", "p6", "罗泽南"), NameEntry("忠节", "p6", "罗泽南", "posthumous")])
    assert g.find("请于郡城建史氏忠节专祠") == []
    assert [(f.start, f.end, f.person_id) for f in g.find("作罗忠节神道碑")] == [(1, 4, "p6")]
    assert [(f.start, f.end, f.person_id) for f in g.find("忠节公之子")] == [(0, 2, "p6")]


def test_a_courtesy_name_that_is_a_place_after_a_verb_of_going() -> None:
    """罗山 is 罗泽南's 号 and a county: 送至罗山。 goes to the county; 至罗山处 to the man."""
    g = Gazetteer([NameEntry("罗泽南", "p6", "罗泽南"), NameEntry("罗山", "p6", "罗泽南", "art")])
    assert g.find("请沅叔派人送至罗山，余派人迎至罗山。") == []
    assert [(f.start, f.end) for f in g.find("罗山前有信来，余送至罗山处")] == [(0, 2), (10, 12)]


def test_a_parent_s_kin_form_is_of_the_child_the_letter_names_by_given_name() -> None:
    """鸿儿: 曾纪鸿, whom the letter addresses as 纪鸿, not 李鸿章, who also bears 鸿."""
    g = Gazetteer(
        [
            NameEntry("曾纪鸿", "p7", "曾纪鸿"),
            NameEntry("纪鸿", "p7", "曾纪鸿", "full"),
            NameEntry("李鸿章", "p8", "李鸿章"),
        ]
    )
    text = "字谕纪泽、纪鸿：知鸿儿生男之喜"
    assert [(text[f.start : f.end], f.person_id) for f in g.find(text)] == [("纪鸿", "p7"), ("鸿儿", "p7")]
    assert [f.person_id for f in g.find("知鸿儿生男之喜")] == [None]  # nobody named: 曾纪鸿 or 李鸿章


def test_a_courtesy_name_or_initial_whose_first_character_ends_a_word_is_not_read() -> None:
    """各省三品: 省 ends 各省, so no 省三 (a 字) starts there; 其时弟正断弦 ("then I"): no 时弟 of a
    时甫.  After a character they make no word with, both are read (致省三, 闻时弟至)."""
    g = Gazetteer([NameEntry("省三", "p1", "陈省三", "courtesy"), NameEntry("时甫", "p2", "林维源", "courtesy")])
    assert g.find("电饬各省三品以上大员。其时弟正断弦") == []
    text = "致省三函，闻时弟至"
    assert [text[f.start : f.end] for f in g.find(text)] == ["省三", "时弟"]


def test_a_zi_and_a_kin_term_in_a_list_or_after_a_verb_of_company_is_no_initial_s_kin_form() -> None:
    """嘉言兄、翰香弟; 偕翰香弟; 五弟、应文弟: 翰香 and 应文 are 字 and the kin term follows them, not 香弟 (张之洞's
    香涛) or 文弟; an initial's kin form after a verb (与沅弟, ，换鸿儿) or a mark (、沅弟) is read as before."""
    g = Gazetteer([NameEntry("香涛", "p1", "张之洞", "courtesy"), NameEntry("沅甫", "p2", "曾国荃", "courtesy")])
    assert g.find("嘉言兄、翰香弟自金陵至。嘉言兄偕翰香弟回。") == []
    text = "与沅弟同往，澄弟、沅弟，香弟"
    assert [text[f.start : f.end] for f in g.find(text)] == ["沅弟", "沅弟", "香弟"]


def test_an_initial_and_shi_after_a_verb_of_calls_is_the_pupil_s_teacher() -> None:
    """谒清师, 禀清师, （清师: 吴大澂 (字 清卿), the diarist's teacher; not 又师行其乡 (an army), 从师受业 ("studied
    under a teacher") with another 字's initial before 师."""
    g = Gazetteer([NameEntry("清卿", "w", "吴大澂", "courtesy"), NameEntry("又新", "y", "某甲", "courtesy")])
    text = "是日谒清师；（清师是吴清卿先生）。作书禀清师"
    assert [(text[f.start : f.end], f.person_id) for f in sorted(g.find(text))] == [
        ("清师", "w"), ("清师", "w"), ("吴清卿", "w"), ("清师", "w")
    ]  # fmt: skip
    assert g.find("事权归一；又师行其乡。先在县从师受业") == []


def test_a_prince_s_title_s_first_character_with_di_is_the_prince() -> None:
    """恭邸, 庆邸 (a prince by his residence) stand for 恭亲王, 庆亲王 as the authority lists them;
    府邸 and 官邸 are words, and 醇邸 is of a prince it does not list."""
    g = Gazetteer([NameEntry("恭亲王", "p1", "奕訢", "title"), NameEntry("庆王", "p2", "奕劻", "title")])
    text = "恭邸精力虽逊，庆邸则称疾，醇邸亦至，府邸官邸"
    assert [(text[f.start : f.end], f.normalized, f.person_id) for f in g.find(text)] == [
        ("恭邸", "恭亲王", "p1"), ("庆邸", "庆王", "p2")
    ]  # fmt: skip


def test_a_prince_s_posthumous_character_with_di_is_the_prince() -> None:
    """复命佐贤邸 (刘壮肃公奏议's preface): 醇贤亲王, listed with his 谥 贤, is 贤邸 as well as 醇邸."""
    g = Gazetteer([NameEntry("醇亲王", "c", "奕譞", "title"), NameEntry("醇贤亲王", "c", "奕譞", "title")])
    text = "复命佐贤邸、赞海军。醇邸至"
    assert [(text[f.start : f.end], f.person_id) for f in g.find(text)] == [("贤邸", "c"), ("醇邸", "c")]


def test_an_epithet_listed_with_one_person_s_surname_stands_alone_for_him() -> None:
    """傅相: the authority lists 李傅相 for 李鸿章, and telegrams write 傅相 alone.  Not a rank
    many held (中堂 of 李中堂), nor after another surname (张傅相), nor an epithet two persons hold."""
    g = Gazetteer(
        [
            NameEntry("李傅相", "p1", "李鸿章", "title"),
            NameEntry("李中堂", "p1", "李鸿章", "title"),
            NameEntry("李侯相", "p1", "李鸿章", "title"),
            NameEntry("曾侯相", "p2", "曾国藩", "title"),
        ]
    )
    text = "昨日傅相入觐，中堂亦至，张傅相、侯相均来"
    assert [(text[f.start : f.end], f.normalized, f.person_id) for f in g.find(text)] == [("傅相", "李傅相", "p1")]


def test_zhi_or_qi_before_a_kin_term_is_a_possessive_not_a_given_name_s_character() -> None:
    """倭尔登博尔王之儿妇 (the King of Württemberg's son's wife): 之儿 is "his son", not 王之春's 之 + 儿."""
    g = Gazetteer([NameEntry("王之春", "p1", "王之春"), NameEntry("张之洞", "p2", "张之洞")])
    text = "谒见倭尔登博尔王之儿妇某妃。张之洞之弟亦至，其弟"
    assert [(text[f.start : f.end], f.person_id) for f in g.find(text)] == [("张之洞", "p2")]


def test_an_initial_and_zhang_is_the_bearer_the_document_names() -> None:
    """曾纪泽's diary: 筠仙丈 (郭嵩焘's 号 筠仙 + 丈) first, then 筠丈 twice, in another piece of the text the
    accurate mode reads; a bare 陶丈 (of 陈梦陶丈) names nobody, nor 筠丈 where nothing names 郭嵩焘."""
    g = Gazetteer([NameEntry("筠仙", "p1", "郭嵩焘", "art"), NameEntry("梦陶", "p2", "王梦陶", "courtesy")])
    text = "筠仙丈率僚属来迎。与筠丈谈极久。筠丈派随员。陈梦陶丈来。"
    slot = Found(text.index("筠丈"), text.index("筠丈") + 2, "courtesy", "frame", 0.7)  # a formula's, no person
    linked = g.with_zhang_of_bearers_named(text, [*g.find(text), slot])
    assert [(text[f.start : f.end], f.person_id) for f in linked if f.person_id] == [
        ("筠仙", "p1"), ("筠丈", "p1"), ("筠丈", "p1"),
    ]  # fmt: skip
    alone = "与筠丈谈极久。"
    assert g.with_zhang_of_bearers_named(alone, g.find(alone)) == []


def test_a_given_name_that_begins_an_idiom_is_not_read() -> None:
    """云飞 of 葛云飞 in 别后云飞雨散 (parting like clouds and rain) begins a four-character word; a
    name at the text's end or before other words is read, and so is a whole name (no surname to drop)."""
    g = Gazetteer([NameEntry("葛云飞", "g", "葛云飞"), NameEntry("云飞", "g", "葛云飞")])
    for text, found in (("别后云飞雨散，岁月", []), ("云飞至定海", ["云飞"]), ("遣云飞", ["云飞"])):
        assert [text[f.start : f.end] for f in g.find(text)] == found, text


def test_names_anywhere_in_any_text() -> None:
    """Where a name may start is worked out on code points: a name ending the text, one with a
    character outside the basic plane (𠀤), a lone surrogate before them."""
    g = Gazetteer([NameEntry("盛宣怀", "p1", "盛宣怀"), NameEntry("𠀤山", "p2", "𠀤山")])
    text = "\ud800致盛宣怀，𠀤山"
    assert [(text[f.start : f.end], f.person_id) for f in g.find(text)] == [("盛宣怀", "p1"), ("𠀤山", "p2")]
    assert g.find("怀") == [] and g.find("") == []


def test_a_surname_with_a_grand_secretary_s_style_is_the_one_listed_with_such_a_style() -> None:
    """李相, 李相国: the 李 the authority lists as 李傅相 (李鸿章), not the 李彤恩 named before; not 李相见
    (相见, "meet"), nor a surname no one is listed so with (左相)."""
    g = Gazetteer([
        NameEntry("李鸿章", "hz", "李鸿章"), NameEntry("李傅相", "hz", "李鸿章", "title"),
        NameEntry("李彤恩", "lt", "李彤恩"),
    ])  # fmt: skip
    text = "李彤恩为李相所荐。公道津时，李相国见孤身入台。与李相见于津。左相之来"
    found = [(text[f.start : f.end], f.normalized, f.person_id) for f in sorted(g.find(text))]
    assert found == [("李彤恩", None, "lt"), ("李相", "李傅相", "hz"), ("李相国", "李傅相", "hz")]


def test_a_province_s_name_and_shuai_is_a_commander_of_its_men_not_a_courtesy_initial() -> None:
    """湘帅 beside 湘军 and 湘人 is "the Hunan commander" (杨岳斌, 故湘帅), not 王闿运 by his 号 湘绮; where the
    text writes no 湘 as the province, 湘帅 is still read as the 号's initial."""
    g = Gazetteer([NameEntry("王闿运", "wk", "王闿运"), NameEntry("湘绮", "wk", "王闿运", "art")])
    assert [f for f in g.find("湘军将也。杨公且以湘帅督闽疆") if f.person_id] == []
    text = "湘帅来函"
    assert [(text[f.start : f.end], f.person_id) for f in g.find(text)] == [("湘帅", "wk")]
    # whoever read the two characters (the model too): a commander where the text writes the province
    text = "湘军将也。故湘帅，为陕督"
    at = text.index("湘帅")
    assert is_a_province_s_commander(text, at, at + 2) and not is_a_province_s_commander("湘帅来函", 0, 2)


def test_a_surname_and_posthumous_name_before_the_given_name_is_one_reference() -> None:
    """自唐忠壮殿魁战死: surname + 谥 + 名 is one reference to 唐殿魁, read as his full name, as 冯军门子材 is; apart
    (唐忠壮战死。殿魁至) each is found as before."""
    g = Gazetteer([
        NameEntry("唐殿魁", "t", "唐殿魁"), NameEntry("殿魁", "t", "唐殿魁"),
        NameEntry("忠壮", "t", "唐殿魁", "posthumous"),
    ])  # fmt: skip
    text = "自唐忠壮殿魁战死。唐忠壮战死。殿魁至"
    assert [(text[f.start : f.end], f.normalized, f.person_id) for f in g.find(text)] == [
        ("唐忠壮殿魁", "唐殿魁", "t"), ("唐忠壮", None, "t"), ("殿魁", None, "t")
    ]  # fmt: skip


def test_a_posthumous_name_before_its_bearer_s_surname_and_gong_is_he() -> None:
    """唯壮肃刘公年最少: 谥 + surname + 公 is 刘铭传, read as 刘壮肃公; not with a surname none of the 谥's
    bearers has (壮肃张公), nor without 公 (壮肃刘)."""
    g = Gazetteer([NameEntry("刘铭传", "l", "刘铭传"), NameEntry("壮肃", "l", "刘铭传", "posthumous")])
    text = "唯壮肃刘公年最少。壮肃张公。壮肃刘"
    assert [(text[f.start : f.end], f.normalized, f.person_id) for f in g.find(text)] == [
        ("壮肃刘公", "刘壮肃公", "l")
    ]  # fmt: skip


def test_another_man_s_courtesy_name_after_a_verb_and_alone_elsewhere_in_the_document() -> None:
    """镜湖自撰年谱: 有李作梅者 … 作梅因文尉署钱塘县 and 又听胡雪崖从中调处 … 自雪崖发之: after a verb (有, 听) a
    surname none of the 字's bearers has makes another man's surname + 字, and the same 字 alone elsewhere
    in the document is that man (read as 李作梅), not the authority's bearer; where no such surname
    precedes it, the 字 alone is its bearer's.  Not 公 before a given name (李忠壮公臣典)."""
    g = Gazetteer([NameEntry("陈鼐", "cn", "陈鼐"), NameEntry("作梅", "cn", "陈鼐", "courtesy"),
                   NameEntry("李臣典", "lc", "李臣典"), NameEntry("臣典", "lc", "李臣典", "given")])  # fmt: skip
    text = "有李作梅者，金陵人也。作梅因文尉署钱塘县。"
    assert [(text[f.start : f.end], f.person_id, f.normalized) for f in g.find(text)] == [
        ("李作梅", None, None), ("作梅", None, "李作梅")
    ]  # fmt: skip
    assert [(f.person_id, f.normalized) for f in g.find("陈鼐字作梅。作梅来。")][1:] == [("cn", None), ("cn", None)]
    text = "初二日，李忠壮公臣典卒于军。"
    assert [(text[f.start : f.end], f.person_id) for f in g.find(text)] == [("臣典", "lc")]


def test_a_courtesy_name_the_dictionary_knows_as_an_adverb_names_no_one_before_a_verb() -> None:
    """皆欣然允诺 ("all gladly agreed"): 欣然 is 向荣's 字 and an adverb; at a clause's end it is the 字."""
    from zhiren.nlp.segment import add_names, dictionary_tag, word_tag

    g = Gazetteer([NameEntry("向荣", "xr", "向荣"), NameEntry("欣然", "xr", "向荣", "courtesy")])
    add_names(["欣然"])  # as an authority's load does: the segmenter's tag becomes a name's
    assert word_tag("欣然") == "nr" and dictionary_tag("欣然") == "d"
    assert g.find("皆欣然允诺") == []
    assert [f.person_id for f in g.find("见欣然。")] == ["xr"]


def test_the_model_s_courtesy_name_alone_after_another_man_s_surname_and_courtesy_name() -> None:
    """The accurate mode's model reads 作梅 itself, linked to 陈鼐 by the list: settled beside the
    gazetteer's 李作梅, it is read as 李作梅 and linked to nobody."""
    g = Gazetteer([NameEntry("陈鼐", "cn", "陈鼐"), NameEntry("作梅", "cn", "陈鼐", "courtesy")])
    text = "有李作梅者，金陵人也。作梅因文尉署钱塘县。"
    model = Found(11, 13, "courtesy", "model", 0.9, person_id="cn", person_name="陈鼐")
    found = g.with_another_s_alone(text, [Found(1, 4, "courtesy", "style", 0.9), model])
    assert [(f.person_id, f.normalized) for f in found] == [(None, None), (None, "李作梅")]
