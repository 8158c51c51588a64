"""What the resolver reads during an ingest: the store, cached, plus the persons the ingest created but has not written.

A document ingest keeps one lookup for the whole run.  Candidates by name key are kept in an
LRU across batches; the store changes under it only by the run's own writes, and once a
batch is written (:meth:`IngestLookup.written`) the keys and persons it wrote are dropped,
so the next read of them goes to the store.  Each batch first prefetches the candidates of
all its name keys, of the keys the resolver falls back to, and the relations among all
those persons: a few round trips per batch, none per mention.  A key with more bearers than
the cache's limit is read whole the first time a mention of it has persons to relate to
(the related bearers come first), and kept whole.

A batch being written while the next is resolved (:meth:`IngestLookup.unwritten`) counts as
written: its persons stay candidates, and its relations and mentions are added to what the
store answers, so the next batch is resolved exactly as if the write had finished.

The candidates of the next batch's keys can be read ahead (:meth:`IngestLookup.read_ahead`), in
a thread, while this batch is resolved.  What was read before a batch was written may miss
that batch, so keys written since the read started are dropped from it and read again.
"""

from __future__ import annotations

from collections import Counter, OrderedDict
from collections.abc import Collection, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor

from zhiren.authority.ids import stable_id
from zhiren.authority.model import Document, Mention, Name, Person, PersonRecord
from zhiren.authority.resolver import fallback_keys, read_keys
from zhiren.store.graph.base import EVERY_BEARER, GraphBatch, GraphStore, begins_with_one, candidates_and_related

Candidates = list[tuple[Person, list[Name]]]
# The resolver's default; the cache holds the store's answer at this limit.
CANDIDATE_LIMIT = 50
CACHED_KEYS = 50_000


def auto_person_id(key: str) -> str:
    """The id of the person an ingest creates for a full name it cannot find: the same on every run."""
    return stable_id("p", "auto", key)


class IngestLookup:
    """The store plus persons created earlier in the run and not yet written.

    Person records (read for catalogue checks and lineage) are cached like candidates; their
    relations are as first read, since the resolver asks :meth:`related_among` for relations.
    Those the resolver asks are answered from every relation of the batch's candidates, read once
    per person for the run and kept, with the relations of the batches written since.
    """

    def __init__(self, store: GraphStore, cached_keys: int = CACHED_KEYS) -> None:
        self.store = store
        self.cached_keys = cached_keys
        self.pending: dict[str, PersonRecord] = {}
        self._pending_by_key: dict[str, list[str]] = {}
        self._candidates: OrderedDict[str, Candidates] = OrderedDict()
        self._whole: set[str] = set()  # keys cached with every bearer, not the first CANDIDATE_LIMIT
        self._cached_persons: Counter[str] = Counter()
        self._records: OrderedDict[str, PersonRecord] = OrderedDict()
        self._related: dict[str, set[str]] = {}  # person → every person related to it (of those in _known)
        self._known: set[str] = set()  # persons whose relations were all read
        self._unwritten: list[GraphBatch] = []
        # Keys each written batch changed, in order (None: every key), for reads ahead begun before.
        self._changed: list[set[str] | None] = []
        self._ahead: tuple[Future[dict[str, Candidates]], int] | None = None
        self._reader: ThreadPoolExecutor | None = None

    # --- per batch ---------------------------------------------------------------------------

    def read_ahead(self, keys: Iterable[str]) -> None:
        """Start reading, in a thread, the candidates of the next batch's keys (and of their fallback
        keys) that are not cached; its :meth:`prefetch` takes them."""
        self._take_ahead()
        missing = [k for k in dict.fromkeys(keys) if k not in self._candidates]
        if self._reader is None:
            self._reader = ThreadPoolExecutor(1, thread_name_prefix="zhiren-read-ahead")
        self._ahead = (self._reader.submit(self._read_candidates, missing), len(self._changed))

    def close(self) -> None:
        """Stop the thread that reads ahead (after its read in flight)."""
        self._ahead = None
        if self._reader is not None:
            self._reader.shutdown(wait=True)
            self._reader = None

    def prefetch(self, keys: Iterable[str]) -> None:
        """Candidates of every key of a batch (and of the keys the resolver asks with it or falls back
        to) and the relations among them."""
        wanted = list(dict.fromkeys(keys))
        self._take_ahead()
        read = list(dict.fromkeys(k for key in wanted for k in read_keys(key)))
        self._fetch(read)
        fallbacks = [k for key in wanted if not self.name_candidates(key) for k in fallback_keys(key)]
        self._fetch(fallbacks)
        covered = {person.id for key in [*read, *fallbacks] for person, _ in self.name_candidates(key)}
        # A person the batch may create has no stored relations, unless it once existed: ask the store too.
        covered |= {auto_person_id(key) for key in wanted} | set(self.pending)
        new = covered - self._known
        if new:
            self._relate(self.store.relations_of(sorted(new)) | self._unwritten_pairs(new))
            self._known |= new

    def earlier_mentions(self, ids: Sequence[str]) -> dict[str, Mention]:
        """Mentions stored (or being stored) under these ids: a re-run keeps their decisions."""
        found = self.store.get_mentions(ids)
        wanted = set(ids)
        found.update((m.id, m) for batch in self._unwritten for m in batch.mentions if m.id in wanted)
        return found

    def earlier_documents(self, documents: Sequence[Document]) -> dict[str, list[Mention]]:
        """The mentions of those documents stored (or being stored) already with the same text.

        Such a document keeps its mentions whatever this run's extractor finds in it: the
        gazetteer is loaded from the graph, so a later run may read names in it that the run
        which stored it did not (a person created since), and a second run of the same file must
        leave the graph as it is.  One query for the documents; the mentions of each one kept
        are then read (a re-run's cost, not a first run's)."""
        wanted = {d.id: d.text for d in documents}
        kept: dict[str, list[Mention]] = {}
        for batch in self._unwritten:
            for document in batch.documents:
                if wanted.get(document.id) == document.text:
                    kept[document.id] = [m for m in batch.mentions if m.document_id == document.id]
        stored = self.store.get_documents([i for i in wanted if i not in kept])
        for document_id, document in stored.items():
            if document.text == wanted[document_id]:
                kept[document_id] = self.store.get_document(document_id)[1]
        return kept

    def add(self, person: Person, names: Sequence[Name]) -> None:
        """A person created by the ingest, a candidate from now on although not written yet."""
        self.pending[person.id] = PersonRecord(person, list(names), [], [])
        for name in names:
            self._pending_by_key.setdefault(name.key, []).append(person.id)

    def unwritten(self, batch: GraphBatch) -> None:
        """The batch is being written: read the store as if it were in it."""
        self._unwritten.append(batch)
        self._relate((r.source_id, r.target_id) for r in batch.relations)

    def written(self, batch: GraphBatch) -> None:
        """The batch is in the store: forget what it changed, and the pending persons it wrote."""
        self._unwritten = [b for b in self._unwritten if b is not batch]
        persons = {p.id for p in batch.persons} | {n.person_id for n in batch.names}
        if any(self._cached_persons[p] for p in persons):  # an existing person rewritten: rare, start afresh
            self._candidates.clear()
            self._whole.clear()
            self._cached_persons.clear()
            self._changed.append(None)
        else:
            self._changed.append({name.key for name in batch.names})
        for name in batch.names:
            self._forget_key(name.key)
        for person_id in persons:
            self._records.pop(person_id, None)
            self.pending.pop(person_id, None)
        self._pending_by_key = {
            key: kept for key, ids in self._pending_by_key.items() if (kept := [i for i in ids if i in self.pending])
        }

    # --- what the resolver reads (authority.resolver.PersonLookup) ---------------------------

    def name_candidates(self, key: str, limit: int = CANDIDATE_LIMIT, initials: str = "") -> Candidates:
        if initials:  # a style key read for a surname: its bearers of that surname, however many others bear it
            return [c for c in self.name_candidates(key, EVERY_BEARER) if begins_with_one(c[0], initials)][:limit]
        self._fetch([key])
        self._candidates.move_to_end(key)
        stored = self._candidates[key]
        if limit > len(stored) >= CANDIDATE_LIMIT and key not in self._whole:  # a crowded key, read whole once
            self._forget_key(key)
            self._cache({key: self.store.name_candidates(key, EVERY_BEARER)})
            self._whole.add(key)
            stored = self._candidates[key]
        pending = self._pending_by_key.get(key)
        if not pending:
            return stored[:limit]
        stored_ids = {person.id for person, _ in stored}  # a person whose batch is written comes from the store
        found = stored + [
            (record.person, [n for n in record.names if n.key == key])
            for record in map(self.pending.__getitem__, pending)
            if record.person.id not in stored_ids
        ]
        return found[:limit]

    def name_candidates_related(
        self, key: str, others: Collection[str], limit: int = CANDIDATE_LIMIT, initials: str = ""
    ) -> tuple[Candidates, set[str]]:
        return candidates_and_related(self, key, others, limit, initials)

    def related_among(self, ids: Sequence[str], others: Collection[str]) -> set[str]:
        far = set(others)
        if self._known.issuperset(ids):
            return {i for i in ids if not far.isdisjoint(self._related.get(i, ()))}
        near = set(ids)
        pairs = self._unwritten_pairs(near | far, both=True)
        unwritten = {a for a, b in pairs if a in near and b in far} | {b for a, b in pairs if b in near and a in far}
        return self.store.related_among(ids, others) | unwritten

    def get_person(self, person_id: str, mention_limit: int = 500) -> PersonRecord:
        if person_id in self.pending:
            return self.pending[person_id]
        if person_id not in self._records:
            self._records[person_id] = self.store.get_person(person_id, mention_limit=0)
            if len(self._records) > self.cached_keys:
                self._records.popitem(last=False)
        return self._records[person_id]

    def _relate(self, pairs: Iterable[tuple[str, str]]) -> None:
        for a, b in pairs:
            self._related.setdefault(a, set()).add(b)
            self._related.setdefault(b, set()).add(a)

    def _unwritten_pairs(self, ids: set[str], both: bool = False) -> set[tuple[str, str]]:
        """The relations of the batches being written with an end in ``ids`` (``both``: two)."""
        return {
            (r.source_id, r.target_id)
            for batch in self._unwritten
            for r in batch.relations
            if (r.source_id in ids and r.target_id in ids if both else r.source_id in ids or r.target_id in ids)
        }

    # --- the candidate cache -----------------------------------------------------------------

    def _fetch(self, keys: Sequence[str]) -> None:
        missing = [k for k in dict.fromkeys(keys) if k not in self._candidates]
        if missing:
            self._cache(self.store.name_candidates_many(missing, CANDIDATE_LIMIT))

    def _cache(self, found_by_key: dict[str, Candidates]) -> None:
        for key, found in found_by_key.items():
            self._candidates[key] = found
            self._cached_persons.update(person.id for person, _ in found)
        while len(self._candidates) > self.cached_keys:
            self._forget_key(next(iter(self._candidates)))

    def _read_candidates(self, keys: Sequence[str]) -> dict[str, Candidates]:
        """In the read-ahead thread: the store's candidates of the keys and of the keys the resolver
        asks with them (:func:`read_keys`), then of the fallback keys of those with none.  Touches
        nothing of the lookup."""
        read = list(dict.fromkeys(k for key in keys for k in read_keys(key)))
        found = self.store.name_candidates_many(read, CANDIDATE_LIMIT) if read else {}
        fallbacks = [k for key in keys if not found.get(key) for k in fallback_keys(key) if k not in found]
        if fallbacks:
            found.update(self.store.name_candidates_many(fallbacks, CANDIDATE_LIMIT))
        return found

    def _take_ahead(self) -> None:
        """Cache what the read ahead found, but for keys written since it began (or nothing of
        it, if the cache was cleared since) and keys cached meanwhile."""
        if self._ahead is None:
            return
        future, begun = self._ahead
        self._ahead = None
        found = future.result()
        stale: set[str] = set()
        for keys in self._changed[begun:]:
            if keys is None:
                return
            stale |= keys
        self._cache({k: v for k, v in found.items() if k not in stale and k not in self._candidates})

    def _forget_key(self, key: str) -> None:
        self._whole.discard(key)
        for person, _ in self._candidates.pop(key, []):
            self._cached_persons[person.id] -= 1
            if not self._cached_persons[person.id]:
                del self._cached_persons[person.id]
