"""Preconditions of merge and split, shared by every graph adapter so they refuse alike."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from authority.model import Person
from zhiren.errors import Conflict, InputError, NotFound


def _require_live(person_id: str, person: Person | None) -> Person:
    if person is None:
        raise NotFound(f"no person {person_id}", id=person_id)
    if person.merged_into:
        raise Conflict(
            f"person {person_id} was merged into {person.merged_into}", id=person_id, merged_into=person.merged_into
        )
    return person


def check_merge(survivor_id: str, merged_id: str, survivor: Person | None, merged: Person | None) -> None:
    if survivor_id == merged_id:
        raise InputError("cannot merge a person into itself", field="merged_id", id=merged_id)
    _require_live(survivor_id, survivor)
    _require_live(merged_id, merged)


def check_split(
    person_id: str,
    person: Person | None,
    existing_new: Person | None,
    owned_names: Collection[str],
    owned_mentions: Collection[str],
    name_ids: Sequence[str],
    mention_ids: Sequence[str],
) -> None:
    _require_live(person_id, person)
    if existing_new is not None:
        raise Conflict(f"person {existing_new.id} already exists", field="new_person", id=existing_new.id)
    if not name_ids and not mention_ids:
        raise InputError("nothing to split off: give names or mentions", field="names")
    foreign = [i for i in name_ids if i not in owned_names]
    if foreign:
        raise InputError(f"names not held by {person_id}: {', '.join(foreign)}", field="names")
    foreign = [i for i in mention_ids if i not in owned_mentions]
    if foreign:
        raise InputError(f"mentions not held by {person_id}: {', '.join(foreign)}", field="mentions")
    if owned_names and set(owned_names) <= set(name_ids):
        raise InputError(f"cannot split off every name of {person_id}", field="names")
