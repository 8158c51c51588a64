"""The head of a person line: given name, father reference (宏衮三子), 字 and 号."""

from __future__ import annotations

import re
from dataclasses import dataclass

from zhiren.nlp.dates import Repair
from zhiren.nlp.dates.numerals import parse_number
from zhiren.nlp.genealogy.patterns import BIRTH_ORDER, CJK, SEP, UNKNOWN

# The father reference ends in 子; OCR gives 孑, 于 or 予 for it, which the head slot repairs.
_HEAD_RE = re.compile(
    rf"^\s*(?P<name>[{CJK}]{{1,4}})[{SEP}]+(?P<ref>[^{SEP}]{{1,8}}?[子孑于予])(?=[{SEP}]|$)"
)
_ORDER_RE = re.compile(r"(十一|十二|长|次|三|四|五|六|七|八|九|十|幼|季)$")
_NAME_STOP = "号配妣娶迁生故葬无"  # ends a 字 glued to following text
_SECOND_STOP = "号配妣娶"  # …but 生 and 故 are common second characters of a 字 (康生)
_STYLE_RE = {marker: re.compile(rf"{marker}(?P<unknown>{UNKNOWN})?(?P<run>[{CJK}]*)")
             for marker in ("字", "号", "谱名")}
# 行三: the person's rank among the cousins of his generation (排行), a numeral after 行.
_RANK_RE = re.compile(
    rf"(?<![{CJK}])行(?P<n>[一二三四五六七八九十百]+)(?![{CJK}])|排行(?P<m>[一二三四五六七八九十百]+)"
)


@dataclass(frozen=True, slots=True)
class FatherReading:
    """One way to read a father reference: the father's name (maybe abbreviated) and order.

    `gong_repair` is set when the reading assumes 子 was written for 公 (祥子四子 → 祥公四子).
    """

    name: str
    order: int | None
    gong_repair: int | None = None


@dataclass(frozen=True, slots=True)
class Head:
    """Name and father reference of a line, with their offsets in the line."""

    name: str
    name_start: int
    ref: str
    ref_start: int
    end: int
    readings: tuple[FatherReading, ...]
    repairs: tuple[Repair, ...] = ()


def starts_person_line(line: str) -> bool:
    """Whether the line opens with 'NAME FATHER…子'."""
    return _HEAD_RE.match(line) is not None


def parse_head(line: str, surname: str | None) -> Head | None:
    """Read 'NAME FATHER…子' at the start of a line; None when the line does not start so."""
    match = _HEAD_RE.match(line)
    if match is None:
        return None
    name, name_start = match.group("name"), match.start("name")
    if surname and len(name) >= 3 and name.startswith(surname):
        name, name_start = name[len(surname):], name_start + len(surname)
    ref, ref_start = match.group("ref"), match.start("ref")
    repairs: tuple[Repair, ...] = ()
    if ref[-1] != "子":
        repairs = (Repair(ref_start + len(ref) - 1, ref[-1], "子", "father-ref-zi"),)
        ref = ref[:-1] + "子"
    return Head(name, name_start, ref, ref_start, match.end(), father_readings(ref), repairs)


def father_readings(ref: str) -> tuple[FatherReading, ...]:
    """Every plausible reading of a father reference, most literal first.

    期长子 is both 期长 (order unknown) and 期 + 长子; the linker keeps the one that fits.
    """
    stem = ref[:-1]  # drop the final 子
    if not stem or stem in ("未详", "未祥"):
        return ()
    readings = [FatherReading(_strip_honorific(stem), None)]
    order = _ORDER_RE.search(stem)
    if order and len(stem) > len(order.group(1)):
        father = stem[: order.start()]
        readings.append(FatherReading(_strip_honorific(father), BIRTH_ORDER[order.group(1)]))
        if father.endswith("子") and len(father) > 1:  # 祥子四子: 子 written for 公
            readings.append(FatherReading(father[:-1], BIRTH_ORDER[order.group(1)], len(father) - 1))
    elif order is None and len(stem) >= 3:  # 宏召代子: an unreadable order character
        readings.append(FatherReading(_strip_honorific(stem[:-1]), None))
    unique = dict.fromkeys(r for r in readings if r.name)
    return tuple(unique)


def _strip_honorific(name: str) -> str:
    """宏太之子 → 宏太, 凤公 → 凤."""
    return name[:-1] if len(name) > 1 and name[-1] in "公之" else name


def read_rank(region: str) -> int | None:
    """排行 written as 行三 or 排行三 in the head region."""
    match = _RANK_RE.search(region)
    return parse_number(match.group("n") or match.group("m")) if match else None


def read_style_name(region: str, marker: str) -> str | None:
    """The 字 (or 号, 谱名) written after `marker` in the head region.

    Courtesy names are one or two characters; text glued after them (字子陵迁居…) is cut.
    """
    match = _STYLE_RE[marker].search(region)
    if match is None or match.group("unknown"):
        return None
    run = match.group("run")
    cut = next((i for i, ch in enumerate(run[:2])
                if ch in (_NAME_STOP if i == 0 else _SECOND_STOP)), len(run))
    return run[: min(cut, 2)] or None
