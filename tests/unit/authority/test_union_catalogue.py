"""The union-catalogue rule for genealogy records: field normalisation, match, union, and its
precision and recall on labelled pairs modelled on 中国家谱总目 entries (tests/fixtures/union_catalogue)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from zhiren.authority.catalogue_keys import (
    Genre,
    Printing,
    ancestor_names,
    compiler_names,
    edition_key,
    fold,
    juan_key,
    place_key,
    title_key,
)
from zhiren.authority.catalogue_match import RecordKey, State
from zhiren.authority.union_catalogue import CatalogueRecord, Outcome, candidate_pairs, match, union
from zhiren.ingest.readers.table import Row

PAIRS = Path(__file__).resolve().parents[2] / "fixtures" / "union_catalogue" / "pairs.jsonl"


def record(id_: str, library: str, title: str, **fields: str) -> CatalogueRecord:
    return CatalogueRecord(id_, library, title, **fields)


# A real 中国家谱总目 entry (皖桐吴氏续修宗谱) and the way a second library writes it.
WANTONG = record("sh-1", "上海图书馆", "皖桐吴氏续修宗谱", place="安徽桐城", compilers="(清)吴友谦等纂修",
                 edition="清光绪二十八年(1902)仁义堂木活字本", juan="三十二卷", ancestor="竞", migrant_ancestor="兴")
WANTONG_AH = record("ah-1", "安徽省图书馆", "吴氏宗谱", place="安徽省桐城县", hall="仁义堂", compilers="吴友谦等",
                    edition="1902年木活字本", juan="32卷", migrant_ancestor="吴兴")


# --- normalisation ----------------------------------------------------------------------------


def test_fold_removes_script_width_and_punctuation() -> None:
    assert fold("［桐城］吳氏宗譜（１９３１）") == "桐城吴氏宗谱1931"


@pytest.mark.parametrize(
    ("title", "surname", "genre", "prefix", "branch", "ordinal"),
    [
        ("桐城高甸吴氏荣华股八修宗谱", "吴", Genre.CLAN, "桐城高甸", "荣华股", 8),
        ("皖桐吴氏续修宗谱", "吴", Genre.CLAN, "皖桐", "", None),
        ("重修麻溪吴氏族谱", "吴", Genre.CLAN, "麻溪", "", None),
        ("繆山吳氏重修家譜", "吴", Genre.CLAN, "缪山", "", None),
        ("庐陵欧阳氏家乘", "欧阳", Genre.CLAN, "庐陵", "", None),
        ("郑氏三房支谱", "郑", Genre.BRANCH, "", "三房", None),
        ("吴氏统宗谱", "吴", Genre.UNION, "", "", None),
        ("四修何氏宗谱", "何", Genre.CLAN, "", "", 4),
    ],
)
def test_title_key(title: str, surname: str, genre: Genre, prefix: str, branch: str, ordinal: int | None) -> None:
    key = title_key(title)
    assert (key.surname, key.genre, key.prefix, key.branch, key.ordinal) == (surname, genre, prefix, branch, ordinal)


def test_generic_words_fold_into_one_class_but_branch_genealogies_stay_apart() -> None:
    clan = {title_key(t).genre for t in ("吴氏宗谱", "吴氏族谱", "吴氏家谱", "吴氏家乘", "吴氏世谱")}
    assert clan == {Genre.CLAN}
    assert title_key("吴氏支谱").genre is title_key("吴氏房谱").genre is Genre.BRANCH


def test_place_key_drops_province_and_units_but_keeps_one_character_counties() -> None:
    assert place_key("安徽省桐城县") == place_key("安徽桐城")
    assert place_key("安徽桐城").local == "桐城"
    assert place_key("徽州府歙县").full == "徽州歙县"
    assert "歙县" in place_key("徽州府歙县").tokens()
    assert place_key("安徽").local == ""


@pytest.mark.parametrize(
    ("text", "year", "printing", "hall"),
    [
        ("清光绪二十八年(1902)仁义堂木活字本", 1902, Printing.MOVABLE_TYPE, "仁义"),
        ("民國二十五年（1936）存著堂鉛印本", 1936, Printing.LEAD_TYPE, "存著"),
        ("１９３６年铅印本", 1936, Printing.LEAD_TYPE, ""),
        ("乾隆己亥敦睦堂刻本", 1779, Printing.WOODBLOCK, "敦睦"),
        ("清光绪十二年(1887)木活字本", 1886, Printing.MOVABLE_TYPE, ""),  # the reign year is the source's
        ("据清光绪十二年刻本复印", 1886, Printing.REPRODUCTION, ""),
    ],
)
def test_edition_key(text: str, year: int, printing: Printing, hall: str) -> None:
    key = edition_key(text)
    assert (key.year, key.printing, key.hall) == (year, printing, hall)


def test_a_period_edition_has_a_span_not_a_year() -> None:
    key = edition_key("清道光间刻本")
    assert (key.year, key.span) == (None, (1821, 1850))


def test_juan_key_reads_both_numeral_systems_and_the_extra_juan() -> None:
    assert juan_key("十二卷首一卷") == juan_key("12卷首1卷")
    assert juan_key("十二卷首一卷").counts() == {12, 13}
    assert juan_key("12卷, 卷首1卷, 卷末1卷").counts() == {12, 14}
    assert juan_key("二十卷(存十二卷)").counts() == {20}
    assert juan_key("不分卷").undivided


def test_compiler_names_split_and_lose_roles() -> None:
    assert compiler_names("(清)吴文宫等纂修") == {"吴文宫"}
    assert compiler_names("吴甲、吴乙，吴丙纂修") == {"吴甲", "吴乙", "吴丙"}
    assert compiler_names("［清］吳友謙等纂") == {"吴友谦"}
    assert compiler_names("合族公修") == frozenset()


def test_ancestor_names_keep_courtesy_names_and_drop_the_surname() -> None:
    assert ancestor_names("竞，字宣义，号复初，行一，元代人", "吴") == {"竞", "宣义", "复初"}
    assert ancestor_names("吴恩光", "吴") == {"恩光"}


def test_records_come_from_the_genealogy_readers_rows() -> None:
    row = Row("g.csv", 2, {"记录号": "R1", "收藏者": "上海图书馆", "题名": "吴氏宗谱", "谱籍": "安徽桐城 "})
    rec = CatalogueRecord.from_row(row)
    assert (rec.id, rec.library, rec.place) == ("R1", "上海图书馆", "安徽桐城")
    without_id = CatalogueRecord.from_row({"题名": "吴氏宗谱", "收藏者": "上海图书馆"})
    assert without_id.id == CatalogueRecord.from_row({"题名": "吴氏宗谱", "收藏者": "上海图书馆"}).id


# --- the match rule -------------------------------------------------------------------------


def test_one_edition_written_differently_by_two_libraries_is_the_same_work() -> None:
    decision = match(WANTONG, WANTONG_AH)
    assert decision.outcome is Outcome.SAME
    states = {f.name: f.state for f in decision.features}
    assert states["edition_year"] is states["compilers"] is states["juan"] is states["hall"] is State.AGREE
    assert states["title"] is State.COMPATIBLE  # 皖桐 fits the other record's 谱籍 安徽桐城


def test_different_editions_of_one_clan_are_different_works() -> None:
    reprint = record("nl-2", "国家图书馆", "皖桐吴氏续修宗谱", place="安徽桐城", compilers="吴友谦等纂修",
                     edition="民国二十年(1931)仁义堂木活字本", juan="三十二卷")
    decision = match(WANTONG, reprint)
    assert decision.outcome is Outcome.DIFFERENT
    assert [(f.name, f.detail) for f in decision.decided_by] == [("edition_year", "1902 ≠ 1931")]


@pytest.mark.parametrize(
    ("other", "veto"),
    [
        ({"title": "皖桐吴氏支谱"}, "genre"),
        ({"hall": "敦睦堂"}, "hall"),
        ({"title": "皖桐何氏宗谱"}, "surname"),
    ],
)
def test_vetoes(other: dict[str, str], veto: str) -> None:
    fields = {"place": WANTONG.place, "edition": WANTONG.edition, "compilers": WANTONG.compilers}
    title = other.pop("title", WANTONG.title)
    decision = match(WANTONG, record("x", "南京图书馆", title, **(fields | other)))
    assert decision.outcome is Outcome.DIFFERENT
    assert veto in {f.name for f in decision.decided_by}


def test_branches_of_one_clan_are_different_works() -> None:
    a = record("a", "湖南图书馆", "郑氏三房支谱", place="湖南湘乡", edition="民国五年木活字本")
    b = record("b", "湖南图书馆", "郑氏五房支谱", place="湖南湘乡", edition="民国五年木活字本")
    assert match(a, b).outcome is Outcome.DIFFERENT


def test_a_disagreement_sends_a_strong_match_to_review() -> None:
    woodblock = record("zj", "浙江图书馆", "皖桐吴氏宗谱", place="安徽桐城", compilers="吴友谦等纂修",
                       edition="清光绪二十八年(1902)仁义堂刻本", juan="三十二卷")
    decision = match(WANTONG, woodblock)
    assert decision.outcome is Outcome.DOUBTFUL
    assert ("printing", State.CONFLICT) in {(f.name, f.state) for f in decision.decided_by}


def test_title_and_place_alone_never_join() -> None:
    a = record("a", "安徽省图书馆", "吴氏宗谱", place="安徽桐城")
    assert match(a, record("b", "上海图书馆", "吴氏宗谱", place="安徽桐城")).outcome is Outcome.DIFFERENT


def test_decisions_serialise_for_the_review_queue() -> None:
    data = match(WANTONG, WANTONG_AH).to_json()
    assert data["outcome"] == "same" and data["a"] == "sh-1"
    assert {"name": "juan", "state": "agree", "weight": 0.15, "detail": "32卷"} in data["features"]


# --- union ----------------------------------------------------------------------------------


def test_union_gives_one_work_with_one_holding_per_library() -> None:
    other = record("nj-9", "南京图书馆", "桐城高甸吴氏荣华股八修宗谱", place="安徽桐城", edition="1936年存著堂铅印本")
    works = union([WANTONG, other, WANTONG_AH])
    assert [sorted(w.records) for w in works] == [["ah-1", "sh-1"], ["nj-9"]]
    assert [h.library for h in works[0].holdings] == ["上海图书馆", "安徽省图书馆"]


def test_work_ids_do_not_depend_on_record_order_or_on_which_libraries_hold_it() -> None:
    first = union([WANTONG, WANTONG_AH])[0]
    assert union([WANTONG_AH, WANTONG])[0].id == first.id
    assert union([WANTONG])[0].id == first.id
    assert first.key == "吴|clan||桐城|1902|仁义|"


def test_two_records_of_one_library_are_flagged() -> None:
    twice = record("sh-2", WANTONG.library, "皖桐吴氏宗谱", place="安徽桐城", compilers="吴友谦纂修",
                   edition="1902年仁义堂木活字本", juan="32卷")
    work = union([WANTONG, twice, WANTONG_AH])[0]
    assert [h.records for h in work.holdings if h.library == WANTONG.library] == [("sh-1", "sh-2")]
    assert [(d.a, d.b) for d in work.same_library] == [("sh-1", "sh-2")]


def test_doubtful_pairs_are_kept_for_review() -> None:
    woodblock = record("zj", "浙江图书馆", "皖桐吴氏宗谱", place="安徽桐城", compilers="吴友谦等纂修",
                       edition="清光绪二十八年(1902)仁义堂刻本", juan="三十二卷")
    works = union([WANTONG, woodblock])
    assert len(works) == 2
    assert [(d.a, d.b, d.outcome) for d in works[0].doubtful] == [("sh-1", "zj", Outcome.DOUBTFUL)]


def test_same_is_not_transitive_across_a_different() -> None:
    # B gives no hall, so it matches A and C; A and C name different halls.
    fields = {"place": "安徽桐城", "compilers": "吴承谟等", "juan": "12卷"}
    a = record("a", "L1", "桐城吴氏宗谱", edition="1886年敦睦堂木活字本", **fields)
    b = record("b", "L2", "桐城吴氏宗谱", edition="1886年木活字本", **fields)
    c = record("c", "L3", "桐城吴氏宗谱", edition="1886年仁义堂木活字本", **fields)
    assert match(a, b).outcome is match(b, c).outcome is Outcome.SAME
    assert match(a, c).outcome is Outcome.DIFFERENT
    works = union([a, b, c])
    assert sorted(sorted(w.records) for w in works) == [["a", "b"], ["c"]]
    assert [(d.a, d.b) for w in works for d in w.doubtful] == [("b", "c")]


def test_blocking_compares_only_what_could_match() -> None:
    keys = [RecordKey(r) for r in (
        record("0", "L", "吴氏宗谱", place="安徽桐城"),
        record("1", "L", "吴氏宗谱", place="安徽桐城麻溪"),
        record("2", "L", "吴氏宗谱", place="浙江绍兴"),
        record("3", "L", "吴氏宗谱"),  # no 谱籍: compared with every 吴氏 clan genealogy
        record("4", "L", "何氏宗谱", place="安徽桐城"),
        record("5", "L", "吴氏支谱", place="安徽桐城"),
    )]
    assert candidate_pairs(keys) == {(0, 1), (0, 3), (1, 3), (2, 3)}


# --- evaluation on labelled pairs -------------------------------------------------------------


def test_precision_and_recall_on_labelled_pairs() -> None:
    lines = [json.loads(line) for line in PAIRS.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(lines) >= 40
    predicted_same = labelled_same = true_same = 0
    doubtful = {"same": 0, "different": 0}
    for pair in lines:
        decision = match(CatalogueRecord.from_row(pair["a"]), CatalogueRecord.from_row(pair["b"]))
        is_same = decision.outcome is Outcome.SAME
        predicted_same += is_same
        labelled_same += pair["label"] == "same"
        true_same += is_same and pair["label"] == "same"
        if decision.outcome is Outcome.DOUBTFUL:
            doubtful[pair["label"]] += 1
    precision = true_same / predicted_same
    recall = true_same / labelled_same
    print(
        f"\nunion catalogue on {len(lines)} pairs ({labelled_same} same): precision {precision:.3f}, "
        f"recall {recall:.3f}; doubtful {sum(doubtful.values())} "
        f"({doubtful['same']} labelled same, {doubtful['different']} labelled different)"
    )
    assert precision >= 0.95
    assert recall >= 0.85
