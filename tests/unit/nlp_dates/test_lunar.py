"""Our cached month tables agree with the calendar library month by month."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from tyme4py.lunar import LunarYear

from zhiren.nlp.dates.lunar import jdn_to_iso, months_of


@settings(max_examples=40, deadline=None)
@given(st.integers(1368, 1911))
def test_month_table_matches_library(year: int) -> None:
    expected = [(abs(m.get_month_with_leap()), m.get_month_with_leap() < 0,
                 int(m.get_first_julian_day().get_day()), m.get_day_count())
                for m in LunarYear.from_year(year).get_months()]
    assert [(m.month, m.leap, m.first_jdn, m.days) for m in months_of(year)] == expected


def test_julian_day_numbers_to_iso() -> None:
    assert jdn_to_iso(2451545) == "2000-01-01"
    assert jdn_to_iso(2299161) == "1582-10-15"  # first day of the Gregorian reform
    assert jdn_to_iso(2299160) == "1582-10-14"  # proleptic Gregorian, not Julian 10-04
