"""The curator's service: run an operation (or preview it), undo an entry, read the audit log.

The domain declares the store it needs (CurationStore); both graph adapters satisfy it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from zhiren.authority.curation.audit import AuditEntry, new_entry
from zhiren.authority.curation.operations import Operation
from zhiren.authority.curation.snapshot import Scope, Snapshot
from zhiren.errors import Conflict


class CurationStore(Protocol):
    def snapshot(self, scope: Scope) -> Snapshot:
        """Persons of the scope and those redirected to them, their names, relations and mentions."""

    def apply_change(self, entry: AuditEntry, pending_for: Sequence[str] = ()) -> None:
        """In one transaction: refuse with Conflict unless the scope still equals ``entry.before``; write the
        difference to ``entry.after``; store the entry (and mark the entry it undoes as undone); leave what it
        touched pending for each derived store named in ``pending_for``."""

    def get_audit_entry(self, entry_id: str) -> AuditEntry: ...

    def audit_entries(
        self, person_id: str | None = None, limit: int = 50, before: str | None = None
    ) -> list[AuditEntry]:
        """Newest first; ``before`` is the ``at`` of the last entry of the previous page."""


def fingerprint(snapshot: Snapshot) -> str:
    """A short version tag of a person's state: the edit form sends it back so a stale edit is refused."""
    text = json.dumps(snapshot.to_json(), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@dataclass
class Outcome:
    entry: AuditEntry
    written: bool


class Curator:
    def __init__(self, store: CurationStore, actor: str, pending_for: Sequence[str] = ()) -> None:
        """``pending_for``: the derived stores (by outbox name) that must follow every written change."""
        self.store = store
        self.actor = actor
        self.pending_for = tuple(pending_for)

    def run(
        self, operation: Operation, reason: str = "", *, dry_run: bool = False, expected_version: str | None = None
    ) -> Outcome:
        """Apply ``operation``; with ``expected_version`` (from an edit form) refuse if the person changed since."""
        scope = operation.scope()
        before = self.store.snapshot(scope)
        if expected_version is not None and fingerprint(self.store.snapshot(_version_scope(scope))) != expected_version:
            raise Conflict(
                "someone changed this person since you opened it: reload and redo your edit", field="version"
            )
        after = operation.apply(before.copy())
        entry = new_entry(self.actor, operation.name, operation.params(), reason, scope, before, after)
        if not dry_run:
            self.store.apply_change(entry, self.pending_for)
        return Outcome(entry, not dry_run)

    def version(self, person_id: str) -> str:
        return fingerprint(self.store.snapshot(Scope((person_id,), person_mentions=False)))

    def undo(self, entry_id: str, reason: str = "", *, dry_run: bool = False) -> Outcome:
        """Restore the state before ``entry_id``; refused for an undo, an undone entry, or one built on."""
        entry = self.store.get_audit_entry(entry_id)
        if entry.undoes:
            raise Conflict(
                f"{entry_id} is itself an undo (of {entry.undoes}): run the operation again instead",
                field="entry",
                id=entry_id,
            )
        if entry.undone_by:
            raise Conflict(f"{entry_id} was already undone by {entry.undone_by}", field="entry", id=entry_id)
        current = self.store.snapshot(entry.scope)
        if not current.same_as(entry.after):
            raise Conflict(self._dependants_message(entry), field="entry", id=entry_id)
        undo = new_entry(self.actor, "undo", {"entry": entry_id}, reason, entry.scope, entry.after, entry.before)
        undo.undoes = entry_id
        if not dry_run:
            self.store.apply_change(undo, self.pending_for)
        return Outcome(undo, not dry_run)

    def _dependants_message(self, entry: AuditEntry) -> str:
        later = sorted(
            {
                e.id: e
                for pid in entry.person_ids
                for e in self.store.audit_entries(pid, limit=200)
                if e.at > entry.at and not e.undone_by and not e.undoes
            }.values(),
            key=lambda e: e.at,
            reverse=True,
        )
        if later:
            listed = ", ".join(f"{e.id} ({e.operation})" for e in later[:10])
            return f"cannot undo {entry.id}: later changes depend on it; undo them first, newest first: {listed}"
        return f"cannot undo {entry.id}: its persons changed since (a later ingest); nothing was written"

    def history(self, person_id: str | None = None, limit: int = 50, before: str | None = None) -> list[AuditEntry]:
        return self.store.audit_entries(person_id, limit, before)


def _version_scope(scope: Scope) -> Scope:
    return Scope(scope.person_ids[:1], person_mentions=False)
