"""OCR-confusion repairs in a lineage line that context makes certain; one character each.

Repairs never change the length of the text, so offsets into the repaired line are offsets
into the line as given. Date confusions (戎申, 乙已, 入月 …) are repaired by `nlp.dates`.
"""

from __future__ import annotations

import re

from zhiren.nlp.dates import Repair
from zhiren.nlp.genealogy.patterns import CJK, SEP

# 宇 written for 字: 宇XX standing where a courtesy name stands — in the head of a line
# (after the father reference, before any wife or sons) that has no 字, and not right
# after 号 or 字 (号和宇 and 字同宇 end in a real 宇). Titles may be glued before it (孝廉宇子化).
_YU_FOR_ZI = re.compile(rf"(?<![号字])(?<![号字][{CJK}])宇(?=[{CJK}]{{2}}(?:[{SEP}号（(]|$))")
# 民 or 氐 written for 氏 at the end of a wife's entry: 配王民, 继配李氐.
_MIN_FOR_SHI = re.compile(
    rf"(?:(?<=[{SEP}])|^)[继续續又再元原德侧庶]{{0,2}}(?:配|妣|娶|室|妻|妾)"
    rf"[^{SEP}年月日时]{{1,8}}?(?P<bad>[民氐])(?=[{SEP}子生故]|$)"
)
# 亨寿 / 亨年 written for 享寿 / 享年 ("lived to").
_HENG_FOR_XIANG = re.compile(r"亨(?=[寿年])")


def repair_surname_marks(line: str) -> tuple[str, list[Repair]]:
    """氏 restored where a wife's entry ends in 民 or 氐; done before wives are read."""
    repairs = [Repair(m.start("bad"), m.group("bad"), "氏", "shi-surname")
               for m in _MIN_FOR_SHI.finditer(line)]
    chars = list(line)
    for repair in repairs:
        chars[repair.offset] = "氏"
    return "".join(chars), repairs


def repair_line(line: str, head_end: int, head_stop: int) -> tuple[str, list[Repair]]:
    """The repaired line and its repairs (offsets within the line); the head is the text
    between the father reference and the first wife or sons marker."""
    chars = list(line)
    repairs: list[Repair] = []
    if "字" not in line[head_end:head_stop]:
        for match in _YU_FOR_ZI.finditer(line, head_end, head_stop):
            chars[match.start()] = "字"
            repairs.append(Repair(match.start(), "宇", "字", "zi-courtesy-name"))
            break
    for match in _HENG_FOR_XIANG.finditer(line):
        chars[match.start()] = "享"
        repairs.append(Repair(match.start(), "亨", "享", "xiang-lived-to"))
    return "".join(chars), repairs
