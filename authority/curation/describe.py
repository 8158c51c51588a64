"""A change in words, for `--dry-run`, the CLI's confirmation and the curator's preview page."""

from __future__ import annotations

from collections import Counter
from dataclasses import fields
from typing import Any

from zhiren.authority.curation.audit import AuditEntry
from zhiren.authority.curation.snapshot import Snapshot, diff
from zhiren.authority.model import Person, PersonRecord


def _value(value: object) -> str:
    text = getattr(value, "text", None)  # a HistDate shows the source wording
    return str(text if text is not None else value)


def _person_lines(before: Person | None, after: Person | None) -> list[str]:
    if before is None and after is not None:
        return [f"+ person {after.id} {after.preferred_name}"]
    if after is None and before is not None:
        return [f"- person {before.id} {before.preferred_name}"]
    assert before is not None and after is not None
    changed = [f.name for f in fields(Person) if getattr(before, f.name) != getattr(after, f.name)]
    return [
        f"~ {after.id} {name}: {_value(getattr(before, name))} → {_value(getattr(after, name))}" for name in changed
    ]


def describe(before: Snapshot, after: Snapshot) -> list[str]:
    """One line per person field, name and relation changed; mentions counted per move (a merge may move thousands)."""
    change = diff(before, after)
    old_persons = {p.id: p for p in before.persons}
    new_persons = {p.id: p for p in after.persons}
    lines: list[str] = []
    for person_id in sorted({p.id for p in (*change.write.persons, *change.delete.persons)}):
        lines += _person_lines(old_persons.get(person_id), new_persons.get(person_id))
    old_names = {n.id: n for n in before.names}
    for name in change.write.names:
        old = old_names.get(name.id)
        if old is None:
            lines.append(f"+ name {name.text} ({name.type.value}) of {name.person_id}")
        elif old.person_id != name.person_id:
            lines.append(f"~ name {name.text} ({name.type.value}): {old.person_id} → {name.person_id}")
        elif old.preferred != name.preferred:
            lines.append(f"~ name {name.text}: {'preferred' if name.preferred else 'no longer preferred'}")
    lines += [f"- name {n.text} ({n.type.value}) of {n.person_id}" for n in change.delete.names]
    old_mentions = {m.id: m for m in before.mentions}
    moves = Counter(
        (old_mentions[m.id].person_id or "nobody", m.person_id or "nobody", m.status.value)
        for m in change.write.mentions
        if m.id in old_mentions
    )
    lines += [f"~ {n} mention(s): {a} → {b} ({status})" for (a, b, status), n in sorted(moves.items())]
    old_relations = {r.id: r for r in before.relations}
    for relation in change.write.relations:
        edge = f"{relation.source_id} {relation.type.value} {relation.target_id}"
        lines.append(f"~ relation {relation.id} now {edge}" if relation.id in old_relations else f"+ relation {edge}")
    lines += [f"- relation {r.source_id} {r.type.value} {r.target_id}" for r in change.delete.relations]
    return lines or ["no change"]


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
