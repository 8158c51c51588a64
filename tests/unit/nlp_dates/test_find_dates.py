"""find_dates over running text: offsets, 韵目代日, dynasty periods, false friends."""

from __future__ import annotations

import pytest

from zhiren.nlp.dates import find_dates
from zhiren.nlp.dates.yunmu import DAY_CODES


def test_offsets_point_into_the_given_text() -> None:
    text = "必达 之鵾公子 万历二十一年癸巳正月十五日巳时生 妣胡氏 崇正十五年壬午十二月三十日公故"
    mentions = find_dates(text)
    assert [text[m.start:m.end] for m in mentions] == [m.text for m in mentions]
    assert [m.text for m in mentions] == ["万历二十一年癸巳正月十五日巳时", "崇正十五年壬午十二月三十日"]
    assert mentions[0].precision == "hour" and mentions[1].precision == "day"


def test_space_between_reign_and_year() -> None:
    (mention,) = find_dates("康熙 戊辰年九月二十四日申时故")
    assert mention.year == 1688 and mention.reign == "康熙"


def test_bare_ganzhi_placed_near_previous_date() -> None:
    mentions = find_dates("万历癸巳年三月生 配王氏 甲午年十月生")
    assert [m.year for m in mentions] == [1593, 1594]
    assert mentions[1].warnings[0].code == "year-from-context"


@pytest.mark.parametrize(
    "text",
    ["享年六十有二", "公故年二十有八", "葬太平庵前", "兼卯酉三分", "甲子", "明洪武郡庠生", "广东电报局"],
)
def test_not_dates(text: str) -> None:
    assert find_dates(text) == []


@pytest.mark.parametrize(("code", "day"), [("东", 1), ("寒", 14), ("马", 21), ("艳", 29), ("世", 31)])
def test_telegram_day_codes(code: str, day: int) -> None:
    (mention,) = find_dates(f"奉{code}电敬悉。")
    assert (mention.day_code, mention.lunar_day, mention.calendar) == (code, day, "unspecified")


def test_day_code_table_is_complete() -> None:
    assert sorted(set(DAY_CODES.values())) == list(range(1, 32))


def test_telegram_with_month() -> None:
    (mention,) = find_dates("三月寒电")
    assert (mention.lunar_month, mention.lunar_day) == (3, 14)


def test_dynasty_period() -> None:
    (mention,) = find_dates("公於元代自徽移饶州府")
    assert mention.dynasty == "元" and mention.precision == "period" and mention.year_range


def test_never_raises_on_odd_input() -> None:
    for text in ["年年年", "康熙", "（未祥）年（未祥）月", "闰月", "\x00康熙元年\ud7ff", "廿卅年"]:
        for mention in find_dates(text):
            assert mention.to_json()["text"] == mention.text


def test_chronicle_ganzhi_label_and_month_day_without_year() -> None:
    text = "「辛未」嘉庆十六年，公生。公生十月十一日亥时，时竟希公在堂。"
    label, birth = find_dates(text)
    assert (label.text, label.year, label.ganzhi, label.warnings) == ("「辛未」嘉庆十六年", 1811, "辛未", [])
    assert (birth.text, birth.date, birth.precision) == ("十月十一日亥时", "1811-11-26", "hour")  # 曾国藩生
    assert [w.code for w in birth.warnings] == ["year-from-context"]
    wrong = find_dates("「壬申」嘉庆十六年")[0]
    assert [w.code for w in wrong.warnings] == ["ganzhi-mismatch"]


def test_month_day_alone_keeps_month_and_day() -> None:
    (mention,) = find_dates("三月初五日")
    assert (mention.lunar_month, mention.lunar_day, mention.year) == (3, 5, None)
    assert [w.code for w in mention.warnings] == ["year-needs-context"]


def test_western_date_is_one_mention() -> None:
    (mention,) = find_dates("光绪二十四年（1898年6月11日）")[1:]
    assert (mention.text, mention.calendar, mention.date) == ("1898年6月11日", "gregorian", "1898-06-11")


def test_a_period_of_a_dynasty_without_dates_is_not_a_crash() -> None:
    """晋初, 北宋末: the period pattern knows these dynasties, the table does not date them (yet)."""
    assert [m.text for m in find_dates("晋初名士，北宋末年，元代刻本")] == ["元代"]
