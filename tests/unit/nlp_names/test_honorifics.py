"""Honorific and office references."""

from __future__ import annotations

from zhiren.nlp.honorifics import find_honorifics


def names(text: str, known: frozenset[str] = frozenset()) -> list[tuple[str, str, str | None]]:
    return [(text[f.start : f.end], f.name_type, f.normalized) for f in find_honorifics(text, known)]


def test_surname_with_office() -> None:
    assert names("前奉李中堂函，盛宫保") == [("李中堂", "title", None), ("盛宫保", "title", None)]


def test_surname_and_name_opening_a_clause_before_an_office_is_the_name() -> None:
    """荣仲华中堂 is 荣仲华 (not 华中堂: 华 is also a surname); 余联沅观察 is 余联沅. Inside a
    clause the character before the office is still read as a surname (函致李中堂)."""
    assert names("成效卓著，荣仲华中堂亦甚嘉许。余联沅观察与各国领事议定") == [
        ("荣仲华", "full", None), ("余联沅", "full", None)
    ]  # fmt: skip
    assert names("电已函致李中堂") == [("李中堂", "title", None)]
    # Nor inside a clause when a bracketed 名 follows the office (the press's surname + 字 + post + （名）)
    assert names("澎湖镇周静山军门（振邦）") == [("周静山", "full", None)]
    # A place opening the clause is no name: 龙州唐主政 is 唐主政 at 龙州
    assert names("致南宁岑宫保、龙州唐主政") == [("岑宫保", "title", None), ("唐主政", "title", None)]
    # Nor a name and the word after it: 陈鼐与傅相本系丁未同年 is 陈鼐, 与, then 傅相 (no 陈鼐与)
    assert names("。陈鼐与傅相本系丁未同年") == []


def test_a_conjunction_before_a_surname_and_its_post_is_no_name() -> None:
    """马建忠's journal: ，余与丁军门议 (I and 丁军门), ，于是吴军门出城 (then 吴军门): no 余与丁, no 于是吴."""
    assert names("旋辞回舟，余与丁军门议。于是吴军门出城") == [("丁军门", "title", None), ("吴军门", "title", None)]


def test_surname_with_courtesy_initial_and_shuai_or_weng() -> None:
    found = names("张香帅、唐蔚翁均已接洽")
    assert ("张香帅", "title", None) in found
    assert ("唐蔚翁", "title", None) in found


def test_zhang_after_a_name_or_a_courtesy_initial_is_part_of_the_reference() -> None:
    """Diaries call their seniors 盛杏丈, 陈梦陶丈 (丈 like 翁); 年丈 and 世丈 are titles after a
    name, and 岳丈, 方丈, 数丈 are words."""
    found = names("致盛杏丈信。陈梦陶丈、谢味馀均来谈。归路访王西丈少谈")
    assert ("盛杏丈", "title", None) in found
    assert ("陈梦陶丈", "title", "陈梦陶") in found
    assert ("王西丈", "title", None) in found
    assert names("与高熙廷年丈会齐，城高数丈，其岳丈来") == []


def test_surname_with_a_post_s_one_character() -> None:
    """岑抚, 李相, 张督 name a governor, a grand secretary, a governor-general; 东抚, 江督, 新抚 are the
    posts (a province, a qualifier), 安抚 and 总督 words, and 于抚州, 尚相得, 王相见 no names."""
    found = names("想系岑抚与缅王密信。李相来电，张督复称")
    assert [n for n, _, _ in found] == ["岑抚", "李相", "张督"]
    assert names("东抚偏于刚，江督、新抚驰往，安抚总督。击贼于抚州，亦尚相得，与王相见") == []


def test_surname_with_a_telegram_s_post() -> None:
    """Telegrams address and name officials by surname + post: 唐藩司 (not 唐藩 and a stray 司),
    唐署抚 (an acting governor), 李护院, 唐主政, 王镇台, 黄提台."""
    found = names("唐藩司来电。台湾唐署抚复电。可向李护院求之。致龙州唐主政、王镇台、黄提台")
    assert [n for n, _, _ in found] == ["唐藩司", "唐署抚", "李护院", "唐主政", "王镇台", "黄提台"]


def test_surname_with_a_counsellor_s_or_a_former_governor_general_s_post() -> None:
    """蔡参赞 (an envoy's counsellor), 张前督 (the former governor-general) name officials; 两江前督 is the
    post (两江 is a word); 到日隶公部下 ("under your command") is no 日隶 + 公."""
    assert [n for n, _, _ in names("一面电蔡参赞先将五十尊定妥。张前督本日病故")] == ["蔡参赞", "张前督"]
    assert names("据两江前督奏称。到日隶公部下") == []


def test_a_governor_general_in_his_subordinate_s_report() -> None:
    """马建忠's journal: 咨商北洋大臣张制宪树声 (the governor-general, 张树声): 张制宪; 制宪 alone is the post."""
    assert names("咨商北洋大臣张制宪树声，请余遍莅诸盟，制宪据情入告") == [("张制宪", "title", None)]


def test_surname_and_zhen_names_a_brigade_general() -> None:
    """王镇中弹殉难, 奏调刘镇来江: a 总兵 by his surname and 镇; 重镇, 城镇 and 镇江 are words."""
    assert [n for n, _, _ in names("王镇中弹殉难。奏调刘镇来江")] == ["王镇", "刘镇"]
    assert names("此乃重镇，城镇萧条，由镇江至") == []


def test_surname_and_hou_names_a_marquis() -> None:
    """曾侯 (曾纪泽, 一等毅勇侯), 左侯: the press and telegrams name a marquis so; 诸侯, 王侯, 封侯 are words."""
    assert [n for n, _, _ in names("电敕曾侯与本特将保单画押。左侯来电")] == ["曾侯", "左侯"]
    assert names("诸侯来朝，王侯将相，封侯拜将") == []


def test_a_courtesy_name_may_begin_with_zi() -> None:
    """子 ends no name (王公子 is a son) but begins many 字: 瞿子久丈, 何子贞先生."""
    assert names("瞿子久丈过谈。何子贞先生至") == [("瞿子久丈", "title", "瞿子久"), ("何子贞", "courtesy", None)]


def test_surname_gong_given_name_is_normalised_to_the_full_name() -> None:
    assert names("江公忠源，郭公嵩焘与刘公蓉等") == [
        ("江公忠源", "full", "江忠源"), ("郭公嵩焘", "full", "郭嵩焘"), ("刘公蓉", "full", "刘蓉")
    ]  # fmt: skip


def test_a_known_given_name_after_surname_gong_may_begin_with_a_function_character() -> None:
    """张公之万 is 张之万 when the name is known, though 之 mostly starts the next word (张公之子)."""
    text = "二十二日，至清江浦，张公之万来见公。"
    assert names(text, frozenset({"张之万"})) == [("张公之万", "full", "张之万")]
    assert names(text) == []


def test_one_character_given_name_before_a_verb_needs_to_be_known() -> None:
    text = "江公素以任侠自喜。唐公鉴由江宁入官"
    assert names(text) == []
    assert names(text, frozenset({"唐鉴"})) == [("唐公鉴", "full", "唐鉴")]


def test_posthumous_forms() -> None:
    assert names("曾文正公年谱。朱文定公士彦卒于位。") == [
        ("曾文正公", "posthumous", None), ("朱文定公士彦", "posthumous", "朱士彦")
    ]  # fmt: skip


def test_known_three_character_name_and_xiansheng() -> None:
    assert names("大学士穆彰阿公及", frozenset({"穆彰阿"})) == [("穆彰阿公", "title", "穆彰阿")]
    assert names("同寓湘潭欧阳小岑先生兆熊") == [("欧阳小岑", "courtesy", None)]


def test_surname_with_posthumous_name_and_gong() -> None:
    """唐确慎公 (唐鉴), 李勇毅公: 确, 勇 are posthumous characters too."""
    assert names("作唐确慎公墓志铭") == [("唐确慎公", "posthumous", None)]
    assert names("作李勇毅公神道碑") == [("李勇毅公", "posthumous", None)]


def test_posthumous_names_of_men_who_fell_at_their_posts() -> None:
    """壮愍, 庄愍 (愍: fell at his post) and 刚节 are 谥 too: 王壮愍公 (王有龄), 徐庄愍公, 王刚节公."""
    assert names("，王壮愍公(有龄)素为所识拔。归安徐庄愍公(有任)由湖南。总兵王刚节公(锡朋)率师") == [
        ("王壮愍公", "posthumous", None), ("徐庄愍公", "posthumous", None), ("王刚节公", "posthumous", None)
    ]  # fmt: skip


def test_manchu_name_before_gong_keeps_its_first_syllable() -> None:
    """都兴阿, 德楞额: names ending in 阿/布/额 are Manchu or Mongol, three characters before 公."""
    assert names("踞守不下。都兴阿公领马队北上。") == [("都兴阿公", "title", "都兴阿")]
    assert names("于是德楞额公奏请") == [("德楞额公", "title", "德楞额")]
    assert names("又与文祥公等") == [("文祥公", "title", "文祥")]


def test_declared_name_with_gong_even_if_a_dictionary_word() -> None:
    assert names("竹亭公粹然儒者", frozenset({"竹亭"})) == [("竹亭公", "title", "竹亭")]


def test_phrases_before_gong_are_not_names() -> None:
    # 亭台 is a dictionary word no authority of the suite names: the segmenter's learned names
    # are process-wide, and the late-Qing authority teaches it 竹亭 (曾麟书's 字).
    assert names("王公大臣与主人公，亭台公笑谓公曰。时公车寒苦，以函约公相见") == []


def test_no_person_inside_an_organisation_or_before_an_office_that_follows_a_name() -> None:
    assert names("铁路总公司开办在即") == []
    assert names("杏翁观察日内赴鄂") == []  # 杏翁 is the name (the gazetteer's), 观察 his office
    assert names("王文韶制军前日见面", frozenset({"王文韶"})) == []
    assert [n[0] for n in names("盛京堂之意如何")] == ["盛京堂"]


def test_gong_beginning_a_word_is_no_honorific() -> None:
    """台民公举 (the people elected), 重照公法 (international law), 驻华英公使 (the British envoy):
    公 begins a word; 竹亭公 still ends a name."""
    assert names("台抚既膺台民公举，重照公法所载，传言驻华英公使与之") == []
    assert names("竹亭公来", frozenset({"竹亭"})) == [("竹亭公", "title", "竹亭")]


def test_a_word_before_weng_is_no_surname_and_initial() -> None:
    """户部尚书翁同龢, 左袒翁同龢: 尚书 and 左袒 are words, and 翁 is his surname; 唐蔚翁 is a
    surname and an initial."""
    assert names("户部尚书翁同龢且哂之，亦或左袒翁同龢") == []
    assert names("唐蔚翁已接洽") == [("唐蔚翁", "title", None)]


def test_a_post_s_qualifier_or_a_word_s_end_before_an_office_is_no_surname() -> None:
    """户部左侍郎 is the post (左 is no surname there), 一任侍郎 "once a vice-minister"; 左中堂
    and 李侍郎 are persons."""
    assert names("特命户部左侍郎张樵野、右侍郎某，二使宪一任侍郎") == []
    assert names("函致左中堂、李侍郎") == [("左中堂", "title", None), ("李侍郎", "title", None)]


def test_surname_with_a_president_s_or_an_officer_s_post() -> None:
    """Telegrams of 1895: 唐总统 (of the 台湾民主国), 刘都司, 杨提督, 张总兵."""
    found = [f for f, _, _ in names("唐总统带兵，西屿有刘都司、杨提督、张总兵守御")]
    assert found == ["唐总统", "刘都司", "杨提督", "张总兵"]


def test_a_full_name_after_a_list_s_conjunction_before_an_office_is_the_name() -> None:
    """刘芗林观察及伍联芳观察: after 及 (or 暨) a surname and two characters before an office are a
    full name, as at a clause's start; 芳观察 is no surname + office."""
    assert names("登莱青道刘含芳及伍联芳观察均迎诸水次") == [("伍联芳", "full", None)]


def test_gong_xiang_public_funds_is_a_word_gong_begins() -> None:
    """曾纪泽's diary on 胡光墉's loans: 而胡道开报公项 ("reported to the public funds"), no 开报公."""
    assert names("洋人得息八厘，而胡道开报公项则一分五厘。") == []


def test_a_town_named_by_a_family_or_a_farm_is_no_brigade_general() -> None:
    """朱家镇, 李家镇, 周庄镇, 石桥镇: towns (家 and 庄 end place names, 朱家 and 石桥 are words); 刘镇
    after a verb is still the general."""
    assert names("抵朱家镇，李家镇失守。过周庄镇、石桥镇、张庄镇") == []
    assert [n for n, _, _ in names("饬刘镇来江。王镇中弹")] == ["刘镇", "王镇"]


def test_no_given_name_after_gong_where_a_verb_and_a_word_follow_or_a_particle() -> None:
    """胡文忠公相颉颃 (相 a verb, 颉颃 a word), 从公赴金陵 (赴, 金陵), 宫公知朝廷: no given name after 公;
    荐林公也: 也 ends the sentence; 朱公凤标上阶 keeps 凤标 (凤 is no verb)."""
    text = "当与胡文忠公相颉颃，方舟从公赴金陵。宫公知朝廷。荐林公也。公与朱公凤标上阶"
    assert names(text) == [("胡文忠公", "posthumous", None), ("朱公凤标", "full", "朱凤标")]


def test_no_name_and_gong_whose_first_character_ends_a_known_name() -> None:
    """朝祜固公从孙行 ("朝祜 was indeed the Duke's grand-nephew"): 祜 ends the known 朝祜, so 祜固 is no name
    before 公; a known name right before a name + 公 leaves it (刘朝祜。竹亭公至)."""
    known = {"朝祜", "刘朝祜", "竹亭"}
    text = "不敢相属也。朝祜固公从孙行"
    assert [text[f.start : f.end] for f in find_honorifics(text, known)] == []
    text = "刘朝祜。竹亭公至"
    assert [text[f.start : f.end] for f in find_honorifics(text, known)] == ["竹亭公"]


def test_a_commander_and_an_impartial_gong_are_no_names() -> None:
    """谓新帅一视民番, 假故帅之威, 钦使诸大帅 (the new, the former, the great commanders) and 示大公之无我也 (大公,
    "impartial") name no one; 张香帅 still does."""
    for text in ["番感通译言，谓新帅一视民番", "假故帅之威", "钦使诸大帅拥重兵", "示大公之无我也"]:
        assert find_honorifics(text) == [], text
    text = "张香帅来电"
    assert [text[f.start : f.end] for f in find_honorifics(text)] == ["张香帅"]


def test_a_survey_and_that_year_are_no_elder_and_no_duke() -> None:
    """冀免清丈快其私 (清丈, a land survey: no 免清 + 丈) and 是年公之莅台也 (是年, "that year": no 是年 + 公);
    陈梦陶丈 and 竹亭公 still are."""
    assert find_honorifics("叛绅鼓众四千人，冀免清丈快其私。是年公之莅台也") == []
    text = "陈梦陶丈来。竹亭公至"
    assert [text[f.start : f.end] for f in find_honorifics(text, {"竹亭"})] == ["陈梦陶丈", "竹亭公"]


def test_surname_with_a_censor_s_an_envoy_s_a_degree_s_a_teacher_s_or_a_major_s_post() -> None:
    """镜湖自撰年谱: 王都堂 (王履谦, a censor-general), 邵钦差, 冯孝廉, 谢教官, 杨游击, 段大公祖; not 潘公祖荫
    (潘公 + 祖荫: 公祖 alone is no post here) nor 钦差大臣 after no surname."""
    found = names("王都堂从旁解释。邵钦差肯受乎？有慈溪冯孝廉在座。谢教官亦有官守。杨游击以清晨至。一经段大公祖承手")
    assert [n for n, _, _ in found] == ["王都堂", "邵钦差", "冯孝廉", "谢教官", "杨游击", "段大公祖"]
    assert [n for n, _, _ in names("京卿潘公祖荫同值，以钦差大臣驰抵镇海")] == ["潘公祖荫"]


def test_then_afterwards_and_prepositions_before_an_office_are_no_surnames() -> None:
    """镜湖自撰年谱: 时宫保已闻 ("then the guardian"), 后制军以余言入奏 ("afterwards the governor-general"),
    写信于抚军 ("to the governor"), 嘱余向中丞作媒; but 向军门 where the document names 向荣, a known man
    of the surname."""
    assert names("时宫保已闻阻者之言。后制军以余言入奏。写信于抚军。嘱余向中丞作媒。") == []
    found = names("后因向荣投诚。杭州自向军门攻金陵", frozenset({"向荣"}))
    assert [n for n, _, _ in found] == ["向军门"]


def test_surname_and_dao_only_after_a_man_the_document_names() -> None:
    """镜湖自撰年谱: 史士良 … 史道又向余求带勇之官 (史致谔 字士良, then intendant of 宁绍台); 道 ends too many
    words and given names to follow any surname (王道, 孟子道: no man of the surname named)."""
    assert [n for n, _, _ in names("史士良往拜各绅。史道又向余求带勇之官。", frozenset({"士良"}))] == ["史道"]
    assert names("史道又向余求带勇之官。") == []


def test_jing_and_neng_before_a_post_are_through_and_can() -> None:
    """左宗棠's memorials and letters: 经抚臣徐宗干会折 ("through the governor") and 而能抚者 ("can pacify") name
    no 经 or 能; 经元善 … 经观察, a known man of the surname, is one."""
    assert names("榜发后，经抚臣徐宗干会折奏。未有不痛剿而能抚者。") == []
    assert [n for n, _, _ in names("经元善来。经观察", frozenset({"经元善"}))] == ["经观察"]


def test_surname_and_a_provincial_commander_s_a_grand_secretary_s_or_a_colonel_s_post() -> None:
    """左宗棠's letters: 秦提军 (提督), 曾节相 (a governor-general who is also a grand secretary), 曾副将."""
    text = "见复将秦提军旧部并归蒋方伯调遣。曾节相又以弟兼闽浙。除吴提督、曾总兵、曾副将外"
    assert [n for n, _, _ in names(text)] == ["秦提军", "蒋方伯", "曾节相", "吴提督", "曾总兵", "曾副将"]


def test_a_garrison_s_station_a_word_before_gong_and_surname_zhenjun_ming() -> None:
    """左宗棠's memorials and letters: 、乐清协副将刘万德 (the 乐清 brigade's colonel: 乐清协 is no man), 亦一时公论
    (一时 is a word: 'the opinion of the day', no 时 + 公), and 林镇军 (surname + 镇军, a brigade general's post,
    which the gazetteer's surname + post + 名 then reads in 林镇军文察, as 向军门荣)."""
    assert names("见在接带之暑处州镇总兵、乐清协副将刘万德亦不为士心所附") == []
    assert names("粤人之不满人口，亦一时公论。") == []
    assert names("林镇军所部尚似能战") == [("林镇军", "title", None)]


def test_surname_post_and_given_name_glossed_in_brackets_after() -> None:
    """吴大廷's 年谱: 贾中堂桢（黄县人）, 李明府文森（字恕皆）: the bracket glossing the man's home or 字 says the
    characters before it are his 名; not a post whose bracket holds a name or a gloss of no man (李中堂（鸿章）,
    盛宫保（即杏荪）)."""
    text = (
        "正主考为贾中堂桢（黄县人，□□榜眼）、花尚书沙纳（京蒙古人）。与李明府文森（字恕皆；镇远人）。"
        "盛宫保（即杏荪）。李中堂（鸿章）"
    )
    found = [(text[f.start : f.end], f.normalized) for f in find_honorifics(text)]
    assert found == [("贾中堂桢", "贾桢"), ("花尚书沙纳", "花沙纳"), ("李明府文森", "李文森"), ("盛宫保", None),
                     ("李中堂", None)]  # fmt: skip


def test_surname_gong_with_the_given_name_in_brackets_after() -> None:
    """骆公（秉章，字钥门）, 车公（顺轨；陕西人）: the bracket gives the 名 of surname + 公 (骆秉章); not a word
    (王公（侯）), nor a bracket after 公 alone (公（即某）)."""
    text = "周旋于中丞骆公（秉章，字钥门；顺德人）。学使车公（顺轨；陕西人）。公（即某）。王公（侯）"
    found = [(text[f.start : f.end], f.normalized) for f in find_honorifics(text)]
    assert found == [("骆公", "骆秉章"), ("车公", "车顺轨")]


def test_surname_and_zi_after_a_diary_s_verb_or_an_office_s_seat_before_a_title() -> None:
    """拜蒋丹如太守, 台北府陈仲英太守, 童米孙大令 (孙 ends the 字), 管凌云直牧 (a title read only after a whole
    name); a count closes a list of as many (陈荇香、窦甸高二大令); a list shorter than its count is none."""
    assert names("拜蒋丹如太守，未见。台北府陈仲英太守来。童米孙大令招饮。同行为管凌云直牧。") == [
        ("蒋丹如", "full", None), ("陈仲英", "full", None), ("童米孙", "full", None), ("管凌云", "full", None)
    ]  # fmt: skip
    assert names("拜陈荇香、窦甸高二大令、周宅之司马。") == [
        ("陈荇香", "full", None), ("窦甸高", "full", None), ("周宅之", "full", None)
    ]  # fmt: skip
    assert names("有巡捕二人，大使来。") == []


def test_surname_sheng_or_jun_and_a_two_character_given_name() -> None:
    """刘生锡钧, 贾生春暄（锦州人）, 江君忠浚, 邓君春林: one mention, the full name; not a 名 of one character (张君锐),
    a word (诸君闻曹, 国君积行, 先生之), a verb of going (叶君赴霍), nor a question (顾君计何所出)."""
    text = "振老命刘生锡钧来受业。振老得贾生春暄（锦州人）。所保六人：江君忠浚放皖藩。游击邓君春林及管带"
    assert names(text) == [
        ("刘生锡钧", "full", "刘锡钧"), ("贾生春暄", "full", "贾春暄"), ("江君忠浚", "full", "江忠浚"),
        ("邓君春林", "full", "邓春林"),
    ]  # fmt: skip
    assert names("与张君锐（字鹄臣）。诸君闻曹公至。国君积行。十月，叶君赴霍、六。顾君计何所出") == []


def test_an_envoy_or_a_friend_before_surname_jun_and_a_courtesy_name() -> None:
    """马建忠's journal: 我驻倭星使黎君莼斋 (the envoy to Japan, 黎庶昌 字 莼斋), 偕友人吕君秋樵 (his friend): one
    mention, read as surname + 字."""
    text = "又录傅相与我驻倭星使黎君莼斋两电。四点钟偕友人吕君秋樵驾小艇"
    assert names(text) == [("黎君莼斋", "full", "黎莼斋"), ("吕君秋樵", "full", "吕秋樵")]


def test_hear_answer_and_acting_before_an_office_and_an_idiom_before_gong_are_no_names() -> None:
    """又闻中丞已复召 ("heard the governor"), 曾应中丞聘 ("answered his call"), 署藩司 ("acting treasurer"),
    能开诚布公 (an idiom): no 闻中丞, 应中丞, 署藩司, 开诚布公; a 闻 the document names stays (闻人杰 … 闻中丞)."""
    assert names("又闻中丞已复召经甫。曾应中丞聘修省志。贺顾廉访署藩司。能开诚布公，可暂恃") == [
        ("顾廉访", "title", None)
    ]  # fmt: skip
    assert names("闻人杰至。闻中丞来", frozenset({"闻人杰"})) == [("闻中丞", "title", None)]


def test_surname_and_a_commander_s_post() -> None:
    """申正随林统领回营 (林朝栋, named 林荫堂 before): surname + 统领; not 又兼统领 nor 令其统领各军 (verbs)."""
    assert names("申正随林统领回阿拇山大营。又兼统领所守。令其统领各军") == [("林统领", "title", None)]


def test_surname_and_zi_before_a_title_after_zhe_ye_or_guan() -> None:
    """同席者谢湛清州牧, 是夜李仲乡、吴海筹二协台招饮, 管带官刘际周游戎, 马鳞书、郑守贵、蔡常庆三委员 (委员 read after
    a whole name, as 守备 is)."""
    text = "同席者谢湛清州牧。是夜李仲乡、吴海筹二协台招饮。管带官刘际周游戎。十一日，马鳞书、郑守贵、蔡常庆三委员来"
    assert [n for n, _, _ in names(text)] == ["谢湛清", "李仲乡", "吴海筹", "刘际周", "马鳞书", "郑守贵", "蔡常庆"]


def test_surname_gong_and_a_verb_of_inviting_is_no_full_name() -> None:
    """将夜，顾公招饮: 顾公 invited (him) to drink, no 顾招饮 (顾公 alone is the coreference rules' to read)."""
    assert names("将夜，顾公招饮，至二更而回") == []
