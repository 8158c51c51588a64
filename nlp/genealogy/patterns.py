"""Character classes and small regular expressions shared by the line parsers."""

from __future__ import annotations

import re

CJK = "\u3400-\u9fff\U00020000-\U0003134f"
SEP = r"\s。，、；：,;:"
NUMERAL = "一二三四五六七八九十"
UNKNOWN = r"(?:（未[祥详]）|\(未[祥详]\))"

# 长子, 次子, 三子 …; 幼/季 mean the youngest (order unknown as a number).
BIRTH_ORDER: dict[str, int | None] = {
    "长": 1, "次": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
    "十一": 11, "十二": 12, "幼": None, "季": None,
}

# 配 and its kin: a spouse marker starts a field (after a separator, a bracket or an empty 字).
SPOUSE_RE = re.compile(
    rf"(?:(?<=[{SEP}）)字])|^)"
    r"(?P<kind>再续配|又续配|再续娶|继配|續配|续配|又配|再配|继娶|续娶|又娶|再娶|侧室|庶妣|副室|后纳宠|纳宠"
    r"|元配|原配|德配|继室|续室|继妻|配|妣|娶|妻|妾|聘)"
    rf"(?P<desc>{UNKNOWN}?\s?氏|[^{SEP}年月日时故葬卒（(]{{0,16}}?(?:氏|孺人|夫人|太君|女)"
    rf"|[^{SEP}年月日时故葬卒（(]{{1,12}}\s氏)"
)
# 子N (sons), also 生子N / 生N子 in the one-line layout, 子N人, and 遗腹子 (a posthumous son).
SONS_RE = re.compile(
    rf"(?<![长次三四五六七八九十之公孙])(?:生)?子(?P<n>[{NUMERAL}]{{1,2}})人?(?![年月日])"
    rf"|生(?P<m>[{NUMERAL}]{{1,2}})子|遗腹子"
)
DAUGHTERS_RE = re.compile(
    rf"(?<![长次三四五六七八九之])女(?P<n>[{NUMERAL}])?(?=\s*[长次三四五六七八九十]?适|[{SEP}]|$)"
)
DAUGHTER_ITEM_RE = re.compile(
    rf"[{SEP}]*(?P<ord>长|次|三|四|五|六|七|八|九|十)?适(?P<to>[^{SEP}]*?)"
    rf"(?=[{SEP}]|(?:长|次|三|四|五|六|七|八|九|十)适|$)"
)
CHILD_NOTES: dict[str, str] = {
    "止": "line-ended", "殇": "died-young", "夭": "died-young", "殀": "died-young",
    "无传": "no-heir", "无嗣": "no-heir",
}
CHILD_NOTE_RE = re.compile(r"[（(](?P<mark>止|殇|夭|殀)[）)]|(?P<word>无传|无嗣)")
