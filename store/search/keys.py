"""Whole-name keys: what a query typed as a name is compared with, and how well each match ranks.

A scholar typing a name expects the person first, before documents that merely contain it,
so every person is indexed under the keys of its names, each with a tier:

- ``PREFERRED`` (3): the preferred name, in any script or romanisation (盛宣怀, 盛宣懷, shengxuanhuai);
- ``NAME`` (2): any other name (杏荪, 愚斋, 盛宫保, 文忠);
- ``SURNAMED`` (1): the surname before a 字, 号, 谥号 or 小名 — the commonest form in letters
  (盛杏荪, 张香涛, 李文忠, shengxingsun) — and a 名 of two characters or more without it, as a
  writer signs himself or a friend names him (宣怀, 之洞, xuanhuai); and a title without the
  surname when what stays starts with the initial of the person's 字 or 号, as letters address
  him (香帅 of 张香帅, 张之洞 being 香涛; 蔚翁 of 唐蔚翁, 唐文治 being 蔚芝) — not an office or a
  place that many share (宫保 of 盛宫保, 中堂 of 李中堂), which would rank one holder first;
  and the surname of the preferred name alone, in characters and romanised (盛, sheng; 欧阳,
  ouyang), so a surname query lists the persons who bear it before texts that hold it; a variant
  name's surname is not keyed (an adoptive or lay surname, and the DDBC's 别名 such as 白莲处咸 or
  安 of 道安, would list strangers as bearers);
- ``INITIAL`` (0.5): the first character of a preferred name that starts with no surname we know
  (a monk's 道 of 道安, 聖 of 聖德太子, as the surname facet has it), alone and romanised: such a
  person is listed after the bearers of the surname and before the texts (Sheng: 盛康, 盛宣怀 …,
  then 聖德太子, 勝莊). Half a tier, so that an index made before it keeps its tiers;
- ``TEXT`` (0): no key, a match of the query's words in names, titles or texts;
- ``SIMILAR`` (-1): a Han key of three or more characters with one character masked, so a name
  with one wrong or confusable character (an OCR'd 盛宣杯) still meets 盛宣怀 — after every exact
  and text hit, so 张之洞 lists his letters before his brother 张之万.

Keys are two characters or more, but for a one-character preferred name and a one-character
surname; a one-character variant name (安 of 道安, 什 of 鸠摩罗什) gets none, or it would rank its
bearer above everyone of that surname.

Both backends store the same keys and rank by tier first, then by text relevance, so they agree
(a one-character query by where the character stands instead: ``store.search.query``).
:func:`search_key` is the one folding of a whole name or a whole query: scripts, variants,
width, case, tones (marks or digits), ü/v, spaces, hyphens and apostrophes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from zhiren.nlp.romanize import pinyin, wade_giles
from zhiren.nlp.script import to_simplified
from zhiren.nlp.surnames import surname_length

PREFERRED, NAME, SURNAMED, INITIAL, TEXT, SIMILAR = 3.0, 2.0, 1.0, 0.5, 0.0, -1.0
KEY_TIERS = (PREFERRED, NAME, SURNAMED, INITIAL, SIMILAR)
TIER_LABELS = {
    PREFERRED: "preferred",
    NAME: "name",
    SURNAMED: "surnamed",
    INITIAL: "initial",
    TEXT: "text",
    SIMILAR: "similar",
}
MASK = "?"

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f\u3007]")
_TONE_DIGIT = re.compile(r"(?<=[a-z])[0-5]")
_NOT_LETTER = re.compile(r"[^a-z]")


@lru_cache(maxsize=200_000)
def search_key(text: str) -> str:
    """One key for a whole name or query: folded Han characters, then romanisation letters.

    盛宣懷 → 盛宣怀; "Sheng Hsuan-huai", "shèng xuānhuái", "sheng1 xuan1 huai2" → the joined
    syllables; "Lü", "Lv" → lu (pinyin and Wade-Giles never write v).
    """
    if text.isascii():  # a romanisation: nothing to fold but case, and no Han
        han, latin = "", text.lower()
    else:
        folded = to_simplified(text).lower()
        han = "".join(_HAN.findall(folded))
        latin = "".join(c for c in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(c))
    latin = _NOT_LETTER.sub("", _TONE_DIGIT.sub("", latin)).replace("v", "u")
    return han + latin


@lru_cache(maxsize=200_000)
def _romanised(text: str, pinyin_key: str, wade_giles_key: str, *, has_surname: bool) -> tuple[str, str, str]:
    """(Han key, joined pinyin, joined Wade-Giles) of one name; Latin names have only the first."""
    key = search_key(text)
    if not _HAN.search(text):
        return key, "", ""
    han = "".join(_HAN.findall(key))
    py = pinyin_key or pinyin(han, has_surname=has_surname)
    wg = wade_giles_key or wade_giles(han, has_surname=has_surname)
    return key, search_key(py), search_key(wg)


@lru_cache(maxsize=200_000)
def one_off_keys(key: str) -> tuple[str, ...]:
    """A Han key of 3–6 characters with each character in turn masked (two keys one substitution
    apart share one); shorter keys have none: one wrong character of two is another name. Measured
    on the relevance corpus (2,154 persons), masks of two-character keys would meet 69 % of its
    texts' other bigrams (仁兄, 铁路); kept to homophones of the same tone and asked only when a
    query found nothing, they still answered 81 of 5,580 bigrams absent from it (积德, 大雨, 初一,
    至元 among them, about one in four a likely misspelling), so 杏孙 gets no guess."""
    if not 3 <= len(key) <= 6 or len(_HAN.findall(key)) != len(key):
        return ()
    return tuple(key[:i] + MASK + key[i + 1 :] for i in range(len(key)))


@dataclass(frozen=True)
class NameForKeys:
    """One name of a person as the keys need it."""

    text: str
    takes_surname: bool  # 字, 号, 谥号, 小名: written after the surname in letters (盛杏荪)
    pinyin: str = ""
    wade_giles: str = ""
    given: bool = False  # a 名 (盛宣怀): also keyed without the surname (宣怀)
    title: bool = False  # a title (张香帅): also keyed without the surname when it holds a 字/号 initial (香帅)


def _without_surname(name: NameForKeys, key: str, surname: str, initials: Iterable[str] = ()) -> tuple[str, ...]:
    """The keys of a 名 (or a title) without the person's surname, when two characters or more stay
    (宣怀 and xuanhuai of 盛宣怀; not 谦 of 张谦: one character names too many) and, given
    ``initials``, the rest starts with one of them (香帅 of 张香帅). The romanisations drop the
    surname's syllables (one a character) rather than romanise again: that is most of the cost."""
    given = key[len(surname) :] if key.startswith(surname) else ""
    if len(given) < 2 or len(_HAN.findall(given)) != len(given):
        return ()
    if initials and given[0] not in initials:
        return ()
    romanised = [r.split() for r in (name.pinyin, name.wade_giles) if len(r.split()) == len(key)]
    return (given, *dict.fromkeys(search_key("".join(syllables[len(surname) :])) for syllables in romanised))


def surname_of(preferred: str) -> str:
    """The surname of a Han preferred name (复姓 known), else its first character; "" for Latin names."""
    han = "".join(_HAN.findall(search_key(preferred)))
    if len(han) < 2:
        return ""
    return han[: surname_length(han) or 1]


def person_keys(preferred: str, names: Iterable[NameForKeys]) -> dict[str, float]:
    """Every key of one person with its best tier (a key is stored once, at its highest tier)."""
    names = list(names)
    tiers: dict[str, float] = {}

    def add(key: str, tier: float, *, one_character: bool = False) -> None:
        if (len(key) >= 2 or (one_character and _HAN.fullmatch(key))) and tiers.get(key, SIMILAR - 1) < tier:
            tiers[key] = tier

    preferred_key = search_key(preferred)
    surname = surname_of(preferred)
    add(preferred_key, PREFERRED, one_character=True)
    surname_keys = _romanised(surname, "", "", has_surname=True) if surname else ("", "", "")
    surname_tier = SURNAMED if surname and surname_length(surname) else INITIAL
    for key in surname_keys:  # 盛, sheng (pinyin and Wade-Giles alike here); 张: zhang, chang
        if key:
            add(key, surname_tier, one_character=True)
    stored = next((n for n in names if n.text == preferred and n.pinyin), NameForKeys(preferred, False))
    # the first characters of the 字 and 号 (谥号, 小名): a title holding one is the person's own form
    initials = {key[0] for n in names if n.takes_surname and (key := search_key(n.text)) and _HAN.match(key)}
    for name in [stored, *names]:
        keys = _romanised(name.text, name.pinyin, name.wade_giles, has_surname=not name.takes_surname)
        tier = PREFERRED if keys[0] == preferred_key else NAME
        # a one-character variant (生 of 竺道生) is keyed in no script: its sheng would rank him above
        # every 盛 for the surname's romanisation
        for key in keys if tier == PREFERRED or len(keys[0]) != 1 else ():
            add(key, tier)
        if surname and name.takes_surname and not keys[0].startswith(surname):
            for part, key in zip(surname_keys, keys, strict=True):
                if part and key:
                    add(part + key, SURNAMED)
        if surname and name.given:
            for key in _without_surname(name, keys[0], surname):
                add(key, SURNAMED)
        if surname and name.title and initials:
            for key in _without_surname(name, keys[0], surname, initials):
                add(key, SURNAMED)
    for key in [k for k in tiers if _HAN.match(k)]:
        for masked in one_off_keys(key):
            add(masked, SIMILAR)
    return tiers


def written_keys(keys: Iterable[str]) -> list[str]:
    """The keys a Chinese text may hold as written — Han, no mask: 宣怀 and 盛杏荪, which are no
    stored name — for a romanised query to highlight (the folded text is what snippets match); not
    the surname alone, which would mark every 盛 in a text."""
    return [k for k in keys if len(k) >= 2 and len(_HAN.findall(k)) == len(k)]


def query_keys(query: str) -> tuple[str, ...]:
    """The keys a plain-name query looks up: its own (matching a stored key of any tier) and its
    one-off masks (matching only stored masks); a person ranks by the best tier it matched. One Han
    character is a key too (a surname, or a one-character preferred name); one letter is none."""
    key = search_key(query)
    return (key, *one_off_keys(key)) if len(key) >= 2 or _HAN.fullmatch(key) else ()
