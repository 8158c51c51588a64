"""The shape of a Chinese date expression, as regular expressions over the text as given.

Character classes admit the OCR confusions of genealogies only in the slot where the real
character is the only reading: in a 干支's stem and branch, a numeral and the 年 after it, every
character that looks like exactly one of the slot's characters (`lookalikes.py`: 戎 for 戊, 已
for 巳, 两 for 丙, 王 for 壬, 卜 for 十, 牛 for 年 …); in the month, day and hour the confusions
seen (入 for 八, 平 for 十, 晨 for 辰, 戍 for 戌). `confusions.py` maps them back and logs each repair.
"""

from __future__ import annotations

import re

from zhiren.nlp.dates.ganzhi import BRANCHES, STEMS
from zhiren.nlp.dates.lookalikes import unique_readings
from zhiren.nlp.dates.yunmu import DAY_CODES
from zhiren.nlp.scan import Scanner

# The numerals a year's number is written with; look-alikes are read for the digits only (丙 and
# 内 look like 两, but a 丙 before 年 is a stem).
DIGITS = "〇一二三四五六七八九十百廿卅"
STEM = f"[{STEMS}{''.join(unique_readings(STEMS))}]"
BRANCH = f"[{BRANCHES}{''.join(unique_readings(BRANCHES))}]"
_NUM = f"[元零两{DIGITS}{''.join(unique_readings(DIGITS))}0-9０-９]"
# Written between a reign title and a 干支 for its second occurrence in a long reign (乾隆后丙子).
LATER_MARKERS = "后後又"
_UNKNOWN = "[（(]未[祥详][）)]"
_HOUR = "[子丑寅卯辰巳午未申酉戌亥已晨戍]"
_MONTH = "正|冬|腊|臘|[十平][一二三四五六七八九]|[一二三四五六七八九十入平]|1[0-9]|0?[1-9]"
_D = "[一二三四五六七八九入]"
_DAY = rf"初[一二三四五六七八九十平入]|[二三][十平]{_D}?|[十平]{_D}|十|廿{_D}?|卅|{_D}|3[01]|[12][0-9]|0?[1-9]"
_CJK = "\u3400-\u9fff"

# The year part: 二十六年[戊子年], 甲戌年, 戊午 (when a reign or month frames it), （未祥）年, 年.
YEAR_PART = (
    rf"(?:(?P<num>{_NUM}{{1,4}})(?P<nian_n>[年牛])[ ]?(?:(?P<gz_a>{STEM}{BRANCH})(?P<nian_a>[年牛岁])?)?"
    rf"|(?P<gz>{STEM}{BRANCH})(?P<nian>[年牛岁])?"
    rf"|(?P<unknown_year>{_UNKNOWN})年"
    rf"|(?P<bare>年))"
)
# Month, day and hour after the year; each may be written as unknown （未祥）.
TAIL = (
    rf"(?:[ ]?(?:(?P<leap>[闰閏又])?(?P<month>{_MONTH})|(?P<unknown_month>{_UNKNOWN}))月"
    rf"(?:[ ]?(?:(?P<day>{_DAY})|(?P<unknown_day>{_UNKNOWN}))"
    rf"(?:日|(?=[ ]?{_HOUR}时|[ ]?{_UNKNOWN}时)|(?![{_CJK}])))?"
    rf"(?:[ ]?(?:(?P<hour>{_HOUR})|(?P<unknown_hour>{_UNKNOWN}))时)?)?"
)
# Scanners: each pattern begins with optional parts or alternatives, which re would try at every
# position of every text read (see nlp.scan).
DATE_RE = Scanner(YEAR_PART + TAIL)

# A month and day without a year (公生十月十一日亥时): the year comes from the text before it.
MONTH_DAY_RE = Scanner(rf"(?P<leap>[闰閏])?(?P<month>{_MONTH})月[ ]?(?P<day>{_DAY})日(?:[ ]?(?P<hour>{_HOUR})时)?")
# A Western-calendar date: 1898年, 1898年6月11日, 一九一一年.
GREGORIAN_RE = Scanner(
    r"(?<![0-9〇零一二三四五六七八九])(?P<year>[0-9]{4}|[〇零一二三四五六七八九]{4})年"
    r"(?:(?P<month>1[0-2]|0?[1-9])月(?:(?P<day>3[01]|[12][0-9]|0?[1-9])日)?)?"
)
# 「辛未」嘉庆十六年: a 干支 label written before a reign year, as chronicles (年谱) do.
GANZHI_LABEL_RE = re.compile(rf"「(?P<gz>{STEM}{BRANCH})」$")

# 韵目代日 in telegrams: [三月]寒电, framed by the start, punctuation or a receiving verb.
_CODES = "".join(sorted(DAY_CODES))
TELEGRAM_RE = Scanner(
    rf"(?<![^\s，。、；：,.;:（(「『“接奉准读悉得据覆复阅承顷展诵月])"
    rf"(?:(?P<tmonth>{_MONTH})月)?(?P<code>[{_CODES}])(?P<suffix>电|電|印)"
)

# A dynasty as a period: 元代, 明季, 清初.
PERIOD_RE = Scanner(r"(?P<dynasty>[秦汉晋隋唐宋辽金元明清]|南明|北宋|南宋|西汉|东汉)(?P<part>代|朝|季|初|末)")
