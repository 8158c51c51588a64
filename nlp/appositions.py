"""Appositions: an office before a name (总兵娄云庆, 道员钟文, 知县孟煊, 新授臬司史念祖), and a
given name in brackets after a style (刘渊亭军门（永福）, 朱守（上泮）, 伊藤伯爵（博文）).

Chronicles and memorials introduce most lesser officials by their post and full name, and
those names are the ones no list holds; the post says a name follows.  The name is a
surname and one or two characters, and only where something a name is followed by comes
next — a pause, 等, or a verb (领之, 驻扎, 来见) — since the post may also be followed by a
word (总兵官, 知府衔, 提督衙门).
"""

from __future__ import annotations

import re
from collections.abc import Container

from zhiren.nlp.found import NAME_CHAR_CLASS, Found
from zhiren.nlp.honorifics import OFFICE_TITLES
from zhiren.nlp.segment import word_tag
from zhiren.nlp.surnames import COMPOUND_SURNAMES, SINGLE_SURNAMES, surname_length

SCORE = 0.75
METHOD = "apposition"

OFFICES_BEFORE_NAMES = (
    "提督", "总兵", "副将", "参将", "游击", "守备", "千总", "道员", "知府", "知州", "知县", "同知",
    "通判", "县丞", "巡检", "编修", "检讨", "修撰", "主事", "员外郎", "郎中", "臬司", "藩司", "运司",
    "学政", "御史", "副都统", "部将", "委员", "布政使", "按察使", "盐运使", "公使", "领事官", "盐道", "粮道",
    "都司", "贼首", "匪首", "贼渠", "举人", "委吏", "淮将", "湘将", "壮士", "幕友", "腹心",
    "盗首", "协镇", "门生", "署事", "百长", "中军", "巨逆", "逆首",
    # The posts of a mission abroad and of a fleet, and the Korean court's, as a Chinese envoy's journal writes
    # them (参赞近藤真锄, 管驾官陆伦华, 二品参判赵准永, 四品鸿胪李应俊, 从事官李祖渊, 右承旨朴泳教, 仁川府使郑志).
    "参赞", "随员", "翻译官", "管驾官", "管带", "参判", "判书", "承旨", "府使", "鸿胪", "鸿胪官", "从事官", "伴接官",
    "接伴官", "校理官", "领选使", "大官", "副官",
)  # fmt: skip
_OFFICE = re.compile("|".join(sorted(OFFICES_BEFORE_NAMES, key=len, reverse=True)))
# A brigade general or an intendant by his station: a place and 镇 or 道 (高州镇张得禄, 上海道刘麒祥).
_STATION = re.compile("[镇道]")
# A sentence opening on a man's home and his name, then a pause (绍兴张广川，其先人亦以生意起家者也; 杭州胡墉，以
# 市侩而夤缘省城上宪): a chronicle's way to bring in a merchant or a gentleman no list holds.
_BEFORE_OR_AFTER = frozenset("前后时")
_NUMERALS = frozenset("一二三四五六七八九十廿卅百千万两数")
_OPENING_PAIR = re.compile("(?:^|(?<=[。；！？\n]))[\u4e00-\u9fff]{2}")
# What may follow a name: a pause, the end of a list, or a verb a chronicle puts after a name.
_VERBS_AFTER_NAMES = (
    "领驻来赴为请署调带率克病到于奏帮办暂在回即亦已入出接统随进往移驰兼以著着开革有禀报募迭具残鼓复不助拥莅冒所诛令围"
    "代拔管提齐由"
)
# … and a count of the persons just listed (陈若木、吴如渤二人), and 也 closing what the name was
# (则朝鲜四品鸿胪李应俊也).
_AFTER_NAME = frozenset("，。、；：！？等及与暨二两也" + _VERBS_AFTER_NAMES)
# Characters that end no name: a name of three cannot have them last (何璟与奏 is 何璟; 镇海管驾官: 官, an officer).
_NOT_LAST = frozenset("至曰而之其诸众自向和同则言及与等官" + _VERBS_AFTER_NAMES)
# … nor what a name is followed by in letters and diaries (马良谓, 李熙书, 周馥函, 胡传处).
_NOT_A_NAME_S_END = frozenset("谓云称书函信处家室在")
# The dictionary's tags of single characters that end no name (adverbs, particles, numbers …; verbs begin with v).
_NOT_NAME_TAGS = frozenset({"d", "p", "c", "u", "g", "r", "m", "q", "f", "t", "y", "e", "o"})
# Surnames that after a post start a word instead (总兵官, 知府衔 has none): 官 of 总兵官.
_NOT_SURNAMES_HERE = frozenset("官公")
# Surnames that are also a preposition or an adverb: after a post they begin a name only where the two characters
# after them are no common word (管驾官相慰劳: 相 "each other", 慰劳 "console"; 副官于鸡鸣驰至: 于 "at", 鸡鸣
# "cockcrow").
_FUNCTION_WORD_SURNAMES = frozenset("于相和同")
_NAME_CHAR = re.compile("[\u4e00-\u9fff]")
# What the dictionary tags a surname and one character that are a common word, not a name (家丁, 马夫).
_NAME_TAGS = frozenset({"x", "nr", "nrfg", "nrt"})
_COMMON_WORD_TAGS = frozenset({"n", "v", "vn", "a", "d", "m", "q", "r", "p", "c", "u", "f", "t"})


# Japanese surnames as Chinese documents of the 1870s-1900s write them (envoys, ministers, officers): a closed list,
# since they are read by position only (they begin no Chinese name: 花房, 近藤 are words or nothing).
JAPANESE_SURNAMES = frozenset({
    "伊藤", "陆奥", "桦山", "井上", "花房", "近藤", "竹添", "仁礼", "相浦", "榎本", "大鸟", "小村", "山县", "西乡",
    "岩仓", "黑田", "副岛", "寺岛", "大隈", "松方", "川上", "大山", "山田", "青木", "佐藤", "加藤", "吉田", "伊东",
    "柳原", "宍户", "鲛岛", "森冈", "野村", "田边", "栗野",
})  # fmt: skip
_JAPANESE_SURNAME = re.compile("|".join(sorted(JAPANESE_SURNAMES)))
# What names a Japanese: the country, its envoy or minister before him (日本花房义质, 日使伊藤美久治, 倭相伊藤), a post.
_JAPANESE_CUE = re.compile(f"(?:日本|日使|倭使|倭相|使者|宰相|省卿|少将|中将|大将|大臣|{_OFFICE.pattern})$")
# Ranks and posts after a Japanese surname alone (伊藤伯爵, 陆奥子爵, 桦山总督, 花房公使, 伊藤、陆奥两全权).
_JAPANESE_TITLE = re.compile("伯爵|子爵|男爵|侯爵|公爵|大臣|总督|公使|领事|参赞|少将|中将|大将|氏|君|两全权")
# What may follow a Japanese full name (花房义质来, 近藤真锄自济物浦, 伊藤美久治乘, 井上馨等, 近藤真锄之言).
_AFTER_JAPANESE = _AFTER_NAME | frozenset("自乘登偕之氏")
# What joins two names in a list (日本花房义质及井上馨等).
_LIST_JOINS = frozenset("及、暨与")


def find_japanese_names(text: str) -> list[Found]:
    """A Japanese surname of the list and a given name of one to three characters after the country, its envoy or a
    post, or after another such name and 及 or 、, before what follows a name (日使花房义质来, 参赞近藤真锄自, 日本花房
    义质及井上馨等); then the surname alone where the text has so named a man of it (花房 … 花房心常怏怏), or a rank or
    a post follows it (伊藤伯爵, 桦山总督), or the country or its minister precedes it (日本桦山, 倭相伊藤), or another
    of the list stands beside it (伊藤、陆奥); where the text writes a full name so read, the full name."""
    places = [m.start() for m in _JAPANESE_SURNAME.finditer(text)]  # one pass: most texts hold none
    if not places:
        return []
    found: list[Found] = []
    ends: set[int] = set()
    for at in places:
        listed = at >= 1 and text[at - 1] in _LIST_JOINS and at - 1 in ends
        cued = listed or _JAPANESE_CUE.search(text, max(0, at - 5), at)
        if cued and not _JAPANESE_TITLE.match(text, at + 2):  # 日本桦山总督: the surname and his post
            end = _japanese_name_end(text, at + 2)
            if end:
                found.append(Found(at, end, "full", METHOD, SCORE))
                ends.add(end)
    names = {text[f.start : f.end] for f in found}
    named = {name[:2] for name in names}
    covered = {i for f in found for i in range(f.start, f.end)}
    for at in places:
        surname = text[at : at + 2]
        end = max((at + len(n) for n in names if text.startswith(n, at)), default=at + 2)  # 即令近藤真锄来
        closed = text[end : end + 1] in _AFTER_JAPANESE  # 日使花房义质策马: no 花房 alone before 义质
        alone = (
            surname in named
            or _JAPANESE_TITLE.match(text, end)
            or (closed and _JAPANESE_CUE.search(text, max(0, at - 5), at))
            or (text[end : end + 1] == "、" and text[end + 1 : end + 3] in JAPANESE_SURNAMES)
            or (text[at - 1 : at] == "、" and text[max(0, at - 3) : at - 1] in JAPANESE_SURNAMES)
        )
        if alone and covered.isdisjoint(range(at, end)):
            found.append(Found(at, end, "full", METHOD, SCORE))
            covered.update(range(at, end))
    return found


def _japanese_name_end(text: str, start: int) -> int:
    """The end of a Japanese given name of three, two or one characters at ``start``: the longest that what follows
    can follow and whose last character can end a name (花房义质来: not 义质来); 0 when none."""
    for given in (3, 2, 1):
        end = start + given
        chars = text[start:end]
        last = chars[-1:]
        whole = len(chars) == given and all(map(_NAME_CHAR.match, chars)) and last not in _NOT_LAST | _AFTER_JAPANESE
        if whole and text[end : end + 1] in _AFTER_JAPANESE:
            return end
    return 0


# A foreign envoy by his name's first syllable and 使, as late-Qing letters and journals write him (威使 for Wade, 巴使
# for Brandt, 薛使 for Shufeldt): not a state of antiquity's envoy (楚使, 赵使), not a qualifier (钦使, 专使), not 使
# "to send" before its object (赵使人, 王使之).
_NOT_AN_ENVOY_S_SYLLABLE = frozenset("秦齐楚燕赵魏韩吴越鲁宋卫郑陈蔡曹晋周汉唐蜀梁隋辽金元明清夏商殷") | frozenset(
    "钦星专特正副密信天大公假纵驱促迫役指致即行出遣差奉来去可能当王后帝君侯皇"  # 魏王使将军晋鄙: the king sent
)
_SENT = frozenset("人其之者我吾臣于以") | frozenset("馆节用得命团")  # … nor a word 使 begins (使馆, 使得)
# What comes before such an envoy: a clause's mark, a verb of calls or company (答薛使拜, 往访巴使, 与巴使会), an hour
# (四点钟巴使来报谒); not a name's or an office's character (王彦章使酒, 三司使, 梓宫使).
_BEFORE_ENVOY = frozenset("，。；：！？、“”「」（）\n 与及偕同拜访晤答邀接赴见致告谓请交送迎候召随陪钟刻")


def find_envoys_by_syllable(text: str) -> list[Found]:
    """One syllable of a foreign envoy's name and 使 that the document writes twice or more (薛使谓 … 往美舶答薛使拜),
    the syllable a surname's character that ends no word with the character before it (美国使馆, 驻华使节, 交易使得),
    after a clause's mark, a verb of calls or an hour, the two no word of the dictionary, and 使 not "to send" (before
    人, 其 …) nor the start of a word (使馆, 使得)."""
    if "使" not in text:
        return []
    places = [at for m in re.finditer("使", text) if (at := m.start()) and text[at + 1 : at + 2] not in _SENT]
    pairs = [text[at - 1 : at + 1] for at in places]
    counts: dict[str, int] = {}
    for pair in pairs:
        counts[pair] = counts.get(pair, 0) + 1
    return [
        Found(at - 1, at + 1, "title", METHOD, SCORE)
        for at, pair in zip(places, pairs, strict=True)
        if counts[pair] > 1
        and pair[0] in SINGLE_SURNAMES
        and pair[0] not in _NOT_AN_ENVOY_S_SYLLABLE
        and word_tag(pair) == "x"
        and word_tag(text[max(0, at - 2) : at]) == "x"
        and (at == 1 or text[at - 2] in _BEFORE_ENVOY)
    ]


def find_office_appositions(text: str) -> list[Found]:
    """A surname and a given name of one or two characters right after a post, or after a place
    and 镇 or 道, or after a place opening a sentence and before a comma, and the names listed after it
    with 、 (御史吴鸿恩、孔宪榖, 湘将提督方春发、柳泰和)."""
    found = []
    stations = (m for m in _STATION.finditer(text) if word_tag(text[max(0, m.start() - 2) : m.start()]) == "ns")
    homes = (
        m
        for m in _OPENING_PAIR.finditer(text)
        if text[m.end() : m.end() + 1] in SINGLE_SURNAMES and word_tag(m.group()) == "ns"
    )
    for m in (*_OFFICE.finditer(text), *stations, *homes):
        start = m.end()
        if m.re is _OPENING_PAIR and not _followed_by_a_pause(text, start):
            continue
        surname = 2 if text[start : start + 2] in COMPOUND_SURNAMES else 1
        if surname == 1 and (text[start : start + 1] not in SINGLE_SURNAMES or text[start] in _NOT_SURNAMES_HERE):
            continue
        end = _name_end(text, start, surname)
        while end:  # 御史吴鸿恩、孔宪榖察其冤: the names the post heads, listed with 、
            found.append(Found(start, end, "full", METHOD, SCORE))
            start = end + 1
            if text[end : end + 1] != "、" or text[start : start + 1] not in SINGLE_SURNAMES:
                break
            end = _name_end(text, start, 1)
    return found


_OFFICE_ENDING = re.compile(f"(?:{_OFFICE.pattern})$")


def reads_on(text: str, name: str) -> bool:
    """Whether the text writes ``name`` (a surname and two characters) as a man's one string for him: a post
    before one of its occurrences reads it whole (四品鸿胪李应俊也), or it is written twice and its last
    character may end a name (李应俊辞赴王京 … 金景遂李应俊等亦来), a noun or an adjective, not a verb or a particle
    (鲍超伤疾 … 鲍超伤病, 景崧叩 … 景崧叩, 马良之 … 马良之).  A listed surname + one character inside it (李应, 马良
    of 都司马良勋) names no one there."""
    last = name[-1]
    if last not in _NOT_LAST and last not in _NOT_A_NAME_S_END and text.count(name) > 1:
        tag = word_tag(last)
        if not tag.startswith("v") and tag not in _NOT_NAME_TAGS:
            return True
    at = text.find(name)
    while at >= 0:
        if _OFFICE_ENDING.search(text, max(0, at - 5), at) and _name_end(text, at, 1) == at + len(name):
            return True
        at = text.find(name, at + 1)
    return False


def _followed_by_a_pause(text: str, start: int) -> bool:
    """绍兴张广川，其先人 …: a name after a sentence's opening place only where a comma ends it; not a day
    after a festival or a place (重阳后一日，: 后 "after", then a count of days)."""
    end = _name_end(text, start, 1)
    return (
        end > 0
        and text[end : end + 1] == "，"
        and text[start] not in _BEFORE_OR_AFTER
        and _NUMERALS.isdisjoint(text[start + 1 : end])
    )


def _name_end(text: str, start: int, surname: int) -> int:
    """The end of the name at ``start``: three characters in all where the third can end a
    name and what follows can follow one, else two; 0 when neither reads as a name."""
    for given in (2, 1):
        end = start + surname + given
        chars = text[start + surname : end]
        if len(chars) < given or not all(_NAME_CHAR.match(ch) for ch in chars) or "公" in chars:
            continue
        if given == 2 and chars[-1] in _NOT_LAST and not _conjunction_ending_a_name(text, end):
            continue
        if given == 1 and word_tag(text[start:end]) in _COMMON_WORD_TAGS:  # 率其幕友家丁: 家丁, servants
            continue
        if given == 2 and text[start] in _FUNCTION_WORD_SURNAMES and word_tag(chars) in _COMMON_WORD_TAGS:
            continue
        if end == len(text) or text[end] in _AFTER_NAME:
            return end
    return 0


# A biographer introduces a man no list holds by his name, 者, and what he was (罗建祥者，嘉义令也; 鸣志者，
# 湘人也): a surname and one or two characters opening a clause, then 者， and, within the clause, a
# noun of persons before 也 or a pause (令, 人, 将 …), which a place so introduced lacks (杨库汛者，沿江要隘也;
# 吕家望者，后山埤南强社也); or "there was one X", whatever he was (时将军营中有文尉者，司将军折奏;
# 有李作梅者，金陵人也).
_INTRODUCED = re.compile(
    f"(?:^|(?<=[，。；：！？\n]))({NAME_CHAR_CLASS}{{2,3}})者，[^，。；]{{0,12}}?[令人将士官守弟子父兄臣使生](?:也|[，。])"
    f"|有({NAME_CHAR_CLASS}{{2,3}})者，"
)


def _conjunction_ending_a_name(text: str, end: int) -> bool:
    """提督柳泰和以师往: 和 (or 同) ends the name where a verb, not a name, comes after it; 和 joins two names
    (提督张某和李某) only before a surname."""
    return text[end - 1] in "和同" and text[end : end + 1] in _VERBS_AFTER_NAMES and text[end] not in SINGLE_SURNAMES


def find_introductions(text: str) -> list[Found]:
    """A surname and a given name of one or two characters before 者， and a description of a person."""
    if "者，" not in text:
        return []
    found = []
    for m in _INTRODUCED.finditer(text):
        group = 1 if m.group(1) else 2
        name = m.group(group)
        if (
            name[0] in SINGLE_SURNAMES
            and name[0] not in _NOT_SURNAMES_HERE
            and name[-1] not in _NOT_LAST
            and word_tag(name) in _NAME_TAGS  # not a word the dictionary knows (不知者, 学者)
        ):
            found.append(Found(m.start(group), m.end(group), "full", METHOD, SCORE))
    return found


# The press and the telegrams name an official by surname + 字 + post, or surname + post, and give
# his 名 in brackets after it (张樵野少司农（荫桓）, 刘渊亭军门（永福）, 朱守（上泮）): a name no
# list may hold, which the brackets mark.  Also after ranks and noble titles (伊藤伯爵（博文）).
# A biographer gives it after a 谥 + 公 (王文恪公(鼎), 江忠烈公(忠源)), in brackets of either width.
# A chronicle writes its friends so too, by their degrees and the posts of the capital (孔绣山侍读（宪彝；己酉举人）,
# 袁杏村舍人（开第）, 左季高先生（宗棠）), and glosses the 名 in the same brackets: his home, his degree, his 字 after
# a ； or a ， (孙芝房侍读（鼎臣；善化人）, 陈公（本钦，字尧农）).
_TITLES_OF_THE_CAPITAL = ("侍读", "舍人", "学博", "茂才", "比部", "副贡", "征士", "协领", "内翰", "驾部",
                          "岁贡", "郎中", "编修", "通政", "明经", "枢郎", "刺史", "中书", "庶常", "先生",
                          "同年", "年丈", "丈")  # fmt: skip
_STYLES_BEFORE_BRACKETS = (*OFFICE_TITLES, *_TITLES_OF_THE_CAPITAL, "大臣", "伯爵", "子爵", "侯爵", "总督", "巡抚",
                           "主事", "少司农", "守", "镇", "都司", "总税司", "税司", "公")  # fmt: skip
_OPENING, _CLOSING = "（(", "）)"
_AFTER_BRACKETED = _CLOSING + "；;，"
# The bracket alone is sought, then the style before it looked up: an optional alternation of every style before
# the bracket would be tried at each character of the text (30 times the cost).
_BRACKETED = re.compile(f"[{_OPENING}]({NAME_CHAR_CLASS}{{1,3}})[{_AFTER_BRACKETED}]")
_STYLE_LENGTHS = sorted({len(style) for style in _STYLES_BEFORE_BRACKETS}, reverse=True)
# A bracket after a post that holds a date, a place or a gloss, not a name (（即下关）, （二年）).
_NOT_IN_BRACKETED = frozenset("即年月日时号字名系谓为在之也一二三四五六七八九十")


# Styles of one character follow what is often no surname + 字 (骆公, 朱守, 希庵李公): no name is read before them.
_NO_NAME_BEFORE = frozenset(("守", "镇", "公", "丈"))


def find_bracketed_names(text: str) -> list[Found]:
    """The given name in brackets right after a post or a title (军门（永福）, 方伯（德）), and a surname +
    字 of two characters before the title or the bracket whose 名 it gives (孔绣山侍读（宪彝；, 王小琳（绍元；)."""
    found = []
    for m in _BRACKETED.finditer(text):
        given = m.group(1)
        if set(given) & _NOT_IN_BRACKETED or (len(given) > 2 and text[m.end() - 1] not in _CLOSING):
            continue
        style = _style_before(text, m.start())
        if style is None and (len(given) > 2 or text[m.end() - 1] not in "；;"):  # 王小琳（绍元；临榆人）, not
            continue  # 李迅雷（微博）, 赵小维（女）: after no title only a 名 a gloss follows
        courtesy = _surname_and_courtesy_name_before(text, m.start() - len(style or ""))
        if style is None and courtesy is None:
            continue
        if courtesy is not None and style not in _NO_NAME_BEFORE:
            found.append(courtesy)
        found.append(Found(m.start(1), m.end(1), "given", METHOD, SCORE))
    return found


def _style_before(text: str, end: int) -> str | None:
    """The longest post or title ending at ``end``, if any."""
    return next((text[end - n : end] for n in _STYLE_LENGTHS if text[max(0, end - n) : end] in _STYLES), None)


def _surname_and_courtesy_name_before(text: str, end: int) -> Found | None:
    """A surname of one character and a 字 of two right before ``end`` (孔绣山, 王小琳), a man no list holds
    whom the 名 in brackets after says is one; not where the surname ends a word (宰相伊藤伯爵（博文）: 相) nor
    where the 字 is one (丰银行)."""
    start = end - 3
    if start < 0 or text[start] not in SINGLE_SURNAMES or text[start] in _NOT_SURNAMES_HERE:
        return None
    if start > 0 and word_tag(text[start - 1 : start + 1]) in _COMMON_WORD_TAGS:
        return None
    if not all(_NAME_CHAR.match(ch) for ch in text[start:end]) or set(text[start + 1 : end]) & (_NOT_LAST | {"公"}):
        return None
    if word_tag(text[start + 1 : end]) in _COMMON_WORD_TAGS:  # 汇丰银行（中国）: 银行 is no 字
        return None
    return Found(start, end, "courtesy", METHOD, SCORE)


_STYLES = frozenset(_STYLES_BEFORE_BRACKETS)


def with_bracketed_names(text: str, mentions: list[Found], known: Container[str] = frozenset()) -> list[Found]:
    """张樵野少司农（荫桓）, 赫鹭宾方伯（德）, 小村大臣（寿太郎）: a 名 in brackets right after a name and
    its style says whose the name is.  Where the name was taken for a person whose 名 it is
    (刘渊亭（永福）: 刘永福), nothing changes; otherwise both mentions are read as the full name the
    bracket gives — the name's surname and the 名 (赫鹭宾 + 德: 赫德), or a bare name and the 名,
    nobody we list (小村 + 寿太郎: not 邵友濂, whose 字 is 小村).  Mentions in text order; those read
    anew carry no person."""
    result = list(mentions)
    for i, bracketed in enumerate(mentions):
        if text[bracketed.start] in _OPENING and bracketed.end - bracketed.start > 1:  # the model's （寿太郎
            bracketed = result[i] = bracketed._replace(start=bracketed.start + 1)
        opened = bracketed.start > 0 and text[bracketed.start - 1] in _OPENING
        if i == 0 or not opened or text[bracketed.end : bracketed.end + 1] not in set(_AFTER_BRACKETED):
            continue
        named = mentions[i - 1]
        if named.end > bracketed.start - 1 or text[named.end : bracketed.start - 1] not in _STYLES | {""}:
            continue
        given = text[bracketed.start : bracketed.end]
        if bracketed.person_id and bracketed.person_name == given:  # 文勤公(琦善): a whole name, a style's
            result[i - 1] = named._replace(normalized=given, person_id=bracketed.person_id, person_name=given)
            continue
        if named.person_name and named.person_name.endswith(given):  # 刘渊亭（永福）, 赫鹭宾（德）: his
            result[i] = bracketed._replace(normalized=named.person_name, person_id=named.person_id,
                                           person_name=named.person_name)  # fmt: skip
            continue
        full = _full_name(text[named.start : named.end], named, given)
        if full and named.name_type == "posthumous" and full not in known:  # 徐庄愍公(有任), 有壬 misprinted
            reading = named.normalized or text[named.start : named.end]
            result[i] = bracketed._replace(normalized=reading, person_id=named.person_id, person_name=named.person_name)
        elif full:
            result[i - 1] = named._replace(normalized=full, person_id=None, person_name=None)
            result[i] = bracketed._replace(normalized=full, person_id=None, person_name=None)
    return result


def _full_name(name: str, found: Found, given: str) -> str | None:
    """The full name a bracketed 名 makes of a name the person it was taken for does not bear: the
    name's surname and the 名, or a bare name (a 字 or a foreign name) and the 名."""
    surname = surname_length(name)
    if surname and (len(name) == surname or len(name) >= surname + 2 or found.name_type == "title"):
        return name[:surname] + given  # 张樵野 + 荫桓, 邱 + 逢甲, 朱守 + 上泮
    return name + given if found.person_name else None  # 小村 + 寿太郎


# Words declaring a man's former or later 名 (谢友鹄军门；原名鸿章，今改名得龙).
_FORMER_NAME_MARKERS = frozenset({"原名", "初名", "本名", "更名", "改名"})
# How far back, within the sentence, the man the declaration is about may be named.
_DECLARED_OF_WITHIN = 16


def with_former_names(text: str, mentions: list[Found]) -> list[Found]:
    """谢友鹄军门；原名鸿章: a 名 declared by 原名, 改名 … after a man is his, read with his surname (谢鸿章), not the
    authority's bearer of that 名 (李鸿章); with the bearer's surname it is the bearer again.  The man is the
    nearest surname + name before it in the same sentence.  Mentions in text order; those read anew carry no
    person."""
    if "名" not in text:
        return mentions
    result = list(mentions)
    for i, declared in enumerate(mentions):
        given = text[declared.start : declared.end]
        if len(given) != 2 or text[declared.start - 2 : declared.start] not in _FORMER_NAME_MARKERS:
            continue
        named = next((m for m in reversed(mentions[:i]) if _surname_and_name(text, m)), None)
        between = text[named.end : declared.start] if named else ""
        if named is None or len(between) > _DECLARED_OF_WITHIN or "。" in between:
            continue
        name = named.normalized or text[named.start : named.end]
        full = name[: surname_length(name)] + given
        if full != declared.person_name:
            result[i] = declared._replace(normalized=full, person_id=None, person_name=None)
    return result


def _surname_and_name(text: str, mention: Found) -> bool:
    name = mention.normalized or text[mention.start : mention.end]
    return mention.name_type == "full" and len(name) >= surname_length(name) + 2 > 2
