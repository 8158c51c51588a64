"""The optimistic-concurrency check both graph adapters run inside a curation transaction."""

from __future__ import annotations

from authority.curation.audit import AuditEntry
from authority.curation.snapshot import Snapshot
from zhiren.errors import Conflict


def require_unchanged(current: Snapshot, entry: AuditEntry) -> None:
    """Refuse the change if another curator (or an ingest) changed these rows since they were read."""
    if current.same_as(entry.before):
        return
    changed = sorted(
        {p.id for p in current.persons} ^ {p.id for p in entry.before.persons}
        | {p.id for p in current.persons for q in entry.before.persons if p.id == q.id and p != q}
    ) or list(entry.scope.person_ids)
    raise Conflict(
        f"{', '.join(changed)} changed while this {entry.operation} was prepared: nothing written; reload, retry",
        field="person",
        ids=changed,
    )
