"""The SearchIndex contract: one body per behaviour, run on every search adapter."""

from __future__ import annotations

import pytest

from tests.factories import LETTER, SHENG, ZHANG, sample_batch
from zhiren.authority.model import Document, DocumentKind, HistDate, PersonRecord, Precision
from zhiren.store.search.analysis import text_units
from zhiren.store.search.base import IndexEntry, SearchIndex, SearchQuery
from zhiren.store.search.entries import document_entry, person_entry

TRADITIONAL_TEXT = "盛宣懷字杏蓀，號愚齋，江蘇武進人。光緒二十四年督辦鐵路總公司事務。"


def entries() -> list[IndexEntry]:
    batch = sample_batch()
    records = [
        PersonRecord(p, [n for n in batch.names if n.person_id == p.id], [], []) for p in batch.persons
    ]
    letter = batch.documents[0]
    biography = Document("d_bio", DocumentKind.RECORD, "盛宣懷傳", TRADITIONAL_TEXT,
                         date=HistDate("光绪二十四年", 1898, precision=Precision.YEAR), collection="传记")
    telegram = Document("d_tel", DocumentKind.TELEGRAM, "李鸿章致张之洞电", "香帅鉴：铁路事宜已悉。鸿。",
                        date=HistDate("光绪二十二年", 1896, precision=Precision.YEAR), collection="盛宣怀档案")
    return [*(person_entry(r) for r in records), document_entry(letter, list(batch.mentions)),
            document_entry(biography, []), document_entry(telegram, [])]


@pytest.fixture
def loaded(search: SearchIndex) -> SearchIndex:
    search.index(entries())
    search.refresh()
    return search


def ids(index: SearchIndex, q: str, **kw: object) -> list[str]:
    return [h.id for h in index.search(SearchQuery(q, **kw)).hits]  # type: ignore[arg-type]


def test_setup_is_idempotent_and_counts(loaded: SearchIndex) -> None:
    loaded.setup()
    assert loaded.count() == 7


def test_two_character_name_found_in_running_text(loaded: SearchIndex) -> None:
    assert set(ids(loaded, "杏荪", type="document")) == {LETTER, "d_bio"}


def test_simplified_query_finds_traditional_text_and_highlights_it(loaded: SearchIndex) -> None:
    result = loaded.search(SearchQuery("盛宣怀", type="document"))
    assert [h.id for h in result.hits] == ["d_bio", LETTER]  # title and text beat title alone
    assert "<mark>盛宣懷</mark>" in result.hits[0].snippet


def test_phrase_must_be_contiguous(loaded: SearchIndex) -> None:
    assert ids(loaded, "铁路总公司") == ["d_bio"]
    assert ids(loaded, "铁公司") == []


def test_all_terms_must_match(loaded: SearchIndex) -> None:
    assert ids(loaded, "铁路 香帅") == ["d_tel"]


def test_person_found_by_any_name_and_romanisation(loaded: SearchIndex) -> None:
    for query in ("愚斋", "愚齋", "盛宫保", "Sheng Xuanhuai", "Sheng Hsuan-huai", "shengxuanhuai"):
        assert ids(loaded, query, type="person") == [SHENG], query
    assert ids(loaded, "Chang Chih-tung", type="person") == [ZHANG]


def test_single_character_query_matches_as_prefix(loaded: SearchIndex) -> None:
    assert SHENG in ids(loaded, "盛", type="person")


def test_filters_facets_and_years(loaded: SearchIndex) -> None:
    result = loaded.search(SearchQuery("", type="document", filters={"collection": "盛宣怀档案"}))
    assert {h.id for h in result.hits} == {LETTER, "d_tel"}
    assert dict(result.facets["kind"]) == {"letter": 1, "telegram": 1}
    assert ids(loaded, "", type="document", year_from=1897) == sorted([LETTER, "d_bio"])
    assert ids(loaded, "", type="document", year_to=1896) == ["d_tel"]


def test_pagination_is_stable(loaded: SearchIndex) -> None:
    first = loaded.search(SearchQuery("", page=1, size=4))
    second = loaded.search(SearchQuery("", page=2, size=4))
    assert first.total == second.total == 7
    assert len(first.hits) == 4 and len(second.hits) == 3
    assert not {h.id for h in first.hits} & {h.id for h in second.hits}


def test_hits_carry_display_data(loaded: SearchIndex) -> None:
    hit = loaded.search(SearchQuery("杏荪", type="person")).hits[0]
    assert hit.title == "盛宣怀"
    assert hit.data["names"]["字"] == ["杏蓀"]
    assert hit.data["birth"] == {"text": "道光二十四年", "iso": "1844"}


def test_suggest_by_han_pinyin_and_wade_giles(loaded: SearchIndex) -> None:
    assert [(s.id, s.name) for s in loaded.suggest("盛宣")] == [(SHENG, "盛宣怀")]
    assert [s.id for s in loaded.suggest("xing")] == [SHENG]
    assert [s.id for s in loaded.suggest("Chang Chih")] == [ZHANG]
    assert loaded.suggest("") == []


def test_reindexing_replaces_and_delete_removes(loaded: SearchIndex) -> None:
    loaded.index(entries())
    loaded.refresh()
    assert loaded.count() == 7
    loaded.delete(["d_bio", "d_missing"])
    loaded.refresh()
    assert loaded.count() == 6
    assert ids(loaded, "铁路总公司") == []


def test_query_syntax_characters_are_plain_text(loaded: SearchIndex) -> None:
    for query in ('"', "AND OR NOT", "盛*", "(杏荪", "NEAR(a b)", "-"):
        loaded.search(SearchQuery(query))


def test_text_analysed_ahead_is_indexed_as_given(search: SearchIndex) -> None:
    """An ingest analyses document texts in its extraction workers; the adapter indexes those units."""
    letter = Document("d_ahead", DocumentKind.LETTER, "函", "铁路借款")
    search.index([document_entry(letter, [], text_units=text_units("铁路借款事宜"))])
    search.refresh()
    assert ids(search, "事宜", type="document") == ["d_ahead"]
    assert ids(search, "借款", type="document") == ["d_ahead"]
