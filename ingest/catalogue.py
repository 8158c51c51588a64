"""The union catalogue over the graph: genealogy records of every library → works with holdings.

Reads every genealogy catalogue record, runs the match rule (authority.union_catalogue), and
writes one work document per edition (holdings, doubtful pairs, same-library duplicates),
each record pointing at its work. Idempotent: work ids come from the works' normalised keys,
and works that no longer exist are deleted. Curators' decisions on pairs are kept on the
records (``union_decisions``) and win over the rule on every later run.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from zhiren.authority.catalogue_match import CatalogueRecord, MatchDecision, Outcome
from zhiren.authority.model import Document, DocumentKind
from zhiren.authority.union_catalogue import Work, union
from zhiren.errors import InputError
from zhiren.store.derived import SEARCH
from zhiren.store.graph.base import GraphBatch, GraphStore, outbox_ids
from zhiren.store.search.base import SearchIndex
from zhiren.store.search.entries import document_entry

GENEALOGY_COLLECTION = "家谱"
DECISIONS_KEY = "union_decisions"


@dataclass
class UnionSummary:
    records: int = 0
    works: int = 0
    shared: int = 0  # works held by more than one library
    doubtful: int = 0
    same_library: int = 0
    removed: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"records {self.records}  works {self.works}  held by several libraries {self.shared}  "
            f"doubtful pairs for review {self.doubtful}  same-library duplicates {self.same_library}  "
            f"stale works removed {len(self.removed)}"
        )


def genealogy_records(graph: GraphStore) -> list[Document]:
    return [
        d
        for batch in graph.iter_documents(kind=DocumentKind.RECORD)
        for d in batch
        if d.collection == GENEALOGY_COLLECTION
    ]


def _catalogue_record(document: Document) -> CatalogueRecord:
    return replace(CatalogueRecord.from_row({**document.meta, "题名": document.title}), id=document.id)


def _decided(records: list[Document]) -> dict[frozenset[str], Outcome]:
    return {
        frozenset((record.id, other)): Outcome(outcome)
        for record in records
        for other, outcome in record.meta.get(DECISIONS_KEY, {}).items()
    }


def _decision_json(decision: MatchDecision, titles: dict[str, str]) -> dict[str, Any]:
    return {**decision.to_json(), "a_title": titles.get(decision.a, ""), "b_title": titles.get(decision.b, "")}


def _work_document(work: Work, records: dict[str, Document]) -> Document:
    first = records[work.records[0]]
    titles = {rid: records[rid].title for rid in records}
    libraries = [h.library or "?" for h in work.holdings]
    return Document(
        work.id,
        DocumentKind.WORK,
        first.title,
        f"{len(work.holdings)} holding(s): {'、'.join(libraries)}",
        collection=GENEALOGY_COLLECTION,
        meta={
            "key": work.key,
            "holdings": [{"library": h.library, "records": list(h.records)} for h in work.holdings],
            "doubtful": [_decision_json(d, titles) for d in work.doubtful],
            "same_library": [_decision_json(d, titles) for d in work.same_library],
        },
    )


def build_union(graph: GraphStore, search: SearchIndex, *, dry_run: bool = False) -> UnionSummary:
    """Recompute every work from the records (and curators' decisions) and store the result."""
    records = genealogy_records(graph)
    by_id = {r.id: r for r in records}
    works = union([_catalogue_record(r) for r in records], _decided(records))
    documents = [_work_document(w, by_id) for w in works]
    linked = [replace(by_id[rid], meta={**by_id[rid].meta, "work": work.id}) for work in works for rid in work.records]
    old = {d.id for batch in graph.iter_documents(kind=DocumentKind.WORK) for d in batch}
    summary = UnionSummary(
        records=len(records),
        works=len(works),
        shared=sum(len(w.holdings) > 1 for w in works),
        doubtful=sum(len(w.doubtful) for w in works),
        same_library=sum(len(w.same_library) for w in works),
        removed=sorted(old - {w.id for w in works}),
    )
    if not dry_run:
        # Pending for the search index until it took the works in (store/derived.py): a run
        # killed before that leaves them for the next ingest or `zhiren reindex --pending`.
        batch = GraphBatch(documents=[*documents, *linked], pending_for=(SEARCH,))
        graph.write(batch)
        if summary.removed:
            graph.delete_documents(summary.removed)
            search.delete(summary.removed)
        search.index([document_entry(d, []) for d in documents])
        search.refresh()
        graph.clear_pending(SEARCH, outbox_ids(batch))
    return summary


def doubtful_pairs(graph: GraphStore) -> list[dict[str, Any]]:
    """The review queue's catalogue part: pairs the rule could not decide, with the features it weighed."""
    return [
        pair for batch in graph.iter_documents(kind=DocumentKind.WORK) for d in batch for pair in d.meta["doubtful"]
    ]


def _record(graph: GraphStore, record_id: str) -> Document:
    document, _ = graph.get_document(record_id)
    if document.kind != DocumentKind.RECORD or document.collection != GENEALOGY_COLLECTION:
        raise InputError(f"{record_id} is not a genealogy catalogue record", field="record")
    return document


def decide_pair(graph: GraphStore, a: str, b: str, outcome: Outcome) -> None:
    """Store a curator's decision on both records (the next union honours it)."""
    if a == b:
        raise InputError("a record is always its own work", field="record")
    first, second = _record(graph, a), _record(graph, b)
    updated = [
        replace(x, meta={**x.meta, DECISIONS_KEY: {**x.meta.get(DECISIONS_KEY, {}), y.id: outcome.value}})
        for x, y in ((first, second), (second, first))
    ]
    graph.write(GraphBatch(documents=updated))
