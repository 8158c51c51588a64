"""Characters that look alike, grouped by shape: what an OCR engine or a copyist may put in a
date's place of the real character.

Each group holds characters that differ by a stroke, a dot or one component (戊 戌 戍 戎 成;
巳 已 己; 午 牛; 隆 降 陆).  The groups are written from the characters' shapes, not from
misreadings met in a corpus, so a misreading nobody has seen yet is caught as well as a known
one.  A slot of a date (the stem of a 干支, its branch, a numeral, a reign title) has a closed
vocabulary: :func:`readings` gives the vocabulary's characters a character may stand for, and
a repair is made only where that reading is unique and the result is a valid date (the callers
check the reign's span and the 干支 parity), with the original kept in the repair log.
"""

from __future__ import annotations

from functools import cache

SHAPE_GROUPS: tuple[str, ...] = (
    # heavenly stems and earthly branches
    "戊戌戍戎成", "巳已己", "乙己", "午牛", "未末朱", "申甲由田", "子孑予了", "丑五", "卯卵", "辰晨辱",
    "酉西", "丙两内", "丁于", "壬王士", "癸葵", "庚康唐", "辛幸",
    # numerals
    "十千干卜士", "八入人", "七匕", "九丸", "二工", "四匹", "廿卄", "年牛",
    # characters of the Ming and Qing reign titles
    "隆降陆陸", "庆床应", "嘉喜", "熙照", "治冶", "正止", "崇祟", "天开夭", "历厉", "顺顾须",
    "咸减", "丰半", "同司", "光先", "绪诸", "宣宜", "雍壅", "泰秦", "昌冒", "弘宏", "德徳",
    "靖清", "化北", "启后", "统绕", "乾韩",
)  # fmt: skip


@cache
def _groups_of() -> dict[str, frozenset[str]]:
    """Each character → every character sharing a shape group with it (itself excluded)."""
    alike: dict[str, set[str]] = {}
    for group in SHAPE_GROUPS:
        for ch in group:
            alike.setdefault(ch, set()).update(c for c in group if c != ch)
    return {ch: frozenset(others) for ch, others in alike.items()}


def alike(ch: str) -> frozenset[str]:
    """Every character that shares a shape group with ``ch``."""
    return _groups_of().get(ch, frozenset())


def readings(ch: str, vocabulary: str | frozenset[str]) -> frozenset[str]:
    """The characters of ``vocabulary`` that ``ch`` may be a misreading of (empty when ``ch``
    is itself in the vocabulary: a valid character is read as written)."""
    if ch in vocabulary:
        return frozenset()
    return frozenset(c for c in _groups_of().get(ch, ()) if c in vocabulary)


@cache
def unique_readings(vocabulary: str) -> dict[str, str]:
    """Character → the one character of ``vocabulary`` it looks like, for every character that
    looks like exactly one (those that look like two stay unread)."""
    table = {}
    for ch in _groups_of():
        found = readings(ch, vocabulary)
        if len(found) == 1:
            table[ch] = next(iter(found))
    return table
