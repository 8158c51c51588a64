"""The rows a curation change reads and rewrites, as they stand.

Every operation is a pure function from a Snapshot to a Snapshot; the store writes the
difference in one transaction only if what it holds still equals the "before" (optimistic
concurrency), and the audit entry keeps both, which makes undo exact.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from zhiren.authority.model import Mention, Name, Person, Relation, from_row, to_row

Row = Person | Name | Mention | Relation


@dataclass(frozen=True)
class Scope:
    """Which rows a change covers: persons (and persons redirected to them), their names and relations,
    their mentions when ``person_mentions`` (merge and split move them), and single mentions."""

    person_ids: tuple[str, ...]
    mention_ids: tuple[str, ...] = ()
    person_mentions: bool = True

    def to_json(self) -> dict[str, Any]:
        return {
            "person_ids": list(self.person_ids),
            "mention_ids": list(self.mention_ids),
            "person_mentions": self.person_mentions,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Scope:
        return cls(tuple(data["person_ids"]), tuple(data["mention_ids"]), bool(data["person_mentions"]))


@dataclass
class Snapshot:
    persons: list[Person] = field(default_factory=list)
    names: list[Name] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)

    def sorted(self) -> Snapshot:
        """Rows in id order, so two snapshots of the same state compare equal."""
        return Snapshot(*(sorted(rows, key=_row_id) for rows in self.parts()))

    def parts(self) -> tuple[list[Any], ...]:
        """Persons, names, mentions, relations: the four row kinds, for code that treats them alike."""
        return self.persons, self.names, self.mentions, self.relations

    def same_as(self, other: Snapshot) -> bool:
        return self.sorted() == other.sorted()

    def person(self, person_id: str) -> Person | None:
        return next((p for p in self.persons if p.id == person_id), None)

    def names_of(self, person_id: str) -> list[Name]:
        return [n for n in self.names if n.person_id == person_id]

    def copy(self) -> Snapshot:
        """A deep enough copy for operations to edit: every row replaced, lists new."""
        return Snapshot(*([replace(row) for row in rows] for rows in self.parts()))

    def to_json(self) -> dict[str, list[dict[str, Any]]]:
        return {kind: [to_row(row) for row in rows] for kind, rows in zip(_KINDS, self.sorted().parts(), strict=True)}

    @classmethod
    def from_json(cls, data: dict[str, list[dict[str, Any]]]) -> Snapshot:
        return cls(*([from_row(kind_cls, row) for row in data.get(kind, [])] for kind, kind_cls in _KINDS.items()))


_KINDS: dict[str, Any] = {"persons": Person, "names": Name, "mentions": Mention, "relations": Relation}


def _row_id(row: Row) -> str:
    return row.id


@dataclass
class Diff:
    """What the store must do to turn ``before`` into ``after``: rows to write, ids to delete."""

    write: Snapshot
    delete: Snapshot


def diff(before: Snapshot, after: Snapshot) -> Diff:
    write, delete = Snapshot(), Snapshot()
    for old_rows, new_rows, out, gone in zip(before.parts(), after.parts(), write.parts(), delete.parts(), strict=True):
        old = {row.id: row for row in old_rows}
        new_ids = {row.id for row in new_rows}
        out.extend(row for row in new_rows if old.get(row.id) != row)
        gone.extend(row for row in old_rows if row.id not in new_ids)
    return Diff(write, delete)
