"""Spouses (配X氏, 配张继朗之女), sons (子N …) and daughters (女N 长适X) of one line."""

from __future__ import annotations

import re

from zhiren.nlp.dates.numerals import parse_number
from zhiren.nlp.genealogy.model import Child, Daughter, Spouse
from zhiren.nlp.genealogy.patterns import (
    BIRTH_ORDER,
    CHILD_NOTE_RE,
    CHILD_NOTES,
    CJK,
    DAUGHTER_ITEM_RE,
    DAUGHTERS_RE,
    SEP,
    SPOUSE_RE,
)

# 江千顷之女: 之 is a particle only right before 女; in 潘公尔之次女 it ends the name 尔之.
_FATHER_SUFFIX = re.compile(r"(?:之女|(?:长|次|三|四|五|六|七|幼)女|女)$")
_STOP_PREFIXES = ("女", "公", "妣", "配", "续配", "续娶", "又配", "又娶", "又续", "再配", "再娶", "再续",
                  "继配", "继娶", "侧室", "庶妣", "娶", "葬", "故", "生", "迁", "适", "后纳", "俱",
                  "合葬", "附葬", "以上")
_GLUE_STOPS = re.compile(r"女[一二三四五六七八九十适]|系|与|字|入祧|承祧|无传|无嗣|远出|远迁|早故|迁|为嗣")
# A note standing alone after a son's name (仲迟 传: a broken 无传), not another son.
_LONE_NOTES = {"传": "no-heir", "无传": "no-heir", "无嗣": "no-heir", "止": "line-ended",
               "（止）": "line-ended", "(止)": "line-ended"}
_BLANKS = re.compile(r"\s|（未[祥详]）|\(未[祥详]\)")
_CLAUSE = re.compile(r"公妣|公故|妣故|公葬|公生")
_TOKEN = re.compile(rf"[{SEP}]*(?P<tok>[^{SEP}]+)")
_NAME_RUN = re.compile(rf"[{CJK}]+")


def find_spouses(line: str, start: int) -> list[Spouse]:
    """Every spouse marker from `start` on (after the line's head), with its description."""
    spouses = []
    for match in SPOUSE_RE.finditer(line, start):
        desc = match.group("desc")
        spouse = Spouse(kind=match.group("kind"), text=match.group(0), start=match.start())
        spouse.surname, spouse.father_name = _spouse_origin(desc)
        spouse.name = f"{spouse.surname}氏" if spouse.surname else None
        spouses.append(spouse)
    return spouses


def _spouse_origin(desc: str) -> tuple[str | None, str | None]:
    """Surname, and father's name for 'X之女' descriptions (place and rank prefixes dropped)."""
    bare = _BLANKS.sub("", desc)
    for suffix in ("孺人", "夫人", "太君", "氏"):
        if bare.endswith(suffix):
            return (bare[-len(suffix) - 1] if len(bare) > len(suffix) else None), None
    father = _FATHER_SUFFIX.sub("", bare).replace("公", "")
    if not father:
        return None, None
    father = father[-3:]
    return father[0], father


def find_sons(line: str, markers: list[re.Match[str]], dates: list[tuple[int, int]],
              masked: list[tuple[int, int]]) -> list[Child]:
    """Sons named after each 子N marker (up to N names), with (殇)/(止)/无传 notes."""
    sons: list[Child] = []
    for marker in markers:
        if _inside(marker.start(), masked):
            continue
        number = marker.group("n") or marker.group("m")
        count = parse_number(number) if number else 1
        sons.extend(_names_after(line, marker.end(), count or 1, dates))
    return sons


def _names_after(line: str, position: int, count: int, dates: list[tuple[int, int]]) -> list[Child]:
    names: list[Child] = []
    while len(names) < count:
        token = _TOKEN.match(line, position)
        if token is None:
            break
        text, start = token.group("tok"), token.start("tok")
        if text.startswith(_STOP_PREFIXES) or any(s <= start < e for s, e in dates):
            break
        if text in _LONE_NOTES and names:
            names[-1].notes.append(_LONE_NOTES[text])
            position = token.end()
            continue
        found = _split_token(text, start)
        if not found:
            break
        names.extend(found[: count - len(names)])
        position = token.end()
    return names


def _split_token(text: str, start: int) -> list[Child]:
    """Names in one token: 德涧德深 and 德超（止）德齐（止） are two names each, 德延女二 is
    德延 followed by the daughters, 必遂系四房… is 必遂 followed by a note."""
    children: list[Child] = []
    position = 0
    while (run_match := _NAME_RUN.match(text, position)) is not None:
        run = run_match.group(0)
        stop = _GLUE_STOPS.search(run, 1)
        if stop is not None:
            run = run[: stop.start()]
        for word in ("无传", "无嗣"):
            run = run.removesuffix(word)
        if not run:
            break
        size = 2 if (len(run) == 4 and run[0] == run[2]) or len(run) > 3 else len(run)
        name = run[:size]
        child = Child(name=name, start=start + position)
        position += size
        while (note := CHILD_NOTE_RE.match(text, position)) is not None:
            child.notes.append(CHILD_NOTES[note.group("mark") or note.group("word")])
            position = note.end()
        children.append(child)
        runs_on = len(run) > 3 and run[0] != run[2]  # 名科老谱已载…: a name, then prose
        if runs_on or (stop is not None and stop.start() <= size):
            break
    return children


def find_daughters(line: str, start: int, dates: list[tuple[int, int]],
                   masked: list[tuple[int, int]]) -> list[Daughter]:
    """Daughters after 女N, each with whom she married (长适X 次适Y); N placeholders if unnamed."""
    daughters: list[Daughter] = []
    for marker in DAUGHTERS_RE.finditer(line, start):
        if _inside(marker.start(), masked):
            continue
        count = parse_number(marker.group("n")) if marker.group("n") else None
        found = []
        position = marker.end()
        while (item := DAUGHTER_ITEM_RE.match(line, position)) is not None:
            order = BIRTH_ORDER.get(item.group("ord") or "") if item.group("ord") else None
            found.append(Daughter(order=order, married_to=_cut_husband(item, dates),
                                  start=item.start("to")))
            position = item.end()
            if item.end() == item.start():
                break
        if count and len(found) == 1 and found[0].order is None:
            found[0].order = 1
        found += [Daughter(order=i + 1, married_to=None, start=marker.start())
                  for i in range(len(found), count or 0)]
        daughters.extend(found)
    return daughters


def _cut_husband(item: re.Match[str], dates: list[tuple[int, int]]) -> str | None:
    """The husband text, cut where a date or a 公/妣 clause runs on (五适江位兑雍正戊申…)."""
    start, end = item.start("to"), item.end("to")
    for date_start, _ in dates:
        if start <= date_start < end:
            end = date_start
    text = item.string[start:end]
    clause = _CLAUSE.search(text)
    if clause:
        text = text[: clause.start()]
    return text or None


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= position < e for s, e in spans)
