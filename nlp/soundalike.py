"""Names written with another character of the same sound: 林惟源 for 林维源, 郭云仙 for 郭筠仙, 李小荃 for
李小泉, 陈昆书 for 陈坤书, 杨憇棠 for 杨憩棠.

Chroniclers, copyists and the official histories write a man's name or 字 with a character that sounds
like the listed one (a variant form, a homophone a scribe preferred), and the characters are not
look-alikes, so no table of shapes reaches them.  A surname and two characters are read as a listed
full name or surname + 字/号 where the surname is the listed person's own, one more character is
written as listed and the third sounds the same (toneless pinyin): two characters agreeing and the
third sounding alike is what makes it the man rather than a chance homophone (李肇卿 sounds as 李昭庆
and 胡墉之 as 胡咏芝, each with two characters other: other men; so 赖汶洸 for 赖文光 is not read).

Conservatively: three characters with a single-character surname only (two characters alone sound like
too many words); not where the dictionary knows the two given characters as a word (王世界 is no 王世杰);
the reading carries the listed form as its normal form, so the resolver decides the person as for the
listed form (dates, homonyms), and several persons sounding alike give a name with none.  The two
characters alone are the same man where the document has written him so and they open a clause
(郭云仙 … 云仙一一知之), as a biographer's given name alone (see recurrence).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from pypinyin import Style, lazy_pinyin

from zhiren.nlp.found import Found
from zhiren.nlp.script import to_simplified
from zhiren.nlp.segment import dictionary_tag
from zhiren.nlp.surnames import SINGLE_SURNAMES

METHOD = "soundalike"
SCORE = 0.7
# Dictionary tags under which two characters may still be a name's (unknown, or a name's own tag).
_NAME_TAGS = frozenset({"x", "nr", "nrfg", "nrt"})
# What a clause opens after: the two characters alone are the man only there.
_OPENINGS = frozenset("，。；：！？（(「『“\n")


# Character → its sound, filled as characters are met (a dictionary read is cheaper than a cached call,
# and the scan asks one for most characters that follow a surname).
_SOUNDS: dict[str, str] = {}


def sound(ch: str) -> str:
    """A character's toneless pinyin (its commonest reading), or the character itself if it has none."""
    found = _SOUNDS.get(ch)
    if found is None:
        found = _SOUNDS[ch] = (lazy_pinyin(ch, style=Style.NORMAL, errors="default") or [ch])[0]
    return found


class Listed:
    """A form the authority lists, keyed by its sound: one person, the form, its name type."""

    __slots__ = ("form", "name_type", "person_id", "person_name")

    def __init__(self, form: str, name_type: str, person_id: str, person_name: str) -> None:
        self.form, self.name_type, self.person_id, self.person_name = form, name_type, person_id, person_name


class SoundIndex:
    """Full names (surname + two) and surname + two-character 字/号, keyed by surname + the sounds."""

    def __init__(self) -> None:
        self._by_sound: dict[tuple[str, str, str], list[Listed]] = {}
        self._firsts: set[str] = set()
        self._seconds: set[str] = set()
        self._surnames: re.Pattern[str] | None = None  # the surnames of the forms: where a reading starts

    def __bool__(self) -> bool:
        return bool(self._by_sound)

    def rebuild(self, forms: Iterable[Listed]) -> None:
        by_sound: dict[tuple[str, str, str], list[Listed]] = defaultdict(list)
        for listed in forms:
            form = listed.form
            if len(form) == 3 and form[0] in SINGLE_SURNAMES:
                by_sound[(form[0], sound(form[1]), sound(form[2]))].append(listed)
        self._by_sound = dict(by_sound)
        # Surname + first given character, and surname + second, as listed: one of the two is written as
        # listed in any reading (only one character may be other), so a position failing both is passed over
        # without asking any sound.
        listed_forms = [listed.form for entries in self._by_sound.values() for listed in entries]
        self._firsts = {form[:2] for form in listed_forms}
        self._seconds = {form[0] + form[2] for form in listed_forms}
        surnames = "".join(sorted({surname for surname, _, _ in self._by_sound}))
        self._surnames = re.compile(f"[{re.escape(surnames)}]") if surnames else None

    def find(self, text: str, found: list[Found]) -> list[Found]:
        """Sound-alike names where no name was found (a bare 字 inside one, 雪崖 of 胡雪崖, gives way),
        then their two given characters alone where a clause opens."""
        if self._surnames is None:
            return []
        covered = {i for f in found for i in range(f.start, f.end)}
        inside = {i for f in found if f.end - f.start == 2 for i in range(f.start, f.end)}  # 雪崖 of 胡雪崖
        added: list[Found] = []
        firsts, seconds = self._firsts, self._seconds
        for m in self._surnames.finditer(text, 0, max(0, len(text) - 2)):
            i = m.start()
            if (text[i : i + 2] not in firsts and text[i] + text[i + 2] not in seconds) or i in covered:
                continue
            if not covered.isdisjoint(set(range(i + 1, i + 3)) - inside):  # inside a longer name
                continue
            written = text[i : i + 3]
            matches = [
                m
                for m in self._by_sound.get((text[i], sound(text[i + 1]), sound(text[i + 2])), ())
                if sum(a != b for a, b in zip(m.form, written, strict=True)) == 1
            ]
            if not matches:
                continue  # nothing sounds so but for one character (the listed form itself is the gazetteer's)
            if dictionary_tag(written[1:]) not in _NAME_TAGS:
                continue
            added.append(_reading(i, matches))
            covered.update(range(i, i + 3))
        for variant in list(added):
            given = text[variant.start + 1 : variant.end]
            at = text.find(given)
            while at >= 0:
                if at and text[at - 1] in _OPENINGS and covered.isdisjoint(range(at, at + 2)):
                    added.append(variant._replace(start=at, end=at + 2))
                    covered.update(range(at, at + 2))
                at = text.find(given, at + 2)
        return added


def _reading(start: int, matches: list[Listed]) -> Found:
    first = matches[0]
    if len({m.person_id for m in matches}) > 1:  # 李小荃 sounds as 李小泉 and 李筱泉, both 李瀚章's
        return Found(start, start + 3, first.name_type, METHOD, SCORE)
    return Found(start, start + 3, first.name_type, METHOD, SCORE, normalized=to_simplified(first.form),
                 person_id=first.person_id, person_name=first.person_name)  # fmt: skip
