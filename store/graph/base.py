"""The graph store port: the source of truth for persons, names, documents, mentions, relations.

Both adapters (embedded SQLite, Neo4j) pass the same contract suite in tests/contract.
Writes take lists and are one transaction each: a batch lands whole or not at all.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple, Protocol

from zhiren.authority.curation.audit import AuditEntry
from zhiren.authority.curation.review import QueuedLink
from zhiren.authority.curation.snapshot import Scope, Snapshot, diff
from zhiren.authority.model import (
    Document,
    DocumentKind,
    Mention,
    Name,
    NameType,
    Person,
    PersonRecord,
    Relation,
    RelationType,
)


@dataclass
class Subgraph:
    """Persons and the relations between them, e.g. a neighbourhood or a path."""

    persons: list[Person] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)


@dataclass
class GraphBatch:
    """Everything one ingest batch writes; stored in one transaction so no person is half-written."""

    persons: Sequence[Person] = ()
    names: Sequence[Name] = ()
    documents: Sequence[Document] = ()
    mentions: Sequence[Mention] = ()
    relations: Sequence[Relation] = ()
    # The derived stores (sinks: "search" …) that have yet to take this batch in: the write records
    # its outbox entry (:func:`outbox_entry`) for each, in the same transaction.
    pending_for: Sequence[str] = ()


class PendingIds(NamedTuple):
    """Persons, documents and relations a derived store has yet to take in."""

    persons: list[str]
    documents: list[str]
    relations: list[str]


class PendingBatch(NamedTuple):
    """One committed batch's outbox entry for one derived store: what it touched, under its key.

    ``writes`` counts the commits that recorded it (a batch of the same ids written again while
    its entry is pending records it once more): a store that took the entry in clears it only if
    nobody wrote it since it was read (:meth:`GraphStore.clear_batches`)."""

    key: str
    persons: list[str]
    documents: list[str]
    relations: list[str]
    writes: int = 1


def outbox_ids(batch: GraphBatch) -> PendingIds:
    """What a batch touched, as a derived store sees it: the persons it writes or names, the
    documents it writes or adds mentions to, and the relations it writes.  A relation is pending
    by itself, not through either of its persons (the triple store holds each relation in a graph
    of its own; a search entry holds none): a letter's sender, 盛宣怀 in his archive, is not
    rebuilt for every letter he wrote or received."""
    persons = {p.id for p in batch.persons} | {n.person_id for n in batch.names}
    documents = {d.id for d in batch.documents} | {m.document_id for m in batch.mentions}
    return PendingIds(sorted(persons), sorted(documents), sorted({r.id for r in batch.relations}))


def outbox_key(ids: PendingIds) -> str:
    """The key of the outbox entry holding exactly these ids: a batch's writer clears its entry by
    the ids it wrote (:meth:`GraphStore.clear_pending`) without remembering anything else."""
    return hashlib.sha256(json.dumps(ids).encode()).hexdigest()[:32]


def outbox_entry(batch: GraphBatch, stored: GraphBatch) -> PendingBatch:
    """The batch's outbox entry: one per batch (a row per id cost an ingest's graph write a fifth
    on Neo4j, bench/bench_outbox.py), keyed by the ids the batch was given with; ``stored`` is the
    batch as the store wrote it (a curated person's rows moved to the survivor), whose ids are
    pending too."""
    ids, also = outbox_ids(batch), outbox_ids(stored)
    persons, documents, relations = (sorted({*given, *kept}) for given, kept in zip(ids, also, strict=True))
    return PendingBatch(outbox_key(ids), persons, documents, relations)


def change_outbox_ids(entry: AuditEntry) -> PendingIds:
    """What a curation change touched, as a derived store sees it: its persons, the documents
    whose mentions it moved, linked or rejected, and the relations it moved, added or removed (not
    every relation of its persons: the scope holds all of them, and 盛宣怀 has tens of thousands)."""
    documents = {m.document_id for m in (*entry.before.mentions, *entry.after.mentions)}
    change = diff(entry.before, entry.after)
    relations = {r.id for r in (*change.write.relations, *change.delete.relations)}
    return PendingIds(sorted(entry.person_ids), sorted(documents), sorted(relations))


def gathered(entries: Iterable[PendingBatch], limit: int) -> PendingIds:
    """The ids of the first entries, up to about ``limit`` ids (whole entries, at least one)."""
    return ids_of(first_entries(entries, limit))


def first_entries(entries: Iterable[PendingBatch], limit: int) -> list[PendingBatch]:
    """The first entries, up to about ``limit`` ids (whole entries, at least one)."""
    taken: list[PendingBatch] = []
    seen: set[str] = set()
    for entry in entries:
        taken.append(entry)
        seen.update(entry.persons, entry.documents, entry.relations)
        if len(seen) >= limit:
            break
    return taken


def ids_of(entries: Iterable[PendingBatch]) -> PendingIds:
    """The persons, documents and relations these entries touched, each once."""
    persons: set[str] = set()
    documents: set[str] = set()
    relations: set[str] = set()
    for entry in entries:
        persons.update(entry.persons)
        documents.update(entry.documents)
        relations.update(entry.relations)
    return PendingIds(sorted(persons), sorted(documents), sorted(relations))


def covered(entries: Iterable[PendingBatch], taken: PendingIds) -> list[str]:
    """The keys of the entries whose every id is among ``taken``: what a store's clear removes."""
    persons, documents, relations = set(taken.persons), set(taken.documents), set(taken.relations)
    return [
        e.key
        for e in entries
        if persons.issuperset(e.persons) and documents.issuperset(e.documents) and relations.issuperset(e.relations)
    ]


# The kin edges (everything but letters and authorship), as :meth:`GraphStore.kin_relations` reads them.
KIN_TYPES = frozenset(RelationType) - {RelationType.WROTE_TO, RelationType.AUTHOR_OF}


class PersonName(NamedTuple):
    """One name of a live person, as the extractor's gazetteer needs it: no ids, no relations.

    ``key`` is the name's stored key (simplified script, trimmed): what text is matched against.
    """

    key: str
    type: NameType
    person_id: str
    person_name: str


class GraphStore(Protocol):
    name: str

    def migrate(self) -> None:
        """Create tables/constraints/indexes; safe to run any number of times."""

    def write(self, batch: GraphBatch) -> None:
        """Insert or update everything in ``batch`` by id, in one transaction, with its outbox rows
        (the batch's outbox entry for each store of ``batch.pending_for``).

        Evidence lists of an existing relation are unioned, so re-running an ingest adds nothing.
        """

    def pending(self, sink: str, limit: int = 1000) -> PendingIds:
        """Ids that committed batches left for the derived store ``sink``: the outbox entries of
        whole batches, up to about ``limit`` ids (at least one batch's)."""

    def clear_pending(self, sink: str, taken: PendingIds) -> None:
        """``sink`` took these ids in: forget every entry they cover (a batch's own entry at once).
        Only for a writer that knows no other write runs meanwhile: an entry written after the ids
        were read may be covered too; :meth:`clear_batches` is exact."""

    def pending_batches(self, sink: str, limit: int = 1000) -> list[PendingBatch]:
        """The outbox entries :meth:`pending` gathers, whole, with their write counts."""

    def clear_batches(self, sink: str, taken: Sequence[PendingBatch]) -> None:
        """``sink`` took these entries in: forget each one nobody wrote again since it was read.
        The drain of a store that follows the graph while it is written (ingest/follower.py)
        clears so: an entry written meanwhile, or the same ids written again, stay pending."""

    def get_person(self, person_id: str, mention_limit: int = 500) -> PersonRecord:
        """The person with names, relations (both directions) and mentions.

        A merged id answers with the survivor and ``redirected_from`` set; unknown ids raise NotFound.
        """

    def get_persons(self, person_ids: Sequence[str]) -> dict[str, Person]:
        """Stored persons by id, merged ones as stored (missing ids are absent): one round trip
        for a page's kin and correspondents, however many."""

    def person_records(self, person_ids: Sequence[str]) -> dict[str, PersonRecord]:
        """Live persons by id with their names and relations as get_person gives them, without
        mentions, in one round trip per few hundred (merged and missing ids are absent: ask
        get_person for a redirect): the triple sync maps an ingest batch's thousand persons."""

    def relations_by_id(self, relation_ids: Sequence[str]) -> dict[str, Relation]:
        """Relations by id (missing ones absent), in one round trip per few hundred: the triple
        sync rewrites each pending relation's graph, and an ingest's relations are pending by id."""

    def kin_relations(self, person_ids: Sequence[str]) -> list[Relation]:
        """Kin edges (parent, spouse, sibling; not letters or authorship) touching any of the
        persons, in one round trip: a kinship tree reads a whole generation at a time."""

    def get_document(self, document_id: str) -> tuple[Document, list[Mention]]: ...

    def documents_with_mentions(self, document_ids: Sequence[str]) -> dict[str, tuple[Document, list[Mention]]]:
        """Documents by id, each with its mentions in text order (missing ids are absent), in one
        round trip per few hundred: the triple sync and a full rebuild map whole batches, and a
        read per document was a third of the rebuild's mapping time."""

    def get_documents(self, document_ids: Sequence[str]) -> dict[str, Document]:
        """Documents by id without their mentions (missing ids are absent): one round trip for
        the titles and dates of a person's mentions."""

    def get_mentions(self, mention_ids: Sequence[str]) -> dict[str, Mention]:
        """Stored mentions by id (missing ids are absent): a re-run re-uses earlier decisions."""

    def find_persons_by_name(self, key: str, limit: int = 50) -> list[Person]:
        """Persons having a name whose folded key equals ``key`` (merged persons excluded)."""

    def name_candidates(self, key: str, limit: int = 50, initials: str = "") -> list[tuple[Person, list[Name]]]:
        """Live persons having a name with this key, each with its names of that key (one query, for the resolver).

        With ``initials``, only those whose preferred name begins with one of its characters, the
        limit counting only them (:meth:`name_candidates_many`)."""

    def related_among(self, ids: Sequence[str], others: Collection[str]) -> set[str]:
        """Those of ``ids`` that have a relation (either direction) with any of ``others``."""

    def name_candidates_related(
        self, key: str, others: Collection[str], limit: int = 50, initials: str = ""
    ) -> tuple[list[tuple[Person, list[Name]]], set[str]]:
        """:meth:`name_candidates` and those of them related to any of ``others``, in one round
        trip: the resolver asks both for every mention (and a style key for its surname alone).

        When more than ``limit`` persons bear the key, those related to ``others`` come first
        (then by id): with 500,000 persons a common 字 has hundreds of bearers, and the one
        the document's kin or correspondent points to must not be cut off."""

    def name_candidates_many(
        self, keys: Sequence[str], limit: int = 50, initials: Mapping[str, Collection[str]] | None = None
    ) -> dict[str, list[tuple[Person, list[Name]]]]:
        """:meth:`name_candidates` for many keys in one round trip (an ingest batch prefetches).

        For a key of ``initials``, its first ``limit`` bearers whose preferred name begins with
        one of its initials: the resolver keeps no other bearer of a style key (李 + 少荃), and a
        reconciliation batch's full names' style keys are crowded (370 bearers of a synthetic 字
        at 500,000 persons), so it need not build the 50 persons of each; and the 李 who bears
        the 字 must be found even when fifty men of other surnames bear it before him in id order
        (the ingest reads such a key whole, so the two would disagree)."""

    def relations_among(self, ids: Sequence[str]) -> set[tuple[str, str]]:
        """(source, target) of every relation whose two ends are both in ``ids``."""

    def relations_of(self, ids: Sequence[str]) -> set[tuple[str, str]]:
        """(source, target) of every relation with an end in ``ids``: an ingest reads each person's
        once and keeps them (ingest.lookup), where asking which of a batch's persons are related
        read an archive owner's tens of thousands of relations again for every batch."""

    def neighbourhood(self, person_id: str, depth: int = 1, limit: int = 500) -> Subgraph: ...

    def shortest_path(self, source_id: str, target_id: str, max_depth: int = 6) -> Subgraph | None:
        """Persons and relations of one shortest path ignoring direction, or None."""

    # --- curation (authority.curation.curator.CurationStore, authority.curation.review.ReviewQueueStore) ---

    def snapshot(self, scope: Scope) -> Snapshot:
        """Persons of the scope and those redirected to them, their names, relations and (as asked) mentions."""

    def apply_change(self, entry: AuditEntry, pending_for: Sequence[str] = ()) -> None:
        """One transaction: Conflict unless the scope still equals ``entry.before``; write ``entry.after``;
        log it; and record what it touched (:func:`change_outbox_ids`) in the outbox of each derived
        store of ``pending_for``, so a crash before they follow leaves it pending, not lost."""

    def get_audit_entry(self, entry_id: str) -> AuditEntry: ...

    def audit_entries(
        self, person_id: str | None = None, limit: int = 50, before: str | None = None
    ) -> list[AuditEntry]: ...

    def audit_entries_of(self, person_ids: Sequence[str]) -> list[AuditEntry]:
        """Every entry that touched any of these persons, oldest first, in one read."""

    def queued_mentions(
        self, limit: int = 50, after: str | None = None, min_score: float = 0.0, source: str | None = None
    ) -> list[QueuedLink]: ...

    def counts(self) -> dict[str, int]:
        """Live persons, names, documents, mentions and relations."""

    def iter_persons(self, batch_size: int = 1000) -> Iterator[list[PersonRecord]]:
        """Live persons in id order with names and relations, a page per query (mentions left empty)."""

    def iter_person_names(self, batch_size: int = 5000) -> Iterator[list[PersonName]]:
        """Every name of every live person, a page of persons per query.

        The ingest loads the whole authority's names before its first batch: reading them
        without building person records is what keeps that load short at 500,000 persons.
        """

    def iter_documents(self, batch_size: int = 1000, kind: DocumentKind | None = None) -> Iterator[list[Document]]:
        """Documents in id order, a page per query; only those of ``kind`` when given."""

    def delete_documents(self, ids: Sequence[str]) -> None:
        """Delete documents and their mentions (a union-catalogue work that no longer exists)."""

    def clear(self) -> None:
        """Delete everything (tests and benchmarks)."""

    def close(self) -> None: ...


# How many bearers of a crowded key are read to put the related ones first.
EVERY_BEARER = 100_000


def begins_with_one(person: Person, initials: str) -> bool:
    """Whether the person's preferred name begins with one of these characters (a style key's
    bearer of the surname asked); an empty preferred name begins with none."""
    first = person.preferred_name[:1]
    return bool(first) and first in initials


class CandidateSource(Protocol):
    def name_candidates(self, key: str, limit: int = 50, initials: str = "") -> list[tuple[Person, list[Name]]]: ...
    def related_among(self, ids: Sequence[str], others: Collection[str]) -> set[str]: ...


def candidates_and_related(
    lookup: CandidateSource, key: str, others: Collection[str], limit: int, initials: str = ""
) -> tuple[list[tuple[Person, list[Name]]], set[str]]:
    """:meth:`GraphStore.name_candidates_related` composed of its look-ups, for stores that
    answer each in-process (the embedded store, an ingest's cached lookup).

    With ``others`` the key is read whole, so the related ones come first however many bear it."""
    if not others:
        return lookup.name_candidates(key, limit, initials), set()
    found = lookup.name_candidates(key, EVERY_BEARER, initials)
    if not found:
        return [], set()
    related = lookup.related_among([p.id for p, _ in found], others)
    kept = sorted(found, key=lambda candidate: candidate[0].id not in related)[:limit]  # stable: ids stay in order
    return kept, related & {p.id for p, _ in kept}
