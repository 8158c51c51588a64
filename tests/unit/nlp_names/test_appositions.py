"""A name after an office, or in brackets after one."""

from __future__ import annotations

from zhiren.nlp.appositions import (
    find_bracketed_names,
    find_envoys_by_syllable,
    find_introductions,
    find_japanese_names,
    find_office_appositions,
    with_bracketed_names,
    with_former_names,
)
from zhiren.nlp.extract import Extractor
from zhiren.nlp.found import Found
from zhiren.nlp.gazetteer import NameEntry


def names(text: str) -> list[str]:
    return [text[f.start : f.end] for f in find_office_appositions(text)]


def test_a_surname_and_given_name_after_a_post() -> None:
    assert names("发交臣营差委各员——道员钟文、总兵沈宏富、提督何绍彩，分别发往") == ["钟文", "沈宏富", "何绍彩"]
    assert names("新授臬司史念祖，诏公察看。派学政鲍源深入闱监临。") == ["史念祖", "鲍源深"]


def test_a_captain_before_a_name_and_ju_a_report_after_one() -> None:
    """庐州知府胡元炜具禀告急 (具禀: he drew up a report), 都司马良勋 (都司, a captain: not 司马, a surname)."""
    assert names("庐州知府胡元炜具禀告急。都司马良勋、戴文澜、县丞艾延辉。") == ["胡元炜", "马良勋", "戴文澜", "艾延辉"]


def test_a_salt_or_grain_intendant_before_a_name_and_you_after_it() -> None:
    """云南盐道沈寿榕有才可用: 盐道 is a post, and 有 follows a name as a verb does."""
    assert names("云南盐道沈寿榕有才可用，粮道王德榜驻防") == ["沈寿榕", "王德榜"]


def test_a_telegram_s_verbs_after_a_name_a_post_introduced() -> None:
    """县丞沈广贞禀称, 参将莫善喜募三营, 臬司聂缉槻迭次面禀, 高州镇张得禄报: a report, a levy, "again and
    again" follow a name in 张之洞's telegrams as 来 and 驻 do in the chronicle."""
    text = "顷据委员县丞沈广贞禀称。复密饬钦州参将莫善喜募三营。台湾转运臬司聂缉槻迭次面禀"
    assert names(text) == ["沈广贞", "莫善喜", "聂缉槻"]


def test_a_name_after_a_station_a_place_and_zhen_or_dao() -> None:
    """高州镇张得禄报, 署琼州镇吴全美亦, 上海道刘麒祥、: a brigade general or an intendant by his station;
    镇 and 道 after no place (城镇, 知道) introduce nobody."""
    text = "高州镇张得禄报：法舰到。署琼州镇吴全美亦于八月病故。据上海道刘麒祥、台湾转运臬司"
    assert names(text) == ["张得禄", "吴全美", "刘麒祥"]
    assert names("我知道王某来。城镇王某来") == []


def test_a_one_character_given_name_before_a_verb() -> None:
    """何璟与: 与 ends no name, so the name is 何璟, not 何璟与."""
    assert names("臬司何璟与奏委之郎中会讯") == ["何璟"]


def test_a_post_before_a_word_is_no_name() -> None:
    assert names("总兵官长瑞等四人阵亡，赏知府衔，送提督衙门") == []


def test_the_fast_mode_finds_them_and_lists_them_on() -> None:
    text = "又片奏保总兵王可升、章合才、易致中三员。"
    found = [m["text"] for m in Extractor(statistical=False).extract(text)["mentions"]]
    assert found == ["王可升", "章合才", "易致中"]


def test_a_given_name_in_brackets_after_a_post_or_a_title() -> None:
    """The press of 1895: 周静山军门（振邦）, 朱守（上泮）, 伊藤伯爵（博文）, 赫鹭宾方伯（德）; not a
    gloss or a date in brackets (马崎（即下关）, 制军（光绪二年）), nor brackets after no post."""
    text = (
        "澎湖镇周静山军门（振邦）、朱守（上泮）、伊藤伯爵（博文）、赫鹭宾方伯（德）；"
        "马崎（即下关）；复沈制军（光绪二年）；李（经方）"
    )
    found = [text[f.start : f.end] for f in find_bracketed_names(text)]
    assert found == ["周静山", "振邦", "上泮", "博文", "德"]  # 周静山: the surname + 字 whose 名 the bracket gives


def test_a_chronicle_s_friends_by_surname_and_zi_a_title_and_the_ming_glossed_in_brackets() -> None:
    """吴大廷's 年谱: a friend by surname + 字 and a degree or a post of the capital, his 名 in brackets
    glossed after a ； or a ， with his home or his 字 (孔绣山侍读（宪彝；己酉举人）, 王小琳（绍元；临榆人）,
    陈公（本钦，字尧农）); not a bracket after no name (李（经方）), nor a gloss (（名）, （即下关）), nor a
    name before 公 (骆公 is no 字), nor a surname ending a word (宰相伊藤: 相); after no title, only a 名 a
    gloss follows (not the press's 李迅雷（微博）, 赵小维（女）), and no word for a 字 (汇丰银行（中国；）."""
    text = (
        "曲阜孔绣山侍读（宪彝；己酉举人）、钱塘许星叔舍人（庚身；壬子举人）。与王小琳（绍元；临榆人）订交。"
        "后城南山长陈公（本钦，字尧农；长沙人）。因严仙舫丈，与左季高先生（宗棠；壬辰举人）始通书问。"
        "姊嫁同邑李（名）高翔；中丞骆公（秉章）；日本宰相伊藤伯爵（博文）"
        "首席经济学家李迅雷（微博）说。赵小维（女）、现任汇丰银行（中国；香港）"
    )
    found = [text[f.start : f.end] for f in find_bracketed_names(text)]
    assert found == ["孔绣山", "宪彝", "许星叔", "庚身", "王小琳", "绍元", "本钦", "左季高", "宗棠", "秉章", "博文"]


def test_a_glossed_bracket_reads_the_full_name() -> None:
    """孔绣山侍读（宪彝；己酉举人）: the surname + 字 and the 名 glossed after a ； read 孔宪彝, as in a
    closed bracket."""
    text = "曲阜孔绣山侍读（宪彝；己酉举人）"
    kong, xianyi = Found(2, 5, "courtesy", "apposition", 0.75), Found(8, 10, "given", "apposition", 0.75)
    read = with_bracketed_names(text, [kong, xianyi])
    assert [(text[f.start : f.end], f.normalized) for f in read] == [("孔绣山", "孔宪彝"), ("宪彝", "孔宪彝")]


def test_a_bracketed_given_name_says_whose_the_name_before_it_is() -> None:
    """小村大臣（寿太郎）: 小村 is no 邵友濂 (字小村) when the bracket gives 寿太郎, so both read 小村寿太郎;
    赫鹭宾方伯（德）: 德 is the 赫德 the name was taken for; 张樵野少司农（荫桓）, taken for nobody yet,
    reads 张荫桓; the model's （寿太郎 loses its bracket."""
    text = "我小村大臣（寿太郎）阻之。遍拜赫鹭宾方伯（德）。特命张樵野少司农（荫桓）"
    xiaocun = Found(1, 3, "courtesy", "gazetteer", 0.9, person_id="shao", person_name="邵友濂")
    shoutailang = Found(5, 9, "full", "ner", 0.8)
    hart = Found(15, 18, "courtesy", "style", 0.9, person_id="hart", person_name="赫德")
    de = Found(21, 22, "given", "apposition", 0.75)
    zhang, yinhuan = Found(26, 29, "full", "gazetteer", 0.7), Found(33, 35, "given", "apposition", 0.75)
    read = with_bracketed_names(text, [xiaocun, shoutailang, hart, de, zhang, yinhuan])
    assert [(text[f.start : f.end], f.normalized, f.person_id) for f in read] == [
        ("小村", "小村寿太郎", None), ("寿太郎", "小村寿太郎", None),
        ("赫鹭宾", None, "hart"), ("德", "赫德", "hart"),
        ("张樵野", "张荫桓", None), ("荫桓", "张荫桓", None),
    ]  # fmt: skip


def test_a_given_name_in_brackets_after_a_customs_post() -> None:
    """赫总税司（德）, 德税司（璀琳）: the customs' commissioners with their names in brackets."""
    text = "传言驻华英公使与赫总税司（德）于调停之事。先电致津关德税司（璀琳）转交"
    assert [text[f.start : f.end] for f in find_bracketed_names(text)] == ["德", "璀琳"]


def test_a_biographer_s_given_name_in_brackets_after_a_posthumous_name_or_a_post() -> None:
    """庸盦笔记: 王文恪公(鼎), 张文毅公(芾), 福元修中丞(济), in brackets of either width."""
    text = "大学士蒲城王文恪公(鼎)临塞决口。会张文毅公(芾)亦至。皖抚福元修中丞（济）幕府。公(即某)"
    assert [text[f.start : f.end] for f in find_bracketed_names(text)] == ["鼎", "芾", "济"]


def test_a_bracketed_name_after_a_posthumous_name() -> None:
    """文勤公(琦善): the whole name in the bracket is the style's man; 王文恪公(鼎) reads 王鼎, which is
    known; 徐庄愍公(有任) (有壬 misprinted) makes no known name: the bracket reads as the style does."""
    text = "大学士文勤公(琦善)往代其任。王文恪公(鼎)临塞决口。徐庄愍公(有任)由湖南"
    wenqin, qishan = Found(3, 6, "title", "style", 0.9), Found(7, 9, "full", "gazetteer", 0.9, person_id="q",
                                                             person_name="琦善")  # fmt: skip
    wang, ding = Found(15, 19, "posthumous", "honorific", 0.75), Found(20, 21, "given", "apposition", 0.75)
    xu, youren = Found(27, 31, "posthumous", "honorific", 0.75), Found(32, 34, "given", "apposition", 0.75)
    read = with_bracketed_names(text, [wenqin, qishan, wang, ding, xu, youren], frozenset({"王鼎"}))
    assert [(text[f.start : f.end], f.normalized, f.person_id) for f in read] == [
        ("文勤公", "琦善", "q"), ("琦善", None, "q"), ("王文恪公", "王鼎", None), ("鼎", "王鼎", None),
        ("徐庄愍公", None, None), ("有任", "徐庄愍公", None),
    ]  # fmt: skip


def test_the_posts_a_biography_introduces_names_by_and_the_names_listed_after_one() -> None:
    """刘壮肃公奏议's prose: a rebel's, a graduate's, a clerk's, a general's of an army, a brave's title before
    a name, verbs of its own after one (残杀, 助之, 拥兵, 莅, 冒雨), and the names a post heads listed with 、."""
    text = "台南副将潘高升残杀无罪番。外山匪首刘添汪助之。举人邱敏光等复合数十人"
    assert names(text) == ["潘高升", "刘添汪", "邱敏光"]
    assert names("委吏凌定国莅彰城。淮将李定明拥兵不进。夜令壮士邓长安、梁复初冒雨蛇行") == [
        "凌定国", "李定明", "邓长安", "梁复初"
    ]  # fmt: skip
    assert names("提督朱南桂、谭国泰病故。派学政鲍源深入闱") == ["朱南桂", "谭国泰", "鲍源深"]


def test_a_secretary_or_a_confidant_before_names_no_list_holds() -> None:
    """仅与幕友陈若木、吴如渤二人 (his secretaries, then a count of them), 元炜腹心徐淮所募勇 (his confidant, then
    所): the names 庸盦笔记 gives of men no authority holds; not 率其幕友家丁 (家丁, servants, is a word)."""
    assert names("仅与幕友陈若木、吴如渤二人退至宁波。守城兵仅元炜腹心徐淮所募勇") == ["陈若木", "吴如渤", "徐淮"]
    assert names("闻裕谦率其幕友家丁，舟过慈溪") == []


def test_execution_and_orders_follow_a_name_after_a_post() -> None:
    """获匪首刘添汪诛之 (caught and executed), 通判吴本杰令各社壮丁为营勇 (he ordered)."""
    assert names("获匪首刘添汪诛之。通判吴本杰令各社壮丁为营勇") == ["刘添汪", "吴本杰"]


def test_a_name_introduced_by_zhe_and_what_he_was() -> None:
    """罗建祥者，嘉义令也 (a magistrate), 李嘉棠者，彰化令也: men no list holds, introduced; not a place so
    introduced (杨库汛者，沿江要隘也; 吕家望者，后山埤南强社也)."""
    text = "原而请复之。罗建祥者，嘉义令也。李嘉棠者，彰化令也。杨库汛者，沿江要隘也。"
    text += "吕家望者，后山埤南强社也。"
    assert [text[f.start : f.end] for f in find_introductions(text)] == ["罗建祥", "李嘉棠"]


def test_he_or_tong_ends_a_name_after_a_post_where_a_verb_follows() -> None:
    """乃命提督柳泰和以师往: 柳泰和, a verb after his 和; before a surname 和 joins two names (提督张成和李某)."""
    assert names("乃命提督柳泰和以师往，并克之") == ["柳泰和"]
    assert names("提督张成和李某至") == []


def test_a_pirate_chief_a_deputy_general_a_pupil_an_acting_prefect_and_a_man_surrounded() -> None:
    """镜湖自撰年谱: 盗首高成领伙, 协镇王邦庆亦出城, 门生顾阆峯所备, 署事廖子成，, 副将王振声围住 (围, "was
    surrounded", after the name); not 最亲厚之门生，(a pupil, no name after the post)."""
    text = "盗首高成领伙。协镇王邦庆亦出城。舟乃门生顾阆峯所备也。新来署事廖子成，不知时。贼将副将王振声围住。"
    assert names(text) == ["高成", "王邦庆", "顾阆峯", "廖子成", "王振声"]
    assert names("故穆相最亲厚之门生，而亦蒲城同乡且门生也。") == []


def test_a_name_after_the_place_opening_a_sentence_and_before_a_comma() -> None:
    """镜湖自撰年谱: 绍兴张广川，其先人亦以生意起家者也 and 杭州胡墉，以市侩 (a man's home, his name, a pause); not
    inside a clause (至绍兴张家) nor before no pause (杭州王家之事)."""
    assert names("绍兴张广川，其先人亦以生意起家者也。杭州胡墉，以市侩而夤缘省城上宪。") == ["张广川", "胡墉"]
    assert names("余至绍兴张家，杭州王家之事") == []
    assert names("重阳后一日，蔚芝来谈") == []  # the day after the festival (重阳 is also a county)


def test_there_was_one_x() -> None:
    """镜湖自撰年谱: 时将军营中有文尉者，司将军折奏 ("there was one 文尉 in the general's camp") whatever the
    description after it; not 有能者， or 有王者， (words the dictionary knows)."""
    text = "时将军营中有文尉者，司将军折奏。有能者，有王者，"
    assert [text[f.start : f.end] for f in find_introductions(text)] == ["文尉"]


def test_a_hundred_man_leader_s_name_and_the_verbs_after_memorials_names() -> None:
    """左宗棠's memorials: 百长胡少亭， (a company's leader), and names before 代 (以江西知县孔广晋代之), 拔
    (提督申道发、贺兴隆拔队), 管 (记名提督谭慎典管带), 提 (督粮道傅观海提集) and 齐 (百长龙春芳齐告奋勇)."""
    assert names("良营前哨百长胡少亭，后以江西知县孔广晋代之。") == ["胡少亭", "孔广晋"]
    assert names("饬调提督申道发、贺兴隆拔队速进。委记名提督谭慎典管带。") == ["申道发", "贺兴隆", "谭慎典"]
    assert names("福建督粮道傅观海提集覆审。左哨百长龙春芳齐告奋勇。") == ["傅观海", "龙春芳"]


def test_the_commander_of_a_governor_s_own_battalion() -> None:
    """左宗棠's letter: 前已饬护理中军郭什春回署 (the acting commander of his own battalion, 中军)."""
    assert names("前已饬护理中军郭什春回署敬谨照料") == ["郭什春"]


def test_arch_rebels_named_after_their_epithet() -> None:
    """左宗棠's memorial: 巨逆李世贤、汪海洋由粤东分道犯闽 (the arch-rebels, listed, then 由 'from'), as 贼首."""
    assert names("嗣浙事勾当甫毕，巨逆李世贤、汪海洋由粤东分道犯闽") == ["李世贤", "汪海洋"]


def test_a_name_declared_former_after_a_man_is_his() -> None:
    """谢友鹄军门；原名鸿章: 鸿章 is 谢鸿章, not the authority's 李鸿章; after his own surname the bearer stays
    (李鸿章 … 改名鸿章), and with no man named before in the sentence nothing changes."""
    text = "遇谢友鹄军门；原名鸿章，今改名得龙。李少荃改名鸿章。原名鸿章"
    xie = Found(1, 4, "full", "honorific", 0.85)
    hongzhang = Found(9, 11, "other", "formula", 0.9, person_id="li", person_name="李鸿章")
    delong = Found(15, 17, "other", "formula", 0.9)
    li = Found(18, 21, "courtesy", "gazetteer", 0.9, normalized="李少荃", person_id="li", person_name="李鸿章")
    li_full = li._replace(name_type="full")
    again = Found(23, 25, "other", "formula", 0.9, person_id="li", person_name="李鸿章")
    alone = Found(28, 30, "other", "formula", 0.9, person_id="li", person_name="李鸿章")
    read = with_former_names(text, [xie, hongzhang, delong, li_full, again, alone])
    assert [(text[f.start : f.end], f.normalized, f.person_id) for f in read] == [
        ("谢友鹄", None, None), ("鸿章", "谢鸿章", None), ("得龙", "谢得龙", None), ("李少荃", "李少荃", "li"),
        ("鸿章", None, "li"), ("鸿章", None, "li"),
    ]  # fmt: skip


def test_the_posts_of_a_mission_abroad_and_of_the_korean_court() -> None:
    """马建忠's journal of 1882: 四品鸿胪李应俊也 (也 closes what he was), 二品参判赵准永, 从事官李祖渊, 管驾官陆伦华;
    not a preposition or an adverb read as a surname before a word (管驾官相慰劳, 大副官于鸡鸣驰至)."""
    assert names("则朝鲜四品鸿胪李应俊也。派二品参判赵准永为伴") == ["李应俊", "赵准永"]
    assert names("从事官李祖渊、鸿胪官韩文奎等。率镇海管驾官陆伦华及习流军") == ["李祖渊", "韩文奎", "陆伦华"]
    assert names("与我舟管驾官相慰劳兼询东来故。所派议约大副官于鸡鸣驰至") == []


def test_a_listed_surname_and_one_character_inside_a_name_of_three() -> None:
    """李应 (listed: a Ming man) is no name in 李应俊, whom a post introduced or the text writes twice, nor 马良 in
    都司马良勋; the post's reading and its recurrences name them.  李应 alone stays; so does a listed name before a
    verb written twice (马良来 … 马良来)."""
    extractor = Extractor(statistical=False)
    extractor.add_names([NameEntry("李应", "m", "李应", "full"), NameEntry("马良", "x", "马良", "full")])

    def found(text: str) -> list[str]:
        return [m["text"] for m in extractor.extract(text)["mentions"]]

    assert found("则朝鲜四品鸿胪李应俊也。十点钟，李应俊诸人至。") == ["李应俊", "李应俊"]
    assert found("李应俊辞赴王京。金景遂李应俊等亦来。") == []  # no 李应: nothing else cues 李应俊 here
    assert found("都司马良勋、戴文澜。") == ["马良勋", "戴文澜"]
    assert found("李应率众至。马良来。马良来。") == ["李应", "马良", "马良"]
    # Two listed names written together, twice (鱼允中 and 赵宁夏 by their 名): each stays
    extractor.add_names([NameEntry("允中", "y", "鱼允中", "full"), NameEntry("宁夏", "z", "赵宁夏", "full")])
    assert found("允中宁夏先后至。遂作书致允中宁夏述事状。") == ["允中", "宁夏", "允中", "宁夏"]


def test_japanese_names_as_chinese_envoys_write_them() -> None:
    """马建忠's journal and the press of 1895: a Japanese surname and given name after the country, its envoy or a
    post, or after another such name and 及 (日使花房义质, 日本参赞近藤真锄自, 花房义质及井上馨等, 使者伊藤美久治乘);
    the surname alone once the text has named him so (花房心常怏怏, 致近藤), or with a rank or post (伊藤伯爵,
    桦山总督), or beside another (伊藤、陆奥两全权); not a word elsewhere (井上有泉, 大山之下)."""

    def japanese(text: str) -> list[str]:
        return sorted(text[f.start : f.end] for f in find_japanese_names(text))

    text = "识日使花房义质。花房心常怏怏。日本花房义质及井上馨等"
    assert japanese(text) == ["井上馨", "花房", "花房义质", "花房义质"]
    assert japanese("日本参赞近藤真锄自济物浦寄书至。送作书致近藤，") == ["近藤", "近藤真锄"]
    text = "日本宰相伊藤伯爵（博文）。新派之桦山总督。答拜伊藤、陆奥两全权大臣。换约使者伊藤美久治乘「八重山」"
    assert japanese(text) == ["伊藤", "伊藤", "伊藤美久治", "桦山", "陆奥"]
    assert japanese("井上有泉，大山之下") == []


def test_a_japanese_full_name_again_a_post_after_a_surname_and_an_officer() -> None:
    """The full name where the text writes it again (即令近藤真锄来: not 近藤 alone), the surname and its post after
    the country (日本桦山总督: no given name 总督), no surname alone before a given name it could not close
    (日使花房义质策马); and 官 ends no name after a place (镇海管驾官: the captain of the 镇海)."""

    def japanese(text: str) -> list[str]:
        return sorted(text[f.start : f.end] for f in find_japanese_names(text))

    assert japanese("日本参赞近藤真锄自济物浦。即令近藤真锄来") == ["近藤真锄", "近藤真锄"]
    assert japanese("割台湾文据畀日本桦山总督。而日使花房义质策马") == ["桦山"]
    assert names("之。镇海管驾官，旋以舢舨送之来") == []


def test_a_foreign_envoy_by_a_syllable_of_his_name_and_shi() -> None:
    """马建忠's journal: 薛使 (Shufeldt) and 巴使 (Brandt), written again and again after a clause's mark, a verb of
    calls or an hour; not the king who sends (魏王使将军晋鄙 … 魏王使客将军新), an office (三司使), a name before 使
    "to send" (彦章使守), an embassy (美国使馆 … 美国使馆), nor a syllable written once (宝使)."""

    def envoys(text: str) -> list[str]:
        return [text[f.start : f.end] for f in find_envoys_by_syllable(text)]

    text = "，薛使谓：在烟台。往美舶答薛使拜。与巴使会于烟台。四点钟巴使来报谒。宝使闻言"
    assert envoys(text) == ["薛使", "薛使", "巴使", "巴使"]
    assert envoys("魏王使将军晋鄙。魏王使客将军新。始置三司使，充三司使。末帝召彦章使守，彦章使酒") == []
    assert envoys("登陆美国使馆的网站。登陆美国使馆") == []
