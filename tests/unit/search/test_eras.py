"""Dynasty, reign-era and decade facets: a date's, and every one a person lived in."""

from __future__ import annotations

from zhiren.authority.model import HistDate, Person, PersonRecord, Precision
from zhiren.store.search.entries import person_entry
from zhiren.store.search.eras import era, life_eras, reign_year_text


def year(value: int, text: str | None = None) -> HistDate:
    return HistDate(text or str(value), value, precision=Precision.YEAR)


def test_a_date_is_of_its_reign_by_text_or_by_year() -> None:
    assert era(HistDate("光绪二十二年四月初五日", 1896, 5, 17)) == ("清", "光绪")
    assert era(year(1844)) == ("清", "道光") and era(year(1916)) == ("中华民国", "民国")


def test_a_western_year_is_written_as_the_one_reign_that_counted_it() -> None:
    written = {y: reign_year_text(y) for y in (1837, 1875, 1906, 1908, 1909, 1912, 1916, 1644, 1950, 1300)}
    assert written == {
        1837: "道光十七年",
        1875: "光绪元年",  # the first year is 元年
        1906: "光绪三十二年",
        1908: "光绪三十四年",  # 光绪 died that year; 宣统 counted from the next
        1909: "宣统元年",
        1912: "民国元年",
        1916: "民国五年",
        1644: None,  # 崇祯十七年 and 顺治元年
        1950: None,  # outside the Ming–Qing–Republic line
        1300: None,
    }


def test_a_person_is_of_every_reign_lived_under() -> None:
    facets = person_entry(PersonRecord(Person("p", "盛宣怀", birth=year(1844), death=year(1916)), [], [], [])).facets
    assert facets["era"] == ["道光", "咸丰", "同治", "光绪", "宣统", "民国"]  # not only 道光 and 民国
    assert facets["dynasty"] == ["清", "中华民国"]
    assert facets["decade"] == ["1840s", "1850s", "1860s", "1870s", "1880s", "1890s", "1900s", "1910s"]


def test_one_known_end_or_an_impossible_span_gives_the_ends_only() -> None:
    assert [e for _, e in life_eras(year(1844), None)] == ["道光", None]
    assert [e for _, e in life_eras(None, year(1916))] == [None, "民国"]
    assert [e for _, e in life_eras(year(1644), year(1916))] == ["顺治", "民国"]  # 272 years: a data error
