"""The embedded graph store: SQLite from the standard library, one file in the data folder.

Relations are rows with source and target; traversals are breadth-first over indexed
lookups, which is plenty for one library's authority on one machine.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import replace
from pathlib import Path

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
    column_names,
    from_row,
    to_values,
)
from zhiren.errors import Conflict, NotFound
from zhiren.store.graph import traversal
from zhiren.store.graph.base import (
    KIN_TYPES,
    GraphBatch,
    PendingBatch,
    PendingIds,
    PersonName,
    Subgraph,
    candidates_and_related,
    change_outbox_ids,
    covered,
    first_entries,
    gathered,
    outbox_entry,
    outbox_key,
)
from zhiren.store.graph.changes import curated_persons, referenced_persons, require_unchanged, respect_curation
from zhiren.store.sqlite_file import SqliteFile

SCHEMA = """
CREATE TABLE IF NOT EXISTS persons (
    id TEXT PRIMARY KEY, preferred_name TEXT NOT NULL, gender TEXT, birth TEXT, death TEXT,
    floruit TEXT, native_place TEXT, status TEXT, external_ids TEXT, merged_into TEXT);
CREATE INDEX IF NOT EXISTS persons_merged_into ON persons(merged_into);
CREATE INDEX IF NOT EXISTS persons_initial ON persons(id, substr(preferred_name, 1, 1));
CREATE TABLE IF NOT EXISTS names (
    id TEXT PRIMARY KEY, person_id TEXT NOT NULL, text TEXT NOT NULL, type TEXT, script TEXT,
    key TEXT, pinyin TEXT, wade_giles TEXT, preferred INTEGER);
CREATE INDEX IF NOT EXISTS names_person ON names(person_id);
CREATE INDEX IF NOT EXISTS names_key_person ON names(key, person_id);
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY, kind TEXT, title TEXT, text TEXT, date TEXT, collection TEXT,
    shelfmark TEXT, meta TEXT);
CREATE TABLE IF NOT EXISTS mentions (
    id TEXT PRIMARY KEY, document_id TEXT NOT NULL, start INTEGER, "end" INTEGER, surface TEXT,
    person_id TEXT, role TEXT, method TEXT, confidence REAL, status TEXT, features TEXT);
CREATE INDEX IF NOT EXISTS mentions_person ON mentions(person_id);
CREATE INDEX IF NOT EXISTS mentions_document ON mentions(document_id);
-- Only queued mentions (a few in a hundred) are indexed for the review queue, which asks for
-- status = 'queued' literally so this partial index serves it. An index on every mention's
-- status slowed every write.
DROP INDEX IF EXISTS mentions_status;
CREATE INDEX IF NOT EXISTS mentions_queued ON mentions(id) WHERE status = 'queued';
CREATE INDEX IF NOT EXISTS documents_kind ON documents(kind, id);
CREATE TABLE IF NOT EXISTS relations (
    id TEXT PRIMARY KEY, type TEXT NOT NULL, source_id TEXT NOT NULL, target_id TEXT NOT NULL,
    confidence REAL, evidence TEXT, date TEXT, attributes TEXT);
CREATE INDEX IF NOT EXISTS relations_source ON relations(source_id);
CREATE INDEX IF NOT EXISTS relations_target ON relations(target_id);
CREATE TABLE IF NOT EXISTS audit (
    id TEXT PRIMARY KEY, at TEXT NOT NULL, actor TEXT, operation TEXT, params TEXT, reason TEXT, scope TEXT,
    before TEXT, after TEXT, undoes TEXT, undone_by TEXT, person_ids TEXT);
CREATE INDEX IF NOT EXISTS audit_at ON audit(at);
CREATE TABLE IF NOT EXISTS audit_persons (
    person_id TEXT NOT NULL, at TEXT NOT NULL, entry_id TEXT NOT NULL, PRIMARY KEY (person_id, at, entry_id));
-- The outbox: per committed batch and derived store (sink) that has yet to take it in, the ids
-- of the persons, documents and relations it touched (JSON lists). A row per id (the first shape)
-- was dropped. Older files gain writes and relations in migrate().
DROP TABLE IF EXISTS outbox;
CREATE TABLE IF NOT EXISTS outbox_batches (
    sink TEXT NOT NULL, key TEXT NOT NULL, persons TEXT NOT NULL, documents TEXT NOT NULL,
    relations TEXT NOT NULL DEFAULT '[]', writes INTEGER NOT NULL DEFAULT 1, PRIMARY KEY (sink, key)) WITHOUT ROWID;
"""

_TABLES: dict[str, type] = {
    "persons": Person,
    "names": Name,
    "documents": Document,
    "mentions": Mention,
    "relations": Relation,
}


def _upsert_sql(table: str, kept: tuple[str, ...] = ("id",)) -> str:
    """Columns in dataclass field order, so rows bind as plain tuples from ``to_values``;
    ``kept`` columns of a stored row are not updated."""
    cols = column_names(_TABLES[table])
    quoted = ", ".join(f'"{c}"' for c in cols)
    marks = ", ".join("?" for _ in cols)
    updates = ", ".join(f'"{c}" = excluded."{c}"' for c in cols if c not in kept)
    return f"INSERT INTO {table} ({quoted}) VALUES ({marks}) ON CONFLICT(id) DO UPDATE SET {updates}"


_UPSERT = {table: _upsert_sql(table) for table in _TABLES}
# An ingest does not move a stored relation: its ends may be a curator's (see respect_curation).
_INGEST_RELATIONS = _upsert_sql("relations", kept=("id", "source_id", "target_id"))
# Live persons by id page; `+merged_into` keeps the planner off the merged_into index, which
# matches every live person and made each page a scan of the table (51 s for 500,000 persons).
_LIVE_PERSONS_AFTER = "SELECT {columns} FROM persons WHERE +merged_into IS NULL AND id > ? ORDER BY id LIMIT ?"
_CURATED = ("persons", "names", "mentions", "relations")  # the order of Snapshot.parts()


# status = 'queued' is written out, not a parameter, so the partial index mentions_queued serves it.
QUEUED_MENTIONS = (
    "SELECT m.*, d.title AS d_title, d.collection AS d_collection, d.kind AS d_kind,"
    ' substr(d.text, max(m.start - :ctx, 0) + 1, m."end" - max(m.start - :ctx, 0) + :ctx) AS d_window,'
    " max(m.start - :ctx, 0) AS d_window_start"
    " FROM mentions m JOIN documents d ON d.id = m.document_id"
    " WHERE m.status = 'queued' AND m.id > :after AND m.confidence >= :min_score"
    " AND (:source IS NULL OR d.kind = :source OR d.collection = :source)"
    " ORDER BY m.id LIMIT :limit"
)


class SqliteGraphStore:
    """GraphStore on one SQLite file; one connection per thread (WAL lets readers run beside a writer)."""

    name = "embedded"

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file = SqliteFile(path)

    @property
    def _db(self) -> sqlite3.Connection:
        return self._file.db

    def migrate(self) -> None:
        self._file.run_script(SCHEMA)
        # names(key) alone made each bearer of a crowded key a row read for its person_id (a synthetic
        # given name borne by 370 persons at 500,000: half a reconciliation batch's time); the index
        # on (key, person_id) answers the bearers from the index and replaces it.
        self._file.run_script("DROP INDEX IF EXISTS names_key")
        columns = {row["name"] for row in self._file.db.execute("PRAGMA table_info(outbox_batches)")}
        if "writes" not in columns:
            self._file.run_script("ALTER TABLE outbox_batches ADD COLUMN writes INTEGER NOT NULL DEFAULT 1")
        if "relations" not in columns:
            self._file.run_script("ALTER TABLE outbox_batches ADD COLUMN relations TEXT NOT NULL DEFAULT '[]'")

    # --- writes ------------------------------------------------------------------------------

    def write(self, batch: GraphBatch) -> None:
        given = batch
        with self._file.transaction() as db:
            batch = respect_curation(batch, _curated(db, referenced_persons(batch)))
            if given.pending_for:
                entry = outbox_entry(given, batch)
                db.executemany(_PENDING, [_outbox_row(sink, entry.key, entry) for sink in given.pending_for])
            for table, items in (
                ("persons", batch.persons),
                ("names", batch.names),
                ("documents", batch.documents),
                ("mentions", batch.mentions),
            ):
                if items:
                    db.executemany(_UPSERT[table], [to_values(item) for item in items])
            if batch.relations:
                db.executemany(_INGEST_RELATIONS, _relation_rows(db, batch.relations))

    def pending(self, sink: str, limit: int = 1000) -> PendingIds:
        return gathered(_outbox(self._db, sink), limit)

    def clear_pending(self, sink: str, taken: PendingIds) -> None:
        with self._file.transaction() as db:
            if db.execute(_CLEAR, (sink, outbox_key(taken))).rowcount == 0:
                db.executemany(_CLEAR, [(sink, key) for key in covered(list(_outbox(db, sink)), taken)])

    def pending_batches(self, sink: str, limit: int = 1000) -> list[PendingBatch]:
        return first_entries(_outbox(self._db, sink), limit)

    def clear_batches(self, sink: str, taken: Sequence[PendingBatch]) -> None:
        with self._file.transaction() as db:
            db.executemany(_CLEAR_UNCHANGED, [(sink, entry.key, entry.writes) for entry in taken])

    # --- reads -------------------------------------------------------------------------------

    def _resolve(self, person_id: str) -> tuple[Person, str | None]:
        """The live person for an id, following merge redirects."""
        seen: list[str] = []
        current = person_id
        while True:
            row = self._db.execute("SELECT * FROM persons WHERE id = ?", (current,)).fetchone()
            if row is None:
                raise NotFound(f"no person {person_id}", id=person_id)
            person = from_row(Person, dict(row))
            if not person.merged_into or current in seen:
                return person, (person_id if seen else None)
            seen.append(current)
            current = person.merged_into

    def get_person(self, person_id: str, mention_limit: int = 500) -> PersonRecord:
        person, redirected_from = self._resolve(person_id)
        db = self._db
        names = [
            from_row(Name, dict(r))
            for r in db.execute(
                "SELECT * FROM names WHERE person_id = ? ORDER BY preferred DESC, type, text", (person.id,)
            )
        ]
        relations = [
            from_row(Relation, dict(r))
            for r in db.execute(
                "SELECT * FROM relations WHERE source_id = ? UNION SELECT * FROM relations WHERE target_id = ?"
                " ORDER BY type, id",
                (person.id, person.id),
            )
        ]
        mentions = [
            from_row(Mention, dict(r))
            for r in db.execute(
                "SELECT * FROM mentions WHERE person_id = ? ORDER BY document_id, start LIMIT ?",
                (person.id, mention_limit),
            )
        ]
        return PersonRecord(person, names, relations, mentions, redirected_from)

    def get_document(self, document_id: str) -> tuple[Document, list[Mention]]:
        found = self.documents_with_mentions([document_id])
        if document_id not in found:
            raise NotFound(f"no document {document_id}", id=document_id)
        return found[document_id]

    def documents_with_mentions(self, document_ids: Sequence[str]) -> dict[str, tuple[Document, list[Mention]]]:
        # In-process, an indexed look-up per document is cheaper than one IN list over all
        # (100,000 mentions of 2,000 documents: 0.22 against 0.36 s of CPU).
        found: dict[str, tuple[Document, list[Mention]]] = {}
        for document in self.get_documents(document_ids).values():
            rows = self._db.execute("SELECT * FROM mentions WHERE document_id = ? ORDER BY start", (document.id,))
            found[document.id] = (document, [from_row(Mention, dict(r)) for r in rows])
        return found

    def get_persons(self, person_ids: Sequence[str]) -> dict[str, Person]:
        found: dict[str, Person] = {}
        for chunk in _chunks(list(dict.fromkeys(person_ids)), 500):
            found.update((p.id, p) for p in self._persons(chunk))
        return found

    def relations_by_id(self, relation_ids: Sequence[str]) -> dict[str, Relation]:
        found: dict[str, Relation] = {}
        for chunk in _chunks(list(dict.fromkeys(relation_ids)), 500):
            rows = self._db.execute(f"SELECT * FROM relations WHERE id IN ({_marks(chunk)})", chunk)
            found.update((row["id"], from_row(Relation, dict(row))) for row in rows)
        return found

    def kin_relations(self, person_ids: Sequence[str]) -> list[Relation]:
        kin = [t.value for t in KIN_TYPES]
        found: dict[str, Relation] = {}
        for chunk in _chunks(list(dict.fromkeys(person_ids)), 400):
            types, marks = _marks(kin), _marks(chunk)
            rows = self._db.execute(
                f"SELECT * FROM relations WHERE type IN ({types}) AND source_id IN ({marks})"
                f" UNION SELECT * FROM relations WHERE type IN ({types}) AND target_id IN ({marks})",
                [*kin, *chunk, *kin, *chunk],
            )
            found.update((r["id"], from_row(Relation, dict(r))) for r in rows)
        return [found[key] for key in sorted(found)]

    def get_documents(self, document_ids: Sequence[str]) -> dict[str, Document]:
        found: dict[str, Document] = {}
        for chunk in _chunks(list(dict.fromkeys(document_ids)), 500):
            rows = self._db.execute(f"SELECT * FROM documents WHERE id IN ({_marks(chunk)})", list(chunk))
            found.update((r["id"], from_row(Document, dict(r))) for r in rows)
        return found

    def get_mentions(self, mention_ids: Sequence[str]) -> dict[str, Mention]:
        found: dict[str, Mention] = {}
        for chunk in _chunks(mention_ids, 500):
            rows = self._db.execute(f"SELECT * FROM mentions WHERE id IN ({_marks(chunk)})", list(chunk))
            found.update((r["id"], from_row(Mention, dict(r))) for r in rows)
        return found

    def find_persons_by_name(self, key: str, limit: int = 50) -> list[Person]:
        rows = self._db.execute(
            "SELECT DISTINCT p.* FROM names n JOIN persons p ON p.id = n.person_id"
            " WHERE n.key = ? AND p.merged_into IS NULL ORDER BY p.id LIMIT ?",
            (key, limit),
        )
        return [from_row(Person, dict(r)) for r in rows]

    def name_candidates(self, key: str, limit: int = 50, initials: str = "") -> list[tuple[Person, list[Name]]]:
        return self.name_candidates_many([key], limit, {key: initials} if initials else None)[key]

    def name_candidates_many(
        self, keys: Sequence[str], limit: int = 50, initials: Mapping[str, Collection[str]] | None = None
    ) -> dict[str, list[tuple[Person, list[Name]]]]:
        """Two reads for all the keys (their bearers' names, then the persons), not two per key: a
        reconciliation batch or an ingest's read-ahead asks for dozens at once. SQLite finds each
        key's first ``limit`` live bearers, so a crowded key (370 bearers of a synthetic 字 at
        500,000 persons) costs ``limit`` persons, not all of them; of a key of ``initials`` (single
        characters), SQLite counts and keeps only those whose preferred name begins with one."""
        initials = initials or {}
        bearers: dict[str, dict[str, list[sqlite3.Row]]] = {key: {} for key in dict.fromkeys(keys)}
        if limit > 0 and bearers:
            asked = [[key, "".join(sorted(initials[key])) if key in initials else None] for key in bearers]
            rows = self._db.execute(_FIRST_BEARERS, {"limit": limit, "asked": json.dumps(asked, ensure_ascii=False)})
            for row in rows:
                bearers[row["key"]].setdefault(row["person_id"], []).append(row)
        persons = self.get_persons([person_id for names in bearers.values() for person_id in names])
        return {
            key: [(persons[i], [from_row(Name, dict(row)) for row in names[i]]) for i in names if i in persons]
            for key, names in bearers.items()
        }

    def relations_among(self, ids: Sequence[str]) -> set[tuple[str, str]]:
        """The two ends of each relation from one of ``ids`` to another, matched in SQL with the ids
        given once as a JSON array: an archive's owner is the source of thousands of relations, and
        reading them into Python to keep the few whose target is wanted held the ingest's main
        thread (py-spy, bench/bench_ingest.py; 40,000 of the owner's among 140,000 relations and
        3,000 ids: 30 -> 12 ms, none of it in Python)."""
        return self._relation_pairs(ids, " AND target_id IN ({ids})")

    def relations_of(self, ids: Sequence[str]) -> set[tuple[str, str]]:
        return self._relation_pairs(ids, " UNION SELECT source_id, target_id FROM relations WHERE target_id IN ({ids})")

    def _relation_pairs(self, ids: Sequence[str], then: str) -> set[tuple[str, str]]:
        """(source, target) of the relations from one of ``ids`` and ``then`` (SQL, ``{ids}`` for them)."""
        wanted = json.dumps(sorted(set(ids)), ensure_ascii=False)
        given = "SELECT value FROM json_each(?)"
        sql = f"SELECT source_id, target_id FROM relations WHERE source_id IN ({given})" + then.format(ids=given)
        return {(source, target) for source, target in self._db.execute(sql, (wanted, wanted))}

    def name_candidates_related(
        self, key: str, others: Collection[str], limit: int = 50, initials: str = ""
    ) -> tuple[list[tuple[Person, list[Name]]], set[str]]:
        return candidates_and_related(self, key, others, limit, initials)

    def related_among(self, ids: Sequence[str], others: Collection[str]) -> set[str]:
        if not ids or not others:
            return set()
        near, far = _marks(ids), _marks(list(others))
        rows = self._db.execute(
            f"SELECT source_id FROM relations WHERE source_id IN ({near}) AND target_id IN ({far})"
            f" UNION SELECT target_id FROM relations WHERE target_id IN ({near}) AND source_id IN ({far})",
            [*ids, *others, *ids, *others],
        )
        return {row[0] for row in rows}

    def _persons(self, ids: Sequence[str]) -> list[Person]:
        rows = self._db.execute(f"SELECT * FROM persons WHERE id IN ({_marks(ids)}) ORDER BY id", list(ids))
        return [from_row(Person, dict(r)) for r in rows]

    def _relations_touching(self, ids: Sequence[str]) -> list[Relation]:
        marks = _marks(ids)
        rows = self._db.execute(
            f"SELECT * FROM relations WHERE source_id IN ({marks})"
            f" UNION SELECT * FROM relations WHERE target_id IN ({marks})",
            [*ids, *ids],
        )
        return [from_row(Relation, dict(r)) for r in rows]

    def neighbourhood(self, person_id: str, depth: int = 1, limit: int = 500) -> Subgraph:
        start, _ = self._resolve(person_id)
        return traversal.neighbourhood(start.id, depth, limit, self._relations_touching, self._persons)

    def shortest_path(self, source_id: str, target_id: str, max_depth: int = 6) -> Subgraph | None:
        source, _ = self._resolve(source_id)
        target, _ = self._resolve(target_id)
        return traversal.shortest_path(source.id, target.id, max_depth, self._relations_touching, self._persons)

    # --- curation ----------------------------------------------------------------------------

    def snapshot(self, scope: Scope) -> Snapshot:
        return self._snapshot(self._db, scope)

    def _snapshot(self, db: sqlite3.Connection, scope: Scope) -> Snapshot:
        ids, marks = list(scope.person_ids), _marks(scope.person_ids)
        persons = db.execute(
            f"SELECT * FROM persons WHERE id IN ({marks}) UNION SELECT * FROM persons WHERE merged_into IN ({marks})",
            ids + ids,
        )
        names = db.execute(f"SELECT * FROM names WHERE person_id IN ({marks})", ids)
        mention_rows = list(
            db.execute(f"SELECT * FROM mentions WHERE id IN ({_marks(scope.mention_ids)})", list(scope.mention_ids))
        )
        if scope.person_mentions:
            mention_rows += db.execute(f"SELECT * FROM mentions WHERE person_id IN ({marks})", ids).fetchall()
        mentions = {row["id"]: from_row(Mention, dict(row)) for row in mention_rows}
        return Snapshot(
            [from_row(Person, dict(r)) for r in persons],
            [from_row(Name, dict(r)) for r in names],
            list(mentions.values()),
            self._relations_touching(ids),
        ).sorted()

    def apply_change(self, entry: AuditEntry, pending_for: Sequence[str] = ()) -> None:
        with self._file.transaction() as db:
            require_unchanged(self._snapshot(db, entry.scope), entry)
            change = diff(entry.before, entry.after)
            for table, gone in zip(_CURATED, change.delete.parts(), strict=True):
                db.executemany(f"DELETE FROM {table} WHERE id = ?", [(row.id,) for row in gone])
            for table, rows in zip(_CURATED, change.write.parts(), strict=True):
                db.executemany(_UPSERT[table], [to_values(row) for row in rows])
            row = entry.to_row()
            db.execute(f"INSERT INTO audit ({', '.join(row)}) VALUES ({_marks(list(row))})", list(row.values()))
            db.executemany(
                "INSERT INTO audit_persons (person_id, at, entry_id) VALUES (?, ?, ?)",
                [(pid, entry.at, entry.id) for pid in entry.person_ids],
            )
            if (
                entry.undoes
                and db.execute(
                    "UPDATE audit SET undone_by = ? WHERE id = ? AND undone_by IS NULL", (entry.id, entry.undoes)
                ).rowcount
                != 1
            ):
                raise Conflict(f"{entry.undoes} was already undone", field="entry", id=entry.undoes)
            ids = change_outbox_ids(entry)
            db.executemany(_PENDING, [_outbox_row(sink, outbox_key(ids), ids) for sink in pending_for])

    def get_audit_entry(self, entry_id: str) -> AuditEntry:
        row = self._db.execute("SELECT * FROM audit WHERE id = ?", (entry_id,)).fetchone()
        if row is None:
            raise NotFound(f"no audit entry {entry_id}", field="entry", id=entry_id)
        return AuditEntry.from_row(dict(row))

    def audit_entries(
        self, person_id: str | None = None, limit: int = 50, before: str | None = None
    ) -> list[AuditEntry]:
        until = before or "~"
        if person_id is None:
            rows = self._db.execute("SELECT * FROM audit WHERE at < ? ORDER BY at DESC LIMIT ?", (until, limit))
        else:
            rows = self._db.execute(
                "SELECT a.* FROM audit_persons p JOIN audit a ON a.id = p.entry_id"
                " WHERE p.person_id = ? AND p.at < ? ORDER BY p.at DESC LIMIT ?",
                (person_id, until, limit),
            )
        return [AuditEntry.from_row(dict(r)) for r in rows]

    def audit_entries_of(self, person_ids: Sequence[str]) -> list[AuditEntry]:
        entries: dict[str, AuditEntry] = {}
        for chunk in _chunks(list(dict.fromkeys(person_ids)), 500):
            rows = self._db.execute(
                "SELECT a.* FROM audit a WHERE a.id IN"
                f" (SELECT entry_id FROM audit_persons WHERE person_id IN ({_marks(chunk)}))",
                list(chunk),
            )
            entries.update((r["id"], AuditEntry.from_row(dict(r))) for r in rows)
        return sorted(entries.values(), key=lambda e: (e.at, e.id))

    def queued_mentions(
        self, limit: int = 50, after: str | None = None, min_score: float = 0.0, source: str | None = None
    ) -> list[QueuedLink]:
        rows = self._db.execute(
            QUEUED_MENTIONS,
            {"ctx": PASSAGE_CONTEXT, "after": after or "", "min_score": min_score, "source": source, "limit": limit},
        )
        return [
            QueuedLink(
                from_row(Mention, dict(r)),
                r["d_title"],
                r["d_collection"],
                r["d_kind"],
                r["d_window"] or "",
                r["d_window_start"],
            )
            for r in rows
        ]

    # --- bulk reads and housekeeping ---------------------------------------------------------

    def counts(self) -> dict[str, int]:
        db = self._db
        return {
            "persons": db.execute("SELECT count(*) FROM persons WHERE merged_into IS NULL").fetchone()[0],
            "names": db.execute("SELECT count(*) FROM names").fetchone()[0],
            "documents": db.execute("SELECT count(*) FROM documents").fetchone()[0],
            "mentions": db.execute("SELECT count(*) FROM mentions").fetchone()[0],
            "relations": db.execute("SELECT count(*) FROM relations").fetchone()[0],
        }

    def iter_persons(self, batch_size: int = 1000) -> Iterator[list[PersonRecord]]:
        after = ""
        while rows := self._db.execute(_LIVE_PERSONS_AFTER.format(columns="*"), (after, batch_size)).fetchall():
            persons = [from_row(Person, dict(r)) for r in rows]
            yield self._records(persons)
            after = persons[-1].id

    def person_records(self, person_ids: Sequence[str]) -> dict[str, PersonRecord]:
        found: dict[str, PersonRecord] = {}
        for chunk in _chunks(list(dict.fromkeys(person_ids)), 400):
            live = [p for p in self._persons(chunk) if not p.merged_into]
            found.update((record.person.id, record) for record in self._records(live))
        return found

    def _records(self, persons: list[Person]) -> list[PersonRecord]:
        """These persons with their names and relations (as get_person orders them), no mentions."""
        names: dict[str, list[Name]] = {}
        touching: dict[str, Relation] = {}  # by id: a relation between two chunks is read by both
        for chunk in _chunks([p.id for p in persons], 400):
            for row in self._db.execute(
                f"SELECT * FROM names WHERE person_id IN ({_marks(chunk)}) ORDER BY preferred DESC, type, text",
                list(chunk),
            ):
                names.setdefault(row["person_id"], []).append(from_row(Name, dict(row)))
            touching.update((relation.id, relation) for relation in self._relations_touching(chunk))
        relations: dict[str, list[Relation]] = {}
        for relation in sorted(touching.values(), key=lambda r: (r.type.value, r.id)):
            for end in {relation.source_id, relation.target_id}:
                relations.setdefault(end, []).append(relation)
        return [PersonRecord(p, names.get(p.id, []), relations.get(p.id, []), []) for p in persons]

    def iter_person_names(self, batch_size: int = 5000) -> Iterator[list[PersonName]]:
        after = ""
        while persons := dict(
            self._db.execute(_LIVE_PERSONS_AFTER.format(columns="id, preferred_name"), (after, batch_size)).fetchall()
        ):
            first, last = min(persons), max(persons)
            rows = self._db.execute(
                "SELECT key, type, person_id FROM names WHERE person_id BETWEEN ? AND ? ORDER BY person_id, rowid",
                (first, last),
            )
            yield [PersonName(key, NameType(type_), pid, persons[pid]) for key, type_, pid in rows if pid in persons]
            after = last

    def iter_documents(self, batch_size: int = 1000, kind: DocumentKind | None = None) -> Iterator[list[Document]]:
        after = ""
        while True:
            rows = self._db.execute(
                "SELECT * FROM documents WHERE id > ? AND (? IS NULL OR kind = ?) ORDER BY id LIMIT ?",
                (after, kind, kind, batch_size),
            ).fetchall()
            if not rows:
                return
            yield [from_row(Document, dict(r)) for r in rows]
            after = rows[-1]["id"]

    def delete_documents(self, ids: Sequence[str]) -> None:
        with self._file.transaction() as db:
            for chunk in _chunks(ids, 400):
                db.execute(f"DELETE FROM mentions WHERE document_id IN ({_marks(chunk)})", list(chunk))
                db.execute(f"DELETE FROM documents WHERE id IN ({_marks(chunk)})", list(chunk))

    def clear(self) -> None:
        with self._file.transaction() as db:
            for table in (*_TABLES, "audit", "audit_persons", "outbox_batches"):
                db.execute(f"DELETE FROM {table}")

    def close(self) -> None:
        self._file.close()


_PENDING = (
    "INSERT INTO outbox_batches (sink, key, persons, documents, relations) VALUES (?, ?, ?, ?, ?)"
    " ON CONFLICT (sink, key) DO UPDATE SET writes = writes + 1"
)
_CLEAR = "DELETE FROM outbox_batches WHERE sink = ? AND key = ?"
_CLEAR_UNCHANGED = "DELETE FROM outbox_batches WHERE sink = ? AND key = ? AND writes = ?"


def _outbox_row(sink: str, key: str, ids: PendingIds | PendingBatch) -> tuple[str, str, str, str, str]:
    return sink, key, json.dumps(ids.persons), json.dumps(ids.documents), json.dumps(ids.relations)


def _outbox(db: sqlite3.Connection, sink: str) -> Iterator[PendingBatch]:
    rows = db.execute(
        "SELECT key, persons, documents, relations, writes FROM outbox_batches WHERE sink = ? ORDER BY key", (sink,)
    )
    for key, persons, documents, relations, writes in rows:
        yield PendingBatch(key, json.loads(persons), json.loads(documents), json.loads(relations), writes)


# The names of each key's first live bearers (persons by id; the parameters: the limit, the keys as
# a JSON array of [key, its initials or null]), in person order. A key without initials: its last
# bearer within the limit is read first, once per key, from the (key, person_id) index (`bounds`,
# materialised: flattened into the join, it was read again for every bearer); then its names up to
# it. A key with initials: its first bearers whose preferred name begins with one, the limit counting
# only those (`chosen`), kept as a list, so each bearer's person is read once (against the limit's
# last bearer, the check ran again for the names up to it), from the index of ids and initials (the
# planner takes the primary key's, which reads each person's row): 2.2 -> 1.4 -> 0.8 ms of CPU a
# style key borne by 370 persons at 500,000, against 0.2 ms for its first 50. Ranking every key's
# bearers with a window function sorted all of them (3,700 for a reconciliation batch at 500,000
# persons: name_candidates_many 20.4 -> 12.4 ms of CPU a batch). `merged_into > ''` reads the few
# merged ids from their index (`!= ''` scanned every person).
_FIRST_BEARERS = """
WITH asked AS MATERIALIZED (
    SELECT json_extract(value, '$[0]') AS key, json_extract(value, '$[1]') AS initials FROM json_each(:asked)
),
merged AS MATERIALIZED (SELECT id FROM persons WHERE merged_into > ''),
bounds AS MATERIALIZED (
    SELECT key, (
        SELECT DISTINCT person_id FROM names WHERE names.key = asked.key AND person_id NOT IN merged
        ORDER BY person_id LIMIT 1 OFFSET :limit - 1
    ) AS last
    FROM asked WHERE initials IS NULL
),
chosen AS MATERIALIZED (
    SELECT key, (
        SELECT json_group_array(person_id) FROM (
            SELECT DISTINCT person_id FROM names WHERE names.key = asked.key AND person_id NOT IN merged
            AND (
                SELECT substr(preferred_name, 1, 1) <> '' AND instr(asked.initials, substr(preferred_name, 1, 1)) > 0
                FROM persons INDEXED BY persons_initial WHERE id = person_id
            )
            ORDER BY person_id LIMIT :limit
        )
    ) AS ids
    FROM asked WHERE initials IS NOT NULL
)
SELECT names.* FROM bounds JOIN names ON names.key = bounds.key
WHERE (bounds.last IS NULL OR names.person_id <= bounds.last) AND names.person_id NOT IN merged
UNION ALL
SELECT names.* FROM chosen JOIN json_each(chosen.ids) AS one JOIN names
ON names.key = chosen.key AND names.person_id = one.value
ORDER BY person_id, id
"""


def _marks(items: Sequence[object]) -> str:
    return ", ".join("?" for _ in items)


def _chunks(items: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _ids(db: sqlite3.Connection, sql: str, *params: object) -> list[str]:
    return [row[0] for row in db.execute(sql, params)]


def _curated(db: sqlite3.Connection, ids: Collection[str]) -> dict[str, str | None]:
    def fetch(wanted: list[str]) -> list[tuple[str, str | None]]:
        return [
            (row["id"], row["merged_into"])
            for chunk in _chunks(wanted, 500)
            for row in db.execute(
                f"SELECT id, merged_into FROM persons WHERE id IN ({_marks(chunk)})"
                " AND (status = ? OR merged_into IS NOT NULL)",
                [*chunk, REVIEWED],
            )
        ]

    return curated_persons(fetch(list(ids)), fetch)


def _relation_rows(db: sqlite3.Connection, relations: Sequence[Relation]) -> list[tuple[object, ...]]:
    """Rows with evidence unioned with what is stored, so a re-run adds nothing; the last row of
    an id wins. A relation is copied only when the union changes its evidence (rarely: ingest
    gives most relations one piece), as every batch's relations pass here."""
    stored = _evidence_by_id(db, [r.id for r in relations])
    latest: dict[str, Relation] = {}
    for relation in relations:
        seen = latest.get(relation.id)
        evidence = sorted({*(seen.evidence if seen else stored.get(relation.id, ())), *relation.evidence})
        latest[relation.id] = relation if evidence == relation.evidence else replace(relation, evidence=evidence)
    return [to_values(r) for r in latest.values()]


def _evidence_by_id(db: sqlite3.Connection, ids: Sequence[str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for chunk in _chunks(ids, 500):
        for row in db.execute(f"SELECT id, evidence FROM relations WHERE id IN ({_marks(chunk)})", list(chunk)):
            found[row["id"]] = json.loads(row["evidence"] or "[]")
    return found
