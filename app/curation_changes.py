"""A curation change's lines in the reader's language: the structured lines of
:func:`zhiren.authority.curation.describe.describe` worded through the message catalogue.

The Chinese message is the catalogue key (as every label of the pages); codes inside a line (a
name type, a person field, a mention status, a relation type) read as the reader's word for them.
"""

from __future__ import annotations

from typing import Any

from zhiren.app.i18n import Term, current_language, label, translate
from zhiren.authority.curation.describe import ChangeKind, ChangeLine
from zhiren.authority.model import RelationType

MESSAGES: dict[ChangeKind, str] = {
    ChangeKind.PERSON_ADDED: "新增人物 {person}（{name}）",
    ChangeKind.PERSON_REMOVED: "删除人物 {person}（{name}）",
    ChangeKind.FIELD_CHANGED: "{person} 的{field}：{old} → {new}",
    ChangeKind.NAME_ADDED: "新增名称 {name}（{name_type}），属 {person}",
    ChangeKind.NAME_MOVED: "名称 {name}（{name_type}）由 {old} 移至 {new}",
    ChangeKind.NAME_PREFERRED: "{name} 成为首选名",
    ChangeKind.NAME_NOT_PREFERRED: "{name} 不再是首选名",
    ChangeKind.NAME_REMOVED: "删除名称 {name}（{name_type}），原属 {person}",
    ChangeKind.MENTIONS_MOVED: "{n} 处提及由 {old} 移至 {new}（{status}）",
    ChangeKind.RELATION_ADDED: "新增关系：{person} —{relation_type}→ {other}",
    ChangeKind.RELATION_CHANGED: "关系 {relation} 改为：{person} —{relation_type}→ {other}",
    ChangeKind.RELATION_REMOVED: "删除关系：{person} —{relation_type}→ {other}",
}

# A Person field (authority.model.Person) as the reader's word for it.
FIELD_LABELS: dict[str, str] = {
    "preferred_name": "首选名",
    "gender": "性别",
    "birth": "生",
    "death": "卒",
    "floruit": "活动年代",
    "native_place": "籍贯",
    "status": "状态",
    "external_ids": "外部标识",
    "merged_into": "并入人物",
}
CODED_FIELDS = frozenset({"gender", "status"})  # their values are codes (male, reviewed), not source text

# A stored relation read from its source: the source is the target's father, spouse …, or wrote to it.
RELATION_LABELS: dict[str, str] = {
    RelationType.FATHER_OF: "父",
    RelationType.MOTHER_OF: "母",
    RelationType.SPOUSE_OF: "配",
    RelationType.SIBLING_OF: "兄弟姊妹",
    RelationType.WROTE_TO: "致函",
    RelationType.AUTHOR_OF: "撰",
}
# An audit entry's operation (authority.curation: PERSON_OPERATIONS, review, undo) and a review's decision.
OPERATION_LABELS: dict[str, str] = {
    "merge": "合并",
    "split": "拆分",
    "rename": "改首选名",
    "add-name": "添加名称",
    "remove-name": "删除名称",
    "set": "修改字段",
    "link-external": "关联外部标识",
    "add-kin": "添加亲属",
    "remove-relation": "删除关系",
    "review": "审核提及",
    "undo": "撤销",
}
DECISION_LABELS: dict[str, str] = {
    "accept": "接受首选候选",
    "person": "链接到所选人物",
    "new": "新建人物",
    "reject": "不是人名",
}
NOBODY = "无人"
EMPTY = "（空）"


def worded(change: ChangeLine, language: str | None = None) -> str:
    """One line in ``language`` (the request's by default)."""
    language = language or current_language()
    params: dict[str, Any] = {k: v for k, v in change.to_json().items() if v is not None}
    if change.kind == ChangeKind.MENTIONS_MOVED:
        params |= {
            "n": change.count,
            "old": change.old or translate(NOBODY, language),
            "new": change.new or translate(NOBODY, language),
            "status": Term(change.status or ""),
        }
    elif change.kind == ChangeKind.FIELD_CHANGED:
        field = change.field or ""
        params |= {
            key: _field_value(value, field, language) for key, value in (("old", change.old), ("new", change.new))
        }
        params["field"] = translate(FIELD_LABELS.get(field, field), language)
    if change.name_type is not None:
        params["name_type"] = Term(change.name_type)
    if change.relation_type is not None:
        params["relation_type"] = translate(RELATION_LABELS.get(change.relation_type, change.relation_type), language)
    return translate(MESSAGES[change.kind], language, **params)


def _field_value(value: str | None, field: str, language: str) -> str:
    if value is None:
        return translate(EMPTY, language)
    return label(value, language) if field in CODED_FIELDS else value


def worded_lines(changes: list[ChangeLine], language: str | None = None) -> list[str]:
    """Every line worded; no change at all reads as such, so a preview is never blank."""
    return [worded(c, language) for c in changes] or [translate("没有修改", language or current_language())]


def operation_label(operation: str, language: str | None = None) -> str:
    """An operation's or a review decision's name in the reader's language (an unknown code as it is)."""
    text = OPERATION_LABELS.get(operation) or DECISION_LABELS.get(operation) or operation
    return translate(text, language or current_language())
