"""Property: a year written as reign + number + 干支 (or reign + 干支) reads back as that year."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.unit.nlp_dates.test_reigns import MING_QING, ganzhi
from zhiren.nlp.dates import find_dates, parse_date
from zhiren.nlp.dates.numerals import parse_number, to_chinese


@st.composite
def reign_year(draw: st.DrawFn) -> tuple[str, int, int, int]:
    reign, first, last = draw(st.sampled_from(MING_QING))
    year = draw(st.integers(first, last))
    return reign, first, last, year


@settings(max_examples=300, deadline=None)
@given(reign_year())
def test_reign_number_ganzhi_round_trip(case: tuple[str, int, int, int]) -> None:
    reign, first, _last, year = case
    number = year - first + 1
    written = f"{reign}{'元' if number == 1 else to_chinese(number)}年{ganzhi(year)}"
    parsed = parse_date(written)
    assert parsed.year == year and not parsed.warnings and parsed.error is None


@settings(max_examples=300, deadline=None)
@given(reign_year())
def test_reign_ganzhi_round_trip(case: tuple[str, int, int, int]) -> None:
    reign, first, last, year = case
    parsed = parse_date(f"{reign}{ganzhi(year)}年", near_year=year)
    assert parsed.year == year
    assert parsed.reign_year == year - first + 1 and year <= last


@settings(max_examples=200, deadline=None)
@given(reign_year(), st.integers(1, 12), st.integers(1, 29))
def test_day_dates_are_ordered_within_a_year(case: tuple[str, int, int, int], month: int,
                                             day: int) -> None:
    reign, first, _last, year = case
    number = to_chinese(year - first + 1)
    earlier = parse_date(f"{reign}{number}年{to_chinese(month)}月初一日")
    later = parse_date(f"{reign}{number}年{to_chinese(month)}月{to_chinese(day)}日")
    assert earlier.date is not None and later.date is not None
    assert earlier.date <= later.date


@given(st.integers(1, 99))
def test_numerals_round_trip(number: int) -> None:
    assert parse_number(to_chinese(number)) == number


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="康熙乾隆元年二十三甲子乙巳已月闰又初日时申寒电明代 （未祥）", max_size=30))
def test_find_dates_never_raises(text: str) -> None:
    for mention in find_dates(text):
        assert text[mention.start:mention.end] == mention.text
