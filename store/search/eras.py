"""Dynasty and reign-era (年号) facet values of a date, from its reign text or its Western year.

A date written 光绪二十二年四月初五日 is of 光绪 (清); a bare year is placed in the reign of the
Ming or Qing line that counted it (1844 → 道光), in 民国 from 1912 to 1949, and earlier only in
its dynasty when one dynasty of the main line held it. A person is of every reign lived under
(:func:`life_eras`): 盛宣怀 (1844–1916) of 道光 to 民国, so filtering persons by 光绪 finds him.
A bare year is also written as that line counted it (:func:`reign_year_text`: 1906 → 光绪三十二年).
"""

from __future__ import annotations

from functools import cache

from zhiren.authority.model import HistDate
from zhiren.nlp.dates.numerals import to_chinese
from zhiren.nlp.dates.reigns import Reign, dynasty_index, reign_index, reigns_named
from zhiren.nlp.script import to_simplified

# The main line of dynasties for years without reign text; overlapping states are left out.
_MAIN_LINE = ("秦汉", "三国", "隋", "唐", "五代", "宋", "元", "明", "清")
_REIGN_LINES = ("明", "清", "中华民国")


@cache
def _line_reigns() -> tuple[Reign, ...]:
    """Reigns of the Ming, Qing and Republic lines, latest first (1644 is 顺治's, not 崇祯's)."""
    found = {r for reigns in reign_index().values() for r in reigns if r.dynasty in _REIGN_LINES}
    found = {r for r in found if r.name != "中华民国" and r.last_year - r.first_year < 100}
    return tuple(sorted(found, key=lambda r: -r.first_year))


def _reign_in_text(text: str) -> Reign | None:
    simplified = to_simplified(text.strip())
    for size in (4, 3, 2):
        reigns = reigns_named(simplified[:size])
        if len(reigns) == 1:
            return reigns[0]
    return None


def _reign_of_year(year: int) -> Reign | None:
    return next((r for r in _line_reigns() if r.first_year <= year <= r.last_year), None)


def reign_year_text(year: int) -> str | None:
    """The Western year as the Ming–Qing–Republic line counted it, the usual equivalence of
    reference tables (1906 → 光绪三十二年, 1875 → 光绪元年, 1916 → 民国五年), when one reign alone
    counted it; None for a year two reigns share (1644: 崇祯十七年 and 顺治元年) and for years
    outside the line (before 1368)."""
    counted = [r for r in _line_reigns() if r.first_year <= year <= r.last_year]
    if len(counted) != 1:
        return None
    reign_year = year - counted[0].first_year + 1
    return f"{counted[0].name}{'元' if reign_year == 1 else to_chinese(reign_year)}年"


def _dynasty_of_year(year: int) -> str | None:
    index = dynasty_index()
    held = [name for name in _MAIN_LINE if index[name].first_year <= year <= index[name].last_year]
    return held[0] if len(held) == 1 else None


def era(date: HistDate | None) -> tuple[str | None, str | None]:
    """(dynasty, reign era) of a date; either may be None."""
    if date is None:
        return None, None
    reign = _reign_in_text(date.text) or (_reign_of_year(date.year) if date.year is not None else None)
    if reign is not None:
        return reign.dynasty, reign.name
    return (_dynasty_of_year(date.year) if date.year is not None else None), None


def first_year(field: str, value: str) -> int | None:
    """When a value of a time facet begins, to list the values in time's order: a decade's year
    (1890s), a dynasty's first year, a reign era's (the earliest reign of that name: 建武 is 东汉's
    first); None for any other value or field."""
    if field == "decade":
        return int(value[:-1]) if value[:-1].isdigit() else None
    if field == "dynasty":
        dynasty = dynasty_index().get(value)
        return dynasty.first_year if dynasty else None
    if field == "era":
        return min((r.first_year for r in reigns_named(value)), default=None)
    return None


MAX_LIFE = 120  # years: a longer span between a birth and a death date is a data error, not a life


def life_eras(birth: HistDate | None, death: HistDate | None) -> list[tuple[str | None, str | None]]:
    """(dynasty, reign era) of the birth, of each reign of the Ming–Qing–Republic line that began
    during the life, and of the death, in order; only the known ends when either year is missing."""
    found = [era(birth)]
    start, end = (birth.year if birth else None), (death.year if death else None)
    if start is not None and end is not None and 0 < end - start <= MAX_LIFE:
        begun = sorted((r for r in _line_reigns() if start < r.first_year <= end), key=lambda r: r.first_year)
        found += [(r.dynasty, r.name) for r in begun]
    found.append(era(death))
    return found
