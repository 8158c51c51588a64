"""The batch pipeline: source items → names found → resolved → graph and search, batch by batch.

A batch is written to the graph in one transaction, then indexed; ids are derived from the
source (档号, authority ids, offsets), so re-running an ingest rewrites the same rows and
creates nothing new.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from itertools import islice
from typing import TYPE_CHECKING, Any, TypeVar

from authority.ids import stable_id
from authority.model import (
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
from authority.names import build_name, name_key
from authority.resolver import MentionContext, Resolution, Resolver
from ingest.lineage import LineageWriter
from ingest.readers.biogref import SeedPerson
from ingest.readers.genealogy import GenealogyItem
from ingest.readers.sheng import DocumentItem
from nlp.gazetteer import NameEntry
from nlp.genealogy import parse_lineage
from store.graph.base import GraphBatch, GraphStore
from store.search.base import SearchIndex
from store.search.entries import document_entry, person_entry
from zhiren.errors import InputError

if TYPE_CHECKING:
    from nlp.extract import Extractor

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
    seconds: dict[str, float] = field(default_factory=dict)  # per stage: extract, resolve, write, index

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - started

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


class PendingLookup:
    """The store plus persons created earlier in the same batch (not yet written).

    Store reads are cached for the batch: the store doesn't change under it until the batch is written.
    """

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self.persons: dict[str, PersonRecord] = {}
        self.by_key: dict[str, list[str]] = {}
        self._candidates: dict[str, list[tuple[Person, list[Name]]]] = {}
        self._prefetched: set[str] = set()
        self._pairs: set[tuple[str, str]] = set()

    def prefetch(self, keys: Iterable[str]) -> None:
        """Candidates of every key of a batch and the relations among them: two round trips, not two per mention."""
        missing = [k for k in dict.fromkeys(keys) if k not in self._candidates]
        self._candidates.update(self.store.name_candidates_many(missing))
        self._prefetched = {p.id for found in self._candidates.values() for p, _ in found}
        self._pairs = self.store.relations_among(sorted(self._prefetched))

    def add(self, person: Person, names: Sequence[Name]) -> None:
        self.persons[person.id] = PersonRecord(person, list(names), [], [])
        for name in names:
            self.by_key.setdefault(name.key, []).append(person.id)

    def name_candidates(self, key: str, limit: int = 50) -> list[tuple[Person, list[Name]]]:
        if key not in self._candidates:
            self._candidates[key] = self.store.name_candidates(key, limit)
        found = list(self._candidates[key])
        for person_id in self.by_key.get(key, []):
            record = self.persons[person_id]
            found.append((record.person, [n for n in record.names if n.key == key]))
        return found[:limit]

    def related_among(self, ids: Sequence[str], others: Collection[str]) -> set[str]:
        if not (set(ids) | set(others)) <= self._prefetched:
            return self.store.related_among(ids, others)
        near, far = set(ids), set(others)
        return {a for a, b in self._pairs if a in near and b in far} | {
            b for a, b in self._pairs if b in near and a in far
        }

    def get_person(self, person_id: str, mention_limit: int = 500) -> PersonRecord:
        if person_id not in self.persons:
            self.persons[person_id] = self.store.get_person(person_id, mention_limit=0)
        return self.persons[person_id]


def gazetteer_entries(graph: GraphStore, batch_size: int) -> Iterator[NameEntry]:
    """Every name of every person, for the extractor's gazetteer."""
    for records in graph.iter_persons(batch_size):
        for record in records:
            for name in record.names:
                yield NameEntry(
                    name.text,
                    record.person.id,
                    record.person.preferred_name,
                    CONTRACT_NAME_TYPES.get(name.type, "other"),
                )


class Pipeline:
    def __init__(
        self,
        graph: GraphStore,
        search: SearchIndex,
        *,
        batch_size: int = 500,
        dry_run: bool = False,
        extractor: Extractor | None = None,
    ) -> None:
        self.graph = graph
        self.search = search
        self.batch_size = batch_size
        self.dry_run = dry_run
        self.extractor = extractor
        self.summary = Summary()

    # --- authority seeds ---------------------------------------------------------------------

    def ingest_seed(self, persons: Iterable[SeedPerson], progress: Callable[[int], object]) -> Summary:
        for chunk in batched(persons, self.batch_size):
            self.summary.read += sum(len(p.lines) for p in chunk)
            self.summary.persons_created += len(chunk)
            if not self.dry_run:
                batch = GraphBatch(persons=[p.person for p in chunk], names=[n for p in chunk for n in p.names])
                self.graph.write(batch)
                self.search.index([person_entry(PersonRecord(p.person, p.names, [], [])) for p in chunk])
            progress(len(chunk))
        self._finish()
        return self.summary

    # --- genealogies -------------------------------------------------------------------------

    def ingest_genealogies(self, items: Iterable[GenealogyItem], progress: Callable[[int], object]) -> Summary:
        """Catalogue records and their lineage volumes; one transaction per record with its volumes."""
        for item in items:
            self.summary.read += 1
            batch = GraphBatch(documents=[item.record, *(v.document for v in item.volumes)])
            lookup = PendingLookup(self.graph)
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
            batch = GraphBatch(persons, names, batch.documents, mentions, relations)
            self.summary.documents += len(batch.documents)
            self.summary.persons_created += len(persons)
            self.summary.mentions += len(mentions)
            if not self.dry_run:
                with self.summary.stage("write"):
                    self.graph.write(batch)
                with self.summary.stage("index"):
                    self._index(batch)
            progress(1)
        self._finish()
        return self.summary

    def _index(self, batch: GraphBatch) -> None:
        """Search entries for the batch's documents and for the persons whose entry changed.

        A person's entry holds names and dates, not mentions: only persons written in the batch or
        given a name by it are indexed again."""
        touched = sorted({p.id for p in batch.persons} | {n.person_id for n in batch.names})
        entries = [document_entry(d, [m for m in batch.mentions if m.document_id == d.id]) for d in batch.documents]
        entries += [person_entry(self.graph.get_person(pid, mention_limit=0)) for pid in touched]
        self.search.index(entries)

    # --- documents ---------------------------------------------------------------------------

    def ingest_documents(self, items: Iterable[DocumentItem], progress: Callable[[int], object]) -> Summary:
        if self.extractor is not None:
            self.extractor.add_names(gazetteer_entries(self.graph, 5000))
        for chunk in batched(items, self.batch_size):
            self._document_batch(chunk)
            progress(len(chunk))
        self._finish()
        return self.summary

    def _document_batch(self, items: list[DocumentItem]) -> None:
        lookup = PendingLookup(self.graph)
        resolver = Resolver(lookup)
        batch = GraphBatch(persons=[], names=[], documents=[], mentions=[], relations=[])
        prepared = [(item, self._contexts(item)) for item in items]
        with self.summary.stage("resolve"):
            lookup.prefetch(name_key(name.context.surface) for _, found in prepared for name in found)
        for item, found in prepared:
            self.summary.read += 1
            self.summary.warnings += item.warnings
            self._document(item, found, resolver, lookup, batch)
        if self.dry_run:
            return
        with self.summary.stage("write"):
            self.graph.write(batch)
        with self.summary.stage("index"):
            self._index(batch)

    def _contexts(self, item: DocumentItem) -> list[FoundName]:
        """Names from the catalogue fields, then names found in the text."""
        year = item.document.date.year if item.document.date else None
        found = [
            FoundName(
                MentionContext(n.surface, "full", year, role=n.role.value), -1, -1, f"catalogue:{n.field}", n.surface
            )
            for n in item.names
        ]
        if self.extractor is not None and item.document.text:
            kind = EXTRACT_KINDS.get(item.document.kind, "text")
            with self.summary.stage("extract"):
                record = self.extractor.extract(item.document.text, doc_id=item.document.id, kind=kind)
            if year is None:
                year = _median_year(record.get("dates", []))
            for m in record.get("mentions", []):
                role = m.get("role") if m.get("role") in _ROLES else "mentioned"
                # The extractor's normalized form (张公亮基 → 张亮基) is what names are looked up by.
                context = MentionContext(m["normalized"] or m["text"], m["name_type"], year, role=role)
                found.append(FoundName(context, m["start"], m["end"], "extract", m["text"]))
        return found

    def _document(
        self, item: DocumentItem, found: list[FoundName], resolver: Resolver, lookup: PendingLookup, batch: GraphBatch
    ) -> None:
        document = item.document
        ids = [f.mention_id(document.id) for f in found]
        earlier = self.graph.get_mentions(ids)
        linked_ids: list[str] = []
        by_role: dict[str, list[tuple[str, str]]] = {}
        catalogue: dict[str, list[str]] = {}
        mentions: list[Mention] = []
        for name, mention_id in zip(found, ids, strict=True):
            evidence = replace(
                name.context, co_person_ids=tuple(linked_ids), catalogue=catalogue if name.method == "extract" else {}
            )
            mention = earlier.get(mention_id) or self._resolved_mention(
                name, mention_id, document.id, evidence, resolver, lookup, batch
            )
            mentions.append(mention)
            if mention.person_id:
                linked_ids.append(mention.person_id)
                by_role.setdefault(mention.role.value, []).append((mention.person_id, mention.id))
                if name.method.startswith("catalogue"):
                    for role in CATALOGUE_ROLES.get(mention.role.value, (mention.role.value,)):
                        catalogue.setdefault(role, []).append(mention.person_id)
        batch.documents = [*batch.documents, document]
        batch.mentions = [*batch.mentions, *mentions]
        batch.relations = [*batch.relations, *_correspondence(by_role)]
        self.summary.documents += 1
        self.summary.mentions += len(mentions)
        for m in mentions:
            if m.status == LinkStatus.QUEUED:
                self.summary.queued += 1
            elif m.person_id:
                self.summary.linked += 1
            else:
                self.summary.unlinked += 1

    def _resolved_mention(
        self,
        name: FoundName,
        mention_id: str,
        document_id: str,
        evidence: MentionContext,
        resolver: Resolver,
        lookup: PendingLookup,
        batch: GraphBatch,
    ) -> Mention:
        """A new mention, resolved now (a mention stored by an earlier run keeps its decision)."""
        with self.summary.stage("resolve"):
            resolution = resolver.resolve(evidence)
        return Mention(
            id=mention_id,
            document_id=document_id,
            start=name.start,
            end=name.end,
            surface=name.text,
            person_id=self._apply(resolution, name.context, lookup, batch),
            role=MentionRole(name.context.role),
            method=name.method,
            confidence=round(resolution.score, 3),
            status=_status(resolution),
            features=_features(resolution, name.method),
        )

    def _apply(
        self, resolution: Resolution, context: MentionContext, lookup: PendingLookup, batch: GraphBatch
    ) -> str | None:
        if resolution.decision == "link":
            return resolution.person_id
        if resolution.decision != "new":
            return None
        key = name_key(context.surface)
        person = Person(stable_id("p", "auto", key), key, status="auto")
        names = [build_name(person.id, key, NameType.GIVEN, preferred=True)]
        lookup.add(person, names)
        batch.persons = [*batch.persons, person]
        batch.names = [*batch.names, *names]
        self.summary.persons_created += 1
        return person.id

    def _finish(self) -> None:
        if not self.dry_run:
            self.search.refresh()


def _median_year(dates: list[dict[str, Any]]) -> int | None:
    """An undated document (a chronicle, a diary) is dated for resolution by the years in its text."""
    years = sorted(d["year"] for d in dates if d.get("year") and not d.get("error"))
    return years[len(years) // 2] if years else None


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
