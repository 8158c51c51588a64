"""Names in a diary's formulas of calls, invitations and letters."""

from __future__ import annotations

from zhiren.nlp.diary_frames import find_diary_frames
from zhiren.nlp.extract import Extractor


def names(text: str) -> list[tuple[str, str]]:
    return [(text[f.start : f.end], f.name_type) for f in find_diary_frames(text)]


def test_the_slots_of_calls_invitations_and_letters_are_names() -> None:
    text = "伟臣、兰泉、橘农来。偕次寅访济帆，同至同福楼。答访健卿叔祖，未晤。赴丁衡甫同年之约。接杨梓民、刘嗣伯信。"
    assert names(text) == [
        ("伟臣", "courtesy"), ("兰泉", "courtesy"), ("橘农", "courtesy"), ("次寅", "courtesy"),
        ("济帆", "courtesy"), ("健卿", "courtesy"), ("丁衡甫", "full"), ("杨梓民", "full"), ("刘嗣伯", "full"),
    ]  # fmt: skip
    assert names("复至效丈处，晚饭归。托谢树存带。接六弟信") == [
        ("效丈", "courtesy"), ("谢树存", "full"), ("六弟", "kin")
    ]  # fmt: skip


def test_a_list_of_callers_hosts_and_absent_guests() -> None:
    text = "陈梦陶丈、谢味馀、冯渭卿均来谈。钮叔文招豫和堂。观剧（王希甫约）。项薇垣未到。送冯渭卿。"
    assert [n for n, _ in names(text)] == ["谢味馀", "冯渭卿", "钮叔文", "王希甫", "项薇垣", "冯渭卿"]


def test_the_guests_of_a_dinner_the_diarist_gave_in_brackets() -> None:
    """复至广和居请客（刘春农、郁宪辰、冯芋丞。项薇垣未到）: the guests, each a name."""
    text = "复至广和居请客（刘春农、郁宪辰、冯芋丞。项薇垣未到）。"
    assert [n for n, _ in names(text)] == ["刘春农", "郁宪辰", "冯芋丞", "项薇垣"]


def test_an_adverb_of_telegram_prose_before_the_verb_is_no_caller_or_host() -> None:
    """募弁既来, 即汇银来, 仍速招: "the recruits having come", "the silver comes at once", "recruit
    quickly still" — 张之洞's telegrams, not a diary's callers and hosts."""
    assert names("筹备宜豫；募弁既来，应即饬令。接巴使电，即汇银来。所添四营，仍速招；") == []


def test_words_places_groups_and_kin_terms_alone_are_not() -> None:
    """旧友 and 同人 are words, 同丰堂 a place, 岳母 a kin term alone, 诸君 a group."""
    assert names("访旧友，未值。至同丰堂处。诣岳母处少坐。诸君来。同人来谈。后来。于廿日送母之后，") == []


def test_the_fast_mode_finds_a_diary_s_visitors() -> None:
    text = "二十七日阴。略写应酬各件。夜，子蔚来谈，子刻始去。"
    found = [m["text"] for m in Extractor(statistical=False).extract(text)["mentions"]]
    assert found == ["子蔚"]


def test_the_formula_s_end_of_a_name_outranks_the_model_s() -> None:
    """The model reads 刘嗣伯信 (a name and the letter): the formula 接…信 says where the name ends."""
    text = "二十二日晴。接杨梓民、刘嗣伯信。午后至兰泉处手谈。"
    found = [m["text"] for m in Extractor(statistical=True).extract(text)["mentions"]]
    assert "刘嗣伯" in found and "刘嗣伯信" not in found


def test_a_slot_starting_with_a_verb_of_direction_is_the_verb_s_phrase() -> None:
    """恭送进内 (sent it in), 自送归旗 (saw him back to his banner): 进/归 carry on the verb 送; 送冯渭卿
    still names."""
    text = "恭送进内。自送归旗。送冯渭卿。"
    assert [text[f.start : f.end] for f in find_diary_frames(text)] == ["冯渭卿"]


def test_the_rooms_talks_and_letters_of_a_legation_s_diary() -> None:
    """曾纪泽's diary in Paris and London: whose room he went to, with whom he talked, who called to
    take leave, to whom a letter went; a slot is as short as the formula allows (湘浦, not 湘浦室).
    Not read: 日意格 (日 is a day's), 逸斋 (…斋 a studio's), 介石 (a word), 霭堂 (…堂 a hall's)."""
    text = (
        "至清臣、日意格室答拜，至湘浦室、逸斋室各一坐。在松生室久谈。与兰亭久谈。"
        "杨仁山来禀辞。一函寄刘伯固，一函致介石、符卿弟。偕凯生、霭堂谒见。"
    )
    assert [n for n, _ in names(text)] == [
        "清臣", "湘浦", "松生", "兰亭", "杨仁山", "刘伯固", "符卿", "凯生",
    ]  # fmt: skip


def test_the_callers_who_take_leave_each_a_name() -> None:
    """郭嵩焘's diary: 庆锡臣、纯感铭、桂冬卿…来辞 (they called to take leave)."""
    text = "。庆锡臣、纯感铭、桂冬卿来辞，以崇地山定明日前赴柏灵也。"
    assert [n for n, _ in names(text)] == ["庆锡臣", "纯感铭", "桂冬卿"]


def test_a_span_of_years_or_a_verb_of_being_fills_no_slot() -> None:
    """半岁间招抚四百社 (in half a year he won over four hundred villages) and 诸番辄送子为质 (sent their sons
    as hostages): a biography's prose, not a host who invited nor a guest seen off."""
    assert find_diary_frames("公大喜，许之。半岁间招抚四百社。诸番辄送子为质。北路复安。") == []


def test_a_slot_whose_last_two_are_a_verb_is_an_errand_not_a_name() -> None:
    """左宗棠's memorials: 应请免其送部引见。(sent to the Board to be presented), 将子送案查讯。, 送省应试。: the
    office a man is sent to and why, not a guest seen off; 送冯渭卿。 still is one."""
    assert find_diary_frames("应请免其送部引见。将子送案查讯，均由台湾道录科送省应试。") == []
    text = "送冯渭卿。"
    assert [text[f.start : f.end] for f in find_diary_frames(text)] == ["冯渭卿"]


def test_letters_written_and_come_dinners_calls_friends_and_gifts() -> None:
    """胡传's diary: 作书寄沈韵松, 又寄汪上锦, 得邓季垂书, 招章菊农、胡彩庭饮, 是夜程周卿邀饮, 遇何铁帆于座,
    晤张剑臣、章锡卿, 拜孙培卿、方子秉、未遇, 及沈少韵、黄叔才诸友, ；汪友竹送点心; not 拜偏将军 ("appointed"),
    获得的租房, 遇到了于海, 又复发了, ；指所送之物."""
    text = (
        "作书寄沈韵松。又寄汪上锦。得邓季垂书。招章菊农、胡彩庭饮于寓中。是夜程周卿邀饮。座中，遇何铁帆于座。"
        "晤张剑臣、章锡卿。拜孙培卿、方子秉、未遇。拜倪司马及沈少韵、黄叔才诸友。茶食四匣；汪友竹送点心四匣；"
    )
    assert [n for n, _ in names(text)] == [
        "沈韵松", "汪上锦", "邓季垂", "章菊农", "胡彩庭", "程周卿", "何铁帆", "张剑臣", "章锡卿", "孙培卿", "方子秉",
        "沈少韵", "黄叔才", "汪友竹",
    ]  # fmt: skip
    assert names("拜偏将军、右部督，以代蒙。网上获得的租房信息。曹鹏飞遇到了于海。") == []
    assert names("老毛病又复发了，曰输；指所送之物") == []


def test_a_reply_from_a_place_rain_and_a_letter_read_are_no_names() -> None:
    """得川沙回书 (a reply from 川沙), 遇雨宿于厂 (caught by rain), 接诵手书 (received and read your letter)."""
    assert names("将行，得川沙回书。弟由宜兰回，遇雨宿于厂。接诵手书，猥蒙拳注") == []


def test_zhi_in_a_surname_and_given_name_s_slot() -> None:
    """胡慎之来见, 托沈载之代收, 王之春来: 之 is a given name's character after a surname, a particle elsewhere
    (赴橘农之约, 贼之来)."""
    assert [n for n, _ in names("胡慎之来见。乃以信物托沈载之代收。王之春来。赴橘农之约。贼之来。")] == [
        "胡慎之", "沈载之", "王之春", "橘农"
    ]  # fmt: skip


def test_kin_arriving_or_going_together() -> None:
    """节甫叔、三弟自家乡至沪, 嘉言兄偕翰香弟: each 字 without its kin term, an ordinal with it; not a verb and a kin
    term (遣从弟偕求米), nor any subject before 自 (，官军自城外至) or 持 (坚持)."""
    text = "十六日，节甫叔、三弟自家乡至沪。夜即赴川沙；嘉言兄偕翰香弟夜趁轮船。遣从弟偕求米。官军自城外至。坚持到底"
    assert names(text) == [("节甫", "courtesy"), ("三弟", "kin"), ("嘉言", "courtesy")]


def test_a_judicial_commissioner_s_title_is_no_visit() -> None:
    """贺顾廉访署藩司: 廉访 is a post, not 访 (to visit) before a name."""
    assert names("贺顾廉访署藩司。访济帆。") == [("济帆", "courtesy")]
