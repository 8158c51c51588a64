"""An in-memory list of known names with their persons, matched in text.

Fed from the authority (every name variant with its person id) and updated while the
service runs: :meth:`Gazetteer.add` and :meth:`Gazetteer.remove_person` take effect for
the next document, no rebuild.  Names are folded to simplified script so traditional
text matches simplified entries and the other way round.

Letters name a person by the forms a cataloguer derives from the authority's names, so the
gazetteer finds those too: a surname before a listed 字/号/谥 (盛杏荪, 郑陶斋, 胡文忠), and the
first character of a 字/号 with an office style or a kin term (香帅, 杏翁, 沅弟, 澄叔) or a
character of a given name with 儿 (宣儿, 鸿儿), or the first syllable of a Manchu name with a
military post (多都统), or a prince's title's first character with 邸, his residence (恭邸 of
恭亲王), each with the listed name it stands for as its normal form (香帅 → 香涛, 张香帅 → 张香涛,
宣儿 → 盛宣怀, 多都统 → 多隆阿, 恭邸 → 恭亲王), so the resolver looks that up; and an epithet
the authority lists with one person's surname, alone (傅相 of 李傅相), unless it is a rank many
held at once (中堂, 宫保, 观察).
"""

from __future__ import annotations

import re
import threading
from collections import defaultdict
from collections.abc import Iterable
from typing import NamedTuple, cast

import numpy

from zhiren.nlp.found import NAME_CHAR_CLASS, Found
from zhiren.nlp.honorifics import OFFICE_TITLES, POSTHUMOUS_CHARS, TITLES_AFTER_FULL_NAMES
from zhiren.nlp.script import to_simplified
from zhiren.nlp.segment import dictionary_tag, word_tag
from zhiren.nlp.soundalike import Listed, SoundIndex
from zhiren.nlp.surnames import SINGLE_SURNAMES

SCORE = 0.9
AMBIGUOUS_SCORE = 0.7
# A derived form (香帅, 宣儿) outranks the honorific rule's reading of the same characters
# (见香帅: "saw Xiangshuai"), which knows no names.
STYLE_SCORE = 0.9
# Name types a surname may stand before (盛 + 杏荪), and whose first character forms styles.
STYLED_TYPES = frozenset({"courtesy", "art", "posthumous"})
INITIAL_TYPES = frozenset({"courtesy", "art"})
# What follows a 字/号 initial (香帅, 杏翁, 杏丈, 沅弟) or a given-name character (宣儿): a title or kin term.
TITLE_SUFFIXES = "帅翁老丈师"
KIN_SUFFIXES = "弟叔兄儿"
_SUFFIX = re.compile(f"[{TITLE_SUFFIXES}{KIN_SUFFIXES}]")
# 师 after an initial is a pupil's teacher (谒清师, 禀清师: 吴大澂, 字 清卿) only after a verb of calls and letters or a
# bracket: elsewhere it is an army or "to study under" (又师行其乡, 从师受业).
_BEFORE_TEACHER = frozenset("谒禀见拜致寄呈候（")
# Characters that make a title or kin term a form of address, not a name (仁兄, 老弟, 令叔, 家兄,
# 舍弟, 尊翁, 世伯, 小儿): jieba tags some of these as names.  之 and 其 make it someone's kin
# (王之儿妇, "the king's son's wife"; 其弟), not a given name's character + 儿 (王之春's 之).
ADDRESS_PREFIXES = frozenset("仁老世年姻尊宗大吾贤令家舍愚胞表族堂小犬孤乳幼长次诸众贵敝先亡之其")
# Before a title (帅, 翁, 老, 丈) only some of them make a form of address (尊翁, 老翁, 大帅, 令翁):
# 幼 and 长 begin 字 (幼丹: 沈葆桢 is 幼帅, 幼翁), whereas 幼弟, 长兄 are kin.  爵 makes one too:
# 爵帅 and 爵相 are the styles of an ennobled governor or grand secretary (刘爵帅 is 刘铭传, a baron),
# not the initial of a 字 such as 王之春's 爵棠.
TITLE_ADDRESS_PREFIXES = (ADDRESS_PREFIXES - frozenset("幼长次小")) | frozenset("爵")
# Posts a Manchu or Mongol officer is called by after his name's first syllable (多都统), and those
# of the customs, whose foreign commissioners the telegrams call so too (赫总税司: 赫德).
_SYLLABLE_POSTS = re.compile("副都统|都统|将军|军门|参赞|领队|总税务司|总税司|税务司|税司")
# A prince's title as an authority lists it (恭亲王, 恭王, 庆亲王): telegrams call him by its first
# character and 邸, his residence (恭邸, 庆邸).
_PRINCE_TITLE = re.compile(".(?:.亲王|亲王|王)")  # 恭亲王, 恭王; 醇贤亲王 with his 谥 贤
# Ranks many held at once: alone, without the surname an authority lists them with (李中堂), they
# name whoever the letter is about, not the person listed.  An epithet one man was known by (傅相)
# is not among them.
_SHARED_RANKS = frozenset(
    {"中堂", "宫保", "大人", "京堂", "京卿", "观察", "制军", "制台", "中丞", "方伯", "军门", "星使",
     "尚书", "侍郎", "太守", "相国", "阁老", "大帅", "督办", "总办"}
)  # fmt: skip
# A 字 or 号 with 筱 is as often written with 小, and the other way (徐筱云, 徐小云; 邵筱村, 邵小村): the
# gazetteer finds either, and reads it as the form listed.
_WRITTEN_EITHER_WAY = frozenset("筱小")
_EITHER_WAY = str.maketrans("筱小", "小筱")
# The name types whose surname + epithet forms stand alone for their person (李傅相: 傅相; 张南皮:
# 南皮), and the dictionary tags of a county's name.
_EPITHET_TYPES = frozenset({"title", "other"})
_COUNTY_TAGS = frozenset({"n", "ns"})
# Dictionary tags under which a two-character form may still be a name.
_NAME_TAGS = frozenset({"x", "nr", "nrfg", "nrt"})
# Posts the press and the telegrams put between an official's surname and his given name (冯军门子材,
# 王镇孝祺, 唐主事景崧, 刘镇永福): the reference is the whole, as 李公鸿章 is.
_POSTS_BEFORE_GIVEN = frozenset(OFFICE_TITLES) | frozenset({"镇", "道", "守", "令", "主事", "提督", "总兵"})
_LONGEST_POST = max(map(len, _POSTS_BEFORE_GIVEN))
_POST_ENDS = frozenset(post[-1] for post in _POSTS_BEFORE_GIVEN)
# The authority's name types (biogref ``name_type`` column) in the extract contract's terms.
AUTHORITY_NAME_TYPES: dict[str, str] = {
    "名": "full",
    "字": "courtesy",
    "号": "art",
    "讳": "taboo",
    "谥号": "posthumous",
    "官称": "title",
    "别名": "other",
    "排行": "other",
    "小名": "other",
}


class NameEntry(NamedTuple):
    """One name of one person: the surface, the person's id and preferred name, the kind."""

    name: str
    person_id: str
    person_name: str
    name_type: str = "full"


class Gazetteer:
    """Longest-match lookup of names (two characters or more) in a text."""

    def __init__(self, entries: Iterable[NameEntry] = ()) -> None:
        self._lock = threading.Lock()
        # Each name's entries as an insertion-ordered set: a popular courtesy name has hundreds.
        self._by_name: dict[str, dict[NameEntry, None]] = defaultdict(dict)
        # The lengths of the names by their first two characters, longest first.
        self._lengths: dict[str, list[int]] = {}
        # 字/号 by their first character, full names by each character of their given name.
        self._initials: dict[str, list[NameEntry]] = {}
        self._given_chars: dict[str, list[NameEntry]] = {}
        self._syllables: dict[str, list[NameEntry]] = {}
        self._princes: dict[str, list[NameEntry]] = {}
        self._epithets: dict[str, list[NameEntry]] = {}
        # Surname → the persons the authority lists a grand secretary's style for (李傅相 of 李鸿章).
        self._grand_secretaries: dict[str, list[NameEntry]] = {}
        # The first two characters of every name and epithet: where find reads on.
        self._starts = _Pairs(())
        # Full names and surname + 字/号 by their sound (林惟源 for 林维源).
        self._sounds = SoundIndex()
        self.add(entries)

    def __len__(self) -> int:
        return len(self._by_name)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name in self._by_name

    def names(self) -> frozenset[str]:
        return frozenset(self._by_name)

    def add(self, entries: Iterable[NameEntry], *, folded: bool = False) -> list[str]:
        """Add names; returns the folded names that were new (to feed the segmenter).

        ``folded``: the names are already in folded form (an authority's name keys), which
        spares the folding of a million names when an ingest loads the whole authority.
        """
        new: list[str] = []
        keys: dict[str, str] = {}  # an authority repeats its names: fold each surface once
        with self._lock:
            for entry in entries:
                key = entry.name if folded else keys.get(entry.name)
                if key is None:
                    key = keys[entry.name] = to_simplified(entry.name.strip())
                if len(key) < 2:
                    continue
                if key not in self._by_name:
                    new.append(key)
                self._by_name[key][entry] = None
                if entry.name_type in INITIAL_TYPES and _WRITTEN_EITHER_WAY & set(key):  # 筱云: 小云 too
                    self._by_name[key.translate(_EITHER_WAY)][entry] = None
            self._reindex()
        return new

    def _listed_forms(self) -> Iterable[Listed]:
        """Each full name of three, and each two-character 字/号 with its person's surname before it."""
        for key, entries in self._by_name.items():
            for e in entries:
                name = to_simplified(e.person_name)
                if e.name_type == "full" and key == name:
                    yield Listed(key, "full", e.person_id, e.person_name)
                elif e.name_type in INITIAL_TYPES and len(key) == 2 and not _is_variant(key, e):
                    yield Listed(name[0] + key, e.name_type, e.person_id, e.person_name)

    def remove_person(self, person_id: str) -> None:
        """Forget every name of a person (merged away or deleted)."""
        with self._lock:
            for key in list(self._by_name):
                kept = {e: None for e in self._by_name[key] if e.person_id != person_id}
                if kept:
                    self._by_name[key] = kept
                else:
                    del self._by_name[key]
            self._reindex()

    def _reindex(self) -> None:
        lengths: dict[str, set[int]] = defaultdict(set)
        initials: dict[str, list[NameEntry]] = defaultdict(list)
        given_chars: dict[str, list[NameEntry]] = defaultdict(list)
        syllables: dict[str, list[NameEntry]] = defaultdict(list)
        princes: dict[str, list[NameEntry]] = defaultdict(list)
        epithets: dict[str, list[NameEntry]] = defaultdict(list)
        for key, entries in self._by_name.items():
            lengths[key[:2]].add(len(key))
            for entry in entries:
                if entry.name_type == "title" and _PRINCE_TITLE.fullmatch(key):
                    princes[key[0]].append(entry)
                    if len(key) == 4:  # 醇贤亲王: 贤邸 too, by his 谥
                        princes[key[1]].append(entry)
                elif entry.name_type in _EPITHET_TYPES and _is_epithet_with_surname(key, entry.name_type):
                    epithets[key[1:]].append(entry)
                elif entry.name_type in INITIAL_TYPES and not _is_variant(key, entry):
                    initials[key[0]].append(entry)
                elif entry.name_type == "full" and key == to_simplified(entry.person_name):
                    if len(key) == 3:
                        given_chars[key[1]].append(entry)
                        given_chars[key[2]].append(entry)
                    if key[0] not in SINGLE_SURNAMES:  # 多隆阿, 赫德: a Manchu or a foreign name
                        syllables[key[0]].append(entry)
        self._sounds.rebuild(self._listed_forms())
        self._lengths = {ch: sorted(ls, reverse=True) for ch, ls in lengths.items()}
        self._initials, self._given_chars, self._syllables = dict(initials), dict(given_chars), dict(syllables)
        self._princes = dict(princes)
        self._epithets = {k: v for k, v in epithets.items() if len({e.person_id for e in v}) == 1}
        secretaries: dict[str, dict[str, NameEntry]] = defaultdict(dict)
        for key, styled in epithets.items():
            for entry in styled if key.endswith("相") else ():
                secretaries[to_simplified(entry.person_name)[0]].setdefault(entry.person_id, entry)
        self._grand_secretaries = {s: list(v.values()) for s, v in secretaries.items() if len(v) == 1}
        self._starts = _Pairs(self._lengths.keys() | self._epithets.keys())

    def lookup(self, name: str, family: str = "") -> NameEntry | None:
        """The entry of a name that belongs to exactly one person, else None.

        ``family``: only persons whose preferred name starts with this surname count
        (欧阳 + 小岑 finds 欧阳兆熊's courtesy name).
        """
        entries = list(self._by_name.get(to_simplified(name), ()))
        if family:
            entries = [e for e in entries if to_simplified(e.person_name).startswith(family)]
        return entries[0] if len({e.person_id for e in entries}) == 1 else None

    def find(self, text: str) -> list[Found]:
        """Longest known name at each position (with the person's surname before a 字/号/谥),
        then the forms derived from them (see the module docstring); a name of several persons
        carries no person.

        Candidates are looked up by the two characters at a position (every name has two or
        more), which few positions of a text start a name with: only those are read (_Pairs)."""
        by_name, lengths, epithets, starts = self._by_name, self._lengths, self._epithets, self._starts
        found: list[Found] = []
        if not lengths:
            return found
        alone: list[Found] = []  # epithets alone (傅相), where no name starts
        free = 0  # the first position after the last name found
        for i in starts.positions(text):
            if i < free:
                continue
            pair = text[i : i + 2]
            for length in lengths.get(pair, ()):
                entries = by_name.get(text[i : i + length])
                if entries:
                    after = found[-1].end if found else 0
                    styled = _with_surname(text, i, i + length, entries, after) or _with_surname_after(
                        text, i, i + length, entries
                    )
                    if styled is None and not _names_here(text, i, i + length, entries):
                        break
                    name = styled or _found(i, i + length, entries)
                    variant = not _WRITTEN_EITHER_WAY.isdisjoint(text[i : i + length])
                    found.append(_as_listed(text, name, entries) if variant else name)
                    free = i + length
                    break
            else:
                if epithets and pair in epithets and not (i and text[i - 1] in SINGLE_SURNAMES):
                    entry = epithets[pair][0]
                    if entry.name_type == "title" or stands_for_its_man(text, i):
                        alone.append(self._epithet(text, i, entry))
                    elif text[i + 2 : i + 4] == entry.name[0] + "公":  # 合肥李公: the 李公 of 合肥 is 李合肥
                        alone.append(Found(i + 2, i + 4, "title", "style", STYLE_SCORE, normalized=entry.name,
                                           person_id=entry.person_id, person_name=entry.person_name))  # fmt: skip
        found = _with_posthumous_and_given_name([self._after_post(text, f) for f in found], text)
        found = self.with_another_s_alone(text, found)
        if self._sounds:  # 郭云仙 for 郭筠仙: a listed form written with characters of the same sound
            alike = self._sounds.find(text, found)
            found = sorted(
                [f for f in found if not any(a.start <= f.start and f.end <= a.end for a in alike)] + alike
            )
        if alone:  # a county before a name found is the man's (合肥李鸿章), not the man
            name_starts = {f.start for f in found}
            alone = [f for f in alone if f.end not in name_starts]
        return (
            found
            + self._derived(text, found)
            + self._by_first_syllable(text, found)
            + self._by_residence(text)
            + self._by_grand_secretary(text, found)
            + alone
        )

    def with_another_s_alone(self, text: str, found: list[Found]) -> list[Found]:
        """有李作梅者 … 作梅因文尉署钱塘县: where the document writes a 字 after a surname none of its
        bearers has (another man's surname + 字, 陈小舫), the same 字 alone elsewhere in it is that man,
        read as his surname + 字 (a document uses one string for one man), not the authority's bearer.
        The extractor applies it again to the model's names, once they are settled with these."""
        others: dict[str, str] = {}
        for f in found:
            key = text[f.start + 1 : f.end]
            if f.method == "style" and f.person_id is None and f.normalized is None and len(key) == 2:
                bearers = self._by_name.get(key, ())
                if bearers and all(to_simplified(e.person_name)[:1] != text[f.start] for e in bearers):
                    others.setdefault(key, text[f.start : f.end])
        if not others:
            return found
        return [
            f._replace(person_id=None, person_name=None, normalized=others[text[f.start : f.end]])
            if f.end - f.start == 2 and text[f.start : f.end] in others and f.method != "style"
            else f
            for f in found
        ]

    def _by_grand_secretary(self, text: str, names: list[Found]) -> list[Found]:
        """李相, 李相国: a surname with a grand secretary's style is the one person of that surname the
        authority lists such a style for (李傅相 of 李鸿章), as the list says whom 李中堂 meant, rather
        than a back reference to whoever of the surname the document named before (李彤恩).  Not
        inside a name found, nor where the characters make a word (宰相, 李相见)."""
        if not self._grand_secretaries or "相" not in text:
            return []
        covered = {i for f in names for i in range(f.start, f.end)}
        found = []
        for m in re.finditer("相国|相", text):
            at = m.start() - 1
            entries = self._grand_secretaries.get(text[at]) if at >= 0 and at not in covered else None
            if not entries or word_tag(text[at : at + 2]) != "x" or (at and word_tag(text[at - 1 : at + 1]) != "x"):
                continue
            if m.group() == "相" and word_tag(text[m.start() : m.start() + 2]) != "x":  # 李相见: 相见 is a word
                continue
            entry = entries[0]
            found.append(Found(at, m.end(), "title", "style", STYLE_SCORE, normalized=entry.name,
                               person_id=entry.person_id, person_name=entry.person_name))  # fmt: skip
        return found

    def _after_post(self, text: str, name: Found) -> Found:
        """冯军门子材, 王镇孝祺: a given name found after its bearer's surname and a post is the whole
        reference, normalised to the full name (冯子材), the bearer's only where one person bears it."""
        given = text[name.start : name.end]
        if len(given) != 2 or name.start < 2 or text[name.start - 1] not in _POST_ENDS:  # most names: no post before
            return name
        bearers = [
            e
            for e in self._by_name.get(given, ())
            if e.name_type == "full" and to_simplified(e.person_name)[1:] == given
        ]
        for length in range(1, _LONGEST_POST + 1) if bearers else ():
            surname_at = name.start - length - 1
            if surname_at < 0:
                break
            if text[surname_at + 1 : name.start] not in _POSTS_BEFORE_GIVEN:
                continue
            these = [e for e in bearers if to_simplified(e.person_name)[0] == text[surname_at]]
            if these:
                one = len({e.person_id for e in these}) == 1
                return Found(surname_at, name.end, "full", "style", STYLE_SCORE, normalized=text[surname_at] + given,
                             person_id=these[0].person_id if one else None,
                             person_name=these[0].person_name if one else None)  # fmt: skip
        return name

    def _derived(self, text: str, names: list[Found]) -> list[Found]:
        """香帅, 张香帅, 杏翁, 沅弟, 宣儿: a 字/号 initial or a given-name character before a title
        or kin term, where no known name ends (纪泽儿 is 纪泽 and 儿, not 泽儿)."""
        found = []
        ends = {f.end for f in names}
        # Persons the text names by the given name alone (字谕纪泽、纪鸿): a parent's 鸿儿 is one
        # of them rather than another bearer of 鸿 (李鸿章).
        by_given = {
            f.person_id
            for f in names
            if f.person_id and f.person_name and text[f.start : f.end] == to_simplified(f.person_name)[1:]
        }
        for m in _SUFFIX.finditer(text):
            at, suffix = m.start(), m.group()
            address = ADDRESS_PREFIXES if suffix in KIN_SUFFIXES else TITLE_ADDRESS_PREFIXES
            if at == 0 or at in ends or text[at - 1] in address:
                continue
            if suffix == "师" and text[at - 2 : at - 1] not in _BEFORE_TEACHER:  # 又师行其乡, 从师受业
                continue
            entries = list(self._initials.get(text[at - 1], ()))
            if suffix == "帅" and is_a_province_s_commander(text, at - 1, at + 1):  # 以湘帅督闽疆
                continue
            if suffix == "儿":
                entries += self._given_chars.get(text[at - 1], ())
                named = [e for e in entries if e.person_id in by_given]
                entries = named or entries
            if not entries or word_tag(text[at - 1 : at + 1]) not in _NAME_TAGS:
                continue
            start, surname = at - 1, text[at - 2 : at - 1]
            with_surname = [e for e in entries if surname and to_simplified(e.person_name).startswith(surname)]
            if with_surname:
                entries, start = with_surname, at - 2
            # Without the surname: 丈 ends a diary's 陈梦陶丈, 王西丈 more often than an initial's form
            # (盛杏丈 has it; see with_zhang_of_bearers_named for 筠丈), and an initial that ends a word
            # is none (其时弟, "then I": 时 ends 其时).
            elif suffix == "丈" or _ends_a_word(text, at - 1) or _ends_a_zi_before_kin(text, at):
                continue
            entry = entries[0]
            one_person = len({e.person_id for e in entries}) == 1
            bare = entry.name_type == "full" or start == at - 1
            normalized: str | None = entry.name if bare else surname + entry.name
            if not one_person and len({e.name for e in entries}) > 1:
                normalized = None  # 季弟: 季洪, 季高, 季直 … of different persons; the resolver decides by context
            found.append(
                Found(
                    start,
                    at + 1,
                    "kin" if suffix in KIN_SUFFIXES else "title",
                    "style",
                    STYLE_SCORE,
                    normalized=normalized,
                    person_id=entry.person_id if one_person else None,
                    person_name=entry.person_name if one_person else None,
                )
            )
        return found

    def _epithet(self, text: str, at: int, entry: NameEntry) -> Found:
        """傅相: an epithet the authority lists with one person's surname (李傅相), alone, is he; not
        inside a name found, nor after another surname (张傅相 is the honorific rule's).  A county
        for its man takes his 谥 after it (高阳文正: 李鸿藻, 谥 文正)."""
        end = at + 2
        if any(e.person_id == entry.person_id and e.name_type == "posthumous"
               for e in self._by_name.get(text[end : end + 2], ())):  # fmt: skip
            end += 2
        return Found(at, end, "title", "style", STYLE_SCORE, normalized=entry.name,
                     person_id=entry.person_id, person_name=entry.person_name)  # fmt: skip

    def with_bearers_named(self, text: str, mentions: list[Found]) -> list[Found]:
        """A document's mentions, each 字 initial + 帅/翁/老/丈 of several bearers (彦帅: 岑毓英's 彦卿 or
        吴廷栋's 彦甫) given to the one the document also names by his full name or by his surname
        and a post (岑毓英, 岑宫保; 邵抚台 for 筱帅), when exactly one is: read as that surname + 字
        (岑彦卿), the resolver's style reading.  Done on the whole document, after its pieces are
        read: the evidence may be anywhere in it."""
        shared = [
            i
            for i, f in enumerate(mentions)
            if f.method == "style" and f.person_id is None and f.end - f.start == 2
            and text[f.end - 1] in TITLE_SUFFIXES and len(self._bearers(text[f.start])) > 1
        ]  # fmt: skip
        if not shared:
            return mentions
        in_full = {f.person_id for f in mentions if f.person_id and f.name_type == "full"}
        posted = _surnames_with_posts(text)
        result = list(mentions)
        for i in shared:
            f = mentions[i]
            kept = [
                e
                for e in self._initials.get(text[f.start], ())
                if e.person_id in in_full or to_simplified(e.person_name)[:1] in posted
            ]
            if len({e.person_id for e in kept}) == 1:
                e = kept[0]
                result[i] = f._replace(normalized=to_simplified(e.person_name)[0] + e.name, person_id=e.person_id,
                                       person_name=e.person_name)  # fmt: skip
        return result

    def with_zhang_of_bearers_named(self, text: str, mentions: list[Found]) -> list[Found]:
        """A document's mentions with each 字 or 号 initial + 丈 and no surname (筠丈) whose bearer the
        document links by a listed name (筠仙丈, 郭嵩焘's 号 筠仙 + 丈), read as that bearer: a diary
        names an elder in full first and by the initial after.  Elsewhere a bare X丈 is left alone (陈梦陶丈
        holds no 陶丈).  Done on the whole document, after its pieces are read: the full form may be in
        another piece.  A mention of the span without a person (a formula's slot) takes the person."""
        in_text = {f.person_id for f in mentions if f.person_id}
        if "丈" not in text or not in_text:
            return mentions
        at_span = {(f.start, f.end): i for i, f in enumerate(mentions)}
        covered = {i for f in mentions for i in range(f.start, f.end)}
        result, added = list(mentions), []
        for m in re.finditer("丈", text):
            start = m.start() - 1
            if start < 0 or text[start] in TITLE_ADDRESS_PREFIXES or _ends_a_word(text, start):
                continue
            bearers = {e.person_id: e for e in self._initials.get(text[start], ()) if e.person_id in in_text}
            if len(bearers) != 1 or word_tag(text[start : m.end()]) not in _NAME_TAGS:
                continue
            (e,) = bearers.values()
            found = Found(start, m.end(), "title", "style", STYLE_SCORE, normalized=e.name, person_id=e.person_id,
                          person_name=e.person_name)  # fmt: skip
            i = at_span.get((start, m.end()))
            if i is not None and result[i].person_id is None:
                result[i] = found
            elif i is None and start not in covered and m.start() not in covered:
                added.append(found)
        return sorted(result + added, key=lambda f: f.start) if added else result

    def _bearers(self, initial: str) -> set[str]:
        return {e.person_id for e in self._initials.get(initial, ())}

    def _by_first_syllable(self, text: str, names: list[Found]) -> list[Found]:
        """多都统, 塔军门, 赫总税司: the first syllable of a Manchu, Mongol or foreign name the authority
        lists, with a military or a customs post, is its bearer (多隆阿, 赫德), where it is no word's
        end (许多将军, 诸多都统)."""
        covered = {i for f in names for i in range(f.start, f.end)}
        found = []
        for m in _SYLLABLE_POSTS.finditer(text):
            at = m.start() - 1
            entries = self._syllables.get(text[at]) if at >= 0 and at not in covered else None
            if not entries or (at > 0 and word_tag(text[at - 1 : at + 1]) != "x"):
                continue
            one_person = len({e.person_id for e in entries}) == 1
            entry = entries[0]
            found.append(
                Found(at, m.end(), "title", "style", STYLE_SCORE, normalized=entry.name if one_person else None,
                      person_id=entry.person_id if one_person else None,
                      person_name=entry.person_name if one_person else None)
            )  # fmt: skip
        return found

    def _by_residence(self, text: str) -> list[Found]:
        """恭邸, 庆邸: the first character of a prince's title the authority lists, with 邸, is the
        prince, where the two are no word (府邸, 官邸 are, and no prince's title begins so); of a title
        with his 谥 (醇贤亲王), the 谥's character too (复命佐贤邸)."""
        found = []
        for at in (m.start() - 1 for m in re.finditer("邸", text)):
            entries = self._princes.get(text[at]) if at >= 0 else None
            if not entries or word_tag(text[at : at + 2]) != "x":
                continue
            one_person = len({e.person_id for e in entries}) == 1
            entry = entries[0]
            found.append(
                Found(at, at + 2, "title", "style", STYLE_SCORE, normalized=entry.name if one_person else None,
                      person_id=entry.person_id if one_person else None,
                      person_name=entry.person_name if one_person else None)
            )  # fmt: skip
        return found


class _Pairs:
    """Two-character strings (every name's first two, every epithet), to find for all positions of a
    text at once where one stands: few positions do, and a loop over a text's pairs cost
    Gazetteer.find more than all else it does.  Each pair is a number (a code point needs 21 bits);
    a table of their hashes turns most positions away, the sorted numbers decide the rest."""

    HASH_BITS = 20

    def __init__(self, pairs: Iterable[str]) -> None:
        self.codes = numpy.array(sorted((ord(pair[0]) << 21) | ord(pair[1]) for pair in pairs), dtype=numpy.uint64)
        self.hashed = numpy.zeros(1 << self.HASH_BITS, dtype=bool)
        self.hashed[self._hashes(self.codes)] = True

    def _hashes(self, codes: numpy.ndarray) -> numpy.ndarray:
        return (codes * numpy.uint64(0x9E3779B97F4A7C15)) >> numpy.uint64(64 - self.HASH_BITS)  # Fibonacci hashing

    def positions(self, text: str) -> list[int]:
        """The positions of ``text`` whose character and the next are a pair."""
        points = numpy.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=numpy.uint32).astype(numpy.uint64)
        pairs = (points[:-1] << 21) | points[1:]
        at = numpy.flatnonzero(self.hashed[self._hashes(pairs)])
        pairs = pairs[at]
        nearest = self.codes[numpy.minimum(numpy.searchsorted(self.codes, pairs), len(self.codes) - 1)]
        return cast(list[int], at[nearest == pairs].tolist())


_POST_AFTER_SURNAME = re.compile(f"(?=(.)(?:{'|'.join(sorted(OFFICE_TITLES, key=len, reverse=True))}))")


def _surnames_with_posts(text: str) -> frozenset[str]:
    """The characters before an office title in the text (邵 of 邵抚台, 岑 of 岑宫保): the surnames
    of the officials it names by post."""
    return frozenset(m.group(1) for m in _POST_AFTER_SURNAME.finditer(text))


# Provinces by their one-character names, and what the text writes after one where it means the
# province (湘军, 湘人, 湘将, 淮军, 粤省).
_PROVINCES = frozenset("湘楚粤淮皖闽浙鄂蜀滇黔桂豫晋陕甘鲁赣")
_PROVINCE_AFTER = "军人将省籍"


def is_a_province_s_commander(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is a province's name + 帅 where the text writes that name as the province
    (湘军, 湘人 … beside 湘帅): a commander of that province's men, not the bearer of a 字 or 号 it begins
    (王闿运 号湘绮), whoever reads the two characters (the gazetteer's initials, the model)."""
    initial = text[start : start + 1]
    return (
        end - start == 2
        and text[start + 1 : end] == "帅"
        and initial in _PROVINCES
        and any(initial + after in text for after in _PROVINCE_AFTER)
    )


def _with_posthumous_and_given_name(found: list[Found], text: str) -> list[Found]:
    """唐忠壮殿魁: a surname + 谥 and right after it the given name of the same man are one reference, as
    surname + 公 + 名 (李公鸿章) and surname + post + 名 (冯军门子材) are, normalised to the full name."""
    merged: list[Found] = []
    for f in found:
        before = merged[-1] if merged else None
        if (
            before is not None
            and before.end == f.start
            and before.person_id is not None
            and before.person_id == f.person_id
            and before.name_type == "posthumous"
            and before.end - before.start == 3
            and f.person_name is not None
            and text[before.start] + text[f.start : f.end] == to_simplified(f.person_name)
        ):
            merged[-1] = f._replace(start=before.start, name_type="full", normalized=to_simplified(f.person_name))
        else:
            merged.append(f)
    return merged


def _is_epithet_with_surname(key: str, name_type: str) -> bool:
    """李傅相: a surname and a two-character epithet, not a rank many held (李中堂) nor a 谥 + 公
    (李文忠公); of an alias (别名), only a county for its great man (张南皮, 李合肥, 李高阳), a word
    the segmenter knows, not a 号 or a former name (曾涤生, 杨载福)."""
    if len(key) != 3 or key[0] not in SINGLE_SURNAMES:
        return False
    if name_type == "other":
        return word_tag(key[1:]) in _COUNTY_TAGS
    return key[1:] not in _SHARED_RANKS and key[-1] != "公"


def _is_variant(key: str, entry: NameEntry) -> bool:
    """Whether ``key`` is the other writing of the entry's 字 (小云 of 筱云), not the form listed."""
    return bool(_WRITTEN_EITHER_WAY & set(key)) and key != to_simplified(entry.name)


def _as_listed(text: str, found: Found, entries: dict[NameEntry, None]) -> Found:
    """徐小云 read as 徐筱云, the form the authority lists, where only the other writing matched."""
    key = text[found.end - 2 : found.end] if text[found.end - 1 : found.end] != "公" else ""
    entry = next(iter(entries))
    if not key or not _is_variant(key, entry) or len({e.name for e in entries}) > 1:
        return found
    return found._replace(normalized=text[found.start : found.end - 2] + to_simplified(entry.name))


def _with_surname(text: str, start: int, end: int, entries: dict[NameEntry, None], after: int) -> Found | None:
    """盛杏荪: a 字/号/谥 with the surname of one of its persons right before it (and not inside
    the previous name): the span with the surname, of the persons of that surname.  Before 公
    the honorific rule reads the whole reference (程忠烈公学启, 胡文忠公), but for a Manchu or
    Mongol name's first syllable, which it cannot tell from any character: 塔忠武公 (塔齐布)."""
    gong = text[end : end + 1] == "公"
    if start == 0 or start - 1 < after or (gong and text[start - 1] in SINGLE_SURNAMES):
        return None
    surname = text[start - 1]
    kept = {e: None for e in entries if e.name_type in STYLED_TYPES and to_simplified(e.person_name)[:1] == surname}
    if kept:
        return _found(start - 1, end + gong, kept)._replace(method="style", score=STYLE_SCORE)
    if _another_s(text, start, end, entries):
        kind = next(iter(entries)).name_type
        return Found(start - 1, end, "full" if kind in _GIVEN_TYPES else kind, "style", STYLE_SCORE)  # 吴朝栋
    return None


def _with_surname_after(text: str, start: int, end: int, entries: dict[NameEntry, None]) -> Found | None:
    """壮肃刘公: a 谥 with the surname of one of its persons and 公 after it is that man, read as surname +
    谥 + 公 (刘壮肃公), the order a biographer of the 1900s may write (唯壮肃刘公年最少)."""
    surname = text[end : end + 1]
    if not surname or text[end + 1 : end + 2] != "公" or any(e.name_type != "posthumous" for e in entries):
        return None
    kept = {e: None for e in entries if to_simplified(e.person_name)[:1] == surname}
    if not kept:
        return None
    normalized = surname + text[start:end] + "公"
    return _found(start, end + 2, kept)._replace(method="style", score=STYLE_SCORE, normalized=normalized)


# Verbs of going before a place (送至罗山, 抵合肥): a 字 or 号 that is also a place's name.
_TO_A_PLACE = frozenset("至抵赴往驻到")
_CLAUSE_ENDS = frozenset("，。；：、！？\n")

# Before a county's name, what makes it the place (驰赴合肥, 安徽合肥, 至南皮); after it, the same
# (合肥县, 合肥人, 高阳城), and 诸 or 各 before what the place holds (合肥诸乡寨, 合肥各营).
_BEFORE_A_PLACE = _TO_A_PLACE | frozenset("于在自由过离回返抵")
_AFTER_A_PLACE = frozenset("县府州人城籍乡境镇诸各")

# The dictionary's tags of adverbs: a 字 that is one (欣然, "gladly") names no one before a verb.
_ADVERB_TAGS = frozenset({"d", "ad"})
# Surnames that are as often a preposition or conjunction before a name (于杏荪处, 向小舫言, 和…).
_FUNCTION_SURNAMES = frozenset("于从向和")
# What may stand before another man's surname + 字: a clause's start, a verb of calls, letters and
# company (晤陈小舫, 偕陈小舫, 致陈小舫), or 即 "that is" (即容春圃驻扎处也: 容闳's place).  Not
# another name's last character: in 伯王克王叔平 (a list without marks) 王 ends 克王, a prince's
# style, and 叔平 is 翁同龢's.
_BEFORE_ANOTHER_S = _CLAUSE_ENDS | frozenset("与偕晤访致寄见谒拜答送托接候询请约邀及暨并同为由令派委即")


# Titles and offices after a surname and 字 (董荩臣巡捕, 陈仲英太守).
_TITLES_AFTER_A_ZI = frozenset(OFFICE_TITLES) | frozenset(TITLES_AFTER_FULL_NAMES)


# A given name alone is listed as a name of its own (朝栋 of 林朝栋) or as a given name.
_GIVEN_TYPES = frozenset({"full", "given"})


def _is_given_name(key: str, entry: NameEntry) -> bool:
    """朝栋 of 林朝栋: the listed name is its person's name without a one-character surname."""
    name = to_simplified(entry.person_name)
    return len(name) == len(key) + 1 and name[1:] == key and name[0] in SINGLE_SURNAMES


def _another_s(text: str, start: int, end: int, entries: dict[NameEntry, None]) -> bool:
    """陈小舫: a 字 or 号 right after a surname none of its bearers has is another man's surname + 字
    (the diarist's friend 陈小舫, not 严信厚 字小舫): the surname disagreeing is evidence against
    every bearer, as its agreeing is for one; so is a given name (台绅林之钦、吴朝栋: not 林朝栋).
    After a clause's start, a verb of calls and company, or any verb (有李作梅者, 又听胡雪崖从中调处), or
    before a title a man is given after his surname and 字 (臬辕董荩臣巡捕: not 荩臣 of another surname);
    not where the surname's character ends a word with the one before it (其时, 各省) or is a
    preposition (于, 向), nor after another name (克王叔平)."""
    surname = text[start - 1]
    return (
        surname in SINGLE_SURNAMES
        and surname not in _FUNCTION_SURNAMES
        and surname != "公"  # 李忠壮公臣典: the honorific before a given name
        and (
            start == 1
            or text[start - 2] in _BEFORE_ANOTHER_S
            or word_tag(text[start - 2]) == "v"
            or text[end : end + 2] in _TITLES_AFTER_A_ZI
            or text[end : end + 3] in _TITLES_AFTER_A_ZI
        )
        and all(
            e.name_type in INITIAL_TYPES or (e.name_type in _GIVEN_TYPES and _is_given_name(text[start:end], e))
            for e in entries
        )
        and not _ends_a_word(text, start - 1)
    )


# A surname and an honorific reference right after a county: the county is the man's, before his
# name (合肥李文忠公, 合肥李公: a biographer's "李公 of 合肥"), not the man; a 谥 after it is the
# county's man's (高阳文正公: 文 is a surname too).
_SURNAME_GONG_AFTER = re.compile(
    f"(?![{''.join(sorted(POSTHUMOUS_CHARS))}]{{2}})[{''.join(sorted(SINGLE_SURNAMES))}][^，。；：、！？\n]{{0,3}}公"
)


def stands_for_its_man(text: str, at: int) -> bool:
    """A county at ``at`` named for its great man (甚至以合肥为可杀, 公祭高阳师), not the place, nor
    the county of the man named after it (合肥李文忠公, 合肥李公)."""
    if at and (text[at - 1] in _BEFORE_A_PLACE or word_tag(text[max(0, at - 2) : at]) == "ns"):
        return False
    return text[at + 2 : at + 3] not in _AFTER_A_PLACE and not _SURNAME_GONG_AFTER.match(text, at + 2)


def _names_here(text: str, start: int, end: int, entries: dict[NameEntry, None]) -> bool:
    """Whether a bare listed name (no surname before it) names its person at this place.

    Not a 谥 alone: 谥 are made of virtue words (忠节, 文正, 忠武) that prose uses as such
    (史氏忠节专祠); with a surname or 公 they name (罗忠节公, 胡文忠).  Not a 字 or 号 whose first
    character ends a word with the one before it (各省三品).  Not a 字 or 号 that is also a
    place's name, after a verb of going and before a clause's end (送至罗山。).  Not a 字 or 号 that
    the dictionary knows as an adverb, before what it qualifies (皆欣然允诺: 向荣's 字 欣然).  Not a given name
    without its surname that begins a four-character word of the dictionary (云飞雨散, an idiom of
    parting, holds 葛云飞's 云飞)."""
    types = {e.name_type for e in entries}
    if types == {"posthumous"}:
        return text[end : end + 1] == "公"
    if types == {"full"} and end - start == 2 and len(text) >= start + 4 and word_tag(text[start : start + 4]) != "x":
        return any(to_simplified(e.person_name) == text[start:end] for e in entries)  # 裕谦: a whole name
    if types <= INITIAL_TYPES and _ends_a_word(text, start):  # 各省三品: 省 ends 各省, it begins no 省三
        return False
    if types <= INITIAL_TYPES and start and text[start - 1] in _TO_A_PLACE:
        return end < len(text) and text[end] not in _CLAUSE_ENDS
    if types <= INITIAL_TYPES and dictionary_tag(text[start:end]) in _ADVERB_TAGS:  # 皆欣然允诺: "gladly"
        return end == len(text) or text[end] in _CLAUSE_ENDS
    return True


_NAME_CHAR = re.compile(NAME_CHAR_CLASS)
# What a list of kin or a clause of company puts before a 字 and a kin term (嘉言兄、翰香弟; 偕翰香弟): a clause's
# start is not enough (，换鸿儿, ，知沅弟: a verb and an initial's kin form).
_BEFORE_ZI_AND_KIN = frozenset("、偕与及暨并同")
# Verbs that stand right before an initial's kin form (与沅弟, 及澄弟): no 字 begins with them.
_VERBS_BEFORE_KIN = frozenset("致寄谕禀复答与及并偕同和暨接得见晤候送请嘱托")


def _ends_a_zi_before_kin(text: str, suffix_at: int) -> bool:
    """翰香弟, 应文弟: the character before the initial opens a list's item or follows a verb of company (、, 偕, 与
    …), so the two are a 字 and the kin term follows it (嘉言兄、翰香弟 are his brothers 嘉言 and 翰香), not 香弟
    (张之洞's 香涛)."""
    at = suffix_at - 2
    return (
        at >= 1
        and text[suffix_at] in KIN_SUFFIXES
        and text[at - 1] in _BEFORE_ZI_AND_KIN
        and text[at] not in _VERBS_BEFORE_KIN
        and _NAME_CHAR.match(text, at) is not None
    )


def _ends_a_word(text: str, at: int) -> bool:
    """The character at ``at`` ends a word the segmenter knows with the one before it (其时, 各省):
    it belongs to that word, and a 字 or a 字's initial does not start there."""
    return at > 0 and word_tag(text[at - 1 : at + 1]) != "x"


def _found(start: int, end: int, entries: dict[NameEntry, None]) -> Found:
    first = next(iter(entries))
    if all(e.person_id == first.person_id for e in entries):  # stops at a second person: names have hundreds
        return Found(start, end, first.name_type, "gazetteer", SCORE,
                     person_id=first.person_id, person_name=first.person_name)  # fmt: skip
    return Found(start, end, first.name_type, "gazetteer", AMBIGUOUS_SCORE)
