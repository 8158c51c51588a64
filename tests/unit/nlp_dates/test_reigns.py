"""Every Ming and Qing reign: first and last year, 干支 inside, year past the end, leap months."""

from __future__ import annotations

import pytest

from zhiren.nlp.dates import parse_date
from zhiren.nlp.dates.lunar import leap_month_of
from zhiren.nlp.dates.numerals import to_chinese

# Facts from the standard chronology (not read from our table): reign, 元年, last year.
MING_QING = [
    ("洪武", 1368, 1398), ("建文", 1399, 1402), ("永乐", 1403, 1424), ("洪熙", 1425, 1425),
    ("宣德", 1426, 1435), ("正统", 1436, 1449), ("景泰", 1450, 1457), ("天顺", 1457, 1464),
    ("成化", 1465, 1487), ("弘治", 1488, 1505), ("正德", 1506, 1521), ("嘉靖", 1522, 1566),
    ("隆庆", 1567, 1572), ("万历", 1573, 1620), ("泰昌", 1620, 1620), ("天启", 1621, 1627),
    ("崇祯", 1628, 1644), ("顺治", 1644, 1661), ("康熙", 1662, 1722), ("雍正", 1723, 1735),
    ("乾隆", 1736, 1795), ("嘉庆", 1796, 1820), ("道光", 1821, 1850), ("咸丰", 1851, 1861),
    ("同治", 1862, 1874), ("光绪", 1875, 1908), ("宣统", 1909, 1911),
]
STEMS, BRANCHES = "甲乙丙丁戊己庚辛壬癸", "子丑寅卯辰巳午未申酉戌亥"


def ganzhi(year: int) -> str:
    """干支 of a year, counted from 1984 甲子 (independent of the module under test)."""
    return STEMS[(year - 1984) % 10] + BRANCHES[(year - 1984) % 12]


@pytest.mark.parametrize(("reign", "first", "last"), MING_QING)
def test_first_and_last_year(reign: str, first: int, last: int) -> None:
    assert parse_date(f"{reign}元年").year == first
    length = last - first + 1
    if length > 1:
        assert parse_date(f"{reign}{to_chinese(length)}年").year == last
    past = parse_date(f"{reign}{to_chinese(length + 1)}年")
    assert past.year is None and past.error is not None
    assert past.error.code == "year-out-of-reign"


@pytest.mark.parametrize(("reign", "first", "last"), MING_QING)
def test_ganzhi_inside_reign(reign: str, first: int, last: int) -> None:
    for year in range(first, last + 1):
        parsed = parse_date(f"{reign}{ganzhi(year)}年")
        twins = [y for y in range(first, last + 1) if ganzhi(y) == ganzhi(year)]
        if len(twins) == 1:
            assert parsed.year == year, parsed.to_json()
            assert parsed.reign_year == year - first + 1
        else:  # 康熙壬寅 is 1662 and 1722
            assert parsed.error is not None and parsed.error.code == "ambiguous-year"
            assert parse_date(f"{reign}{ganzhi(year)}年", near_year=year + 5).year == year


@pytest.mark.parametrize(("reign", "first", "last"), MING_QING)
def test_number_and_ganzhi_agree_or_are_flagged(reign: str, first: int, last: int) -> None:
    good = parse_date(f"{reign}元年{ganzhi(first)}")
    assert good.year == first and not good.warnings
    bad = parse_date(f"{reign}元年{ganzhi(first + 1)}")
    assert bad.year == first
    assert "ganzhi-mismatch" in [w.code for w in bad.warnings]


@pytest.mark.parametrize(("reign", "first", "last"), MING_QING)
def test_leap_month_follows_its_month(reign: str, first: int, last: int) -> None:
    leap_years = [y for y in range(first, last + 1) if leap_month_of(y)]
    if not leap_years:  # 泰昌 (1620 only) had none
        missing = parse_date(f"{reign}元年闰五月")
        assert missing.error is not None and missing.error.code == "no-such-leap-month"
        return
    year = leap_years[0]
    month = to_chinese(leap_month_of(year))
    number = to_chinese(year - first + 1) if year > first else "元"
    plain = parse_date(f"{reign}{number}年{month}月初一日")
    leap = parse_date(f"{reign}{number}年闰{month}月初一日")
    assert plain.date and leap.date and leap.leap_month
    gap = _days(leap.date) - _days(plain.date)
    assert gap in (29, 30)
    other = next(m for m in range(1, 13) if m != leap_month_of(year))
    missing = parse_date(f"{reign}{number}年闰{to_chinese(other)}月初一日")
    assert missing.error is not None and missing.error.code == "no-such-leap-month"


def _days(iso: str) -> int:
    from datetime import date

    return date.fromisoformat(iso).toordinal()


@pytest.mark.parametrize(
    ("text", "leap_month"),
    [("天启元年", 2), ("顺治二年", 6), ("顺治十六年", 3), ("乾隆八年", 4), ("光绪二十四年", 3),
     ("光绪二十六年", 8), ("宣统三年", 6), ("同治元年", 8)],
)
def test_known_leap_months(text: str, leap_month: int) -> None:
    year = parse_date(text).year
    assert year is not None and leap_month_of(year) == leap_month
