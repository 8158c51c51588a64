"""The SearchIndex contract: one body per behaviour, run on every search adapter."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import LETTER, SHENG, SHENG_KANG, ZHANG, name, sample_batch
from zhiren.authority.model import (
    Document,
    DocumentKind,
    HistDate,
    Mention,
    MentionRole,
    NameType,
    Person,
    PersonRecord,
    Precision,
)
from zhiren.errors import InputError
from zhiren.store.search.analysis import text_units
from zhiren.store.search.base import IndexEntry, SearchIndex, SearchQuery
from zhiren.store.search.entries import document_entry, person_entry

TRADITIONAL_TEXT = "盛宣懷字杏蓀，號愚齋，江蘇武進人。光緒二十四年督辦鐵路總公司事務。"


def entries() -> list[IndexEntry]:
    batch = sample_batch()
    records = [PersonRecord(p, [n for n in batch.names if n.person_id == p.id], [], []) for p in batch.persons]
    letter = batch.documents[0]
    biography = Document(
        "d_bio",
        DocumentKind.RECORD,
        "盛宣懷傳",
        TRADITIONAL_TEXT,
        date=HistDate("光绪二十四年", 1898, precision=Precision.YEAR),
        collection="传记",
    )
    telegram = Document(
        "d_tel",
        DocumentKind.TELEGRAM,
        "李鸿章致张之洞电",
        "香帅鉴：铁路事宜已悉。鸿。",
        date=HistDate("光绪二十二年", 1896, precision=Precision.YEAR),
        collection="盛宣怀档案",
    )
    return [
        *(person_entry(r) for r in records),
        document_entry(letter, list(batch.mentions)),
        document_entry(biography, []),
        document_entry(telegram, []),
    ]


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


def test_single_character_query_finds_it_ending_a_clause(loaded: SearchIndex) -> None:
    """鉴 in 香帅鉴： starts no bigram; 曰 in 王曰： is the commonest case in classical text."""
    assert ids(loaded, "鉴", type="document") == ["d_tel"]
    assert "d_tel" in ids(loaded, "悉", type="document")


def test_a_single_character_lists_the_bearers_of_that_surname_then_hits_by_field_then_date(
    loaded: SearchIndex,
) -> None:
    """盛 alone: the persons whose preferred name has the surname 盛, the earliest born first (盛康's
    birth is unknown: last); then by where 盛 stands (names, title, text: 5, 3, 1), earliest first —
    李盛铎 (in all three, 1859) before the letter (all three, 1898), the man called 盛三 only by a
    variant name (names), the biography (title and text). Every backend gives the same list and
    scores; for several characters and for the surname romanised too."""
    li = Person("p_li_shengduo", "李盛铎", birth=HistDate("咸丰九年", 1859, precision=Precision.YEAR))
    wang = Person("p_wang", "王三")
    loaded.index(
        [
            person_entry(PersonRecord(li, [name(li.id, "李盛铎", NameType.GIVEN, preferred=True)], [], [])),
            person_entry(
                PersonRecord(
                    wang,
                    [name(wang.id, "王三", NameType.GIVEN, preferred=True), name(wang.id, "盛三", NameType.ALIAS)],
                    [],
                    [],
                )
            ),
        ]
    )
    loaded.refresh()
    result = loaded.search(SearchQuery("盛"))
    assert [(h.id, h.match, h.score) for h in result.hits] == [
        (SHENG, "surnamed", 1009.0),
        (SHENG_KANG, "surnamed", 1009.0),
        (li.id, "text", 9.0),
        (LETTER, "text", 9.0),
        (wang.id, "text", 5.0),
        ("d_bio", "text", 4.0),
    ]
    assert ids(loaded, "盛", type="document", page=2, size=1) == ["d_bio"]
    assert "<mark>盛</mark>" in result.hits[0].snippet
    # characters only, OR-ed: the bearers of either surname first (张之洞 born 1837), then each
    # hit by the fields of every character it holds (the letter: both in all three fields)
    either = loaded.search(SearchQuery("盛 OR 张"))
    assert [(h.id, h.score) for h in either.hits[:5]] == [
        (ZHANG, 1009.0),
        (SHENG, 1009.0),
        (SHENG_KANG, 1009.0),
        (LETTER, 18.0),
        (li.id, 9.0),
    ]
    # the surname romanised, one word: its bearers first as for 盛, then those whose name only begins
    # with a character read sheng (聖 is no surname: a prince of Japan in the DDBC, born before any
    # 盛), then the names holding the syllable
    prince = Person("p_shotoku", "聖德太子", birth=HistDate("敏达天皇三年", 574, precision=Precision.YEAR))
    loaded.index(
        [person_entry(PersonRecord(prince, [name(prince.id, "聖德太子", NameType.GIVEN, preferred=True)], [], []))]
    )
    loaded.refresh()
    romanised = loaded.search(SearchQuery("Sheng", type="person"))
    assert [(h.id, h.match, h.score) for h in romanised.hits] == [
        (SHENG, "surnamed", 1005.0),
        (SHENG_KANG, "surnamed", 1005.0),
        (prince.id, "initial", 505.0),
        (li.id, "text", 5.0),
        (wang.id, "text", 5.0),
    ]
    assert [(h.id, h.match) for h in loaded.search(SearchQuery("圣", type="person")).hits] == [(prince.id, "initial")]


def test_a_character_beside_a_word_ranks_by_fields_alike_on_every_backend(loaded: SearchIndex) -> None:
    """盛 杏荪: the word scores the fields it is in as the character does (BM25 over a prefix and a
    word is two scores the backends compute apart, and they ordered such queries differently): the
    person keyed 盛杏荪 first, then the letter (杏蓀 and 盛 in its text and names, 盛 in its title)
    before the biography (盛 in title and text, 杏蓀 in its text). Same list and scores everywhere."""
    assert [(h.id, h.match, h.score) for h in loaded.search(SearchQuery("盛 杏荪")).hits] == [
        (SHENG, "surnamed", 1014.0),
        (LETTER, "text", 15.0),
        ("d_bio", "text", 5.0),
    ]
    assert [(h.id, h.score) for h in loaded.search(SearchQuery("铁路 OR 盛", type="document")).hits] == [
        (LETTER, 9.0),
        ("d_bio", 5.0),
        ("d_tel", 1.0),
    ]


def test_a_one_character_preferred_name_ranks_first_but_a_one_character_variant_does_not(
    loaded: SearchIndex,
) -> None:
    """忠 is named by the query exactly; 道安, called 安 too (the DDBC's short form of a monk's name),
    is not ranked above the persons surnamed 安 by it."""
    monk = Person("p_zhong", "忠")
    daoan = Person("p_daoan", "道安", birth=HistDate("永嘉六年", 312, precision=Precision.YEAR))
    an = Person("p_an_shigao", "安世高")
    zhongxun = Person("p_zhongxun", "忠寻")
    records = [
        PersonRecord(monk, [name(monk.id, "忠", NameType.GIVEN, preferred=True)], [], []),
        PersonRecord(
            daoan,
            [name(daoan.id, "道安", NameType.GIVEN, preferred=True), name(daoan.id, "安", NameType.ALIAS)],
            [],
            [],
        ),
        PersonRecord(an, [name(an.id, "安世高", NameType.GIVEN, preferred=True)], [], []),
        PersonRecord(zhongxun, [name(zhongxun.id, "忠寻", NameType.GIVEN, preferred=True)], [], []),
    ]
    loaded.index([person_entry(r) for r in records])
    loaded.refresh()
    assert [(h.id, h.match) for h in loaded.search(SearchQuery("忠", type="person")).hits] == [
        (monk.id, "preferred"),
        (zhongxun.id, "initial"),  # 忠 is no surname: his name's first character
    ]
    assert [(h.id, h.match) for h in loaded.search(SearchQuery("安", type="person")).hits] == [
        (an.id, "surnamed"),
        (daoan.id, "text"),
    ]


def test_filters_facets_and_years(loaded: SearchIndex) -> None:
    result = loaded.search(SearchQuery("", type="document", filters={"collection": "盛宣怀档案"}))
    assert {h.id for h in result.hits} == {LETTER, "d_tel"}
    assert dict(result.facets["kind"]) == {"letter": 1, "telegram": 1}
    assert ids(loaded, "", type="document", year_from=1897) == sorted([LETTER, "d_bio"])
    assert ids(loaded, "", type="document", year_to=1896) == ["d_tel"]
    # a person is in a year range his life meets: 盛宣怀 (1844-1916) in the 1890s; 张之洞 (born 1837,
    # no death date) only by his birth year
    assert ids(loaded, "", type="person", year_from=1890, year_to=1899) == [SHENG]
    assert ids(loaded, "", type="person", year_from=1917) == []
    assert ids(loaded, "", type="person", year_to=1840) == [ZHANG]


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
    assert [(s.id, s.name, s.title) for s in loaded.suggest("盛宣")] == [(SHENG, "盛宣怀", "盛宣怀")]
    assert [(s.name, s.title) for s in loaded.suggest("xings")] == [("杏蓀", "盛宣怀")]
    assert [s.id for s in loaded.suggest("xing")] == [SHENG]
    assert [s.id for s in loaded.suggest("Chang Chih")] == [ZHANG]
    assert loaded.suggest("") == []


def test_suggest_puts_the_closest_completions_first_among_many(loaded: SearchIndex) -> None:
    """Sixty persons' names start with 盛 before the one named just 盛杰 is indexed: a prefix
    matching more names than are read still offers the shortest completion first."""
    crowd = [f"盛{a}{b}" for a in "一二三四五六七八九十" for b in "甲乙丙丁戊己"]
    persons = [Person(f"p_crowd{i}", n) for i, n in enumerate(crowd)] + [Person("p_jie", "盛杰")]
    names = {p.id: [name(p.id, p.preferred_name, NameType.GIVEN, preferred=True)] for p in persons}
    loaded.index([person_entry(PersonRecord(p, names[p.id], [], [])) for p in persons])
    loaded.refresh()
    assert [s.name for s in loaded.suggest("盛", limit=3)] == ["盛康", "盛杰", "盛一丁"]


def test_reindexing_replaces_and_delete_removes(loaded: SearchIndex) -> None:
    loaded.index(entries())
    loaded.refresh()
    assert loaded.count() == 7
    loaded.delete(["d_bio", "d_missing"])
    loaded.refresh()
    assert loaded.count() == 6
    assert ids(loaded, "铁路总公司") == []


def test_query_syntax_characters_are_plain_text(loaded: SearchIndex) -> None:
    for query in ("盛*", "(杏荪", "{杏荪}", '杏荪"', "盛宣怀 OR", "OR 盛宣怀", "- 杏荪", "杏荪 AND"):
        assert SHENG in ids(loaded, query), query
    assert ids(loaded, "NEAR(杏荪 盛宣怀)") == []  # NEAR is a word here, found nowhere


NOTHING_TO_SEARCH = [
    '"',
    '""',
    "AND OR NOT",
    "-",
    "，。！？",
    "\u202e\u2066",
    "NOT 杏荪",
    "NOT NOT 杏荪",
    "-杏荪 -盛康",
]


@pytest.mark.parametrize("query", NOTHING_TO_SEARCH)
def test_a_query_with_nothing_to_search_for_is_refused_not_run_unfiltered(loaded: SearchIndex, query: str) -> None:
    with pytest.raises(InputError) as refused:
        loaded.search(SearchQuery(query))
    assert refused.value.field == "q"


XIANGTAO, ZHIWAN = "p_xiangtao", "p_zhiwan"


def more_persons() -> list[IndexEntry]:
    """A person whose preferred name is another's 号 (香涛), and 张之洞's brother 张之万 (one character off)."""
    xiangtao = Person(XIANGTAO, "香涛")
    zhiwan = Person(ZHIWAN, "张之万", native_place="南皮")
    return [
        person_entry(PersonRecord(xiangtao, [name(XIANGTAO, "香涛", NameType.GIVEN, preferred=True)], [], [])),
        person_entry(PersonRecord(zhiwan, [name(ZHIWAN, "张之万", NameType.GIVEN, preferred=True)], [], [])),
    ]


@pytest.fixture
def crowded(loaded: SearchIndex) -> SearchIndex:
    loaded.index(more_persons())
    loaded.refresh()
    return loaded


def test_a_person_named_by_the_query_ranks_above_documents_that_contain_it(loaded: SearchIndex) -> None:
    assert ids(loaded, "杏荪")[0] == SHENG
    assert ids(loaded, "张之洞")[0] == ZHANG
    result = loaded.search(SearchQuery("杏荪"))
    assert result.hits[0].match == "name" and {h.match for h in result.hits[1:]} == {"text"}


def test_preferred_name_beats_variant_and_exact_beats_partial(crowded: SearchIndex) -> None:
    result = crowded.search(SearchQuery("香涛", type="person"))
    assert [(h.id, h.match) for h in result.hits] == [(XIANGTAO, "preferred"), (ZHANG, "name")]
    assert ids(crowded, "盛康", type="person") == [SHENG_KANG]
    assert ids(crowded, "盛", type="person")[:2] != []


def test_surname_with_courtesy_or_art_name_finds_the_person(crowded: SearchIndex) -> None:
    for query, person in [
        ("盛杏荪", SHENG),
        ("盛杏蓀", SHENG),
        ("张香涛", ZHANG),
        ("張香濤", ZHANG),
        ("盛愚斋", SHENG),
        ("Sheng Xingsun", SHENG),
        ("Sheng Hsing-sun", SHENG),
    ]:
        result = crowded.search(SearchQuery(query))
        assert result.hits and result.hits[0].id == person and result.hits[0].match == "surnamed", query


def test_a_title_without_the_surname_finds_the_bearer_whose_initial_it_holds(loaded: SearchIndex) -> None:
    """Letters address 张之洞 (香涛) as 香帅, the title 张香帅 without the surname: he ranks above the
    telegram that writes it. 盛宫保 without the surname is 宫保, an office many held: no key."""
    batch = sample_batch()
    zhang = next(p for p in batch.persons if p.id == ZHANG)
    names = [*(n for n in batch.names if n.person_id == ZHANG), name(ZHANG, "张香帅", NameType.TITLE)]
    loaded.index([person_entry(PersonRecord(zhang, names, [], []))])
    loaded.refresh()
    result = loaded.search(SearchQuery("香帅"))
    assert [(h.id, h.match) for h in result.hits] == [(ZHANG, "surnamed"), ("d_tel", "text")]
    assert {h.id: h.match for h in loaded.search(SearchQuery("宫保")).hits}[SHENG] == "text"


@pytest.mark.parametrize(
    "query",
    [
        "盛宣懷",
        "Sheng Xuanhuai",
        "sheng xuan huai",
        "shengxuanhuai",
        "Shèng Xuānhuái",
        "sheng1 xuan1 huai2",
        "Sheng Hsuan-huai",
        "SHENG HSUAN HUAI",
        "Sheng Hsüan-huai",
        "shenghsuanhuai",
    ],
)
def test_romanisations_with_or_without_spaces_tones_and_hyphens(loaded: SearchIndex, query: str) -> None:
    result = loaded.search(SearchQuery(query))
    assert result.hits[0].id == SHENG and result.hits[0].match == "preferred", query


def test_one_wrong_character_finds_the_person_below_exact_hits_and_suggests_the_name(crowded: SearchIndex) -> None:
    typo = crowded.search(SearchQuery("盛宣杯"))
    assert [(h.id, h.match) for h in typo.hits] == [(SHENG, "similar")]
    assert typo.did_you_mean == "盛宣怀"
    exact = crowded.search(SearchQuery("张之洞"))
    assert exact.hits[0].id == ZHANG and exact.hits[-1].id == ZHIWAN and exact.hits[-1].match == "similar"
    assert exact.did_you_mean is None
    assert ids(crowded, "杏荪X") == [] or SHENG not in ids(crowded, "荪杏")  # two characters: no fuzzy


def test_phrases_and_boolean_operators(loaded: SearchIndex) -> None:
    assert ids(loaded, '"铁路总公司"') == ["d_bio"]
    assert ids(loaded, '"铁路 总公司"') == ["d_bio"]  # spaces inside a phrase between Chinese characters
    assert ids(loaded, "“铁路总公司”") == ["d_bio"]
    assert ids(loaded, '"铁 公司"') == []
    assert set(ids(loaded, "铁路", type="document")) == {"d_bio", "d_tel"}
    assert ids(loaded, "铁路 NOT 香帅") == ["d_bio"]
    assert ids(loaded, "铁路 -香帅") == ["d_bio"]
    assert ids(loaded, '铁路 -"香帅鉴"') == ["d_bio"]
    assert set(ids(loaded, "香帅 OR 总公司")) == {"d_bio", "d_tel"}
    assert ids(loaded, "香帅 OR 总公司 事宜") == ["d_tel"]
    assert set(ids(loaded, "铁路 and 香帅")) == set()  # lower-case "and" is a word


def test_facets_dynasty_era_native_place_and_surname(loaded: SearchIndex) -> None:
    persons = loaded.search(SearchQuery("", type="person"))
    assert dict(persons.facets["surname"]) == {"盛": 2, "张": 1, "李": 1}
    assert dict(persons.facets["native_place"]) == {"武进": 1}
    # 盛宣怀 (1844–1916) is of every reign he lived under; the other (birth only) of 道光
    assert dict(persons.facets["era"]) == {"道光": 2, "咸丰": 1, "同治": 1, "光绪": 1, "宣统": 1, "民国": 1}
    assert dict(persons.facets["dynasty"]) == {"清": 2, "中华民国": 1}
    assert ids(loaded, "", type="person", filters={"native_place": "武进"}) == [SHENG]
    assert ids(loaded, "", type="person", filters={"surname": "盛", "era": "民国"}) == [SHENG]
    assert ids(loaded, "", type="person", filters={"era": "光绪"}) == [SHENG]
    documents = loaded.search(SearchQuery("", type="document", filters={"era": "光绪"}))
    assert documents.total == 3 and dict(documents.facets["dynasty"]) == {"清": 3}


def test_past_the_last_page_is_empty_with_the_same_total(loaded: SearchIndex) -> None:
    result = loaded.search(SearchQuery("", page=3, size=4))
    assert result.total == 7 and result.hits == []


def test_text_analysed_ahead_is_indexed_as_given(search: SearchIndex) -> None:
    """An ingest analyses document texts in its extraction workers; the adapter indexes those units."""
    letter = Document("d_ahead", DocumentKind.LETTER, "函", "铁路借款")
    search.index([document_entry(letter, [], text_units=text_units("铁路借款事宜"))])
    search.refresh()
    assert ids(search, "事宜", type="document") == ["d_ahead"]
    assert ids(search, "借款", type="document") == ["d_ahead"]


def test_a_romanised_name_is_highlighted_in_chinese(loaded: SearchIndex) -> None:
    """The texts hold no Latin: the Han names of the persons a romanised query names are marked."""
    letter = Document("d_roman", DocumentKind.LETTER, "致函", "昨晤盛宣懷，言铁路事。")
    mention = Mention("m_roman", "d_roman", 2, 5, "盛宣懷", SHENG)
    loaded.index([document_entry(letter, [mention])])
    loaded.refresh()
    for query in ("Sheng Hsuan-huai", "shengxuanhuai"):
        hits = {h.id: h for h in loaded.search(SearchQuery(query)).hits}
        assert "<mark>盛宣怀</mark>" in hits[SHENG].snippet, query
        assert "<mark>盛宣懷</mark>" in hits["d_roman"].snippet, query


def test_a_romanised_name_highlights_the_person_s_other_names_too(loaded: SearchIndex) -> None:
    """A letter to 盛宣怀 (the catalogue says) names him by his 字 only: "Sheng Hsuan-huai" marks 杏荪."""
    letter = Document("d_courtesy", DocumentKind.LETTER, "致函", "杏荪仁兄阁下：铁路事宜已悉。")
    mentions = [
        Mention("m_courtesy", "d_courtesy", 0, 2, "杏荪", SHENG),
        Mention("m_catalogue", "d_courtesy", -1, -1, "盛宣怀", SHENG, role=MentionRole.RECIPIENT),
    ]
    loaded.index([document_entry(letter, mentions)])
    loaded.refresh()
    hits = {h.id: h for h in loaded.search(SearchQuery("Sheng Hsuan-huai")).hits}
    assert "<mark>杏荪</mark>仁兄" in hits["d_courtesy"].snippet


def test_a_romanised_name_highlights_the_short_forms_the_person_is_keyed_by(loaded: SearchIndex) -> None:
    """A letter signed 宣怀 (名 without the surname) or naming 盛杏荪 (surname + 字): neither is a
    stored name, both are the person's keys, and "Sheng Hsuan-huai" marks them."""
    letter = Document("d_signed", DocumentKind.LETTER, "致函", "盛杏荪来电已悉。铁路事宜容再禀。宣怀谨上。")
    sender = Mention("m_sender", "d_signed", -1, -1, "盛宣怀", SHENG, role=MentionRole.SENDER)
    loaded.index([document_entry(letter, [sender])])
    loaded.refresh()
    hits = {h.id: h for h in loaded.search(SearchQuery("Sheng Hsuan-huai")).hits}
    assert "<mark>宣怀</mark>谨上" in hits["d_signed"].snippet
    assert "<mark>盛杏荪</mark>来电" in hits["d_signed"].snippet


QUERY_ALPHABET = '盛宣懷杏荪铁路"“”-() ORNTAD*:^~\\\x00\u202e，。sheng'
QUERY_TEXT = st.text(alphabet=st.sampled_from(list(QUERY_ALPHABET)), max_size=30)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(QUERY_TEXT)
def test_any_query_gives_results_or_a_message_on_every_backend(loaded: SearchIndex, query: str) -> None:
    try:
        result = loaded.search(SearchQuery(query))
    except InputError as refused:
        assert refused.field == "q" and refused.message
    else:
        assert result.total >= len(result.hits)
