"""The batch pipeline: source items → names found → resolved → graph and search, batch by batch.

A batch is written to the graph in one transaction, then indexed; ids are derived from the
source (档号, authority ids, offsets), so re-running an ingest rewrites the same rows and
creates nothing new. The graph write records what the batch touched as pending for each
derived store (store/derived.py), cleared once the batch is indexed; an ingest first drains
what a killed run left pending, so the derived stores converge with the graph.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import closing, contextmanager
from dataclasses import dataclass, field, replace
from functools import cached_property, partial
from itertools import islice
from typing import TYPE_CHECKING, Any, TypeVar

from zhiren.authority.ids import stable_id
from zhiren.authority.model import (
    Document,
    DocumentKind,
    LinkStatus,
    Mention,
    MentionRole,
    Name,
    NameType,
    Person,
    PersonRecord,
    Relation,
    RelationType,
)
from zhiren.authority.names import build_name, name_key
from zhiren.authority.resolver import MentionContext, Resolution, Resolver, document_year
from zhiren.collection import collection_paused
from zhiren.errors import InputError
from zhiren.ingest.ahead import read_ahead, with_following
from zhiren.ingest.crash import CrashHook
from zhiren.ingest.extraction import TEXT_UNITS, Job, Record, extract_ahead
from zhiren.ingest.follower import Follower
from zhiren.ingest.lineage_writer import LineageWriter
from zhiren.ingest.lookup import IngestLookup, auto_person_id
from zhiren.ingest.readers.biogref import SeedPerson
from zhiren.ingest.readers.genealogy import GenealogyItem
from zhiren.ingest.readers.sheng import DocumentItem
from zhiren.ingest.writer import BatchWriter
from zhiren.nlp.gazetteer import NameEntry
from zhiren.nlp.genealogy import parse_lineage
from zhiren.store.derived import SEARCH, Sink, drain_pending
from zhiren.store.graph.base import GraphBatch, GraphStore, outbox_ids
from zhiren.store.search.base import SearchIndex
from zhiren.store.search.entries import document_entry, person_entry
from zhiren.store.search.sync import search_sink

if TYPE_CHECKING:
    from zhiren.nlp.extract import Extractor

T = TypeVar("T")

CONTRACT_NAME_TYPES = {
    NameType.GIVEN: "full",
    NameType.COURTESY: "courtesy",
    NameType.ART: "art",
    NameType.TABOO: "taboo",
    NameType.POSTHUMOUS: "posthumous",
    NameType.TITLE: "title",
    NameType.ALIAS: "other",
    NameType.CHILDHOOD: "other",
    NameType.ROMANISED: "other",
}
_ROLES = {r.value for r in MentionRole}
# A manuscript's author signs the letters in it: the catalogue's 责任者 answers a signature too.
CATALOGUE_ROLES = {"author": ("author", "sender")}
# Decisions a document's second pass may turn into a link: a ``new`` one has made its person already.
UNDECIDED = frozenset({"review", "none"})
# Ids (persons and documents, as written) after which the derived stores other than the search
# index catch up during an ingest. Per batch of 200 letters, the triple sync rebuilt every sender's
# and recipient's graph again: 95 letters/s against 260 without it (bench/bench_ingest.py).
DERIVED_BATCH = 20_000
EXTRACT_KINDS = {
    DocumentKind.GENEALOGY: "genealogy",
    DocumentKind.LETTER: "letter",
    DocumentKind.TELEGRAM: "letter",
    DocumentKind.MANUSCRIPT: "manuscript",
}


@dataclass
class Summary:
    """The one-screen report at the end of an ingest."""

    read: int = 0
    documents: int = 0
    persons_created: int = 0
    mentions: int = 0
    linked: int = 0
    queued: int = 0
    unlinked: int = 0
    rejected: list[InputError] = field(default_factory=list)
    warnings: list[InputError] = field(default_factory=list)
    # Seconds per stage: gazetteer, extract, resolve and wait (for the writer) in the main thread;
    # write and index in the writer threads, side by side and beside the next batch's resolution;
    # each derived store's catching up (triples) in the follower's thread, and "behind at the
    # end", the main thread's wait for them once the last batch is written (ingest/follower.py).
    seconds: dict[str, float] = field(default_factory=dict)
    # CPU seconds per stage, of the thread that ran it: where a stage's wall clock went to waiting
    # for the GIL or a lock, its CPU says what it cost (bench/bench_ingest.py prints both).
    cpu_seconds: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        started, cpu = time.perf_counter(), time.thread_time()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - started
            self.cpu_seconds[name] = self.cpu_seconds.get(name, 0.0) + time.thread_time() - cpu

    def lines(self) -> list[str]:
        out = [
            f"read {self.read}  documents {self.documents}  persons written {self.persons_created}  "
            f"mentions {self.mentions}  linked {self.linked}  queued for review {self.queued}  "
            f"unlinked {self.unlinked}  rejected {len(self.rejected)}  warnings {len(self.warnings)}"
        ]
        out += [f"rejected: {p}" for p in self.rejected[:50]]
        out += [f"warning: {w}" for w in self.warnings[:50]]
        if self.seconds:
            out.append("time: " + "  ".join(f"{k} {v:.1f}s" for k, v in self.seconds.items()))
        hidden = max(0, len(self.rejected) - 50) + max(0, len(self.warnings) - 50)
        if hidden:
            out.append(f"… and {hidden} more")
        return out


@dataclass
class FoundName:
    """A name to resolve: the lookup form in ``context``, the source wording in ``text``."""

    context: MentionContext
    start: int  # -1 for a name from a catalogue field
    end: int
    method: str
    text: str

    def mention_id(self, document_id: str) -> str:
        return stable_id("m", document_id, self.start, self.end, self.text, self.context.role)


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def gazetteer_entries(graph: GraphStore, batch_size: int) -> Iterator[NameEntry]:
    """Every name of every person, for the extractor's gazetteer: names as their folded keys
    (``Extractor.add_names(..., folded=True)``).  The next page is read while this one is added:
    with 500,000 persons, reading them is most of an ingest's start."""
    for page in read_ahead(iter(graph.iter_person_names(batch_size))):
        for name in page:
            yield NameEntry(name.key, name.person_id, name.person_name, CONTRACT_NAME_TYPES.get(name.type, "other"))


class Pipeline:
    def __init__(
        self,
        graph: GraphStore,
        search: SearchIndex,
        *,
        batch_size: int = 500,
        dry_run: bool = False,
        extractor: Extractor | None = None,
        sinks: Mapping[str, Sink] | None = None,
        crash: CrashHook | None = None,
    ) -> None:
        """``sinks``: the derived stores by name (default: the search index); each batch is left
        pending for all of them until it is indexed and every other sink took it in."""
        self.graph = graph
        self.search = search
        self.batch_size = batch_size
        self.dry_run = dry_run
        self.extractor = extractor
        self.sinks = dict(sinks) if sinks is not None else {SEARCH: search_sink(graph, search)}
        self.crash = crash or CrashHook()
        self.summary = Summary()
        followers = {} if dry_run else {name: sink for name, sink in self.sinks.items() if name != SEARCH}
        self._follower = Follower(graph, followers, DERIVED_BATCH, self.summary.stage)
        self._unsynced = 0  # ids written since the derived stores other than search were nudged

    def catch_up(self) -> dict[str, int]:
        """Let the derived stores take in what an interrupted run left pending (before a run's first batch)."""
        if self.dry_run:
            return {}
        with self.summary.stage("catch up"):
            return drain_pending(self.graph, self.sinks, self.batch_size)

    # --- authority seeds ---------------------------------------------------------------------

    def ingest_seed(self, persons: Iterable[SeedPerson], progress: Callable[[int], object]) -> Summary:
        self.catch_up()
        with self._follower:
            for chunk in batched(persons, self.batch_size):
                self.summary.read += sum(len(p.lines) for p in chunk)
                self.summary.persons_created += len(chunk)
                if not self.dry_run:
                    batch = GraphBatch(
                        persons=[p.person for p in chunk],
                        names=[n for p in chunk for n in p.names],
                        relations=[r for p in chunk for r in p.relations],
                    )
                    self._write(batch, {p.person.id: PersonRecord(p.person, p.names, [], []) for p in chunk})
                    self._settle(batch)
                progress(len(chunk))
        self._finish()
        return self.summary

    # --- genealogies -------------------------------------------------------------------------

    def ingest_genealogies(self, items: Iterable[GenealogyItem], progress: Callable[[int], object]) -> Summary:
        """Catalogue records and their lineage volumes; one transaction per record with its volumes."""
        self.catch_up()
        with self._follower:
            for item in items:
                self.summary.read += 1
                batch = self._genealogy_batch(item)
                self.summary.documents += len(batch.documents)
                self.summary.persons_created += len(batch.persons)
                self.summary.mentions += len(batch.mentions)
                if not self.dry_run:
                    self._write(batch)
                    self._settle(batch)
                progress(1)
        self._finish()
        return self.summary

    def _genealogy_batch(self, item: GenealogyItem) -> GraphBatch:
        """The record, its volumes and what their lineage texts give; what could not be read is warned of."""
        lookup = IngestLookup(self.graph)
        persons, names, mentions, relations = [], [], [], []
        for volume in item.volumes:
            result = parse_lineage(volume.document.text, surname=volume.surname)
            out = LineageWriter(Resolver(lookup), volume.document.id, volume.document.text, volume.surname).write(
                result
            )
            persons += out.persons
            names += out.names
            mentions += out.mentions
            relations += out.relations
            self.summary.linked += out.linked_to_authority
            file = str(volume.document.meta.get("file"))
            self.summary.warnings += [InputError(u.reason, file=file, line=u.line) for u in result.unparsed]
            self.summary.warnings += [InputError(p.message, file=file) for p in result.problems]
        return GraphBatch(persons, names, [item.record, *(v.document for v in item.volumes)], mentions, relations)

    def _index(
        self, batch: GraphBatch, known: Mapping[str, PersonRecord] | None = None, units: Mapping[str, str] | None = None
    ) -> None:
        """Search entries for the batch's documents and for the persons whose entry changed.

        A person's entry holds names and dates, not mentions: only persons written in the batch or
        given a name by it are indexed again, from ``known`` records when the caller has them
        (the persons a document batch creates), else as the graph now has them.  ``units``: the
        documents' texts analysed ahead, by document id."""
        known, units = known or {}, units or {}
        touched = sorted(_touched(batch))
        by_document: dict[str, list[Mention]] = {}
        for mention in batch.mentions:
            by_document.setdefault(mention.document_id, []).append(mention)
        entries = [document_entry(d, by_document.get(d.id, []), units.get(d.id)) for d in batch.documents]
        entries += [person_entry(known.get(pid) or self.graph.get_person(pid, mention_limit=0)) for pid in touched]
        self.search.index(entries)

    # --- documents ---------------------------------------------------------------------------

    def ingest_documents(self, items: Iterable[DocumentItem], progress: Callable[[int], object]) -> Summary:
        """Batches of items: names found (ahead, in worker processes when the extractor has several),
        resolved against the store and the persons created so far, then written and indexed in
        threads while the next batch is resolved; the candidates of the batch after it are read
        meanwhile."""
        self.catch_up()
        if self.extractor is not None:
            # The gazetteer holds a dict per name of the authority: 1.3 s of a 9 s ingest with
            # 50,000 persons went to collector passes over them (bench/bench_ingest.py).
            with self.summary.stage("gazetteer"), collection_paused():
                self.extractor.add_names(gazetteer_entries(self.graph, 5000), folded=True)
        lookup = IngestLookup(self.graph)
        chunks = batched(items, self.batch_size)
        extracted = extract_ahead(self.extractor, chunks, _extract_job, self.summary.stage)
        with self._follower, closing(lookup), long_lived_frozen(), BatchWriter() as writer:
            for found, following in with_following(_FoundBatch.of(c, r) for c, r in extracted):
                if following is not None:
                    lookup.read_ahead(following.keys)
                batch = self._document_batch(found, lookup)
                if self.dry_run:
                    progress(len(found.items))
                    continue
                created = {p.id: lookup.pending[p.id] for p in batch.persons}
                lookup.unwritten(batch)
                done = partial(self._committed, lookup, batch, progress, len(found.items))
                with self.summary.stage("wait"):
                    writer.submit(self._writes(batch, created, found.units()), done)
            with self.summary.stage("wait"):
                writer.wait()
        self._finish()
        return self.summary

    def _write(
        self,
        batch: GraphBatch,
        created: Mapping[str, PersonRecord] | None = None,
        units: Mapping[str, str] | None = None,
    ) -> None:
        self._write_graph(batch)
        self._write_index(batch, created, units)

    def _write_graph(self, batch: GraphBatch) -> None:
        with self.summary.stage("write"):
            self.graph.write(replace(batch, pending_for=tuple(self.sinks)))
        self.crash.reach("graph-written")
        touched = outbox_ids(batch)
        self._unsynced += len(touched.persons) + len(touched.documents) + len(touched.relations)
        if self._unsynced >= DERIVED_BATCH:
            # The derived stores other than the search index take in many batches at once: a
            # relation many batches add evidence to (an archive owner's with one correspondent)
            # is rebuilt once, not once per batch; they follow in a thread of their own
            # (ingest/follower.py) and are caught up when the ingest returns.
            self._unsynced = 0
            self._follower.nudge()

    def _write_index(
        self, batch: GraphBatch, created: Mapping[str, PersonRecord] | None, units: Mapping[str, str] | None = None
    ) -> None:
        with self.summary.stage("index"):
            self._index(batch, created, units)

    def _writes(
        self, batch: GraphBatch, created: Mapping[str, PersonRecord], units: Mapping[str, str]
    ) -> list[Callable[[], None]]:
        """The graph write and the indexing side by side when every person entry comes from the
        persons the batch creates (a document batch's rule), so indexing reads nothing the graph
        write stores; else indexing follows the write (and always under the crash test hook, so
        its point ``graph-written`` falls between the two)."""
        if _touched(batch) <= created.keys() and not self.crash.armed:
            return [partial(self._write_graph, batch), partial(self._write_index, batch, created, units)]
        return [partial(self._write, batch, created, units)]

    def _settle(self, batch: GraphBatch) -> None:
        """The batch is in the graph and the search index: the outbox forgets it for the index
        (the other derived stores clear their own as they catch up)."""
        if SEARCH in self.sinks:
            self.graph.clear_pending(SEARCH, outbox_ids(batch))

    def _committed(
        self, lookup: IngestLookup, batch: GraphBatch, progress: Callable[[int], object], items: int
    ) -> None:
        """A document batch is stored and indexed: the outbox forgets it, the lookup reads it from
        the store from now on; the caller counts its items."""
        self._settle(batch)
        lookup.written(batch)
        progress(items)

    def _document_batch(self, found: _FoundBatch, lookup: IngestLookup) -> GraphBatch:
        resolver = Resolver(lookup)
        items = found.items
        ids = [[n.mention_id(item.document.id) for n in names] for item, names in zip(items, found.names, strict=True)]
        with self.summary.stage("resolve"):
            lookup.prefetch(found.keys)
            earlier = lookup.earlier_mentions([i for mention_ids in ids for i in mention_ids])
            stored = lookup.earlier_documents([item.document for item in items])
        out = _BatchOut()
        for item, names, mention_ids in zip(items, found.names, ids, strict=True):
            self.summary.read += 1
            self.summary.warnings += item.warnings
            with self.summary.stage("resolve"):
                mentions = stored.get(item.document.id)
                if mentions is None or not _source_names_kept(names, mention_ids, mentions):
                    mentions = self._resolved(item.document, names, mention_ids, earlier, resolver, lookup, out)
                self._add_document(item.document, mentions, out)
            self.crash.reach("in-batch")
        return out.batch()

    def _resolved(
        self,
        document: Document,
        found: list[FoundName],
        ids: list[str],
        earlier: Mapping[str, Mention],
        resolver: Resolver,
        lookup: IngestLookup,
        out: _BatchOut,
    ) -> list[Mention]:
        """The document's mentions, resolved in text order, then those left undecided once more
        with every person the document linked (:meth:`Resolver.reconsider`: 宣 before 宣怀谨禀
        follows him, an undated document is dated by its persons).  A mention stored by an earlier
        run keeps its decision; a person is created when a full name is first met, so later
        mentions of the document can link to it."""
        linked_ids: list[str] = []
        catalogue: dict[str, list[str]] = {}
        mentions: list[Mention] = []
        undecided: list[tuple[int, MentionContext, Resolution]] = []
        with resolver.document() as posts:
            for i, (name, mention_id) in enumerate(zip(found, ids, strict=True)):
                mention = earlier.get(mention_id)
                evidence = replace(
                    name.context,
                    co_person_ids=tuple(linked_ids),
                    catalogue=catalogue if name.method == "extract" else {},
                    written=name.text,
                )
                if mention is None:
                    resolution = resolver.resolve(evidence)
                    mention = self._mention(name, mention_id, document.id, resolution, lookup, out)
                    if resolution.decision in UNDECIDED:
                        undecided.append((i, evidence, resolution))
                mentions.append(mention)
                if mention.person_id:
                    linked_ids.append(mention.person_id)
                    posts.note(evidence, mention.person_id)
                    if name.method.startswith("catalogue"):
                        for role in CATALOGUE_ROLES.get(mention.role.value, (mention.role.value,)):
                            catalogue.setdefault(role, []).append(mention.person_id)
            if undecided and linked_ids:
                again = resolver.reconsider([e for _, e, _ in undecided], [r for _, _, r in undecided], linked_ids)
                for (i, _, before), after in zip(undecided, again, strict=True):
                    if after is not before:
                        mentions[i] = self._mention(found[i], ids[i], document.id, after, lookup, out)
        return mentions

    def _add_document(self, document: Document, mentions: list[Mention], out: _BatchOut) -> None:
        """The document, its mentions and the letters they make, in an order that depends on the
        mentions alone (offsets, then ids): a document kept from an earlier run is written and
        indexed exactly as the run that resolved it wrote it."""
        mentions = sorted(mentions, key=lambda m: (m.start, m.end, m.id))
        by_role: dict[str, list[tuple[str, str]]] = {}
        for mention in mentions:
            if mention.person_id:
                by_role.setdefault(mention.role.value, []).append((mention.person_id, mention.id))
        out.documents.append(document)
        out.mentions += mentions
        out.relations += _correspondence(by_role)
        self.summary.documents += 1
        self.summary.mentions += len(mentions)
        for m in mentions:
            if m.status == LinkStatus.QUEUED:
                self.summary.queued += 1
            elif m.person_id:
                self.summary.linked += 1
            else:
                self.summary.unlinked += 1

    def _mention(
        self,
        name: FoundName,
        mention_id: str,
        document_id: str,
        resolution: Resolution,
        lookup: IngestLookup,
        out: _BatchOut,
    ) -> Mention:
        """The mention of a name as resolved now, its new person created when the decision is ``new``."""
        return Mention(
            id=mention_id,
            document_id=document_id,
            start=name.start,
            end=name.end,
            surface=name.text,
            person_id=self._apply(resolution, name.context, lookup, out),
            role=MentionRole(name.context.role),
            method=name.method,
            confidence=round(resolution.score, 3),
            status=_status(resolution),
            features=_features(resolution, name.method),
        )

    def _apply(
        self, resolution: Resolution, context: MentionContext, lookup: IngestLookup, out: _BatchOut
    ) -> str | None:
        if resolution.decision == "link":
            return resolution.person_id
        if resolution.decision != "new":
            return None
        key = name_key(context.surface)
        person = Person(auto_person_id(key), key, status="auto")
        names = [build_name(person.id, key, NameType.GIVEN, preferred=True)]
        lookup.add(person, names)
        out.persons.append(person)
        out.names += names
        self.summary.persons_created += 1
        return person.id

    def _finish(self) -> None:
        if not self.dry_run:
            self.search.refresh()


@contextmanager
def long_lived_frozen() -> Iterator[None]:
    """Leave the objects alive now (the gazetteer above all) out of the garbage collector's full
    passes while an ingest runs, which otherwise walk them all again and again; forked
    extraction workers then share their pages too."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _touched(batch: GraphBatch) -> set[str]:
    """The persons whose search entry a batch changes: those it writes or gives a name."""
    return {p.id for p in batch.persons} | {n.person_id for n in batch.names}


@dataclass
class _FoundBatch:
    """A batch of items, what extraction found in each, and the names to resolve in each."""

    items: list[DocumentItem]
    records: list[Record | None]
    names: list[list[FoundName]]

    @classmethod
    def of(cls, items: list[DocumentItem], records: list[Record | None]) -> _FoundBatch:
        return cls(items, records, [found_names(i, r) for i, r in zip(items, records, strict=True)])

    @cached_property
    def keys(self) -> list[str]:
        """The keys of its names, which the resolver looks candidates up by: read ahead while the
        batch before is resolved, then prefetched, so computed once."""
        return [name_key(name.context.surface) for names in self.names for name in names]

    def units(self) -> dict[str, str]:
        """The search units of the texts the extraction analysed, by document id."""
        return {
            item.document.id: record[TEXT_UNITS]
            for item, record in zip(self.items, self.records, strict=True)
            if record is not None and TEXT_UNITS in record
        }


@dataclass
class _BatchOut:
    """What a document batch writes, gathered document by document."""

    persons: list[Person] = field(default_factory=list)
    names: list[Name] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)

    def batch(self) -> GraphBatch:
        return GraphBatch(self.persons, self.names, self.documents, self.mentions, self.relations)


def _extract_job(item: DocumentItem) -> Job | None:
    """What the extractor reads of an item: its text, as the kind of document it is."""
    document = item.document
    return (document.id, document.text, EXTRACT_KINDS.get(document.kind, "text")) if document.text else None


def found_names(item: DocumentItem, record: Record | None) -> list[FoundName]:
    """Names from the catalogue fields, those the source marks (TEI persName), then the extractor's.

    A marked name takes the extractor's reading of the same span (name type, normalized form);
    extracted names overlapping a marked one are dropped, so a span never gets two mentions.
    """
    year = item.document.date.year if item.document.date else None
    found = [
        FoundName(MentionContext(n.surface, "full", year, role=n.role.value), -1, -1, f"catalogue:{n.field}", n.surface)
        for n in item.names
    ]
    extracted = record.get("mentions", []) if record is not None else []
    if year is None and record is not None:
        year = document_year(record.get("dates", []))  # an undated chronicle or diary: by the years in its text
    for marked in item.marked:
        reading = next((m for m in extracted if m["start"] < marked.end and marked.start < m["end"]), None)
        name_type = reading["name_type"] if reading else "full"
        surface = (
            reading["normalized"]
            if reading and (reading["start"], reading["end"]) == (marked.start, marked.end)
            else None
        )
        context = MentionContext(surface or marked.surface, name_type, year, role=marked.role.value)
        found.append(FoundName(context, marked.start, marked.end, "marked", marked.surface))
    spans = [(m.start, m.end) for m in item.marked]
    for m in extracted:
        if any(m["start"] < end and start < m["end"] for start, end in spans):
            continue
        role = m.get("role") if m.get("role") in _ROLES else "mentioned"
        # The extractor's normalized form (张公亮基 → 张亮基) is what names are looked up by.
        context = MentionContext(m["normalized"] or m["text"], m["name_type"], year, role=role)
        found.append(FoundName(context, m["start"], m["end"], "extract", m["text"]))
    return found


def _source_names_kept(found: list[FoundName], ids: list[str], stored: list[Mention]) -> bool:
    """Whether every name the source itself gives (catalogue fields, marked names) is among a
    stored document's mentions: else its record changed and the document is resolved anew."""
    kept = {m.id for m in stored}
    return all(i in kept for name, i in zip(found, ids, strict=True) if name.method != "extract")


def _status(resolution: Resolution) -> LinkStatus:
    return {"link": LinkStatus.LINKED, "new": LinkStatus.LINKED, "review": LinkStatus.QUEUED}.get(
        resolution.decision, LinkStatus.UNLINKED
    )


def _features(resolution: Resolution, method: str) -> dict[str, Any]:
    return {"method": method, **resolution.explain()}


def _correspondence(by_role: dict[str, list[tuple[str, str]]]) -> list[Relation]:
    """WROTE_TO from each sender to each recipient, one relation per pair, letters as evidence."""
    relations = []
    for sender, sender_mention in by_role.get("sender", []):
        for recipient, recipient_mention in by_role.get("recipient", []):
            if sender != recipient:
                relations.append(
                    Relation(
                        stable_id("r", RelationType.WROTE_TO.value, sender, recipient),
                        RelationType.WROTE_TO,
                        sender,
                        recipient,
                        evidence=sorted({sender_mention, recipient_mention}),
                    )
                )
    return relations
