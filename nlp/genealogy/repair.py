"""OCR-confusion repairs in a lineage line that context makes certain; one character each.

Repairs never change the length of the text, so offsets into the repaired line are offsets
into the line as given. Date confusions (戎申, 乙已, 入月 …) are repaired by `nlp.dates`.
"""

from __future__ import annotations

import re

from nlp.dates import Repair
from nlp.genealogy.patterns import CJK, SEP

# 宇 written for 字: 宇XX standing where a courtesy name stands — in the head of a line
# (after the father reference, before any wife or sons) that has no 字, and not right
# after 号 or 字 (号和宇 and 字同宇 end in a real 宇). Titles may be glued before it (孝廉宇子化).
_YU_FOR_ZI = re.compile(rf"(?<![号字])(?<![号字][{CJK}])宇(?=[{CJK}]{{2}}(?:[{SEP}号（(]|$))")
# 亨寿 / 亨年 written for 享寿 / 享年 ("lived to").
_HENG_FOR_XIANG = re.compile(r"亨(?=[寿年])")


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
