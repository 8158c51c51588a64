"""Births, deaths and burial of a line: which date belongs to the person and which to a wife."""

from __future__ import annotations

import re

from zhiren.nlp.dates import DateMention, parse_date
from zhiren.nlp.genealogy.model import LifeEvent, Person, Spouse
from zhiren.nlp.genealogy.patterns import UNKNOWN

_BORN_AFTER = re.compile(rf"^(?:{UNKNOWN})?\s?时?[生诞]")
_BORN_BEFORE = re.compile(r"[生诞]于\s?$|生\s?$")
_DIED_AFTER = re.compile(rf"^(?:{UNKNOWN})?\s?时?\s?(?P<who>公|(?P<surname>\S)?妣)?(?:故|卒|殁|没|终)")
_DIED_BEFORE = re.compile(r"(?:卒|殁|故)于\s?$")
_BURIAL_OF_PERSON = re.compile(r"公妣?[^\s葬]{0,4}葬")
_BURIAL_ANY = re.compile(r"葬")
_BURIAL_END = re.compile(r"有碑|[（(]|[甲乙丙丁庚辛壬癸子丑寅卯辰巳午未申酉戌亥乾坤艮巽]山[^\s]{0,3}向|\s")


def assign_events(person: Person, line: str, dates: list[DateMention]) -> None:
    """Attach each birth or death date to the person or to the spouse whose field it is in."""
    for date in dates:
        owner = _spouse_owning(person.spouses, date.start)
        after, before = line[date.end:date.end + 8], line[max(0, date.start - 3):date.start]
        event = LifeEvent(text=date.text, start=date.start, end=date.end, date=date)
        if _BORN_AFTER.match(after) or _BORN_BEFORE.search(before):
            target = owner if owner is not None else person
            if target.birth is None:
                target.birth = event
            continue
        died = _DIED_AFTER.match(after)
        if died is None and not _DIED_BEFORE.search(before):
            continue
        subject = _death_subject(person, line, dates, date, died)
        if subject.death is None:
            subject.death = _after_birth(event, subject.birth)


TYPICAL_AGE = 40  # an ambiguous death year is placed nearest to birth + this


def _after_birth(death: LifeEvent, birth: LifeEvent | None) -> LifeEvent:
    """A death date whose 干支 fits two years of a reign (康熙壬寅: 1662 or 1722) is read
    again near the subject's own birth year rather than near the previous date."""
    parsed = death.date
    born = birth.date.year if birth and birth.date else None
    if parsed is None or born is None:
        return death
    codes = {w.code for w in parsed.warnings} | ({parsed.error.code} if parsed.error else set())
    if not codes & {"year-from-context", "ambiguous-year"}:
        return death
    again = parse_date(parsed.text, near_year=born + TYPICAL_AGE)
    return LifeEvent(death.text, death.start, death.end, again)


def _spouse_owning(spouses: list[Spouse], position: int) -> Spouse | None:
    """The spouse whose field (from her marker to the next) holds this position."""
    owner = None
    for spouse in spouses:
        if spouse.start <= position:
            owner = spouse
    return owner


def _death_subject(person: Person, line: str, dates: list[DateMention], date: DateMention,
                   died: re.Match[str] | None) -> Person | Spouse:
    """公故 is the person, 刘妣故 the wife surnamed 刘; a bare 故 goes to whoever the clause
    since the previous date names last (妣享寿七十 … 故 is the wife)."""
    if died is not None and died.group("who") == "公":
        return person
    if died is not None and died.group("who"):
        return _spouse_named(person, died.group("surname")) or person
    previous_end = max((d.end for d in dates if d.end <= date.start), default=0)
    clause = line[previous_end:date.start]
    last_gong, last_bi = clause.rfind("公"), clause.rfind("妣")
    if last_bi > last_gong and clause[last_bi - 1:last_bi + 1] != "公妣":
        surname = clause[last_bi - 1] if last_bi > 0 else None
        return _spouse_named(person, surname) or person
    if last_gong >= 0:
        return person
    return _spouse_owning(person.spouses, date.start) or person


def _spouse_named(person: Person, surname: str | None) -> Spouse | None:
    if not person.spouses:
        return None
    named = [s for s in person.spouses if surname and s.surname == surname]
    return named[0] if named else person.spouses[0]  # a bare 妣 is the principal wife


def find_burial(line: str, start: int) -> str | None:
    """Where the person lies: the place after the first 公…葬 (or 葬), orientation cut off."""
    match = _BURIAL_OF_PERSON.search(line, start) or _BURIAL_ANY.search(line, start)
    if match is None:
        return None
    rest = line[match.end():match.end() + 40]
    end = _BURIAL_END.search(rest)
    place = rest[: end.start()] if end else rest
    return place.strip("（）()") or None
