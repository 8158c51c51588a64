"""Each field of a genealogy catalogue record (家谱著录) read into the form the union-catalogue rule compares.

Holding libraries write one edition differently: script (吳/吴), full-width digits, brackets around
supplied data ([桐城]吴氏宗谱), an edition ordinal in the title (重修, 八修), the reign year or the
Gregorian year (清光绪十二年 / 1886年), 卷数 in Chinese or Arabic numerals (十二卷首一卷 / 12卷首1卷),
compiler lists cut short with 等 and followed by their role (吴友谦等纂修).  Reading every field
here means the rule in :mod:`authority.catalogue_match` never looks at a raw string.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from zhiren.nlp.dates import find_dates, parse_date
from zhiren.nlp.dates.numerals import parse_number
from zhiren.nlp.script import to_simplified
from zhiren.nlp.surnames import COMPOUND_SURNAMES, surname_length

_NUMERAL = "0-9〇零一二两三四五六七八九十百千"


def fold(text: str) -> str:
    """Simplified script, half width, lower case, letters and digits only (brackets and punctuation go)."""
    folded = unicodedata.normalize("NFKC", to_simplified(text)).lower()
    return "".join(ch for ch in folded if ch.isalnum())


# --- 题名 (title) ---------------------------------------------------------------------------


class Genre(StrEnum):
    """What a title's generic word says the book covers: one clan, one branch of it, or many branches."""

    CLAN = "clan"  # 宗谱, 族谱, 家谱, 家乘 …: interchangeable names for one clan's genealogy
    BRANCH = "branch"  # 支谱, 房谱, 分谱: one branch (房/支) only, a different work from the clan's
    UNION = "union"  # 统宗谱, 通谱, 会通谱: several clans of one surname joined, again a different work
    OTHER = "other"  # no generic word found


_GENERICS: dict[str, Genre] = {
    **dict.fromkeys(("统宗世谱", "统宗谱", "会通谱", "大同谱", "联宗谱", "通谱", "统谱", "总谱"), Genre.UNION),
    **dict.fromkeys(("支谱", "房谱", "分谱", "支乘", "房乘"), Genre.BRANCH),
    **dict.fromkeys(
        ("宗谱", "族谱", "家谱", "世谱", "家乘", "宗乘", "族乘", "谱牒", "家牒", "世系谱", "世系", "谱"), Genre.CLAN
    ),
}
_GENERIC = re.compile("|".join(sorted(_GENERICS, key=len, reverse=True)))
# Edition words inside a title: 四修/八修 number the edition (compared), 重修/续修 only say "not the first".
_NUMBERED_EDITION = re.compile(rf"([{_NUMERAL}]+)(?:修|续)")
_EDITION_WORDS = re.compile(r"重修|续修|增修|新修|合修|重纂|续纂|重编|续编|增订|重订|[续重]$")
PROVINCE_ABBREVIATIONS: dict[str, str] = {
    "皖": "安徽", "苏": "江苏", "浙": "浙江", "赣": "江西", "湘": "湖南", "鄂": "湖北", "闽": "福建",
    "粤": "广东", "桂": "广西", "鲁": "山东", "晋": "山西", "豫": "河南", "冀": "河北", "蜀": "四川",
    "川": "四川", "黔": "贵州", "滇": "云南", "秦": "陕西", "陇": "甘肃",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class TitleKey:
    """桐城高甸吴氏荣华股八修宗谱 → prefix 桐城高甸, surname 吴, branch 荣华股, ordinal 8, genre clan."""

    surname: str
    genre: Genre
    prefix: str  # the place or choronym before the surname (桐城, 皖桐, 麻溪, 龙溪)
    branch: str  # the branch named between 氏 and the generic word (荣华股, 三房)
    ordinal: int | None  # the numbered edition (四修 → 4)
    rest: str  # what follows the generic word (a 卷数 some catalogues put in the title)

    @property
    def specific(self) -> bool:
        """A title naming a place or branch identifies a clan far better than a bare 吴氏宗谱."""
        return bool(self.prefix or self.branch)


def _without_edition_words(text: str) -> tuple[str, int | None]:
    numbered = _NUMBERED_EDITION.search(text)
    ordinal = parse_number(numbered.group(1)) if numbered else None
    text = _NUMBERED_EDITION.sub("", text)
    return _EDITION_WORDS.sub("", text), ordinal


def title_key(title: str) -> TitleKey:
    """Read a 题名; the last generic word (宗谱, 支谱 …) ends the title proper."""
    text = fold(title)
    generics = list(_GENERIC.finditer(text))
    if generics:
        last = generics[-1]
        head, genre, rest = text[: last.start()], _GENERICS[last.group()], text[last.end() :]
    else:
        head, genre, rest = text, Genre.OTHER, ""
    head, ordinal = _without_edition_words(head)
    at = head.rfind("氏")
    if at > 0:
        size = 2 if head[max(0, at - 2) : at] in COMPOUND_SURNAMES else 1
        surname, prefix, branch = head[at - size : at], head[: at - size], head[at + 1 :]
    elif 0 < len(head) == surname_length(head):
        surname, prefix, branch = head, "", ""
    else:
        surname, prefix, branch = "", head, ""
    return TitleKey(surname, genre, prefix, branch, ordinal, rest)


def prefix_fits_place(prefix: str, place: str) -> bool:
    """Whether a title's prefix names (part of) ``place``: 桐城 or 皖桐 (皖 = 安徽) in 安徽桐城."""
    if not prefix:
        return False
    expanded = PROVINCE_ABBREVIATIONS.get(prefix[0], prefix[0]) + prefix[1:]
    return prefix in place or expanded in place


# --- 谱籍 (clan seat) -----------------------------------------------------------------------

PROVINCES = (
    "黑龙江", "内蒙古", "安徽", "江苏", "浙江", "江西", "湖南", "湖北", "福建", "广东", "广西", "山东", "山西",
    "河南", "河北", "四川", "贵州", "云南", "陕西", "甘肃", "辽宁", "吉林", "台湾", "海南", "宁夏", "青海",
    "新疆", "西藏", "上海", "北京", "天津", "重庆",
)  # fmt: skip
_ADMIN_UNIT = re.compile(r"([^省市县府]+?)([省市县府])")


@dataclass(frozen=True, slots=True)
class PlaceKey:
    """安徽省桐城县 → full 安徽桐城, local 桐城 (the province dropped: libraries give it or not).

    A 谱籍 naming a province only has an empty local part.
    """

    full: str
    local: str

    def tokens(self) -> frozenset[str]:
        """Blocking keys: the character pairs of the local place, so 徽州歙县 meets 歙县."""
        local = self.local
        if len(local) < 2:
            return frozenset({local} - {""})
        return frozenset(local[i : i + 2] for i in range(len(local) - 1))


def _drop_unit(match: re.Match[str]) -> str:
    """安徽省 → 安徽, 桐城县 → 桐城, but 歙县 stays 歙县: a one-character name keeps its unit."""
    name, unit = match.groups()
    return name if len(name) >= 2 else name + unit


def place_key(place: str) -> PlaceKey:
    """Read a 谱籍 (or 地望) into a province-optional key."""
    full = _ADMIN_UNIT.sub(_drop_unit, fold(place))
    province = next((p for p in PROVINCES if full.startswith(p)), "")
    return PlaceKey(full, full[len(province) :])


# --- 堂号 (hall name) -----------------------------------------------------------------------


def hall_key(hall: str) -> str:
    """敦睦堂 and 敦睦 are one hall."""
    return fold(hall).removesuffix("堂")


# --- 版本 (edition) -------------------------------------------------------------------------


class Printing(StrEnum):
    WOODBLOCK = "woodblock"  # 刻本, 刊本
    MOVABLE_TYPE = "movable-type"  # 木活字本
    LEAD_TYPE = "lead-type"  # 铅印本, 排印本
    LITHOGRAPH = "lithograph"  # 石印本
    MANUSCRIPT = "manuscript"  # 抄本, 稿本
    MIMEOGRAPH = "mimeograph"  # 油印本
    MODERN = "modern"  # 打印本, 胶印本
    REPRODUCTION = "reproduction"  # 复印本, 影印本, 缩微品: a copy of another edition


_PRINTINGS: dict[str, Printing] = {
    **dict.fromkeys(("复印", "影印", "缩微", "复制", "翻拍", "照相"), Printing.REPRODUCTION),
    **dict.fromkeys(("木活字", "活字", "聚珍"), Printing.MOVABLE_TYPE),
    **dict.fromkeys(("刻本", "刊本", "刻", "刊"), Printing.WOODBLOCK),
    **dict.fromkeys(("铅印", "铅字", "排印"), Printing.LEAD_TYPE),
    **dict.fromkeys(("石印",), Printing.LITHOGRAPH),
    **dict.fromkeys(("抄本", "钞本", "稿本", "写本", "抄", "钞"), Printing.MANUSCRIPT),
    **dict.fromkeys(("油印",), Printing.MIMEOGRAPH),
    **dict.fromkeys(("打印", "胶印"), Printing.MODERN),
}
_PRINTING = re.compile("|".join(sorted(_PRINTINGS, key=len, reverse=True)))
_BARE_YEAR = re.compile(r"(?<!\d)(1[0-9]{3}|20[0-9]{2})(?!\d)")
_PERIOD = re.compile(r"([\u4e00-\u9fff]{1,2})(?:年)?间")
_HALL_IN_EDITION = re.compile(r"([\u4e00-\u9fff]{1,4}?)堂")


@dataclass(frozen=True, slots=True)
class EditionKey:
    """清光绪二十八年(1902)仁义堂木活字本 → year 1902, hall 仁义, printing movable-type."""

    year: int | None
    span: tuple[int, int] | None  # a period edition (清道光间刻本) when no year is given
    printing: Printing | None
    hall: str  # a hall named in the edition statement, as 中国家谱总目 writes it


@lru_cache(maxsize=65536)
def edition_key(edition: str) -> EditionKey:
    """Read a 版本 statement; the reign year wins over a Gregorian year in brackets (it is the source's)."""
    text = unicodedata.normalize("NFKC", to_simplified(edition))
    year: int | None = None
    span: tuple[int, int] | None = None
    after = text
    dates = [d for d in find_dates(text) if d.year or d.year_range]
    if dates:
        year, span, after = dates[0].year, dates[0].year_range, text[dates[0].end :]
    elif bare := _BARE_YEAR.search(text):
        year, after = int(bare.group(1)), text[bare.end() :]
    elif period := _PERIOD.search(text):
        span, after = parse_date(period.group(1)).year_range, text[period.end() :]
    printings = [_PRINTINGS[m.group()] for m in _PRINTING.finditer(text)]
    printing = Printing.REPRODUCTION if Printing.REPRODUCTION in printings else next(iter(printings), None)
    hall = _HALL_IN_EDITION.search(after)
    return EditionKey(year, None if year else span, printing, hall_key(hall.group(1)) if hall else "")


# --- 卷数 (juan count) ----------------------------------------------------------------------

_JUAN = re.compile(rf"(?:卷?(首|末|附录|附|补遗|续|存|残))?([{_NUMERAL}]+)卷")


@dataclass(frozen=True, slots=True)
class JuanKey:
    """十二卷首一卷末一卷 → main 12, extra 2; 不分卷 → undivided."""

    main: int | None
    extra: int  # 卷首, 卷末, 附录: some libraries count them in the total, some do not
    undivided: bool

    def counts(self) -> frozenset[int]:
        """Every total a cataloguer could have written for this book (十三卷 for 十二卷首一卷)."""
        if self.main is None:
            return frozenset()
        return frozenset({self.main, self.main + self.extra})


def juan_key(juan: str) -> JuanKey:
    """Read a 卷数; 存N卷 (what one library holds) says nothing about the edition and is skipped."""
    text = fold(juan)
    main: int | None = None
    extra = 0
    for match in _JUAN.finditer(text):
        label, number = match.group(1), parse_number(match.group(2))
        if number is None or label in ("存", "残"):
            continue
        if label is None and main is None:
            main = number
        else:
            extra += number
    return JuanKey(main, extra, "不分卷" in text)


# --- 责任者 (compilers) and 始祖/始迁祖 (ancestors) ------------------------------------------

_DYNASTY_MARK = re.compile(r"[(\[（［〔【][^)\]）］〕】]{0,3}[)\]）］〕】]")
_NAME_SEPARATORS = re.compile(r"[、，,;；/\s]+")
# 篡修 is a frequent slip for 纂修 in transcribed catalogues.
_ROLES = re.compile(
    r"(?:纂修|篡修|重修|续修|编修|主修|总修|合修|同修|监修|督修|协修|编纂|纂辑|编辑|主编|编著|重订|撰|纂|修|编|辑|著|订|校)+$"
)
_COLLECTIVE = re.compile(r"族|氏|公修")  # 族人纂修, 合族公修: no person named


def compiler_names(compilers: str) -> frozenset[str]:
    """吴文宫、吴文宪等纂修 → {吴文宫, 吴文宪}: (清) and the role words go, 等 ends the list."""
    text = _DYNASTY_MARK.sub("", to_simplified(unicodedata.normalize("NFKC", compilers)))
    names = set()
    for part in _NAME_SEPARATORS.split(text.split("等")[0]):
        name = fold(part)
        stripped = _ROLES.sub("", name)
        name = stripped if len(stripped) >= 2 else name  # 吴修 is a name, not 吴 + 修
        if len(name) >= 2 and not _COLLECTIVE.search(name) and not _ROLES.fullmatch(name):
            names.add(name)
    return frozenset(names)


_ALIAS = re.compile(r"^(?:字|号|讳|名)")


def ancestor_names(text: str, surname: str) -> frozenset[str]:
    """竞，字宣义，号复初，元代人 → {竞, 宣义, 复初}; a leading clan surname is dropped (吴竞 → 竞)."""
    names = set()
    for number, part in enumerate(re.split(r"[，,;；、。\s]+", to_simplified(text))):
        name = fold(part)
        if _ALIAS.match(name):
            name = name[1:]
        elif number:
            continue  # 行一, 明代人: descriptions, not names
        if surname and name.startswith(surname) and len(name) > len(surname):
            name = name[len(surname) :]
        if name:
            names.add(name)
    return frozenset(names)
