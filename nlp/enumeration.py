"""Names listed together: 李秀成、洪仁达、洪仁发三名 — the items of a list joined by 、 are alike.

Classical prose lists persons as it lists places: when one item of a 、 list is a full name
(a surname and a two-character name), the items beside it that start with a surname and run
as long are full names too. The list's last item runs on into the sentence (金国琛两军), so
an item is cut to its neighbour's length where the list goes on or ends (、, 等, 两, 均 …);
a list with no name found in it proves nothing.

A diary lists the men it names by 字 the same way (送者：法兰亭、日意格、莼斋、省斋、眉叔): beside a
字 or 号 the authority lists (莼斋, 眉叔), a two-character item that is no word is a 字 too.
"""

from __future__ import annotations

import re

from zhiren.nlp.found import NAME_CHAR_CLASS, Found
from zhiren.nlp.segment import word_tag
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


_COURTESY_TYPES = frozenset({"courtesy", "art"})
# Dictionary tags under which two characters may still be a 字 (not a word: 湘乡, 诸君).
_NAME_TAGS = frozenset({"x", "nr", "nrfg", "nrt"})


def listed_courtesy_names(text: str, found: list[Found]) -> list[Found]:
    """Two-character items beside a listed 字 or 号 the gazetteer found in a 、 list (chained)."""
    spans = {(f.start, f.end) for f in found}
    covered = {i for f in found for i in range(f.start, f.end)}
    anchors = [
        (f.start, f.end) for f in found if f.end - f.start == 2 and f.name_type in _COURTESY_TYPES and f.person_id
    ]
    added: list[Found] = []
    while anchors:
        start, end = anchors.pop()
        for span in ((end + 1, end + 3), (start - 3, start - 1)):
            if span in spans or not _courtesy_item(text, span, covered):
                continue
            spans.add(span)
            anchors.append(span)
            added.append(Found(span[0], span[1], "courtesy", "enumeration", SCORE))
    return added


def _courtesy_item(text: str, span: tuple[int, int], covered: set[int]) -> bool:
    """Two name characters between list marks (or the list's end), no word, not found already."""
    start, end = span
    if start < 1 or end > len(text) or covered.intersection(range(start, end)):
        return False
    item = text[start:end]
    before, after = text[start - 1], text[end : end + 1]
    marked = SEPARATOR in (before, after)
    return (
        marked
        and _NAME_RUN.fullmatch(item) is not None
        and before in LIST_GOES_ON | frozenset("：:")
        and (after == "" or after in LIST_GOES_ON)
        and word_tag(item) in _NAME_TAGS
    )
