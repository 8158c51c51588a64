"""A change as structured lines, for `--dry-run`, the CLI's confirmation, the curator's pages and the API.

Each line is a :class:`ChangeLine`: what kind of change and the ids, names and values it touched,
no words. The app words them in the reader's language through its message catalogue; ``str()``
gives the plain English line the CLI prints (the authority imports nothing of the app).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, fields
from enum import StrEnum
from typing import Any

from zhiren.authority.curation.audit import AuditEntry
from zhiren.authority.curation.snapshot import Snapshot, diff
from zhiren.authority.model import Person, PersonRecord, Relation


class ChangeKind(StrEnum):
    PERSON_ADDED = "person_added"
    PERSON_REMOVED = "person_removed"
    FIELD_CHANGED = "field_changed"
    NAME_ADDED = "name_added"
    NAME_MOVED = "name_moved"
    NAME_PREFERRED = "name_preferred"
    NAME_NOT_PREFERRED = "name_not_preferred"
    NAME_REMOVED = "name_removed"
    MENTIONS_MOVED = "mentions_moved"
    RELATION_ADDED = "relation_added"
    RELATION_CHANGED = "relation_changed"
    RELATION_REMOVED = "relation_removed"


@dataclass(frozen=True)
class ChangeLine:
    """One change. Which fields a kind fills:

    - person added / removed: ``person``, ``name`` (the preferred name);
    - field changed: ``person``, ``field`` (a :class:`Person` field), ``old``, ``new`` (the values as text);
    - name added / removed: ``name``, ``name_type``, ``person`` (its bearer);
    - name moved: ``name``, ``name_type``, ``old`` and ``new`` (the persons' ids);
    - name (no longer) preferred: ``name``, ``person``;
    - mentions moved: ``count``, ``old`` and ``new`` (persons' ids, None for nobody), ``status`` (their new one);
    - relation added / changed / removed: ``relation`` (its id), ``relation_type``, ``person`` (the source), ``other``.
    """

    kind: ChangeKind
    person: str | None = None
    name: str | None = None
    name_type: str | None = None
    field: str | None = None
    old: str | None = None
    new: str | None = None
    count: int | None = None
    status: str | None = None
    relation: str | None = None
    relation_type: str | None = None
    other: str | None = None

    def to_json(self) -> dict[str, Any]:
        """Every field, null where the kind does not fill it: one stable shape for the API."""
        return asdict(self)

    def __str__(self) -> str:
        """The plain English line (the CLI's; the pages word it in the reader's language)."""
        return _ENGLISH[self.kind].format(
            **{k: "—" if v is None else v for k, v in asdict(self).items()},
            who_old=self.old or "nobody",
            who_new=self.new or "nobody",
            s="" if self.count == 1 else "s",
        )


_ENGLISH: dict[ChangeKind, str] = {
    ChangeKind.PERSON_ADDED: "+ person {person} {name}",
    ChangeKind.PERSON_REMOVED: "- person {person} {name}",
    ChangeKind.FIELD_CHANGED: "~ {person} {field}: {old} → {new}",
    ChangeKind.NAME_ADDED: "+ name {name} ({name_type}) of {person}",
    ChangeKind.NAME_MOVED: "~ name {name} ({name_type}): {old} → {new}",
    ChangeKind.NAME_PREFERRED: "~ name {name}: preferred",
    ChangeKind.NAME_NOT_PREFERRED: "~ name {name}: no longer preferred",
    ChangeKind.NAME_REMOVED: "- name {name} ({name_type}) of {person}",
    ChangeKind.MENTIONS_MOVED: "~ {count} mention{s}: {who_old} → {who_new} ({status})",
    ChangeKind.RELATION_ADDED: "+ relation {person} {relation_type} {other}",
    ChangeKind.RELATION_CHANGED: "~ relation {relation} now {person} {relation_type} {other}",
    ChangeKind.RELATION_REMOVED: "- relation {person} {relation_type} {other}",
}


def _value(value: object) -> str | None:
    """A field's value as text: a HistDate as its source wording, external ids as ``scheme=id``."""
    if value is None or value == {}:
        return None
    if isinstance(value, dict):
        return ", ".join(f"{k}={v}" for k, v in sorted(value.items()))
    text = getattr(value, "text", None)
    return str(text if text is not None else value)


def _person_lines(before: Person | None, after: Person | None) -> list[ChangeLine]:
    if before is None and after is not None:
        return [ChangeLine(ChangeKind.PERSON_ADDED, person=after.id, name=after.preferred_name)]
    if after is None and before is not None:
        return [ChangeLine(ChangeKind.PERSON_REMOVED, person=before.id, name=before.preferred_name)]
    assert before is not None and after is not None
    return [
        ChangeLine(
            ChangeKind.FIELD_CHANGED,
            person=after.id,
            field=f.name,
            old=_value(getattr(before, f.name)),
            new=_value(getattr(after, f.name)),
        )
        for f in fields(Person)
        if getattr(before, f.name) != getattr(after, f.name)
    ]


def describe(before: Snapshot, after: Snapshot) -> list[ChangeLine]:
    """One line per person field, name and relation changed; mentions counted per move (a merge may move
    thousands). No change is an empty list."""
    change = diff(before, after)
    old_persons = {p.id: p for p in before.persons}
    new_persons = {p.id: p for p in after.persons}
    lines: list[ChangeLine] = []
    for person_id in sorted({p.id for p in (*change.write.persons, *change.delete.persons)}):
        lines += _person_lines(old_persons.get(person_id), new_persons.get(person_id))
    old_names = {n.id: n for n in before.names}
    for name in change.write.names:
        old = old_names.get(name.id)
        if old is None:
            lines.append(ChangeLine(ChangeKind.NAME_ADDED, name=name.text, name_type=name.type, person=name.person_id))
        elif old.person_id != name.person_id:
            lines.append(
                ChangeLine(
                    ChangeKind.NAME_MOVED, name=name.text, name_type=name.type, old=old.person_id, new=name.person_id
                )
            )
        elif old.preferred != name.preferred:
            kind = ChangeKind.NAME_PREFERRED if name.preferred else ChangeKind.NAME_NOT_PREFERRED
            lines.append(ChangeLine(kind, name=name.text, person=name.person_id))
    lines += [
        ChangeLine(ChangeKind.NAME_REMOVED, name=n.text, name_type=n.type, person=n.person_id)
        for n in change.delete.names
    ]
    old_mentions = {m.id: m for m in before.mentions}
    moves = Counter(
        (old_mentions[m.id].person_id or "", m.person_id or "", m.status.value)
        for m in change.write.mentions
        if m.id in old_mentions
    )
    lines += [
        ChangeLine(ChangeKind.MENTIONS_MOVED, count=n, old=a or None, new=b or None, status=status)
        for (a, b, status), n in sorted(moves.items())
    ]
    old_relations = {r.id: r for r in before.relations}
    for relation in change.write.relations:
        kind = ChangeKind.RELATION_CHANGED if relation.id in old_relations else ChangeKind.RELATION_ADDED
        lines.append(_relation_line(kind, relation))
    lines += [_relation_line(ChangeKind.RELATION_REMOVED, r) for r in change.delete.relations]
    return lines


def _relation_line(kind: ChangeKind, relation: Relation) -> ChangeLine:
    return ChangeLine(
        kind,
        relation=relation.id,
        relation_type=relation.type,
        person=relation.source_id,
        other=relation.target_id,
    )


def headline(entry: AuditEntry) -> str:
    undone = f" (undone by {entry.undone_by})" if entry.undone_by else ""
    reason = f" — {entry.reason}" if entry.reason else ""
    params = " ".join(f"{k}={v}" for k, v in entry.params.items() if v not in (None, [], ""))
    return f"{entry.id}  {entry.at[:19].replace('T', ' ')}  {entry.actor}  {entry.operation} {params}{reason}{undone}"


def person_json(record: PersonRecord, version: str) -> dict[str, Any]:
    """A person with the ids curation takes (names, relations, mentions) and the version an edit must match."""
    return {
        "id": record.person.id,
        "redirected_from": record.redirected_from,
        "version": version,
        "preferred_name": record.person.preferred_name,
        "status": record.person.status,
        "external_ids": record.person.external_ids,
        "names": [{"id": n.id, "text": n.text, "type": n.type.value, "preferred": n.preferred} for n in record.names],
        "relations": [
            {"id": r.id, "type": r.type.value, "source": r.source_id, "target": r.target_id} for r in record.relations
        ],
        "mentions": [
            {"id": m.id, "document_id": m.document_id, "surface": m.surface, "status": m.status.value}
            for m in record.mentions
        ],
    }
