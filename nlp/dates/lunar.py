"""Chinese lunisolar month/day → Julian Day Number → ISO proleptic-Gregorian date.

The month tables come from tyme4py (6tail's maintained successor of lunar-python, pure
Python, MIT); one lunar year's table is computed once and cached, because the library
builds rich objects per call and a genealogy volume asks for the same years many times.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import lru_cache

from tyme4py.lunar import LunarYear


@dataclass(frozen=True, slots=True)
class LunarMonth:
    """One month of a lunar year: number, leap flag, first day (JDN) and length."""

    month: int
    leap: bool
    first_jdn: int
    days: int


@lru_cache(maxsize=2048)
def months_of(year: int) -> tuple[LunarMonth, ...]:
    """The 12 or 13 months of the lunar year numbered `year` (正月 falls in that Western year).

    A month's length is the gap to the next month's first day (one new-moon computation per
    month instead of two); only the last month asks the library for its length.
    """
    library_months = LunarYear.from_year(year).get_months()
    firsts = [int(m.get_first_julian_day().get_day()) for m in library_months]
    lengths = [b - a for a, b in itertools.pairwise(firsts)]
    lengths.append(library_months[-1].get_day_count())
    return tuple(
        LunarMonth(abs(m.get_month_with_leap()), m.get_month_with_leap() < 0, first, days)
        for m, first, days in zip(library_months, firsts, lengths, strict=True)
    )


def leap_month_of(year: int) -> int:
    """The month number that is doubled by a leap month in this lunar year, 0 if none."""
    return next((m.month for m in months_of(year) if m.leap), 0)


def find_month(year: int, month: int, leap: bool) -> LunarMonth | None:
    """The month, or None when the year has no such (leap) month."""
    return next((m for m in months_of(year) if m.month == month and m.leap == leap), None)


def jdn_to_iso(jdn: int) -> str:
    """ISO 8601 date (proleptic Gregorian, also before 1582) of a Julian Day Number."""
    a = jdn + 32044
    b = (4 * a + 3) // 146097
    c = a - 146097 * b // 4
    d = (4 * c + 3) // 1461
    e = c - 1461 * d // 4
    m = (5 * e + 2) // 153
    day = e - (153 * m + 2) // 5 + 1
    month = m + 3 - 12 * (m // 10)
    year = 100 * b + d - 4800 + m // 10
    return f"{year:04d}-{month:02d}-{day:02d}"
