"""Dynasty, reign-era and decade facets: a date's, and every one a person lived in."""

from __future__ import annotations

from zhiren.authority.model import HistDate, Person, PersonRecord, Precision
from zhiren.store.search.entries import person_entry
from zhiren.store.search.eras import era, life_eras


def year(value: int, text: str | None = None) -> HistDate:
    return HistDate(text or str(value), value, precision=Precision.YEAR)


def test_a_date_is_of_its_reign_by_text_or_by_year() -> None:
    assert era(HistDate("光绪二十二年四月初五日", 1896, 5, 17)) == ("清", "光绪")
    assert era(year(1844)) == ("清", "道光") and era(year(1916)) == ("中华民国", "民国")


def test_a_person_is_of_every_reign_lived_under() -> None:
    facets = person_entry(PersonRecord(Person("p", "盛宣怀", birth=year(1844), death=year(1916)), [], [], [])).facets
    assert facets["era"] == ["道光", "咸丰", "同治", "光绪", "宣统", "民国"]  # not only 道光 and 民国
    assert facets["dynasty"] == ["清", "中华民国"]
    assert facets["decade"] == ["1840s", "1850s", "1860s", "1870s", "1880s", "1890s", "1900s", "1910s"]


def test_one_known_end_or_an_impossible_span_gives_the_ends_only() -> None:
    assert [e for _, e in life_eras(year(1844), None)] == ["道光", None]
    assert [e for _, e in life_eras(None, year(1916))] == [None, "民国"]
    assert [e for _, e in life_eras(year(1644), year(1916))] == ["顺治", "民国"]  # 272 years: a data error
