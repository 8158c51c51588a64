"""Surname + 公 or 君 after a full name (or a surname + 字 linked to its man, 李希庵 … 李公): 江忠源 … 江公
(Mr Jiang) refers back to him, and to the
nearest such name (云南盐道沈寿榕 … 沈君系敝幕沈守之父 is 沈寿榕, not the 沈桂芬 named before him);
so does the first syllable of a Manchu or Mongol name (塔齐布 … 塔公, 琦善 … 琦相, the grand secretary).  A lone
given-name character is a name only as such a back reference (诸葛亮 … 亮曰) or among listed initials (澄、沅、季三弟).

Chronicles name a man fully once (江公忠源, 张亮基) and then call him 江公 or 张公.  On
its own "X公" is too common to trust (尤公至好: "he was especially close"); after a full
name with the same surname in the same document it is a reference to that person.  A
later "S公XY" that the rules read as a new full name (张公专弁: "Zhang sent an officer")
becomes "S公" too when S公XY is not itself a known name, unless a pause or a list's mark
follows it (李公鹤年、英翰公); cut back so, it is no antecedent for the S公 after it (林公赴工效力 …
林公: 林文忠公 named before, not a 林赴工).
"""

from __future__ import annotations

import re
from collections.abc import Container

from zhiren.nlp.found import NAME_CHAR_CLASS, Found
from zhiren.nlp.gazetteer import stands_for_its_man
from zhiren.nlp.honorifics import OFFICE_TITLES, POSTHUMOUS_CHARS
from zhiren.nlp.segment import word_tag
from zhiren.nlp.surnames import SINGLE_SURNAMES, surname_length

SCORE = 0.7
# After "S公XY" a pause or a list's mark says XY was a name (李公鹤年、英翰公); a verb goes on
# from S公 (张公专弁以函致公).
_PAUSES = frozenset("、，。；：等")
_GONG = re.compile("[公君相]")
_ANTECEDENT_TYPES = frozenset({"full", "posthumous"})


def _surname_of(f: Found, folded: str) -> str:
    name = f.normalized or folded[f.start : f.end]
    return name[: surname_length(name)]


def _initial_of(f: Found, folded: str) -> str:
    """The first syllable a Manchu or Mongol name (no Chinese surname) is called by with 公 or 相:
    塔齐布 … 塔公; of two characters only where it is the whole name of the person the gazetteer
    linked (裕谦 … 裕公, 琦善 … 琦相), not a given name without its surname (国藩 of 曾国藩)."""
    name = f.normalized or folded[f.start : f.end]
    whole = len(name) >= 3 or (len(name) == 2 and f.person_name == name)
    return name[0] if whole and f.name_type in {"given", "full"} and not surname_length(name) else ""


def _is_surname_and_style(f: Found, folded: str) -> bool:
    """A surname + 字 or 号 linked to a man of that surname (李希庵, 叶介唐: 李续宜, 叶兆兰): a chronicle calls its
    friends so and then 李公, 叶君, as it does after a full name."""
    text = f.normalized or folded[f.start : f.end]
    return (
        f.name_type in {"courtesy", "art"}
        and f.person_name is not None
        and len(text) >= 3
        and surname_length(text) == 1
        and f.person_name[:1] == text[0]
    )


def _is_name_and_gong(f: Found, folded: str) -> bool:
    """A whole name + 公 (乌兰泰公, 穆彰阿公): an antecedent as the name is (乌兰泰公 … 乌公)."""
    return f.name_type == "title" and folded[f.end - 1 : f.end] == "公" and len(f.normalized or "") >= 3


def surname_references(folded: str, found: list[Found], known: Container[str]) -> list[Found]:
    """The mentions with "S公" references added (and mistaken "S公XY" cut back to "S公")."""
    by_start = sorted(found)
    antecedents: list[tuple[int, str, Found]] = [
        (f.start, _surname_of(f, folded), f)
        for f in by_start
        if (f.name_type in _ANTECEDENT_TYPES or _is_name_and_gong(f, folded) or _is_surname_and_style(f, folded))
        and _surname_of(f, folded)
    ]
    initials = [(f.start, _initial_of(f, folded), f) for f in by_start if _initial_of(f, folded)]
    antecedents = sorted(antecedents + initials, key=lambda a: a[0])  # text order: the nearest is the last
    covered = {i: f for f in by_start for i in range(f.start, f.end)}
    result = list(by_start)
    cut_back: set[Found] = set()  # mistaken S公XY made references: no antecedents any more
    for m in _GONG.finditer(folded):
        gong = m.start()
        pool = antecedents
        if m.group() == "相":  # after a Manchu name's first syllable only (琦相), beginning no word (相见)
            pool = initials if word_tag(folded[gong : gong + 2]) == "x" else []
        for length in (2, 1):
            surname = folded[gong - length : gong] if gong >= length else ""
            earlier = [a for start, s, a in pool if s == surname and start < gong - length and a not in cut_back]
            named_so = surname_length(surname) == length or (length == 1 and not surname_length(surname))
            if surname and named_so and earlier:
                break
        else:
            continue
        start = gong - length
        antecedent = earlier[-1]
        reference = Found(start, gong + 1, "title", "coref", SCORE, normalized=antecedent.normalized
                          or folded[antecedent.start : antecedent.end], person_id=antecedent.person_id,
                          person_name=antecedent.person_name)  # fmt: skip
        current = covered.get(start)
        if current is None and covered.get(gong) is None:
            result.append(reference)
        elif current is not None and current.method == "ner" and (current.start, current.end) == (start, gong + 1):
            result[result.index(current)] = reference  # the model's 沈君 knows no antecedent
        elif (
            current is not None
            and current.start == start
            and current.method == "honorific"
            and current.name_type == "full"
            and current.normalized not in known
            and current.normalized != reference.normalized
            and folded[current.end : current.end + 1] not in _PAUSES
        ):
            result[result.index(current)] = reference
            cut_back.add(current)
        elif (
            current is not None
            and (current.start, current.end, current.method) == (start - 1, gong + 1, "honorific")
            and current.name_type == "title"
            and (current.normalized or folded[current.start : gong]) not in known
        ):
            result[result.index(current)] = reference  # 痛裕公 read as a name 痛裕 + 公: a verb, then 裕公
    return sorted(result)


# Office styles that stand alone for the one man a document names with his surname before them (曾节相 …
# 节相来, 胡宫保 … 宫保得书): a grand secretary's or a Grand Guardian's, which few held at once.
_STYLES_ALONE = ("宫太保", "节相", "宫保", "侯相")
_STYLE_ALONE = re.compile("|".join(_STYLES_ALONE))
# Before or after a style, what makes it the rank conferred, not the man (既晋宫保衔, 加太子少保, 赏宫保).
_RANK_BEFORE = frozenset("晋加赏授赐予给少")
_RANK_AFTER = frozenset("衔")


def style_references(folded: str, found: list[Found]) -> list[Found]:
    """节相, 宫保 alone after the document named one man with his surname before the style (曾节相, 胡宫保):
    a reference to him, read as that surname + style; where men of two surnames bore it before, none."""
    if not _STYLE_ALONE.search(folded):
        return found
    by_start = sorted(found)
    covered = {i for f in by_start for i in range(f.start, f.end)}
    result = list(by_start)
    for m in _STYLE_ALONE.finditer(folded):
        start, end, style = m.start(), m.end(), m.group()
        if start in covered or folded[start - 1 : start] in _RANK_BEFORE or folded[end : end + 1] in _RANK_AFTER:
            continue
        earlier = [f for f in by_start if f.end <= start and _surname_and_style(f, folded, style)]
        if not earlier or len({_surname_of(f, folded) for f in earlier}) > 1:
            continue
        antecedent = earlier[-1]
        result.append(Found(start, end, "title", "coref", SCORE, normalized=folded[antecedent.start : antecedent.end],
                            person_id=antecedent.person_id, person_name=antecedent.person_name))  # fmt: skip
    return sorted(result)


def _surname_and_style(f: Found, folded: str, style: str) -> bool:
    text = folded[f.start : f.end]
    return text.endswith(style) and 0 < surname_length(text) == len(text) - len(style)


def _posthumous_of(f: Found, folded: str) -> str:
    """The 谥 a 谥 + 公 reference names its man by afterwards: 曾文正公 → 文正, 靖节公 → 靖节 (a surname
    or a Manchu name's first syllable before it, or nothing)."""
    text = folded[f.start : f.end]
    title = text[-3:-1]
    if f.name_type not in {"posthumous", "title"} or not text.endswith("公") or len(text) > 5:
        return ""
    return title if len(title) == 2 and set(title) <= POSTHUMOUS_CHARS else ""


def _surname_and_posthumous(f: Found, folded: str) -> str:
    """The 谥 of a surname + 谥 the authority links (程忠烈, 左文襄: 忠烈, 文襄), which a biographer also writes
    alone after it (程忠烈 … 忠烈攻嘉兴遽战死)."""
    text = folded[f.start : f.end]
    if f.name_type != "posthumous" or not f.person_id or len(text) != 3 or text[0] not in SINGLE_SURNAMES:
        return ""
    return text[1:] if set(text[1:]) <= POSTHUMOUS_CHARS else ""


def posthumous_references(folded: str, found: list[Found]) -> list[Found]:
    """The mentions with the 谥 alone added where the document named one man by it with 公 before, or
    with his surname (a linked 程忠烈): 笔记 and chronicles write 曾文正公 once and 文正 after (文正谓之曰),
    胡文忠公 … 文忠, 程忠烈 … 忠烈.  Where two men
    of the document share the 谥 (胡文忠公 and 林文忠公) it stays unread; the model's reading of the
    same two characters, which knows no one behind them, is replaced."""
    named: dict[str, list[Found]] = {}
    for f in sorted(found):
        title = _posthumous_of(f, folded) or _surname_and_posthumous(f, folded)
        if title:
            named.setdefault(title, []).append(f)
    if not named:
        return found
    covered = {i: f for f in found for i in range(f.start, f.end)}
    result = list(found)
    for title, antecedents in named.items():
        for m in re.finditer(title, folded):
            start, end = m.start(), m.end() + (folded[m.end() : m.end() + 1] == "公")
            earlier = {a.normalized or folded[a.start : a.end] for a in antecedents if a.end <= start}
            if len(earlier) != 1:
                continue
            antecedent = max(a for a in antecedents if a.end <= start)
            reference = Found(start, end, "posthumous", "coref", SCORE, normalized=earlier.pop(),
                              person_id=antecedent.person_id, person_name=antecedent.person_name)  # fmt: skip
            current = covered.get(start)
            if current is not None and current.method == "ner" and (current.start, current.end) == (start, end):
                result[result.index(current)] = reference
            elif all(covered.get(i) is None for i in range(start, end)):
                result.append(reference)
            else:
                continue
            covered.update((i, reference) for i in range(start, end))
    return sorted(result)


# What the two characters before a 谥 + 公 are tagged when they may be his county (新宁 ns; 蒲城 nr and
# 归安 x in the dictionary); not a word (请为曾文正公) nor a post (总兵葛壮节公, 侍郎吕文节公).
_COUNTY_TAGS = frozenset({"ns", "nr", "x"})


def _may_be_county(word: str) -> bool:
    return (
        re.fullmatch(f"{NAME_CHAR_CLASS}{{2}}", word) is not None
        and word_tag(word) in _COUNTY_TAGS
        and word not in OFFICE_TITLES
        and surname_length(word) != 2
    )


def county_references(folded: str, found: list[Found]) -> list[Found]:
    """The mentions with a county standing for its man added: a biographer writes the county before a
    谥 + 公 (大学士蒲城王文恪公) and the county alone after (蒲城一见林公, 急诣蒲城之宅), as telegrams write
    合肥 for 李鸿章.  Only a county written so in the same document, and not where it is the place (至蒲城,
    蒲城县, 蒲城诸乡) nor where a name follows it again (蒲城王文恪公 of the title).  Not two characters that
    end another mention (合肥李公以曾文正公: 公以 holds 李公's 公)."""
    starts = {f.start for f in found}
    ends = {f.end for f in found}
    counties: dict[str, Found] = {}
    for f in sorted(found):
        county = folded[f.start - 2 : f.start] if f.start >= 2 else ""
        if _posthumous_of(f, folded) and _may_be_county(county) and f.start - 1 not in ends:
            counties.setdefault(county, f)
    if not counties:
        return found
    covered = {i for f in found for i in range(f.start, f.end)}
    result = list(found)
    for county, man in counties.items():
        normalized = man.normalized or folded[man.start : man.end]
        for m in re.finditer(county, folded):
            start, end = m.start(), m.end()
            if start < man.start or end in starts or covered & {start, end - 1}:
                continue
            if stands_for_its_man(folded, start):
                result.append(Found(start, end, "other", "coref", SCORE, normalized=normalized,
                                    person_id=man.person_id, person_name=man.person_name))  # fmt: skip
    return sorted(result)


# Brothers listed by one character each before the kin term: 澄、沅、季三弟, 沅、季两弟.
_INITIALS = re.compile(f"{NAME_CHAR_CLASS}(?:、{NAME_CHAR_CLASS})+[两二三四五六七八九十]?[弟兄叔]")


def lone_characters(folded: str, found: list[Found]) -> list[Found]:
    """The mentions without the model's one-character names that nothing supports.

    史书 prose names a man once in full and then by his given name (诸葛亮 … 亮曰), and letters
    list brothers by one character (澄、沅、季三弟); elsewhere the model's one character is a
    word (恭报, 事竣, 运司, 奉旨允之, 余以, 尔在外, 湘、淮各军). Kept: a character that is the whole
    given name of a full name found earlier in the document, or one of such a list."""
    initials = (
        {m.start() + i for m in _INITIALS.finditer(folded) for i in range(0, m.end() - m.start(), 2)}
        if any(f.method == "ner" and f.end - f.start == 1 for f in found)  # only they are looked up in it
        else set()
    )
    given_names: dict[str, set[Found]] = {}
    kept = []
    for f in sorted(found):
        name = f.normalized or folded[f.start : f.end]
        if f.method != "ner" or f.end - f.start != 1:
            if f.name_type == "full" and len(name) >= 2:
                given_names.setdefault(name[surname_length(name) :], set()).add(f)
            kept.append(f)
        elif name in given_names:
            kept.append(_as_given_name_of(f, given_names[name], folded))
        elif f.start in initials:
            kept.append(f)
    return kept


# A clause's opening, and the verbs of speech a chronicle puts after a man's bare given name (鼐曰, 鼐因言).
_OPENINGS = frozenset("。，；：！？“”「」\n")
# Particles a clause may open with before its subject (则璈与守谟之谤, 且璈之遏饷, 自璈参劾).
_OPENING_PARTICLES = frozenset("则且而自谓故乃惟唯")
_SPEECH = re.compile("曰|因言|言|谓|对曰|答曰")


def given_name_speakers(folded: str, found: list[Found]) -> list[Found]:
    """The mentions with a one-character given name added where it opens a clause and speaks (鼐因言于文正曰,
    鼐曰 after 陈鼐) or acts (璈性固骄恣, 璈独上言, 且璈之遏饷, 庆恶之 after 刘璈, 宋庆): a chronicle names a man
    in full and then by his 名 alone, as lone_characters keeps the model's such characters; the fast mode has
    no model to find them.  Only the whole given name of one full name found earlier in the document, at a
    clause's opening or after a particle that opens one; before anything but speech, only of a man the
    authority knows (the model reads 李公 as a name, and 公 opens most clauses of a biography) and where the
    character and the next make no word (鼎盛, 超过 are words)."""
    bearers: dict[str, set[Found]] = {}
    for f in found:
        name = f.normalized or folded[f.start : f.end]
        if f.name_type == "full" and len(name) == 2 and surname_length(name) == 1:
            bearers.setdefault(name[1], set()).add(f)
    if not bearers:
        return found
    covered = {i for f in found for i in range(f.start, f.end)}
    added = []
    for char, of in bearers.items():
        for m in re.finditer(re.escape(char), folded):  # a name read in modern text may hold a * or a .
            at = m.start()
            opens = at == 0 or folded[at - 1] in _OPENINGS or folded[at - 1] in _OPENING_PARTICLES
            earlier = {b for b in of if b.end <= at}
            linked = any(b.person_id for b in earlier)  # a man the authority knows, not the model's 李公
            if opens and earlier and at not in covered and _speaks_or_acts(folded, at, linked):
                added.append(_as_given_name_of(Found(at, at + 1, "given", "coref", SCORE), earlier, folded))
    return sorted(found + [f for f in added if f.normalized]) if added else found


def _speaks_or_acts(folded: str, at: int, linked: bool) -> bool:
    """The given name at ``at`` is a clause's subject: speech follows it, or, for a man the authority
    knows, a character that makes no word with it (璈性, 璈独, 庆恶; not 鼎盛) and is no stop."""
    if _SPEECH.match(folded, at + 1):
        return True
    after = folded[at + 1 : at + 2]
    if not linked:
        return False
    return bool(after) and after not in _OPENINGS and after not in "、）)" and word_tag(folded[at : at + 2]) == "x"


def _as_given_name_of(f: Found, bearers: set[Found], folded: str) -> Found:
    """亮 after 诸葛亮, 鼐 after 陈鼐 read as that full name, so it links as he does; not where two full
    names of the document end in that character."""
    names = {b.normalized or folded[b.start : b.end] for b in bearers}
    if len(names) != 1:
        return f
    bearer = max(bearers)
    return f._replace(normalized=names.pop(), person_id=bearer.person_id, person_name=bearer.person_name)
