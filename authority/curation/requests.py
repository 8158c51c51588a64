"""Curation requests as plain field mappings (a JSON body, a form, CLI arguments) → one :class:`Change`.

The API, the curator's pages and the CLI build every write here, so each field's type, length
and characters are checked once, and a refusal names the same field whichever way it came in.
A JSON ``true`` or list where text belongs, a NUL or a bidi control in a name, a name type
one front end knows and another does not: each is refused here, before an operation exists.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from zhiren.authority.curation.curator import Curator, Outcome
from zhiren.authority.curation.operations import (
    DECISIONS,
    EXTERNAL_ID_PATTERNS,
    MAX_NAME_LENGTH,
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
from zhiren.authority.model import NAME_TYPE_LABELS, Mention, NameType
from zhiren.errors import InputError

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
MAX_ID_LENGTH = 100  # our ids are 14 characters; a curator may paste a little more
MAX_IDS = 10_000
MAX_TERM_LENGTH = 20
MAX_VALUE_LENGTH = 500  # a field value or an external id (a URI)
MAX_REASON_LENGTH = 2000
MAX_CURATOR_LENGTH = 60
MAX_VERSION_LENGTH = 64
# control (Cc), format (Cf: bidi overrides, zero-width), surrogate (Cs) and line/paragraph separators:
# invisible or reordering characters that would make a name read differently from what it is
_REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
_FLAG_WORDS = {"": False, "0": False, "false": False, "no": False, "1": True, "true": True, "yes": True}


def _json_type(value: object) -> str:
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, list | tuple):
        return "a list"
    return type(value).__name__


def checked_text(value: object, field: str, limit: int, *, multiline: bool = False) -> str:
    """``value`` if it is text of at most ``limit`` characters without control characters, else InputError."""
    if not isinstance(value, str):
        raise InputError(f"{field} must be text, not {_json_type(value)}", field=field)
    if len(value) > limit:
        raise InputError(f"{field} is at most {limit} characters (got {len(value)})", field=field)
    for at, char in enumerate(value):
        if unicodedata.category(char) in _REFUSED_CATEGORIES and not (multiline and char in "\n\r\t"):
            raise InputError(
                f"{field} holds the invisible or control character U+{ord(char):04X} at position {at}", field=field
            )
    return value


def _text(
    data: Mapping[str, Any], key: str, limit: int = MAX_ID_LENGTH, *, required: bool = True, multiline: bool = False
) -> str:
    value = data.get(key)
    text = "" if value is None else checked_text(value, key, limit, multiline=multiline).strip()
    if required and not text:
        raise InputError(f"{key} is required", field=key)
    return text


def _ids(data: Mapping[str, Any], key: str) -> tuple[str, ...]:
    """A JSON list of ids or a comma-separated field."""
    value = data.get(key)
    if value is None:
        return ()
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list | tuple):
        raise InputError(f"{key} must be a list of ids or comma-separated ids, not {_json_type(value)}", field=key)
    if len(items) > MAX_IDS:
        raise InputError(f"{key} holds at most {MAX_IDS} ids", field=key)
    return tuple(i for i in (checked_text(item, key, MAX_ID_LENGTH).strip() for item in items) if i)


def _name_type(raw: object, default: NameType) -> NameType:
    """A name type by any of its words (名, 号 or 號, 官称, title …); empty gives ``default``."""
    if raw is None or raw == "":
        return default
    label = checked_text(raw, "type", 20).strip()
    if label not in NAME_TYPE_LABELS:
        raise InputError(f"unknown name type {label!r} (one of {', '.join(NAME_TYPE_LABELS)})", field="type")
    return NAME_TYPE_LABELS[label]


def _flag(data: Mapping[str, Any], key: str) -> bool:
    value = data.get(key)
    if value is None or isinstance(value, bool):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in _FLAG_WORDS:
        return _FLAG_WORDS[value.strip().lower()]
    raise InputError(f"{key} is true or false, not {str(value)[:40]!r}", field=key)


def _values(data: Mapping[str, Any], allowed: Sequence[str], nested: str) -> tuple[tuple[str, str], ...]:
    """``{nested: {key: value}}`` (every key must be allowed) or the allowed keys of a flat form."""
    given = data.get(nested)
    if given is not None and not isinstance(given, Mapping):
        raise InputError(f"{nested} must be an object of {', '.join(allowed)}", field=nested)
    fields: Mapping[str, Any] = data if given is None else given
    if given is not None:
        unknown = [str(key)[:40] for key in given if key not in allowed]
        if unknown:
            message = f"unknown field {unknown[0]!r} (one of {', '.join(allowed)})"
            raise InputError(message, field=f"{nested}.{unknown[0]}")  # named even when the key is empty
    return tuple((key, _text(fields, key, MAX_VALUE_LENGTH, required=False)) for key in allowed if key in fields)


def checked_id(value: object, field: str = "person") -> str:
    """A person, mention or audit entry id as it arrives (a URL part, an argument)."""
    text = checked_text(value, field, MAX_ID_LENGTH).strip()
    if not text:
        raise InputError(f"{field} is required", field=field)
    return text


def curator_name(value: object, field: str = "by") -> str:
    """Who is curating, as the audit log will show it."""
    text = checked_text(value, field, MAX_CURATOR_LENGTH).strip()
    if not text:
        raise InputError(f"{field}: give the curator's name", field=field)
    return text


def _operation(operation: str, person: str, data: Mapping[str, Any]) -> Operation:
    if operation == "merge":
        return Merge(person, _text(data, "merged"))
    if operation == "split":
        new_name = _text(data, "name", MAX_NAME_LENGTH, required=False) or None
        return Split(person, _ids(data, "names"), _ids(data, "mentions"), _ids(data, "relations"), new_name)
    if operation == "rename":
        return Rename(person, _text(data, "text", MAX_NAME_LENGTH), _name_type(data.get("type"), NameType.GIVEN))
    if operation == "add-name":
        return AddName(person, _text(data, "text", MAX_NAME_LENGTH), _name_type(data.get("type"), NameType.ALIAS))
    if operation == "remove-name":
        return RemoveName(person, _text(data, "name", MAX_NAME_LENGTH))
    if operation == "set":
        return SetFields(person, _values(data, SETTABLE, "fields"))
    if operation == "link-external":
        return LinkExternal(person, _values(data, tuple(EXTERNAL_ID_PATTERNS), "ids"))
    if operation == "add-kin":
        return AddKin(person, _text(data, "term", MAX_TERM_LENGTH), _text(data, "kin"))
    if operation == "remove-relation":
        return RemoveRelation(_text(data, "relation"), person, _text(data, "target"))
    raise InputError(f"unknown operation {operation!r} (one of {', '.join(PERSON_OPERATIONS)})", field="operation")


@dataclass(frozen=True)
class Undo:
    """Restore the state before one audit entry."""

    entry_id: str


@dataclass(frozen=True)
class Change:
    """One curation write as asked for: what (an operation, or an undo) and how (reason, dry run, version)."""

    action: Operation | Undo
    reason: str = ""
    dry_run: bool = False
    expected_version: str | None = None

    def run(self, curator: Curator) -> Outcome:
        if isinstance(self.action, Undo):
            return curator.undo(self.action.entry_id, self.reason, dry_run=self.dry_run)
        return curator.run(self.action, self.reason, dry_run=self.dry_run, expected_version=self.expected_version)


def _change(action: Operation | Undo, data: Mapping[str, Any]) -> Change:
    return Change(
        action,
        reason=_text(data, "reason", MAX_REASON_LENGTH, required=False, multiline=True),
        dry_run=_flag(data, "dry_run"),
        expected_version=_text(data, "version", MAX_VERSION_LENGTH, required=False) or None,
    )


def person_change(operation: str, person: str, data: Mapping[str, Any]) -> Change:
    """The operation ``operation`` on ``person`` from request fields; fields no operation reads are ignored."""
    return _change(_operation(operation, checked_id(person), data), data)


def undo_change(entry_id: str, data: Mapping[str, Any]) -> Change:
    return _change(Undo(checked_id(entry_id, "entry")), data)


class MentionReader(Protocol):
    def get_mentions(self, mention_ids: Sequence[str]) -> dict[str, Mention]: ...


def review_change(graph: MentionReader, data: Mapping[str, Any]) -> Change:
    """A decision on a mention; ``accept`` without a person takes the best candidate."""
    mention_id = _text(data, "mention")
    decision = _text(data, "decision", 20)
    if decision not in DECISIONS:
        raise InputError(f"decision is one of {', '.join(DECISIONS)}", field="decision")
    person = _text(data, "person", required=False) or None
    mention = graph.get_mentions([mention_id]).get(mention_id)
    if mention is None:
        raise InputError(f"no mention {mention_id}", field="mention")
    candidates = mention.features.get("candidates") or []
    if decision == "accept" and person is None and candidates:
        person = candidates[0]["person_id"]
    return _change(Review(mention_id, decision, person, mention.person_id), data)
