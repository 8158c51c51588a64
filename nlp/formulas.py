"""Naming formulas of biographies and genealogies: 讳X, 字X, 号X, 谥X, 原名X, X氏, kin lists.

The formula, not a model, says which kind of name follows (讳 taboo, 字 courtesy,
号 art, 谥 posthumous), so these are rules; each checks the characters around the marker
because 字, 号 and 讳 are also ordinary words (文字, 年号, 避讳).
"""

from __future__ import annotations

import re

from zhiren.nlp.found import NAME_CHAR_CLASS, Found
from zhiren.nlp.scan import Scanner
from zhiren.nlp.surnames import COMPOUND_SURNAMES, SINGLE_SURNAMES

SCORE = 0.9

# marker → (name type, longest name it introduces, length taken from a longer run)
DECLARATIONS: dict[str, tuple[str, int, int]] = {
    "讳": ("taboo", 3, 2),
    "字": ("courtesy", 3, 2),
    "表字": ("courtesy", 3, 2),
    "号": ("art", 4, 2),
    "别号": ("art", 4, 2),
    "自号": ("art", 4, 2),
    "晚号": ("art", 4, 2),
    "绰号": ("art", 4, 2),
    "谥": ("posthumous", 2, 2),
    "谥曰": ("posthumous", 2, 2),
    "谥号": ("posthumous", 2, 2),
    "原名": ("other", 3, 2),
    "又名": ("other", 3, 2),
    "一名": ("other", 3, 2),
    "本名": ("other", 3, 2),
    "初名": ("other", 3, 2),
    "更名": ("other", 3, 2),
    "改名": ("other", 3, 2),
    "小名": ("other", 3, 2),
    "乳名": ("other", 3, 2),
    "谱名": ("other", 3, 2),
    "派名": ("other", 3, 2),
}
# Characters that end a declared name even without punctuation (号涤生湖南… is cut by length).
_NAME_STOPS = set("字号讳谥又人者也之曰为")
# Characters before a marker that make it an ordinary word (文字, 年号, 避讳; 联号 and 坐号 of an examination
# hall's seats, 号舍 its cells: 乘弟兄号舍相联, 致被联号得以参改旧作).
_NOT_AFTER: dict[str, str] = {
    "字": "文名十识习写题数汉用打签赤单双草楷篆隶印大小错别刻问识许零",
    "号": "年国口记番信编挂称封旗型商帐账句问序暗符逗分括称型尊徽庙商字联坐座一二三四五六七八九十〇零",
    "讳": "避忌不隐",
    "谥": "追赐",
}
_NOT_BEFORE: dict[str, str] = {
    "字": "样据体幕母典迹句画眼条符数面里号谕寄示营",
    "号": "召令称角码外称兵房舍",
    "讳": "言莫疾",
}

# A closing quote before a marker: the marker names the quoted character or word, not a person's
# (「倭」字之误, 'a slip for the character 倭'); 王某，字之纯 still declares 之纯.
_QUOTE_CLOSES = "」』”’"

# A count and a unit after 字: battalions are named by a character (振字营, 开字两营, 宏字两营).
_UNITS_AFTER_ZI = re.compile("[一二三四五六七八九十两]*[营哨队旗起]")

_MARKER = re.compile("|".join(sorted(map(re.escape, DECLARATIONS), key=len, reverse=True)))
_NAME_RUN = re.compile(f"{NAME_CHAR_CLASS}+")


def find_declarations(text: str) -> list[Found]:
    """讳/字/号/谥/原名… followed by the name they declare."""
    found: list[Found] = []
    for m in _MARKER.finditer(text):
        marker = m.group()
        name_type, longest, default = DECLARATIONS[marker]
        before = text[m.start() - 1] if m.start() else ""
        if before and (before in _NOT_AFTER.get(marker, "") or before in _QUOTE_CLOSES):
            continue
        run = _NAME_RUN.match(text, m.end())
        if not run or (marker == "字" and _UNITS_AFTER_ZI.match(text, m.end())):
            continue
        name = run.group()
        if name[0] in _NOT_BEFORE.get(marker, ""):
            continue
        for i, ch in enumerate(name):
            if i and ch in _NAME_STOPS:
                name = name[:i]
                break
        if len(name) < (1 if name_type == "taboo" else 2):
            continue
        score = SCORE
        if len(name) > longest:
            name, score = name[:default], SCORE - 0.2
        found.append(Found(m.end(), m.end() + len(name), name_type, "formula", score))
    return found


_KIN_BEFORE_SHI = "妣|继配|元配|原配|继室|继娶|侧室|嫡配|配|娶|聘|生母|祖母|母|妻|室|妾|夫人"
_WOMAN_SURNAME = re.compile(f"(?:{_KIN_BEFORE_SHI})({'|'.join(sorted(COMPOUND_SURNAMES))}|{NAME_CHAR_CLASS})氏")


# 江太夫人, 欧阳夫人, 易安人: a surname with a title of (ennobled) wives and mothers; not
# 公夫人 (his wife) or 诰封恭人 (ennobled as), whose 公/封/赠 are surnames only elsewhere.
_SURNAMES_BEFORE_TITLE = SINGLE_SURNAMES - set("公封赠诰")
_WOMAN_TITLE = re.compile("太夫人|夫人|太恭人|恭人|太宜人|宜人|安人|孺人|淑人")


def find_women_by_surname(text: str) -> list[Found]:
    """X氏 after a kin term (妣彭氏, 配李氏) and surname + 夫人/安人/孺人 (江太夫人)."""
    found = [
        Found(m.start(1), m.end(1) + 1, "kin", "formula", SCORE, role="kin")
        for m in _WOMAN_SURNAME.finditer(text)
        if m.group(1) in SINGLE_SURNAMES or m.group(1) in COMPOUND_SURNAMES
    ]
    for m in _WOMAN_TITLE.finditer(text):
        if m.start() >= 2 and text[m.start() - 2 : m.start()] in COMPOUND_SURNAMES:
            length = 2
        elif m.start() >= 1 and text[m.start() - 1] in _SURNAMES_BEFORE_TITLE:
            length = 1
        else:
            continue
        found.append(Found(m.start() - length, m.end(), "kin", "formula", SCORE - 0.1, role="kin"))
    return found


_NUMERALS = "一二三四五六七八九十"
# 子 and a count of sons; not a quantity (弹子三百万, 马子五十二万: cartridges by the million).
_CHILD_LIST = re.compile(f"(?:生)?子([{_NUMERALS}]+)(?![{_NUMERALS}百千万亿两])[：:，,\\s]*")
_LIST_ITEM = re.compile(f"({NAME_CHAR_CLASS}{{1,3}}?)(?:[（(][^）)]{{0,4}}[）)])?(?:[、，,\\s]+|$|(?=[。；]))")
_KIN_NAME = Scanner(f"(?:公弟|公妹|[长次三四五季幼]?[子弟妹孙女])({NAME_CHAR_CLASS}{{2}})(?=生[，。\\s])")
_MARRIED_TO = re.compile(f"(?:[长次三四五季幼]|女)适(?:同邑|邑|同里)?({NAME_CHAR_CLASS}{{2,3}}?)(?=[，。；、\\s]|$)")


def _numeral(text: str) -> int:
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + _NUMERALS.index(text[1]) + 1
    return _NUMERALS.index(text[0]) + 1


# 六弟, 九弟, 四兄, 九叔父, 仲妹: a brother, sister or uncle by the place among siblings (not 三兄弟
# "three brothers"; not 伯仲叔季, the four places themselves).
_ORDINAL_KIN = Scanner(
    "(?<![一二三四五六七八九十伯])((?:[一二三四五六七八九十]{1,2}|仲)(?:叔父|伯父|[弟兄叔伯妹姊]))(?![弟兄妹姊人])"
)


def find_ordinal_kin(text: str) -> list[Found]:
    """Letters and diaries name brothers, sisters and uncles by their place in the family: 六弟, 九弟,
    四兄, 九叔父 (not 九叔 and 父), 仲妹."""
    return [Found(m.start(1), m.end(1), "kin", "formula", SCORE - 0.2, role="kin") for m in _ORDINAL_KIN.finditer(text)]


def find_kin_names(text: str) -> list[Found]:
    """Names in kin phrases: 子三 A、B、C; 公弟国荃生; 长适王某."""
    found: list[Found] = []
    for m in _CHILD_LIST.finditer(text):
        if m.group(1).endswith("十") and len(m.group(1)) > 1:
            continue
        pos = m.end()
        for _ in range(_numeral(m.group(1))):
            item = _LIST_ITEM.match(text, pos)
            if not item:
                break
            found.append(Found(item.start(1), item.end(1), "given", "formula", SCORE - 0.1, role="kin"))
            pos = item.end()
    for m in _KIN_NAME.finditer(text):
        found.append(Found(m.start(1), m.end(1), "given", "formula", SCORE - 0.1, role="kin"))
    for m in _MARRIED_TO.finditer(text):
        name_type = "full" if m.group(1)[0] in SINGLE_SURNAMES else "given"
        found.append(Found(m.start(1), m.end(1), name_type, "formula", SCORE - 0.2, role="kin"))
    return found


_UNKNOWN = frozenset({"未详", "未祥", "失考", "无考", "不详"})
_LINEAGE_HEAD = re.compile(f"^[ \\t　]*({NAME_CHAR_CLASS}{{1,3}})[ \\t　]+", re.MULTILINE)
_LINEAGE_FATHER = re.compile(
    f"(?<=[ \\t　])({NAME_CHAR_CLASS}{{1,2}}?)公?(?:[长次三四五六七八九十季幼独]|嗣|继)?子(?=[ \\t　])"
)


def find_lineage_names(text: str) -> list[Found]:
    """世系 lines: the person at the head of a line and the father named as "X公三子"."""
    found = [Found(m.start(1), m.end(1), "given", "lineage", SCORE) for m in _LINEAGE_HEAD.finditer(text)]
    found += [
        Found(m.start(1), m.end(1), "given", "lineage", SCORE - 0.1, role="kin")
        for m in _LINEAGE_FATHER.finditer(text)
        if m.group(1) not in _UNKNOWN
    ]
    return found
