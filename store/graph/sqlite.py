"""The embedded graph store: SQLite from the standard library, one file in the data folder.

Relations are rows with source and target; traversals are breadth-first over indexed
lookups, which is plenty for one library's authority on one machine.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Iterator, Sequence
from pathlib import Path

from authority.model import (
    Document,
    Mention,
    Name,
    Person,
    PersonRecord,
    Relation,
    column_names,
    from_row,
    to_values,
)
from store.graph import traversal
from store.graph.base import GraphBatch, MergeResult, Subgraph
from store.graph.rules import check_merge, check_split
from store.sqlite_file import SqliteFile
from zhiren.errors import NotFound

SCHEMA = """
CREATE TABLE IF NOT EXISTS persons (
    id TEXT PRIMARY KEY, preferred_name TEXT NOT NULL, gender TEXT, birth TEXT, death TEXT,
    floruit TEXT, native_place TEXT, status TEXT, external_ids TEXT, merged_into TEXT);
CREATE TABLE IF NOT EXISTS names (
    id TEXT PRIMARY KEY, person_id TEXT NOT NULL, text TEXT NOT NULL, type TEXT, script TEXT,
    key TEXT, pinyin TEXT, wade_giles TEXT, preferred INTEGER);
CREATE INDEX IF NOT EXISTS names_person ON names(person_id);
CREATE INDEX IF NOT EXISTS names_key ON names(key);
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY, kind TEXT, title TEXT, text TEXT, date TEXT, collection TEXT,
    shelfmark TEXT, meta TEXT);
CREATE TABLE IF NOT EXISTS mentions (
    id TEXT PRIMARY KEY, document_id TEXT NOT NULL, start INTEGER, "end" INTEGER, surface TEXT,
    person_id TEXT, role TEXT, method TEXT, confidence REAL, status TEXT, features TEXT);
CREATE INDEX IF NOT EXISTS mentions_person ON mentions(person_id);
CREATE INDEX IF NOT EXISTS mentions_document ON mentions(document_id);
CREATE TABLE IF NOT EXISTS relations (
    id TEXT PRIMARY KEY, type TEXT NOT NULL, source_id TEXT NOT NULL, target_id TEXT NOT NULL,
    confidence REAL, evidence TEXT, date TEXT, attributes TEXT);
CREATE INDEX IF NOT EXISTS relations_source ON relations(source_id);
CREATE INDEX IF NOT EXISTS relations_target ON relations(target_id);
"""

_TABLES: dict[str, type] = {
    "persons": Person,
    "names": Name,
    "documents": Document,
    "mentions": Mention,
    "relations": Relation,
}


def _upsert_sql(table: str) -> str:
    """Columns in dataclass field order, so rows bind as plain tuples from ``to_values``."""
    cols = column_names(_TABLES[table])
    quoted = ", ".join(f'"{c}"' for c in cols)
    marks = ", ".join("?" for _ in cols)
    updates = ", ".join(f'"{c}" = excluded."{c}"' for c in cols if c != "id")
    return f"INSERT INTO {table} ({quoted}) VALUES ({marks}) ON CONFLICT(id) DO UPDATE SET {updates}"


_UPSERT = {table: _upsert_sql(table) for table in _TABLES}


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

    # --- writes ------------------------------------------------------------------------------

    def write(self, batch: GraphBatch) -> None:
        with self._file.transaction() as db:
            for table, items in (
                ("persons", batch.persons),
                ("names", batch.names),
                ("documents", batch.documents),
                ("mentions", batch.mentions),
            ):
                if items:
                    db.executemany(_UPSERT[table], [to_values(item) for item in items])
            if batch.relations:
                db.executemany(_UPSERT["relations"], _relation_rows(db, batch.relations))

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
        row = self._db.execute("SELECT * FROM documents WHERE id = ?", (document_id,)).fetchone()
        if row is None:
            raise NotFound(f"no document {document_id}", id=document_id)
        mentions = [
            from_row(Mention, dict(r))
            for r in self._db.execute("SELECT * FROM mentions WHERE document_id = ? ORDER BY start", (document_id,))
        ]
        return from_row(Document, dict(row)), mentions

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

    def name_candidates(self, key: str, limit: int = 50) -> list[tuple[Person, list[Name]]]:
        names: dict[str, list[Name]] = {}
        for row in self._db.execute("SELECT * FROM names WHERE key = ? ORDER BY person_id, id", (key,)):
            names.setdefault(row["person_id"], []).append(from_row(Name, dict(row)))
        live = [p for p in self._persons(list(names)) if not p.merged_into][:limit]
        return [(p, names[p.id]) for p in live]

    def name_candidates_many(self, keys: Sequence[str], limit: int = 50) -> dict[str, list[tuple[Person, list[Name]]]]:
        return {key: self.name_candidates(key, limit) for key in dict.fromkeys(keys)}

    def relations_among(self, ids: Sequence[str]) -> set[tuple[str, str]]:
        wanted = set(ids)
        return {
            (r.source_id, r.target_id)
            for chunk in _chunks(list(wanted), 400)
            for r in self._relations_between(chunk, wanted)
        }

    def _relations_between(self, chunk: Sequence[str], wanted: set[str]) -> list[Relation]:
        return [r for r in self._relations_touching(chunk) if r.source_id in wanted and r.target_id in wanted]

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

    # --- merge and split ---------------------------------------------------------------------

    def _live(self, db: sqlite3.Connection, person_id: str) -> Person | None:
        row = db.execute("SELECT * FROM persons WHERE id = ?", (person_id,)).fetchone()
        return from_row(Person, dict(row)) if row else None

    def merge_persons(self, survivor_id: str, merged_id: str) -> MergeResult:
        with self._file.transaction() as db:
            check_merge(survivor_id, merged_id, self._live(db, survivor_id), self._live(db, merged_id))
            names = _ids(db, "SELECT id FROM names WHERE person_id = ?", merged_id)
            mentions = _ids(db, "SELECT id FROM mentions WHERE person_id = ?", merged_id)
            relations = _ids(db, "SELECT id FROM relations WHERE source_id = ? OR target_id = ?", merged_id, merged_id)
            db.execute("UPDATE names SET person_id = ?, preferred = 0 WHERE person_id = ?", (survivor_id, merged_id))
            db.execute("UPDATE mentions SET person_id = ? WHERE person_id = ?", (survivor_id, merged_id))
            db.execute("UPDATE relations SET source_id = ? WHERE source_id = ?", (survivor_id, merged_id))
            db.execute("UPDATE relations SET target_id = ? WHERE target_id = ?", (survivor_id, merged_id))
            db.execute(
                "UPDATE persons SET merged_into = ? WHERE id = ? OR merged_into = ?",
                (survivor_id, merged_id, merged_id),
            )
        return MergeResult(survivor_id, merged_id, names, mentions, relations)

    def split_person(
        self, person_id: str, new_person: Person, name_ids: Sequence[str], mention_ids: Sequence[str]
    ) -> Person:
        with self._file.transaction() as db:
            owned_names = set(_ids(db, "SELECT id FROM names WHERE person_id = ?", person_id))
            owned_mentions = set(_ids(db, "SELECT id FROM mentions WHERE person_id = ?", person_id))
            check_split(
                person_id,
                self._live(db, person_id),
                self._live(db, new_person.id),
                owned_names,
                owned_mentions,
                name_ids,
                mention_ids,
            )
            db.execute(_UPSERT["persons"], to_values(new_person))
            db.executemany("UPDATE names SET person_id = ? WHERE id = ?", [(new_person.id, i) for i in name_ids])
            db.executemany("UPDATE mentions SET person_id = ? WHERE id = ?", [(new_person.id, i) for i in mention_ids])
        return new_person

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
        while rows := self._db.execute(
            "SELECT * FROM persons WHERE merged_into IS NULL AND id > ? ORDER BY id LIMIT ?", (after, batch_size)
        ).fetchall():
            persons = [from_row(Person, dict(r)) for r in rows]
            ids = [p.id for p in persons]
            names: dict[str, list[Name]] = {}
            relations: dict[str, list[Relation]] = {}
            for chunk in _chunks(ids, 400):
                for row in self._db.execute(
                    f"SELECT * FROM names WHERE person_id IN ({_marks(chunk)}) ORDER BY preferred DESC, type, text",
                    list(chunk),
                ):
                    names.setdefault(row["person_id"], []).append(from_row(Name, dict(row)))
                for relation in sorted(self._relations_touching(chunk), key=lambda r: (r.type.value, r.id)):
                    for end in {relation.source_id, relation.target_id}:
                        relations.setdefault(end, []).append(relation)
            yield [PersonRecord(p, names.get(p.id, []), relations.get(p.id, []), []) for p in persons]
            after = ids[-1]

    def iter_documents(self, batch_size: int = 1000) -> Iterator[list[Document]]:
        after = ""
        while True:
            rows = self._db.execute(
                "SELECT * FROM documents WHERE id > ? ORDER BY id LIMIT ?", (after, batch_size)
            ).fetchall()
            if not rows:
                return
            yield [from_row(Document, dict(r)) for r in rows]
            after = rows[-1]["id"]

    def clear(self) -> None:
        with self._file.transaction() as db:
            for table in _TABLES:
                db.execute(f"DELETE FROM {table}")

    def close(self) -> None:
        self._file.close()


def _marks(items: Sequence[object]) -> str:
    return ", ".join("?" for _ in items)


def _chunks(items: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _ids(db: sqlite3.Connection, sql: str, *params: object) -> list[str]:
    return [row[0] for row in db.execute(sql, params)]


def _relation_rows(db: sqlite3.Connection, relations: Sequence[Relation]) -> list[tuple[object, ...]]:
    """Rows with evidence unioned with what is stored, so a re-run adds nothing."""
    evidence = _evidence_by_id(db, [r.id for r in relations])
    latest: dict[str, Relation] = {}
    for relation in relations:
        evidence[relation.id] = sorted(set(evidence.get(relation.id, [])) | set(relation.evidence))
        latest[relation.id] = relation
    return [_with_evidence(to_values(r), evidence[r.id]) for r in latest.values()]


_EVIDENCE = column_names(Relation).index("evidence")


def _with_evidence(values: tuple[object, ...], evidence: list[str]) -> tuple[object, ...]:
    return (*values[:_EVIDENCE], json.dumps(evidence, ensure_ascii=False), *values[_EVIDENCE + 1 :])


def _evidence_by_id(db: sqlite3.Connection, ids: Sequence[str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for chunk in _chunks(ids, 500):
        for row in db.execute(f"SELECT id, evidence FROM relations WHERE id IN ({_marks(chunk)})", list(chunk)):
            found[row["id"]] = json.loads(row["evidence"] or "[]")
    return found
