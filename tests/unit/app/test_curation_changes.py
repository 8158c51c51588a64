"""A change's lines worded in the reader's language: every kind in Chinese and English, codes as words."""

from __future__ import annotations

import re
from dataclasses import fields

from zhiren.app.curation_changes import (
    DECISION_LABELS,
    FIELD_LABELS,
    MESSAGES,
    OPERATION_LABELS,
    RELATION_LABELS,
    operation_label,
    worded,
    worded_lines,
)
from zhiren.app.messages import EN
from zhiren.authority.curation.describe import ChangeKind, ChangeLine
from zhiren.authority.curation.operations import DECISIONS
from zhiren.authority.curation.requests import PERSON_OPERATIONS
from zhiren.authority.model import NameType, Person, RelationType

HAN = re.compile(r"[\u3400-\u9fff]")
# One line of each kind, filled as describe fills it; the values are source text (names) or ids.
SAMPLES = {
    ChangeKind.PERSON_ADDED: ChangeLine(ChangeKind.PERSON_ADDED, person="p_new", name="盛杏荪"),
    ChangeKind.PERSON_REMOVED: ChangeLine(ChangeKind.PERSON_REMOVED, person="p_new", name="盛杏荪"),
    ChangeKind.FIELD_CHANGED: ChangeLine(ChangeKind.FIELD_CHANGED, person="p_s", field="gender", old=None, new="male"),
    ChangeKind.NAME_ADDED: ChangeLine(ChangeKind.NAME_ADDED, name="翰林", name_type=NameType.TITLE, person="p_s"),
    ChangeKind.NAME_MOVED: ChangeLine(ChangeKind.NAME_MOVED, name="杏荪", name_type="字", old="p_d", new="p_s"),
    ChangeKind.NAME_PREFERRED: ChangeLine(ChangeKind.NAME_PREFERRED, name="盛宣怀", person="p_s"),
    ChangeKind.NAME_NOT_PREFERRED: ChangeLine(ChangeKind.NAME_NOT_PREFERRED, name="盛杏荪", person="p_s"),
    ChangeKind.NAME_REMOVED: ChangeLine(ChangeKind.NAME_REMOVED, name="止叟", name_type="号", person="p_s"),
    ChangeKind.MENTIONS_MOVED: ChangeLine(ChangeKind.MENTIONS_MOVED, count=1, old=None, new="p_s", status="reviewed"),
    ChangeKind.RELATION_ADDED: ChangeLine(
        ChangeKind.RELATION_ADDED, relation="r_1", relation_type=RelationType.FATHER_OF, person="p_s", other="p_z"
    ),
    ChangeKind.RELATION_CHANGED: ChangeLine(
        ChangeKind.RELATION_CHANGED, relation="r_1", relation_type="WROTE_TO", person="p_s", other="p_z"
    ),
    ChangeKind.RELATION_REMOVED: ChangeLine(
        ChangeKind.RELATION_REMOVED, relation="r_1", relation_type="SPOUSE_OF", person="p_s", other="p_z"
    ),
}
SOURCE_TEXT = re.compile("盛杏荪|翰林|杏荪|盛宣怀|止叟")


def test_every_kind_reads_in_chinese_and_in_english() -> None:
    assert SAMPLES.keys() == set(ChangeKind) == MESSAGES.keys()
    for kind, line in SAMPLES.items():
        assert MESSAGES[kind] in EN, kind
        chinese, english = worded(line, "zh"), worded(line, "en")
        assert HAN.search(chinese) and not re.search(r"\{|\}|None|[a-z]{3,} [a-z]{3,}", chinese), chinese
        assert not HAN.search(SOURCE_TEXT.sub("", english)) and "{" not in english and "None" not in english, english


def test_codes_read_as_words() -> None:
    assert worded(SAMPLES[ChangeKind.NAME_ADDED], "zh") == "新增名称 翰林（称谓），属 p_s"
    assert worded(SAMPLES[ChangeKind.NAME_ADDED], "en") == "name 翰林 (title) added to p_s"
    assert worded(SAMPLES[ChangeKind.FIELD_CHANGED], "zh") == "p_s 的性别：（空） → 男"
    assert worded(SAMPLES[ChangeKind.FIELD_CHANGED], "en") == "p_s's gender: (empty) → male"
    assert worded(SAMPLES[ChangeKind.MENTIONS_MOVED], "zh") == "1 处提及由 无人 移至 p_s（已审核）"
    assert worded(SAMPLES[ChangeKind.MENTIONS_MOVED], "en") == "1 mention moved from nobody to p_s (reviewed)"
    assert worded(SAMPLES[ChangeKind.RELATION_ADDED], "en") == "new relation: p_s —father→ p_z"
    place = ChangeLine(ChangeKind.FIELD_CHANGED, person="p_s", field="native_place", old="male", new="武进")
    assert worded(place, "en") == "p_s's native place: male → 武进"  # source text is not read as a code


def test_every_person_field_and_relation_type_has_a_label() -> None:
    assert {f.name for f in fields(Person)} - {"id"} == FIELD_LABELS.keys()
    assert set(RelationType) == RELATION_LABELS.keys()
    assert all(label in EN for label in (*FIELD_LABELS.values(), *RELATION_LABELS.values()))


def test_no_change_still_reads_as_a_line() -> None:
    assert worded_lines([], "zh") == ["没有修改"] and worded_lines([], "en") == ["no change"]


def test_every_operation_and_review_decision_has_a_label() -> None:
    assert OPERATION_LABELS.keys() == {*PERSON_OPERATIONS, "review", "undo"}
    assert DECISION_LABELS.keys() == set(DECISIONS)
    assert all(label in EN for label in (*OPERATION_LABELS.values(), *DECISION_LABELS.values()))
    assert operation_label("add-kin", "zh") == "添加亲属" and operation_label("add-kin", "en") == "add kin"
