"""The Neo4j graph store: the official driver, batches as ``UNWIND $rows``, Cypher from cypher.py.

Each write is one managed transaction (retried by the driver on transient errors), so a
batch lands whole or not at all and the adapter works the same against a cluster.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import neo4j
from neo4j.exceptions import AuthError, ServiceUnavailable, SessionExpired, TransientError

from zhiren.authority.curation.audit import AuditEntry
from zhiren.authority.curation.review import PASSAGE_CONTEXT, QueuedLink
from zhiren.authority.curation.snapshot import Scope, Snapshot, diff
from zhiren.authority.model import (
    REVIEWED,
    Document,
    DocumentKind,
    Mention,
    Name,
    NameType,
    Person,
    PersonRecord,
    Relation,
    from_row,
    to_row,
)
from zhiren.errors import BackendUnavailable, Conflict, NotFound
from zhiren.settings import Settings
from zhiren.store.graph import cypher, traversal
from zhiren.store.graph.base import (
    GraphBatch,
    PendingBatch,
    PendingIds,
    PersonName,
    Subgraph,
    change_outbox_ids,
    covered,
    first_entries,
    gathered,
    outbox_entry,
    outbox_key,
)
from zhiren.store.graph.changes import (
    curated_persons,
    one_per_id,
    referenced_persons,
    require_unchanged,
    respect_curation,
)

T = TypeVar("T")


def connect_neo4j(settings: Settings) -> Neo4jGraphStore:
    """A driver for ``settings.neo4j_uri``, checked now so a down server is reported at once."""
    auth = (settings.neo4j_user, settings.neo4j_password) if settings.neo4j_user else None
    driver = neo4j.GraphDatabase.driver(
        settings.neo4j_uri, auth=auth, connection_timeout=5, notifications_min_severity="OFF"
    )
    try:
        driver.verify_connectivity()
    except (ServiceUnavailable, SessionExpired, AuthError, OSError) as exc:
        driver.close()
        raise BackendUnavailable(f"Neo4j at {settings.neo4j_uri}", _first_line(exc)) from None
    return Neo4jGraphStore(driver, settings.neo4j_database, settings.neo4j_uri)


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


@dataclass(frozen=True)
class _Stored:
    """What of a batch the database holds already, and the curated persons it touches."""

    curated: dict[str, str | None]
    persons: set[str]
    names: set[str]
    mentions: set[str]


def _look_up(tx: neo4j.ManagedTransaction, batch: GraphBatch, person_ids: list[str]) -> _Stored:
    def fetch(wanted: list[str]) -> list[tuple[str, str | None]]:
        return [(r["id"], r["merged_into"]) for r in tx.run(cypher.CURATED_PERSONS, ids=wanted, reviewed=REVIEWED)]

    found = tx.run(
        cypher.STORED_IDS,
        persons=person_ids,
        names=[n.id for n in batch.names],
        mentions=[m.id for m in batch.mentions],
        reviewed=REVIEWED,
    ).single(strict=True)
    persons = found["persons"]
    return _Stored(
        curated=curated_persons([(i, into) for i, curated, into in persons if curated], fetch),
        persons={i for i, _, _ in persons},
        names=set(found["names"]),
        mentions=set(found["mentions"]),
    )


def _split(rows: dict[str, dict[str, Any]], stored: set[str]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Rows of the ids not stored yet, which a plain CREATE writes, and rows of the stored ones,
    which the upsert updates. One row per id, the last winning as when written one after another."""
    return [r for i, r in rows.items() if i not in stored], [r for i, r in rows.items() if i in stored]


def _relations_by_path(
    relations: list[Relation], stored: _Stored
) -> tuple[list[Relation], list[Relation], list[Relation]]:
    """Relations with an end not stored yet (plainly created), relations between two stored
    persons (looked for between their ends), and relations beside a curated person, which alone
    can have had their ends moved (looked for beside both ends, which costs 10x more)."""
    fresh: list[Relation] = []
    plain: list[Relation] = []
    moved: list[Relation] = []
    for r in relations:
        if r.source_id in stored.curated or r.target_id in stored.curated:
            moved.append(r)
        elif r.source_id in stored.persons and r.target_id in stored.persons:
            plain.append(r)
        else:
            fresh.append(r)
    return fresh, plain, moved


def _with_new_names(
    persons: list[dict[str, Any]], names: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """New persons, each with its new names, for one CREATE; and the new names of other persons."""
    own: dict[str, list[dict[str, Any]]] = {p["id"]: [] for p in persons}
    others: list[dict[str, Any]] = []
    for name in names:
        own.get(name["person_id"], others).append(name)
    return [{"person": p, "names": own[p["id"]]} for p in persons], others


def _relation_row(relation: Relation) -> dict[str, Any]:
    """Relations keep evidence as a native string list so Cypher can union it."""
    row = to_row(relation)
    row["evidence"] = list(dict.fromkeys(relation.evidence))
    return row


def _relation(row: dict[str, Any]) -> Relation:
    row = dict(row)
    row["evidence"] = json.dumps(row.get("evidence") or [])
    return from_row(Relation, row)


class Neo4jGraphStore:
    name = "neo4j"

    def __init__(self, driver: neo4j.Driver, database: str, uri: str = "") -> None:
        self.driver = driver
        self.database = database
        self.uri = uri

    def _guard(self, work: Callable[[], T]) -> T:
        try:
            return work()
        except (ServiceUnavailable, SessionExpired) as exc:
            raise BackendUnavailable(f"Neo4j at {self.uri}", _first_line(exc)) from None
        except TransientError as exc:  # still failing after the driver's own retries (memory, locks)
            raise BackendUnavailable(f"Neo4j at {self.uri}", _first_line(exc), hint="try again later") from None

    def _write(self, work: Callable[[neo4j.ManagedTransaction], T]) -> T:
        def run() -> T:
            with self.driver.session(database=self.database) as session:
                return session.execute_write(work)

        return self._guard(run)

    def _read(self, query: str, **params: Any) -> list[neo4j.Record]:
        """An auto-commit read: no transaction to begin and commit around it, which took a quarter
        of a small look-up's time (0.79 against 0.61 ms for RETURN 1), and the resolver makes
        several per mention."""

        def run() -> list[neo4j.Record]:
            with self.driver.session(database=self.database, default_access_mode=neo4j.READ_ACCESS) as session:
                return list(session.run(query, params))

        return self._guard(run)

    def migrate(self) -> None:
        def run() -> None:
            existing = self.driver.execute_query(cypher.EXISTING_INDEXES, database_=self.database).records[0]["names"]
            for index, steps in cypher.UPGRADES:
                for statement in steps if index in existing else ():
                    self.driver.execute_query(statement, database_=self.database)
            for statement in cypher.MIGRATIONS:
                self.driver.execute_query(statement, database_=self.database)

        self._guard(run)

    # --- writes ------------------------------------------------------------------------------

    def write(self, batch: GraphBatch) -> None:
        ids = sorted(referenced_persons(batch))

        def work(tx: neo4j.ManagedTransaction) -> None:
            stored = _look_up(tx, batch, ids)
            kept = respect_curation(batch, stored.curated)
            fresh, plain, moved = _relations_by_path(one_per_id(kept.relations), stored)
            new_persons, stored_persons = _split({p.id: to_row(p) for p in kept.persons}, stored.persons)
            new_names, stored_names = _split({n.id: to_row(n) for n in kept.names}, stored.names)
            new_mentions, stored_mentions = _split({m.id: to_row(m) for m in kept.mentions}, stored.mentions)
            new_persons, new_names = _with_new_names(new_persons, new_names)
            for query, rows in (
                (cypher.CREATE_PERSONS, new_persons),
                (cypher.UPSERT_PERSONS, stored_persons),
                (cypher.CREATE_RELATIONS, [_relation_row(r) for r in fresh]),
                (cypher.UPSERT_RELATIONS, [_relation_row(r) for r in plain]),
                (cypher.INGEST_RELATIONS, [_relation_row(r) for r in moved]),
                (cypher.CREATE_NAMES, new_names),
                (cypher.UPSERT_NAMES, stored_names),
                (cypher.UPSERT_DOCUMENTS, [to_row(d) for d in kept.documents]),
                (cypher.CREATE_MENTIONS, new_mentions),
                (cypher.UPSERT_MENTIONS, stored_mentions),
            ):
                if rows:
                    tx.run(query, rows=rows).consume()
            if batch.pending_for:
                entry = outbox_entry(batch, kept)
                tx.run(
                    cypher.RECORD_PENDING,
                    sinks=list(batch.pending_for),
                    key=entry.key,
                    persons=entry.persons,
                    documents=entry.documents,
                    relations=entry.relations,
                ).consume()

        self._write(work)

    def pending(self, sink: str, limit: int = 1000) -> PendingIds:
        return gathered(self._outbox(sink), limit)

    def _outbox(self, sink: str) -> list[PendingBatch]:
        rows = self._read(cypher.PENDING, prefix=f"{sink}:")
        return [
            PendingBatch(
                row["key"], list(row["persons"]), list(row["documents"]), list(row["relations"]), row["writes"]
            )
            for row in rows
        ]

    def pending_batches(self, sink: str, limit: int = 1000) -> list[PendingBatch]:
        return first_entries(self._outbox(sink), limit)

    def clear_batches(self, sink: str, taken: Sequence[PendingBatch]) -> None:
        entries = [{"key": f"{sink}:{entry.key}", "writes": entry.writes} for entry in taken]
        self._write(lambda tx: tx.run(cypher.CLEAR_UNCHANGED, entries=entries).consume())

    def clear_pending(self, sink: str, taken: PendingIds) -> None:
        def clear(keys: list[str]) -> int:
            keyed = [f"{sink}:{key}" for key in keys]
            return int(self._write(lambda tx: tx.run(cypher.CLEAR_PENDING, keys=keyed).single(strict=True)[0]))

        if clear([outbox_key(taken)]) == 0:
            clear(covered(self._outbox(sink), taken))

    # --- reads -------------------------------------------------------------------------------

    def _person_row(self, person_id: str) -> Person | None:
        records = self._read(cypher.GET_PERSON_ROW, id=person_id)
        return from_row(Person, records[0]["person"]) if records else None

    def _resolve(self, person_id: str) -> tuple[Person, str | None]:
        seen: list[str] = []
        current = person_id
        while True:
            person = self._person_row(current)
            if person is None:
                raise NotFound(f"no person {person_id}", id=person_id)
            if not person.merged_into or current in seen:
                return person, (person_id if seen else None)
            seen.append(current)
            current = person.merged_into

    def get_person(self, person_id: str, mention_limit: int = 500) -> PersonRecord:
        person, redirected_from = self._resolve(person_id)
        row = self._read(cypher.GET_PERSON_RECORD, id=person.id, mention_limit=mention_limit)[0]
        record = _person_record(row)
        record.mentions = [from_row(Mention, m) for m in row["mentions"]]
        record.redirected_from = redirected_from
        return record

    def get_document(self, document_id: str) -> tuple[Document, list[Mention]]:
        found = self.documents_with_mentions([document_id])
        if document_id not in found:
            raise NotFound(f"no document {document_id}", id=document_id)
        return found[document_id]

    def documents_with_mentions(self, document_ids: Sequence[str]) -> dict[str, tuple[Document, list[Mention]]]:
        rows = self._read(cypher.DOCUMENTS_WITH_MENTIONS, ids=list(dict.fromkeys(document_ids)))
        return {
            r["document"]["id"]: (from_row(Document, r["document"]), [from_row(Mention, m) for m in r["mentions"]])
            for r in rows
        }

    def get_persons(self, person_ids: Sequence[str]) -> dict[str, Person]:
        return {p.id: p for p in self._persons(list(dict.fromkeys(person_ids)))}

    def relations_by_id(self, relation_ids: Sequence[str]) -> dict[str, Relation]:
        rows = self._read(cypher.RELATIONS_BY_ID, ids=list(dict.fromkeys(relation_ids)))
        return {relation.id: relation for relation in (_relation(row["relation"]) for row in rows)}

    def kin_relations(self, person_ids: Sequence[str]) -> list[Relation]:
        rows = self._read(cypher.KIN_RELATIONS_TOUCHING, ids=list(dict.fromkeys(person_ids)))
        return sorted((_relation(r["relation"]) for r in rows), key=lambda relation: relation.id)

    def get_documents(self, document_ids: Sequence[str]) -> dict[str, Document]:
        rows = self._read(cypher.DOCUMENTS_BY_ID, ids=list(dict.fromkeys(document_ids)))
        return {r["document"]["id"]: from_row(Document, r["document"]) for r in rows}

    def get_mentions(self, mention_ids: Sequence[str]) -> dict[str, Mention]:
        rows = self._read(cypher.MENTIONS_BY_ID, ids=list(mention_ids))
        return {r["mention"]["id"]: from_row(Mention, r["mention"]) for r in rows}

    def find_persons_by_name(self, key: str, limit: int = 50) -> list[Person]:
        return [from_row(Person, r["person"]) for r in self._read(cypher.FIND_PERSONS_BY_NAME, key=key, limit=limit)]

    def name_candidates(self, key: str, limit: int = 50, initials: str = "") -> list[tuple[Person, list[Name]]]:
        return self.name_candidates_related(key, (), limit, initials)[0]

    def name_candidates_related(
        self, key: str, others: Collection[str], limit: int = 50, initials: str = ""
    ) -> tuple[list[tuple[Person, list[Name]]], set[str]]:
        wanted = sorted(initials) if initials else None
        rows = self._read(cypher.NAME_CANDIDATES, key=key, others=list(others), limit=limit, initials=wanted)
        found = [(from_row(Person, r["person"]), [from_row(Name, n) for n in r["names"]]) for r in rows]
        return found, {r["person"]["id"] for r in rows if r["related"]}

    def name_candidates_many(
        self, keys: Sequence[str], limit: int = 50, initials: Mapping[str, Collection[str]] | None = None
    ) -> dict[str, list[tuple[Person, list[Name]]]]:
        wanted = {key: sorted(chars) for key, chars in (initials or {}).items()}
        rows = self._read(cypher.NAME_CANDIDATES_MANY, keys=list(dict.fromkeys(keys)), limit=limit, initials=wanted)
        return {
            r["key"]: [(from_row(Person, person), [from_row(Name, n) for n in names]) for person, names in r["found"]]
            for r in rows
        }

    def relations_among(self, ids: Sequence[str]) -> set[tuple[str, str]]:
        return {(r["source"], r["target"]) for r in self._read(cypher.RELATIONS_AMONG, ids=list(set(ids)))}

    def relations_of(self, ids: Sequence[str]) -> set[tuple[str, str]]:
        return {(r["source"], r["target"]) for r in self._read(cypher.RELATIONS_OF, ids=list(set(ids)))}

    def related_among(self, ids: Sequence[str], others: Collection[str]) -> set[str]:
        if not ids or not others:
            return set()
        return {r["id"] for r in self._read(cypher.RELATED_AMONG, ids=list(ids), others=list(others))}

    def _persons(self, ids: Sequence[str]) -> list[Person]:
        return [from_row(Person, r["person"]) for r in self._read(cypher.PERSONS_BY_ID, ids=list(ids))]

    def _relations_touching(self, ids: Sequence[str]) -> list[Relation]:
        return [_relation(r["relation"]) for r in self._read(cypher.RELATIONS_TOUCHING, ids=list(ids))]

    def neighbourhood(self, person_id: str, depth: int = 1, limit: int = 500) -> Subgraph:
        start, _ = self._resolve(person_id)
        return traversal.neighbourhood(start.id, depth, limit, self._relations_touching, self._persons)

    def shortest_path(self, source_id: str, target_id: str, max_depth: int = 6) -> Subgraph | None:
        source, _ = self._resolve(source_id)
        target, _ = self._resolve(target_id)
        return traversal.shortest_path(source.id, target.id, max_depth, self._relations_touching, self._persons)

    # --- curation ----------------------------------------------------------------------------

    def snapshot(self, scope: Scope) -> Snapshot:
        return self._guard(
            lambda: self.driver.execute_query(
                cypher.SNAPSHOT,
                _scope_params(scope),
                database_=self.database,
                routing_=neo4j.RoutingControl.READ,
                result_transformer_=_snapshot_of,
            )
        )

    def apply_change(self, entry: AuditEntry, pending_for: Sequence[str] = ()) -> None:
        change = diff(entry.before, entry.after)
        touched = change_outbox_ids(entry)
        persons = sorted({p.id for p in (*entry.before.persons, *entry.after.persons)} | set(entry.scope.person_ids))
        stale_relations = [r.id for r in (*change.delete.relations, *change.write.relations)]
        row = {**entry.to_row(), "person_ids": entry.person_ids}

        def work(tx: neo4j.ManagedTransaction) -> None:
            tx.run(cypher.LOCK_PERSONS, ids=persons).consume()
            if entry.scope.mention_ids:
                tx.run(cypher.LOCK_MENTIONS, ids=list(entry.scope.mention_ids)).consume()
            require_unchanged(_snapshot_of(tx.run(cypher.SNAPSHOT, _scope_params(entry.scope))), entry)
            if stale_relations:
                tx.run(cypher.DELETE_RELATIONS, persons=persons, ids=stale_relations).consume()
            for query, rows in (
                (cypher.UPSERT_PERSONS, [to_row(p) for p in change.write.persons]),
                (cypher.UPSERT_NAMES, [to_row(n) for n in change.write.names]),
                (cypher.UPSERT_MENTIONS, [to_row(m) for m in change.write.mentions]),
                (cypher.UPSERT_RELATIONS, [_relation_row(r) for r in one_per_id(change.write.relations)]),
                (cypher.DELETE_NAMES, [n.id for n in change.delete.names]),
                (cypher.DELETE_MENTIONS, [m.id for m in change.delete.mentions]),
                (cypher.DELETE_PERSONS, [p.id for p in change.delete.persons]),
            ):
                if rows:
                    tx.run(query, rows=rows, ids=rows).consume()
            tx.run(cypher.CREATE_AUDIT_ENTRY, row=row).consume()
            if entry.undoes and tx.run(cypher.MARK_UNDONE, id=entry.undoes, by=entry.id).single(strict=True)[0] != 1:
                raise Conflict(f"{entry.undoes} was already undone", field="entry", id=entry.undoes)
            if pending_for:
                tx.run(
                    cypher.RECORD_PENDING,
                    sinks=list(pending_for),
                    key=outbox_key(touched),
                    persons=touched.persons,
                    documents=touched.documents,
                    relations=touched.relations,
                ).consume()

        self._write(work)

    def get_audit_entry(self, entry_id: str) -> AuditEntry:
        records = self._read(cypher.GET_AUDIT_ENTRY, id=entry_id)
        if not records:
            raise NotFound(f"no audit entry {entry_id}", field="entry", id=entry_id)
        return _audit_entry(records[0]["entry"])

    def audit_entries(
        self, person_id: str | None = None, limit: int = 50, before: str | None = None
    ) -> list[AuditEntry]:
        rows = self._read(cypher.AUDIT_ENTRIES, person=person_id, before=before or "~", limit=limit)
        return [_audit_entry(r["entry"]) for r in rows]

    def audit_entries_of(self, person_ids: Sequence[str]) -> list[AuditEntry]:
        rows = self._read(cypher.AUDIT_ENTRIES_OF, ids=list(dict.fromkeys(person_ids)))
        return [_audit_entry(r["entry"]) for r in rows]

    def queued_mentions(
        self, limit: int = 50, after: str | None = None, min_score: float = 0.0, source: str | None = None
    ) -> list[QueuedLink]:
        rows = self._read(
            cypher.QUEUED_MENTIONS,
            limit=limit,
            after=after or "",
            min_score=min_score,
            source=source,
            ctx=PASSAGE_CONTEXT,
        )
        return [
            QueuedLink(
                from_row(Mention, r["mention"]), r["title"], r["collection"], r["kind"], r["window"], r["window_start"]
            )
            for r in rows
        ]

    # --- bulk reads and housekeeping ---------------------------------------------------------

    def counts(self) -> dict[str, int]:
        return dict(self._read(cypher.COUNTS)[0])

    def iter_persons(self, batch_size: int = 1000) -> Iterator[list[PersonRecord]]:
        after = ""
        while rows := self._read(cypher.PERSON_RECORDS_AFTER, after=after, limit=batch_size):
            yield [_person_record(row) for row in rows]
            after = rows[-1]["person"]["id"]

    def person_records(self, person_ids: Sequence[str]) -> dict[str, PersonRecord]:
        rows = self._read(cypher.PERSON_RECORDS_BY_ID, ids=list(dict.fromkeys(person_ids)))
        return {row["person"]["id"]: _person_record(row) for row in rows}

    def iter_person_names(self, batch_size: int = 5000) -> Iterator[list[PersonName]]:
        after = ""
        while page := self._read(cypher.PERSON_NAMES_AFTER, after=after, limit=batch_size)[0]["page"]:
            yield [PersonName(key, NameType(type_), pid, name) for pid, name, names in page for key, type_ in names]
            after = max(pid for pid, _, _ in page)

    def iter_documents(self, batch_size: int = 1000, kind: DocumentKind | None = None) -> Iterator[list[Document]]:
        after = ""
        while rows := self._read(cypher.DOCUMENTS_AFTER, after=after, limit=batch_size, kind=kind):
            yield [from_row(Document, r["document"]) for r in rows]
            after = rows[-1]["document"]["id"]

    def delete_documents(self, ids: Sequence[str]) -> None:
        self._write(lambda tx: tx.run(cypher.DELETE_DOCUMENTS, ids=list(ids)).consume())

    def clear(self) -> None:
        def run() -> None:
            with self.driver.session(database=self.database) as session:
                for statement in cypher.CLEAR:
                    session.run(statement).consume()

        self._guard(run)

    def close(self) -> None:
        self.driver.close()


def _person_record(row: neo4j.Record) -> PersonRecord:
    """Names and relations in the same order the embedded store gives them."""
    names = sorted((from_row(Name, n) for n in row["names"]), key=lambda n: (not n.preferred, n.type.value, n.text))
    relations = sorted((_relation(r) for r in row["relations"]), key=lambda r: (r.type.value, r.id))
    return PersonRecord(from_row(Person, row["person"]), names, relations, [])


def _scope_params(scope: Scope) -> dict[str, Any]:
    return {
        "ids": list(scope.person_ids),
        "mention_ids": list(scope.mention_ids),
        "person_mentions": scope.person_mentions,
    }


def _snapshot_of(result: neo4j.Result) -> Snapshot:
    row = result.single(strict=True)
    mentions = {m["id"]: from_row(Mention, m) for m in (*row["listed"], *row["held"])}
    persons = {p["id"]: from_row(Person, p) for p in (*row["own"], *row["redirected"])}
    return Snapshot(
        list(persons.values()),
        [from_row(Name, n) for n in row["names"]],
        list(mentions.values()),
        [_relation(r) for r in row["relations"]],
    ).sorted()


def _audit_entry(row: dict[str, Any]) -> AuditEntry:
    return AuditEntry.from_row({**row, "person_ids": json.dumps(row["person_ids"])})
