"""The one request → change builder: every field's type, length and characters, one name-type list."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhiren.authority.curation.operations import AddName, LinkExternal, Rename, SetFields, Split
from zhiren.authority.curation.requests import PERSON_OPERATIONS, Undo, person_change, undo_change
from zhiren.authority.model import NAME_TYPE_LABELS, NameType
from zhiren.errors import InputError


def refused(operation: str, data: dict[str, Any], person: str = "p_a") -> InputError:
    with pytest.raises(InputError) as caught:
        person_change(operation, person, data)
    return caught.value


@pytest.mark.parametrize(
    ("label", "expected"), [("號", NameType.ART), ("官称", NameType.TITLE), ("字", NameType.COURTESY)]
)
def test_one_name_type_list_takes_both_scripts_and_the_authority_files_words(label: str, expected: NameType) -> None:
    action = person_change("add-name", "p_a", {"text": "止叟", "type": label}).action
    assert isinstance(action, AddName) and action.name_type == expected
    assert set(NameType) <= set(NAME_TYPE_LABELS.values()) and {t.value for t in NameType} <= set(NAME_TYPE_LABELS)
    unknown = refused("add-name", {"text": "止叟", "type": "绰号"})
    assert unknown.field == "type" and "號" in unknown.message


@pytest.mark.parametrize(
    ("operation", "data", "field"),
    [
        ("rename", {"text": True}, "text"),
        ("rename", {"text": 12}, "text"),
        ("rename", {"text": "\u0000"}, "text"),
        ("rename", {"text": "盛\u202e宣怀"}, "text"),  # a bidi override reorders what the curator reads
        ("rename", {"text": "盛\u200b宣怀"}, "text"),
        ("rename", {"text": "盛" * 41}, "text"),
        ("rename", {"text": "   "}, "text"),
        ("add-name", {"text": "x", "type": ["a"]}, "type"),
        ("add-name", {"text": ["x"]}, "text"),
        ("merge", {"merged": ["p_b"]}, "merged"),
        ("merge", {"merged": {"id": "p_b"}}, "merged"),
        ("split", {"names": [1, 2]}, "names"),
        ("split", {"names": "n1", "mentions": {"m": 1}}, "mentions"),
        ("split", {"names": ["n\x00"]}, "names"),
        ("set", {"fields": ["birth"]}, "fields"),
        ("set", {"fields": {"nickname": "x"}}, "fields.nickname"),
        ("set", {"fields": {"": "x"}}, "fields."),  # found by hypothesis: an empty key named no field
        ("set", {"fields": {"birth": 1844}}, "birth"),
        ("link-external", {"ids": {"cbdb": ["1"]}}, "cbdb"),
        ("add-kin", {"term": "長子", "kin": None}, "kin"),
        ("remove-relation", {"relation": "r1", "target": False}, "target"),
        ("rename", {"text": "止叟", "dry_run": "maybe"}, "dry_run"),
        ("rename", {"text": "止叟", "reason": "why\x00"}, "reason"),
        ("rename", {"text": "止叟", "reason": ["why"]}, "reason"),
        ("rename", {"text": "止叟", "version": "v" * 65}, "version"),
        ("bogus", {}, "operation"),
    ],
)
def test_bad_fields_are_refused_naming_the_field(operation: str, data: dict[str, Any], field: str) -> None:
    assert refused(operation, data).field == field


def test_good_requests_build_the_operation_and_options_from_any_front_end() -> None:
    change = person_change(
        "rename", "p_a", {"text": " 盛宣怀 ", "reason": "见年谱\n第二行", "dry_run": "1", "version": "v1"}
    )
    assert change.action == Rename("p_a", "盛宣怀", NameType.GIVEN)
    assert (change.reason, change.dry_run, change.expected_version) == ("见年谱\n第二行", True, "v1")
    split = person_change("split", "p_a", {"names": "n1, n2,", "mentions": ["m1"], "name": None}).action
    assert isinstance(split, Split) and (split.name_ids, split.mention_ids, split.new_name) == (
        ("n1", "n2"),
        ("m1",),
        None,
    )
    flat = person_change("set", "p_a", {"birth": "1844", "csrf": "x", "version": ""}).action
    assert flat == SetFields("p_a", (("birth", "1844"),))
    nested = person_change("link-external", "p_a", {"ids": {"cbdb": "123", "wikidata": ""}}).action
    assert nested == LinkExternal("p_a", (("cbdb", "123"), ("wikidata", "")))
    assert undo_change("e1", {"dry_run": True}).action == Undo("e1")
    with pytest.raises(InputError, match="entry"):
        undo_change("e\x001", {})
    with pytest.raises(InputError) as bad_id:
        person_change("rename", "p\x00a", {"text": "x"})
    assert bad_id.value.field == "person"


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=60),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12,
)
FIELDS = [
    "text",
    "type",
    "merged",
    "names",
    "mentions",
    "relations",
    "name",
    "fields",
    "ids",
    "cbdb",
    "birth",
    "term",
    "kin",
    "relation",
    "target",
    "reason",
    "dry_run",
    "version",
]


@given(st.sampled_from(PERSON_OPERATIONS), st.text(max_size=20), st.dictionaries(st.sampled_from(FIELDS), JSON))
def test_any_json_body_gives_a_change_or_a_refusal_naming_a_field(
    operation: str, person: str, body: dict[str, Any]
) -> None:
    try:
        change = person_change(operation, person, body)
    except InputError as exc:
        assert exc.field, exc.message
        return
    for text in (change.reason, change.expected_version or ""):
        assert "\x00" not in text
