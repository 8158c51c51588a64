"""Honorific and office references: 盛宫保, 李中堂, 张香帅, 唐蔚翁, 盛杏丈, 江公忠源, 竹亭公, 曾文正公.

Late-Qing letters and chronicles rarely write a full name: they write a surname with an
office (宫保, 中堂), a surname and one character of the courtesy name with 帅, 翁 or 丈 (an
elder: diaries call their seniors 盛杏丈, 陈梦陶丈),
"surname 公 given name", a posthumous name with 公 (曾文正公, 朱文定公士彦), or a
courtesy name with 公.  Each shape is checked against the surname table, the names the
caller already knows (declared in the text, or in the gazetteer) and the segmenter's
dictionary, because 王公, 主人公 and 函约公 ("invited him by letter") are not people.
"""

from __future__ import annotations

import re
from collections.abc import Container

from zhiren.nlp.found import NAME_CHAR_CLASS, Found
from zhiren.nlp.segment import word_tag
from zhiren.nlp.surnames import COMPOUND_SURNAMES, SINGLE_SURNAMES

SCORE = 0.85

OFFICE_TITLES = (
    "宫保", "宫太保", "中堂", "制军", "制台", "督部", "抚军", "抚台", "中丞", "方伯", "廉访",
    "观察", "太守", "大令", "明府", "军门", "侍郎", "尚书", "阁学", "京卿", "太史", "星使",
    "钦使", "爵相", "傅相", "相国", "侯相", "少保", "侍御", "给谏", "学使", "学台", "督办", "京堂",
    "总办", "道台", "藩台", "臬台", "大帅", "司马", "少司马", "大司马", "大司农", "少宰",
    "太傅", "太保", "阁老", "相公", "大人", "总统", "都司", "提督", "总兵",
    "藩司", "臬司", "署抚", "护院", "主政", "镇台", "提台", "爵帅", "参赞", "前督",
    "都堂", "钦差", "孝廉", "教官", "游击", "大公祖", "提军", "节相", "副将", "镇军", "统领",
    "制宪",  # a governor-general in his subordinate's report (北洋大臣张制宪树声)
)  # fmt: skip
# Titles a diary gives a man after his surname and 字 (席春渔太守 is listed above; 管凌云直牧, 潘景斋别驾,
# 张逸垞二尹, 金润生茂才, 蒋少颖明经, 柯月坡守备, 刘际周游戎, 万锦堂协镇, 曾兰亭总镇, 董荩臣巡捕): read only after a
# whole name, since alone after a surname most are words or ranks of many (巡捕, 大使, 千总).
TITLES_AFTER_FULL_NAMES = (
    "直牧", "州牧", "别驾", "二尹", "茂才", "明经", "守备", "守戎", "游戎", "协镇", "总镇", "总戎", "参戎",
    "副戎", "千总", "管带", "帮带", "巡捕", "大使", "协台", "委员",
)  # fmt: skip
# Characters of two-character posthumous names (文正, 文忠, 忠襄, 文节 …; 壮愍, 庄愍, 忠愍 of men who fell
# at their posts, 刚节).
POSTHUMOUS_CHARS = frozenset("文忠正襄敏恭勤毅穆肃惠定节烈达靖端庄介清宪僖简贞武壮果诚悫慎恪懿确勇敬愍刚")

_OFFICES = frozenset(OFFICE_TITLES)
# A post's one-character abbreviation after a surname (岑抚, 张督, 李相, 沈藩, 黄臬): telegrams and
# letters name governors and grand secretaries so.  Not after a province's abbreviation or a
# qualifier (东抚, 江督, 苏抚, 新抚, 署抚: the post itself), nor where the two characters are a word
# the segmenter knows (安抚, 总督, 宰相, 互相).
SHORT_OFFICES = frozenset("抚督相藩臬侯镇道")
# 道 (an intendant: 史道, 黎道) ends too many words and given names to be read after any surname: only after
# the surname of a man the document names (史士良 … 史道又向余求带勇之官).
_SHORT_OFFICES_OF_KNOWN_MEN = frozenset("道")
_NOT_BEFORE_SHORT_OFFICES = frozenset("直东苏浙闽粤桂滇黔蜀川鄂湘赣皖豫晋陕甘鲁吉辽奉新江宁边") | frozenset(
    "旧前后原署代升调正副两各该本尚"
)
# 镇 also ends place names: a village or market town named by a family or a farm (朱家镇, 周庄镇,
# 石桥镇) is no surname + brigade general, where the character before the "surname" makes a word of
# it or the "surname" is 家 or 庄.
_PLACE_FINALS_BEFORE_ZHEN = frozenset("家庄")
# Every shape ends in a title or 公/翁/帅/丈/先生: find those first, then look back, which is
# far cheaper than trying a surname pattern at every character.
_ANCHOR_WORDS = _OFFICES | SHORT_OFFICES | {"公", "翁", "帅", "丈", "先生"} | set(TITLES_AFTER_FULL_NAMES)
_ANCHOR = re.compile("|".join(sorted(_ANCHOR_WORDS, key=len, reverse=True)))
# Words ending in 丈 that are kin or measures, not an elder's name (年丈 and 世丈 are titles
# after a name: 高熙廷年丈; 岳丈, 姑丈, 方丈, 老丈; 数丈, 二丈); 清丈 is a land survey (冀免清丈).
_ZHANG_WORDS = frozenset("年世姻姑岳方老数余许清") | frozenset("一二三四五六七八九十百千万")
_NAME_CHAR = re.compile(NAME_CHAR_CLASS)
# 君 or 生 before two name characters (刘生锡钧, 江君忠浚), after a surname's character: searched on its own, since
# 生 and 君 are too common in modern text to be anchors the shapes above look back from one by one.
_JUN_OR_SHENG = re.compile(f"[君生](?={NAME_CHAR_CLASS}{{2}})")
_GIVEN = re.compile(f"{NAME_CHAR_CLASS}{{1,2}}")
# Characters that do not end a given name but start the next word (刘公蓉至 is 刘蓉), and the particles
# that end a sentence (荐林公也: no 林也).
_FUNCTION_CHARS = frozenset(
    "至曰为以于与及等亦乃即皆尝已而之其诸众自在向和同则卒薨殁来入出奏言请军弟兄子侄孙隶也矣焉哉乎是"
)
# What makes 帅 a commander rather than an initial's style: the new, the former, the chief … commander
# (谓新帅一视民番, 假故帅之威, 钦使诸大帅, 贤帅之常).
_COMMANDER_QUALIFIERS = frozenset("新故大主元统将客贤前")
# A garrison's unit after its station's name (乐清协, 福宁镇, 督标, 中营), which no given name ends in before a post.
_UNIT_ENDS = frozenset("协镇营标汛")
# Surnames that are as often a preposition or a verb (经抚臣: "through the governor"; 而能抚者: "can pacify";
# 又闻中丞已复召: "heard that the governor"; 曾应中丞聘: "answered the governor's call"), and what a clause opens
# after.
_PREPOSITION_SURNAMES = frozenset("于从向和经能闻应")
_CLAUSE_OPENINGS = frozenset("，。；：！？\n")
# Honorifics after a name: an office after them belongs to that name's reference (杏翁观察).
_HONORIFIC_ENDS = frozenset("翁公帅老")
# What may follow a one-character given name (刘公蓉等, 刘公蓉。).
_AFTER_ONE_CHAR = frozenset("，。、；：:,.!！？?）)」”’ \t\n等与及暨")
_NUMERAL_CHARS = frozenset("一二三四五六七八九十百千卷第")
# Last syllables of Manchu and Mongol names (都兴阿, 塔齐布, 德楞额), which Chinese given names
# do not end in: before 公 the name is three characters, not the last two (兴阿公).
_MANCHU_FINALS = frozenset("阿布额")
# Words 公 starts, after which 公 is not an honorific (时公车, 王公子).
# Words 公 ends, whose first character begins no name before 公 (示大公之无我也: 大公, "impartial").
_WORDS_ENDING_GONG = frozenset({"大公", "至公", "奉公", "秉公", "乃公", "主公", "恩公", "相公", "尊公", "令公"})
_GONG_WORDS = frozenset(
    {"公车", "公子", "公事", "公文", "公务", "公主", "公开", "公司", "公布", "公议", "公论",
     "公馆", "公署", "公牍", "公款", "公费", "公举", "公推", "公同", "公正", "公平", "公然",
     "公家", "公道", "公卿", "公余", "公服", "公堂", "公所", "公众", "公元", "公斤", "公法", "公使", "公项"}
)  # fmt: skip
# Words that are not names although they stand before 公 (诸公, 相公, 主人公 …).
_NOT_NAMES = frozenset({"主人", "诸位", "老人", "王侯", "天下", "太夫", "外祖", "祖父", "曾祖", "高祖"})
# A chronicle's surname + post + 名 with the man glossed in brackets after (贾中堂桢（黄县人，□□榜眼）, 李明府文森
# （字恕皆；镇远人）): his home (… 人) or his 字 says the one or two characters before the bracket are his 名.
_GLOSSED_GIVEN = re.compile(f"({NAME_CHAR_CLASS}{{1,2}})[（(](?:字|[^）)；;，,]{{1,6}}人[；;，,）)])")
# Verbs of inviting after surname + 公, which begin no 名 there (顾公招饮, 李公邀往).
_INVITING = frozenset("招邀约")
# Parts of speech after which 公 is the object of a verb, not a title (函约公, 笑谓公).
_VERBAL_TAGS = ("v", "p", "d", "c")


# The segmenter's tags of words it does not know and of names.
_NAME_TAGS = frozenset({"x", "nr", "nrfg", "nrt"})


def _is_name_like(word: str) -> bool:
    """Not an ordinary dictionary word or phrase: unknown to jieba or known as a name."""
    if word in _NOT_NAMES or word_tag(word) not in _NAME_TAGS:
        return False
    # 子 ends no name (it is a son) but begins many 字 (子久, 子贞, 子偲)
    if any(ch in _FUNCTION_CHARS or ch in _NUMERAL_CHARS for ch in word.removeprefix("子")):
        return False
    return not word_tag(word[-1]).startswith(_VERBAL_TAGS)


# Where a full name before an office may start: a clause, or a list's conjunction (及伍联芳观察); a diary's verb
# of calls, dinners and letters (拜蒋丹如太守, 贺陈荇香大令到差, 得汪兰陔大令书, 同席为范久也、黄耀堂二大令), or the
# seat of the office (台北府陈仲英太守, 安平县姚西牧大令).
_CLAUSE_OPENERS = frozenset("，。；：、！？\n　 及暨")
_FULL_NAME_OPENERS = (
    _CLAUSE_OPENERS | frozenset("拜谒访晤遇偕邀招请送贺致寄复答得候随陪为又者夜") | frozenset("府县州厅官")
)
# Characters that end no full name before an office: function words, a garrison's unit (乐清协副将); but 孙 and 之
# end 字 (童米孙大令, 周宅之司马) more often than they are a grandson or a possessive there.
_NOT_ENDING_A_FULL_NAME = (_FUNCTION_CHARS - {"孙", "之"}) | _UNIT_ENDS
# Characters that join two men (余与丁军门, 余偕丁军门): no given name of a full name before a post begins with them.
_JOINING_CHARS = frozenset("与及偕暨")
# A count before a title after a list of names (杨敏斋、周子迪、袁含斋、余淡湖四太守): the list's length.
_COUNTS = {"二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def _surname_before(text: str, pos: int) -> int:
    """Start of a surname ending at pos, or -1."""
    if pos >= 2 and text[pos - 2 : pos] in COMPOUND_SURNAMES:
        return pos - 2
    if pos >= 1 and text[pos - 1] in SINGLE_SURNAMES:
        return pos - 1
    return -1


def _full_name_opening_clause(text: str, pos: int, bracket_after: bool = False) -> int:
    """Start of a surname and a two-character name that open a clause, or that a bracketed 名
    after the office follows (澎湖镇周静山军门（振邦）: the press's surname + 字 + post + （名）), and
    end at ``pos`` (，荣仲华 before 中堂), or -1: read as surname + office, 华中堂 and 山军门 would take
    the name's last character for a surname."""
    start = pos - 3
    if not (bracket_after or start == 0 or text[start - 1 : start] in _FULL_NAME_OPENERS):
        return -1
    # Not a place and the surname after it (、龙州唐主政: 唐 at 龙州, addressed in a telegram's title), nor a
    # name and the word after it (。陈鼐与傅相本系丁未同年: 陈鼐 and 与 before 傅相), nor a garrison by its
    # station (、乐清协副将刘万德: the 乐清 brigade's colonel).
    place = word_tag(text[start : start + 2]).startswith("ns") or text[pos - 1] in _NOT_ENDING_A_FULL_NAME
    # Nor a clause's opening word and a surname with its post (，于是吴军门出城), nor the writer and 与 before one
    # (，余与丁军门议): a conjunction opens the three characters, or joins the first to the surname.
    joined = text[start + 1] in _JOINING_CHARS or word_tag(text[start : start + 2]) == "c"
    return start if not (place or joined) and text[start] in SINGLE_SURNAMES and _names_before(text, pos, 3) else -1


def _counted_full_names(text: str, pos: int) -> list[Found]:
    """陈荇香、窦甸高二大令: the full names (surname + 字) a count and a title after them close, as many as the
    count says, the first opening a clause or following a verb of calls; none where the list does not hold so
    many names of three characters (两太守, 二公 of prose; 范久也、黄耀堂二大令, whose 也 ends no name here)."""
    count = _COUNTS.get(text[pos - 1 : pos], 0)
    names: list[Found] = []
    end = pos - 1
    while count and len(names) < count:
        start = _full_name_opening_clause(text, end)
        if start < 0 or (len(names) + 1 < count and text[start - 1 : start] != "、"):
            return []
        names.append(Found(start, end, "full", "honorific", SCORE))
        end = start - 1
    return names[::-1]


def _names_before(text: str, pos: int, n: int) -> bool:
    return pos >= n and all(_NAME_CHAR.match(text, i) for i in range(pos - n, pos))


def _verb_then_a_word(text: str, at: int) -> bool:
    """A verb at ``at`` and a word of the dictionary beginning after it (胡文忠公相颉颃: 相 and 颉颃, so 相颉 is
    no given name; 宫公知朝廷: 知 and 朝廷); a name's character that is a noun stays (朱公凤标上阶)."""
    return word_tag(text[at]).startswith(_VERBAL_TAGS) and word_tag(text[at + 1 : at + 3]) != "x"


def _given_after(text: str, gong_end: int, surname: str, known: Container[str]) -> str | None:
    """The given name after "surname 公" (江公忠源 → 忠源), or None when there is none."""
    if text[gong_end - 1 : gong_end + 1] in _GONG_WORDS and text[gong_end + 1 : gong_end + 2] not in _AFTER_ONE_CHAR:
        return None
    m = _GIVEN.match(text, gong_end)
    if not m or (m.group()[0] in _FUNCTION_CHARS and surname + m.group() not in known):  # 张公之万: known
        return None
    if m.group()[0] in _INVITING and surname + m.group() not in known:  # 顾公招饮: he invited (us) to drink
        return None
    given = m.group()
    if len(given) == 2:
        if given[1] not in _FUNCTION_CHARS and (
            surname + given in known
            or given in known
            or (_is_name_like(given) and not _verb_then_a_word(text, gong_end))
        ):
            return given
        given = given[0]
    after = text[gong_end + 1 : gong_end + 2]
    if surname + given in known or after == "" or after in _AFTER_ONE_CHAR:
        return given
    return None


def _with_gong(text: str, start: int, end: int, known: Container[str]) -> Found | None:
    """The shapes ending in 公: surname 公 given, posthumous 公 (given), name 公."""
    surname = _surname_before(text, start)
    if surname >= 0 and (surname == 0 or _not_a_word(text[surname - 1 : surname + 1])):  # not 一时公论 ("the opinion")
        given = _given_after(text, end, text[surname:start], known)
        if given:
            normalized = text[surname:start] + given
            return Found(surname, end + len(given), "full", "honorific", SCORE, normalized=normalized)
    honorific = text[start - 2 : start]
    surname = _surname_before(text, start - 2)
    if surname >= 0 and len(honorific) == 2 and set(honorific) <= POSTHUMOUS_CHARS:
        family = text[surname : start - 2]
        given = _given_after(text, end, family, known)
        if given:
            return Found(surname, end + len(given), "posthumous", "honorific", SCORE,
                         normalized=family + given)  # fmt: skip
        return Found(surname, end, "posthumous", "honorific", SCORE - 0.1)
    return None


# What a chronicle puts before surname + 君 or 生 + 名 (命刘生汉书来受业, 及门贾生春暄, 州牧向君先熏, 所保六人：
# 江君忠浚, 游击邓君春林): a clause's start, a verb of recommending or sending, a post or a pupil's "gate"; and an
# envoy or a friend before surname + 君 + 字 in a journal (驻倭星使黎君莼斋, 偕友人吕君秋樵).
_BEFORE_JUN_OR_SHENG = _CLAUSE_OPENINGS | frozenset("、命得荐随贺与及门牧令击使人")
# Verbs of going and adverbs a clause goes on with after surname + 君 (叶君赴霍、六: "Mr Ye went to 霍 and 六").
_NOT_GIVEN_AFTER_JUN = frozenset("赴往去到归回抵返过遂又复旋因将欲拟亦即乃仍已")
_INTERROGATIVES = frozenset("何孰谁安焉奚胡曷")  # 顾君计何所出: "but what do you reckon"


def _jun_or_sheng_and_given(text: str, start: int, end: int, known: Container[str]) -> Found | None:
    """刘生锡钧, 江君忠浚: surname + 生 (a pupil, a young man) or 君 + a 名 of two characters is one mention, the
    full name (刘锡钧), where something opens the reference (a clause's start, a verb of sending, a post), surname +
    君/生 is no word (诸君, 先生, 毕生) and the 名 is no verb of going nor a word (叶君赴霍; 刘生汉书 is left: 汉书 is
    a book).  Not a 名 of one character (张君锐, 李君榕（沅陵人）: the bracket, not this rule, would tell the 李榕 of
    沅陵 from the 李榕 of 剑州)."""
    surname = _surname_before(text, start)
    if surname < 1 or text[surname - 1] not in _BEFORE_JUN_OR_SHENG or not _not_a_word(text[surname:end]):
        return None  # 诸君, 国君, 先生: words
    given = _given_after(text, end, text[surname:start], known)
    if not given or len(given) < 2 or given[0] in _NOT_GIVEN_AFTER_JUN or given[1] in _INTERROGATIVES:
        return None
    return Found(surname, end + len(given), "full", "honorific", SCORE, normalized=text[surname:start] + given)


# A 名 in brackets right after surname + 公, a gloss after it or not (骆公（秉章，字钥门）, 车公（顺轨；陕西人）).
_BRACKETED_GIVEN = re.compile(f"[（(]({NAME_CHAR_CLASS}{{1,2}})[）)；;，,]")


def _gong_and_bracketed_given(text: str, start: int, end: int) -> Found | None:
    """骆公（秉章）: surname + 公 whose 名 the bracket after gives, read as his full name (骆秉章); a
    reference the 公 after it names (骆公 … 骆公) refers back to; not a word (王公（侯）: princes)."""
    surname = _surname_before(text, start)
    m = _BRACKETED_GIVEN.match(text, end)
    if surname < 0 or not m or not _not_a_word(text[surname:end]) or set(m.group(1)) & _FUNCTION_CHARS:
        return None
    return Found(surname, end, "title", "honorific", SCORE - 0.1, normalized=text[surname:start] + m.group(1))


def find_honorifics(text: str, known_names: Container[str] = frozenset()) -> list[Found]:
    """Surname + office (盛宫保), surname + courtesy initial + 帅/翁/丈 (张香帅, 盛杏丈), the 公
    shapes, and a two- or three-character name + 公/翁/丈/先生 (竹亭公, 穆彰阿公, 陈梦陶丈,
    欧阳小岑先生).

    ``known_names`` (names declared in the same text, or listed in the gazetteer) are
    accepted even when they are also dictionary words (竹亭).
    """
    found: list[Found] = []
    for m in _ANCHOR.finditer(text):
        title, start, end = m.group(), m.start(), m.end()
        if title in SHORT_OFFICES:
            family = text[start - 1 : start]
            if (
                _short_office(text, start)
                and (
                    title not in _SHORT_OFFICES_OF_KNOWN_MEN
                    or _names_a_man_of(text, family, known_names, courtesy=True)
                )
                and (family not in _PREPOSITION_SURNAMES or _names_a_man_of(text, family, known_names))
            ):
                found.append(Found(start - 1, end, "title", "honorific", SCORE - 0.05))
            continue
        if title in _OFFICES or title in TITLES_AFTER_FULL_NAMES:
            counted = _counted_full_names(text, start)
            if counted:
                found += counted
                continue
            opening = _full_name_opening_clause(text, start, text[end : end + 1] == "（")
            if opening >= 0 and text[opening:start] not in known_names:  # 荣仲华中堂, 余联沅观察 (a
                # known name is the gazetteer's): the name is all of the clause before the office
                found.append(Found(opening, start, "full", "honorific", SCORE))
                continue
            if title not in _OFFICES:
                continue
            surname = _surname_before(text, start)
            if (
                surname >= 0
                and not _ends_a_name(text, start, known_names)
                and _surname_here(text, surname, title, known_names)
            ):
                glossed = _GLOSSED_GIVEN.match(text, end)
                if glossed:  # 贾中堂桢（黄县人）: surname + post + 名, the bracket after glossing the man
                    given = glossed.group(1)
                    found.append(Found(surname, end + len(given), "full", "honorific", SCORE,
                                       normalized=text[surname:start] + given))  # fmt: skip
                else:
                    found.append(Found(surname, end, "title", "honorific", SCORE))
            continue
        if title == "公" and text[end : end + 1] == "司":  # 铁路总公司
            continue
        if title == "丈" and (start == 0 or text[start - 1] in _ZHANG_WORDS):
            continue
        initial_surname = _surname_before(text, start - 1) if _names_before(text, start, 1) else -1
        if title == "帅" and text[start - 1 : start] in _COMMANDER_QUALIFIERS:  # 谓新帅, 假故帅之威: a commander
            continue
        if title in {"帅", "翁", "丈"} and initial_surname >= 0 and _not_a_word(text[initial_surname:start]):
            found.append(Found(initial_surname, end, "title", "honorific", SCORE - 0.05))
            continue
        shaped = _with_gong(text, start, end, known_names) if title == "公" else None
        shaped = shaped or (_gong_and_bracketed_given(text, start, end) if title == "公" else None)
        if shaped:
            found.append(shaped)
            continue
        named = _name_with_title(text, start, end, title, known_names)
        if named:
            found.append(named)
    for m in _JUN_OR_SHENG.finditer(text):
        if text[m.start() - 1 : m.start()] not in SINGLE_SURNAMES:
            continue
        named = _jun_or_sheng_and_given(text, m.start(), m.end(), known_names)
        if named:
            found.append(named)
    return found


def _not_a_word(chars: str) -> bool:
    """Two characters the segmenter does not know as a word: a surname and a 字's initial (张香,
    盛杏) are none, 尚书 and 左袒 are (户部尚书翁同龢, 左袒翁同龢: 翁 is his surname)."""
    return word_tag(chars) == "x"


def _surname_here(text: str, surname: int, office: str, known: Container[str] = frozenset()) -> bool:
    """Whether the character before an office, at ``surname``, is a surname there: not where it
    ends a word with the one before it (一任侍郎: "once a vice-minister"), nor 左/右 before 侍郎
    (户部左侍郎 is the post), nor 诸 or 各 before it (钦使诸大帅, 各督抚: "the commanders"); not 时 or 后
    opening a clause ("then", "afterwards": 时宫保已闻, 后制军以余言入奏); not a surname that is as often a
    preposition or a modal verb (于, 向, 从, 和, 经, 能: 写信于抚军, 嘱余向中丞作媒, 经抚臣徐宗干会折, 而能抚者)
    unless the document names a known man of it (向荣 … 向军门)."""
    if office == "侍郎" and text[surname] in "左右":
        return False
    if text[surname] in "诸各众":  # 钦使诸大帅: "the commanders", not a 诸 + 大帅
        return False
    if text[surname] in "署护":  # 贺顾廉访署藩司: "acting as", not a 署 + 藩司
        return False
    if text[surname] in "时后" and (surname == 0 or text[surname - 1] in _CLAUSE_OPENINGS):
        return False
    if text[surname] in _PREPOSITION_SURNAMES and not _names_a_man_of(text, text[surname], known):
        return False
    return surname == 0 or _not_a_word(text[surname - 1 : surname + 1])


def _names_a_man_of(text: str, surname: str, known: Container[str], *, courtesy: bool = False) -> bool:
    """Whether the text writes a known name of two or three characters beginning with ``surname``, or
    (``courtesy``) the surname and a known 字 (史士良)."""
    at = text.find(surname)
    while at >= 0:
        if text[at : at + 3] in known or text[at : at + 2] in known or (courtesy and text[at + 1 : at + 3] in known):
            return True
        at = text.find(surname, at + 1)
    return False


def _short_office(text: str, pos: int) -> bool:
    """A surname right before the post's one character at ``pos``, neither of them in a word
    (岑抚, 李相; not 击贼于抚州, 亦尚相得, 与王相见, 朱家镇)."""
    surname = text[pos - 1 : pos]
    if not surname or surname not in SINGLE_SURNAMES or surname in _NOT_BEFORE_SHORT_OFFICES | _FUNCTION_CHARS:
        return False
    if text[pos] == "镇" and (
        surname in _PLACE_FINALS_BEFORE_ZHEN or (pos >= 2 and word_tag(text[pos - 2 : pos]) != "x")
    ):
        return False
    after = text[pos : pos + 2]
    return word_tag(text[pos - 1 : pos + 1]) == "x" and (len(after) < 2 or word_tag(after) == "x")


def _ends_a_name(text: str, pos: int, known: Container[str]) -> bool:
    """The characters before an office end a name or an honorific (王文韶制军, 翁叔平尚书,
    杏翁观察): the office's "surname" is the name's last character, not a surname."""
    if text[pos - 1 : pos] in _HONORIFIC_ENDS and _names_before(text, pos - 1, 1):
        return True
    return any(_names_before(text, pos, n) and text[pos - n : pos] in known for n in (2, 3))


def _name_with_title(text: str, start: int, end: int, title: str, known: Container[str]) -> Found | None:
    """竹亭公, 穆彰阿公 (a known three-character name), 欧阳小岑先生, 陈梦陶丈 (surname kept);
    not before a word 公 begins (台民公举, 驻华英公使)."""
    if title == "公" and (text[start : end + 1] in _GONG_WORDS or text[start - 1 : end] in _WORDS_ENDING_GONG):
        return None
    if _names_before(text, start, 3) and text[start - 3 : start] in known:
        name_start = start - 3
    elif (
        _names_before(text, start, 2)
        and text[start - 3 : start - 1] not in known  # 朝祜固公: 祜 ends the known 朝祜, 固 is "indeed"
        and (
            text[start - 2 : start] in known
            # 巡抚张公: a surname right before 公 is 张公, not a name 抚张
            or (not (title == "公" and text[start - 1] in SINGLE_SURNAMES) and _is_name_like(text[start - 2 : start]))
        )
    ):
        name_start = start - 2
    else:
        return None
    if title == "公" and start >= 3 and word_tag(text[start - 3 : end]) not in _NAME_TAGS:  # 开诚布公: an idiom
        return None
    if name_start == start - 2 and text[start - 1] in _MANCHU_FINALS and _manchu_initial(text, name_start):
        name_start -= 1
    name = text[name_start:start]
    if title in {"先生", "丈"}:  # the surname is part of the reference; 先生 is a title after it, 丈 (like 翁) not
        surname = _surname_before(text, name_start)
        name_start = surname if surname >= 0 else name_start
        if title == "先生":
            return Found(name_start, start, "courtesy", "honorific", SCORE - 0.1)
        name = text[name_start:start]
    return Found(name_start, end, "title", "honorific", SCORE - 0.1, normalized=name)


def _manchu_initial(text: str, pos: int) -> bool:
    """A name character before ``pos`` that starts a Manchu name rather than ending a word."""
    return _names_before(text, pos, 1) and text[pos - 1] not in _FUNCTION_CHARS and text[pos - 1] not in _NUMERAL_CHARS
