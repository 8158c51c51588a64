"""The resolver's evidence rules on a tiny real-shaped authority (embedded store)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from tests.factories import LI, SHENG, SHENG_KANG, ZHANG, name, sample_batch
from zhiren.authority.model import HistDate, Name, NameType, Person, Precision
from zhiren.authority.resolver import MentionContext, Resolver, document_year
from zhiren.store.graph.base import GraphBatch
from zhiren.store.graph.sqlite import SqliteGraphStore


@pytest.fixture
def resolver(tmp_path: Path) -> Iterator[Resolver]:
    graph = SqliteGraphStore(tmp_path / "g.sqlite")
    graph.migrate()
    graph.write(sample_batch())
    twin = Person("p_li_twin", "李鸿章", birth=HistDate("1950", 1950, precision=Precision.YEAR))
    graph.write(GraphBatch(persons=[twin], names=[name(twin.id, "李鸿章", NameType.GIVEN, preferred=True)]))
    yield Resolver(graph)
    graph.close()


def test_a_unique_courtesy_name_with_fitting_dates_links(resolver: Resolver) -> None:
    result = resolver.resolve(MentionContext("杏荪", "courtesy", year=1898))
    assert (result.decision, result.person_id) == ("link", SHENG)
    assert result.candidates[0].features["life_dates"] > 0


def test_surname_before_a_courtesy_name(resolver: Resolver) -> None:
    result = resolver.resolve(MentionContext("盛杏荪", "full", year=1898))
    assert result.person_id == SHENG and result.decision == "link"


def test_homonyms_are_told_apart_by_dates_or_left_for_review(resolver: Resolver) -> None:
    bare = resolver.resolve(MentionContext("李鸿章", "full"))
    assert bare.decision == "review" and {c.person_id for c in bare.candidates} == {LI, "p_li_twin"}
    dated = resolver.resolve(MentionContext("李鸿章", "full", year=1980, role="sender"))
    assert dated.candidates[0].person_id == "p_li_twin"


def test_a_letter_after_the_senders_death_counts_against(resolver: Resolver) -> None:
    result = resolver.resolve(MentionContext("盛宣怀", "full", year=1930, role="sender"))
    assert result.decision != "link" and result.candidates[0].features["life_dates"] < 0


def test_signature_resolves_to_the_catalogue_sender(resolver: Resolver) -> None:
    context = MentionContext("洞", "given", year=1898, role="sender", catalogue={"sender": [ZHANG]})
    result = resolver.resolve(context)
    assert (result.decision, result.person_id) == ("link", ZHANG)
    assert "catalogue_sender" in result.candidates[0].features


def test_unknown_full_name_is_new_and_unknown_title_is_left(resolver: Resolver) -> None:
    assert resolver.resolve(MentionContext("王小二", "full")).decision == "new"
    assert resolver.resolve(MentionContext("某公", "title")).decision == "none"


def test_a_document_s_linked_person_is_meant_by_its_shorter_forms(resolver: Resolver) -> None:
    """盛宣怀 and his 杏荪 linked: 宣 (signature), 盛京堂, 杏翁 in the same document follow; 香帅
    follows 张之洞 once his 香涛 was met; a kin form does not follow."""
    contexts = [MentionContext(s, "other", 1896) for s in ("盛宣怀", "杏荪", "宣", "盛京堂", "杏翁", "宣儿")]
    resolutions = resolver.resolve_document(contexts)
    assert [r.person_id for r in resolutions[:5]] == [SHENG] * 5
    assert all(r.decision == "link" for r in resolutions[:5])
    assert "same_document" in resolutions[4].candidates[0].features
    assert resolutions[5].decision == "none"
    zhang = resolver.resolve_document([MentionContext(s, "other") for s in ("张之洞", "香涛", "张香帅")])
    assert [r.person_id for r in zhang] == [ZHANG] * 3
    assert Resolver(resolver.lookup).resolve(MentionContext("宣", "given")).decision == "none"  # nobody linked


def test_surname_and_a_post_s_one_character_follow_the_linked_person(resolver: Resolver) -> None:
    """李相 and 张督 (a grand secretary, a governor-general) in a document that linked 李鸿章 and
    张之洞, before or after them; with nobody of the surname linked they name nobody."""
    contexts = [MentionContext(s, "title", 1896) for s in ("李相", "李鸿章", "张之洞", "张督")]
    assert [r.person_id for r in resolver.resolve_document(contexts)] == [LI, LI, ZHANG, ZHANG]
    assert Resolver(resolver.lookup).resolve(MentionContext("李相", "title", 1896)).decision == "none"


def test_surname_and_an_envoy_s_or_a_general_s_style_follow_the_linked_person(resolver: Resolver) -> None:
    """张星使 (an envoy), 李军门, 张总统, 李统领 (a commander: 林荫堂 … 林统领) in a document that linked 张之洞 and
    李鸿章 are they, as 张中堂 would be; without them they name nobody."""
    forms = ("张之洞", "李鸿章", "张星使", "李军门", "张总统", "李统领")
    contexts = [MentionContext(s, "title", 1896) for s in forms]
    assert [r.person_id for r in resolver.resolve_document(contexts)] == [ZHANG, LI, ZHANG, LI, ZHANG, LI]
    assert Resolver(resolver.lookup).resolve(MentionContext("张星使", "title", 1896)).decision == "none"
    assert Resolver(resolver.lookup).resolve(MentionContext("李统领", "title", 1896)).decision == "none"


def test_a_shorter_form_two_linked_persons_fit_is_not_decided(resolver: Resolver) -> None:
    """盛京堂 in a letter naming 盛宣怀 and 盛康: either could be meant."""
    *_, result = resolver.resolve_document([MentionContext(s, "full") for s in ("盛宣怀", "盛康", "盛京堂")])
    assert result.decision == "review" and {c.person_id for c in result.candidates[:2]} == {SHENG, SHENG_KANG}


def test_a_linked_person_outweighs_a_homonym_of_the_same_name(resolver: Resolver) -> None:
    first = resolver.resolve(MentionContext("李鸿章", "full", year=1880, role="sender"))  # the twin was born in 1950
    again = resolver.resolve(MentionContext("李鸿章", "full", co_person_ids=(first.person_id or "",)))
    assert (again.decision, again.person_id) == ("link", LI)


def test_the_only_bearer_of_a_listed_name_links_unless_dates_speak_against(resolver: Resolver) -> None:
    result = resolver.resolve(MentionContext("愚斋", "art"))  # a 号, one bearer, no date
    assert (result.decision, result.person_id) == ("link", SHENG)
    assert resolver.resolve(MentionContext("愚斋", "art", year=1700)).decision != "link"  # before his birth


def test_resolve_document_lets_a_later_full_name_decide_an_earlier_short_form(resolver: Resolver) -> None:
    contexts = [MentionContext("宣", "given", 1896), MentionContext("盛宣怀", "full", 1896, role="sender")]
    first, second = resolver.resolve_document(contexts)
    assert (first.decision, first.person_id) == ("link", SHENG) and second.person_id == SHENG


def test_a_surname_and_gong_refers_back_never_ahead(resolver: Resolver) -> None:
    """盛公 … 盛宣怀: a surname + 公 refers back to a man named before it; the second pass, which lets 宣 follow
    the 盛宣怀 after it, does not give 盛公 to a man the document names only after it."""
    contexts = [MentionContext("盛公", "title", 1896), MentionContext("盛宣怀", "full", 1896)]
    first, second = resolver.resolve_document(contexts)
    assert first.decision != "link" and second.person_id == SHENG
    contexts = [MentionContext("盛宣怀", "full", 1896), MentionContext("盛公", "title", 1896)]
    assert [r.person_id for r in resolver.resolve_document(contexts)] == [SHENG, SHENG]


def _dated(person_id: str, text: str, born: int, died: int) -> tuple[Person, Name]:
    person = Person(
        person_id,
        text,
        birth=HistDate(str(born), born, precision=Precision.YEAR),
        death=HistDate(str(died), died, precision=Precision.YEAR),
    )
    return person, name(person_id, text, NameType.GIVEN, preferred=True)


def _graph_of(tmp_path: Path, rows: list[tuple[Person, Name]], more: Sequence[Name] = ()) -> SqliteGraphStore:
    """An embedded graph holding these dated persons with their names, and ``more`` names."""
    graph = SqliteGraphStore(tmp_path / "g.sqlite")
    graph.migrate()
    graph.write(GraphBatch(persons=[p for p, _ in rows], names=[n for _, n in rows] + list(more)))
    return graph


def _bearer_and_namesake(
    tmp_path: Path, person_id: str, full: str, courtesy: str, lived: tuple[int, int], namesake_lived: tuple[int, int]
) -> SqliteGraphStore:
    """A person with a 字, and another man (id ``named``) whose full name is the first's surname + 字."""
    graph = SqliteGraphStore(tmp_path / "g.sqlite")
    graph.migrate()
    person, person_name = _dated(person_id, full, *lived)
    named, named_name = _dated("named", full[0] + courtesy, *namesake_lived)
    courtesy_name = name(person_id, courtesy, NameType.COURTESY)
    graph.write(GraphBatch(persons=[person, named], names=[person_name, named_name, courtesy_name]))
    return graph


def test_an_undated_document_is_dated_by_the_lifetimes_of_the_persons_it_linked(tmp_path: Path) -> None:
    """A chronicle naming 乔松年, 官文 and 马新贻 is of 1821-1870; its 吴棠 is not the one who died in 1770."""
    rows = [
        _dated("qiao", "乔松年", 1815, 1875),
        _dated("guan", "官文", 1798, 1871),
        _dated("ma", "马新贻", 1821, 1870),
        _dated("wu", "吴棠", 1813, 1876),
        _dated("wu_old", "吴棠", 1706, 1770),
    ]
    graph = _graph_of(tmp_path, rows)
    resolver = Resolver(graph)
    surfaces = ("吴棠", "乔松年", "官文", "马新贻")
    resolutions = resolver.resolve_document([MentionContext(s, "full") for s in surfaces])
    assert (resolutions[0].decision, resolutions[0].person_id) == ("link", "wu")
    alone = Resolver(graph).resolve_document([MentionContext("吴棠", "full"), MentionContext("乔松年", "full")])
    assert alone[0].decision == "review"  # one dated witness is not an era
    graph.close()


def test_an_undated_document_s_era_undoes_a_link_to_a_man_of_another_century(tmp_path: Path) -> None:
    """马建忠's report of 1882 names 周馥, 李熙 and 鱼允中, and 李应 (its form of 李昰应, whom the authority does not
    list so): the only 李应 listed, a Ming man, was linked before the document had a date; the era of the others
    undoes it, and does not lose itself to him."""
    rows = [
        _dated("ming", "李应", 1536, 1601),
        _dated("zhou", "周馥", 1837, 1921),
        _dated("li", "李熙", 1852, 1919),
        _dated("yu", "鱼允中", 1848, 1896),
    ]
    graph = _graph_of(tmp_path, rows)
    surfaces = ("李应", "周馥", "李熙", "鱼允中")
    resolutions = Resolver(graph).resolve_document([MentionContext(s, "full") for s in surfaces])
    assert [(r.decision, r.person_id) for r in resolutions] == [
        ("new", None), ("link", "zhou"), ("link", "li"), ("link", "yu")
    ]  # fmt: skip  # no one listed so lived then: a man of its own
    alone = Resolver(graph).resolve_document([MentionContext(s, "full") for s in surfaces[:3]])
    assert alone[0].decision == "link"  # two dated witnesses against one are no era
    graph.close()


def test_a_commander_s_style_names_a_man_alive_at_the_document_s_date(tmp_path: Path) -> None:
    """振帅 (张树声 字 振轩) in a journal that names 李鸿章, 黎庶昌 and 丁汝昌 (its era: about 1870): not the 张振轩 who
    died in 1850, whom a text of that time could still mention by his 字, but not style its commander."""
    rows = [
        _dated("li", "李鸿章", 1823, 1901),
        _dated("lishu", "黎庶昌", 1837, 1898),
        _dated("ding", "丁汝昌", 1836, 1895),
        _dated("zhang", "张树声", 1824, 1884),
        _dated("old", "张振轩", 1790, 1850),
    ]
    courtesy = [name("zhang", "振轩", NameType.COURTESY), name("old", "振轩", NameType.COURTESY)]
    graph = _graph_of(tmp_path, rows, courtesy)
    named = [MentionContext(s, "full") for s in ("李鸿章", "黎庶昌", "丁汝昌")]
    styled = Resolver(graph).resolve_document([*named, MentionContext("振轩", "courtesy", written="振帅")])
    assert (styled[-1].decision, styled[-1].person_id) == ("link", "zhang")
    bare = Resolver(graph).resolve_document([*named, MentionContext("振轩", "courtesy")])
    assert bare[-1].decision == "review"  # the 字 alone: either man
    graph.close()


def test_surname_and_courtesy_name_are_asked_when_the_full_name_s_bearers_lived_outside_the_date(
    tmp_path: Path,
) -> None:
    """李少荃 in a letter of 1862: not the 李少荃 born in 1902, but 李鸿章 字少荃 (the surname agrees)."""
    graph = SqliteGraphStore(tmp_path / "g.sqlite")
    graph.migrate()
    li, li_name = _dated("li", "李鸿章", 1823, 1901)
    later, later_name = _dated("li_later", "李少荃", 1902, 1968)
    graph.write(GraphBatch(persons=[li, later], names=[li_name, later_name, name("li", "少荃", NameType.COURTESY)]))
    result = Resolver(graph).resolve(MentionContext("李少荃", "full", year=1862))
    assert (result.decision, result.person_id) == ("link", "li")
    assert "surname_agrees" in result.candidates[0].features
    assert Resolver(graph).resolve(MentionContext("李少荃", "full", year=1950)).person_id == "li_later"
    graph.close()


def test_a_full_name_that_is_also_a_surname_and_courtesy_name_is_not_decided_by_the_name(tmp_path: Path) -> None:
    """唐春卿: a man so named, or 唐景崇 字春卿?  Without a date both stay candidates; the date
    decides (the first died in 1830; a diary of 1897 means 唐景崇)."""
    graph = _bearer_and_namesake(tmp_path, "tang", "唐景崇", "春卿", (1844, 1914), (1765, 1830))
    undated = Resolver(graph).resolve(MentionContext("唐春卿", "full"))
    assert undated.decision == "review"
    assert {c.person_id for c in undated.candidates} == {"tang", "named"}
    assert Resolver(graph).resolve(MentionContext("唐春卿", "full", year=1897)).person_id == "tang"
    assert Resolver(graph).resolve(MentionContext("唐春卿", "full", year=1800)).person_id == "named"
    graph.close()


def test_a_date_both_readings_fit_does_not_let_the_name_type_decide(tmp_path: Path) -> None:
    """张樵野 in a passage of 1880: a 张樵野 who died in 1862 may still be mentioned then, and so
    may 张荫桓 字樵野.  The full name's weight alone must not link the first: the surname brings
    the 字 level with it, and the mention queues; a mention of 1900 is 张荫桓's."""
    graph = _bearer_and_namesake(tmp_path, "zhang", "张荫桓", "樵野", (1837, 1900), (1801, 1862))
    both = Resolver(graph).resolve(MentionContext("张樵野", "full", year=1880))
    assert both.decision == "review"
    assert {c.person_id for c in both.candidates} == {"zhang", "named"}
    assert Resolver(graph).resolve(MentionContext("张樵野", "full", year=1900)).person_id == "zhang"
    graph.close()


def test_a_form_listed_for_a_linked_person_is_no_back_reference_to_another_of_his_surname(tmp_path: Path) -> None:
    """李傅相 is listed for 李鸿章; in a telegram that linked him and his son 李经方 it is the
    father's, not a surname + style that either could be (李中堂, which neither lists, still is)."""
    graph = SqliteGraphStore(tmp_path / "g.sqlite")
    graph.migrate()
    father, father_name = _dated("father", "李鸿章", 1823, 1901)
    son, son_name = _dated("son", "李经方", 1855, 1934)
    graph.write(
        GraphBatch(persons=[father, son], names=[father_name, son_name, name("father", "李傅相", NameType.TITLE)])
    )
    contexts = [MentionContext(s, "title", 1895) for s in ("李鸿章", "李经方", "李傅相", "李中堂")]
    *_, listed, unlisted = Resolver(graph).resolve_document(contexts)
    assert (listed.decision, listed.person_id) == ("link", "father")
    assert unlisted.decision == "review" and {c.person_id for c in unlisted.candidates} == {"father", "son"}
    graph.close()


def test_a_style_listed_as_one_person_s_title_is_no_back_reference_to_another_of_his_surname(
    tmp_path: Path,
) -> None:
    """李中堂 is listed as 李鸿章's 官称; in a telegram that linked 李秉衡 first it is still 李鸿章's,
    not a back reference to the 李 linked before; 李宫保, which nobody lists, still refers back to
    either of the two."""
    graph = SqliteGraphStore(tmp_path / "g.sqlite")
    graph.migrate()
    hongzhang, hongzhang_name = _dated("hongzhang", "李鸿章", 1823, 1901)
    bingheng, bingheng_name = _dated("bingheng", "李秉衡", 1830, 1900)
    names = [hongzhang_name, bingheng_name, name("hongzhang", "李中堂", NameType.TITLE)]
    graph.write(GraphBatch(persons=[hongzhang, bingheng], names=names))
    contexts = [MentionContext(s, "title", 1885) for s in ("李秉衡", "李中堂", "李宫保")]
    _, listed, unlisted = Resolver(graph).resolve_document(contexts)
    assert (listed.decision, listed.person_id) == ("link", "hongzhang")
    assert unlisted.decision == "review" and {c.person_id for c in unlisted.candidates} == {"hongzhang", "bingheng"}
    graph.close()


def test_surname_and_a_telegram_s_post_refer_back_to_the_person_of_that_surname(tmp_path: Path) -> None:
    """唐抚台, 唐藩司, 唐主政 in telegrams that linked 唐景崧 are he; 邵抚台, whose surname the
    document linked nobody of, is nobody."""
    graph = SqliteGraphStore(tmp_path / "g.sqlite")
    graph.migrate()
    tang, tang_name = _dated("tang", "唐景崧", 1841, 1903)
    graph.write(GraphBatch(persons=[tang], names=[tang_name]))
    contexts = [MentionContext(s, "title", 1894) for s in ("唐景崧", "唐抚台", "唐藩司", "唐主政", "邵抚台")]
    _, *styles, other = Resolver(graph).resolve_document(contexts)
    assert [(r.decision, r.person_id) for r in styles] == [("link", "tang")] * 3
    assert other.person_id is None
    graph.close()


def test_surname_and_hou_refers_back_to_the_marquis_the_document_linked(tmp_path: Path) -> None:
    """曾侯 in a telegram that also names 曾纪泽 is he (the second pass reads it with every person linked)."""
    graph = SqliteGraphStore(tmp_path / "g.sqlite")
    graph.migrate()
    zeng, zeng_name = _dated("zeng", "曾纪泽", 1839, 1890)
    graph.write(GraphBatch(persons=[zeng], names=[zeng_name]))
    contexts = [MentionContext(s, "title", 1885) for s in ("曾侯", "曾纪泽")]
    marquis, _ = Resolver(graph).resolve_document(contexts)
    assert (marquis.decision, marquis.person_id) == ("link", "zeng")
    graph.close()


def test_surname_and_an_intendant_s_or_an_envoy_s_post_refer_back(tmp_path: Path) -> None:
    """镜湖自撰年谱: 史士良 … 史道 (an intendant: surname + 道), 邵灿 … 邵钦差, linked to the man of that
    surname the document linked, as 岑抚 and 曾侯 are."""
    graph = SqliteGraphStore(tmp_path / "g.sqlite")
    graph.migrate()
    shi, shi_name = _dated("shi", "史致谔", 1800, 1880)
    shao, shao_name = _dated("shao", "邵灿", 1791, 1861)
    graph.write(GraphBatch(persons=[shi, shao], names=[shi_name, shao_name]))
    forms = (("史致谔", "full"), ("史道", "title"), ("邵灿", "full"), ("邵钦差", "title"))
    contexts = [MentionContext(s, t, 1860) for s, t in forms]
    _, intendant, _, envoy = Resolver(graph).resolve_document(contexts)
    assert (intendant.decision, intendant.person_id) == ("link", "shi")
    assert (envoy.decision, envoy.person_id) == ("link", "shao")
    graph.close()


def test_surname_and_posthumous_name_inside_gong(tmp_path: Path) -> None:
    """李忠武公: 李 + 忠武 with 公, 李续宾's 谥, not 塔齐布's, whose 谥 is also 忠武."""
    graph = SqliteGraphStore(tmp_path / "g.sqlite")
    graph.migrate()
    li, li_name = _dated("li", "李续宾", 1818, 1858)
    ta, ta_name = _dated("ta", "塔齐布", 1816, 1855)
    names = [li_name, ta_name, name("li", "忠武", NameType.POSTHUMOUS), name("ta", "忠武", NameType.POSTHUMOUS)]
    graph.write(GraphBatch(persons=[li, ta], names=names))
    for surface, person in (("李忠武公", "li"), ("塔忠武公", "ta")):
        result = Resolver(graph).resolve(MentionContext(surface, "posthumous"))
        assert (result.decision, result.person_id) == ("link", person), surface
    assert Resolver(graph).resolve(MentionContext("忠武公", "posthumous")).decision == "review"
    graph.close()


def test_an_undated_text_is_resolved_at_the_latest_year_it_cites() -> None:
    """A chronicle of 同治三年 that recalls 道光 years is of 1864 at the earliest: its persons born
    after 1834 are not out of its time; a date that is an error counts for nothing."""
    dates = [{"year": 1801}, {"year": 1864}, {"year": 1834}, {"year": 1999, "error": "impossible"}, {"year": None}]
    assert document_year(dates) == 1864
    assert document_year([]) is None


def test_surname_and_a_post_is_not_the_man_the_document_writes_with_another_office(tmp_path: Path) -> None:
    """左宗棠's letter: 曾总兵 (曾玉明, whom it never names in full) … 曾道宪德 (an intendant, 曾宪德): the one 曾
    the letter links holds another office there, so 曾总兵 is not he; 曾道 is, and so is 曾公, which names no
    office. 潘抚台 … 潘鼎新, written with no post, still follows him."""
    graph = SqliteGraphStore(tmp_path / "g.sqlite")
    graph.migrate()
    zeng, zeng_name = _dated("zeng", "曾宪德", 1810, 1880)
    pan, pan_name = _dated("pan", "潘鼎新", 1828, 1888)
    graph.write(GraphBatch(persons=[zeng, pan], names=[zeng_name, pan_name]))
    forms = [("曾总兵", "曾总兵"), ("曾宪德", "曾道宪德"), ("曾道", "曾道"), ("曾公", "曾公"), ("潘抚台", "潘抚台")]
    contexts = [MentionContext(s, "title", 1863, written=w) for s, w in [*forms, ("潘鼎新", "潘鼎新")]]
    general, named, intendant, gong, governor, _ = Resolver(graph).resolve_document(contexts)
    assert general.person_id is None or general.decision != "link"
    assert [(r.decision, r.person_id) for r in (named, intendant, gong)] == [("link", "zeng")] * 3
    assert (governor.decision, governor.person_id) == ("link", "pan")
    graph.close()


def test_surname_and_courtesy_name_find_their_man_behind_more_bearers_of_other_surnames_than_the_limit(
    tmp_path: Path,
) -> None:
    """李少荃 when sixty men of other surnames bear 少荃 before 李鸿章 in id order: the store reads
    the 字's bearers for the surname 李 alone, so the resolver's limit of fifty does not cut him off."""
    graph = SqliteGraphStore(tmp_path / "g.sqlite")
    graph.migrate()
    others = [f"a{i:02}" for i in range(60)]
    li, li_name = _dated("li", "李鸿章", 1823, 1901)
    graph.write(
        GraphBatch(
            persons=[li, *(Person(p, f"王{i}") for i, p in enumerate(others))],
            names=[
                li_name,
                name("li", "少荃", NameType.COURTESY),
                *(name(p, "少荃", NameType.COURTESY) for p in others),
            ],
        )
    )
    result = Resolver(graph).resolve(MentionContext("李少荃", "full", year=1862))
    assert (result.decision, result.person_id) == ("link", "li")
    graph.close()
