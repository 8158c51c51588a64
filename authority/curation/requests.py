"""Curation requests as plain field mappings (JSON body, form, CLI arguments) → operations.

The API, the curator's pages and the CLI send the same field names, so one function
builds each operation and the refusals name the same fields everywhere.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from zhiren.authority.curation.operations import (
    EXTERNAL_ID_PATTERNS,
    SETTABLE,
    AddKin,
    AddName,
    LinkExternal,
    Merge,
    Operation,
    RemoveName,
    RemoveRelation,
    Rename,
    Review,
    SetFields,
    Split,
)
from zhiren.authority.model import Mention, NameType
from zhiren.errors import InputError

NAME_TYPES = {t.value: t for t in NameType}
PERSON_OPERATIONS = (
    "merge",
    "split",
    "rename",
    "add-name",
    "remove-name",
    "set",
    "link-external",
    "add-kin",
    "remove-relation",
)


def _text(data: Mapping[str, Any], key: str, *, required: bool = True) -> str:
    value = data.get(key)
    if value is None or (required and not str(value).strip()):
        if required:
            raise InputError(f"{key} is required", field=key)
        return ""
    if not isinstance(value, str | int | float):
        raise InputError(f"{key} must be text", field=key)
    return str(value)


def _ids(data: Mapping[str, Any], key: str) -> tuple[str, ...]:
    """A JSON list of ids or a comma-separated form field."""
    value = data.get(key) or []
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        raise InputError(f"{key} must be a list of ids", field=key)
    return tuple(i.strip() for i in items if i.strip())


def _name_type(data: Mapping[str, Any], default: NameType) -> NameType:
    raw = data.get("type") or default.value
    if raw not in NAME_TYPES:
        raise InputError(f"unknown name type {raw!r} (one of {', '.join(NAME_TYPES)})", field="type")
    return NAME_TYPES[raw]


def person_operation(operation: str, person_id: str, data: Mapping[str, Any]) -> Operation:
    """The operation ``operation`` on ``person_id`` from request fields; unknown fields are ignored."""
    if operation == "merge":
        return Merge(person_id, _text(data, "merged"))
    if operation == "split":
        name = _text(data, "name", required=False).strip() or None
        return Split(person_id, _ids(data, "names"), _ids(data, "mentions"), _ids(data, "relations"), name)
    if operation == "rename":
        return Rename(person_id, _text(data, "text"), _name_type(data, NameType.GIVEN))
    if operation == "add-name":
        return AddName(person_id, _text(data, "text"), _name_type(data, NameType.ALIAS))
    if operation == "remove-name":
        return RemoveName(person_id, _text(data, "name"))
    if operation == "set":
        nested = data.get("fields")
        fields: Mapping[str, Any] = nested if isinstance(nested, dict) else data
        values = tuple((k, _text(fields, k, required=False)) for k in SETTABLE if k in fields)
        return SetFields(person_id, values)
    if operation == "link-external":
        return LinkExternal(
            person_id, tuple((k, _text(data, k, required=False)) for k in EXTERNAL_ID_PATTERNS if k in data)
        )
    if operation == "add-kin":
        return AddKin(person_id, _text(data, "term"), _text(data, "kin"))
    if operation == "remove-relation":
        return RemoveRelation(_text(data, "relation"), person_id, _text(data, "target"))
    raise InputError(f"unknown operation {operation!r} (one of {', '.join(PERSON_OPERATIONS)})", field="operation")


class MentionReader(Protocol):
    def get_mentions(self, mention_ids: Sequence[str]) -> dict[str, Mention]: ...


def review_operation(graph: MentionReader, data: Mapping[str, Any]) -> Review:
    """A decision on a mention; ``accept`` without a person takes the best candidate."""
    mention_id = _text(data, "mention")
    mention = graph.get_mentions([mention_id]).get(mention_id)
    if mention is None:
        raise InputError(f"no mention {mention_id}", field="mention")
    decision = _text(data, "decision")
    person_id = _text(data, "person", required=False).strip() or None
    candidates = mention.features.get("candidates") or []
    if decision == "accept" and person_id is None and candidates:
        person_id = candidates[0]["person_id"]
    return Review(mention_id, decision, person_id, mention.person_id)
