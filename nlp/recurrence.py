"""A full name found once in a document is a name wherever else the document writes it.

A diary or a letter names a man several times, and the finders read him where a formula, a list or
the model's context says so (刘和伯自柏灵来见) but not in every sentence that names him again (姚彦嘉谓出自
刘锡鸿之诬造: no formula there, and the fast mode has no model).  A document uses one string for one
man, so each other occurrence of a found surname + two-character name is a mention too, where no
mention covers it and it is not the middle of a longer run of a name (刘和伯 in 刘和伯父 is the model's
to decide: only where a character that ends no name follows, or one its last character makes no word
with: 张广川店中, 张广川无罪, but not 张之万里), nor the end of a compound surname's
name (诸葛亮工于谋 holds no 葛亮工, 长孙无忌之传 no 孙无忌).  Three-character names with a surname;
a surname and one character (兰亭, 良久 are words) only where a post or a formula found it as a full
name and the dictionary knows no word of it (盗首高成领伙 … 外人恨高成 … 并谓高成认提军为义父), and then
wherever it makes no word with the characters beside it (高成果来 holds 成果, "result": the model's
to decide).  The finds repeated are the other finders' only: the recurrence reads the document once,
after them.

A biographer names a man in full once and then by his given name (夜令壮士邓长安、梁复初冒雨蛇行 … （复初被敌
追战死）; 游击郑有勤 … 有勤移军讨之): the two characters after the surname of such a name are the man too
where they open a clause and the dictionary knows no word of them (长安 is the city, 定国 a verb); a journal
does so after a verb of company or calls, or before 等, 谓 (二品参判赵准永 … 留准永等同饭舟中, 中流见准永自日舶下).
"""

from __future__ import annotations

import re

from zhiren.nlp.found import Found
from zhiren.nlp.segment import dictionary_tag, word_tag
from zhiren.nlp.surnames import COMPOUND_SURNAMES, SINGLE_SURNAMES

SCORE = 0.75
METHOD = "recurrence"
# What may follow a name's repetition: a clause's mark or a word that starts after a name (来, 谓, 之 …).
_AFTER = frozenset("，。；：、！？）」』\n来谓之在亦于等曰称云以与及并函信书处家室自为")
# The finders whose two-character names recur: a post before the name, a diary's formula around it.
_CUED = frozenset({"apposition", "frame"})
# The dictionary's tags of unknown strings and of names.
_NAME_TAGS = frozenset({"x", "nr", "nrfg", "nrt"})
# What a clause opens after: a mark, a bracket, a quotation.
_OPENINGS = frozenset("，。；：！？（(「『“\n")
# A journal names a man in full once, then by his given name after a verb of company or calls (与准永笔谈, 中流见准永,
# 留准永等同饭) or before the others with him, his speech or his leave (准永等, 李应俊诸人, 饭毕准永谓).
_COMPANY = frozenset("与偕同留见召致晤拜访邀率送")
_AFTER_GIVEN = frozenset("等诸谓曰辞")


def recurring_names(text: str, found: list[Found]) -> list[Found]:
    """The other occurrences of each full name found (three characters, a surname first)."""
    names = {text[f.start : f.end] for f in found if _is_full_name(f, text)}
    short = {text[f.start : f.end] for f in found if _is_short_full_name(f, text)}
    if not names and not short:
        return []
    covered = {i for f in found for i in range(f.start, f.end)}
    added = []
    for name in short:
        at = text.find(name)
        while at >= 0:
            if covered.isdisjoint(range(at, at + 2)) and not _makes_a_word(text, at):
                added.append(Found(at, at + 2, "full", METHOD, SCORE))
                covered.update(range(at, at + 2))
            at = text.find(name, at + 2)
    for name in names:
        at = text.find(name)
        while at >= 0:
            end = at + len(name)
            if (
                covered.isdisjoint(range(at, end))
                and (end == len(text) or text[end] in _AFTER or _no_word(text[end - 1 : end + 1]))
                and text[at - 1 : at + 1] not in COMPOUND_SURNAMES
            ):
                added.append(Found(at, end, "full", METHOD, SCORE))
                covered.update(range(at, end))
            at = text.find(name, end)
    for name in names:
        given = name[1:]
        at = text.find(given) if word_tag(given) == "x" else -1
        while at >= 0:
            placed = text[at - 1] in _OPENINGS or text[at - 1] in _COMPANY or text[at + 2 : at + 3] in _AFTER_GIVEN
            if at and placed and covered.isdisjoint(range(at, at + 2)):
                added.append(Found(at, at + 2, "given", METHOD, SCORE, normalized=name))
                covered.update(range(at, at + 2))
            at = text.find(given, at + 2)
    return added


def _is_short_full_name(f: Found, text: str) -> bool:
    """A surname and one character that a post or a diary's formula found (the model's two
    characters are often a place or a word, and it reads each occurrence itself)."""
    name = text[f.start : f.end]
    return (
        f.end - f.start == 2
        and f.name_type == "full"
        and f.method in _CUED
        and name[0] in SINGLE_SURNAMES
        and _no_word(name)
    )


def _makes_a_word(text: str, at: int) -> bool:
    """A two-character name at ``at`` whose first character ends a word with the one before it (提高成本)
    or whose last begins one with the one after it (高成果来)."""
    return (at > 0 and not _no_word(text[at - 1 : at + 1])) or not _no_word(text[at + 1 : at + 3])


def _no_word(chars: str) -> bool:
    """The dictionary knows no word of these characters, or only as a name (高成 is tagged a name)."""
    return word_tag(chars) in _NAME_TAGS


def _is_full_name(f: Found, text: str) -> bool:
    return (
        f.end - f.start == 3
        and f.name_type == "full"
        and text[f.start] in SINGLE_SURNAMES
        and "公" not in text[f.start : f.end]
    )


# A son by one character of his name and 儿, opening a clause or after a verb of sending (喆儿时官广东, 欲命喆儿带兵):
# a father's chronicle or letters name him so, again and again.
_SON = re.compile("(?:^|(?<=[，。；：！？\n命调令遣使派]))([\u4e00-\u9fff])儿")
# What the character before 儿 is not (一儿, 其儿, 此儿: a numeral, a pronoun, a measure word …), and what after
# 儿 makes a word of it (儿女, 儿子, 儿孙, 儿媳, 儿辈).
_NOT_A_NAME_S_TAGS = frozenset({"m", "r", "q", "d", "p", "c", "u", "f", "t"})
_AFTER_SON = frozenset("女子孙媳妇辈曹们")


def recurring_sons(text: str, found: list[Found]) -> list[Found]:
    """喆儿 … 喆儿 … 喆儿: one character and 儿 that the document writes twice or more, once at least opening
    a clause, is a son named so (as 鸿儿 of 曾纪鸿, whom a list holds), wherever no mention covers it and
    it makes no word (儿女, 孤儿, 女儿 are words; 一儿, 其儿 a numeral's or a pronoun's)."""
    if "儿" not in text:
        return []
    sons = {
        m.group(1)
        for m in _SON.finditer(text)
        if text.count(m.group()) >= 2
        and dictionary_tag(m.group()) in _NAME_TAGS
        and dictionary_tag(m.group(1)) not in _NOT_A_NAME_S_TAGS
        and text[m.end() : m.end() + 1] not in _AFTER_SON
    }
    if not sons:
        return []
    covered = {i for f in found for i in range(f.start, f.end)}
    added = []
    for son in sons:
        at = text.find(son + "儿")
        while at >= 0:
            alone = text[at + 2 : at + 3] not in _AFTER_SON and _no_word(text[at - 1 : at + 1])
            if alone and covered.isdisjoint((at, at + 1)):
                added.append(Found(at, at + 2, "given", METHOD, SCORE))
            at = text.find(son + "儿", at + 2)
    return added
