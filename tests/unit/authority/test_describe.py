"""A curation change as structured lines: kinds and fields, no words (the app words them), English for the CLI."""

from __future__ import annotations

from dataclasses import replace

from zhiren.authority.curation.describe import ChangeKind, ChangeLine, describe
from zhiren.authority.curation.snapshot import Snapshot
from zhiren.authority.model import HistDate, LinkStatus, Mention, Name, NameType, Person, Relation, RelationType

SHENG = Person("p_sheng", "盛宣怀", birth=HistDate("道光二十四年", 1844))
DUPLICATE = Person("p_dup", "盛杏荪")
XINGSUN = Name("n_1", "p_dup", "杏荪", NameType.COURTESY)
MENTIONS = [Mention(f"m_{i}", "d_1", i, i + 2, "杏荪", "p_dup") for i in range(3)]
LETTER = Relation("r_1", RelationType.WROTE_TO, "p_dup", "p_zhang")


def test_a_merge_reads_as_lines_of_kinds_and_fields() -> None:
    before = Snapshot([SHENG, DUPLICATE], [XINGSUN], MENTIONS, [LETTER])
    after = Snapshot(
        [replace(SHENG, native_place="武进"), replace(DUPLICATE, merged_into="p_sheng")],
        [replace(XINGSUN, person_id="p_sheng")],
        [replace(m, person_id="p_sheng", status=LinkStatus.REVIEWED) for m in MENTIONS],
        [replace(LETTER, source_id="p_sheng")],
    )
    assert describe(before, after) == [
        ChangeLine(ChangeKind.FIELD_CHANGED, person="p_dup", field="merged_into", old=None, new="p_sheng"),
        ChangeLine(ChangeKind.FIELD_CHANGED, person="p_sheng", field="native_place", old=None, new="武进"),
        ChangeLine(ChangeKind.NAME_MOVED, name="杏荪", name_type="字", old="p_dup", new="p_sheng"),
        ChangeLine(ChangeKind.MENTIONS_MOVED, count=3, old="p_dup", new="p_sheng", status="reviewed"),
        ChangeLine(
            ChangeKind.RELATION_CHANGED, relation="r_1", relation_type="WROTE_TO", person="p_sheng", other="p_zhang"
        ),
    ]


def test_added_and_removed_rows_dates_as_their_source_wording_and_no_change() -> None:
    before = Snapshot([SHENG], [], [], [LETTER])
    after = Snapshot([replace(SHENG, birth=HistDate("道光二十四年九月", 1844, 10)), DUPLICATE], [XINGSUN], [], [])
    lines = describe(before, after)
    assert [line.kind for line in lines] == [
        ChangeKind.PERSON_ADDED,
        ChangeKind.FIELD_CHANGED,
        ChangeKind.NAME_ADDED,
        ChangeKind.RELATION_REMOVED,
    ]
    assert (lines[1].old, lines[1].new) == ("道光二十四年", "道光二十四年九月")
    assert describe(before, before) == []


def test_the_english_line_the_cli_prints_and_the_json_shape() -> None:
    line = ChangeLine(ChangeKind.NAME_ADDED, name="宁斋", name_type=NameType.ART, person="p_sheng")
    assert str(line) == "+ name 宁斋 (号) of p_sheng"
    moved = ChangeLine(ChangeKind.MENTIONS_MOVED, count=1, old=None, new="p_sheng", status="linked")
    assert str(moved) == "~ 1 mention: nobody → p_sheng (linked)"
    assert line.to_json()["kind"] == "name_added" and set(line.to_json()) == set(moved.to_json())
