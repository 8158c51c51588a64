"""Names listed together: 李秀成、洪仁达、洪仁发三名 — the items of a list joined by 、 are alike.

Classical prose lists persons as it lists places: when one item of a 、 list is a full name
(a surname and a two-character name), the items beside it that start with a surname and run
as long are full names too. The list's last item runs on into the sentence (金国琛两军), so
an item is cut to its neighbour's length where the list goes on or ends (、, 等, 两, 均 …);
a list with no name found in it proves nothing.
"""

from __future__ import annotations

import re

from zhiren.nlp.found import NAME_CHAR_CLASS, Found
from zhiren.nlp.surnames import SINGLE_SURNAMES, surname_length

SCORE = 0.8
SEPARATOR = "、"
HONORIFIC = "公"
# What follows a list's item: the next item or the list's end (两军, 三名, 等, 均 …).
LIST_GOES_ON = frozenset("、，。；：！？　 等及与和并暨二两三四五六七八九十诸各俱均皆亦同")
_NAME_RUN = re.compile(f"{NAME_CHAR_CLASS}+")


def _is_anchor(f: Found, text: str) -> bool:
    name = text[f.start : f.end]
    return f.end - f.start == 3 and f.name_type == "full" and surname_length(name) == 1 and HONORIFIC not in name


def _item_at(text: str, start: int, length: int, *, closed: bool) -> tuple[int, int] | None:
    """The span of a surname-led item of ``length`` name characters at ``start``, or None;
    ``closed``: the list must go on, or end, right after it (曹光汉、安徽候补知县 is an office)."""
    item = _NAME_RUN.match(text, start)
    if item is None or item.end() - start < length or text[start] not in SINGLE_SURNAMES:
        return None
    if closed and start + length < len(text) and text[start + length] not in LIST_GOES_ON:
        return None
    if HONORIFIC in text[start : start + length]:  # 吴公廷栋、廖公鸿荃: styled, not plain names
        return None
    return start, start + length


def listed_names(text: str, found: list[Found]) -> list[Found]:
    """Full names beside a found full name in a 、 list (chained: a listed name is a neighbour
    for the next item), as long as it; spans already found are not repeated."""
    spans = {(f.start, f.end) for f in found}
    anchors = [(f.start, f.end) for f in found if _is_anchor(f, text)]
    added: list[Found] = []
    while anchors:
        start, end = anchors.pop()
        length = end - start
        neighbours = []
        if text[end : end + 1] == SEPARATOR:
            neighbours.append(_item_at(text, end + 1, length, closed=True))
        if start > length and text[start - 1] == SEPARATOR:
            neighbours.append(_item_at(text, start - 1 - length, length, closed=False))
        for span in neighbours:
            if span is not None and span not in spans:
                spans.add(span)
                anchors.append(span)
                added.append(Found(span[0], span[1], "full", "enumeration", SCORE))
    return added
