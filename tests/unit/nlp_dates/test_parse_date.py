"""parse_date on known historical days, hours, OCR noise and malformed input."""

from __future__ import annotations

import pytest

from zhiren.nlp.dates import parse_date

# Well-attested events with their Chinese and Gregorian dates.
KNOWN_DAYS = [
    ("宣统三年八月十九日", "1911-10-10"),  # 武昌起义
    ("光绪二十四年四月二十三日", "1898-06-11"),  # 明定国是诏
    ("顺治十一年三月十八日", "1654-05-04"),  # 玄烨生
    ("康熙五十年八月十三日", "1711-09-25"),  # 弘历生
    ("崇祯十七年三月十九日", "1644-04-25"),  # 崇祯帝殉国
    ("洪武元年正月初四日", "1368-01-31"),  # 23 Jan 1368 Julian, proleptic Gregorian
]


@pytest.mark.parametrize(("text", "iso"), KNOWN_DAYS)
def test_known_days(text: str, iso: str) -> None:
    parsed = parse_date(text)
    assert parsed.date == iso and parsed.precision == "day" and parsed.error is None


def test_issue_examples() -> None:
    assert parse_date("光绪二十四年三月").to_json() | {} == parse_date("光绪二十四年三月").to_json()
    month = parse_date("光绪二十四年三月")
    assert (month.date, month.precision, month.year) == ("1898-04", "month", 1898)
    day = parse_date("康熙甲辰年四月二十一")
    assert (day.year, day.lunar_month, day.lunar_day, day.precision) == (1664, 4, 21, "day")
    assert parse_date("同治十年").date == "1871"
    assert parse_date("道光十七年丁酉").ganzhi == "丁酉"
    hour = parse_date("生于康熙甲戌年七月十四申时")
    assert (hour.year, hour.hour, hour.hour_span, hour.precision) == (1694, "申时", "15:00-17:00", "hour")


def test_json_shape_keeps_original_text() -> None:
    out = parse_date("大清康熙六年丁未十二月二十七日").to_json()
    assert out["text"] == "大清康熙六年丁未十二月二十七日"
    assert out["dynasty"] == "清" and out["reign"] == "康熙" and out["reign_year"] == 6
    assert out["lunar"] == {"month": 12, "leap": False, "day": 27}
    assert out["date"] == "1668-02-09" and out["calendar"] == "chinese-lunisolar"
    assert out["error"] is None


@pytest.mark.parametrize(
    ("text", "repaired", "rules"),
    [
        ("康熙乙已年入月二平三日", "康熙乙巳年八月二十三日", ["ganzhi-branch", "month-ba", "day-shi"]),
        ("康熙戎申年", "康熙戊申年", ["ganzhi-stem"]),
        ("康熙壬成牛", "康熙壬戌年", ["ganzhi-branch", "nian-after-ganzhi"]),
        ("顺治丙申年三月初一日晨时", "顺治丙申年三月初一日辰时", ["hour-branch"]),
        ("开启甲子年五月", "天启甲子年五月", ["reign-title"]),
        # both misread: 崇正 (崇祯) holds no 乙卯, but 己卯 (1639); no other reading fits either way
        ("祟正乙卯年", "崇正己卯年", ["reign-title", "ganzhi-lookalike-in-reign"]),
        ("康熙甲辰年平二月二十入日戍时", "康熙甲辰年十二月二十八日戌时", ["month-shi", "day-ba", "hour-branch"]),
    ],
)
def test_ocr_confusions_repaired_with_original_kept(text: str, repaired: str, rules: list[str]) -> None:
    parsed = parse_date(text)
    assert parsed.text == text and parsed.normalised == repaired
    assert [r.rule for r in parsed.repairs] == rules
    assert all(text[r.offset] == r.original for r in parsed.repairs)
    assert parsed.year is not None and parsed.error is None


def test_impossible_pair_is_not_repaired() -> None:
    parsed = parse_date("顺治戊己年")
    assert parsed.error is not None and parsed.error.code == "invalid-ganzhi"
    assert parsed.repairs == []


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("康熙七十年", "year-out-of-reign"),
        ("崇祯辛丑年", "ganzhi-not-in-reign"),
        ("乾隆丁酉年闰七月", "no-such-leap-month"),
        ("康熙丁亥年三月三十日", "no-such-day"),
        ("光绪二十二年十三月", "month-out-of-range"),  # issue 19: was read as 光绪二十二年 (1896) alone
        ("光绪二十二年闰十九月初五日", "month-out-of-range"),
        ("至元六年", "ambiguous-year"),
        ("", "unparseable"),
        ("某某年某月", "unparseable"),
    ],
)
def test_malformed_dates_give_error_objects(text: str, code: str) -> None:
    parsed = parse_date(text)
    assert parsed.error is not None and parsed.error.code == code
    assert parsed.to_json()["error"]["code"] == code


def test_an_impossible_month_is_part_of_the_date_it_spoils() -> None:
    """The whole text is the date (none of it left over as unparsed), and the error names the month."""
    parsed = parse_date("光绪二十二年十三月")
    assert parsed.to_json()["text"] == "光绪二十二年十三月" and parsed.warnings == []
    assert parsed.error is not None and parsed.error.details == {"month": 13}


def test_partial_results_survive_errors() -> None:
    short_month = parse_date("康熙丁亥年三月三十日")
    assert (short_month.year, short_month.date, short_month.precision) == (1707, "1707-04", "month")


def test_reused_reign_title_resolved_by_number_or_context() -> None:
    assert parse_date("至元三十年").year == 1293
    assert parse_date("至元六年", near_year=1338).year == 1340
    assert parse_date("元至元二十年").dynasty == "元"


def test_bare_ganzhi_needs_context() -> None:
    alone = parse_date("甲子年")
    assert alone.year is None and [w.code for w in alone.warnings] == ["year-needs-context"]
    assert parse_date("甲子年", near_year=1620).year == 1624


def test_periods() -> None:
    assert parse_date("万历年").year_range == (1573, 1620)
    assert parse_date("康熙（未祥）年").precision == "period"
    ming = parse_date("明")
    assert ming.year_range == (1368, 1644) and ming.precision == "period"


def test_taboo_variant_reign_titles() -> None:
    assert parse_date("崇正十五年").year == 1642
    assert parse_date("宏治元年").year == 1488


def test_reused_title_reads_as_unified_dynasty_with_warning() -> None:
    parsed = parse_date("永乐元年")
    assert parsed.year == 1403 and parsed.dynasty == "明"
    assert [w.code for w in parsed.warnings] == ["reign-title-reused"]
    assert parse_date("前凉永乐元年").year == 346


@pytest.mark.parametrize(
    ("text", "calendar", "iso", "precision"),
    [
        ("1898年6月11日", "gregorian", "1898-06-11", "day"),
        ("一九一一年", "gregorian", "1911", "year"),
        ("光绪24年4月23日", "chinese-lunisolar", "1898-06-11", "day"),
        ("康熙五十二年癸巳岁", "chinese-lunisolar", "1713", "year"),
    ],
)
def test_western_digits_and_years(text: str, calendar: str, iso: str, precision: str) -> None:
    parsed = parse_date(text)
    assert (parsed.calendar, parsed.date, parsed.precision, parsed.error) == (calendar, iso, precision, None)


def test_impossible_western_day() -> None:
    parsed = parse_date("1898年2月30日")
    assert parsed.error is not None and parsed.error.code == "no-such-day" and parsed.date == "1898-02"
