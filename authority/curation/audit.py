"""Audit entries: who changed what, when, why, with the exact before and after of every row touched."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from zhiren.authority.curation.snapshot import Scope, Snapshot
from zhiren.authority.ids import new_id


@dataclass
class AuditEntry:
    id: str
    at: str  # ISO 8601 UTC with microseconds: entries sort by it
    actor: str
    operation: str  # merge, split, rename, add-name, …, review, undo
    params: dict[str, Any]
    reason: str
    scope: Scope
    before: Snapshot
    after: Snapshot
    undoes: str | None = None
    undone_by: str | None = None
    person_ids: list[str] = field(default_factory=list)

    def to_row(self) -> dict[str, Any]:
        """Flat properties for either store (JSON text for the nested parts)."""
        return {
            "id": self.id,
            "at": self.at,
            "actor": self.actor,
            "operation": self.operation,
            "params": json.dumps(self.params, ensure_ascii=False, sort_keys=True),
            "reason": self.reason,
            "scope": json.dumps(self.scope.to_json()),
            "before": json.dumps(self.before.to_json(), ensure_ascii=False),
            "after": json.dumps(self.after.to_json(), ensure_ascii=False),
            "undoes": self.undoes,
            "undone_by": self.undone_by,
            "person_ids": json.dumps(self.person_ids),
        }

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> AuditEntry:
        return cls(
            id=row["id"],
            at=row["at"],
            actor=row["actor"],
            operation=row["operation"],
            params=json.loads(row["params"]),
            reason=row["reason"] or "",
            scope=Scope.from_json(json.loads(row["scope"])),
            before=Snapshot.from_json(json.loads(row["before"])),
            after=Snapshot.from_json(json.loads(row["after"])),
            undoes=row.get("undoes"),
            undone_by=row.get("undone_by"),
            person_ids=json.loads(row["person_ids"]),
        )


def new_entry(
    actor: str, operation: str, params: dict[str, Any], reason: str, scope: Scope, before: Snapshot, after: Snapshot
) -> AuditEntry:
    """An entry stamped now; ``person_ids`` lists every person whose rows it touched, for `zhiren audit --person`."""
    touched = sorted({p.id for p in (*before.persons, *after.persons)} | set(scope.person_ids))
    return AuditEntry(
        id=new_id("a"),
        at=datetime.now(UTC).isoformat(timespec="microseconds"),
        actor=actor,
        operation=operation,
        params=params,
        reason=reason,
        scope=scope,
        before=before.sorted(),
        after=after.sorted(),
        person_ids=touched,
    )
