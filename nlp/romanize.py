"""Pinyin and Wade-Giles for person names, for search keys, reconciliation and display.

Surnames are read by a surname table before pypinyin's phrase readings, because many
surname characters have a common reading that is wrong in a name (曾 ceng → zeng,
单 dan → shan).  Input may be traditional or simplified.

Two forms each:
- keys (:func:`pinyin`, :func:`wade_giles`): lowercase syllables separated by spaces,
  ASCII only — Wade-Giles apostrophes and both systems' ü are dropped (ü → u), because
  users and catalogues type them inconsistently;
- display (:func:`display_forms`): "Sheng Xuanhuai" and "Sheng Hsuan-huai", with the
  Wade-Giles aspiration apostrophes kept ("Ch'ien Ta-hsin"), ü kept in pinyin and in
  Wade-Giles only where it distinguishes syllables (Lü, Ch'ü, Yü — but Hsuan, Yuan, as
  catalogues usually write them), given-name syllables joined (pinyin with an
  apostrophe before a, o, e: "Jia'ao").
"""

from __future__ import annotations

from functools import cache
from typing import NamedTuple

from pypinyin import Style, lazy_pinyin

from zhiren.nlp.script import to_simplified

# Compound surnames (复姓) with their readings; checked before single ones.
COMPOUND_SURNAMES: dict[str, tuple[str, str]] = {
    "欧阳": ("ou", "yang"),
    "司马": ("si", "ma"),
    "诸葛": ("zhu", "ge"),
    "上官": ("shang", "guan"),
    "夏侯": ("xia", "hou"),
    "皇甫": ("huang", "fu"),
    "东方": ("dong", "fang"),
    "公孙": ("gong", "sun"),
    "长孙": ("zhang", "sun"),
    "尉迟": ("yu", "chi"),
    "万俟": ("mo", "qi"),
    "单于": ("chan", "yu"),
    "澹台": ("tan", "tai"),
    "令狐": ("ling", "hu"),
    "宇文": ("yu", "wen"),
    "慕容": ("mu", "rong"),
    "司徒": ("si", "tu"),
    "司空": ("si", "kong"),
    "轩辕": ("xuan", "yuan"),
    "端木": ("duan", "mu"),
    "呼延": ("hu", "yan"),
    "南宫": ("nan", "gong"),
    "拓跋": ("tuo", "ba"),
    "独孤": ("du", "gu"),
    "闻人": ("wen", "ren"),
    "钟离": ("zhong", "li"),
    "仲孙": ("zhong", "sun"),
    "濮阳": ("pu", "yang"),
    "公羊": ("gong", "yang"),
}

# Single-character surnames whose surname reading differs from the usual one.
SURNAME_READINGS: dict[str, str] = {
    "曾": "zeng",
    "单": "shan",
    "仇": "qiu",
    "解": "xie",
    "区": "ou",
    "查": "zha",
    "朴": "piao",
    "乐": "yue",
    "缪": "miao",
    "翟": "zhai",
    "盖": "ge",
    "华": "hua",
    "任": "ren",
    "沈": "shen",
    "宿": "su",
    "覃": "qin",
    "秘": "bi",
    "种": "chong",
    "员": "yun",
    "贲": "ben",
    "召": "shao",
    "谌": "chen",
    "隗": "wei",
    "洗": "xian",
    "句": "gou",
    "粘": "nian",
    "祭": "zhai",
    "费": "fei",
    "重": "chong",
    "都": "du",
    "乜": "nie",
    "厍": "she",
    "宓": "fu",
    "车": "che",
    "藏": "zang",
    "卜": "bu",
    "牟": "mou",
    "折": "she",
    "繁": "po",
    "过": "guo",
    "柏": "bai",
    "薄": "bo",
    "阚": "kan",
    "郇": "huan",
    "莘": "shen",
    "能": "nai",
    "曲": "qu",
    "瞿": "qu",
    "尉": "wei",
    "石": "shi",
    "长": "chang",
    "那": "na",
    "燕": "yan",
    "朝": "chao",
    "纪": "ji",
    "葛": "ge",
    "盛": "sheng",
    "参": "can",
    "冯": "feng",
    "亟": "ji",
}

_WG_INITIALS: dict[str, str] = {
    "b": "p", "p": "p'", "m": "m", "f": "f",
    "d": "t", "t": "t'", "n": "n", "l": "l",
    "g": "k", "k": "k'", "h": "h",
    "j": "ch", "q": "ch'", "x": "hs",
    "zh": "ch", "ch": "ch'", "sh": "sh", "r": "j",
    "z": "ts", "c": "ts'", "s": "s",
    "y": "y", "w": "w", "": "",
}  # fmt: skip

# Finals whose Wade-Giles spelling differs regardless of the initial.
_WG_FINALS: dict[str, str] = {
    "ong": "ung",
    "iong": "iung",
    "ian": "ien",
    "ie": "ieh",
    "er": "erh",
    "üe": "üeh",
}

_UMLAUT_AFTER = frozenset({"j", "q", "x", "y"})


def _split_syllable(syllable: str) -> tuple[str, str]:
    for initial in ("zh", "ch", "sh"):
        if syllable.startswith(initial):
            return initial, syllable[2:]
    if syllable[:1] in _WG_INITIALS and syllable[:1] not in "aoe":
        return syllable[:1], syllable[1:]
    return "", syllable


def _wg_syllable(syllable: str) -> str:
    """One toneless pinyin syllable (ü spelled ü) → Wade-Giles with apostrophes and ü."""
    whole = {"zi": "tzu", "ci": "tz'u", "si": "ssu", "yi": "i", "you": "yu", "yan": "yen",
             "ye": "yeh", "yong": "yung", "e": "o", "er": "erh"}  # fmt: skip
    if syllable in whole:
        return whole[syllable]
    initial, final = _split_syllable(syllable)
    if initial in _UMLAUT_AFTER and final.startswith("u"):
        final = "ü" + final[1:]
    if initial in {"zh", "ch", "sh", "r"} and final == "i":
        final = "ih"
    elif (final == "e" and initial in {"g", "k", "h"}) or (final == "uo" and initial not in {"g", "k", "h", "sh"}):
        final = "o"
    elif final == "ui" and initial in {"g", "k"}:
        final = "uei"
    else:
        final = _WG_FINALS.get(final, final)
    return _WG_INITIALS[initial] + final


def _wg_display_syllable(syllable: str) -> str:
    """Keep ü only where it distinguishes (lü/lu, chü/chu, yü/yu): "Hsuan", "Yuan", "chueh"."""
    if syllable.startswith("hs") or syllable.endswith("üeh") or syllable in {"yüan", "yün"}:
        return syllable.replace("ü", "u")
    return syllable


def _ascii_key(text: str) -> str:
    return text.replace("'", "").replace("ü", "u")


class Romanized(NamedTuple):
    """Display forms of one name."""

    pinyin: str
    wade_giles: str


@cache
def _syllables(name: str, has_surname: bool) -> tuple[tuple[str, ...], int]:
    """Toneless pinyin syllables of a name (ü kept) and how many belong to the surname."""
    simplified = to_simplified(name)
    surname: tuple[str, ...] = ()
    if has_surname:
        if simplified[:2] in COMPOUND_SURNAMES:
            surname = COMPOUND_SURNAMES[simplified[:2]]
        elif simplified[:1] in SURNAME_READINGS:
            surname = (SURNAME_READINGS[simplified[:1]],)
    rest = simplified[len(surname) :]
    given = lazy_pinyin(rest, style=Style.NORMAL, v_to_u=True, errors="ignore")
    syllables = surname + tuple(given)
    return syllables, (len(surname) or (1 if has_surname and syllables else 0))


def pinyin(name: str, *, has_surname: bool = True) -> str:
    """Lowercase ASCII pinyin key, syllables separated by spaces: 盛宣怀 → "sheng xuan huai"."""
    return _ascii_key(" ".join(_syllables(name, has_surname)[0]))


def wade_giles(name: str, *, has_surname: bool = True) -> str:
    """Lowercase ASCII Wade-Giles key: 曾国藩 → "tseng kuo fan" (apostrophes and ü dropped)."""
    return _ascii_key(" ".join(_wg_syllable(s) for s in _syllables(name, has_surname)[0]))


def _join_pinyin(syllables: tuple[str, ...]) -> str:
    joined = syllables[0] if syllables else ""
    for syllable in syllables[1:]:
        joined += ("'" if syllable[0] in "aoe" else "") + syllable
    return joined


def display_forms(name: str, *, has_surname: bool = True) -> Romanized:
    """Catalogue display forms: 盛宣怀 → ("Sheng Xuanhuai", "Sheng Hsuan-huai").

    ``has_surname=False`` is for courtesy and art names (字/号), which have no surname.
    """
    syllables, n_surname = _syllables(name, has_surname)
    parts = [syllables[:n_surname], syllables[n_surname:]]
    parts = [p for p in parts if p]
    py = " ".join(_join_pinyin(p).capitalize() for p in parts)
    wg = " ".join("-".join(_wg_display_syllable(_wg_syllable(s)) for s in p).capitalize() for p in parts)
    return Romanized(py, wg)
